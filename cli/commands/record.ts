// `firedrill record <file|id> --out session.json`: run a scenario and write a session file that
// `replay` can check later (golden files for tests and CI).

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { runRecorded } from '../../engine/src/index.ts';
import { prepareRun, RUN_FLAGS } from '../run.ts';
import { describeError } from '../scenarios.ts';
import { makeSession, scenarioRef } from '../session.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = {
  flags: { ...RUN_FLAGS, out: { kind: 'string', valueName: 'session.json' } },
  positionals: { min: 1, max: 1, name: '<file|id>' },
} as const;

export function record(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'record', args.message);
  if (args.help) {
    commandHelp('record').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const out = args.flags.out;
  if (out === undefined) return usageError(io, 'record', 'missing --out <session.json>: where to write the session');
  const input = prepareRun(io, args.positionals[0] ?? '', args.flags);
  if (typeof input === 'number') return input;

  const { sim, checkpoints } = runRecorded(input.scenario, input);
  const path = resolve(io.cwd, out);
  const session = makeSession({ scenario: scenarioRef(input.source, path), seed: sim.seed, durationSec: sim.durationSec, actions: input.actions, stateHash: sim.hash(), checkpoints });
  try {
    writeFileSync(path, `${JSON.stringify(session, null, 2)}\n`);
  } catch (err) {
    io.err(`cannot write ${out}: ${describeError(err)}`);
    return EXIT_FAILED;
  }
  io.out(`recorded ${args.positionals[0] ?? session.scenario} (seed ${session.seed}, ${session.durationSec} s, ${session.actions.length} actions) to ${out}`);
  io.out(`state hash ${session.stateHash}`);
  return EXIT_OK;
}
