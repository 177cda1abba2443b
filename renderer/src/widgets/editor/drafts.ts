// Drafts of the scenario editor, kept in the platform store 'drafts' so that no edit is ever
// lost: written a second after the last keystroke and whenever the editor is left, listed when
// the editor opens so any of them can be picked up again.

import type { DesktopApi } from '../../bridge/desktop-api.ts';
import { readStore, type DocRead, type StoredEntry } from '../../state/records.ts';

export const DRAFT_FORMAT = 'firedrill-draft/v1';
/** A draft is written this long after the last edit. */
export const DRAFT_SAVE_MS = 1000;

export interface DraftDoc {
  format: typeof DRAFT_FORMAT;
  key: string;
  /** The file name it is saved as. */
  file: string;
  text: string;
  /** It has changes not saved to a file. */
  dirty: boolean;
  /** metadata.title (or id) read from the text, for the list. */
  title: string;
  savedAt: number;
}

export type DraftEntry = StoredEntry<DraftDoc>;

/** A key for a new draft: file-name safe, unique per editor session. */
export function newDraftKey(nowMs: number): string {
  return `draft-${Math.floor(nowMs).toString(36)}-${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

/** The scenario's title (or id) as the text says it, without parsing the YAML (it may be broken). */
export function draftTitle(text: string, fallback: string): string {
  const title = /^ {2}title:\s*(.+?)\s*$/m.exec(text)?.[1];
  if (title) return title.replace(/^(["'])(.*)\1$/, '$2').slice(0, 200);
  const id = /^ {2}id:\s*([a-z0-9-]+)/m.exec(text)?.[1];
  return id ?? fallback;
}

export function readDraft(value: unknown): DocRead<DraftDoc> {
  if (value === null || typeof value !== 'object') return { ok: false, message: 'not a draft document' };
  const v = value as Record<string, unknown>;
  if (v.format !== DRAFT_FORMAT) return { ok: false, message: `unknown format ${JSON.stringify(v.format)}` };
  if (typeof v.key !== 'string' || typeof v.file !== 'string' || typeof v.text !== 'string' || typeof v.savedAt !== 'number') return { ok: false, message: 'a field is missing or of the wrong type' };
  return {
    ok: true,
    doc: { format: DRAFT_FORMAT, key: v.key, file: v.file, text: v.text, dirty: v.dirty === true, title: typeof v.title === 'string' ? v.title : v.file, savedAt: v.savedAt },
  };
}

export function draftDoc(key: string, file: string, text: string, dirty: boolean, nowMs: number): DraftDoc {
  return { format: DRAFT_FORMAT, key, file, text, dirty, title: draftTitle(text, file), savedAt: nowMs };
}

/** Every draft, newest first; unreadable ones are listed with what is wrong (and left alone). */
export async function listDrafts(platform: DesktopApi): Promise<DraftEntry[]> {
  const out = await readStore(platform, 'drafts', readDraft);
  return out.sort((a, b) => b.updatedAt - a.updatedAt);
}
