// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCEPT, DB_NAME, createBrowserPlatform } from './browserPlatform.ts';
import { PACK_LIMITS, type DesktopApi } from './desktop-api.ts';

function fresh(now: () => number = () => 1000): { api: DesktopApi; idb: IDBFactory } {
  const idb = new IDBFactory();
  return { api: createBrowserPlatform({ indexedDB: idb, now }), idb };
}

/** Writes a raw record straight into the database, as a torn write or another program would. */
async function writeRaw(idb: IDBFactory, store: string, key: string, value: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = idb.open(DB_NAME);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('browser platform storage (IndexedDB)', () => {
  it('puts, gets, lists and removes documents', async () => {
    let t = 1000;
    const { api } = fresh(() => t);
    expect(api.kind).toBe('browser');
    expect(await api.get('autosave', 'run-1')).toBeNull();
    await api.put('autosave', 'run-1', { seed: 7, actions: [1, 2] });
    t = 2000;
    await api.put('autosave', 'run-2', { seed: 8 });
    await api.put('prefs', 'speed', 5);

    expect(await api.get('autosave', 'run-1')).toEqual({ ok: true, value: { seed: 7, actions: [1, 2] } });
    expect(await api.get('prefs', 'speed')).toEqual({ ok: true, value: 5 });
    const listed = await api.list('autosave');
    expect(listed.map((i) => i.key)).toEqual(['run-2', 'run-1']); // newest first
    expect(listed[1]).toEqual({ key: 'run-1', updatedAt: 1000, bytes: JSON.stringify({ seed: 7, actions: [1, 2] }).length });
    expect(await api.list('finished')).toEqual([]);

    await api.remove('autosave', 'run-1');
    expect(await api.get('autosave', 'run-1')).toBeNull();
    expect((await api.list('autosave')).map((i) => i.key)).toEqual(['run-2']);
  });

  it('survives a new platform on the same database (a page reload)', async () => {
    const { api, idb } = fresh();
    await api.put('finished', 'a', { score: 81 });
    const again = createBrowserPlatform({ indexedDB: idb });
    expect(await again.get('finished', 'a')).toEqual({ ok: true, value: { score: 81 } });
  });

  it('overwrites a key with the newer value', async () => {
    const { api } = fresh();
    await api.put('drafts', 'd', { v: 1 });
    await api.put('drafts', 'd', { v: 2 });
    expect(await api.get('drafts', 'd')).toEqual({ ok: true, value: { v: 2 } });
    expect(await api.list('drafts')).toHaveLength(1);
  });

  it('reports a corrupt document, keeps it, and quarantines it to <key>.corrupt-N', async () => {
    const { api, idb } = fresh();
    await api.put('autosave', 'run', { ok: 1 });
    await writeRaw(idb, 'autosave', 'run', { text: '{"torn": ', updatedAt: 5 });
    const got = await api.get('autosave', 'run');
    expect(got).toMatchObject({ ok: false, error: { key: 'run' } });
    expect(got && !got.ok && got.error.message).toMatch(/not valid JSON/);
    // Kept, not overwritten by reading.
    expect((await api.list('autosave')).map((i) => i.key)).toEqual(['run']);

    expect(await api.quarantine('autosave', 'run')).toBe('autosave/run.corrupt-1');
    expect(await api.get('autosave', 'run')).toBeNull();
    const moved = await api.get('autosave', 'run.corrupt-1');
    expect(moved?.ok).toBe(false);

    // A second corrupt copy gets the next number; the first stays.
    await writeRaw(idb, 'autosave', 'run', { text: 'nope', updatedAt: 6 });
    expect(await api.quarantine('autosave', 'run')).toBe('autosave/run.corrupt-2');
    expect((await api.list('autosave')).map((i) => i.key).sort()).toEqual(['run.corrupt-1', 'run.corrupt-2']);
  });

  it('reports a record of a foreign shape as unreadable', async () => {
    const { api, idb } = fresh();
    await api.list('prefs'); // creates the database
    await writeRaw(idb, 'prefs', 'odd', 42);
    expect(await api.get('prefs', 'odd')).toEqual({ ok: false, error: { key: 'odd', message: 'not a Firedrill document (unexpected record shape)' } });
    expect(await api.list('prefs')).toEqual([{ key: 'odd', updatedAt: 0, bytes: 0 }]);
  });

  it('refuses to quarantine a missing key and leaves the store unchanged', async () => {
    const { api } = fresh();
    await api.put('autosave', 'x', 1);
    await expect(api.quarantine('autosave', 'missing')).rejects.toThrow(/nothing stored under autosave\/missing/);
    expect((await api.list('autosave')).map((i) => i.key)).toEqual(['x']);
  });

  it('validates keys and store names', async () => {
    const { api } = fresh();
    for (const key of ['', '../x', 'a/b', 'a b', 'x'.repeat(129), 'é']) {
      await expect(api.put('prefs', key, 1)).rejects.toThrow(/invalid store key/);
      await expect(api.get('prefs', key)).rejects.toThrow(/invalid store key/);
      await expect(api.remove('prefs', key)).rejects.toThrow(/invalid store key/);
      await expect(api.quarantine('prefs', key)).rejects.toThrow(/invalid store key/);
    }
    await expect(api.list('nope' as 'prefs')).rejects.toThrow(/unknown store/);
    await expect(api.put('prefs', 'u', undefined)).rejects.toThrow(/not JSON-serialisable/);
    await api.put('prefs', 'ok_key-1.v2', true);
    expect(await api.get('prefs', 'ok_key-1.v2')).toEqual({ ok: true, value: true });
  });

  it('falls back to memory with one warning when IndexedDB is missing', async () => {
    const warn = vi.fn();
    const api = createBrowserPlatform({ indexedDB: null, warn });
    await api.put('prefs', 'a', 1);
    await api.put('prefs', 'b', 2);
    expect(await api.get('prefs', 'a')).toEqual({ ok: true, value: 1 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/IndexedDB is not available.*kept in memory only/);
  });

  it('falls back to memory when IndexedDB refuses to open', async () => {
    const warn = vi.fn();
    const broken = { open: () => { throw new DOMException('denied', 'InvalidStateError'); } } as unknown as IDBFactory;
    const api = createBrowserPlatform({ indexedDB: broken, warn });
    await api.put('prefs', 'a', 1);
    expect(await api.list('prefs')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('browser platform files', () => {
  function stubPicker(pick: (input: HTMLInputElement) => void): { accepts: string[] } {
    const accepts: string[] = [];
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      accepts.push(this.accept);
      expect(this.isConnected).toBe(true);
      pick(this);
    });
    return { accepts };
  }

  it('opens a picked file with the filter of its kind', async () => {
    const picked = stubPicker((input) => {
      const file = new File(['name: demo\n'], 'demo.yaml', { type: 'application/yaml' });
      Object.defineProperty(input, 'files', { value: [file] });
      input.dispatchEvent(new Event('change'));
    });
    const api = createBrowserPlatform({ indexedDB: new IDBFactory() });
    expect(await api.openFile('scenario')).toEqual({ name: 'demo.yaml', text: 'name: demo\n' });
    expect(picked.accepts).toEqual([ACCEPT.scenario]);
    expect(ACCEPT).toEqual({ scenario: '.yaml,.yml', session: '.json', report: '' });
    expect(document.querySelector('input[type=file]')).toBeNull(); // cleaned up
  });

  it('resolves null when the picker is cancelled', async () => {
    const picked = stubPicker((input) => input.dispatchEvent(new Event('cancel')));
    const api = createBrowserPlatform({ indexedDB: new IDBFactory() });
    expect(await api.openFile('session')).toBeNull();
    expect(picked.accepts).toEqual(['.json']);
    expect(document.querySelector('input[type=file]')).toBeNull();
  });

  it('saves by downloading a blob under the suggested name', async () => {
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:firedrill/1';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    });
    const api = createBrowserPlatform({ indexedDB: new IDBFactory() });
    const res = await api.saveFile({ kind: 'report', suggestedName: 'postmortem.md', text: '# Postmortem\n', mime: 'text/markdown' });
    expect(res.saved).toBe(true);
    expect(res.where).toContain('postmortem.md');
    expect(clicked).toEqual([{ href: 'blob:firedrill/1', download: 'postmortem.md' }]);
    expect(blobs[0]?.type).toBe('text/markdown');
    expect(await blobs[0]?.text()).toBe('# Postmortem\n');
    expect(document.querySelector('a')).toBeNull();

    await api.saveFile({ kind: 'session', suggestedName: '../evil/x.json', text: '{}', mime: 'application/json' });
    expect(clicked[1]?.download).toBe('.._evil_x.json');
  });
});

describe('browser platform scenario packs', () => {
  /** A file as a folder pick gives it: its path below the picked folder's parent. */
  const inFolder = (relative: string, text: string | Uint8Array<ArrayBuffer>): File => {
    const file = new File([text], relative.slice(relative.lastIndexOf('/') + 1));
    Object.defineProperty(file, 'webkitRelativePath', { value: relative });
    return file;
  };

  function stubPicker(files: File[] | 'cancel'): { inputs: { accept: string; directory: boolean; multiple: boolean }[] } {
    const inputs: { accept: string; directory: boolean; multiple: boolean }[] = [];
    vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
      inputs.push({ accept: this.accept, directory: this.hasAttribute('webkitdirectory'), multiple: this.multiple });
      if (files === 'cancel') {
        this.dispatchEvent(new Event('cancel'));
        return;
      }
      Object.defineProperty(this, 'files', { value: files });
      this.dispatchEvent(new Event('change'));
    });
    return { inputs };
  }

  it('reads a picked folder as its YAML files by path inside it, leaving out hidden and other files', async () => {
    const picked = stubPicker([
      inFolder('example/orders.yaml', 'kind: Scenario\n'),
      inFolder('example/shared/topology.yml', 'kind: Fragment\n'),
      inFolder('example/README.md', '# read me'),
      inFolder('example/.git/config.yaml', 'x: 1'),
      inFolder('example/shared/.draft.yaml', 'x: 2'),
    ]);
    const api = createBrowserPlatform({ indexedDB: new IDBFactory() });
    expect(await api.openPack('folder')).toEqual({
      name: 'example',
      files: [
        { path: 'orders.yaml', text: 'kind: Scenario\n' },
        { path: 'shared/topology.yml', text: 'kind: Fragment\n' },
      ],
    });
    expect(picked.inputs).toEqual([{ accept: '', directory: true, multiple: true }]);
    expect(document.querySelector('input[type=file]')).toBeNull();
  });

  it('leaves out a folder file over the size cap, saying why, and refuses a folder over the count cap', async () => {
    stubPicker([inFolder('p/a.yaml', 'a: 1'), inFolder('p/big.yaml', new Uint8Array(PACK_LIMITS.maxFileBytes + 1))]);
    const api = createBrowserPlatform({ indexedDB: new IDBFactory() });
    expect(await api.openPack('folder')).toEqual({ name: 'p', files: [{ path: 'a.yaml', text: 'a: 1' }], skipped: [{ path: 'big.yaml', reason: 'larger than 2 MB, the most a pack file may be' }] });
    vi.restoreAllMocks();
    stubPicker(Array.from({ length: PACK_LIMITS.maxFiles + 1 }, (_, i) => inFolder(`p/s${i}.yaml`, 'a: 1')));
    await expect(api.openPack('folder')).rejects.toThrow(`the folder holds ${PACK_LIMITS.maxFiles + 1} YAML files; a pack may hold at most ${PACK_LIMITS.maxFiles}`);
  });

  it('reads a picked .zip as its bytes, refuses one over the cap, and resolves null on cancel', async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x05, 0x06, 1, 2, 3]);
    const picked = stubPicker([new File([bytes], 'example.zip', { type: 'application/zip' })]);
    const api = createBrowserPlatform({ indexedDB: new IDBFactory() });
    const got = await api.openPack('zip');
    expect(got && 'zip' in got && got.name).toBe('example.zip');
    expect(got && 'zip' in got && [...got.zip]).toEqual([...bytes]);
    expect(picked.inputs).toEqual([{ accept: '.zip,application/zip', directory: false, multiple: false }]);

    vi.restoreAllMocks();
    const huge = new File(['x'], 'huge.zip');
    Object.defineProperty(huge, 'size', { value: PACK_LIMITS.maxZipBytes + 1 });
    stubPicker([huge]);
    await expect(api.openPack('zip')).rejects.toThrow(/^huge\.zip is larger than 20 MB, the most a pack may be$/);

    vi.restoreAllMocks();
    stubPicker('cancel');
    expect(await api.openPack('zip')).toBeNull();
    expect(document.querySelector('input[type=file]')).toBeNull();
  });

  it('adds the library store to a database of the previous version, keeping what it holds', async () => {
    const idb = new IDBFactory();
    const v1 = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = idb.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        for (const name of ['autosave', 'finished', 'drafts', 'prefs']) req.result.createObjectStore(name);
        req.result.createObjectStore('prefs-extra');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = v1.transaction('autosave', 'readwrite');
      tx.objectStore('autosave').put({ text: '{"seed":1}', updatedAt: 3 }, 'run');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    v1.close();
    const api = createBrowserPlatform({ indexedDB: idb });
    await api.put('library', 'example.orders.0000', { format: 'firedrill-library/v1' });
    expect(await api.get('library', 'example.orders.0000')).toEqual({ ok: true, value: { format: 'firedrill-library/v1' } });
    expect(await api.get('autosave', 'run')).toEqual({ ok: true, value: { seed: 1 } });
  });
});
