// Sessions: everything needed to reproduce a run bit for bit (scenario, seed, duration, actions)
// plus the state hash it ended with and, optionally, hashes along the way so a replay that
// diverges says when. The desktop app saves them; `firedrill record`/`replay` and the golden
// tests use them. Pure: parsing a session's JSON text is the caller's job.

import { z } from 'zod';
import type { Scenario } from './scenario/schema.ts';
import { ActionSchema, type Action } from './sim/actions.ts';
import { createSim, type Sim } from './sim/sim.ts';
import { PostmortemSchema } from './postmortem/schema.ts';

export const SESSION_FORMAT = 'firedrill-session/v1';

const Checkpoint = z.strictObject({
  atSec: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{16}$/, 'a checkpoint hash is 16 lower-case hex digits'),
});

export const SessionSchema = z.strictObject({
  format: z.literal(SESSION_FORMAT, { message: `format must be "${SESSION_FORMAT}"` }),
  scenario: z.string().min(1, 'scenario must name a built-in scenario id or a scenario file'),
  seed: z.number().int().min(0).max(4_294_967_295),
  durationSec: z.number().int().min(1).max(400 * 86_400).optional(),
  actions: z.array(ActionSchema).max(100_000).default([]),
  stateHash: z.string().regex(/^[0-9a-f]+$/, 'stateHash must be the lower-case hex hash printed by simulate'),
  checkpoints: z.array(Checkpoint).max(100_000).optional().describe('State hashes along the run, to locate a divergence.'),
  postmortem: PostmortemSchema.optional().describe('The postmortem the trainee wrote (firedrill-postmortem/v1); not part of the replay.'),
});

export type Session = z.output<typeof SessionSchema>;
export type SessionCheckpoint = z.output<typeof Checkpoint>;

/** Default spacing of checkpoints in recorded sessions. */
export const CHECKPOINT_EVERY_SEC = 300;

export interface RecordedRun {
  sim: Sim;
  checkpoints: SessionCheckpoint[];
}

/** Runs a scenario with actions to the end, hashing the state every `everySec` simulated seconds. */
export function runRecorded(
  scenario: Scenario,
  run: { seed?: number; durationSec?: number; actions: readonly Action[] },
  everySec = CHECKPOINT_EVERY_SEC,
): RecordedRun {
  const sim = createSim(scenario, { seed: run.seed, durationSec: run.durationSec });
  sim.schedule(run.actions);
  const checkpoints: SessionCheckpoint[] = [];
  for (let t = everySec; t < sim.durationSec; t += everySec) {
    sim.runUntil(t);
    checkpoints.push({ atSec: t, hash: sim.hash() });
  }
  sim.runUntil(sim.durationSec);
  return { sim, checkpoints };
}

/** The first checkpoint where two runs disagree, or null when every shared checkpoint matches. */
export function firstDivergence(
  expected: readonly SessionCheckpoint[],
  actual: readonly SessionCheckpoint[],
): { atSec: number; expected: string; actual: string; sinceSec: number } | null {
  const byTime = new Map(actual.map((c) => [c.atSec, c.hash]));
  let lastGood = 0;
  for (const c of expected) {
    const got = byTime.get(c.atSec);
    if (got === undefined) continue;
    if (got !== c.hash) return { atSec: c.atSec, expected: c.hash, actual: got, sinceSec: lastGood };
    lastGood = c.atSec;
  }
  return null;
}
