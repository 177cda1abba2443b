import { describe, expect, it } from 'vitest';
import { burnThreshold, decimalToFraction, ratioAbove } from '../../engine/src/index.ts';
import { run, scenario } from './build.ts';

describe('exact burn-rate thresholds', () => {
  it('represents decimals exactly', () => {
    expect(decimalToFraction(14.4)).toEqual([144n, 10n]);
    expect(decimalToFraction(0.999)).toEqual([999n, 1000n]);
    expect(decimalToFraction(1e-7)).toEqual([1n, 10000000n]);
  });

  it('is strict: an error ratio exactly at burnRate x (1 - SLO) does not fire', () => {
    // 14.4 x 0.001 = 0.0144; in floating point 14.4 * (1 - 0.999) = 0.014400000000000026.
    const [num, den] = burnThreshold(14.4, 0.999);
    expect(ratioAbove(144, 10_000, num, den)).toBe(false);
    expect(ratioAbove(145, 10_000, num, den)).toBe(true);
    expect(ratioAbove(1440, 100_000, num, den)).toBe(false);
    expect(ratioAbove(6, 1000, ...burnThreshold(6, 0.999))).toBe(false);
    expect(ratioAbove(0, 0, num, den)).toBe(false);
  });
});

describe('multiwindow multi-burn-rate alert (SRE Workbook figure 5-6)', () => {
  // 15% errors for 10 minutes against a 99.9% SLO, page at 14.4x over 1 h and 5 min. Exact values:
  // the long window crosses after 5.76 min; the short window drops 4.52 min after the errors stop.
  const s = scenario({
    minutes: 150,
    services: [{ id: 'api', type: 'api', replicas: 10, concurrency: 16, serviceTimeMs: 20 }],
    traffic: [{ entry: 'api', rps: 1000, noise: 0 }],
    slos: [{ id: 'avail', service: 'api', indicator: 'availability', objective: 0.999 }],
    alerts: [
      { id: 'fast-burn', type: 'burnRate', slo: 'avail', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page' },
      { id: 'slow-burn', type: 'burnRate', slo: 'avail', longWindow: '6h', shortWindow: '30m', burnRate: 6, severity: 'page' },
    ],
    faults: [{ id: 'errors', type: 'errorRate', target: 'api', start: '1h', duration: '10m', params: { ratio: 0.15 } }],
  });
  const sim = run(s);
  const fast = sim.recorder.alerts.filter((a) => a.id === 'fast-burn');

  it('fires once, 5.76 minutes into the errors, and resets 4.52 minutes after they stop', () => {
    expect(fast).toHaveLength(1);
    const t0 = 3600;
    expect(Math.abs((fast[0]?.firedAtSec ?? 0) - (t0 + 345.6))).toBeLessThanOrEqual(15);
    expect(Math.abs((fast[0]?.resolvedAtSec ?? 0) - (t0 + 600 + 271.2))).toBeLessThanOrEqual(15);
  });

  it('a 6 h / 30 min rule at 6x sees 1.5% of an hour as not enough', () => {
    // 10 min x 15% over 6 h = 0.42% < 0.6%: never fires.
    expect(sim.recorder.alerts.filter((a) => a.id === 'slow-burn')).toHaveLength(0);
  });

  it('records the alert in the timeline', () => {
    expect(sim.recorder.timeline.some((e) => e.kind === 'alert' && e.text.startsWith('fast-burn firing (page)'))).toBe(true);
  });
});

describe('threshold alert with a pending period', () => {
  it('fires only after the condition held for `for`', () => {
    const sim = run(
      scenario({
        minutes: 30,
        traffic: [{ entry: 'api', rps: 100, noise: 0 }],
        alerts: [{ id: 'p95', type: 'threshold', service: 'api', metric: 'latency_p95_ms', op: '>', value: 500, for: '2m', severity: 'page' }],
        faults: [{ id: 'slow', type: 'latency', target: 'api', start: '10m', duration: '1m', params: { addMs: 800 } }, { id: 'slow2', type: 'latency', target: 'api', start: '20m', duration: '5m', params: { addMs: 800 } }],
      }),
    );
    // The 1-minute blip never fires; the 5-minute one fires 2 minutes in and resolves when it ends.
    expect(sim.recorder.alerts).toHaveLength(1);
    expect(sim.recorder.alerts[0]?.firedAtSec).toBeGreaterThanOrEqual(1200 + 120);
    expect(sim.recorder.alerts[0]?.firedAtSec).toBeLessThanOrEqual(1200 + 140);
    expect(sim.recorder.alerts[0]?.resolvedAtSec).toBeGreaterThanOrEqual(1500);
    expect(sim.recorder.alerts[0]?.resolvedAtSec).toBeLessThanOrEqual(1520);
  });
});

describe('injects', () => {
  it('arrive in the timeline at their time', () => {
    const sim = run(
      scenario({
        minutes: 10,
        injects: [{ id: 'ticket-1', at: '3m', kind: 'ticket', from: 'Support', subject: 'Checkout broken', body: 'Customers cannot pay.' }],
      }),
    );
    const ev = sim.recorder.timeline.find((e) => e.kind === 'inject');
    expect(ev).toMatchObject({ atSec: 180, ref: 'ticket-1', text: 'ticket from Support: Checkout broken' });
  });
});
