// Each fault type's signature in metrics: what an on-call engineer would see on the dashboards.
import { describe, expect, it } from 'vitest';
import { FAULT_TYPES, type ScenarioInput } from '../../engine/src/index.ts';
import { errorRatio, meanOver, run, scenario, series, sumOver } from './build.ts';
import { shop } from './shop.ts';

type FaultInput = NonNullable<ScenarioInput['faults']>[number];
const at5m = 300;

function withFault(f: FaultInput, extra: Partial<ScenarioInput> = {}) {
  return run(shop({ faults: [f], ...extra }));
}

const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

describe('fault signatures', () => {
  it('errorRate: 5xx at the target and its callers, from the fault start', () => {
    const sim = withFault({ id: 'f', type: 'errorRate', target: 'checkout', start: '5m', params: { ratio: 0.15 } });
    expect(errorRatio(sim, 'gateway', 0, at5m)).toBe(0);
    expect(errorRatio(sim, 'checkout', 360, 1800)).toBeGreaterThan(0.12);
    expect(errorRatio(sim, 'checkout', 360, 1800)).toBeLessThan(0.18);
    expect(errorRatio(sim, 'gateway', 360, 1800)).toBeGreaterThan(0.12);
    // Latency is unchanged by a code bug.
    expect(meanOver(sim, 'checkout', 'http_server_request_duration_seconds_p50', 360, 1800)).toBeLessThan(meanOver(sim, 'checkout', 'http_server_request_duration_seconds_p50', 0, at5m) * 1.2);
  });

  it('latency: the target slows; callers with shorter timeouts time out', () => {
    const sim = withFault({ id: 'f', type: 'latency', target: 'payments', start: '5m', params: { addMs: 2500 } });
    expect(meanOver(sim, 'payments', 'http_server_request_duration_seconds_p50', 360, 1800)).toBeGreaterThan(2.5);
    expect(errorRatio(sim, 'payments', 360, 1800)).toBe(0);
    expect(errorRatio(sim, 'checkout', 360, 1800)).toBeGreaterThan(0.01);
    expect(sumOver(sim, 'checkout', 'http_client_errors_total', 360, 1800)).toBeGreaterThan(0);
  });

  it('outage: everything through the target fails fast', () => {
    const sim = withFault({ id: 'f', type: 'outage', target: 'orders-db', start: '5m', duration: '5m', params: {} });
    expect(errorRatio(sim, 'orders-db', 310, 590)).toBe(1);
    expect(errorRatio(sim, 'gateway', 320, 590)).toBeGreaterThan(0.99);
    expect(errorRatio(sim, 'gateway', 700, 1800)).toBe(0);
  });

  it('memoryLeak: memory climbs to the limit, OOM kills, restarts and a sawtooth', () => {
    const sim = withFault({ id: 'f', type: 'memoryLeak', target: 'checkout', start: '0s', params: { mbPerMinute: 25 } });
    const mem = series(sim, 'checkout', 'process_resident_memory_bytes');
    const restarts = series(sim, 'checkout', 'kube_pod_container_status_restarts_total');
    expect(restarts.at(-1) ?? 0).toBeGreaterThanOrEqual(8); // each of 4 pods OOMs about every 9 min
    expect(maxOf(mem)).toBeLessThanOrEqual(512 * 1024 * 1024 + 64 * 1024 * 1024);
    let drops = 0;
    for (let k = 1; k < mem.length; k++) if ((mem[k] ?? 0) < (mem[k - 1] ?? 0) - 20 * 1024 * 1024) drops += 1;
    expect(drops).toBeGreaterThanOrEqual(2);
    expect(sim.recorder.timeline.some((e) => e.kind === 'podCrash' && e.text.includes('OOMKilled'))).toBe(true);
  });

  it('cpuSaturation: CPU pinned, every endpoint slower', () => {
    const sim = withFault({ id: 'f', type: 'cpuSaturation', target: 'checkout', start: '5m', params: { ratio: 0.85 } });
    expect(meanOver(sim, 'checkout', 'container_cpu_usage_ratio', 360, 1800)).toBeGreaterThan(0.85);
    expect(meanOver(sim, 'checkout', 'http_server_request_duration_seconds_p50', 360, 1800)).toBeGreaterThan(meanOver(sim, 'checkout', 'http_server_request_duration_seconds_p50', 0, 300) + 0.02);
  });

  it('dependencyLatency: only the caller sees a slow dependency; the dependency looks healthy', () => {
    const sim = withFault({ id: 'f', type: 'dependencyLatency', target: 'checkout', start: '5m', params: { dependency: 'payments', addMs: 4000 } });
    expect(meanOver(sim, 'payments', 'http_server_request_duration_seconds_p95', 360, 1800)).toBeLessThan(0.6);
    expect(errorRatio(sim, 'checkout', 360, 1800)).toBeGreaterThan(0.5);
    expect(meanOver(sim, 'checkout', 'http_server_request_duration_seconds_p50', 360, 1800)).toBeGreaterThan(3);
  });

  it('connectionPoolExhaustion: pool at max, requests pending, latency at the pool timeout', () => {
    // Three connections leak per replica per minute from a pool of 10: exhausted after ~3 minutes.
    const sim = withFault({ id: 'f', type: 'connectionPoolExhaustion', target: 'checkout', start: '5m', params: { dependency: 'orders-db', leakPerMinute: 3 } });
    const use = meanOver(sim, 'checkout', 'db_client_connections_usage', 400, 1800);
    const max = meanOver(sim, 'checkout', 'db_client_connections_max', 400, 1800);
    expect(use / max).toBeGreaterThan(0.95);
    expect(meanOver(sim, 'checkout', 'db_client_connections_pending_requests', 400, 1800)).toBeGreaterThan(1);
    expect(errorRatio(sim, 'gateway', 400, 1800)).toBeGreaterThan(0.05);
    expect(errorRatio(sim, 'orders-db', 400, 1800)).toBe(0); // the database is fine
  });

  it('trafficSpike: offered load multiplies at the entry', () => {
    const sim = withFault({ id: 'f', type: 'trafficSpike', target: 'gateway', start: '5m', duration: '5m', params: { multiplier: 3 } });
    const rate = (a: number, b: number) => (sumOver(sim, 'gateway', 'http_server_requests_2xx_total', a, b) + sumOver(sim, 'gateway', 'http_server_requests_5xx_total', a, b)) / (b - a);
    expect(rate(320, 590) / rate(0, 300)).toBeGreaterThan(2.8);
  });

  it('cacheFailure: hit ratio collapses, the database behind it is overloaded, then the cache warms back', () => {
    const sim = withFault({ id: 'f', type: 'cacheFailure', target: 'cart-cache', start: '5m', duration: '3m', params: { hitRatio: 0 } });
    const hit = series(sim, 'cart-cache', 'cache_hit_ratio');
    expect(hit[20] ?? 0).toBeGreaterThan(0.9);
    expect(hit[35] ?? 1).toBeLessThan(0.05);
    expect(errorRatio(sim, 'catalog-db', 320, 480)).toBeGreaterThan(0.3);
    expect(errorRatio(sim, 'gateway', 320, 480)).toBeGreaterThan(0.3);
    expect(hit.at(-1) ?? 0).toBeGreaterThan(0.85);
  });

  it('certificateExpiry: 100% of calls to the dependency fail at the exact time', () => {
    const sim = withFault({ id: 'f', type: 'certificateExpiry', target: 'payments', start: '5m', params: {} });
    expect(errorRatio(sim, 'gateway', 0, 300)).toBe(0);
    expect(errorRatio(sim, 'gateway', 310, 1800)).toBeGreaterThan(0.99);
    expect(sumOver(sim, 'payments', 'http_server_requests_2xx_total', 310, 1800)).toBe(0); // no server span
  });

  it('diskFull: disk climbs to 100%, pods crash and crash-loop', () => {
    const sim = withFault({ id: 'f', type: 'diskFull', target: 'checkout', start: '2m', params: { mbPerMinute: 2048 } });
    const used = series(sim, 'checkout', 'container_fs_usage_bytes');
    const limit = series(sim, 'checkout', 'container_fs_limit_bytes');
    expect((used.at(-1) ?? 0) / (limit.at(-1) ?? 1)).toBe(1);
    expect(series(sim, 'checkout', 'kube_deployment_status_replicas_ready').at(-1)).toBe(0);
    expect(errorRatio(sim, 'gateway', 1200, 1800)).toBe(1);
    // Crash-loop back-off: restarts keep coming, further and further apart.
    const restarts = series(sim, 'checkout', 'kube_pod_container_status_restarts_total');
    expect((restarts.at(-1) ?? 0) - (restarts[120] ?? 0)).toBeGreaterThan(4);
  });

  it('queueConsumerSlowdown: lag grows linearly, no HTTP errors for customers', () => {
    const sim = withFault({ id: 'f', type: 'queueConsumerSlowdown', target: 'emailer', start: '5m', params: { factor: 3 } });
    const depth = series(sim, 'orders-queue', 'queue_depth_messages');
    expect((depth[100] ?? 0) - (depth[60] ?? 0)).toBeGreaterThan(0);
    expect((depth[170] ?? 0) - (depth[130] ?? 0)).toBeCloseTo((depth[100] ?? 0) - (depth[60] ?? 0), -3);
    expect(meanOver(sim, 'emailer', 'consumer_lag_seconds', 1500, 1800)).toBeGreaterThan(120);
    expect(errorRatio(sim, 'gateway', 0, 1800)).toBe(0);
    expect(sim.recorder.alerts.some((a) => a.id === 'email-lag')).toBe(true);
  });

  it('podCrash: pods are killed once and come back', () => {
    const sim = withFault({ id: 'f', type: 'podCrash', target: 'checkout', start: '5m', params: { count: 2 } });
    const ready = series(sim, 'checkout', 'kube_deployment_status_replicas_ready');
    expect(ready[29]).toBe(4);
    expect(Math.min(...ready.slice(30, 34))).toBe(2);
    expect(ready.at(-1)).toBe(4);
    expect(series(sim, 'checkout', 'kube_pod_container_status_restarts_total').at(-1)).toBe(2);
  });

  it('zoneOutage: a third of every service goes unready at once', () => {
    const sim = withFault({ id: 'f', type: 'zoneOutage', target: '*', start: '5m', duration: '10m', params: { zone: 'a' } });
    expect(series(sim, 'checkout', 'kube_deployment_status_replicas_ready')[40]).toBe(2); // pods in a, b, c, a
    expect(series(sim, 'gateway', 'kube_deployment_status_replicas_ready')[40]).toBe(2);
    expect(series(sim, 'orders-db', 'kube_deployment_status_replicas_ready')[40]).toBe(0); // a single replica, in zone a
    expect(errorRatio(sim, 'gateway', 310, 890)).toBeGreaterThan(0.9);
    expect(errorRatio(sim, 'gateway', 1000, 1800)).toBe(0);
  });

  it('dnsFailure: every call to the name fails before connecting', () => {
    const sim = withFault({ id: 'f', type: 'dnsFailure', target: 'payments', start: '5m', params: {} });
    expect(errorRatio(sim, 'gateway', 310, 1800)).toBeGreaterThan(0.99);
    expect(sumOver(sim, 'payments', 'http_server_requests_2xx_total', 320, 1800)).toBe(0);
  });

  it('rateLimited: the provider answers 429 above its quota', () => {
    const sim = withFault({ id: 'f', type: 'rateLimited', target: 'payments', start: '5m', params: { limitRps: 80 } });
    const e4 = sumOver(sim, 'payments', 'http_server_requests_4xx_total', 320, 1800);
    expect(e4).toBeGreaterThan(0);
    // Offered ~120/s plus retries; quota 80/s: roughly a third or more rejected.
    expect(errorRatio(sim, 'payments', 320, 1800)).toBeGreaterThan(0.3);
    expect(errorRatio(sim, 'gateway', 320, 1800)).toBeGreaterThan(0.1);
  });

  it('badFeatureFlag: errors start at the flag flip and only while it is on', () => {
    const sim = withFault(
      { id: 'f', type: 'badFeatureFlag', target: 'checkout', causedBy: 'flip', params: { flag: 'new-pricing', errorRatio: 0.3 } },
      {
        flags: [{ id: 'new-pricing', service: 'checkout' }],
        changes: [{ id: 'flip', at: '5m', type: 'flag', flag: 'new-pricing', value: true, summary: 'Roll out new pricing to 100%' }],
      },
    );
    expect(errorRatio(sim, 'gateway', 0, 300)).toBe(0);
    expect(errorRatio(sim, 'gateway', 320, 1800)).toBeGreaterThan(0.25);
  });

  it('retryStorm: a short stall turns into sustained overload while clients retry; shedding enough load ends it', () => {
    const storm = (actions: Parameters<typeof run>[1] extends infer O ? O extends { actions?: infer A } ? A : never : never = []) =>
      run(
        scenario({
          minutes: 30,
          services: [
            { id: 'edge', type: 'gateway', replicas: 3, concurrency: 2000, serviceTimeMs: 2, calls: [{ to: 'api', timeoutMs: 1000, retries: 2 }] },
            { id: 'api', type: 'api', replicas: 4, concurrency: 16, serviceTimeMs: 40 },
          ],
          traffic: [{ entry: 'edge', rps: 1100, noise: 0.03 }], // api capacity 1,600/s: ρ = 0.69
          faults: [{ id: 'f', type: 'retryStorm', target: 'api', start: '5m', params: { retries: 3, blipSec: 20 } }],
        }),
        { actions },
      );
    const sim = storm();
    expect(errorRatio(sim, 'edge', 0, 300)).toBe(0);
    // The stall lasts 20 s; 20 minutes later nothing has recovered (metastable).
    expect(errorRatio(sim, 'edge', 600, 1800)).toBeGreaterThan(0.5);
    const calls = (a: number, b: number) => sumOver(sim, 'edge', 'http_client_requests_total', a, b) / (b - a);
    expect(calls(600, 900) / calls(0, 300)).toBeGreaterThan(3.5); // 4 attempts per request
    // Shedding 75% at the edge brings attempts under capacity; the queue drains and it recovers.
    const shed = storm([
      { atSec: 600, type: 'shedLoad', target: 'edge', params: { ratio: 0.75 } },
      { atSec: 900, type: 'shedLoad', target: 'edge', params: { ratio: 0 } },
    ]);
    expect(errorRatio(shed, 'edge', 1200, 1800)).toBe(0);
  });

  it('covers every fault type of the format', () => {
    expect(FAULT_TYPES.length).toBe(18);
  });
});

describe('load-dependent bug', () => {
  it('errorRate with aboveRps fails only the traffic beyond the threshold: fine at night, broken at noon', () => {
    const sim = run(
      shop({
        minutes: 12 * 60,
        start: '2026-03-10T02:00:00Z',
        traffic: [{ entry: 'gateway', rps: 300, pattern: 'diurnal', peakHourUtc: 13, troughRatio: 0.1, noise: 0.02 }],
        faults: [{ id: 'lock', type: 'errorRate', target: 'checkout', start: '0s', params: { ratio: 1, aboveRps: 150 } }],
      }),
    );
    expect(errorRatio(sim, 'gateway', 3600, 7200)).toBe(0); // 03:00: ~40 rps
    const noon = errorRatio(sim, 'gateway', 10 * 3600, 11 * 3600); // 12:00-13:00: ~290 rps, half beyond 150
    expect(noon).toBeGreaterThan(0.4);
    expect(noon).toBeLessThan(0.55);
  });
});
