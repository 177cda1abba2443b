// `firedrill help [command]`.

import { EXIT_OK, type Io } from '../io.ts';
import { commandHelp, generalHelp, isCommand, usageError } from '../usage.ts';

export function help(argv: readonly string[], io: Io): number {
  const [name, extra] = argv;
  if (extra !== undefined) return usageError(io, 'help', `unexpected argument "${extra}"`);
  if (name === undefined) {
    generalHelp().forEach((l) => io.out(l));
    return EXIT_OK;
  }
  if (!isCommand(name)) return usageError(io, 'help', `unknown command "${name}"`);
  commandHelp(name).forEach((l) => io.out(l));
  return EXIT_OK;
}
