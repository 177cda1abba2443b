// The documents the app keeps on this machine (platform stores) and how they are read back:
// anything that is not what we wrote is reported with what is wrong, and left where it is.

import type { Postmortem, Session } from '../../../engine/src/index.ts';
import type { DesktopApi, StoreName } from '../bridge/desktop-api.ts';
import type { GivenHint, PinnedEvidence, ScenarioSource } from './store.ts';

/** The autosave document: enough to resume exactly (the session) and what only the UI knows. */
export interface AutosaveDoc {
  format: 'firedrill-autosave/v1';
  /** Its key in the autosave store: a resumed run keeps saving over it. */
  key: string;
  source: ScenarioSource;
  title: string;
  session: Session;
  pinned: PinnedEvidence[];
  readInjects: string[];
  savedAt: number;
  /** Hints given, with their texts (absent in older autosaves). */
  hints?: GivenHint[];
  /** The postmortem being written in the debrief, once the run reached it. */
  postmortem?: Postmortem;
}

/** A finished session, for the library's best scores and the progress screen. */
export interface FinishedDoc {
  format: 'firedrill-finished/v1';
  key: string;
  scenarioId: string;
  title: string;
  source: ScenarioSource;
  finishedAt: number;
  session: Session;
  /** Overall and per-area points, as scored when the session finished (`max`: each area's most). */
  score: { total: number; grade: string; areas: Record<string, number>; max?: Record<string, number> };
  /** The postmortem written in the debrief, and its rubric total. */
  postmortem?: Postmortem;
  postmortemScore?: { total: number; grade: string };
}

/** A document read back: its own shape checked, or what is wrong with it. */
export type DocRead<T> = { ok: true; doc: T } | { ok: false; message: string };

/** An item of a platform store as listed: its document, or why it could not be read (it is kept as it is). */
export type StoredEntry<T> = { key: string; updatedAt: number } & DocRead<T>;

/**
 * Every item of a store in listing order, each read with `read`: unreadable ones (a torn write, a
 * foreign shape) are listed with the message, never dropped and never rewritten.
 */
export async function readStore<T>(platform: DesktopApi, store: StoreName, read: (value: unknown) => DocRead<T>): Promise<StoredEntry<T>[]> {
  const out: StoredEntry<T>[] = [];
  for (const item of await platform.list(store)) {
    const got = await platform.get(store, item.key);
    if (!got) continue;
    const r: DocRead<T> = got.ok ? read(got.value) : { ok: false, message: got.error.message };
    out.push({ key: item.key, updatedAt: item.updatedAt, ...r });
  }
  return out;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the shape of an autosave document; the session itself is checked by the worker on resume. */
export function readAutosave(value: unknown): DocRead<AutosaveDoc> {
  if (!isObj(value)) return { ok: false, message: 'not a JSON object' };
  if (value.format !== 'firedrill-autosave/v1') return { ok: false, message: `unknown format ${JSON.stringify(value.format ?? null)} (expected "firedrill-autosave/v1")` };
  const src = value.source;
  if (!isObj(src) || typeof src.text !== 'string' || typeof src.file !== 'string' || (src.kind !== 'builtin' && src.kind !== 'file')) return { ok: false, message: 'source: missing the scenario text or file name' };
  if (!isObj(value.session) || value.session.format !== 'firedrill-session/v1') return { ok: false, message: 'session: not a firedrill-session/v1' };
  if (typeof value.key !== 'string' || typeof value.title !== 'string' || typeof value.savedAt !== 'number') return { ok: false, message: 'key, title or savedAt missing' };
  return {
    ok: true,
    doc: {
      ...(value as unknown as AutosaveDoc),
      pinned: Array.isArray(value.pinned) ? (value.pinned as PinnedEvidence[]) : [],
      readInjects: Array.isArray(value.readInjects) ? (value.readInjects as string[]).filter((x) => typeof x === 'string') : [],
    },
  };
}

export function readFinished(value: unknown): DocRead<FinishedDoc> {
  if (!isObj(value)) return { ok: false, message: 'not a JSON object' };
  if (value.format !== 'firedrill-finished/v1') return { ok: false, message: `unknown format ${JSON.stringify(value.format ?? null)} (expected "firedrill-finished/v1")` };
  const score = value.score;
  if (!isObj(score) || typeof score.total !== 'number' || typeof value.scenarioId !== 'string') return { ok: false, message: 'score or scenarioId missing' };
  if (!isObj(score.areas)) return { ok: false, message: 'score.areas missing' };
  if (typeof value.key !== 'string' || typeof value.title !== 'string' || typeof value.finishedAt !== 'number') return { ok: false, message: 'key, title or finishedAt missing' };
  const src = value.source;
  if (!isObj(src) || typeof src.text !== 'string' || typeof src.file !== 'string' || (src.kind !== 'builtin' && src.kind !== 'file')) return { ok: false, message: 'source: missing the scenario text or file name' };
  if (!isObj(value.session) || value.session.format !== 'firedrill-session/v1') return { ok: false, message: 'session: not a firedrill-session/v1' };
  return { ok: true, doc: value as unknown as FinishedDoc };
}
