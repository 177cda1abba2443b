import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore, writeFileAtomic } from './fileStore.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'firedrill-store-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('file store', () => {
  it('writes <root>/<store>/<key>.json and reads it back', async () => {
    const s = createFileStore(root);
    expect(await s.get('autosave', 'run-1')).toBeNull();
    expect(await s.list('autosave')).toEqual([]);
    await s.put('autosave', 'run-1', { seed: 7, actions: [{ at: 30, type: 'ack' }] });
    expect(await readFile(join(root, 'autosave', 'run-1.json'), 'utf8')).toBe('{"seed":7,"actions":[{"at":30,"type":"ack"}]}');
    expect(await s.get('autosave', 'run-1')).toEqual({ ok: true, value: { seed: 7, actions: [{ at: 30, type: 'ack' }] } });
    await s.put('autosave', 'run-1', { seed: 8 });
    expect(await s.get('autosave', 'run-1')).toEqual({ ok: true, value: { seed: 8 } });
    // No temp files left behind by the atomic writes.
    expect(await readdir(join(root, 'autosave'))).toEqual(['run-1.json']);
  });

  it('lists newest first with sizes, ignoring foreign and temp files', async () => {
    const s = createFileStore(root);
    await s.put('finished', 'a', { n: 1 });
    await s.put('finished', 'b', { n: 22 });
    await utimes(join(root, 'finished', 'a.json'), 1_700_000_000, 1_700_000_000);
    await utimes(join(root, 'finished', 'b.json'), 1_700_000_100, 1_700_000_100);
    await writeFile(join(root, 'finished', 'notes.txt'), 'hi');
    await writeFile(join(root, 'finished', '.b.json.123.abc.tmp'), '{');
    await writeFile(join(root, 'finished', 'bad name.json'), '{}');
    await mkdir(join(root, 'finished', 'dir.json'));
    expect(await s.list('finished')).toEqual([
      { key: 'b', updatedAt: 1_700_000_100_000, bytes: '{"n":22}'.length },
      { key: 'a', updatedAt: 1_700_000_000_000, bytes: '{"n":1}'.length },
    ]);
  });

  it('removes documents, and removing a missing one is not an error', async () => {
    const s = createFileStore(root);
    await s.put('drafts', 'd', 1);
    await s.remove('drafts', 'd');
    await s.remove('drafts', 'd');
    expect(await s.get('drafts', 'd')).toBeNull();
  });

  it('reports a corrupt document without touching it, then quarantines it by renaming', async () => {
    const s = createFileStore(root);
    await s.put('autosave', 'run', { ok: true });
    await writeFile(join(root, 'autosave', 'run.json'), '{"torn": ');
    const got = await s.get('autosave', 'run');
    expect(got).toMatchObject({ ok: false, error: { key: 'run' } });
    expect(got && !got.ok && got.error.message).toMatch(/^not valid JSON/);
    expect(await readFile(join(root, 'autosave', 'run.json'), 'utf8')).toBe('{"torn": ');

    expect(await s.quarantine('autosave', 'run')).toBe('autosave/run.corrupt-1');
    expect(await s.get('autosave', 'run')).toBeNull();
    expect(await readFile(join(root, 'autosave', 'run.corrupt-1.json'), 'utf8')).toBe('{"torn": ');

    await writeFile(join(root, 'autosave', 'run.json'), 'garbage');
    expect(await s.quarantine('autosave', 'run')).toBe('autosave/run.corrupt-2');
    expect((await readdir(join(root, 'autosave'))).sort()).toEqual(['run.corrupt-1.json', 'run.corrupt-2.json']);
    // A new session can now be written under the key.
    await s.put('autosave', 'run', { fresh: true });
    expect(await s.get('autosave', 'run')).toEqual({ ok: true, value: { fresh: true } });
  });

  it('refuses to quarantine what does not exist', async () => {
    const s = createFileStore(root);
    await expect(s.quarantine('autosave', 'nope')).rejects.toThrow('nothing stored under autosave/nope');
  });

  it('validates store names and keys before touching the disk', async () => {
    const s = createFileStore(join(root, 'stores'));
    for (const key of ['..', '../x', 'a/b', 'a\\b', '', 'k'.repeat(129), 'x\0y']) {
      if (key === '..') continue; // a valid key: stored as "...json", inside the folder
      await expect(s.put('prefs', key, 1)).rejects.toThrow(/invalid store key/);
      await expect(s.get('prefs', key)).rejects.toThrow(/invalid store key/);
    }
    await expect(s.list('../etc' as 'prefs')).rejects.toThrow(/unknown store/);
    await expect(s.put('prefs', 'u', undefined)).rejects.toThrow(/not JSON-serialisable/);
    await s.put('prefs', '..', 'dots');
    expect(await readdir(join(root, 'stores', 'prefs'))).toEqual(['...json']);
    expect(await s.get('prefs', '..')).toEqual({ ok: true, value: 'dots' });
  });

  it('writes atomically: the target is replaced whole and temp files are cleaned up', async () => {
    const path = join(root, 'x.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(root)).toEqual(['x.json']);
    await expect(writeFileAtomic(join(root, 'missing-dir', 'y.json'), 'z')).rejects.toThrow();
  });
});
