// `firedrill list`: the built-in scenarios.

import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { displayPath, listBuiltins } from '../scenarios.ts';
import { table } from '../format.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { json: { kind: 'boolean' } }, positionals: { min: 0, max: 0, name: '' } } as const;

export function list(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'list', args.message);
  if (args.help) {
    commandHelp('list').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const { scenarios, problems } = listBuiltins();
  if (args.flags.json) {
    const rows = scenarios.map((s) => ({ id: s.id, title: s.title, difficulty: s.difficulty, file: displayPath(s.file, io.cwd), durationMinutes: s.durationMinutes, tags: s.tags }));
    io.out(JSON.stringify(rows, null, 2));
  } else if (scenarios.length === 0) {
    io.out('No built-in scenarios found in scenarios/.');
  } else {
    table(['ID', 'TITLE', 'DIFFICULTY'], scenarios.map((s) => [s.id, s.title, s.difficulty])).forEach((l) => io.out(l));
  }
  // A broken built-in is reported (and fails the command) without hiding the good ones.
  if (problems.length > 0) {
    io.err(`${problems.length} problem${problems.length === 1 ? '' : 's'} with built-in scenarios (run "firedrill validate scenarios"):`);
    problems.forEach((p) => io.err(`  ${p}`));
    return EXIT_FAILED;
  }
  return EXIT_OK;
}
