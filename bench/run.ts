// `npm run bench`: engine performance on synthetic systems, and accuracy and speed against a
// per-request DES. Prints markdown and writes it to bench/results.md (see bench/CONTEXT.md).
//
//   npm run bench                      every case (several minutes)
//   npm run bench -- --quick           10 and 30 services x 1 h, and a short accuracy run
//   npm run bench -- --only 200x24h    selected cases; `accuracy` selects the DES comparison, `logs`
//                                      the log queries over a million lines (bench/logs.ts), `ui`
//                                      the app in headless Chromium (bench/ui.ts)

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { PerfCaseResult } from './case.ts';
import { ACCURACY_CASES, runAccuracyCase, type CaseResult } from './accuracy.ts';
import { accuracyTable, breakEven, perfTable, speedTable, targetsTable, type PerfRow } from './report.ts';
import { logBenchMarkdown, LOG_QUERY_TARGET_MS, type LogBenchResult } from './logs.ts';
import { uiBenchMarkdown, type UiBenchResult } from './ui.ts';

const SIZES = [10, 30, 200, 1000];
const HOURS = [1, 24];
const QUICK_SIZES = [10, 30];
/** Independent DES replications per accuracy case (each 1 h after a 5 min warm-up). */
const REPLICATIONS = 8;
const QUICK_REPLICATIONS = 2;

interface Options {
  quick: boolean;
  /** Case labels like 200x24h, `accuracy` and `logs`; null runs everything. */
  only: Set<string> | null;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { quick: false, only: null };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] ?? '';
    if (arg === '--quick') opts.quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++k] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a value, like 200x24h, accuracy or logs');
      opts.only ??= new Set();
      for (const v of value.split(',')) opts.only.add(v.trim().toLowerCase());
    } else throw new Error(`unknown argument ${arg}; use --quick or --only 200x24h,accuracy,logs,ui`);
  }
  return opts;
}

const label = (services: number, hours: number) => `${services}x${hours}h`;

function perfCases(opts: Options): { services: number; hours: number }[] {
  const sizes = opts.quick ? QUICK_SIZES : SIZES;
  const hours = opts.quick ? [1] : HOURS;
  const all = hours.flatMap((h) => sizes.map((s) => ({ services: s, hours: h })));
  return opts.only ? all.filter((c) => opts.only?.has(label(c.services, c.hours))) : all;
}

/** One case in a fresh Node process, so the heap it reports is its own. */
function runChild(services: number, hours: number): PerfRow {
  const script = fileURLToPath(new URL('./case.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', script, String(services), String(hours)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const name = label(services, hours);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    const why = (child.stderr.trim().split('\n').pop() ?? '') || `exit ${child.status ?? child.signal}`;
    return { label: name, error: why.slice(0, 200) };
  }
  return { label: name, result: JSON.parse(line) as PerfCaseResult };
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

function runPerf(opts: Options): PerfRow[] {
  return perfCases(opts).map(({ services, hours }) => {
    progress(`bench: ${label(services, hours)} ...`);
    const row = runChild(services, hours);
    progress(`bench: ${row.label} ${'result' in row ? `${Math.round(row.result.wallMs)} ms` : `failed: ${row.error}`}`);
    return row;
  });
}

/** The log-query bench (bench/logs.ts) in a fresh process; with --quick only when selected. */
function runLogs(opts: Options): LogBenchResult | { error: string } | null {
  if (opts.only ? !opts.only.has('logs') : opts.quick) return null;
  progress('bench: log queries (a run of over a million lines, then a brute-force line count) ...');
  const script = fileURLToPath(new URL('./logs.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    const why = (child.stderr.trim().split('\n').pop() ?? '') || `exit ${child.status ?? child.signal}`;
    progress(`bench: log queries failed: ${why}`);
    return { error: why.slice(0, 200) };
  }
  const result = JSON.parse(line) as LogBenchResult;
  progress(`bench: log queries ${result.queries.map((q) => `${q.name} ${Math.round(q.bestMs)} ms`).join(', ')}`);
  return result;
}

/** The app in headless Chromium (bench/ui.ts) in a fresh process; with --quick only when selected. */
function runUi(opts: Options): UiBenchResult | { error: string } | null {
  if (opts.only ? !opts.only.has('ui') : opts.quick) return null;
  progress('bench: the app in headless Chromium (start, frames at 30x, clicks) ...');
  const script = fileURLToPath(new URL('./ui.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    const why = (child.stderr.trim().split('\n').filter((l) => !l.startsWith('    at ')).pop() ?? '') || `exit ${child.status ?? child.signal}`;
    progress(`bench: app failed: ${why}`);
    return { error: why.slice(0, 300) };
  }
  return JSON.parse(line) as UiBenchResult;
}

function runAccuracy(opts: Options): CaseResult[] {
  if (opts.only && !opts.only.has('accuracy')) return [];
  const reps = opts.quick ? QUICK_REPLICATIONS : REPLICATIONS;
  return ACCURACY_CASES.map((c) => {
    const n = Math.min(reps, c.maxReplications ?? reps);
    progress(`bench: accuracy ${c.name} (${n} DES replications) ...`);
    return runAccuracyCase(c, n);
  });
}

function header(opts: Options): string {
  const mode = opts.quick ? 'quick (--quick)' : opts.only ? `selected (--only ${[...opts.only].join(',')})` : 'full';
  const cpu = cpus();
  return [
    '# Firedrill engine benchmark',
    '',
    `Run ${new Date().toISOString()}, mode: ${mode}; Node ${process.version}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}.`,
    'Produced by `npm run bench` (bench/run.ts); what the rows mean: bench/CONTEXT.md.',
  ].join('\n');
}

function render(opts: Options, perf: PerfRow[], accuracy: CaseResult[], logs: LogBenchResult | { error: string } | null, ui: UiBenchResult | { error: string } | null): string {
  const parts = [header(opts)];
  if (perf.length > 0) {
    parts.push('## Performance on synthetic systems', perfTable(perf), '### Targets', targetsTable(perf));
  }
  if (accuracy.length > 0) {
    const reps = accuracy[0]?.replications ?? 0;
    parts.push(
      '## Accuracy against a per-request DES',
      `Engine: one 1 h run. DES: ${reps} independent 1 h replications after a 5 min warm-up, pooled; ` +
        'p95 is exact over the pooled samples. Latencies in ms; errors relative to the DES.',
      accuracyTable(accuracy),
      '## Speed against the DES',
      speedTable(accuracy),
      breakEven(accuracy),
    );
  }
  if (logs) {
    parts.push(`## Log queries (target <= ${LOG_QUERY_TARGET_MS} ms each)`, 'error' in logs ? `failed: ${logs.error}` : logBenchMarkdown(logs));
  }
  if (ui) {
    parts.push('## The app in headless Chromium (1440x900, production build)', 'error' in ui ? `failed: ${ui.error}` : uiBenchMarkdown(ui));
  }
  return `${parts.join('\n\n')}\n`;
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const perf = runPerf(opts);
  const accuracy = runAccuracy(opts);
  const logs = runLogs(opts);
  const ui = runUi(opts);
  const markdown = render(opts, perf, accuracy, logs, ui);
  process.stdout.write(markdown);
  writeFileSync(fileURLToPath(new URL('./results.md', import.meta.url)), markdown);
}

main();
