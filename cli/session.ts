// Session files: everything needed to reproduce a run bit for bit (scenario, seed, actions,
// duration) plus the state hash it ended with. `record` writes them, `replay` checks them.
// The schema lives here until the engine owns a session format.

import { dirname, relative, sep } from 'node:path';
import { z } from 'zod';
import { ActionSchema, type Action } from '../engine/src/index.ts';
import { parseJson } from './actionsFile.ts';
import type { ScenarioSource } from './scenarios.ts';

export const SESSION_FORMAT = 'firedrill-session/v1';

export const SessionSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT, { message: `format must be "${SESSION_FORMAT}"` }),
  scenario: z.string().min(1, 'scenario must name a built-in scenario id or a scenario file'),
  seed: z.number().int().min(0).max(4_294_967_295),
  durationSec: z.number().int().min(1).max(400 * 86_400).optional(),
  actions: z.array(ActionSchema).max(100_000).default([]),
  stateHash: z.string().regex(/^[0-9a-f]+$/, 'stateHash must be the lower-case hex hash printed by simulate'),
});

export type Session = z.output<typeof SessionSchema>;

export type SessionParse = { ok: true; session: Session } | { ok: false; lines: string[] };

/** Parses session text; problems are `file: path: message` lines. */
export function parseSession(text: string, file: string): SessionParse {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, lines: [`${file}: invalid JSON: ${json.message}`] };
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    return { ok: false, lines: [`${file}: expected a JSON object like {"format": "${SESSION_FORMAT}", "scenario": ..., "seed": ..., "actions": [...], "stateHash": ...}`] };
  }
  const parsed = SessionSchema.safeParse(json.value);
  if (!parsed.success) {
    return {
      ok: false,
      lines: parsed.error.issues.map((i) => `${file}: ${i.path.length ? i.path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('') : '(root)'}: ${i.message}`),
    };
  }
  return { ok: true, session: parsed.data };
}

/** How a session names its scenario: a built-in id, or a path relative to the session's folder. */
export function scenarioRef(source: ScenarioSource, sessionFile: string): string {
  if (source.kind === 'builtin') return source.id;
  const rel = relative(dirname(sessionFile), source.file).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export function makeSession(fields: { scenario: string; seed: number; durationSec: number; actions: readonly Action[]; stateHash: string }): Session {
  return {
    format: SESSION_FORMAT,
    scenario: fields.scenario,
    seed: fields.seed,
    durationSec: fields.durationSec,
    actions: fields.actions.map((a) => ({ atSec: a.atSec, type: a.type, target: a.target, params: a.params })),
    stateHash: fields.stateHash,
  };
}
