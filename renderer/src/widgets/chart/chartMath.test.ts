import { describe, expect, it } from 'vitest';
import type { ActionRecord, AlertEpisode, TimelineEvent } from '../../../../engine/src/index.ts';
import type { AlertRuleInfo } from '../../worker/protocol.ts';
import {
  alertThresholds,
  axisLabels,
  bandsAt,
  binaryStep,
  bisectLeft,
  brushRange,
  buildMarkers,
  chartSummary,
  isZoomed,
  linear,
  markersNear,
  nearestIndex,
  parseThresholdRule,
  rollingRatio,
  seriesStats,
  stackSeries,
  timeTicks,
  visibleSlice,
  xDomainOf,
  yDomainOf,
  yTicksOf,
} from './chartMath.ts';
import { dashboardPanels, panelMetrics, thresholdsFor } from './metricCatalog.ts';

const times = Float64Array.from({ length: 10 }, (_, i) => (i + 1) * 10); // 10..100

describe('x domain and slices', () => {
  it('follows the clock with an open end, keeps a minimum span', () => {
    expect(xDomainOf({ fromSec: 0, toSec: null }, 900)).toEqual([0, 900]);
    expect(xDomainOf({ fromSec: 300, toSec: 600 }, 900)).toEqual([300, 600]);
    expect(xDomainOf({ fromSec: 0, toSec: null }, 0)).toEqual([0, 60]);
    expect(isZoomed({ fromSec: 0, toSec: null })).toBe(false);
    expect(isZoomed({ fromSec: 0, toSec: 500 })).toBe(true);
  });

  it('slices one sample beyond each edge so lines reach the axes', () => {
    expect(bisectLeft(times, 35)).toBe(3);
    expect(visibleSlice(times, 35, 65)).toEqual([2, 7]);
    expect(visibleSlice(times, 0, 1000)).toEqual([0, 10]);
    expect(visibleSlice(times, 200, 300)).toEqual([9, 10]);
  });

  it('finds the nearest sample', () => {
    expect(nearestIndex(times, 34)).toBe(2);
    expect(nearestIndex(times, 36)).toBe(3);
    expect(nearestIndex(times, -5)).toBe(0);
    expect(nearestIndex(times, 5000)).toBe(9);
    expect(nearestIndex([], 5)).toBe(-1);
  });
});

describe('y domain and ticks', () => {
  it('starts non-negative data at zero and makes it nice', () => {
    expect(yDomainOf([[3, 7, 9.2]], 0, 3)).toEqual([0, 10]);
  });

  it('follows the data when asked (SLIs near 100%) and honours fixed ends', () => {
    const [lo, hi] = yDomainOf([[0.995, 0.999, 1]], 0, 3, { zero: false, max: 1 });
    expect(lo).toBeGreaterThan(0.9);
    expect(lo).toBeLessThanOrEqual(0.995);
    expect(hi).toBe(1);
  });

  it('includes near thresholds, leaves far ones out', () => {
    expect(yDomainOf([[0.1, 0.2]], 0, 2, { thresholds: [0.25] })[1]).toBeGreaterThanOrEqual(0.25);
    expect(yDomainOf([[100, 200]], 0, 2, { thresholds: [1500] })[1]).toBeLessThan(1500);
  });

  it('only counts the visible samples and copes with no data', () => {
    expect(yDomainOf([[1000, 1, 2]], 1, 3)).toEqual([0, 2.5]);
    expect(yDomainOf([[NaN]], 0, 1)).toEqual([0, 1]);
  });

  it('gives bytes power-of-two steps of a binary unit', () => {
    const mib = 1024 * 1024;
    const dom = yDomainOf([[700 * mib, 1024 * mib]], 0, 2, { unit: 'bytes', ticks: 3 });
    expect(dom).toEqual([0, 1536 * mib]);
    expect(yTicksOf(dom, 3, 'bytes')).toEqual([0, 512 * mib, 1024 * mib, 1536 * mib]);
    expect(binaryStep(10, 4)).toBe(4);
    expect(binaryStep(1, 4)).toBe(0.25);
  });

  it('labels ratio ticks with the decimals their step needs', () => {
    expect(axisLabels([0, 0.5, 1], 'ratio', String)).toEqual(['0%', '50%', '100%']);
    expect(axisLabels([0.99, 0.995, 1], 'ratio', String)).toEqual(['99.0%', '99.5%', '100.0%']);
    expect(axisLabels([0, 0.05, 0.1], 'ratio', String)).toEqual(['0%', '5%', '10%']);
    expect(axisLabels([0, 500], 'ms', (v) => `${v} ms`)).toEqual(['0 ms', '500 ms']);
  });

  it('stacks layers bottom-up', () => {
    const s = stackSeries([[1, 2], [10, NaN], [100, 200]], 2);
    expect(Array.from(s[2] as Float64Array)).toEqual([111, 202]);
    expect(Array.from(s[1] as Float64Array)).toEqual([11, 2]);
  });
});

describe('time ticks', () => {
  it('lands on round wall-clock times', () => {
    // A run starting at 09:30:07 UTC: ticks at whole minutes of the wall clock.
    const start = Date.UTC(2026, 2, 10, 9, 30, 7) / 1000;
    const { ticks, step } = timeTicks(0, 900, 5, start);
    expect(step).toBe(300);
    expect(ticks.map((t) => (start + t) % 300)).toEqual(ticks.map(() => 0));
    expect(ticks[0]).toBe(293);
  });
});

describe('markers', () => {
  const events: TimelineEvent[] = [
    { atSec: 120, kind: 'change', service: 'checkout', env: 'prod', text: 'deploy-checkout-142: deploying v1.42.0 started on checkout' },
    { atSec: 130, kind: 'change', service: 'checkout', env: 'staging', text: 'staging deploy' },
    { atSec: 360, kind: 'rollout', service: 'catalog', env: 'prod', text: 'v9.8.0' },
    { atSec: 450, kind: 'alert', service: '', env: '', text: 'checkout-fast-burn firing' },
  ];
  const act = (type: ActionRecord['type'], atSec: number, target = ''): ActionRecord =>
    ({ type, atSec, target, params: {}, result: 'applied', message: '', effectiveAtSec: null }) as ActionRecord;
  const actions = [act('observe', 200, 'metrics'), act('rollback', 600, 'checkout')];
  const alerts: AlertEpisode[] = [
    { id: 'checkout-fast-burn', severity: 'page', firedAtSec: 450, resolvedAtSec: null },
    { id: 'catalog-fast-burn', severity: 'page', firedAtSec: 500, resolvedAtSec: 700 },
    { id: 'pool', severity: 'ticket', firedAtSec: 300, resolvedAtSec: 400 },
  ];
  const rules: AlertRuleInfo[] = [
    { id: 'checkout-fast-burn', type: 'burnRate', severity: 'page', rule: 'burn > 14.4x on checkout-availability over 1h and 5m', service: 'checkout', env: 'prod', summary: 'Checkout burns fast' },
    { id: 'catalog-fast-burn', type: 'burnRate', severity: 'page', rule: 'burn > 14.4x on catalog-availability over 1h and 5m', service: 'catalog', env: 'prod' },
    { id: 'pool', type: 'threshold', severity: 'ticket', rule: 'pool_utilization > 0.8 on checkout@prod for 5m', service: 'checkout', env: 'prod' },
  ];

  it('keeps changes of the environment, actions but observations, and alerts of the services', () => {
    const { points, bands } = buildMarkers({ events, actions, alerts, rules, scope: { env: 'prod', services: ['checkout'] }, nowSec: 900 });
    expect(points.map((p) => [p.kind, p.atSec])).toEqual([
      ['change', 120],
      ['rollout', 360],
      ['action', 600],
    ]);
    expect(points[2]?.label).toBe('You: rollback checkout');
    expect(bands.map((b) => [b.id, b.fromSec, b.toSec, b.open, b.tone])).toEqual([
      ['checkout-fast-burn', 450, 900, true, 'crit'],
      ['pool', 300, 400, false, 'warn'],
    ]);
    expect(bands[0]?.label).toContain('Checkout burns fast');
  });

  it('shows every service and environment without a scope', () => {
    const { points, bands } = buildMarkers({ events, actions, alerts, rules, scope: {}, nowSec: 900 });
    expect(points).toHaveLength(4);
    expect(bands).toHaveLength(3);
  });

  it('finds markers under the pointer and bands at a second', () => {
    const x = linear([0, 1000], [0, 1000]);
    const { points, bands } = buildMarkers({ events, actions, alerts, rules, scope: { env: 'prod' }, nowSec: 900 });
    expect(markersNear(points, 362, x, 5).map((m) => m.atSec)).toEqual([360]);
    expect(markersNear(points, 250, x, 5)).toEqual([]);
    expect(bandsAt(bands, 550).map((b) => b.id)).toEqual(['checkout-fast-burn', 'catalog-fast-burn']);
  });
});

describe('brush, stats, SLI, thresholds, summary', () => {
  it('turns a drag into a range and ignores clicks', () => {
    const x = linear([0, 1000], [50, 1050]);
    expect(brushRange(150, 350.5, x)).toEqual({ fromSec: 100, toSec: 301 });
    expect(brushRange(350, 150, x)).toEqual({ fromSec: 100, toSec: 300 });
    expect(brushRange(150, 153, x)).toBeNull();
  });

  it('computes legend statistics over the shown range', () => {
    const v = [5, 1, 9, NaN, 3, 4, 4, 4, 4, 4];
    expect(seriesStats(v, times, 10, 50)).toEqual({ last: 3, min: 1, max: 9, mean: 4.5 });
    expect(seriesStats(v, times, 500, 600).last).toBeNaN();
  });

  it('rolls an SLI over a window and leaves empty windows blank', () => {
    const sli = rollingRatio([0, 9, 10, 5], [0, 10, 10, 10], 2);
    expect(sli[0]).toBeNaN();
    expect(Array.from(sli.slice(1)).map((v) => Number(v.toFixed(3)))).toEqual([0.9, 0.95, 0.75]);
  });

  it('reads threshold alert rules into threshold lines', () => {
    expect(parseThresholdRule('pool_utilization > 0.8 on checkout@prod for 5m')).toEqual({ metric: 'pool_utilization', op: '>', value: 0.8 });
    expect(parseThresholdRule('burn > 14.4x on checkout-availability over 1h and 5m')).toBeNull();
    const rules: AlertRuleInfo[] = [{ id: 'pool', type: 'threshold', severity: 'ticket', rule: 'pool_utilization > 0.8 on checkout@prod for 5m', service: 'checkout', env: 'prod' }];
    expect(alertThresholds(rules, 'checkout', 'prod', 'pool_utilization')).toEqual([{ value: 0.8, label: 'pool (ticket)', tone: 'warn' }]);
    expect(alertThresholds(rules, 'checkout', 'staging', 'pool_utilization')).toEqual([]);
    const slos = [{ id: 'checkout-latency', service: 'checkout', env: 'prod', indicator: 'latency' as const, thresholdMs: 1500 }];
    expect(thresholdsFor('latency_p99_ms', 'checkout', 'prod', [], slos)).toEqual([{ value: 1500, label: 'SLO checkout-latency', tone: 'info' }]);
  });

  it('summarises the last values for the accessible name', () => {
    const s = chartSummary('Error ratio', 'checkout · prod', [{ label: 'errors', color: 'red', values: [0.1, 0.2, NaN] }], (v) => `${v * 100}%`);
    expect(s).toBe('Error ratio, checkout · prod: last errors 20%');
    expect(chartSummary('X', undefined, [], String)).toBe('X: no data');
  });
});

describe('dashboards', () => {
  it('charts what the service type makes relevant', () => {
    const api = dashboardPanels({ type: 'api', calls: [{ to: 'db', perRequest: 1, timeoutMs: 100, retries: 0, pool: 10, critical: true }] });
    expect(api.map((p) => p.id)).toEqual(['requests', 'errors', 'latency', 'cpu', 'memory', 'pool', 'pool-wait', 'inflight', 'ready', 'restarts', 'outbound', 'outbound-errors', 'disk']);
    const queue = dashboardPanels({ type: 'queue', calls: [] });
    expect(queue.map((p) => p.id)).toContain('queue');
    expect(queue.map((p) => p.id)).not.toContain('pool');
    expect(dashboardPanels({ type: 'worker', calls: [], consumes: 'q' }).map((p) => p.id)).toContain('lag');
    expect(dashboardPanels({ type: 'cache', calls: [] }).map((p) => p.id)).toContain('cache');
    expect(panelMetrics(api)).toContain('container_fs_limit_bytes');
    expect(new Set(panelMetrics(api)).size).toBe(panelMetrics(api).length);
  });
});
