// Reading a scenario pack the user picked in the desktop app: a folder's YAML files, or a .zip's
// bytes (the worker opens the archive with its own caps). Only regular files under the folder are
// read: symbolic links are never followed (each file is opened with O_NOFOLLOW, so a file swapped
// for a link after the listing is refused too), hidden files and folders are left out, and the
// counts and sizes of PACK_LIMITS are enforced before anything big is read. Paths are relative to
// the folder, with `/`. Node only, no Electron: tested in node.

import { constants } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { PACK_LIMITS, type PickedPack } from '../renderer/src/bridge/desktop-api.ts';

export type PackLimits = { -readonly [K in keyof typeof PACK_LIMITS]: number };

const PACK_FILE = /\.ya?ml$/i;
const mb = (n: number): string => (n < 1024 ? `${n} bytes` : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`);
/** O_NOFOLLOW where the platform has it (not on Windows, where a link is opened as what it is). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function errno(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

/** Reads one regular file of at most `max` bytes (through a link only if `follow`), or says why not. */
async function readRegular(path: string, max: number, follow = false): Promise<{ bytes: Buffer } | { reason: string }> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (follow ? 0 : NOFOLLOW));
  } catch (err) {
    const code = errno(err);
    return { reason: code === 'ELOOP' ? 'a symbolic link, not followed' : `could not be opened (${code})` };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { reason: 'not a regular file' };
    if (st.size > max) return { reason: `larger than ${mb(max)}, the most a pack file may be` };
    const bytes = await handle.readFile();
    // Grown since the stat: still capped.
    if (bytes.length > max) return { reason: `larger than ${mb(max)}, the most a pack file may be` };
    return { bytes };
  } catch (err) {
    return { reason: `could not be read (${errno(err)})` };
  } finally {
    await handle.close();
  }
}

/**
 * The YAML files of the pack folder `root`. Throws (with a message for the user) when the folder
 * breaks a count or total-size cap; files it leaves out one by one are listed in `skipped`.
 */
export async function readPackFolder(root: string, limits: PackLimits = { ...PACK_LIMITS }): Promise<PickedPack> {
  const top = await stat(root);
  if (!top.isDirectory()) throw new Error(`${basename(root)} is not a folder`);
  const found: { path: string; full: string }[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let entries = 0;

  const walk = async (dir: string, rel: string[]): Promise<void> => {
    const list = await readdir(dir, { withFileTypes: true });
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of list) {
      entries += 1;
      if (entries > limits.maxEntries) throw new Error(`${basename(root)} holds more than ${limits.maxEntries} files and folders; a pack is a few scenario files`);
      if (d.name.startsWith('.')) continue;
      const parts = [...rel, d.name];
      const path = parts.join('/');
      if (d.isSymbolicLink()) {
        skipped.push({ path, reason: 'a symbolic link, not followed' });
        continue;
      }
      if (d.isDirectory()) {
        if (parts.length > limits.maxDepth) {
          skipped.push({ path, reason: `more than ${limits.maxDepth} folders deep` });
          continue;
        }
        await walk(join(dir, d.name), parts);
        continue;
      }
      if (!d.isFile() || !PACK_FILE.test(d.name)) continue;
      found.push({ path, full: join(dir, d.name) });
      if (found.length > limits.maxFiles) throw new Error(`${basename(root)} holds more than ${limits.maxFiles} YAML files, the most a pack may hold`);
    }
  };
  await walk(root, []);

  const files: { path: string; text: string }[] = [];
  let total = 0;
  for (const f of found) {
    const got = await readRegular(f.full, limits.maxFileBytes);
    if ('reason' in got) {
      skipped.push({ path: f.path, reason: got.reason });
      continue;
    }
    total += got.bytes.length;
    if (total > limits.maxTotalBytes) throw new Error(`the YAML files of ${basename(root)} come to more than ${mb(limits.maxTotalBytes)}, the most a pack may be`);
    let text = got.bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    files.push({ path: f.path, text });
  }
  return { name: basename(root), files, ...(skipped.length > 0 ? { skipped } : {}) };
}

/** The bytes of the pack .zip the user picked (a link to one is theirs to pick), at most `maxZipBytes`. */
export async function readPackZip(path: string, limits: PackLimits = { ...PACK_LIMITS }): Promise<PickedPack> {
  const got = await readRegular(path, limits.maxZipBytes, true);
  if ('reason' in got) throw new Error(`${basename(path)}: ${got.reason.replace('a pack file', 'a pack')}`);
  // A copy of exactly these bytes: a Buffer may be a view into a larger shared slab, and IPC would
  // send all of it.
  return { name: basename(path), zip: new Uint8Array(got.bytes) };
}
