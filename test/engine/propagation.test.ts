import { describe, expect, it } from 'vitest';
import { errorRatio, inst, meanOver, run, scenario, series, sumOver } from './build.ts';

describe('retries amplify load', () => {
  it('a caller with retries: 3 to a dependency failing 100% sends it 4x the calls', () => {
    const s = scenario({
      minutes: 10,
      services: [
        { id: 'api', type: 'api', replicas: 3, concurrency: 16, serviceTimeMs: 20, calls: [{ to: 'dep', perRequest: 1, timeoutMs: 1000, retries: 3 }] },
        { id: 'dep', type: 'api', replicas: 3, concurrency: 16, serviceTimeMs: 20 },
      ],
      traffic: [{ entry: 'api', rps: 100, noise: 0 }],
      faults: [{ id: 'down', type: 'errorRate', target: 'dep', start: '2m', params: { ratio: 1 } }],
    });
    const sim = run(s);
    const before = sumOver(sim, 'dep', 'http_server_requests_2xx_total', 0, 120) + sumOver(sim, 'dep', 'http_server_requests_5xx_total', 0, 120);
    const apiBefore = sumOver(sim, 'api', 'http_server_requests_2xx_total', 0, 120);
    expect(before / apiBefore).toBeCloseTo(1, 2);
    const depCalls = sumOver(sim, 'dep', 'http_server_requests_5xx_total', 180, 600);
    const apiRequests = sumOver(sim, 'api', 'http_server_requests_5xx_total', 180, 600);
    expect(depCalls / apiRequests).toBeGreaterThan(3.97);
    expect(depCalls / apiRequests).toBeLessThan(4.03);
    expect(errorRatio(sim, 'api', 180, 600)).toBe(1);
    expect(sumOver(sim, 'api', 'http_client_retries_total', 180, 600) / apiRequests).toBeCloseTo(3, 1);
  });

  it('retries recover a flaky dependency: 20% failures with 2 retries leave 0.8% failing', () => {
    const s = scenario({
      minutes: 10,
      services: [
        { id: 'api', type: 'api', replicas: 3, concurrency: 16, serviceTimeMs: 20, calls: [{ to: 'dep', retries: 2 }] },
        { id: 'dep', type: 'api', replicas: 3, concurrency: 16, serviceTimeMs: 20 },
      ],
      traffic: [{ entry: 'api', rps: 200, noise: 0 }],
      faults: [{ id: 'flaky', type: 'errorRate', target: 'dep', start: '0s', params: { ratio: 0.2 } }],
    });
    const sim = run(s);
    expect(errorRatio(sim, 'api', 60, 600)).toBeGreaterThan(0.004);
    expect(errorRatio(sim, 'api', 60, 600)).toBeLessThan(0.014);
  });
});

describe('cascades emerge from the call graph', () => {
  const s = scenario({
    minutes: 20,
    services: [
      { id: 'gateway', type: 'gateway', replicas: 3, concurrency: 64, serviceTimeMs: 5, calls: [{ to: 'orders', timeoutMs: 3000, retries: 1 }] },
      { id: 'orders', type: 'api', replicas: 3, concurrency: 16, serviceTimeMs: 30, calls: [{ to: 'db', timeoutMs: 1500, retries: 1 }] },
      { id: 'db', type: 'database', replicas: 1, concurrency: 64, serviceTimeMs: 10 },
    ],
    traffic: [{ entry: 'gateway', rps: 300, noise: 0.05, clientTimeoutMs: 10_000 }],
    faults: [{ id: 'slow-db', type: 'latency', target: 'db', start: '5m', duration: '10m', params: { addMs: 1200 } }],
  });
  const sim = run(s);

  it('a slow database fills the caller, whose latency and errors rise, and the gateway fails too', () => {
    // Before: healthy everywhere.
    expect(errorRatio(sim, 'gateway', 60, 300)).toBeLessThan(0.001);
    // During: orders (48 workers) cannot hold 300 rps x 1.2 s; it saturates and queues.
    const active = meanOver(sim, 'orders', 'http_server_active_requests', 420, 900);
    expect(active).toBeGreaterThan(40);
    expect(meanOver(sim, 'orders', 'http_server_queued_requests', 420, 900)).toBeGreaterThan(100);
    expect(meanOver(sim, 'orders', 'http_server_request_duration_seconds_p95', 420, 900)).toBeGreaterThan(1.5);
    expect(errorRatio(sim, 'gateway', 420, 900)).toBeGreaterThan(0.2);
    // The database itself is not overloaded: it is slow, not busy.
    expect(errorRatio(sim, 'db', 420, 900)).toBeLessThan(0.01);
    // After: recovers without anyone doing anything, once the fault ends.
    expect(errorRatio(sim, 'gateway', 1020, 1200)).toBeLessThan(0.001);
  });

  it('upstream retries add load on the slow path', () => {
    const callsBefore = sumOver(sim, 'orders', 'http_client_requests_total', 60, 300) / 240;
    const retries = sumOver(sim, 'gateway', 'http_client_retries_total', 420, 900);
    expect(retries).toBeGreaterThan(0);
    expect(callsBefore).toBeGreaterThan(250);
    expect(inst(sim, 'db')).toBe(2);
  });
});

describe('traffic', () => {
  it('diurnal traffic follows the time of day; spikes multiply it; environments have their own', () => {
    const s = scenario({
      minutes: 24 * 60,
      start: '2026-03-10T00:00:00Z',
      environments: [{ id: 'prod' }, { id: 'staging', trafficScale: 0.1 }],
      services: [{ id: 'api', type: 'api', replicas: 10, concurrency: 32, serviceTimeMs: 10 }],
      traffic: [{ entry: 'api', rps: 1000, pattern: 'diurnal', peakHourUtc: 15, troughRatio: 0.2, noise: 0.05, spikes: [{ at: '10h', duration: '10m', multiplier: 1.5 }] }],
    });
    const sim = run(s);
    const rate = (fromH: number, env = 'prod') => sumOver(sim, 'api', 'http_server_requests_2xx_total', fromH * 3600, fromH * 3600 + 600, env) / 600;
    expect(rate(15)).toBeGreaterThan(950);
    expect(rate(3)).toBeLessThan(260);
    expect(rate(10) / rate(9.8)).toBeGreaterThan(1.35);
    expect(rate(15, 'staging')).toBeGreaterThan(90);
    expect(rate(15, 'staging')).toBeLessThan(110);
    const perScrape = series(sim, 'api', 'http_server_requests_2xx_total').slice(15 * 360, 15 * 360 + 30);
    expect(new Set(perScrape).size).toBeGreaterThan(20); // seeded noise, not a flat line
  });
});
