// A scenario pack as one .zip file: its YAML files as pack path → text, for loadPack. Archives
// come from anyone, so every size is capped before it costs anything: the archive, the number of
// entries, each file's and the total uncompressed size. Sizes written in the archive are not
// trusted: data is inflated in small slices and inflation stops as soon as a cap is passed, so
// a "zip bomb" costs at most the cap. Reads the central directory itself (no ZIP64, no
// encryption: neither is needed for a few YAML files) and inflates with fflate (pure JS).

import { Inflate, strFromU8 } from 'fflate';
import { MAX_SCENARIO_BYTES } from '../scenario/load.ts';
import { isPackFile, normalisePackPath } from './paths.ts';

export interface ZipLimits {
  /** Largest archive accepted, bytes. */
  maxArchiveBytes: number;
  /** Most entries in the central directory (folders and other files included). */
  maxEntries: number;
  /** Most YAML files. */
  maxFiles: number;
  /** Largest YAML file once inflated, bytes. */
  maxFileBytes: number;
  /** Most bytes inflated in all, over every YAML file. */
  maxTotalBytes: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 20 * 1024 * 1024,
  maxEntries: 2000,
  maxFiles: 500,
  maxFileBytes: MAX_SCENARIO_BYTES,
  maxTotalBytes: 20 * 1024 * 1024,
};

export type ZipPackResult =
  | {
      ok: true;
      /** YAML files by pack path: a single top folder that holds everything is stripped. */
      files: Map<string, string>;
      /** YAML entries left out, and why (unsafe path, encrypted, too big, corrupt). */
      skipped: { path: string; reason: string }[];
    }
  | { ok: false; message: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes inflated per step: a deflate stream expands at most ~1032x, so ~1 MB a step. */
const SLICE = 1024;

/** The YAML files of a .zip pack. Never throws. */
export function readZipPack(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): ZipPackResult {
  try {
    return read(bytes, limits);
  } catch (err) {
    return { ok: false, message: `the archive could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function read(bytes: Uint8Array, limits: ZipLimits): ZipPackResult {
  const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (!(bytes instanceof Uint8Array)) return { ok: false, message: 'expected the bytes of a .zip file' };
  if (bytes.length > limits.maxArchiveBytes) return { ok: false, message: `the archive is ${mb(bytes.length)}; a pack may be at most ${mb(limits.maxArchiveBytes)}` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => (at + 2 <= bytes.length ? view.getUint16(at, true) : -1);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : -1);

  let eocd = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return { ok: false, message: 'not a .zip file (no end of central directory)' };
  const count = u16(eocd + 10);
  const cdOffset = u32(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return { ok: false, message: 'ZIP64 archives are not supported; a pack is a few small files' };
  if (count > limits.maxEntries) return { ok: false, message: `the archive has ${count} entries; a pack may have at most ${limits.maxEntries}` };

  const found: { path: string; text: string }[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let total = 0;
  let files = 0;
  let at = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) return { ok: false, message: 'the archive is damaged (central directory entry not found)' };
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const csize = u32(at + 20);
    const usize = u32(at + 24);
    const nameLen = u16(at + 28);
    const extraLen = u16(at + 30);
    const commentLen = u16(at + 32);
    const local = u32(at + 42);
    if (at + 46 + nameLen > bytes.length) return { ok: false, message: 'the archive is damaged (a file name runs past its end)' };
    const rawName = strFromU8(bytes.subarray(at + 46, at + 46 + nameLen), (flags & 0x800) === 0);
    at += 46 + nameLen + extraLen + commentLen;

    const name = rawName.replace(/\\/g, '/');
    if (name.endsWith('/')) continue; // a folder
    if (!isPackFile(name)) continue; // READMEs, images: not part of the pack
    if (name.split('/').some((seg) => seg.startsWith('.') && seg !== '.' && seg !== '..') || name.startsWith('__MACOSX/')) continue;
    const norm = normalisePackPath(name);
    if (!norm.ok) {
      skipped.push({ path: rawName, reason: norm.message });
      continue;
    }
    if ((flags & 1) !== 0) {
      skipped.push({ path: norm.path, reason: 'encrypted' });
      continue;
    }
    if (method !== 0 && method !== 8) {
      skipped.push({ path: norm.path, reason: `compression method ${method} is not supported (use deflate)` });
      continue;
    }
    files += 1;
    if (files > limits.maxFiles) return { ok: false, message: `the archive has more than ${limits.maxFiles} YAML files` };
    if (usize > limits.maxFileBytes) {
      skipped.push({ path: norm.path, reason: `${mb(usize)} uncompressed; a pack file may be at most ${mb(limits.maxFileBytes)}` });
      continue;
    }
    if (u32(local) !== LOCAL) return { ok: false, message: `the archive is damaged (no local header for ${norm.path})` };
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (csize < 0 || start + csize > bytes.length) return { ok: false, message: `the archive is damaged (${norm.path} runs past its end)` };
    const data = bytes.subarray(start, start + csize);
    const room = Math.min(limits.maxFileBytes, limits.maxTotalBytes - total);
    const out = method === 0 ? (data.length <= room ? data : null) : inflateCapped(data, room);
    if (out === 'corrupt') {
      skipped.push({ path: norm.path, reason: 'its compressed data is corrupt' });
      continue;
    }
    if (out === null) {
      if (limits.maxTotalBytes - total < limits.maxFileBytes) return { ok: false, message: `the archive expands to more than ${mb(limits.maxTotalBytes)}` };
      skipped.push({ path: norm.path, reason: `it expands to more than ${mb(limits.maxFileBytes)}, the most a pack file may be` });
      continue;
    }
    total += out.length;
    let text = strFromU8(out);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    found.push({ path: norm.path, text });
  }

  const result = new Map<string, string>();
  const strip = commonFolder(found.map((f) => f.path));
  for (const f of found) {
    const path = strip ? f.path.slice(strip.length + 1) : f.path;
    if (result.has(path)) {
      skipped.push({ path, reason: 'the archive holds this file twice' });
      continue;
    }
    result.set(path, f.text);
  }
  return { ok: true, files: result, skipped };
}

/** Inflates raw deflate data, stopping as soon as more than `cap` bytes come out. */
function inflateCapped(data: Uint8Array, cap: number): Uint8Array | null | 'corrupt' {
  if (data.length === 0) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const inflate = new Inflate((chunk) => {
    if (over) return;
    size += chunk.length;
    if (size > cap) over = true;
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length && !over; i += SLICE) {
      const end = Math.min(data.length, i + SLICE);
      inflate.push(data.subarray(i, end), end === data.length);
    }
  } catch {
    return 'corrupt';
  }
  if (over) return null;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** The one top folder every path is in (a zipped pack folder), if any. */
function commonFolder(paths: string[]): string | undefined {
  if (paths.length === 0) return undefined;
  const first = paths[0]?.split('/')[0];
  if (first === undefined) return undefined;
  return paths.every((p) => p.includes('/') && p.split('/')[0] === first) ? first : undefined;
}
