// The log explorer (Loki/Kibana style): a LogQL-like query over the shared time range, log
// volume by level over time (brush to zoom), and the matching lines, newest first, virtualised,
// each expandable to its fields, stack trace and trace. "Live" refreshes on every scrape.

import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { LogRecord } from '../../../../engine/src/index.ts';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime, ms, num } from '../../app/format.ts';
import { RangeBar } from '../../widgets/chart/RangeBar.tsx';
import { LogDetails, type FilterField } from '../../widgets/logs/LogDetails.tsx';
import { LogHistogram } from '../../widgets/logs/LogHistogram.tsx';
import { LogList } from '../../widgets/logs/LogList.tsx';
import { LogQueryBar } from '../../widgets/logs/LogQueryBar.tsx';
import { formatLogQl, parseLogQl, type LogFilter, type LogQlError } from '../../widgets/logs/logql.ts';
import { useLogSearch } from '../../widgets/logs/useLogSearch.ts';
import { useLogVolume } from '../../widgets/logs/useLogVolume.ts';
import '../../widgets/chart/chart.css';
import '../../widgets/logs/logs.css';

/** What a pinned line says: the search text when there is one, else its exception or its first words. */
export function distinctivePart(r: LogRecord, text: string | undefined): string {
  if (text && text.trim()) return text.trim();
  const ex = r.attributes['exception.type'];
  if (typeof ex === 'string' && ex) return ex;
  const body = r.body.replace(/\s+/g, ' ').trim();
  return body.length > 80 ? body.slice(0, 80) : body;
}

export function LogsPane() {
  const { store, ctl } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const committed = useApp((s) => s.logFilter);
  const pinnedRefs = useAppShallow((s) => s.pinned.map((p) => JSON.stringify(p.ref)));
  const range = useAppShallow((s) => s.range);
  const [draft, setDraft] = useState(committed);
  const [error, setError] = useState<LogQlError | null>(null);
  const [live, setLive] = useState(true);
  /** Why Live went off by itself, shown beside the toggle. */
  const [paused, setPaused] = useState<string | null>(null);
  /** Counts each time Live is switched on: the list then goes back to the newest lines. */
  const [liveEpoch, setLiveEpoch] = useState(0);
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [runId, setRunId] = useState(0);

  const parsed = useMemo(() => parseLogQl(committed), [committed]);
  const filter: LogFilter | null = parsed.ok ? parsed.filter : null;
  // Live follows the clock: a zoomed range (a fixed end) has nothing new to show.
  const following = range.toSec === null;
  const liveOn = live && following;
  const search = useLogSearch({ filter, filterKey: committed, order, live: liveOn, runId });
  const histogram = useLogVolume(filter, committed, liveOn);

  const services = useMemo(() => (scenario?.services ?? []).filter((s) => s.type !== 'external').map((s) => s.id), [scenario]);
  const envs = useMemo(() => (scenario?.environments ?? []).map((e) => e.id), [scenario]);
  const startEpochSec = scenario?.startEpochSec ?? 0;

  const run = useCallback(
    (text: string) => {
      const p = parseLogQl(text);
      if (!p.ok) {
        setError(p.error);
        return;
      }
      setError(null);
      store.setState({ logFilter: text });
      setRunId((n) => n + 1);
    },
    [store],
  );

  const openTrace = useCallback((traceId: string) => store.setState({ openTraceId: traceId, pane: 'traces' }), [store]);

  const refOf = useCallback(
    (r: LogRecord) => ({ kind: 'log', service: r.service, env: r.env, severity: r.severity, contains: distinctivePart(r, filter?.text) }),
    [filter?.text],
  );
  const pin = useCallback(
    (r: LogRecord) => {
      const ref = refOf(r);
      const body = r.body.length > 90 ? `${r.body.slice(0, 90)}…` : r.body;
      ctl.pin({ ref, label: `${r.service} ${r.severity} ${clockTime(startEpochSec, Math.floor(r.timeMs / 1000))}: ${body}`, atSec: store.getState().clock.nowSec });
      ctl.toast('Pinned to evidence: attach it to a hypothesis in the incident panel.');
    },
    [ctl, refOf, startEpochSec, store],
  );

  const filterBy = useCallback(
    (field: FilterField, value: string) => {
      const base = filter ?? {};
      const next: LogFilter = { ...base, [field]: value };
      const text = formatLogQl(next);
      setDraft(text);
      run(text);
    },
    [filter, run],
  );

  const renderDetails = useCallback(
    (r: LogRecord) => (
      <LogDetails record={r} startEpochSec={startEpochSec} highlight={filter?.text} pinned={pinnedRefs.includes(JSON.stringify(refOf(r)))} onOpenTrace={openTrace} onPin={pin} onFilter={filterBy} />
    ),
    [startEpochSec, filter?.text, pinnedRefs, refOf, openTrace, pin, filterBy],
  );

  const liveRef = useRef(live);
  liveRef.current = live;
  const onReading = useCallback(() => {
    if (!liveRef.current) return;
    setLive(false);
    setPaused('paused while you read');
  }, []);

  const brush = useCallback(
    (fromSec: number, toSec: number) => {
      store.setState({ range: { fromSec, toSec } });
      setRunId((n) => n + 1);
    },
    [store],
  );

  if (!scenario) return <div className="panel-body muted">No run in progress.</div>;

  const q = search.query;
  const showEnv = filter?.env === undefined;
  const count = search.records.length;
  const last = search.records[count - 1];
  let footer: ReactNode = null;
  if (search.truncated && q) {
    const loadMore = (
      <button
        type="button"
        onClick={() => {
          if (live) setPaused('paused while paging');
          setLive(false);
          search.loadMore();
        }}
        disabled={search.loadingMore}
      >
        {search.loadingMore ? 'Loading…' : 'Load more'}
      </button>
    );
    footer = search.scanBound ? (
      <>
        <span>
          Searched {q.order === 'desc' ? 'back' : 'forward'} to {last ? clockTime(startEpochSec, Math.floor(last.timeMs / 1000)) : 'here'} ({num(count)} lines so far): the rest of the range is not searched yet — narrow the query, or
        </span>
        {loadMore}
      </>
    ) : (
      <>
        <span>Showing the first {num(count)} lines — narrow the query, or</span>
        {loadMore}
      </>
    );
  }

  return (
    <div className="logs-pane">
      <LogQueryBar draft={draft} onDraft={setDraft} onRun={run} error={error} committed={filter ?? {}} services={services} envs={envs} busy={search.loading}>
        <label>
          Order
          <select value={order} onChange={(e) => setOrder(e.target.value === 'asc' ? 'asc' : 'desc')}>
            <option value="desc">Newest first</option>
            <option value="asc">Oldest first</option>
          </select>
        </label>
        {paused && !live && following && <span className="live-paused faint">{paused}</span>}
        <button
          type="button"
          className="live-toggle"
          aria-pressed={liveOn}
          disabled={!following}
          onClick={() => {
            if (!live) setLiveEpoch((n) => n + 1);
            setPaused(null);
            setLive(!live);
          }}
          title={following ? 'Refresh on every scrape as the clock moves' : 'Live follows the clock: reset the zoom first'}
        >
          <i className="live-dot" aria-hidden="true" />
          Live
        </button>
        <RangeBar />
      </LogQueryBar>
      {!parsed.ok && <div className="log-query-error" role="alert">The saved query does not parse (column {parsed.error.column}: {parsed.error.message}); fix it above and run it.</div>}
      <section className="log-volume panel" aria-label="Log volume">
        {histogram ? (
          <LogHistogram histogram={histogram} startEpochSec={startEpochSec} onBrush={brush} />
        ) : (
          <div className="log-histogram-empty faint">{search.error ? '' : 'Counting…'}</div>
        )}
      </section>
      <div className="log-status" aria-live="polite">
        {search.error ? (
          <span className="tone-crit">Query failed: {search.error}</span>
        ) : q ? (
          <>
            <b>{num(count)}</b>
            <span>{count === 1 ? 'line' : 'lines'}</span>
            {search.truncated && <span className="tone-warn">more match</span>}
            <span className="faint">
              {clockTime(startEpochSec, q.fromSec)} – {clockTime(startEpochSec, q.toSec)} · {q.order === 'desc' ? 'newest first' : 'oldest first'}
              {search.tookMs !== null ? ` · ${ms(search.tookMs)}` : ''}
            </span>
            {search.loading && <span className="faint">refreshing…</span>}
          </>
        ) : (
          <span className="faint">Searching…</span>
        )}
      </div>
      <section className="log-results panel" aria-label="Log lines">
        {q && count === 0 && !search.loading ? (
          <div className="log-empty muted">
            No lines match between {clockTime(startEpochSec, q.fromSec)} and {clockTime(startEpochSec, q.toSec)}. Widen the time range or relax the filters.
          </div>
        ) : (
          <LogList records={search.records} startEpochSec={startEpochSec} showEnv={showEnv} highlight={filter?.text} renderDetails={renderDetails} footer={footer} label="Log lines"
            resetKey={`${committed}|${runId}|${order}|${range.fromSec}|${range.toSec}|${liveEpoch}`}
            onReading={onReading}
          />
        )}
      </section>
    </div>
  );
}
