// Session files: everything needed to reproduce a run bit for bit (scenario, seed, actions,
// duration) plus the state hash it ended with. `record` writes them, `replay` checks them.
// The format is the engine's (engine/src/session.ts); this file reads and writes the JSON.

import { dirname, relative, resolve, sep } from 'node:path';
import { formatIssue, SESSION_FORMAT, SessionSchema, type Action, type Scenario, type Session, type SessionCheckpoint } from '../engine/src/index.ts';
import { parseJson } from './actionsFile.ts';
import { EXIT_FAILED, EXIT_USAGE, type Io } from './io.ts';
import { readTextFile, resolveScenario, type ScenarioSource } from './scenarios.ts';

export { SESSION_FORMAT, SessionSchema, type Session } from '../engine/src/index.ts';

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

export function makeSession(fields: {
  scenario: string;
  seed: number;
  durationSec: number;
  actions: readonly Action[];
  stateHash: string;
  checkpoints: readonly SessionCheckpoint[];
}): Session {
  return {
    format: SESSION_FORMAT,
    scenario: fields.scenario,
    seed: fields.seed,
    durationSec: fields.durationSec,
    actions: fields.actions.map((a) => ({ atSec: a.atSec, type: a.type, target: a.target, params: a.params })),
    stateHash: fields.stateHash,
    checkpoints: fields.checkpoints.map((c) => ({ ...c })),
  };
}

/**
 * Reads a session file and the scenario it names, printing what is wrong and where. Returns the
 * exit code on failure: 2 when the path names nothing, 1 when a file is invalid.
 */
export function loadSessionFile(ref: string, io: Io): { session: Session; scenario: Scenario } | number {
  const path = resolve(io.cwd, ref);
  const read = readTextFile(path, 'session file', ref);
  if (!read.ok) {
    io.err(read.message);
    return read.reason === 'missing' || read.reason === 'directory' ? EXIT_USAGE : EXIT_FAILED;
  }
  const parsed = parseSession(read.text, ref);
  if (!parsed.ok) {
    parsed.lines.forEach((l) => io.err(l));
    return EXIT_FAILED;
  }
  const { session } = parsed;
  const scenario = resolveScenario(session.scenario, dirname(path));
  if (!scenario.ok) {
    io.err(`${ref}: scenario: cannot load "${session.scenario}":`);
    scenario.lines.forEach((l) => io.err(`  ${l}`));
    return EXIT_FAILED;
  }
  for (const w of scenario.warnings) io.err(`warning: ${formatIssue(w)}`);
  return { session, scenario: scenario.scenario };
}
