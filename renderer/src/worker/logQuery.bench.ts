// Log queries over a run of more than a million lines, through the worker's own path: the sim
// host (handlers.ts) with its tick loop summarising logs in slices as the clock runs, and each
// query answered as serve.ts answers a message (argument checks included) plus the structured
// clone a postMessage makes of the reply. Run:
//
//   npx vitest bench --run renderer/src/worker/logQuery.bench.ts
//
// The run: bench/topology.ts's 40-service system for 3.5 simulated hours (1.47 million lines,
// see bench/logs.ts). Two ways to arrive at its end:
//   - live: the clock runs at 30x, ticking every 25 ms of (simulated) wall time as serve.ts does;
//     printed: each tick's wall time (the clock loop's smoothness) and every query's first call;
//   - resumed: the clock jumps to the end (a resumed session), then the paused loop catches up;
//     printed: the first queries cold, and how long catching up takes.
// Then vitest's own table: each query warm, repeated. No assertions: numbers for the README.

import { bench, describe } from 'vitest';
import { syntheticScenario } from '../../../bench/topology.ts';
import type { LogRecord, LogSearchResult } from '../../../engine/src/index.ts';
import { createSimHost, WARM_MS, type SimHost } from './handlers.ts';
import type { ArgsOf, CommandName, ResultOf } from './protocol.ts';
import { answer, TICK_MS } from './serve.ts';

const SERVICES = 40;
const HOURS = 3.5;
const END = Math.round(HOURS * 3600);

let nextId = 1;
/** One request as the worker answers it, and the copy postMessage makes of the reply. */
function ask<K extends CommandName>(host: SimHost, name: K, args: ArgsOf<K>): ResultOf<K> {
  const { reply } = answer(host, { id: nextId++, name, args });
  if (reply.type === 'error') throw new Error(`${name}: ${reply.message}`);
  return (structuredClone(reply) as { result: ResultOf<K> }).result;
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, performance.now() - t0];
}

function start(host: SimHost): void {
  const text = JSON.stringify({ ...INPUT, metadata: { ...INPUT.metadata, id: `synthetic-${SERVICES}-logs` } }); // JSON is YAML
  const loaded = ask(host, 'scenario/load', { text, file: 'synthetic.json' });
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join('; '));
  const started = ask(host, 'sim/start', {});
  if (!started.ok) throw new Error(started.message);
}

const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
const f1 = (x: number) => x.toFixed(1);

interface Query {
  name: string;
  run(host: SimHost): unknown;
}

const INPUT = syntheticScenario(SERVICES, HOURS, 1);
/** The bad deploy's service (an errorRate fault), as bench/logs.ts picks it. */
const TARGET = INPUT.faults?.find((f) => f.type === 'errorRate')?.target ?? '';

function queriesFor(host: SimHost): Query[] {
  const all = { fromSec: 0, toSec: END + 1 };
  const own = ask(host, 'query/logs', { ...all, service: TARGET, minSeverity: 'ERROR', order: 'desc', limit: 50 }).records;
  const exception = String(own.find((r: LogRecord) => typeof r.attributes['exception.type'] === 'string')?.attributes['exception.type'] ?? 'Exception');
  const errors = ask(host, 'query/logs', { ...all, minSeverity: 'ERROR', order: 'desc', limit: 500 }).records;
  // A caller's view of the same failures: the exception its HTTP client throws.
  const clientException = String(errors.find((r) => r.service !== TARGET && typeof r.attributes['exception.type'] === 'string')?.attributes['exception.type'] ?? 'Exception');
  const traceId = errors.find((r) => r.traceId && ask(host, 'query/trace', { traceId: r.traceId }).trace)?.traceId ?? '';
  return [
    { name: 'newest 500 lines, every service (the explorer opening)', run: (h) => ask(h, 'query/logs', { ...all, order: 'desc', limit: 500 }) },
    { name: 'ERROR+ of every service, newest 500', run: (h) => ask(h, 'query/logs', { ...all, minSeverity: 'ERROR', order: 'desc', limit: 500 }) },
    { name: `text "${exception}" (the bad deploy's exception), newest 200`, run: (h) => ask(h, 'query/logs', { ...all, text: exception, order: 'desc', limit: 200 }) },
    { name: `text "${clientException}" (its callers' client exception), newest 200`, run: (h) => ask(h, 'query/logs', { ...all, text: clientException, order: 'desc', limit: 200 }) },
    { name: `${TARGET} WARN+ over the last hour, newest 500`, run: (h) => ask(h, 'query/logs', { fromSec: END - 3600, toSec: END + 1, service: TARGET, minSeverity: 'WARN', order: 'desc', limit: 500 }) },
    { name: 'histogram of the whole run, 150 s buckets', run: (h) => ask(h, 'query/logCounts', { ...all, bucketSec: 150 }) },
    { name: 'ERROR+ histogram of the whole run, 150 s buckets', run: (h) => ask(h, 'query/logCounts', { ...all, minSeverity: 'ERROR', bucketSec: 150 }) },
    { name: 'the lines of one error trace, by its id', run: (h) => ask(h, 'query/logs', { ...all, traceId, order: 'asc', limit: 500 }) },
  ];
}

function describeResult(v: unknown): string {
  if (Array.isArray(v)) return `${v.length} buckets`;
  const r = v as LogSearchResult;
  return `${r.records.length} lines${r.truncated ? '+' : ''}, ${r.scannedSeconds} units generated`;
}

// --- live: the clock runs at 30x to the end ---------------------------------------------------
const live = createSimHost();
start(live);
ask(live, 'clock/set', { speed: 30 });
const tickMs: number[] = [];
const [, liveWall] = timed(() => {
  for (;;) {
    const [push, ms] = timed(() => live.tick(TICK_MS));
    tickMs.push(ms);
    if (push?.clock.ended) break;
  }
});
ask(live, 'clock/set', { speed: 0 });
const totals = ask(live, 'query/logCounts', { fromSec: 0, toSec: END + 1, bucketSec: 3600 });
const lines = totals.reduce((n, b) => n + b.counts.DEBUG + b.counts.INFO + b.counts.WARN + b.counts.ERROR + b.counts.FATAL, 0);
const liveQueries = queriesFor(live);
const liveFirst = liveQueries.map((q) => {
  const [v, ms] = timed(() => q.run(live));
  return `  ${f1(ms).padStart(7)} ms  ${q.name} (${describeResult(v)})`;
});

// --- resumed: the clock jumps to the end, then the paused loop catches up ----------------------
const resumed = createSimHost();
start(resumed);
ask(resumed, 'clock/advance', { toSec: END });
// Without warm-up, the first whole-run histogram summarises every second there and then.
const cold = createSimHost({ warmMs: { running: 0, paused: 0 } });
start(cold);
ask(cold, 'clock/advance', { toSec: END });
const [, coldHistogramMs] = timed(() => ask(cold, 'query/logCounts', { fromSec: 0, toSec: END + 1, bucketSec: 150 }));
const coldFresh = createSimHost({ warmMs: { running: 0, paused: 0 } });
start(coldFresh);
ask(coldFresh, 'clock/advance', { toSec: END });
const [, coldErrorsMs] = timed(() => ask(coldFresh, 'query/logs', { fromSec: 0, toSec: END + 1, minSeverity: 'ERROR', order: 'desc', limit: 500 }));
let catchUpTicks = 0;
const catchUpMs: number[] = [];
for (;;) {
  const [, ms] = timed(() => resumed.tick(TICK_MS));
  catchUpMs.push(ms);
  catchUpTicks += 1;
  if (ms < 1 || catchUpTicks > 100_000) break;
}
const catchUpWork = catchUpMs.reduce((a, b) => a + b, 0);

console.log(
  [
    `\n${SERVICES} services x ${HOURS} h: ${lines.toLocaleString('en')} log lines.`,
    `Live at 30x: ${tickMs.length.toLocaleString('en')} ticks of ${TICK_MS} ms took ${f1(liveWall / 1000)} s of worker time in all; per tick (advance + summarising) p50 ${f1(pct(tickMs, 0.5))} ms, p99 ${f1(pct(tickMs, 0.99))} ms, max ${f1(Math.max(...tickMs))} ms (slice ${WARM_MS.running} ms while running).`,
    'First call of each query the moment the clock stopped (summaries built as the clock ran):',
    ...liveFirst,
    `Resumed at the end: catching up took ${catchUpTicks} paused ticks (${f1(catchUpWork / 1000)} s of work in ${WARM_MS.paused} ms slices, ${f1((catchUpTicks * TICK_MS) / 1000)} s of wall time at one tick per ${TICK_MS} ms; max tick ${f1(Math.max(...catchUpMs))} ms).`,
    'For comparison, with nothing summarised yet (no warm-up):',
    `  ${f1(coldErrorsMs).padStart(7)} ms  ERROR+ of every service, newest 500 (summarises the newest blocks it reads)`,
    `  ${f1(coldHistogramMs).padStart(7)} ms  histogram of the whole run, 150 s buckets (summarises every second)`,
  ].join('\n'),
);

describe(`log queries over ${lines.toLocaleString('en')} lines, warm (worker path)`, () => {
  for (const q of liveQueries) bench(q.name, () => void q.run(live), { iterations: 5, warmupIterations: 1, time: 0 });
});
