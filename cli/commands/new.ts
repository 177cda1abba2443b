// `firedrill new <template> <file> [--fault <type>] [--id <id>] [--force]`: write a commented
// starter scenario from a topology template and a fault type (engine/src/templates). The file
// loads without errors and passes `firedrill check` as written; the comments say what to edit.
// `firedrill new --list` lists the templates.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_FAULT, listTemplates, renderTemplate } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { describeError, SCHEMA_FILE } from '../scenarios.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = {
  flags: {
    list: { kind: 'boolean' },
    fault: { kind: 'string', valueName: 'type' },
    id: { kind: 'string', valueName: 'id' },
    force: { kind: 'boolean' },
  },
  positionals: { min: 0, max: 2, name: '<template> <file>' },
} as const;

export function newScenario(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'new', args.message);
  if (args.help) {
    commandHelp('new').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const { topologies, faults } = listTemplates();
  if (args.flags.list) {
    if (args.positionals.length > 0 || args.flags.fault !== undefined || args.flags.id !== undefined || args.flags.force) {
      return usageError(io, 'new', '--list takes no other arguments');
    }
    const width = Math.max(...[...topologies, ...faults].map((t) => t.id.length));
    io.out('Topologies (<template>):');
    for (const t of topologies) io.out(`  ${t.id.padEnd(width)}  ${t.description}`);
    io.out('');
    io.out(`Fault types (--fault, default ${DEFAULT_FAULT}):`);
    for (const f of faults) io.out(`  ${f.id.padEnd(width)}  ${f.description}`);
    return EXIT_OK;
  }
  const [template, file] = args.positionals;
  if (template === undefined || file === undefined) return usageError(io, 'new', 'give a template and a file to write, e.g. new three-tier my-scenario.yaml (new --list shows the templates)');
  if (!topologies.some((t) => t.id === template)) {
    return usageError(io, 'new', `unknown template "${template}"; templates: ${topologies.map((t) => t.id).join(', ')}`);
  }
  const fault = args.flags.fault ?? DEFAULT_FAULT;
  if (!faults.some((f) => f.id === fault)) return usageError(io, 'new', `unknown fault type "${fault}"; fault types: ${faults.map((f) => f.id).join(', ')}`);
  if (!/\.ya?ml$/i.test(file)) return usageError(io, 'new', `the file should end in .yaml or .yml, got "${file}"`);

  const abs = resolve(io.cwd, file);
  const id = args.flags.id ?? idFromFile(abs, `${template}-${fault}`);
  const rendered = renderTemplate(template, fault, { id, schema: schemaRef(abs) });
  if (!rendered.ok) return usageError(io, 'new', rendered.message);

  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) {
      io.err(`firedrill new: ${file} is a directory`);
      return EXIT_FAILED;
    }
    if (!args.flags.force) {
      io.err(`firedrill new: ${file} already exists; pass --force to overwrite it`);
      return EXIT_FAILED;
    }
  }
  try {
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, rendered.text);
  } catch (err) {
    io.err(`firedrill new: cannot write ${file}: ${describeError(err)}`);
    return EXIT_FAILED;
  }
  io.out(`wrote ${file}: the ${template} system with a ${fault} fault (id ${id})`);
  io.out('next:');
  io.out(`  npm run firedrill -- validate ${file}    # every problem with file:line:col`);
  io.out(`  npm run firedrill -- check ${file}       # run it against its contract`);
  io.out(`  npm run firedrill -- play ${file}        # play it in the terminal`);
  return EXIT_OK;
}

/** Where the editor finds the JSON Schema: relative inside this repository, a file URL outside it. */
function schemaRef(abs: string): string {
  const repo = dirname(dirname(SCHEMA_FILE));
  if (relative(repo, abs).startsWith('..')) return pathToFileURL(SCHEMA_FILE).href;
  const rel = relative(dirname(abs), SCHEMA_FILE).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** `orders-slow-db.yaml` → `orders-slow-db`, when it makes a valid id. */
function idFromFile(abs: string, fallback: string): string {
  const stem = basename(abs, extname(abs))
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(stem) ? stem : fallback;
}
