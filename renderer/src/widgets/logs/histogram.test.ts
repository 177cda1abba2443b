import { describe, expect, it } from 'vitest';
import type { LogBucket } from '../../../../engine/src/index.ts';
import { brushRange, layoutHistogram, secAt } from './histogram.ts';
import { bucketFor } from './useLogVolume.ts';

const bucket = (startSec: number, c: Partial<LogBucket['counts']>): LogBucket => ({ startSec, counts: { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0, ...c } });

describe('log histogram layout', () => {
  it('stacks levels bottom-up, errors on the baseline, within the plot', () => {
    const l = layoutHistogram([bucket(0, { INFO: 30, ERROR: 10 }), bucket(60, { WARN: 5 })], 60, 0, 120, 600, 100, 1_773_135_000);
    expect(l.maxTotal).toBe(40);
    expect(l.totals).toEqual({ DEBUG: 0, INFO: 30, WARN: 5, ERROR: 10, FATAL: 0 });
    const [a, b] = l.bars;
    expect(a?.segments.map((s) => s.level)).toEqual(['ERROR', 'INFO']);
    const [err, info] = a?.segments ?? [];
    expect((err?.y ?? 0) + (err?.height ?? 0)).toBeCloseTo(100); // on the baseline
    expect((info?.y ?? 0) + (info?.height ?? 0)).toBeCloseTo(err?.y ?? 0); // stacked on it
    expect(a?.x).toBe(0);
    expect(b?.x).toBe(300);
    expect(a?.width).toBe(299); // a pixel between bars
    expect(l.yTicks[0]).toEqual({ value: 0, y: 100 });
  });

  it('puts time ticks on round wall-clock times', () => {
    // The run starts at 09:30:00 UTC; a 15-minute range gets ticks on whole minutes.
    const l = layoutHistogram([], 15, 0, 900, 900, 80, 1_773_135_000);
    expect(l.xTicks.length).toBeGreaterThan(3);
    for (const t of l.xTicks) expect((1_773_135_000 + t.sec) % 60).toBe(0);
  });

  it('brushes to whole buckets and ignores clicks', () => {
    expect(secAt(300, 600, 0, 900)).toBe(450);
    expect(brushRange(100, 102, 600, 0, 900, 15)).toBeNull();
    // 100 px..400 px of 600 over 900 s = 150 s..600 s, snapped outwards to 15 s buckets.
    expect(brushRange(400, 100, 600, 0, 900, 15)).toEqual({ fromSec: 150, toSec: 600 });
    expect(brushRange(95, 405, 600, 0, 900, 15)).toEqual({ fromSec: 135, toSec: 615 });
    expect(brushRange(-50, 700, 600, 0, 900, 15)).toEqual({ fromSec: 0, toSec: 900 });
  });

  it('picks round bucket sizes for about 90 bars', () => {
    expect(bucketFor(900)).toBe(10);
    expect(bucketFor(901)).toBe(15);
    expect(bucketFor(3600)).toBe(60);
    expect(bucketFor(12_600)).toBe(300);
    expect(bucketFor(30)).toBe(1);
  });
});
