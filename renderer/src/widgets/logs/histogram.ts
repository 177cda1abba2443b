// The log-volume histogram's arithmetic (no DOM): stacked bars per bucket by level, the y scale,
// time ticks at round clock times, and pixels back to seconds for brushing.

import { scaleLinear } from 'd3';
import type { LogBucket, LogSeverity } from '../../../../engine/src/index.ts';
import { LEVELS } from './logql.ts';

/** Bottom to top: the levels that matter most sit on the baseline, where they are easiest to read. */
export const STACK_ORDER: readonly LogSeverity[] = ['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG'];

export interface Bar {
  startSec: number;
  endSec: number;
  x: number;
  width: number;
  total: number;
  segments: { level: LogSeverity; y: number; height: number; count: number }[];
}

export interface HistogramLayout {
  bars: Bar[];
  yTicks: { value: number; y: number }[];
  xTicks: { sec: number; x: number }[];
  maxTotal: number;
  totals: Record<LogSeverity, number>;
}

const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export function totalOf(b: LogBucket): number {
  let n = 0;
  for (const l of LEVELS) n += b.counts[l];
  return n;
}

/**
 * Bars of `buckets` over [fromSec, toSec) in a plot of `width` x `height` pixels. Clock ticks
 * fall on round wall-clock times (the run's start epoch matters: 09:31:00, not T+60 s).
 */
export function layoutHistogram(buckets: readonly LogBucket[], bucketSec: number, fromSec: number, toSec: number, width: number, height: number, startEpochSec: number): HistogramLayout {
  const totals: Record<LogSeverity, number> = { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 };
  let maxTotal = 0;
  for (const b of buckets) {
    for (const l of LEVELS) totals[l] += b.counts[l];
    maxTotal = Math.max(maxTotal, totalOf(b));
  }
  const x = scaleLinear().domain([fromSec, Math.max(fromSec + 1, toSec)]).range([0, width]);
  const y = scaleLinear().domain([0, Math.max(1, maxTotal)]).nice(3).range([height, 0]);
  const gap = (x(fromSec + bucketSec) - x(fromSec)) > 4 ? 1 : 0;
  const bars: Bar[] = buckets.map((b) => {
    const endSec = Math.min(toSec, b.startSec + bucketSec);
    const x0 = x(b.startSec);
    const x1 = x(endSec);
    let acc = 0;
    const segments: Bar['segments'] = [];
    for (const level of STACK_ORDER) {
      const count = b.counts[level];
      if (count <= 0) continue;
      const top = y(acc + count);
      const bottom = y(acc);
      segments.push({ level, y: top, height: Math.max(0.5, bottom - top), count });
      acc += count;
    }
    return { startSec: b.startSec, endSec, x: x0, width: Math.max(1, x1 - x0 - gap), total: acc, segments };
  });
  const yTicks = y.ticks(3).map((value) => ({ value, y: y(value) }));
  const span = Math.max(1, toSec - fromSec);
  const maxTicks = Math.max(2, Math.floor(width / 90));
  const step = TICK_STEPS.find((s) => span / s <= maxTicks) ?? (TICK_STEPS[TICK_STEPS.length - 1] as number);
  const xTicks: HistogramLayout['xTicks'] = [];
  // Round wall-clock times: multiples of the step in epoch seconds.
  const first = Math.ceil((startEpochSec + fromSec) / step) * step - startEpochSec;
  // Labels are centred on their tick: none so close to the right edge that it would be cut.
  for (let s = first; s <= toSec; s += step) if (x(s) <= width - 24) xTicks.push({ sec: s, x: x(s) });
  return { bars, yTicks, xTicks, maxTotal, totals };
}

/** The second at pixel `px` of a plot `width` wide over [fromSec, toSec), clamped to it. */
export function secAt(px: number, width: number, fromSec: number, toSec: number): number {
  const f = Math.min(1, Math.max(0, px / Math.max(1, width)));
  return fromSec + f * (toSec - fromSec);
}

/** A brushed pixel span as a range snapped outwards to whole buckets; null when too narrow to be a brush. */
export function brushRange(px0: number, px1: number, width: number, fromSec: number, toSec: number, bucketSec: number): { fromSec: number; toSec: number } | null {
  if (Math.abs(px1 - px0) < 4) return null;
  const a = secAt(Math.min(px0, px1), width, fromSec, toSec);
  const b = secAt(Math.max(px0, px1), width, fromSec, toSec);
  const snap = (s: number, up: boolean) => fromSec + (up ? Math.ceil((s - fromSec) / bucketSec) : Math.floor((s - fromSec) / bucketSec)) * bucketSec;
  const lo = Math.max(fromSec, snap(a, false));
  const hi = Math.min(toSec, Math.max(lo + 1, snap(b, true)));
  return { fromSec: Math.floor(lo), toSec: Math.ceil(hi) };
}
