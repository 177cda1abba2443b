// Determinism is the engine's first law: same scenario + seed + actions => same run, bit for bit.
// Every check runs the simulation at least twice (madsim's idea).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSim, ScenarioSchema, summarize, type ScenarioInput } from '../../engine/src/index.ts';
import { run } from './build.ts';
import { shop } from './shop.ts';

const storm = shop({
  minutes: 20,
  changes: [{ id: 'deploy-9', at: '-10m', type: 'deploy', service: 'checkout', version: 'v2.0.0', summary: 'x' }],
  faults: [
    { id: 'leak', type: 'memoryLeak', target: 'checkout', start: '0s', causedBy: 'deploy-9', params: { mbPerMinute: 30 } },
    { id: 'slow', type: 'latency', target: 'payments', start: '5m', duration: '5m', params: { addMs: 900 } },
  ],
});
const actions = [
  { atSec: 400, type: 'restart', target: 'checkout' },
  { atSec: 700, type: 'rollback', target: 'checkout' },
  { atSec: 800, type: 'scale', target: 'gateway', params: { replicas: 5 } },
] as const;

describe('determinism', () => {
  it('the same scenario, seed and actions give the same hash and signals', () => {
    const a = run(storm, { actions: [...actions] });
    const b = run(storm, { actions: [...actions] });
    expect(a.hash()).toBe(b.hash());
    expect(summarize(a)).toEqual(summarize(b));
    expect(a.recorder.metrics.process_resident_memory_bytes).toEqual(b.recorder.metrics.process_resident_memory_bytes);
  });

  it('a different seed or a different action gives a different hash', () => {
    const base = run(storm, { actions: [...actions] }).hash();
    expect(run(storm, { actions: [...actions], seed: 8 }).hash()).not.toBe(base);
    expect(run(storm, { actions: [...actions.slice(0, 2)] }).hash()).not.toBe(base);
  });

  it('running in one go or in many small steps is the same', () => {
    const whole = run(storm);
    const steps = createSim(storm);
    for (let t = 7; t < steps.durationSec; t += 7) steps.runUntil(t);
    steps.runUntil(steps.durationSec);
    expect(steps.hash()).toBe(whole.hash());
  });

  it('snapshot at t, restore, continue: same as an uninterrupted run (RNG state included)', () => {
    const whole = run(storm, { actions: [...actions] });
    const sim = createSim(storm);
    sim.schedule([...actions]);
    sim.runUntil(450);
    const snap = sim.snapshot();
    sim.runUntil(900); // diverge from the snapshot ...
    sim.act({ type: 'scale', target: 'checkout', params: { replicas: 1 } });
    sim.runUntil(1000);
    sim.restore(snap); // ... and come back
    sim.schedule(actions.filter((a) => a.atSec >= 450));
    sim.runUntil(sim.durationSec);
    expect(sim.hash()).toBe(whole.hash());
  });

  it('taking an action live (act) equals scheduling it', () => {
    const scheduled = run(storm, { actions: [{ atSec: 300, type: 'rollback', target: 'checkout' }] });
    const live = createSim(storm);
    live.runUntil(300);
    live.act({ type: 'rollback', target: 'checkout' });
    live.runUntil(live.durationSec);
    expect(live.hash()).toBe(scheduled.hash());
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random valid scenarios never produce NaN, Infinity or negative counts, and the
// accounting identity holds for every service.

const serviceTypes = ['gateway', 'api', 'worker', 'database', 'cache', 'queue', 'external'] as const;
const faultArb = (n: number) =>
  fc.oneof(
    fc.record({ type: fc.constant('errorRate'), params: fc.record({ ratio: fc.double({ min: 0.01, max: 1, noNaN: true }) }) }),
    fc.record({ type: fc.constant('latency'), params: fc.record({ addMs: fc.integer({ min: 0, max: 5000 }), multiplier: fc.double({ min: 1, max: 5, noNaN: true }) }) }),
    fc.record({ type: fc.constant('outage'), params: fc.constant({}) }),
    fc.record({ type: fc.constant('memoryLeak'), params: fc.record({ mbPerMinute: fc.integer({ min: 1, max: 200 }) }) }),
    fc.record({ type: fc.constant('cpuSaturation'), params: fc.record({ ratio: fc.double({ min: 0.05, max: 0.99, noNaN: true }) }) }),
    fc.record({ type: fc.constant('trafficSpike'), params: fc.record({ multiplier: fc.double({ min: 1.1, max: 20, noNaN: true }) }) }),
    fc.record({ type: fc.constant('retryStorm'), params: fc.record({ retries: fc.integer({ min: 1, max: 5 }), blipSec: fc.integer({ min: 1, max: 60 }) }) }),
    fc.record({ type: fc.constant('certificateExpiry'), params: fc.constant({}) }),
    fc.record({ type: fc.constant('diskFull'), params: fc.record({ mbPerMinute: fc.integer({ min: 100, max: 20_000 }) }) }),
    fc.record({ type: fc.constant('podCrash'), params: fc.record({ count: fc.integer({ min: 1, max: 5 }) }) }),
    fc.record({ type: fc.constant('dnsFailure'), params: fc.record({ ratio: fc.double({ min: 0, max: 1, noNaN: true }) }) }),
    fc.record({ type: fc.constant('rateLimited'), params: fc.record({ limitRps: fc.integer({ min: 0, max: 500 }) }) }),
  ).chain((f) => fc.record({ target: fc.integer({ min: 0, max: n - 1 }), start: fc.integer({ min: 0, max: 500 }), duration: fc.option(fc.integer({ min: 1, max: 600 })) }).map((x) => ({ ...f, ...x })));

const scenarioArb = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    services: fc.array(
      fc.record({
        type: fc.constantFrom(...serviceTypes),
        replicas: fc.integer({ min: 0, max: 6 }),
        concurrency: fc.integer({ min: 1, max: 64 }),
        serviceTimeMs: fc.double({ min: 0.5, max: 500, noNaN: true }),
        calls: fc.array(fc.record({ offset: fc.integer({ min: 1, max: 5 }), perRequest: fc.double({ min: 0, max: 3, noNaN: true }), timeoutMs: fc.integer({ min: 10, max: 10_000 }), retries: fc.integer({ min: 0, max: 4 }), pool: fc.option(fc.integer({ min: 1, max: 50 })), critical: fc.boolean() }), { maxLength: 3 }),
      }),
      { minLength: n, maxLength: n },
    ),
    rps: fc.double({ min: 0, max: 3000, noNaN: true }),
    diurnal: fc.boolean(),
    faults: fc.array(faultArb(n), { maxLength: 3 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  }),
);

type Generated = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(x: Generated): ScenarioInput {
  const n = x.services.length;
  return {
    apiVersion: 'firedrill/v1',
    kind: 'Scenario',
    metadata: { id: 'prop', title: 'p', summary: 'p', difficulty: 'beginner', durationMinutes: 12, objectives: ['p'] },
    seed: x.seed,
    start: '2026-03-10T23:30:00Z',
    services: x.services.map((s, i) => ({
      id: `s${i}`,
      type: s.type,
      // A worker consumes the nearest queue above it, if any (queues come before their consumers).
      ...(s.type === 'worker' && x.services.slice(0, i).some((q) => q.type === 'queue')
        ? { consumes: `s${x.services.slice(0, i).map((q) => q.type).lastIndexOf('queue')}` }
        : {}),
      ...(s.type === 'queue' ? { partitions: 4 } : {}),
      replicas: s.replicas,
      concurrency: s.concurrency,
      serviceTimeMs: s.serviceTimeMs,
      // Calls only go "down" the list, so the graph is acyclic.
      calls: s.calls.filter((c) => i + c.offset < n).map((c) => ({ to: `s${i + c.offset}`, perRequest: c.perRequest, timeoutMs: c.timeoutMs, retries: c.retries, critical: c.critical, ...(c.pool ? { pool: c.pool } : {}) })).filter((c, k, all) => all.findIndex((d) => d.to === c.to) === k),
    })),
    traffic: [{ entry: 's0', rps: x.rps, pattern: x.diurnal ? 'diurnal' : 'constant' }],
    slos: [{ id: 'slo', service: 's0', indicator: 'latency', objective: 0.99, thresholdMs: 300 }],
    alerts: [{ id: 'a', type: 'burnRate', slo: 'slo', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page' }],
    faults: x.faults.map((f, k) => ({ id: `f${k}`, type: f.type, target: `s${f.target}`, start: `${f.start}s`, ...(f.duration ? { duration: `${f.duration}s` } : {}), params: f.params })) as ScenarioInput['faults'],
  };
}

describe('property: random valid scenarios', () => {
  it('never produce NaN, Infinity or negative counts, and conserve requests', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.record({ atSec: fc.integer({ min: 0, max: 700 }), type: fc.constantFrom('restart', 'scale', 'shedLoad', 'rollback'), target: fc.integer({ min: 0, max: 5 }), n: fc.integer({ min: 0, max: 8 }) }), { maxLength: 3 }), (x, acts) => {
        const s = ScenarioSchema.parse(build(x));
        const sim = createSim(s);
        sim.schedule(
          acts.map((a) => {
            const params: Record<string, number> = a.type === 'scale' ? { replicas: a.n } : a.type === 'shedLoad' ? { ratio: a.n / 10 } : {};
            return { atSec: a.atSec, type: a.type, target: `s${a.target}`, params };
          }),
        );
        sim.runUntil(sim.durationSec);
        const I = sim.state.inst;
        for (let i = 0; i < sim.model.nInst; i++) {
          for (const k of ['received', 'ok', 'failed', 'backlog', 'restarts', 'diskUsedBytes', 'svcMeanMs'] as const) {
            const v = I[k][i] ?? 0;
            expect(Number.isFinite(v), `${k}[${i}] = ${v}`).toBe(true);
            expect(v, `${k}[${i}]`).toBeGreaterThanOrEqual(0);
          }
          expect((I.ok[i] ?? 0) + (I.failed[i] ?? 0) + (I.backlog[i] ?? 0)).toBe(I.received[i]);
        }
        for (const [name, series] of Object.entries(sim.recorder.metrics)) {
          for (const chunk of series.chunks) {
            for (let k = 0; k < chunk.length; k++) {
              const v = chunk[k] ?? 0;
              if (!Number.isFinite(v) || v < 0) throw new Error(`${name}[${k}] = ${v} (seed ${x.seed})`);
            }
          }
        }
        const sum = summarize(sim);
        for (const svc of sum.services) expect(Number.isFinite(svc.latencyMsP95) && Number.isFinite(svc.latencyMsMean)).toBe(true);
        for (const slo of sum.slos) expect(slo.sli).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });

  it('same input => same hash (run twice)', () => {
    fc.assert(
      fc.property(scenarioArb, (x) => {
        const s = ScenarioSchema.parse(build(x));
        const a = createSim(s);
        a.runUntil(300);
        const b = createSim(s);
        b.runUntil(300);
        expect(a.hash()).toBe(b.hash());
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
