import { describe, expect, it } from 'vitest';
import { erlangC, steadyWait, meanOf } from '../../engine/src/index.ts';
import { errorRatio, meanOver, run, scenario, series, summarize } from './build.ts';

describe('M/M/c steady state', () => {
  it('Erlang C matches textbook values', () => {
    // c=2, a=1 erlang: C = 1/3 (exact).
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12);
    const w = steadyWait(4, 0.064, 50, 2500);
    expect(meanOf({ delayMs: 0, ...w, serviceMeanMs: 50, serviceVarMs2: 2500 })).toBeCloseTo(87.277, 2);
  });

  it.each([
    { c: 4, replicas: 4, concurrency: 1, rps: 64, expected: 87.3 },
    { c: 4, replicas: 2, concurrency: 2, rps: 64, expected: 87.3 },
    { c: 1, replicas: 1, concurrency: 1, rps: 16, expected: 250 },
  ])('a simulated service with c=$c, 50 ms, $rps rps has a mean response within 5% of $expected ms', ({ replicas, concurrency, rps, expected }) => {
    const s = scenario({
      minutes: 60,
      services: [{ id: 'api', type: 'api', replicas, concurrency, serviceTimeMs: 50 }],
      traffic: [{ entry: 'api', rps, noise: 0 }],
    });
    const sim = run(s);
    const api = summarize(sim).services.find((x) => x.id === 'api');
    expect(api).toBeDefined();
    expect(Math.abs((api?.latencyMsMean ?? 0) - expected) / expected).toBeLessThan(0.05);
    expect(api?.errors).toBe(0);
  });
});

describe('overload (ρ ≥ 1)', () => {
  const s = scenario({
    minutes: 10,
    services: [{ id: 'api', type: 'api', replicas: 2, concurrency: 4, serviceTimeMs: 50, queueLimit: 100_000 }],
    traffic: [{ entry: 'api', rps: 240, noise: 0, clientTimeoutMs: 30_000 }], // capacity 160 rps
  });

  it('grows a backlog with the excess, keeps every request accounted for, and fails those past the deadline', () => {
    const sim = run(s, { untilSec: 0 });
    const i = 0;
    const I = sim.state.inst;
    let lastBacklog = 0;
    for (let t = 1; t <= 600; t++) {
      sim.runUntil(t);
      const received = I.received[i] ?? 0;
      const accounted = (I.ok[i] ?? 0) + (I.failed[i] ?? 0) + (I.backlog[i] ?? 0);
      expect(accounted).toBe(received);
      if (t > 2 && t < 55) {
        expect(I.backlog[i] ?? 0).toBeGreaterThan(lastBacklog); // grows with the excess
      }
      lastBacklog = I.backlog[i] ?? 0;
    }
    // ~80 rps excess for ~30 s before requests wait past the 30 s deadline: ~2,400 queued.
    expect(lastBacklog).toBeGreaterThan(4000);
    const p95 = series(sim, 'api', 'http_server_request_duration_seconds_p95');
    // Latency climbs with the queue until requests wait about the 30 s deadline.
    expect(p95[1] ?? 0).toBeLessThan(p95[3] ?? 0);
    expect(p95[3] ?? 0).toBeLessThan(p95[5] ?? 0);
    expect(p95[30] ?? 0).toBeGreaterThan(25);
    expect(errorRatio(sim, 'api', 300, 600)).toBeGreaterThan(0.25); // ~1/3 of arrivals cannot be served
  });

  it('a service below capacity has no backlog and no errors', () => {
    const ok = run(scenario({ minutes: 5, traffic: [{ entry: 'api', rps: 300, noise: 0.05 }] })); // 3x8/40ms = 600 rps
    expect(ok.state.inst.backlog[0]).toBe(0);
    expect(errorRatio(ok, 'api', 0, 300)).toBe(0);
    expect(meanOver(ok, 'api', 'http_server_request_duration_seconds_p50', 0, 300)).toBeLessThan(0.05);
  });
});
