// `firedrill report <session.json> [--format md|html|json] [--out file] [--postmortem pm.json]
// [--items items.json]`: the after-action report of a session, as Markdown, print-ready HTML or
// JSON. Building and rendering are the engine's (afterActionReport, reportMarkdown, reportHtml).

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterActionReport, reportHtml, reportMarkdown } from '../../engine/src/index.ts';
import { loadItems, loadSessionAndPostmortem } from '../aftermath.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { describeError } from '../scenarios.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = {
  flags: {
    format: { kind: 'string', valueName: 'md|html|json' },
    out: { kind: 'string', valueName: 'file' },
    postmortem: { kind: 'string', valueName: 'pm.json' },
    items: { kind: 'string', valueName: 'items.json' },
  },
  positionals: { min: 1, max: 1, name: '<session.json>' },
} as const;

const FORMATS = ['md', 'html', 'json'] as const;

export function report(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'report', args.message);
  if (args.help) {
    commandHelp('report').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const format = args.flags.format ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format)) return usageError(io, 'report', `--format must be md, html or json, got "${format}"`);
  const ref = args.positionals[0] ?? '';
  const loaded = loadSessionAndPostmortem(ref, args.flags.postmortem, io);
  if (typeof loaded === 'number') return loaded;
  const { session, scenario, postmortem: doc } = loaded;
  let items;
  if (args.flags.items !== undefined) {
    const read = loadItems([], args.flags.items, io);
    if (typeof read === 'number') return read;
    items = read;
  }

  const r = afterActionReport(scenario, session, { ...(doc ? { postmortem: doc } : {}), ...(items ? { items } : {}) });
  if (items && r.counterfactualErrors.length) {
    r.counterfactualErrors.forEach((e) => io.err(`${args.flags.items ?? ''}: ${e}`));
    return EXIT_FAILED;
  }
  r.counterfactualErrors.forEach((e) => io.err(`warning: counterfactual not replayed: ${e}`));
  const text = format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : format === 'html' ? reportHtml(r) : reportMarkdown(r);
  if (args.flags.out === undefined) {
    io.write(text);
    return EXIT_OK;
  }
  try {
    writeFileSync(resolve(io.cwd, args.flags.out), text);
  } catch (err) {
    io.err(`cannot write ${args.flags.out}: ${describeError(err)}`);
    return EXIT_FAILED;
  }
  io.err(`wrote the ${format === 'md' ? 'Markdown' : format === 'html' ? 'HTML' : 'JSON'} report of ${ref} to ${args.flags.out}`);
  return EXIT_OK;
}
