// Entry point of the `firedrill` command line: dispatches to cli/commands/*. Commands report
// through an Io and return an exit code (0 ok, 1 invalid input or failed check, 2 usage); only
// this file touches process.exitCode.

import { pathToFileURL } from 'node:url';
import { editDistance } from './args.ts';
import { EXIT_FAILED, EXIT_OK, processIo, type Io } from './io.ts';
import { COMMANDS, generalHelp, usageError, type CommandName } from './usage.ts';

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

// Loaded on demand: `validate` and `list` start without loading the simulator and the play UI.
const HANDLERS: Record<CommandName, () => Promise<Command>> = {
  list: async () => (await import('./commands/list.ts')).list,
  validate: async () => (await import('./commands/validate.ts')).validate,
  check: async () => (await import('./commands/check.ts')).check,
  new: async () => (await import('./commands/new.ts')).newScenario,
  simulate: async () => (await import('./commands/simulate.ts')).simulate,
  record: async () => (await import('./commands/record.ts')).record,
  replay: async () => (await import('./commands/replay.ts')).replay,
  score: async () => (await import('./commands/score.ts')).score,
  counterfactual: async () => (await import('./commands/counterfactual.ts')).counterfactual,
  report: async () => (await import('./commands/report.ts')).report,
  schema: async () => (await import('./commands/schema.ts')).schema,
  play: async () => (await import('./commands/play.ts')).play,
  help: async () => (await import('./commands/help.ts')).help,
};

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    generalHelp().forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const load = Object.prototype.hasOwnProperty.call(HANDLERS, name) ? HANDLERS[name as CommandName] : undefined;
  if (load === undefined) {
    const near = Object.keys(COMMANDS).find((c) => editDistance(c, name) <= 2);
    return usageError(io, null, `unknown command "${name}"${near ? ` (did you mean ${near}?)` : ''}; commands: ${Object.keys(COMMANDS).join(', ')}`);
  }
  try {
    const handler = await load();
    return await handler(rest, io);
  } catch (err) {
    // A bug, not bad input: say so, with the stack, so it can be reported.
    io.err(`firedrill ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT_FAILED;
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  // `firedrill schema | head` closes stdout early: that is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exitCode ??= EXIT_OK;
    else throw err;
  });
  process.exitCode = await main(process.argv.slice(2), processIo());
}
