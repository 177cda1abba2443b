// Log queries over a run of at least a million lines: what the war-room UI asks, timed against
// its 200 ms budget. Run by bench/run.ts (`--only logs`) in a fresh process:
//   node --import tsx bench/logs.ts [hours]
// Prints one JSON line (LogBenchResult) on stdout.
//
// The run: the synthetic 40-service system (topology.ts) for 3.5 simulated hours, with its
// latency fault and its bad deploy (an errorRate fault on a tier-1 API). Its total line count is
// taken from logCounts (the engine's log summaries) and checked once against a brute-force read
// of every line (unfiltered searches, which generate every unit), per minute and severity.

import { pathToFileURL } from 'node:url';
import {
  createSim,
  logCounts,
  MAX_LOG_LIMIT,
  ScenarioSchema,
  SEVERITIES,
  searchLogs,
  traceLookup,
  type LogBucket,
  type LogQuery,
  type LogRecord,
  type LogSearchResult,
  type LogSeverity,
  type Sim,
} from '../engine/src/index.ts';
import { syntheticScenario } from './topology.ts';
import { num, table } from './report.ts';

/** Every query must answer within this, warm (best of BEST_OF after one warm-up call). */
export const LOG_QUERY_TARGET_MS = 200;
export const MIN_LINES = 1_000_000;
const SERVICES = 40;
const HOURS = 3.5;
const BEST_OF = 5;
const BUCKET_SEC = 60;

export interface LogQueryTiming {
  name: string;
  /** What was asked, in words. */
  query: string;
  /** The first call (summaries already built by the line count): memoised traces, JIT. */
  firstMs: number;
  /** Best of BEST_OF calls after the first. */
  bestMs: number;
  records: number;
  /** Units generated to answer (scannedSeconds); for a histogram, its buckets. */
  units: number;
  truncated: boolean;
}

export interface LogBenchResult {
  services: number;
  hours: number;
  simMs: number;
  /** Lines in the run, from logCounts over the whole run (summaries). */
  lines: number;
  /** The first whole-run logCounts: summarising every unit (the cold cost the queries then reuse). */
  indexMs: number;
  units: number;
  /** Lines read by brute force, and whether every (minute, severity) count matched. */
  bruteLines: number;
  bruteMs: number;
  countsMatch: boolean;
  queries: LogQueryTiming[];
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function totalOf(buckets: LogBucket[]): number {
  let n = 0;
  for (const b of buckets) for (const s of SEVERITIES) n += b.counts[s];
  return n;
}

/**
 * Every line of the run, counted per BUCKET_SEC and severity by reading it: unfiltered searches
 * over windows of seconds (a window whose lines exceed a search's limit is read second by second).
 */
function bruteCounts(sim: Sim, end: number): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const add = (records: LogRecord[]) => {
    for (const r of records) {
      const b = Math.floor(r.timeMs / 1000 / BUCKET_SEC);
      let row = out.get(b);
      if (!row) out.set(b, (row = [0, 0, 0, 0, 0]));
      const k = SEVERITIES.indexOf(r.severity);
      row[k] = (row[k] ?? 0) + 1;
    }
  };
  const WINDOW = 40;
  for (let from = 0; from < end; from += WINDOW) {
    const to = Math.min(end, from + WINDOW);
    const res = searchLogs(sim, { fromSec: from, toSec: to, limit: MAX_LOG_LIMIT });
    if (!res.truncated) {
      add(res.records);
      continue;
    }
    for (let s = from; s < to; s++) {
      const one = searchLogs(sim, { fromSec: s, toSec: s + 1, limit: MAX_LOG_LIMIT });
      if (one.truncated) throw new Error(`second ${s} holds more than ${MAX_LOG_LIMIT} lines`);
      add(one.records);
    }
  }
  return out;
}

function sameCounts(buckets: LogBucket[], brute: Map<number, number[]>): boolean {
  let ok = brute.size <= buckets.length;
  for (const b of buckets) {
    const row = brute.get(Math.floor(b.startSec / BUCKET_SEC)) ?? [0, 0, 0, 0, 0];
    SEVERITIES.forEach((s, k) => {
      if (b.counts[s] !== row[k]) ok = false;
    });
  }
  return ok;
}

interface Query {
  name: string;
  query: string;
  run: () => LogSearchResult | LogBucket[];
}

function timeQuery(q: Query): LogQueryTiming {
  const first = time(q.run);
  let best = Infinity;
  let last = first.value;
  for (let k = 0; k < BEST_OF; k++) {
    const t = time(q.run);
    best = Math.min(best, t.ms);
    last = t.value;
  }
  const base = { name: q.name, query: q.query, firstMs: first.ms, bestMs: best };
  if (Array.isArray(last)) return { ...base, records: totalOf(last), units: last.length, truncated: false };
  return { ...base, records: last.records.length, units: last.scannedSeconds, truncated: last.truncated };
}

export function runLogBench(hours = HOURS, seed = 1): LogBenchResult {
  const input = syntheticScenario(SERVICES, hours, seed);
  // Its id spells the hours, which may have a decimal point here.
  const scenario = ScenarioSchema.parse({ ...input, metadata: { ...input.metadata, id: `synthetic-${SERVICES}-logs` } });
  const end = Math.round(hours * 3600);
  const sim = createSim(scenario);
  const simMs = time(() => sim.runUntil(end)).ms;
  const all: LogQuery = { fromSec: 0, toSec: end };

  const index = time(() => logCounts(sim, all, BUCKET_SEC));
  const lines = totalOf(index.value);
  const brute = time(() => bruteCounts(sim, end));
  let bruteLines = 0;
  for (const row of brute.value.values()) for (const n of row) bruteLines += n;

  // The bad deploy's service and the words of its exception; a sampled error trace.
  const fault = scenario.faults.find((f) => f.type === 'errorRate');
  const target = fault?.target ?? scenario.services[2]?.id ?? '';
  const errors = searchLogs(sim, { ...all, minSeverity: 'ERROR', service: target, order: 'desc', limit: 50 }).records;
  const exception = String(errors.find((r) => r.attributes['exception.type'])?.attributes['exception.type'] ?? 'Exception');
  const recent = searchLogs(sim, { ...all, minSeverity: 'ERROR', order: 'desc', limit: 500 }).records;
  // A caller's view of the same failures: the exception its HTTP client throws.
  const clientException = String(recent.find((r) => r.service !== target && typeof r.attributes['exception.type'] === 'string')?.attributes['exception.type'] ?? 'Exception');
  const traceId = recent.find((r) => r.traceId !== undefined && traceLookup(sim, r.traceId).sampled)?.traceId ?? '';
  const warn: LogSeverity = 'WARN';

  const queries: Query[] = [
    { name: 'errors', query: 'ERROR+ of every service over the whole run, newest 500', run: () => searchLogs(sim, { ...all, minSeverity: 'ERROR', order: 'desc', limit: 500 }) },
    { name: 'exception text', query: `text "${exception}" (the bad deploy's exception), newest 200`, run: () => searchLogs(sim, { ...all, text: exception, order: 'desc', limit: 200 }) },
    { name: 'client exception text', query: `text "${clientException}" (its callers' client exception), newest 200`, run: () => searchLogs(sim, { ...all, text: clientException, order: 'desc', limit: 200 }) },
    { name: 'one service, 1 h', query: `${target} at WARN+ over the last hour, newest 500`, run: () => searchLogs(sim, { fromSec: end - 3600, toSec: end, service: target, minSeverity: warn, order: 'desc', limit: 500 }) },
    { name: 'histogram', query: `logCounts of the whole run, ${BUCKET_SEC} s buckets`, run: () => logCounts(sim, all, BUCKET_SEC) },
    { name: 'trace id', query: 'the lines of a sampled error trace, by its id', run: () => searchLogs(sim, { ...all, traceId, order: 'desc', limit: 500 }) },
  ];
  return {
    services: SERVICES,
    hours,
    simMs,
    lines,
    indexMs: index.ms,
    units: sim.model.nInst * end,
    bruteLines,
    bruteMs: brute.ms,
    countsMatch: bruteLines === lines && sameCounts(index.value, brute.value),
    queries: queries.map(timeQuery),
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown for bench/run.ts

export function logBenchMarkdown(r: LogBenchResult): string {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const rows = r.queries.map((q) => [q.name, q.query, num(q.bestMs, 1), `<= ${num(LOG_QUERY_TARGET_MS)}`, verdict(q.bestMs <= LOG_QUERY_TARGET_MS), num(q.firstMs, 1), num(q.records), num(q.units), q.truncated ? 'yes' : 'no']);
  return [
    `${r.services} services x ${num(r.hours, 1)} h (${num(r.units)} service-seconds), simulated in ${num(r.simMs)} ms: ` +
      `${num(r.lines)} log lines by the summaries, ${num(r.bruteLines)} read by brute force in ${num(r.bruteMs / 1000, 1)} s ` +
      `(per minute and severity: ${r.countsMatch ? 'identical' : 'DIFFERENT'}; at least ${num(MIN_LINES)} lines: ${verdict(r.lines >= MIN_LINES)}). ` +
      `Summarising the whole run (the first histogram, cold): ${num(r.indexMs)} ms.`,
    table(
      ['query', 'asked', `ms (best of ${BEST_OF})`, 'target ms', 'result', 'first call ms', 'lines', 'units generated (buckets)', 'truncated'],
      rows,
      [false, false, true, true, false, true, true, true, false],
    ),
  ].join('\n\n');
}

function main(argv: string[]): void {
  const hours = Number(argv[0]) || HOURS;
  process.stdout.write(`${JSON.stringify(runLogBench(hours))}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
