// The log-volume histogram's data: counts per bucket and level for the committed query over the
// shared range, fetched in chunks, newest first, so the worker is never held long by one request
// (counting a text means generating the lines that may hold it: about a millisecond per
// service-second of a busy service) and bars appear as they are counted. As the clock moves
// (Live), only the buckets that could have changed are counted again.

import { useEffect, useRef, useState } from 'react';
import type { LogBucket } from '../../../../engine/src/index.ts';
import { useAppShallow, useFiredrill } from '../../app/context.tsx';
import type { LogFilter } from './logql.ts';
import { effectiveRange, useRefreshKey } from './useLogSearch.ts';

/** Bars the histogram aims for. */
const TARGET_BARS = 90;
const NICE_BUCKETS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];
/** Seconds behind the clock whose lines may not be final yet (one scrape, plus the current second). */
const NOT_FINAL_SEC = 11;
/** Aim for requests of about this many wall ms: halve the chunk above it, double well below. */
const CHUNK_MS = 80;

export function bucketFor(spanSec: number): number {
  const want = spanSec / TARGET_BARS;
  return NICE_BUCKETS.find((b) => b >= want) ?? (NICE_BUCKETS[NICE_BUCKETS.length - 1] as number);
}

export interface Histogram {
  /** Counted buckets, in time order (buckets not counted yet are missing). */
  buckets: LogBucket[];
  bucketSec: number;
  fromSec: number;
  toSec: number;
  estimated: boolean;
  /** Buckets still to count. */
  pending: number;
}

interface Job {
  key: string;
  toSec: number;
  counts: Map<number, LogBucket>;
}

export function useLogVolume(filter: LogFilter | null, filterKey: string, live: boolean): Histogram | null {
  const { store, services } = useFiredrill();
  const range = useAppShallow((s) => s.range);
  const refresh = useRefreshKey(live);
  const [hist, setHist] = useState<Histogram | null>(null);
  const job = useRef<Job | null>(null);
  const gen = useRef(0);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  useEffect(() => {
    const f = filterRef.current;
    if (!f) return;
    const mine = ++gen.current;
    const { fromSec, toSec } = effectiveRange({ fromSec: range.fromSec, toSec: range.toSec }, store.getState().clock.nowSec);
    const bucketSec = bucketFor(toSec - fromSec);
    const key = `${filterKey}|${fromSec}|${bucketSec}`;
    const prev = job.current;
    const counts = new Map<number, LogBucket>();
    if (prev && prev.key === key && toSec >= prev.toSec) {
      // Only the end moved: keep what was final when it was counted.
      const stale = fromSec + Math.max(0, Math.floor((prev.toSec - NOT_FINAL_SEC - fromSec) / bucketSec)) * bucketSec;
      for (const [s, b] of prev.counts) if (s < stale) counts.set(s, b);
    }
    const current: Job = { key, toSec, counts };
    job.current = current;
    const missing: number[] = [];
    for (let s = fromSec; s < toSec; s += bucketSec) if (!counts.has(s)) missing.push(s);
    missing.reverse(); // newest first

    const publish = () => {
      const buckets = [...counts.values()].sort((a, b) => a.startSec - b.startSec);
      setHist({ buckets, bucketSec, fromSec, toSec, estimated: buckets.some((b) => b.estimated), pending: missing.length });
    };
    publish();
    let size = f.text ? 4 : Math.max(1, missing.length);
    const step = (): void => {
      if (gen.current !== mine || missing.length === 0) return;
      // The newest run of contiguous missing buckets, at most `size` of them.
      let n = 1;
      while (n < size && n < missing.length && (missing[n] as number) === (missing[n - 1] as number) - bucketSec) n += 1;
      const chunk = missing.slice(0, n);
      const lo = chunk[chunk.length - 1] as number;
      const hi = Math.min(toSec, (chunk[0] as number) + bucketSec);
      const t0 = performance.now();
      services.sim.call('query/logCounts', { ...f, fromSec: lo, toSec: hi, bucketSec }).then(
        (res) => {
          if (gen.current !== mine) return;
          for (const b of res) counts.set(b.startSec, b);
          missing.splice(0, n);
          const took = performance.now() - t0;
          if (took > CHUNK_MS * 1.5) size = Math.max(1, Math.floor(size / 2));
          else if (took < CHUNK_MS / 3) size = Math.min(1024, size * 2);
          publish();
          step();
        },
        () => {
          // The search's own error says what went wrong; the histogram stops where it is.
          if (gen.current === mine) {
            missing.length = 0;
            publish();
          }
        },
      );
    };
    step();
  }, [services.sim, store, filterKey, range.fromSec, range.toSec, refresh]);

  return hist;
}
