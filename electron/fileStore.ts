// The desktop app's document stores: `<root>/<store>/<key>.json`, where root is
// `app.getPath('userData')/stores`. Writes are atomic (temp file, fsync, rename), unreadable
// documents are reported and kept, quarantine is a rename. Node only, no Electron: tested in node.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { STORE_KEY, STORE_NAMES, type DesktopApi, type StoreName, type StoredItem } from '../renderer/src/bridge/desktop-api.ts';
import { toStoredText } from './ipc.ts';

export type FileStore = Pick<DesktopApi, 'put' | 'get' | 'list' | 'remove' | 'quarantine'>;

const EXT = '.json';

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * Writes `text` to `path` so that a reader sees the old file or the new one, never half of
 * either: write a temp file next to it, flush it to disk, rename it over the target.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export function createFileStore(root: string): FileStore {
  const dir = (store: StoreName): string => {
    if (!STORE_NAMES.includes(store)) throw new Error(`unknown store "${String(store)}"`);
    return join(root, store);
  };
  const file = (store: StoreName, key: string): string => {
    if (!STORE_KEY.test(key)) throw new Error(`invalid store key "${key}"`);
    return join(dir(store), key + EXT);
  };

  return {
    async put(store, key, value) {
      const path = file(store, key);
      const text = toStoredText(value);
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, text);
    },

    async get(store, key) {
      const path = file(store, key);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if (isErrno(err, 'ENOENT')) return null;
        return { ok: false, error: { key, message: `could not be read: ${err instanceof Error ? err.message : String(err)}` } };
      }
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (err) {
        return { ok: false, error: { key, message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` } };
      }
    },

    async list(store) {
      const folder = dir(store);
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (err) {
        if (isErrno(err, 'ENOENT')) return [];
        throw err;
      }
      const out: StoredItem[] = [];
      for (const name of names) {
        if (!name.endsWith(EXT)) continue;
        const key = name.slice(0, -EXT.length);
        if (!STORE_KEY.test(key)) continue;
        try {
          const st = await stat(join(folder, name));
          if (st.isFile()) out.push({ key, updatedAt: Math.round(st.mtimeMs), bytes: st.size });
        } catch (err) {
          if (!isErrno(err, 'ENOENT')) throw err; // removed while listing
        }
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },

    async remove(store, key) {
      try {
        await unlink(file(store, key));
      } catch (err) {
        if (!isErrno(err, 'ENOENT')) throw err;
      }
    },

    async quarantine(store, key) {
      const from = file(store, key);
      try {
        await stat(from);
      } catch (err) {
        if (isErrno(err, 'ENOENT')) throw new Error(`nothing stored under ${store}/${key}`);
        throw err;
      }
      const taken = new Set(await readdir(dir(store)));
      let n = 1;
      while (taken.has(`${key}.corrupt-${n}${EXT}`)) n++;
      const to = `${key}.corrupt-${n}`;
      if (!STORE_KEY.test(to)) throw new Error(`cannot quarantine ${store}/${key}: the key is too long for a quarantine name`);
      await rename(from, file(store, to));
      return `${store}/${to}`;
    },
  };
}
