// The platform in a plain browser (`npm run serve`, or `npm start` without an Electron binary):
// documents in IndexedDB, files picked with a file input and saved as downloads.

import { createMemoryPlatform } from './memoryPlatform.ts';
import { PACK_LIMITS, STORE_KEY, STORE_NAMES, type DesktopApi, type FileKind, type PackSource, type PickedFile, type PickedPack, type SaveRequest, type SaveResult, type StoreName, type StoredItem } from './desktop-api.ts';

/** The IndexedDB database; one object store per `StoreName` (version 2 added `library`). */
export const DB_NAME = 'firedrill';
export const DB_VERSION = 2;

/**
 * One stored document: the JSON text as written (so a document that no longer parses is still
 * there to report and keep) and the wall-clock time of the write. Keys are out of line.
 */
export interface StoredRecord {
  text: string;
  updatedAt: number;
}

export interface BrowserPlatformOptions {
  /** The IndexedDB factory; `globalThis.indexedDB` by default (tests pass a fresh one). */
  indexedDB?: IDBFactory | null;
  /** Wall clock for `updatedAt`; `Date.now` by default. */
  now?: () => number;
  /** Where the one-time warning about the memory fallback goes; `console.warn` by default. */
  warn?: (message: string) => void;
}

/** What the file input accepts for each kind of file. */
export const ACCEPT: Record<FileKind, string> = {
  scenario: '.yaml,.yml',
  session: '.json',
  report: '',
};

type Storage = Pick<DesktopApi, 'put' | 'get' | 'list' | 'remove' | 'quarantine'>;

/**
 * The browser implementation of `DesktopApi`.
 *
 * Storage falls back to memory when IndexedDB is missing or refuses to open (private windows of
 * some browsers, storage disabled by policy): the app still works, but nothing outlives the tab.
 * The fallback is announced once with a console warning that says so; it never fails silently.
 */
export function createBrowserPlatform(options: BrowserPlatformOptions = {}): DesktopApi {
  const now = options.now ?? (() => Date.now());
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const factory = options.indexedDB === undefined ? (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? null : options.indexedDB;

  let storage: Promise<Storage> | null = null;
  const backend = (): Promise<Storage> => {
    storage ??= openDb(factory).then(
      (db) => idbStorage(db, now),
      (err: unknown) => {
        warn(`Firedrill: IndexedDB is not available (${describe(err)}); sessions and settings are kept in memory only and are lost when this tab closes.`);
        return createMemoryPlatform(now);
      },
    );
    return storage;
  };

  return {
    kind: 'browser',
    openFile: (kind) => pickFile(kind),
    openPack: (source) => pickPack(source),
    saveFile: async (request) => download(request),
    put: async (store, key, value) => {
      check(store, key);
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) throw new Error(`cannot store ${store}/${key}: the value is not JSON-serialisable`);
      return (await backend()).put(store, key, value);
    },
    get: async (store, key) => {
      check(store, key);
      return (await backend()).get(store, key);
    },
    list: async (store) => {
      check(store);
      return (await backend()).list(store);
    },
    remove: async (store, key) => {
      check(store, key);
      return (await backend()).remove(store, key);
    },
    quarantine: async (store, key) => {
      check(store, key);
      return (await backend()).quarantine(store, key);
    },
  };
}

function check(store: StoreName, key?: string): void {
  if (!STORE_NAMES.includes(store)) throw new Error(`unknown store "${String(store)}"`);
  if (key !== undefined && !STORE_KEY.test(key)) throw new Error(`invalid store key "${key}"`);
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof DOMException !== 'undefined' && err instanceof DOMException) return err.message || err.name;
  return String(err);
}

function openDb(factory: IDBFactory | null): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (!factory) {
      reject(new Error('this browser has no indexedDB'));
      return;
    }
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(DB_NAME, DB_VERSION);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const name of STORE_NAMES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema later: step aside rather than block it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
    req.onblocked = () => reject(new Error('the database is blocked by another tab with an older version open'));
  });
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function finished(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function isRecord(value: unknown): value is StoredRecord {
  return typeof value === 'object' && value !== null && typeof (value as StoredRecord).text === 'string' && typeof (value as StoredRecord).updatedAt === 'number';
}

const encoder = new TextEncoder();

function idbStorage(db: IDBDatabase, now: () => number): Storage {
  return {
    async put(store, key, value) {
      const record: StoredRecord = { text: JSON.stringify(value), updatedAt: now() };
      const tx = db.transaction(store, 'readwrite');
      tx.objectStore(store).put(record, key);
      await finished(tx);
    },

    async get(store, key) {
      const tx = db.transaction(store, 'readonly');
      const raw: unknown = await done(tx.objectStore(store).get(key));
      if (raw === undefined) return null;
      if (!isRecord(raw)) return { ok: false, error: { key, message: 'not a Firedrill document (unexpected record shape)' } };
      try {
        return { ok: true, value: JSON.parse(raw.text) as unknown };
      } catch (err) {
        return { ok: false, error: { key, message: `not valid JSON: ${describe(err)}` } };
      }
    },

    async list(store) {
      const tx = db.transaction(store, 'readonly');
      const os = tx.objectStore(store);
      const [keys, values] = await Promise.all([done(os.getAllKeys()), done(os.getAll())]);
      const out: StoredItem[] = [];
      keys.forEach((k, i) => {
        if (typeof k !== 'string') return;
        const v: unknown = values[i];
        out.push(isRecord(v) ? { key: k, updatedAt: v.updatedAt, bytes: encoder.encode(v.text).length } : { key: k, updatedAt: 0, bytes: 0 });
      });
      return out.sort((a, b) => b.updatedAt - a.updatedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async remove(store, key) {
      const tx = db.transaction(store, 'readwrite');
      tx.objectStore(store).delete(key);
      await finished(tx);
    },

    async quarantine(store, key) {
      // One transaction: the copy and the delete happen together or not at all.
      const tx = db.transaction(store, 'readwrite');
      const os = tx.objectStore(store);
      const ended = finished(tx);
      const raw: unknown = await done(os.get(key));
      if (raw === undefined) {
        tx.abort();
        await ended.catch(() => undefined);
        throw new Error(`nothing stored under ${store}/${key}`);
      }
      const taken = new Set((await done(os.getAllKeys())).filter((k): k is string => typeof k === 'string'));
      let n = 1;
      while (taken.has(`${key}.corrupt-${n}`)) n++;
      const to = `${key}.corrupt-${n}`;
      if (!STORE_KEY.test(to)) {
        tx.abort();
        await ended.catch(() => undefined);
        throw new Error(`cannot quarantine ${store}/${key}: the key is too long for a quarantine name`);
      }
      os.put(raw, to);
      os.delete(key);
      await ended;
      return `${store}/${to}`;
    },
  };
}

/**
 * Shows a hidden file input (set up by `configure`) and resolves with what `read` makes of the
 * picked files, or null when the user cancels (the input's `cancel` event, supported by current
 * Chromium, Firefox and Safari). Must be called while handling the user's click: browsers open
 * pickers only then.
 */
function pick<T>(configure: (input: HTMLInputElement) => void, read: (files: File[]) => Promise<T | null>): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    configure(input);
    input.hidden = true;
    input.setAttribute('aria-hidden', 'true');
    input.tabIndex = -1;
    const cleanup = (): void => input.remove();
    input.addEventListener('cancel', () => {
      cleanup();
      resolve(null);
    }, { once: true });
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      cleanup();
      read(files).then(resolve, (err: unknown) => reject(err instanceof Error ? err : new Error(describe(err))));
    }, { once: true });
    document.body.append(input);
    input.click();
  });
}

/** Opens the browser's file picker for one file of `kind`. */
function pickFile(kind: FileKind): Promise<PickedFile | null> {
  return pick(
    (input) => {
      if (ACCEPT[kind]) input.accept = ACCEPT[kind];
    },
    async ([file]) => {
      if (!file) return null;
      try {
        return { name: file.name, text: await file.text() };
      } catch (err) {
        throw new Error(`could not read ${file.name}: ${describe(err)}`);
      }
    },
  );
}

const PACK_FILE = /\.ya?ml$/i;
const mb = (n: number): string => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Opens the picker for a scenario pack: a folder (`webkitdirectory`, every browser in use) read
 * as its YAML files by path inside the folder, or a .zip read as bytes for the worker to open.
 * Hidden files and folders are left out, as the .zip reader does; the caps are `PACK_LIMITS`.
 */
function pickPack(source: PackSource): Promise<PickedPack | null> {
  if (source === 'zip') {
    return pick(
      (input) => {
        input.accept = '.zip,application/zip';
      },
      async ([file]) => {
        if (!file) return null;
        if (file.size > PACK_LIMITS.maxZipBytes) throw new Error(`${file.name} is larger than ${mb(PACK_LIMITS.maxZipBytes)}, the most a pack may be`);
        try {
          return { name: file.name, zip: new Uint8Array(await file.arrayBuffer()) };
        } catch (err) {
          throw new Error(`could not read ${file.name}: ${describe(err)}`);
        }
      },
    );
  }
  return pick(
    (input) => {
      input.webkitdirectory = true;
      input.setAttribute('webkitdirectory', '');
      input.multiple = true;
    },
    (files) => readFolder(files),
  );
}

/** The YAML files of a picked folder, by path inside it (`webkitRelativePath` less the folder). */
export async function readFolder(picked: readonly File[]): Promise<PickedPack> {
  if (picked.length === 0) throw new Error('the folder you picked holds no files');
  if (picked.length > PACK_LIMITS.maxEntries) throw new Error(`the folder holds ${picked.length} files; a pack may hold at most ${PACK_LIMITS.maxEntries}`);
  let name = '';
  const chosen: { path: string; file: File }[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const file of picked) {
    const parts = (file.webkitRelativePath || file.name).split('/');
    // The first part is the picked folder itself.
    const top = parts.length > 1 ? parts.shift() ?? '' : '';
    if (!name) name = top;
    const path = parts.join('/');
    if (!PACK_FILE.test(path) || parts.some((p) => p.startsWith('.'))) continue;
    if (parts.length - 1 > PACK_LIMITS.maxDepth) {
      skipped.push({ path, reason: `more than ${PACK_LIMITS.maxDepth} folders deep` });
      continue;
    }
    if (file.size > PACK_LIMITS.maxFileBytes) {
      skipped.push({ path, reason: `larger than ${mb(PACK_LIMITS.maxFileBytes)}, the most a pack file may be` });
      continue;
    }
    chosen.push({ path, file });
  }
  if (chosen.length > PACK_LIMITS.maxFiles) throw new Error(`the folder holds ${chosen.length} YAML files; a pack may hold at most ${PACK_LIMITS.maxFiles}`);
  const total = chosen.reduce((n, c) => n + c.file.size, 0);
  if (total > PACK_LIMITS.maxTotalBytes) throw new Error(`the folder's YAML files come to more than ${mb(PACK_LIMITS.maxTotalBytes)}, the most a pack may be`);
  const files: { path: string; text: string }[] = [];
  for (const { path, file } of chosen.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    try {
      files.push({ path, text: await file.text() });
    } catch (err) {
      skipped.push({ path, reason: `could not be read: ${describe(err)}` });
    }
  }
  return { name: name || 'pack', files, ...(skipped.length > 0 ? { skipped } : {}) };
}

/** Saves by downloading: the browser decides the folder (usually Downloads) or asks. */
function download(request: SaveRequest): SaveResult {
  const name = request.suggestedName.replace(/[/\\:\u0000-\u001f]/g, '_') || 'firedrill-download';
  const url = URL.createObjectURL(new Blob([request.text], { type: request.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by now in every browser, but some read the blob lazily.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { saved: true, where: `your downloads folder (${name})` };
}
