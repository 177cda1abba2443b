// One run of one scenario: the engine's Sim plus what makes it reproducible by the CLI's replay.
//
// The invariant that everything here protects: a session exported at any moment, replayed
// headless with `runRecorded(scenario, {seed, durationSec, actions})`, ends with the same state
// hash, and its checkpoints match. runRecorded hashes a checkpoint after running *to* second t,
// before the actions taken at t, and never takes actions at or after its durationSec. So:
//   - checkpoints are hashed the moment the clock reaches them, before any action can be taken;
//   - no action is accepted once the run has ended;
//   - an export names a durationSec after every action it holds (see exportPoint).

import {
  CHECKPOINT_EVERY_SEC,
  SCRAPE_SEC,
  SESSION_FORMAT,
  createSim,
  firstDivergence,
  type Action,
  type ActionInput,
  type ActionRecord,
  type Scenario,
  type Session,
  type SessionCheckpoint,
  type Sim,
} from '../../../engine/src/index.ts';
import type { NextEvent, NextEventItem, StartResult } from './protocol.ts';

export interface Run {
  readonly sim: Sim;
  readonly scenario: Scenario;
  readonly checkpoints: SessionCheckpoint[];
}

export function createRun(scenario: Scenario, seed: number, durationSec?: number): Run {
  const sim = createSim(scenario, { seed, durationSec: Math.max(durationSec ?? 0, scenario.metadata.durationMinutes * 60) });
  return { sim, scenario, checkpoints: [] };
}

export function ended(run: Run): boolean {
  return run.sim.nowSec >= run.sim.durationSec;
}

/** Runs the clock to `toSec` (clamped to the end), hashing each checkpoint second on the way. */
export function advance(run: Run, toSec: number): void {
  const { sim } = run;
  const end = Math.min(Math.floor(toSec), sim.durationSec);
  while (sim.nowSec < end) {
    const next = (Math.floor(sim.nowSec / CHECKPOINT_EVERY_SEC) + 1) * CHECKPOINT_EVERY_SEC;
    sim.runUntil(Math.min(end, next));
    if (sim.nowSec === next && next < sim.durationSec) run.checkpoints.push({ atSec: next, hash: sim.hash() });
  }
}

/** Takes an action now; refused after the end, where a replay could never take it. */
export function act(run: Run, input: Omit<ActionInput, 'atSec'>): ActionRecord {
  if (ended(run)) throw new Error(`the exercise has ended (at ${run.sim.durationSec} s): no more actions can be recorded`);
  return run.sim.act(input);
}

/**
 * The durationSec an export names: now, unless an action was taken this very second (a replay
 * to now would not take it), then one second on; never below the engine's shortest run.
 */
export function exportPoint(run: Run): number {
  const { sim } = run;
  const actedNow = sim.actions.some((a) => a.atSec >= sim.nowSec);
  return Math.min(sim.durationSec, Math.max(SCRAPE_SEC, sim.nowSec + (actedNow ? 1 : 0)));
}

/** The state hash at `atSec` ≥ now without moving the run: runs a copy forward when it must. */
function hashAt(run: Run, atSec: number): string {
  const { sim } = run;
  if (atSec === sim.nowSec) return sim.hash();
  const saved = sim.snapshot();
  sim.runUntil(atSec);
  const hash = sim.hash();
  sim.restore(saved);
  return hash;
}

export function exportSession(run: Run, scenarioRef: string): Session {
  const durationSec = exportPoint(run);
  return {
    format: SESSION_FORMAT,
    scenario: scenarioRef,
    seed: run.sim.seed,
    durationSec,
    actions: run.sim.actions.map((a): Action => ({ atSec: a.atSec, type: a.type, target: a.target, params: structuredClone(a.params) })),
    stateHash: hashAt(run, durationSec),
    checkpoints: run.checkpoints.filter((c) => c.atSec < durationSec).map((c) => ({ ...c })),
  };
}

/** Replays a session to where it stopped and checks it arrives at the same hash. */
export function resumeRun(scenario: Scenario, session: Session): { run: Run; result: StartResult } | { run: null; result: StartResult } {
  const stopAt = session.durationSec ?? scenario.metadata.durationMinutes * 60;
  const run = createRun(scenario, session.seed, stopAt);
  // Actions at or after the stop were never taken by the run that saved it.
  run.sim.schedule(session.actions.filter((a) => a.atSec < stopAt));
  advance(run, stopAt);
  const actual = run.sim.hash();
  if (actual !== session.stateHash) {
    const d = firstDivergence(session.checkpoints ?? [], run.checkpoints);
    return {
      run: null,
      result: {
        ok: false,
        message: `this session does not replay to the state it saved (at ${stopAt} s the hash is ${actual}, the session says ${session.stateHash}): it was saved by another version of Firedrill or for another scenario file`,
        expectedHash: session.stateHash,
        actualHash: actual,
        divergence: d ? { atSec: d.atSec, sinceSec: d.sinceSec } : null,
      },
    };
  }
  return { run, result: { ok: true, seed: run.sim.seed, clock: { nowSec: run.sim.nowSec, speed: 0, durationSec: run.sim.durationSec, ended: ended(run) }, stateHash: actual, actions: [...run.sim.actions] } };
}

/**
 * The first second after now at which something new shows: a timeline event (change, inject,
 * alert, an action taking effect, a crash) or an alert resolving. Alerts cannot be known without
 * simulating, so this runs the sim ahead and then restores it: the run itself does not move.
 */
export function peekNextEvent(run: Run, withinSec: number): NextEvent {
  const { sim } = run;
  const limit = Math.min(sim.durationSec, sim.nowSec + withinSec);
  if (sim.nowSec >= limit) return { atSec: null, events: [], searchedToSec: sim.nowSec };
  const saved = sim.snapshot();
  const timelineFrom = sim.recorder.timeline.length;
  const resolvedBefore = new Set(sim.recorder.alerts.flatMap((a, i) => (a.resolvedAtSec === null ? [] : [i])));
  const found: NextEventItem[] = [];
  while (sim.nowSec < limit && found.length === 0) {
    sim.runUntil(sim.nowSec + 1);
    for (const ev of sim.recorder.timeline.slice(timelineFrom)) found.push({ kind: ev.kind, text: ev.text });
    sim.recorder.alerts.forEach((a, i) => {
      if (a.resolvedAtSec !== null && !resolvedBefore.has(i)) found.push({ kind: 'alertResolved', text: `${a.id} resolved` });
    });
  }
  const atSec = found.length > 0 ? sim.nowSec : null;
  const searchedToSec = sim.nowSec;
  sim.restore(saved);
  return { atSec, events: found, searchedToSec };
}
