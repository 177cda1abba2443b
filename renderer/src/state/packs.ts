// Scenarios imported from packs: one document per scenario in the platform's `library` store,
// holding the scenario as one self-contained YAML text (extends and include applied by the
// worker's pack/load), so it opens like any scenario file. Importing a pack again replaces the
// scenarios imported from it before (matched by pack name); unreadable documents are kept.

import type { DesktopApi } from '../bridge/desktop-api.ts';
import type { PackLoadResult } from '../worker/protocol.ts';
import { readStore, type DocRead, type StoredEntry } from './records.ts';
import type { ScenarioSource } from './store.ts';

export const LIBRARY_FORMAT = 'firedrill-library/v1';

export interface LibraryDoc {
  format: typeof LIBRARY_FORMAT;
  /** Its key in the library store. */
  key: string;
  /** The pack it came from (the folder's name, or the .zip's without ".zip"). */
  pack: string;
  /** The scenario file inside the pack. */
  path: string;
  id: string;
  title: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  /** The pack files it was built from, the scenario file first. */
  files: string[];
  /** The scenario as one self-contained YAML file. */
  text: string;
  /** Wall-clock milliseconds of the import. */
  importedAt: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DIFFICULTIES = new Set(['beginner', 'intermediate', 'advanced']);

export function readLibraryDoc(value: unknown): DocRead<LibraryDoc> {
  if (!isObj(value)) return { ok: false, message: 'not a JSON object' };
  if (value.format !== LIBRARY_FORMAT) return { ok: false, message: `unknown format ${JSON.stringify(value.format ?? null)} (expected "${LIBRARY_FORMAT}")` };
  for (const field of ['key', 'pack', 'path', 'id', 'title', 'text'] as const) {
    if (typeof value[field] !== 'string') return { ok: false, message: `${field} missing` };
  }
  if (!DIFFICULTIES.has(value.difficulty as string)) return { ok: false, message: 'difficulty missing' };
  if (typeof value.importedAt !== 'number') return { ok: false, message: 'importedAt missing' };
  const files = Array.isArray(value.files) ? value.files.filter((f): f is string => typeof f === 'string') : [];
  return { ok: true, doc: { ...(value as unknown as LibraryDoc), files } };
}

/** Every imported scenario by pack and path, then every unreadable document (kept as it is). */
export async function readLibrary(platform: DesktopApi): Promise<StoredEntry<LibraryDoc>[]> {
  const entries = await readStore(platform, 'library', readLibraryDoc);
  const sortKey = (e: StoredEntry<LibraryDoc>) => (e.ok ? `${e.doc.pack}\u0000${e.doc.path}` : `\uffff${e.key}`);
  return entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

/** How an imported scenario opens: as a file named `<pack>/<path>` (in messages and saved runs). */
export function sourceOf(doc: LibraryDoc): ScenarioSource {
  return { kind: 'file', file: `${doc.pack}/${doc.path}`, text: doc.text };
}

/** FNV-1a, 32 bits, as 8 hex digits: keeps keys of different packs and paths apart after slugging. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const slug = (text: string, max: number): string => text.replace(/\.ya?ml$/i, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max) || 'x';

/** The store key of a pack's scenario: readable, file-name safe, and distinct per pack and path. */
export function libraryKey(pack: string, path: string): string {
  return `${slug(pack, 40)}.${slug(path, 60)}.${hash(`${pack}\u0000${path}`)}`;
}

export interface ImportOutcome {
  /** The documents written, one per scenario that loaded. */
  added: LibraryDoc[];
  /** Scenarios of this pack imported before and now replaced (or gone from it). */
  replaced: number;
  /** Scenarios of this pack imported before and kept, because none of the pack's scenarios loaded this time. */
  kept: number;
}

/**
 * Stores the scenarios of a pack that loaded, replacing what was imported from a pack of the same
 * name before. When none loaded, nothing is written and earlier imports stay as they were. New
 * documents are written before old ones are removed, so a failure midway loses nothing.
 */
export async function importPack(platform: DesktopApi, result: Extract<PackLoadResult, { ok: true }>, now: number): Promise<ImportOutcome> {
  const before = (await readLibrary(platform)).filter((e): e is StoredEntry<LibraryDoc> & { ok: true } => e.ok && e.doc.pack === result.pack);
  const added: LibraryDoc[] = [];
  for (const s of result.scenarios) {
    if (!s.ok || !s.info || s.text === undefined) continue;
    const key = libraryKey(result.pack, s.path);
    added.push({ format: LIBRARY_FORMAT, key, pack: result.pack, path: s.path, id: s.info.id, title: s.info.title, difficulty: s.info.difficulty, files: s.files, text: s.text, importedAt: now });
  }
  if (added.length === 0) return { added, replaced: 0, kept: before.length };
  for (const doc of added) await platform.put('library', doc.key, doc);
  const written = new Set(added.map((d) => d.key));
  for (const old of before) if (!written.has(old.key)) await platform.remove('library', old.key);
  return { added, replaced: before.length, kept: 0 };
}
