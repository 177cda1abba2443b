// Mitigations take realistic time and can help, do nothing or harm; the outcome emerges from
// the model rather than being scripted per scenario.
import { describe, expect, it } from 'vitest';
import { errorRatio, meanOver, run, series } from './build.ts';
import { shop } from './shop.ts';

const deploy = { id: 'deploy-142', at: '-20m', type: 'deploy', service: 'checkout', version: 'v1.42.0', summary: 'Coupon refactor' } as const;
const badBuild = { id: 'bad-build', type: 'errorRate', target: 'checkout', start: '2m', causedBy: 'deploy-142', params: { ratio: 0.2 } } as const;

describe('rollback', () => {
  it('ends a fault caused by the deploy as pods are replaced, after the pipeline delay', () => {
    const sim = run(shop({ changes: [deploy], faults: [badBuild] }), { actions: [{ atSec: 600, type: 'rollback', target: 'checkout' }] });
    const record = sim.actions[0];
    expect(record?.result).toBe('applied');
    expect(record?.message).toMatch(/rolling back checkout from v1\.42\.0 to v1\.0\.0/);
    expect(errorRatio(sim, 'gateway', 300, 600)).toBeGreaterThan(0.15);
    expect(errorRatio(sim, 'gateway', 600, 630)).toBeGreaterThan(0.15); // pipeline: nothing yet
    const during = errorRatio(sim, 'gateway', 660, 690);
    expect(during).toBeGreaterThan(0.02); // some pods still on the bad build
    expect(during).toBeLessThan(0.17);
    expect(errorRatio(sim, 'gateway', 720, 1800)).toBe(0); // 30 s + 4 pods x 20 s
  });

  it('is rejected with a reason when there is nothing to roll back', () => {
    const sim = run(shop({ minutes: 2 }), { actions: [{ atSec: 10, type: 'rollback', target: 'checkout' }, { atSec: 10, type: 'rollback', target: 'nope' }] });
    expect(sim.actions[0]?.result).toBe('rejected');
    expect(sim.actions[0]?.message).toMatch(/nothing to roll back/);
    expect(sim.actions[1]?.message).toMatch(/unknown service "nope" \(known: gateway, checkout/);
  });
});

describe('restart', () => {
  it('does nothing for a bad deploy (the same code comes back)', () => {
    const sim = run(shop({ changes: [deploy], faults: [badBuild] }), { actions: [{ atSec: 600, type: 'restart', target: 'checkout' }] });
    expect(errorRatio(sim, 'gateway', 900, 1800)).toBeGreaterThan(0.15);
  });

  it('buys time against a memory leak, which then comes back', () => {
    const leak = { id: 'leak', type: 'memoryLeak', target: 'checkout', start: '0s', causedBy: 'deploy-142', params: { mbPerMinute: 20 } } as const;
    const sim = run(shop({ changes: [deploy], faults: [leak] }), { actions: [{ atSec: 420, type: 'restart', target: 'checkout' }] });
    const mem = series(sim, 'checkout', 'process_resident_memory_bytes');
    expect(mem[41] ?? 0).toBeGreaterThan(420 * 1024 * 1024);
    expect(mem[52] ?? Infinity).toBeLessThan(350 * 1024 * 1024); // fresh pods (300 MB baseline)
    expect(Math.max(...mem.slice(100, 180))).toBeGreaterThan(480 * 1024 * 1024); // leaking again
  });
});

describe('scale, shed, flags, config, zones, limits', () => {
  it('scale: new replicas serve after scheduling and startup', () => {
    const spike = { id: 'spike', type: 'trafficSpike', target: 'gateway', start: '2m', params: { multiplier: 6 } } as const;
    const sim = run(shop({ faults: [spike] }), { actions: [{ atSec: 300, type: 'scale', target: 'checkout', params: { replicas: 12 } }] });
    expect(errorRatio(sim, 'gateway', 200, 300)).toBeGreaterThan(0.2);
    const ready = series(sim, 'checkout', 'kube_deployment_status_replicas_ready');
    expect(ready[32]).toBe(4);
    expect(ready[36]).toBe(12); // 20 s scheduling + 20 s startup
    expect(errorRatio(sim, 'gateway', 420, 1800)).toBeLessThan(0.01);
  });

  it('toggleFlag: turning the bad flag off ends its errors within seconds', () => {
    const sim = run(
      shop({
        flags: [{ id: 'new-pricing', service: 'checkout' }],
        changes: [{ id: 'flip', at: '1m', type: 'flag', flag: 'new-pricing', value: true, summary: 'new pricing 100%' }],
        faults: [{ id: 'f', type: 'badFeatureFlag', target: 'checkout', causedBy: 'flip', params: { flag: 'new-pricing', errorRatio: 0.5 } }],
      }),
      { actions: [{ atSec: 600, type: 'toggleFlag', target: 'new-pricing', params: { value: false } }] },
    );
    expect(errorRatio(sim, 'gateway', 120, 600)).toBeGreaterThan(0.4);
    expect(errorRatio(sim, 'gateway', 620, 1800)).toBe(0);
  });

  it('a kill-switch flag degrades gracefully around a slow dependency', () => {
    const sim = run(
      shop({
        flags: [{ id: 'payments-fallback', service: 'checkout', disablesCall: 'payments' }],
        faults: [{ id: 'slow', type: 'latency', target: 'payments', start: '2m', params: { addMs: 8000 } }],
      }),
      { actions: [{ atSec: 600, type: 'toggleFlag', target: 'payments-fallback' }] },
    );
    expect(errorRatio(sim, 'gateway', 300, 600)).toBeGreaterThan(0.5);
    expect(errorRatio(sim, 'gateway', 700, 1800)).toBe(0);
    expect(meanOver(sim, 'gateway', 'http_server_request_duration_seconds_p95', 700, 1800)).toBeLessThan(0.2);
  });

  it('revertConfig: reverting the config change that shrank the pool ends the exhaustion', () => {
    const sim = run(
      shop({
        changes: [{ id: 'cfg-77', at: '-5m', type: 'config', service: 'checkout', summary: 'pool: 10 -> 1', diff: '- maximumPoolSize: 10\n+ maximumPoolSize: 1' }],
        faults: [{ id: 'pool', type: 'connectionPoolExhaustion', target: 'checkout', causedBy: 'cfg-77', params: { dependency: 'orders-db', poolSize: 0 } }],
      }),
      { actions: [{ atSec: 600, type: 'revertConfig', target: 'cfg-77' }] },
    );
    expect(errorRatio(sim, 'gateway', 60, 600)).toBeGreaterThan(0.9);
    expect(errorRatio(sim, 'gateway', 800, 1800)).toBe(0);
    expect(sim.actions[0]?.message).toMatch(/reverting config change cfg-77 on checkout/);
  });

  it('drainZone: pods leave a dead zone and the service recovers', () => {
    const sim = run(shop({ faults: [{ id: 'z', type: 'zoneOutage', target: '*', start: '2m', params: { zone: 'a' } }] }), {
      actions: [{ atSec: 420, type: 'drainZone', target: 'a' }],
    });
    expect(errorRatio(sim, 'gateway', 150, 420)).toBeGreaterThan(0.5);
    expect(series(sim, 'checkout', 'kube_deployment_status_replicas_ready').at(-1)).toBe(4);
    expect(errorRatio(sim, 'gateway', 600, 1800)).toBe(0);
  });

  it('raiseLimit: a bigger pool fixes exhaustion; a bigger memory limit only delays OOM kills', () => {
    const pool = run(shop({ faults: [{ id: 'p', type: 'connectionPoolExhaustion', target: 'checkout', start: '1m', params: { dependency: 'orders-db', leakPerMinute: 4 } }] }), {
      actions: [{ atSec: 600, type: 'raiseLimit', target: 'checkout', params: { resource: 'pool', value: 200, dependency: 'orders-db' } }],
    });
    expect(errorRatio(pool, 'gateway', 400, 600)).toBeGreaterThan(0.5);
    expect(errorRatio(pool, 'gateway', 700, 1500)).toBe(0);
    const rejected = run(shop({ minutes: 1 }), { actions: [{ atSec: 5, type: 'raiseLimit', target: 'gateway', params: { resource: 'pool', value: 5 } }] });
    expect(rejected.actions[0]?.message).toBe('gateway has no connection pool');
  });

  it('renewCertificate fixes an expired certificate after a few minutes; a restart does not', () => {
    const cert = { id: 'c', type: 'certificateExpiry', target: 'payments', start: '2m', params: {} } as const;
    const sim = run(shop({ faults: [cert] }), { actions: [{ atSec: 300, type: 'restart', target: 'checkout' }, { atSec: 600, type: 'renewCertificate', target: 'payments' }] });
    expect(errorRatio(sim, 'gateway', 400, 600)).toBeGreaterThan(0.99);
    expect(errorRatio(sim, 'gateway', 600, 780)).toBeGreaterThan(0.99);
    expect(errorRatio(sim, 'gateway', 800, 1800)).toBe(0);
  });

  it('freeDisk helps only until debug logging fills the disk again', () => {
    const disk = { id: 'd', type: 'diskFull', target: 'checkout', start: '0s', params: { mbPerMinute: 4096 } } as const;
    const sim = run(shop({ faults: [disk] }), { actions: [{ atSec: 600, type: 'freeDisk', target: 'checkout' }] });
    const used = series(sim, 'checkout', 'container_fs_usage_bytes');
    expect(used[59] ?? 0).toBe(20 * 1024 ** 3);
    expect(used[73] ?? 0).toBeLessThan(6 * 1024 ** 3); // freed 120 s after the action
    expect(used.at(-1) ?? 0).toBe(20 * 1024 ** 3);
  });

  it('clearCache during normal operation is harmful: the database behind it takes every read', () => {
    const sim = run(shop(), { actions: [{ atSec: 300, type: 'clearCache', target: 'cart-cache' }] });
    expect(errorRatio(sim, 'gateway', 0, 300)).toBe(0);
    expect(errorRatio(sim, 'gateway', 310, 400)).toBeGreaterThan(0.1);
  });

  it('scaleConsumers drains the lag, up to the partition count', () => {
    const slow = { id: 's', type: 'queueConsumerSlowdown', target: 'emailer', start: '1m', params: { factor: 4 } } as const;
    const sim = run(shop({ faults: [slow] }), { actions: [{ atSec: 600, type: 'scaleConsumers', target: 'emailer', params: { replicas: 10 } }] });
    expect(sim.actions[0]?.message).toMatch(/only 6 can consume at once/);
    const lag = series(sim, 'emailer', 'consumer_lag_seconds');
    expect(lag[60] ?? 0).toBeGreaterThan(60);
    expect(lag.at(-1) ?? Infinity).toBeLessThan(5);
  });

  it('communication and investigation actions are recorded, not applied', () => {
    const sim = run(shop({ minutes: 2 }), {
      actions: [
        { atSec: 30, type: 'acknowledge', target: 'checkout-fast-burn' },
        { atSec: 40, type: 'declareIncident', params: { severity: 'SEV2' } },
        { atSec: 50, type: 'observe', target: 'logs', params: { query: 'service=checkout level=error' } },
      ],
    });
    expect(sim.actions.map((a) => a.result)).toEqual(['applied', 'applied', 'applied']);
    expect(sim.actions.every((a) => a.message === 'recorded')).toBe(true);
  });
});
