// `firedrill schema [--write]`: the JSON Schema of scenario files, generated from the engine's
// zod definition (scenarios/scenario.schema.json is a committed copy that editors read).

import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { scenarioJsonSchema } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { describeError, SCHEMA_FILE } from '../scenarios.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { write: { kind: 'boolean' } }, positionals: { min: 0, max: 0, name: '' } } as const;

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export function schema(argv: readonly string[], io: Io, target = SCHEMA_FILE): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'schema', args.message);
  if (args.help) {
    commandHelp('schema').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const text = schemaText();
  if (!args.flags.write) {
    io.write(text);
    return EXIT_OK;
  }
  try {
    writeFileSync(target, text);
  } catch (err) {
    io.err(`cannot write ${target}: ${describeError(err)}`);
    return EXIT_FAILED;
  }
  io.out(`wrote ${relative(io.cwd, target) || target}`);
  return EXIT_OK;
}
