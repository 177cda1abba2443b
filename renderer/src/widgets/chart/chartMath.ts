// The time-series chart's arithmetic, free of DOM and React so it can be tested alone: domains,
// ticks, stacking, the value under the crosshair, markers (changes, alert episodes, the
// trainee's own actions), brush-to-range, legend statistics and the accessible summary.
// d3 computes (scales, nice domains); the chart component only draws what this returns.

import { scaleLinear, type ScaleLinear } from 'd3';
import type { ActionRecord, AlertEpisode, TimelineEvent } from '../../../../engine/src/index.ts';
import type { TimeRange } from '../../state/store.ts';
import type { AlertRuleInfo } from '../../worker/protocol.ts';

export type Numeric = ArrayLike<number>;

export interface ChartSeries {
  label: string;
  /** A CSS colour or a theme variable, e.g. "var(--s1)". */
  color: string;
  values: Float32Array | Float64Array | number[];
  /** Drawn dashed (limits, capacities). */
  dashed?: boolean;
}

export interface Threshold {
  value: number;
  label: string;
  tone: 'crit' | 'warn' | 'info';
}

/** The narrowest x span shown, seconds (a run at second 0 still gets an axis). */
export const MIN_SPAN_SEC = 60;

/** The x domain: the shared range, its open end following the clock. */
export function xDomainOf(range: TimeRange, nowSec: number): [number, number] {
  const from = Math.max(0, range.fromSec);
  const to = range.toSec ?? nowSec;
  return to - from < MIN_SPAN_SEC ? [from, from + MIN_SPAN_SEC] : [from, to];
}

/** Whether the range is zoomed (anything but "from the start, following the clock"). */
export function isZoomed(range: TimeRange): boolean {
  return range.fromSec > 0 || range.toSec !== null;
}

/** First index with times[i] >= x (times ascending). */
export function bisectLeft(times: Numeric, x: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with times[i] > x (times ascending). */
export function bisectRight(times: Numeric, x: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [i0, i1) of the points to draw for [x0, x1]: one point either side so lines reach the edges. */
export function visibleSlice(times: Numeric, x0: number, x1: number): [number, number] {
  const i0 = Math.max(0, bisectLeft(times, x0) - 1);
  const i1 = Math.min(times.length, bisectRight(times, x1) + 1);
  return [i0, Math.max(i0, i1)];
}

/** Index of the sample nearest to `sec`, or -1 without samples. */
export function nearestIndex(times: Numeric, sec: number): number {
  const n = times.length;
  if (n === 0) return -1;
  const i = bisectLeft(times, sec);
  if (i <= 0) return 0;
  if (i >= n) return n - 1;
  return sec - (times[i - 1] as number) <= (times[i] as number) - sec ? i - 1 : i;
}

/** Running sums bottom-up: out[k][i] is the top of layer k. Missing values count as 0. */
export function stackSeries(values: readonly Numeric[], n: number): Float64Array[] {
  const out: Float64Array[] = [];
  let below: Float64Array | null = null;
  for (const v of values) {
    const top = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = v[i] as number;
      top[i] = (below ? (below[i] as number) : 0) + (Number.isFinite(x) ? x : 0);
    }
    out.push(top);
    below = top;
  }
  return out;
}

export interface YDomainOptions {
  /** Fixed ends; undefined ends follow the data. */
  min?: number;
  max?: number;
  /** Threshold values: included when near the data so the line is visible. */
  thresholds?: readonly number[];
  /** Tick count hint for d3's nice(). */
  ticks?: number;
  /** Start non-negative data at zero (default true); false follows the data (SLIs near 100%). */
  zero?: boolean;
  /** The values' unit: bytes get binary-friendly ticks (256 MiB rather than 477 MiB). */
  unit?: string;
}

/** Bytes tick in a binary unit (KiB, MiB, GiB) chosen so the top of the axis is at least 2 of it. */
function unitScale(unit: string | undefined, hi: number): number {
  if (unit !== 'bytes' || !(hi > 0)) return 1;
  let s = 1;
  while (hi / (s * 1024) >= 2) s *= 1024;
  return s;
}

/** The power-of-two step (…, 0.25, 0.5, 1, 2, 4, …) giving at most `count` intervals over `span`. */
export function binaryStep(span: number, count: number): number {
  let step = 2 ** Math.floor(Math.log2(Math.max(span, 1e-9) / Math.max(1, count)));
  while (span / step > Math.max(1, count)) step *= 2;
  return step;
}

/** Tick values for a y domain: d3 ticks, or power-of-two steps of a binary unit for bytes. */
export function yTicksOf(domain: [number, number], count: number, unit?: string): number[] {
  if (unit === 'bytes') {
    const s = unitScale(unit, Math.max(Math.abs(domain[0]), Math.abs(domain[1])));
    const step = binaryStep((domain[1] - domain[0]) / s, count);
    const out: number[] = [];
    for (let t = Math.ceil(domain[0] / s / step) * step; t <= domain[1] / s + 1e-9; t += step) out.push(t * s);
    return out;
  }
  return scaleLinear().domain(domain).ticks(count);
}

/**
 * The y domain over the visible samples, from zero for non-negative data (Grafana's default),
 * made nice by d3. Thresholds far above the data (over 1.5×) are left out so they do not flatten
 * it; the chart marks them at the top edge instead.
 */
export function yDomainOf(values: readonly Numeric[], i0: number, i1: number, opts: YDomainOptions = {}): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    for (let i = i0; i < i1; i++) {
      const x = v[i] as number;
      if (!Number.isFinite(x)) continue;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  const empty = lo === Infinity;
  if (empty) {
    lo = 0;
    hi = 1;
  }
  const dataHi = hi;
  for (const t of opts.thresholds ?? []) {
    if (!Number.isFinite(t)) continue;
    if (t <= Math.max(dataHi, 0) * 1.5 || dataHi <= 0) {
      if (t > hi) hi = t;
    }
    if (t < lo && t >= 0) lo = t;
  }
  if (lo >= 0 && opts.min === undefined && opts.zero !== false) lo = 0;
  if (opts.min !== undefined) lo = opts.min;
  if (opts.max !== undefined) hi = opts.max;
  if (hi <= lo) hi = lo === 0 ? 1 : lo + Math.abs(lo) * 0.1;
  // A little headroom so a flat line at its maximum does not run along the top edge.
  else if (opts.max === undefined && !empty) hi += (hi - lo) * 0.04;
  let nice: [number, number];
  if (opts.unit === 'bytes') {
    const s = unitScale(opts.unit, Math.max(Math.abs(lo), Math.abs(hi)));
    const step = binaryStep((hi - lo) / s, opts.ticks ?? 4);
    nice = [Math.floor(lo / s / step) * step * s, Math.ceil(hi / s / step) * step * s];
  } else {
    nice = scaleLinear().domain([lo, hi]).nice(opts.ticks ?? 4).domain() as [number, number];
  }
  return [opts.min ?? nice[0], opts.max ?? nice[1]];
}

/** Steps for time ticks, seconds: clock-friendly multiples. */
const TIME_STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * Time ticks in [x0, x1] (run seconds) at round wall-clock times of a run starting at
 * `startEpochSec`, at most `maxTicks` of them; and the step used.
 */
export function timeTicks(x0: number, x1: number, maxTicks: number, startEpochSec: number): { ticks: number[]; step: number } {
  const span = Math.max(1, x1 - x0);
  const step = TIME_STEPS.find((s) => span / s <= Math.max(1, maxTicks)) ?? (TIME_STEPS[TIME_STEPS.length - 1] as number);
  const first = Math.ceil((startEpochSec + x0) / step) * step - startEpochSec;
  const ticks: number[] = [];
  for (let t = first; t <= x1 + 1e-9; t += step) ticks.push(t);
  return { ticks, step };
}

/** A linear scale from the domain to pixels (d3). */
export function linear(domain: [number, number], range: [number, number]): ScaleLinear<number, number> {
  return scaleLinear().domain(domain).range(range);
}

// ---------------------------------------------------------------------------------------------
// Markers

export type PointMarkerKind = 'change' | 'rollout' | 'action';

export interface PointMarker {
  kind: PointMarkerKind;
  atSec: number;
  label: string;
}

export interface AlertBand {
  id: string;
  severity: string;
  tone: 'crit' | 'warn' | 'info';
  fromSec: number;
  /** End of the band: resolution, or now while firing. */
  toSec: number;
  open: boolean;
  label: string;
}

/** Which markers a chart shows: changes and alerts of its environment and (for alerts) services. */
export interface MarkerScope {
  env?: string;
  /** Alerts concerning these services only; undefined: all. */
  services?: readonly string[];
}

export interface MarkerInput {
  events: readonly TimelineEvent[];
  actions: readonly ActionRecord[];
  alerts: readonly AlertEpisode[];
  rules: readonly AlertRuleInfo[];
  scope: MarkerScope;
  nowSec: number;
}

export function severityTone(severity: string): 'crit' | 'warn' | 'info' {
  return severity === 'page' || severity === 'critical' ? 'crit' : severity === 'ticket' || severity === 'warning' ? 'warn' : 'info';
}

function actionLabel(a: ActionRecord): string {
  const params = Object.entries(a.params ?? {})
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .slice(0, 3)
    .map(([k, v]) => `${k}=${String(v)}`);
  const what = [a.type, a.target].filter(Boolean).join(' ');
  return `You: ${what}${params.length ? ` (${params.join(', ')})` : ''}${a.result === 'rejected' ? ` — rejected${a.message ? `: ${a.message}` : ''}` : ''}`;
}

/**
 * The chart's markers: changes and rollouts of its environment (every service: a deploy next
 * door is often the answer), alert episodes of its environment and services as bands, and
 * every action of the trainee's except observations.
 */
export function buildMarkers(input: MarkerInput): { points: PointMarker[]; bands: AlertBand[] } {
  const { scope } = input;
  const envOk = (env: string) => scope.env === undefined || env === '' || env === scope.env;
  const points: PointMarker[] = [];
  for (const e of input.events) {
    if ((e.kind === 'change' || e.kind === 'rollout') && envOk(e.env)) {
      points.push({ kind: e.kind, atSec: e.atSec, label: e.kind === 'rollout' ? `Rollout: ${e.text}` : e.text });
    }
  }
  for (const a of input.actions) {
    if (a.type !== 'observe') points.push({ kind: 'action', atSec: a.atSec, label: actionLabel(a) });
  }
  points.sort((a, b) => a.atSec - b.atSec);
  const rules = new Map(input.rules.map((r) => [r.id, r]));
  const bands: AlertBand[] = [];
  for (const ep of input.alerts) {
    const rule = rules.get(ep.id);
    if (rule) {
      if (!envOk(rule.env)) continue;
      if (scope.services && !scope.services.includes(rule.service)) continue;
    }
    const open = ep.resolvedAtSec === null;
    const toSec = open ? Math.max(ep.firedAtSec, input.nowSec) : (ep.resolvedAtSec as number);
    const summary = rule?.summary ?? rule?.rule;
    bands.push({
      id: ep.id,
      severity: ep.severity,
      tone: severityTone(ep.severity),
      fromSec: ep.firedAtSec,
      toSec,
      open,
      label: `Alert ${ep.id} (${ep.severity}) ${open ? 'firing' : 'resolved'}${summary ? `: ${summary}` : ''}`,
    });
  }
  return { points, bands };
}

/** Point markers within `tolPx` pixels of `px`, nearest first. */
export function markersNear(points: readonly PointMarker[], px: number, x: (sec: number) => number, tolPx = 5): PointMarker[] {
  return points
    .map((m) => ({ m, d: Math.abs(x(m.atSec) - px) }))
    .filter((e) => e.d <= tolPx)
    .sort((a, b) => a.d - b.d)
    .map((e) => e.m);
}

/** Alert bands covering second `sec`. */
export function bandsAt(bands: readonly AlertBand[], sec: number): AlertBand[] {
  return bands.filter((b) => sec >= b.fromSec && sec <= b.toSec);
}

// ---------------------------------------------------------------------------------------------
// Brush, stats, SLI, thresholds, summaries

/** The range a horizontal drag from pixel a to b selects, or null for a click (under `minPx`). */
export function brushRange(aPx: number, bPx: number, x: { invert(px: number): number }, minPx = 6): TimeRange | null {
  if (Math.abs(bPx - aPx) < minPx) return null;
  const s0 = x.invert(Math.min(aPx, bPx));
  const s1 = x.invert(Math.max(aPx, bPx));
  const fromSec = Math.max(0, Math.floor(s0));
  const toSec = Math.max(fromSec + 10, Math.ceil(s1));
  return { fromSec, toSec };
}

export interface SeriesStats {
  last: number;
  min: number;
  max: number;
  mean: number;
}

/** Last, min, max and mean of the samples in [x0, x1]; NaN when none. */
export function seriesStats(values: Numeric, times: Numeric, x0: number, x1: number): SeriesStats {
  const i0 = bisectLeft(times, x0);
  const i1 = bisectRight(times, x1);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let last = NaN;
  for (let i = i0; i < i1; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
    last = v;
  }
  return n === 0 ? { last: NaN, min: NaN, max: NaN, mean: NaN } : { last, min, max, mean: sum / n };
}

/** Rolling good/total over `windowRows` samples (an SLI), NaN where the window had no events. */
export function rollingRatio(good: Numeric, total: Numeric, windowRows: number): Float32Array {
  const n = Math.min(good.length, total.length);
  const out = new Float32Array(n);
  let g = 0;
  let t = 0;
  for (let i = 0; i < n; i++) {
    g += good[i] as number;
    t += total[i] as number;
    if (i >= windowRows) {
      g -= good[i - windowRows] as number;
      t -= total[i - windowRows] as number;
    }
    out[i] = t > 0 ? g / t : NaN;
  }
  return out;
}

export interface ThresholdRule {
  metric: string;
  op: string;
  value: number;
}

/** A threshold alert's rule text ("pool_utilization > 0.8 on checkout@prod for 5m"), parsed; null for other rules. */
export function parseThresholdRule(rule: string): ThresholdRule | null {
  const m = /^([a-z0-9_]+) (>=|<=|>|<|==|!=) (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?) on /i.exec(rule);
  if (!m) return null;
  return { metric: m[1] as string, op: m[2] as string, value: Number(m[3]) };
}

/** Threshold lines for a derived metric of one service: its threshold alert rules. */
export function alertThresholds(rules: readonly AlertRuleInfo[], service: string, env: string, metric: string): Threshold[] {
  const out: Threshold[] = [];
  for (const r of rules) {
    if (r.type !== 'threshold' || r.service !== service || r.env !== env) continue;
    const t = parseThresholdRule(r.rule);
    if (t && t.metric === metric) out.push({ value: t.value, label: `${r.id} (${r.severity})`, tone: severityTone(r.severity) });
  }
  return out;
}

/** The accessible summary of a chart: its name and each series' last value. */
export function chartSummary(title: string, subject: string | undefined, series: readonly ChartSeries[], format: (v: number) => string): string {
  const head = subject ? `${title}, ${subject}` : title;
  if (series.length === 0) return `${head}: no data`;
  const lasts = series.map((s) => {
    let last = NaN;
    for (let i = s.values.length - 1; i >= 0; i--) {
      const v = s.values[i] as number;
      if (Number.isFinite(v)) {
        last = v;
        break;
      }
    }
    return `${s.label} ${Number.isFinite(last) ? format(last) : 'no data'}`;
  });
  return `${head}: last ${lasts.join(', ')}`;
}

/**
 * Labels for y ticks: ratios as percentages with as many decimals as the step needs
 * ("0%", "50%", "100%" rather than "100.0%"); other units through `format`.
 */
export function axisLabels(ticks: readonly number[], unit: string, format: (v: number) => string): string[] {
  if (unit !== 'ratio' || ticks.length < 2) return ticks.map(format);
  const step = Math.abs((ticks[1] as number) - (ticks[0] as number)) * 100;
  const decimals = Math.max(0, Math.min(4, -Math.floor(Math.log10(step) + 1e-9)));
  return ticks.map((t) => `${(t * 100).toFixed(decimals)}%`);
}
