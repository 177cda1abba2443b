// `firedrill simulate <file|id>`: run a scenario to the end and summarise it, optionally
// exporting every metric sample (CSV) and every log line (JSON lines).

import { resolve } from 'node:path';
import { metricsCsv, summarize } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { logLines } from '../logExport.ts';
import { EXIT_OK, type Io } from '../io.ts';
import { renderSummary } from '../report.ts';
import { prepareRun, RUN_FLAGS, runScenario } from '../run.ts';
import { writeLines } from '../streams.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = {
  flags: {
    ...RUN_FLAGS,
    json: { kind: 'boolean' },
    'metrics-csv': { kind: 'string', valueName: 'out.csv' },
    'logs-jsonl': { kind: 'string', valueName: 'out.jsonl' },
  },
  positionals: { min: 1, max: 1, name: '<file|id>' },
} as const;

export async function simulate(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'simulate', args.message);
  if (args.help) {
    commandHelp('simulate').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const { flags } = args;
  const input = prepareRun(io, args.positionals[0] ?? '', flags);
  if (typeof input === 'number') return input;

  const sim = runScenario(input);
  const summary = summarize(sim);

  const exports: [string, string | undefined, () => Iterable<string>][] = [
    ['metrics', flags['metrics-csv'], () => metricsCsv(sim)],
    ['log lines', flags['logs-jsonl'], () => logLines(sim)],
  ];
  for (const [what, target, lines] of exports) {
    if (target === undefined) continue;
    const written = await writeLines(resolve(io.cwd, target), lines());
    if (!written.ok) {
      io.err(written.message);
      return 1;
    }
    io.err(`wrote ${written.lines} ${what === 'metrics' ? 'lines of metrics' : what} to ${target}`);
  }

  if (flags.json) io.out(JSON.stringify({ ...summary, start: input.scenario.start }, null, 2));
  else renderSummary(sim, summary).forEach((l) => io.out(l));
  return EXIT_OK;
}
