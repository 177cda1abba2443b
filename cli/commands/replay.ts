// `firedrill replay <session.json>`: re-run a recorded session and compare the final state hash.
// A difference means the engine is no longer deterministic for this input, or its behaviour
// changed: either way, someone must look.

import { firstDivergence, formatDuration, runRecorded } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { loadSessionFile } from '../session.ts';
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
  const loaded = loadSessionFile(ref, io);
  if (typeof loaded === 'number') return loaded;
  const { session, scenario } = loaded;

  const { sim, checkpoints } = runRecorded(scenario, session);
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
