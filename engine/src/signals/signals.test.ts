import { describe, expect, it } from 'vitest';
import { ScenarioSchema, type ScenarioInput } from '../scenario/schema.ts';
import { createSim, type Sim } from '../sim/sim.ts';
import { formatIsoSec } from '../core/time.ts';
import { getTrace, listTraces, logCounts, logsAt, searchLogs, traceLookup, MAX_LOG_LIMIT, MAX_SCAN_UNITS, ERROR_CAP, type LogRecord, type Span, type Trace } from './index.ts';

const START = '2026-03-10T09:30:00Z';

function shop(faults: ScenarioInput['faults'], extra: Partial<ScenarioInput> = {}, checkoutLang?: 'java' | 'go' | 'node' | 'python'): ReturnType<typeof ScenarioSchema.parse> {
  return ScenarioSchema.parse({
    apiVersion: 'firedrill/v1',
    kind: 'Scenario',
    metadata: { id: 'shop', title: 'Shop', summary: 'A small shop.', difficulty: 'beginner', durationMinutes: 20, objectives: ['find it'] },
    seed: 7,
    start: START,
    services: [
      { id: 'edge', type: 'gateway', replicas: 2, concurrency: 64, serviceTimeMs: 2, calls: [{ to: 'checkout', timeoutMs: 3000, retries: 1 }] },
      {
        id: 'checkout',
        type: 'api',
        ...(checkoutLang ? { language: checkoutLang } : {}),
        replicas: 3,
        concurrency: 16,
        serviceTimeMs: 20,
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
      { id: 'fulfilment', type: 'worker', replicas: 2, concurrency: 4, serviceTimeMs: 30, consumes: 'orders', calls: [{ to: 'orders-db', timeoutMs: 1000 }] },
    ],
    traffic: [{ entry: 'edge', rps: 40 }],
    faults,
    ...extra,
  });
}

const ERROR_RATE: ScenarioInput['faults'] = [{ id: 'bug', type: 'errorRate', target: 'checkout', start: '5m', duration: '5m', params: { ratio: 0.2, endpoint: 'POST /api/checkout' } }];

function run(s: ReturnType<typeof shop>, untilSec: number, actions: Parameters<Sim['schedule']>[0] = []): Sim {
  const sim = createSim(s);
  sim.schedule(actions);
  sim.runUntil(untilSec);
  return sim;
}

const isError = (r: LogRecord) => r.severity === 'ERROR' || r.severity === 'FATAL';

describe('determinism', () => {
  it('gives identical logs and traces for the same scenario, seed and actions, whatever the query order', () => {
    const s = shop(ERROR_RATE);
    const actions = [{ atSec: 400, type: 'restart' as const, target: 'checkout' }];
    const a = run(s, 900, actions);
    const b = run(s, 900, actions);
    const queries = [
      () => logsAt(a, 'checkout', 'prod', 420),
      () => searchLogs(a, { fromSec: 290, toSec: 330, minSeverity: 'WARN' }),
      () => listTraces(a, { fromSec: 300, toSec: 320, status: 'error', limit: 20 }),
      () => logsAt(a, 'edge', 'prod', 10),
    ];
    const forward = queries.map((q) => q());
    const qb = [
      () => logsAt(b, 'checkout', 'prod', 420),
      () => searchLogs(b, { fromSec: 290, toSec: 330, minSeverity: 'WARN' }),
      () => listTraces(b, { fromSec: 300, toSec: 320, status: 'error', limit: 20 }),
      () => logsAt(b, 'edge', 'prod', 10),
    ];
    const backward = [3, 2, 1, 0].map((k) => qb[k]?.());
    expect(backward.reverse()).toEqual(forward);
    const id = forward[2] && 'traces' in forward[2] ? forward[2].traces[0]?.traceId : undefined;
    expect(id).toBeDefined();
    expect(getTrace(b, id as string)).toEqual(getTrace(a, id as string));
  });

  it('does not change a second once simulated, as the run goes on', () => {
    const s = shop(ERROR_RATE);
    const sim = createSim(s);
    sim.runUntil(330);
    const early = logsAt(sim, 'checkout', 'prod', 310);
    const earlyTraces = listTraces(sim, { fromSec: 300, toSec: 320 });
    sim.runUntil(1200);
    expect(logsAt(sim, 'checkout', 'prod', 310)).toEqual(early);
    expect(listTraces(sim, { fromSec: 300, toSec: 320 })).toEqual(earlyTraces);
    expect(logsAt(sim, 'checkout', 'prod', 5000)).toEqual([]);
  });
});

describe('logs', () => {
  const sim = run(shop(ERROR_RATE), 900);

  it('shows the errorRate fault as ERROR lines with a stack trace at the target, only while it stands', () => {
    const errs = searchLogs(sim, { fromSec: 0, toSec: 900, service: 'checkout', minSeverity: 'ERROR', limit: 5000 });
    expect(errs.records.length).toBeGreaterThan(50);
    for (const r of errs.records) {
      expect(r.timeMs).toBeGreaterThanOrEqual(300_000);
      expect(r.timeMs).toBeLessThan(600_000);
    }
    const withStack = errs.records.filter((r) => r.stack);
    expect(withStack.length).toBeGreaterThan(0);
    expect(withStack[0]?.stack).toMatch(/^java\.lang\.\w+: .*\n\tat com\.acme\.checkout\./);
    expect(withStack[0]?.body).toContain('Request processing failed: java.lang.');
  });

  it('keeps INFO and WARN noise in healthy periods, but no ERROR', () => {
    const counts = logCounts(sim, { fromSec: 0, toSec: 300 }, 60);
    const total = counts.reduce((acc, b) => ({ INFO: acc.INFO + b.counts.INFO, WARN: acc.WARN + b.counts.WARN, ERROR: acc.ERROR + b.counts.ERROR + b.counts.FATAL }), { INFO: 0, WARN: 0, ERROR: 0 });
    expect(total.INFO).toBeGreaterThan(500);
    expect(total.WARN).toBeGreaterThan(10);
    expect(total.ERROR).toBe(0);
    const warns = searchLogs(sim, { fromSec: 0, toSec: 300, minSeverity: 'WARN', limit: 5000 }).records.map((r) => r.body);
    expect(warns.some((b) => b.includes('/healthcheck'))).toBe(true);
    expect(warns.some((b) => /[Dd]eprecat/.test(b))).toBe(true);
  });

  it('stamps lines with the simulated wall clock, pods and sorted times', () => {
    const lines = logsAt(sim, 'checkout', 'prod', 61);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.timeMs).toBeGreaterThanOrEqual(61_000);
      expect(l.timeMs).toBeLessThan(62_000);
      expect(l.timestamp.startsWith('2026-03-10T09:31:01.')).toBe(true);
      expect(l.pod).toMatch(/^checkout-[a-z0-9]{10}-[a-z0-9]{5}$/);
    }
    expect(lines.map((l) => l.timeMs)).toEqual([...lines.map((l) => l.timeMs)].sort((x, y) => x - y));
    expect(logsAt(sim, 'payments', 'prod', 61)).toEqual([]); // third parties write no logs of ours
  });

  it('searches by text, level, service and order', () => {
    const npe = searchLogs(sim, { fromSec: 300, toSec: 360, text: 'nullpointerexception', limit: 50 });
    expect(npe.records.length).toBe(50);
    expect(npe.truncated).toBe(true);
    for (const r of npe.records) expect(`${r.body}\n${r.stack ?? ''}`.toLowerCase()).toContain('nullpointerexception');
    const warn = searchLogs(sim, { fromSec: 0, toSec: 60, minSeverity: 'WARN', service: 'edge' });
    for (const r of warn.records) {
      expect(['WARN', 'ERROR', 'FATAL']).toContain(r.severity);
      expect(r.service).toBe('edge');
    }
    const desc = searchLogs(sim, { fromSec: 100, toSec: 110, service: 'checkout', order: 'desc', limit: 20 });
    const times = desc.records.map((r) => r.timeMs);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(desc.records[0]?.timeMs).toBeGreaterThanOrEqual(109_000);
  });

  it('finds the lines of a trace from its id, reading only the seconds it touched', () => {
    const t = listTraces(sim, { fromSec: 400, toSec: 420, status: 'error', limit: 5 }).traces[0];
    expect(t).toBeDefined();
    const found = searchLogs(sim, { fromSec: 0, toSec: 900, traceId: t?.traceId });
    expect(found.records.length).toBeGreaterThan(1);
    expect(found.scannedSeconds).toBeLessThanOrEqual(6);
    for (const r of found.records) expect(r.traceId).toBe(t?.traceId);
    expect(new Set(found.records.map((r) => r.service)).size).toBeGreaterThan(1);
    expect(found.records.some(isError)).toBe(true);
  });

  it('caps ERROR lines per second and keeps the true count in an attribute', () => {
    const storm = run(shop([{ id: 'down', type: 'outage', target: 'checkout', start: '1m', duration: '2m', params: {} }]), 200);
    const lines = logsAt(storm, 'edge', 'prod', 100);
    const errs = lines.filter(isError);
    expect(errs.length).toBeLessThanOrEqual(ERROR_CAP);
    expect(errs.length).toBeGreaterThan(0);
    expect(Number(errs[0]?.attributes['errors_in_second'])).toBeGreaterThan(ERROR_CAP);
    expect(errs.some((r) => /no healthy upstream|connection failure/.test(r.body))).toBe(true);
  });
});

describe('fault signatures', () => {
  it('shows a slow dependency as timeouts at the caller', () => {
    const sim = run(shop([{ id: 'slow', type: 'dependencyLatency', target: 'checkout', start: '2m', duration: '3m', params: { dependency: 'payments', addMs: 2500 } }]), 400);
    const errs = searchLogs(sim, { fromSec: 120, toSec: 300, service: 'checkout', text: 'Read timed out', minSeverity: 'ERROR', limit: 20 });
    expect(errs.records.length).toBeGreaterThan(0);
    expect(errs.records[0]?.stack).toContain('Caused by: java.net.SocketTimeoutException: Read timed out');
    expect(searchLogs(sim, { fromSec: 0, toSec: 120, service: 'checkout', text: 'Read timed out' }).records).toEqual([]);
    const go = run(shop([{ id: 'slow', type: 'dependencyLatency', target: 'checkout', start: '2m', duration: '3m', params: { dependency: 'payments', addMs: 2500 } }], {}, 'go'), 300);
    expect(searchLogs(go, { fromSec: 120, toSec: 300, service: 'checkout', text: 'context deadline exceeded', limit: 1 }).records.length).toBe(1);
  });

  it('shows connection-pool exhaustion as HikariCP timeouts at the caller, and the pool stats', () => {
    const sim = run(shop([{ id: 'pool', type: 'connectionPoolExhaustion', target: 'checkout', start: '2m', duration: '3m', params: { dependency: 'orders-db', poolSize: 1, leakPerMinute: 30 } }]), 360);
    const errs = searchLogs(sim, { fromSec: 0, toSec: 360, service: 'checkout', text: 'HikariPool-1 - Connection is not available, request timed out after 1000ms.', limit: 5 }).records;
    expect(errs.length).toBeGreaterThan(0);
    expect(errs[0]?.timeMs).toBeGreaterThanOrEqual(120_000);
    expect(errs[0]?.stack).toContain('at com.zaxxer.hikari.pool.HikariPool.getConnection');
    const stats = searchLogs(sim, { fromSec: 150, toSec: 300, service: 'checkout', text: 'Pool stats (total=', limit: 50 }).records;
    expect(stats.some((r) => /waiting=[1-9]/.test(r.body))).toBe(true);
  });

  it('shows a lost zone as no route to host to our own pods (not to third parties)', () => {
    const sim = run(shop([{ id: 'az', type: 'zoneOutage', target: '*', start: '2m', duration: '2m', params: { zone: 'a' } }], {}, 'go'), 300);
    const lines = searchLogs(sim, { fromSec: 0, toSec: 300, service: 'checkout', text: 'connect: no route to host', limit: 100 }).records;
    expect(lines.length).toBeGreaterThan(0);
    for (const r of lines) {
      expect(r.timeMs).toBeGreaterThanOrEqual(120_000);
      expect(r.body).not.toContain('payments');
      expect(r.body).toMatch(/dial tcp 10\.1\.\d+\.\d+:(5432|6379|9092|8080): connect: no route to host/);
    }
  });

  it('prints the simulated time in an expired certificate error', () => {
    const sim = run(shop([{ id: 'cert', type: 'certificateExpiry', target: 'payments', start: '3m', params: {} }], {}, 'go'), 300);
    const errs = searchLogs(sim, { fromSec: 170, toSec: 300, service: 'checkout', text: 'x509: certificate has expired', limit: 20 }).records;
    expect(errs.length).toBeGreaterThan(0);
    for (const r of errs) {
      expect(r.timeMs).toBeGreaterThanOrEqual(180_000);
      const now = formatIsoSec(Date.parse(START) / 1000 + Math.floor(r.timeMs / 1000));
      expect(r.body).toContain(`current time ${now} is after 2026-03-10T09:33:00Z`);
    }
  });

  it('logs a memory leak as GC pressure, then the runtime out-of-memory error and the OOM kill', () => {
    const sim = run(shop([{ id: 'leak', type: 'memoryLeak', target: 'checkout', start: '1m', params: { mbPerMinute: 120 } }]), 600);
    const kills = sim.recorder.timeline.filter((e) => e.kind === 'podCrash');
    expect(kills.length).toBeGreaterThan(0);
    const k = kills[0];
    const suffix = /-([a-z0-9]{5}) OOMKilled/.exec(k?.text ?? '')?.[1];
    const at = logsAt(sim, 'checkout', 'prod', k?.atSec ?? 0);
    const oom = at.find((r) => r.body.includes('java.lang.OutOfMemoryError: Java heap space'));
    const event = at.find((r) => r.attributes['k8s.event.reason'] === 'OOMKilled');
    expect(oom?.pod.endsWith(`-${suffix}`)).toBe(true);
    expect(event?.body).toContain('Exit Code: 137');
    expect(event?.pod).toBe(oom?.pod);
    const gc = searchLogs(sim, { fromSec: 60, toSec: k?.atSec ?? 600, service: 'checkout', text: 'Pause Full', limit: 5 });
    expect(gc.records.length).toBeGreaterThan(0);
  });

  it('logs deploy startup lines with the new version when a rollout happens', () => {
    const sim = run(shop([], { changes: [{ id: 'd1', at: '2m', type: 'deploy', service: 'checkout', version: 'v1.42.0', summary: 'pricing' }] }), 400);
    const started = searchLogs(sim, { fromSec: 0, toSec: 400, service: 'checkout', text: 'Started CheckoutApplication' }).records;
    expect(started.length).toBe(3); // one per replaced pod
    for (const r of started) {
      expect(r.timeMs).toBeGreaterThan(120_000);
      expect(r.attributes['service.version']).toBe('v1.42.0');
    }
    expect(searchLogs(sim, { fromSec: 0, toSec: 400, service: 'checkout', text: 'Starting CheckoutApplication v1.42.0' }).records.length).toBe(3);
  });

  it('logs the flag evaluation and the new path\'s exception for a bad feature flag', () => {
    const sim = run(shop([{ id: 'ff', type: 'badFeatureFlag', target: 'checkout', start: '2m', duration: '2m', params: { flag: 'new-pricing', errorRatio: 0.3 } }], { flags: [{ id: 'new-pricing', service: 'checkout' }] }), 300);
    const flag = searchLogs(sim, { fromSec: 0, toSec: 300, service: 'checkout', text: 'flag new-pricing evaluated to', limit: 5 });
    expect(flag.records.length).toBeGreaterThan(0);
    const errs = searchLogs(sim, { fromSec: 120, toSec: 240, service: 'checkout', minSeverity: 'ERROR', text: 'new-pricing', limit: 5 });
    expect(errs.records.length).toBeGreaterThan(0);
  });
});

describe('traces', () => {
  const sim = run(shop(ERROR_RATE), 700);

  function byId(t: Trace): Map<string, Span> {
    return new Map(t.spans.map((s) => [s.spanId, s]));
  }

  it('returns error traces with the failing span at the failing service, nested in time', () => {
    const list = listTraces(sim, { fromSec: 300, toSec: 600, status: 'error', limit: 50 });
    expect(list.traces.length).toBe(50);
    for (const sum of list.traces) {
      const t = getTrace(sim, sum.traceId) as Trace;
      expect(t.status).toBe('error');
      expect(t.spans[0]?.service).toBe('edge');
      expect(t.spans.some((s) => s.service === 'checkout' && s.kind === 'server' && s.status === 'error' && s.events?.some((e) => e.name === 'exception'))).toBe(true);
      const spans = byId(t);
      for (const s of t.spans) {
        expect(s.traceId).toBe(t.traceId);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
        if (!s.parentSpanId) continue;
        const p = spans.get(s.parentSpanId) as Span;
        expect(p).toBeDefined();
        expect(s.startMs).toBeGreaterThanOrEqual(p.startMs);
        const timedOut = p.attributes['error.type'] === 'timeout' || p.attributes['error.type'] === 'pool';
        if (!timedOut) expect(s.startMs + s.durationMs).toBeLessThanOrEqual(p.startMs + p.durationMs + 1e-6);
      }
    }
  });

  it('retries are sibling client spans with an attempt number', () => {
    const t = listTraces(sim, { fromSec: 300, toSec: 600, status: 'error', limit: 100 }).traces.map((x) => getTrace(sim, x.traceId) as Trace);
    const retried = t.find((x) => x.spans.some((s) => s.kind === 'client' && s.service === 'edge' && s.attributes['attempt'] === 2));
    expect(retried).toBeDefined();
    const attempts = retried?.spans.filter((s) => s.kind === 'client' && s.service === 'edge') ?? [];
    expect(new Set(attempts.map((s) => s.parentSpanId)).size).toBe(1);
    expect(attempts.map((s) => s.attributes['attempt'])).toEqual([1, 2]);
  });

  it('agrees with the logs: an error line with a sampled trace id has an error span at its service', () => {
    const errs = searchLogs(sim, { fromSec: 300, toSec: 330, minSeverity: 'ERROR', limit: 5000 }).records;
    let sampled = 0;
    for (const r of errs) {
      const look = traceLookup(sim, r.traceId as string);
      if (!look.sampled) {
        expect(look.reason).toMatch(/not sampled/);
        continue;
      }
      sampled += 1;
      const span = look.trace?.spans.find((s) => s.spanId === r.spanId);
      expect(span?.service).toBe(r.service);
      expect(span?.status).toBe('error');
    }
    expect(sampled).toBeGreaterThan(5);
  });

  it('has healthy head-sampled traces outside the fault, and none for seconds not simulated yet', () => {
    const ok = listTraces(sim, { fromSec: 0, toSec: 60, limit: 1000 });
    // One head trace per entry per second: requests at the edge, and messages the worker consumed.
    expect(ok.traces.filter((t) => t.rootService === 'edge').length).toBe(60);
    expect(ok.traces.filter((t) => t.rootService === 'fulfilment').length).toBe(60);
    expect(ok.traces.every((t) => t.status === 'ok')).toBe(true);
    expect(ok.traces.find((t) => t.rootService === 'edge')?.services).toEqual(expect.arrayContaining(['edge', 'checkout', 'orders-db', 'payments']));
    const consumed = getTrace(sim, ok.traces.find((t) => t.rootService === 'fulfilment')?.traceId ?? '');
    expect(consumed?.spans[0]?.kind).toBe('consumer');
    expect(listTraces(sim, { fromSec: 700, toSec: 800 }).traces).toEqual([]);
    expect(getTrace(sim, '0'.repeat(32))).toBeNull();
  });
});

describe('bounds', () => {
  it('reads a few seconds to find a trace in an hour of a 30-service run, and bounds plain scans', () => {
    const services = Array.from({ length: 30 }, (_, i) => ({
      id: `s${i}`,
      type: i === 0 ? ('gateway' as const) : ('api' as const),
      replicas: 3,
      concurrency: 256,
      serviceTimeMs: 5,
      calls: [
        ...(i + 1 < 30 ? [{ to: `s${i + 1}`, perRequest: 0.8, timeoutMs: 2000, retries: 1 }] : []),
        ...(i + 2 < 30 ? [{ to: `s${i + 2}`, perRequest: 0.3, timeoutMs: 1000 }] : []),
      ],
    }));
    const s = ScenarioSchema.parse({
      apiVersion: 'firedrill/v1',
      kind: 'Scenario',
      metadata: { id: 'big', title: 'Big', summary: 'Thirty services.', difficulty: 'advanced', durationMinutes: 60, objectives: ['scale'] },
      seed: 42,
      start: START,
      services,
      traffic: [{ entry: 's0', rps: 200 }],
      faults: [{ id: 'f', type: 'errorRate', target: 's5', start: '30m', duration: '10m', params: { ratio: 0.05 } }],
    });
    const sim = run(s, 3600);
    const t = listTraces(sim, { fromSec: 1800, toSec: 2400, status: 'error', limit: 1 }).traces[0];
    expect(t).toBeDefined();
    const found = searchLogs(sim, { fromSec: 0, toSec: 3600, traceId: t?.traceId });
    expect(found.records.length).toBeGreaterThan(0);
    // Only the (service, second) units the trace touched: its services over the 1-2 seconds it
    // spans, instead of 30 services x 3600 s = 108,000 units for a scan.
    const secondsSpanned = Math.ceil(((t?.startMs ?? 0) % 1000 + (t?.durationMs ?? 0)) / 1000) + 1;
    expect(found.scannedSeconds).toBeLessThanOrEqual((t?.services.length ?? 0) * secondsSpanned);
    expect(new Set(found.records.map((r) => Math.floor(r.timeMs / 1000))).size).toBeLessThanOrEqual(secondsSpanned);
    const unsampled = searchLogs(sim, { fromSec: 1800, toSec: 3600, minSeverity: 'ERROR', limit: 200 }).records.find((r) => r.traceId && !traceLookup(sim, r.traceId).sampled);
    expect(unsampled).toBeDefined();
    const one = searchLogs(sim, { fromSec: 0, toSec: 3600, traceId: unsampled?.traceId });
    expect(one.scannedSeconds).toBe(1);
    expect(one.records.map((r) => r.traceId)).toContain(unsampled?.traceId);
    // The log summaries rule out a text no line could hold without generating anything...
    const none = searchLogs(sim, { fromSec: 0, toSec: 3600, text: 'no such text anywhere' });
    expect(none).toEqual({ records: [], truncated: false, scannedSeconds: 0 });
    // ...but a text every access line could hold (and none does) needs the units generated: bounded.
    const all = searchLogs(sim, { fromSec: 0, toSec: 3600, text: 'GET GET' });
    expect(all.records).toEqual([]);
    expect(all.truncated).toBe(true);
    expect(all.scannedSeconds).toBeLessThanOrEqual(MAX_SCAN_UNITS);
    expect(all.resumeSec).toBeGreaterThan(0);
    expect(all.resumeSec).toBeLessThan(3600);
    // Histograms add up the summaries: exact over the hour (108,000 units).
    const hist = logCounts(sim, { fromSec: 0, toSec: 3600, minSeverity: 'ERROR' }, 300);
    expect(hist.length).toBe(12);
    expect(hist.some((b) => b.estimated)).toBe(false);
    expect(hist.slice(0, 6).map((b) => b.counts.ERROR)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(hist[7]?.counts.ERROR).toBeGreaterThan(0); // the fault stands from 30 to 40 minutes
    const minute = logCounts(sim, { fromSec: 2100, toSec: 2160, minSeverity: 'ERROR' }, 60)[0];
    const errors = searchLogs(sim, { fromSec: 2100, toSec: 2160, minSeverity: 'ERROR', limit: MAX_LOG_LIMIT });
    expect(errors.truncated).toBe(false);
    expect(errors.records.length).toBe((minute?.counts.ERROR ?? 0) + (minute?.counts.FATAL ?? 0));
  });
});
