// The log index must never change an answer: its counts equal those of generating every unit,
// its text filter never rules out a unit holding the text, and filtered searches and histograms
// equal a brute-force scan. Checked over runs that between them raise every fault type, in every
// language, with the flags, consumers, caches and rollouts their lines depend on.

import { describe, expect, it } from 'vitest';
import { ScenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import { createSim, type Sim } from '../sim/sim.ts';
import { SEVERITIES, type LogQuery, type LogRecord } from './types.ts';
import { logCounts, searchLogs, warmLogIndex } from './index.ts';
import { unitLogs } from './logs.ts';
import { viewOf, type View } from './view.ts';
import { blockFor } from './summary.ts';
import { BLOCK_SEC, unitCount, type LogIndex } from './logIndex.ts';
import { compileText, eachWord, linkedFailuresMayContain, unitMayContain, type TextFilter } from './textFilter.ts';
import { tracesAt } from './traces.ts';
import { decodeTraceId } from './ids.ts';

type Lang = 'java' | 'go' | 'node' | 'python';

function shop(lang: Lang, faults: ScenarioInput['faults'], extra: Partial<ScenarioInput> = {}): ReturnType<typeof ScenarioSchema.parse> {
  return ScenarioSchema.parse({
    apiVersion: 'firedrill/v1',
    kind: 'Scenario',
    metadata: { id: `shop-${lang}`, title: 'Shop', summary: 'A small shop.', difficulty: 'beginner', durationMinutes: 10, objectives: ['find it'] },
    seed: 11,
    start: '2026-03-10T09:30:00Z',
    services: [
      { id: 'edge', type: 'gateway', replicas: 2, concurrency: 64, serviceTimeMs: 2, calls: [{ to: 'checkout', timeoutMs: 3000, retries: 1 }, { to: 'recommendations', timeoutMs: 300, critical: false }] },
      {
        id: 'checkout',
        type: 'api',
        language: lang,
        replicas: 3,
        concurrency: 16,
        serviceTimeMs: 20,
        startupSec: 15,
        memory: { baselineMb: 300, limitMb: 512 },
        calls: [
          { to: 'payments', timeoutMs: 2000, retries: 2 },
          { to: 'orders-db', perRequest: 2, timeoutMs: 1000, pool: 10 },
          { to: 'cart-cache', timeoutMs: 200, onMiss: 'orders-db' },
          { to: 'orders', timeoutMs: 500 },
          { to: 'recommendations', timeoutMs: 300, critical: false },
        ],
      },
      { id: 'recommendations', type: 'api', language: 'node', replicas: 2, concurrency: 32, serviceTimeMs: 15 },
      { id: 'payments', type: 'external', replicas: 1, concurrency: 1000, serviceTimeMs: 120 },
      { id: 'orders-db', type: 'database', replicas: 1, concurrency: 50, serviceTimeMs: 3 },
      { id: 'cart-cache', type: 'cache', replicas: 1, concurrency: 200, serviceTimeMs: 0.5 },
      { id: 'orders', type: 'queue', replicas: 3, concurrency: 100, serviceTimeMs: 1, partitions: 6 },
      { id: 'fulfilment', type: 'worker', language: lang === 'java' ? 'python' : lang, replicas: 2, concurrency: 4, serviceTimeMs: 30, consumes: 'orders', calls: [{ to: 'orders-db', timeoutMs: 1000 }] },
    ],
    traffic: [{ entry: 'edge', rps: 40 }],
    faults,
    ...extra,
  });
}

const f = (id: string, type: string, target: string, start: string, duration: string | undefined, params: Record<string, unknown>) =>
  ({ id, type, target, start, ...(duration ? { duration } : {}), params }) as NonNullable<ScenarioInput['faults']>[number];

/** Four runs of 8 minutes that between them raise every fault type. */
const RUNS: { name: string; scenario: ReturnType<typeof shop> }[] = [
  {
    name: 'java: errorRate, dependencyLatency, pool exhaustion, disk full, a deploy',
    scenario: shop(
      'java',
      [
        f('bug', 'errorRate', 'checkout', '1m', '1m', { ratio: 0.2, endpoint: 'POST /api/checkout' }),
        f('slow', 'dependencyLatency', 'checkout', '2m30s', '1m', { dependency: 'payments', addMs: 2500 }),
        f('pool', 'connectionPoolExhaustion', 'checkout', '4m', '1m30s', { dependency: 'orders-db', poolSize: 1, leakPerMinute: 30 }),
        f('disk', 'diskFull', 'checkout', '30s', undefined, { mbPerMinute: 4000 }),
      ],
      { changes: [{ id: 'd1', at: '5m30s', type: 'deploy', service: 'checkout', version: 'v1.42.0', summary: 'pricing' }] },
    ),
  },
  {
    name: 'go: errorRate, zone outage, expired certificate, DNS failure, outage',
    scenario: shop('go', [
      f('bug', 'errorRate', 'checkout', '20s', '40s', { ratio: 0.3 }),
      f('az', 'zoneOutage', '*', '1m', '1m', { zone: 'a' }),
      f('cert', 'certificateExpiry', 'payments', '2m30s', '1m', {}),
      f('dns', 'dnsFailure', 'orders-db', '4m', '1m', { ratio: 0.5 }),
      f('down', 'outage', 'recommendations', '5m30s', '1m', {}),
    ]),
  },
  {
    name: 'node: memory leak to OOM, retry storm, rate limit, bad feature flag',
    scenario: shop(
      'node',
      [
        f('leak', 'memoryLeak', 'checkout', '30s', undefined, { mbPerMinute: 150 }),
        f('storm', 'retryStorm', 'checkout', '2m', '1m', { retries: 3, blipSec: 20 }),
        f('limit', 'rateLimited', 'checkout', '3m30s', '1m', { limitRps: 10 }),
        f('ff', 'badFeatureFlag', 'checkout', '5m', '1m30s', { flag: 'new-pricing', errorRatio: 0.3 }),
      ],
      { flags: [{ id: 'new-pricing', service: 'checkout' }] },
    ),
  },
  {
    name: 'python: errorRate everywhere, cache failure, slow consumer, traffic spike, CPU saturation, pod crash, latency',
    scenario: shop('python', [
      f('bug', 'errorRate', '*', '7m', '30s', { ratio: 0.2, endpoint: 'GET /api/broken' }),
      f('cache', 'cacheFailure', 'cart-cache', '30s', '1m', { hitRatio: 0, warmupMinutes: 1 }),
      f('lag', 'queueConsumerSlowdown', 'fulfilment', '1m', '3m', { factor: 20 }),
      f('spike', 'trafficSpike', 'edge', '2m30s', '1m', { multiplier: 6 }),
      f('cpu', 'cpuSaturation', 'checkout', '4m', '1m', { ratio: 0.9 }),
      f('crash', 'podCrash', 'checkout', '5m', undefined, { count: 2 }),
      f('slow', 'latency', 'recommendations', '6m', '1m', { multiplier: 3, addMs: 200 }),
    ]),
  },
];

const END = 480;

interface Truth {
  sim: Sim;
  v: View;
  /** Every unit's lines, by inst * END + sec. */
  lines: Map<number, LogRecord[]>;
}

function truthOf(scenario: ReturnType<typeof shop>): Truth {
  const sim = createSim(scenario);
  sim.runUntil(END);
  const v = viewOf(sim);
  const lines = new Map<number, LogRecord[]>();
  for (let sec = 0; sec < END; sec++) {
    for (let inst = 0; inst < sim.model.nInst; inst++) lines.set(inst * END + sec, unitLogs(v, inst, sec));
    if (sec % 50 === 0) v.memo.clear();
  }
  v.memo.clear();
  return { sim, v, lines };
}

/** The search as a scan of every unit would answer it (no scan bound). */
function bruteSearch(t: Truth, q: LogQuery): { records: LogRecord[]; truncated: boolean } {
  const limit = q.limit ?? 500;
  const min = SEVERITIES.indexOf(q.minSeverity ?? 'DEBUG');
  const text = q.text?.toLowerCase();
  const match = (r: LogRecord) => SEVERITIES.indexOf(r.severity) >= min && (!text || r.body.toLowerCase().includes(text) || (r.stack ?? '').toLowerCase().includes(text));
  const model = t.sim.model;
  const insts = [...Array(model.nInst).keys()].filter((i) => model.services[i % model.nSvc]?.type !== 'external' && (q.service === undefined || model.svcIds[i % model.nSvc] === q.service));
  const records: LogRecord[] = [];
  for (let i = 0; i < q.toSec - q.fromSec; i++) {
    const sec = q.order === 'desc' ? q.toSec - 1 - i : q.fromSec + i;
    const batch = insts.flatMap((inst) => (t.lines.get(inst * END + sec) ?? []).filter(match));
    batch.sort((a, b) => a.timeMs - b.timeMs);
    if (q.order === 'desc') batch.reverse();
    for (const r of batch) {
      if (records.length >= limit) return { records, truncated: true };
      records.push(r);
    }
  }
  return { records, truncated: false };
}

/** Texts to search for: words and pieces of the run's own lines, and texts no line holds. */
function textsOf(t: Truth): string[] {
  const texts = new Set(['NullPointerException', 'connection refused', 'no such text anywhere', 'deadline exceeded', 'GET /api', '503', 'OOMKilled', 'x509', 'Retrying request', 'timed out', 'beef']);
  let k = 0;
  for (const recs of t.lines.values()) {
    for (const r of recs) {
      k += 1;
      if (k % 997 === 0) texts.add(r.body.slice(5, 24));
      if (k % 1999 === 0 && r.stack) texts.add(r.stack.slice(r.stack.length - 30, r.stack.length - 10));
      if (r.severity !== 'INFO' && r.severity !== 'DEBUG' && k % 13 === 0) {
        const words: string[] = [];
        eachWord(r.body.toLowerCase(), (w) => words.push(w));
        const w = words[(k >> 4) % Math.max(1, words.length)];
        if (w && w.length > 3) texts.add(w.toUpperCase());
      }
    }
  }
  return [...[...texts].slice(0, 24), ...exceptionTextsOf(t)];
}

/**
 * Texts that name the exceptions of the run's failure lines, as a trainee pastes them: whole
 * dotted types, in other cases, within the words around them, and a retry's root cause (which
 * names only the innermost exception).
 */
function exceptionTextsOf(t: Truth): string[] {
  const types = new Set<string>();
  let retry: string | undefined;
  for (const recs of t.lines.values()) {
    for (const r of recs) {
      const type = r.attributes['exception.type'];
      if (typeof type === 'string') types.add(type);
      const at = r.body.indexOf(' after: ');
      if (retry === undefined && r.body.startsWith('Retrying request') && at >= 0) retry = r.body.slice(at + 1, at + 40);
    }
  }
  const out: string[] = [];
  // Dotted types (Java, Python) first.
  for (const type of [...types].sort((a, b) => Number(b.includes('.')) - Number(a.includes('.'))).slice(0, 3)) {
    out.push(type, type.toUpperCase(), type.slice(0, 1).toLowerCase() + type.slice(1, -1).toUpperCase() + type.slice(-1));
    out.push(`failed: ${type}`);
  }
  if (retry) out.push(retry, retry.toUpperCase());
  return out;
}

describe.each(RUNS)('log index: $name', ({ scenario }) => {
  const t = truthOf(scenario);
  const { sim, v } = t;
  const nSvc = sim.model.nSvc;

  it('counts every unit exactly as generating it does, and its filter admits every word of its lines', () => {
    const filters = new Map<string, TextFilter>();
    let checked = 0;
    for (let sec = 0; sec < END; sec++) {
      for (let inst = 0; inst < sim.model.nInst; inst++) {
        const recs = t.lines.get(inst * END + sec) ?? [];
        const blk = blockFor(v, Math.floor(inst / nSvc), sec);
        const u = (sec - blk.start) * nSvc + (inst % nSvc);
        const want = SEVERITIES.map((s) => recs.filter((r) => r.severity === s).length);
        const got = SEVERITIES.map((_, k) => unitCount(blk, u, k));
        if (got.join() !== want.join()) expect({ service: sim.model.svcIds[inst % nSvc], sec, got }).toEqual({ service: sim.model.svcIds[inst % nSvc], sec, got: want });
        const words = new Set<string>();
        for (const r of recs) for (const text of [r.body, r.stack ?? '']) eachWord(text.toLowerCase(), (w) => words.add(w));
        for (const w of words) {
          let tf = filters.get(w);
          if (!tf) filters.set(w, (tf = compileText(v, ` ${w} `)));
          if (!unitMayContain(blk, u, tf)) expect({ word: w, service: sim.model.svcIds[inst % nSvc], sec }).toBe('admitted');
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('admits, for the failure lines of sampled requests, every word of those lines', () => {
    const filters = new Map<string, TextFilter>();
    let checked = 0;
    for (let sec = 0; sec < END; sec++) {
      for (let inst = 0; inst < sim.model.nInst; inst++) {
        const blk = blockFor(v, Math.floor(inst / nSvc), sec);
        const u = (sec - blk.start) * nSvc + (inst % nSvc);
        const fail = blk.linkFail.get(u);
        // A search generates the unit without these lines (and their traces) when this says no.
        const linked = (t.lines.get(inst * END + sec) ?? []).filter((r) => r.severity !== 'INFO' && r.severity !== 'DEBUG' && r.traceId !== undefined && decodeTraceId(sim.seed, r.traceId)?.sampled);
        if (linked.length > 0) expect(fail).toBeDefined();
        if (!fail) continue;
        const words = new Set<string>();
        for (const r of linked) for (const text of [r.body, r.stack ?? '']) eachWord(text.toLowerCase(), (w) => words.add(w));
        for (const w of words) {
          let tf = filters.get(w);
          if (!tf) filters.set(w, (tf = compileText(v, ` ${w} `)));
          if (!linkedFailuresMayContain(blk, u, fail, tf)) expect({ word: w, service: sim.model.svcIds[inst % nSvc], sec }).toBe('admitted');
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives every hint the severity of the line it renders', () => {
    for (let sec = 0; sec < END; sec += 7) for (const g of tracesAt(v, sec, 0)) for (const h of g.hints) expect(h.render().severity).toBe(h.sev);
    v.memo.clear();
  });

  it('answers filtered searches exactly as a scan of every unit', () => {
    const queries: LogQuery[] = [];
    for (const minSeverity of ['INFO', 'WARN', 'ERROR', 'FATAL'] as const) {
      queries.push({ fromSec: 0, toSec: END, minSeverity, limit: 5000 });
      queries.push({ fromSec: 0, toSec: END, minSeverity, order: 'desc', limit: 37 });
      queries.push({ fromSec: 100, toSec: 400, minSeverity, service: 'checkout', order: 'desc', limit: 200 });
    }
    for (const text of textsOf(t)) {
      queries.push({ fromSec: 0, toSec: END, text, limit: 5000 });
      queries.push({ fromSec: 0, toSec: END, text, minSeverity: 'WARN', order: 'desc', limit: 20 });
    }
    for (const q of queries) {
      const got = searchLogs(sim, q);
      const want = bruteSearch(t, q);
      if (got.records.length !== want.records.length || got.truncated !== want.truncated) expect({ q, n: got.records.length, truncated: got.truncated }).toEqual({ q, n: want.records.length, truncated: want.truncated });
      if (JSON.stringify(got.records) !== JSON.stringify(want.records)) expect({ q, records: got.records }).toEqual({ q, records: want.records });
      expect(got.resumeSec).toBeUndefined();
    }
  });

  it('counts histograms exactly, with or without a level or a text', () => {
    for (const q of [{}, { minSeverity: 'WARN' as const }, { service: 'checkout', minSeverity: 'ERROR' as const }, { text: 'timeout' }, { text: 'Pool stats' }]) {
      const got = logCounts(sim, { fromSec: 0, toSec: END, ...q }, 60);
      const want = got.map((b) => {
        const counts = { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 };
        for (const r of bruteSearch(t, { fromSec: b.startSec, toSec: b.startSec + 60, limit: 1e9, ...q }).records) counts[r.severity] += 1;
        return { startSec: b.startSec, counts };
      });
      expect(got).toEqual(want);
    }
  });
});

describe('log index: a caller that retries timeouts all day', () => {
  // Most attempts that time out succeed on retry: hundreds of seconds of retry warnings (which
  // name only the root cause), a few of requests failed with the client's exception. A search for
  // the exception must generate the few, not the hundreds (the bench's callers' exception search).
  const scenario = ScenarioSchema.parse({
    apiVersion: 'firedrill/v1',
    kind: 'Scenario',
    metadata: { id: 'retries', title: 'Retries', summary: 'Timeouts retried.', difficulty: 'beginner', durationMinutes: 10, objectives: ['find it'] },
    seed: 11,
    start: '2026-03-10T09:30:00Z',
    services: [
      { id: 'edge', type: 'gateway', replicas: 2, concurrency: 64, serviceTimeMs: 2, calls: [{ to: 'checkout', timeoutMs: 3000, retries: 1 }] },
      { id: 'checkout', type: 'api', language: 'java', replicas: 3, concurrency: 16, serviceTimeMs: 20, calls: [{ to: 'payments', timeoutMs: 150, retries: 2 }, { to: 'orders-db', timeoutMs: 1000 }] },
      { id: 'payments', type: 'api', language: 'go', replicas: 2, concurrency: 32, serviceTimeMs: 60 },
      { id: 'orders-db', type: 'database', replicas: 1, concurrency: 50, serviceTimeMs: 3 },
    ],
    traffic: [{ entry: 'edge', rps: 40 }],
  });
  const t = truthOf(scenario);
  const checkout = t.sim.model.svcIndex.get('checkout') ?? -1;
  const unitsWith = (text: string) => [...Array(END).keys()].filter((sec) => (t.lines.get(checkout * END + sec) ?? []).some((r) => `${r.body}\n${r.stack ?? ''}`.toLowerCase().includes(text.toLowerCase()))).length;
  const exception = 'org.springframework.web.client.ResourceAccessException';

  it('generates only units whose failed calls failed a request, and answers as a scan', () => {
    const retried = unitsWith('Retrying request');
    const failed = unitsWith(exception);
    expect(failed).toBeGreaterThan(0);
    expect(retried).toBeGreaterThan(20 * failed);
    for (const text of [exception, exception.toUpperCase(), 'ResourceAccessException', `Request processing failed: ${exception}: I/O error`, 'after: java.net.SocketTimeoutException: Read', 'RETRYING REQUEST (ATTEMPT 2/3) TO PAYMENTS']) {
      for (const q of [{ fromSec: 0, toSec: END, text, order: 'desc' as const, limit: 200 }, { fromSec: 0, toSec: END, text, limit: 7 }]) {
        const got = searchLogs(t.sim, q);
        expect(got).toEqual({ ...bruteSearch(t, q), scannedSeconds: got.scannedSeconds });
      }
    }
    expect(searchLogs(t.sim, { fromSec: 0, toSec: END, text: exception, order: 'desc', limit: 200 }).scannedSeconds).toBeLessThanOrEqual(2 * failed);
    expect(logCounts(t.sim, { fromSec: 0, toSec: END, text: exception }, 60).reduce((n, b) => n + b.counts.ERROR, 0)).toBe(bruteSearch(t, { fromSec: 0, toSec: END, text: exception, limit: 1e9 }).records.length);
  });
});

describe('log index lifetime', () => {
  it('answers the same (units generated included) whatever was asked before', () => {
    const s = RUNS[1]?.scenario as ReturnType<typeof shop>;
    const queries: LogQuery[] = [
      { fromSec: 0, toSec: END, text: 'timeout', order: 'desc', limit: 30 },
      { fromSec: 0, toSec: END, text: 'refused', minSeverity: 'WARN', limit: 100 },
      { fromSec: 60, toSec: 300, minSeverity: 'ERROR', order: 'desc', limit: 50 },
    ];
    const fresh = queries.map((q) => {
      const sim = createSim(s);
      sim.runUntil(END);
      return searchLogs(sim, q);
    });
    const sim = createSim(s);
    sim.runUntil(END);
    logCounts(sim, { fromSec: 0, toSec: END }, 60);
    searchLogs(sim, { fromSec: 0, toSec: END, text: 'x509 Pool stats', limit: 10 });
    expect(queries.map((q) => searchLogs(sim, q))).toEqual(fresh);
  });

  it('keeps summaries as the run goes on, and they equal summaries made afresh', () => {
    const s = RUNS[0]?.scenario as ReturnType<typeof shop>;
    const a = createSim(s);
    a.runUntil(200);
    const early = logCounts(a, { fromSec: 0, toSec: 200 }, 10);
    const ia = viewOf(a).logIndex;
    a.runUntil(420);
    const later = viewOf(a);
    expect(later.logIndex).toBe(ia); // inherited
    const b = createSim(s);
    b.runUntil(420);
    const fresh = logCounts(b, { fromSec: 0, toSec: 420 }, 10);
    expect(logCounts(a, { fromSec: 0, toSec: 420 }, 10)).toEqual(fresh);
    expect(fresh.slice(0, 20)).toEqual(early);
    // The block cut short at 200 s was summarised again for the longer run.
    const blk = blockFor(later, 0, 199);
    expect(blk.len).toBe(BLOCK_SEC);
  });

  it('extends blocks as the horizon moves, and summarises them in slices, to what summarising at once gives', () => {
    const s = RUNS[2]?.scenario as ReturnType<typeof shop>;
    const sorted = (idx: LogIndex) => [...idx.blocks.entries()].sort((x, y) => x[0] - y[0]);
    const once = createSim(s);
    once.runUntil(END - 3);
    logCounts(once, { fromSec: 0, toSec: END }, 60);
    const want = sorted(viewOf(once).logIndex);
    expect(want.length).toBe(8); // one environment, 470 s of final data

    // Queries as the clock moves: each extends the block at the horizon.
    const stepped = createSim(s);
    for (let t = 10; t < END; t += 10) {
      stepped.runUntil(Math.min(t, END - 3));
      logCounts(stepped, { fromSec: 0, toSec: t }, 60);
    }
    stepped.runUntil(END - 3);
    logCounts(stepped, { fromSec: 0, toSec: END }, 60);
    expect(sorted(viewOf(stepped).logIndex)).toEqual(want);

    // Warm-up in slices of two seconds of work, the horizon moving between slices.
    const warmed = createSim(s);
    let calls = 0;
    const more = () => ++calls % 3 !== 0;
    for (let t = 7; t < END; t += 7) {
      warmed.runUntil(t);
      warmLogIndex(warmed, more);
    }
    warmed.runUntil(END - 3);
    let slices = 0;
    while (!warmLogIndex(warmed, more)) slices += 1;
    expect(slices).toBeGreaterThan(0);
    expect(sorted(viewOf(warmed).logIndex)).toEqual(want);
    // Summaries are derived data: the run is untouched, and answers are those of a fresh run.
    expect(warmed.hash()).toBe(once.hash());
    const q: LogQuery = { fromSec: 0, toSec: END, text: 'timeout', order: 'desc', limit: 40 };
    const fresh = createSim(s);
    fresh.runUntil(END - 3);
    expect(searchLogs(warmed, q)).toEqual(searchLogs(fresh, q));
  });
});

