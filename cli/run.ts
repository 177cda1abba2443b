// One run of a scenario: the part simulate, record, replay and play share. The same scenario,
// seed, duration and actions always give the same state hash.

import { createSim, formatIssue, type Action, type Scenario, type Sim } from '../engine/src/index.ts';
import { loadActionsFile } from './actionsFile.ts';
import { resolveScenario, type ScenarioSource } from './scenarios.ts';
import type { Io } from './io.ts';

export const SEED_MAX = 4_294_967_295;
/** 400 days, the longest offset a scenario can express. */
export const MINUTES_MAX = 400 * 24 * 60;

export const RUN_FLAGS = {
  seed: { kind: 'int', min: 0, max: SEED_MAX, valueName: 'n' },
  minutes: { kind: 'int', min: 1, max: MINUTES_MAX, valueName: 'm' },
  actions: { kind: 'string', valueName: 'actions.json' },
} as const;

export interface RunInput {
  scenario: Scenario;
  source: ScenarioSource;
  seed?: number;
  durationSec?: number;
  actions: Action[];
}

export function runScenario(input: Pick<RunInput, 'scenario' | 'seed' | 'durationSec' | 'actions'>): Sim {
  const sim = createSim(input.scenario, { seed: input.seed, durationSec: input.durationSec });
  sim.schedule(input.actions);
  sim.runUntil(sim.durationSec);
  return sim;
}

/**
 * Resolves the scenario and the actions file of simulate/record, printing problems.
 * Returns the exit code on failure: 2 when an argument names nothing, 1 when a file is invalid.
 */
export function prepareRun(io: Io, ref: string, flags: { seed?: number; minutes?: number; actions?: string }): RunInput | number {
  const resolved = resolveScenario(ref, io.cwd);
  if (!resolved.ok) {
    for (const line of resolved.lines) io.err(line);
    return resolved.code;
  }
  for (const w of resolved.warnings) io.err(`warning: ${formatIssue(w)}`);
  let actions: Action[] = [];
  if (flags.actions !== undefined) {
    const loaded = loadActionsFile(flags.actions, io.cwd);
    if (!loaded.ok) {
      for (const line of loaded.lines) io.err(line);
      return loaded.code;
    }
    actions = loaded.actions;
  }
  const durationSec = flags.minutes !== undefined ? flags.minutes * 60 : resolved.scenario.metadata.durationMinutes * 60;
  actions.forEach((a, i) => {
    if (a.atSec >= durationSec) {
      io.err(`warning: ${flags.actions ?? 'actions'}:${i}: atSec ${a.atSec} is at or after the end of the run (${durationSec} s); this ${a.type} is never taken`);
    }
  });
  return { scenario: resolved.scenario, source: resolved.source, seed: flags.seed, durationSec: flags.minutes !== undefined ? durationSec : undefined, actions };
}
