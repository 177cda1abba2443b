// `firedrill replay <session.json>`: re-run a recorded session and compare the final state hash.
// A difference means the engine is no longer deterministic for this input, or its behaviour
// changed: either way, someone must look.

import { dirname, resolve } from 'node:path';
import { firstDivergence, formatDuration, formatIssue, runRecorded } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io } from '../io.ts';
import { readTextFile, resolveScenario } from '../scenarios.ts';
import { parseSession } from '../session.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: {}, positionals: { min: 1, max: 1, name: '<session.json>' } } as const;

export function replay(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'replay', args.message);
  if (args.help) {
    commandHelp('replay').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const ref = args.positionals[0] ?? '';
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

  const { sim, checkpoints } = runRecorded(scenario.scenario, session);
  const actual = sim.hash();
  const diverged = firstDivergence(session.checkpoints ?? [], checkpoints);
  if (actual === session.stateHash && diverged === null) {
    io.out(`replay OK: ${actual}`);
    return EXIT_OK;
  }
  io.out(`replay MISMATCH: ${ref} (scenario ${session.scenario}, seed ${session.seed}, ${sim.durationSec} s, ${session.actions.length} actions)`);
  io.out(`  expected ${session.stateHash}`);
  io.out(`  actual   ${actual}`);
  if (diverged) io.out(`  first diverged between ${formatDuration(diverged.sinceSec)} and ${formatDuration(diverged.atSec)} (checkpoint ${diverged.expected} != ${diverged.actual})`);
  return EXIT_FAILED;
}
