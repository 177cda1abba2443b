// The log explorer's lines: the search for the committed query over the shared time range, page
// by page. A run the trainee makes (runId changes) is sent with `observe: true`, once; refreshes
// as the clock moves (Live) and "Load more" are not.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogQuery, LogRecord } from '../../../../engine/src/index.ts';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import type { LogFilter } from './logql.ts';

/** Lines per page (the engine's default limit). */
export const PAGE = 500;
/** The engine's MAX_LOG_LIMIT. */
const MAX_LIMIT = 5000;
export interface LogSearch {
  records: LogRecord[];
  /** The query of the first page (its range is what the list covers). */
  query: LogQuery | null;
  /** More lines match than are shown: "Load more" continues from `next`. */
  truncated: boolean;
  /** The scan bound stopped the search before the end of the range (resumeSec), not the page size. */
  scanBound: boolean;
  loading: boolean;
  error: string | null;
  /** Wall ms of the last search as the UI saw it (worker round trip included). */
  tookMs: number | null;
  /** The last page of "Load more" is on its way. */
  loadingMore: boolean;
}

interface Continuation {
  query: LogQuery;
  /** Lines of the query's first second that were already shown. */
  skip: number;
}

const secOf = (r: LogRecord): number => Math.floor(r.timeMs / 1000);

/** Where "Load more" goes on from, given what is shown and how the last page ended. */
function continuation(base: LogQuery, shown: LogRecord[], resumeSec: number | undefined): Continuation | null {
  const desc = base.order === 'desc';
  if (resumeSec !== undefined) return { query: desc ? { ...base, toSec: resumeSec } : { ...base, fromSec: resumeSec }, skip: 0 };
  const last = shown[shown.length - 1];
  if (!last) return null;
  const sec = secOf(last);
  let skip = 0;
  for (let i = shown.length - 1; i >= 0 && secOf(shown[i] as LogRecord) === sec; i--) skip += 1;
  const limit = Math.min(MAX_LIMIT, skip + PAGE);
  if (limit <= skip) return null;
  return { query: desc ? { ...base, toSec: sec + 1, limit } : { ...base, fromSec: sec, limit }, skip };
}

const EMPTY: LogSearch = { records: [], query: null, truncated: false, scanBound: false, loading: false, error: null, tookMs: null, loadingMore: false };

/**
 * Changes on each new scrape while `live`; frozen while not (turning Live off refetches nothing,
 * turning it on refetches if a scrape came in the meantime).
 */
export function useRefreshKey(live: boolean): number {
  const scrape = useApp((s) => s.scrape);
  const frozen = useRef(scrape);
  if (live) frozen.current = scrape;
  return frozen.current;
}

/** The range a fetch covers: the shared range, its open end at the clock (exclusive). */
export function effectiveRange(range: { fromSec: number; toSec: number | null }, nowSec: number): { fromSec: number; toSec: number } {
  const fromSec = Math.max(0, range.fromSec);
  return { fromSec, toSec: Math.max(fromSec + 1, range.toSec ?? nowSec + 1) };
}

export interface LogSearchArgs {
  /** The committed filter (null: the query does not parse; nothing is fetched). */
  filter: LogFilter | null;
  /** Identity of the committed query text, for refetching. */
  filterKey: string;
  order: 'asc' | 'desc';
  live: boolean;
  /** Increments on every run the trainee makes: that fetch observes. 0: none yet. */
  runId: number;
}

export function useLogSearch({ filter, filterKey, order, live, runId }: LogSearchArgs): LogSearch & { loadMore(): void } {
  const { store, services } = useFiredrill();
  const range = useAppShallow((s) => s.range);
  const refresh = useRefreshKey(live);
  const [state, setState] = useState<LogSearch>(EMPTY);
  const seq = useRef(0);
  const observedRun = useRef(0);
  const next = useRef<Continuation | null>(null);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  useEffect(() => {
    const f = filterRef.current;
    if (!f) return;
    const mine = ++seq.current;
    const { fromSec, toSec } = effectiveRange({ fromSec: range.fromSec, toSec: range.toSec }, store.getState().clock.nowSec);
    const query: LogQuery = { ...f, fromSec, toSec, order, limit: PAGE };
    const observe = runId > 0 && observedRun.current !== runId;
    if (observe) observedRun.current = runId;
    const t0 = performance.now();
    setState((s) => ({ ...s, loading: true }));
    services.sim.call('query/logs', observe ? { ...query, observe: true } : query).then(
      (res) => {
        if (seq.current !== mine) return;
        next.current = res.truncated ? continuation(query, res.records, res.resumeSec) : null;
        setState({
          records: res.records,
          query,
          truncated: res.truncated,
          scanBound: res.resumeSec !== undefined,
          loading: false,
          error: null,
          tookMs: performance.now() - t0,
          loadingMore: false,
        });
      },
      (err: unknown) => {
        if (seq.current !== mine) return;
        setState((s) => ({ ...s, loading: false, error: err instanceof Error ? err.message : String(err) }));
      },
    );
  }, [services.sim, store, filterKey, range.fromSec, range.toSec, order, refresh, runId]);

  const loadMore = useCallback(() => {
    const cont = next.current;
    if (!cont) return;
    const mine = seq.current;
    setState((s) => ({ ...s, loadingMore: true }));
    services.sim.call('query/logs', cont.query).then(
      (res) => {
        if (seq.current !== mine) return;
        const fresh = res.records.slice(cont.skip);
        setState((s) => {
          const records = s.records.concat(fresh);
          next.current = res.truncated ? continuation(cont.query, records, res.resumeSec) : null;
          return { ...s, records, truncated: res.truncated, scanBound: res.resumeSec !== undefined, loadingMore: false };
        });
      },
      (err: unknown) => {
        if (seq.current !== mine) return;
        setState((s) => ({ ...s, loadingMore: false, error: err instanceof Error ? err.message : String(err) }));
      },
    );
  }, [services.sim]);

  return { ...state, loadMore };
}
