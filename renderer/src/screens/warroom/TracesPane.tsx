// Traces (Jaeger style): sampled traces over the shared time range filtered by service,
// environment, status and minimum duration; open one to see its waterfall. A trace id clicked
// elsewhere (a log line) arrives as store.openTraceId: it is opened and the request cleared.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LogRecord, Trace, TraceList as TraceListResult, TraceLookup, TraceQuery } from '../../../../engine/src/index.ts';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime, num, offset } from '../../app/format.ts';
import { RangeBar } from '../../widgets/chart/RangeBar.tsx';
import { lineTime } from '../../widgets/logs/LogList.tsx';
import { IdFilter } from '../../widgets/logs/LogQueryBar.tsx';
import { formatLogQl } from '../../widgets/logs/logql.ts';
import { effectiveRange } from '../../widgets/logs/useLogSearch.ts';
import { TraceList } from '../../widgets/traces/TraceList.tsx';
import { TraceWaterfall } from '../../widgets/traces/TraceWaterfall.tsx';
import { spanMs } from '../../widgets/traces/waterfall.ts';
import '../../widgets/chart/chart.css';
import '../../widgets/logs/logs.css';
import '../../widgets/traces/traces.css';

const LIST_LIMIT = 100;

interface Filters {
  service: string;
  env: string;
  status: '' | 'ok' | 'error';
  /** As typed: a number of ms, or empty. */
  minMs: string;
}

/** Services a trace touches: those of its spans and the peers they called (databases, externals). */
function servicesOf(t: Trace): string[] {
  const out = new Set<string>();
  for (const sp of t.spans) {
    out.add(sp.service);
    const peer = sp.attributes['peer.service'];
    if (typeof peer === 'string') out.add(peer);
  }
  return [...out];
}

const errorCount = (t: Trace): number => t.spans.filter((sp) => sp.status === 'error').length;

/** The trace last open in this run, so coming back to the pane shows it again (without recording it again). */
let lastOpen: { runKey: string | null; traceId: string } | null = null;

export function TracesPane() {
  const { store, ctl, services } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const runKey = useApp((s) => s.runKey);
  const openRequest = useApp((s) => s.openTraceId);
  const focus = useAppShallow((s) => s.focus);
  const range = useAppShallow((s) => s.range);
  const pinnedRefs = useAppShallow((s) => s.pinned.map((p) => JSON.stringify(p.ref)));
  const startEpochSec = scenario?.startEpochSec ?? 0;
  const allServices = useMemo(() => (scenario?.services ?? []).map((s) => s.id), [scenario]);
  const envs = useMemo(() => (scenario?.environments ?? []).map((e) => e.id), [scenario]);

  const [filters, setFilters] = useState<Filters>(() => ({ service: focus.service ?? '', env: focus.env, status: '', minMs: '' }));
  const [searchRun, setSearchRun] = useState(0);
  /** The minimum duration the list was last searched with (typing alone does not search). */
  const [appliedMinMs, setAppliedMinMs] = useState('');
  const [list, setList] = useState<{ result: TraceListResult | null; query: TraceQuery | null; loading: boolean; error: string | null }>({ result: null, query: null, loading: true, error: null });
  const [open, setOpen] = useState<{ traceId: string; seq: number } | null>(() => (lastOpen && lastOpen.runKey === runKey ? { traceId: lastOpen.traceId, seq: 0 } : null));
  const [lookup, setLookup] = useState<{ traceId: string; result: TraceLookup | null; error: string | null } | null>(null);
  const [logs, setLogs] = useState<LogRecord[] | null>(null);
  const [selectedSpan, setSelectedSpan] = useState<string | null>(null);
  const openSeq = useRef(0);
  const observedOpen = useRef(0);
  const observedSearch = useRef(0);

  const openTrace = useCallback(
    (traceId: string) => {
      openSeq.current += 1;
      setOpen({ traceId: traceId.toLowerCase(), seq: openSeq.current });
      setSelectedSpan(null);
    },
    [],
  );

  // A trace id clicked elsewhere: open it and clear the request.
  useEffect(() => {
    if (!openRequest) return;
    openTrace(openRequest);
    store.setState({ openTraceId: null });
  }, [openRequest, openTrace, store]);

  // The list.
  const minMs = Number(appliedMinMs);
  const minDurationMs = appliedMinMs.trim() !== '' && Number.isFinite(minMs) && minMs > 0 ? minMs : undefined;
  const search = () => {
    setAppliedMinMs(filters.minMs);
    setSearchRun((n) => n + 1);
  };
  useEffect(() => {
    let stale = false;
    const { fromSec, toSec } = effectiveRange({ fromSec: range.fromSec, toSec: range.toSec }, store.getState().clock.nowSec);
    const q: TraceQuery = { fromSec, toSec, limit: LIST_LIMIT };
    if (filters.service) q.service = filters.service;
    if (filters.env) q.env = filters.env;
    if (filters.status) q.status = filters.status;
    if (minDurationMs !== undefined) q.minDurationMs = minDurationMs;
    const observe = searchRun > 0 && observedSearch.current !== searchRun;
    if (observe) observedSearch.current = searchRun;
    setList((l) => ({ ...l, loading: true }));
    services.sim.call('query/traces', observe ? { ...q, observe: true } : q).then(
      (result) => {
        if (!stale) setList({ result, query: q, loading: false, error: null });
      },
      (err: unknown) => {
        if (!stale) setList((l) => ({ ...l, loading: false, error: err instanceof Error ? err.message : String(err) }));
      },
    );
    return () => {
      stale = true;
    };
  }, [services.sim, store, filters.service, filters.env, filters.status, minDurationMs, range.fromSec, range.toSec, searchRun]);

  // The open trace, then its log lines.
  useEffect(() => {
    if (!open) return;
    let stale = false;
    lastOpen = { runKey, traceId: open.traceId };
    const observe = open.seq > 0 && observedOpen.current !== open.seq;
    if (observe) observedOpen.current = open.seq;
    setLookup((l) => (l && l.traceId === open.traceId ? l : null));
    setLogs(null);
    services.sim
      .call('query/trace', observe ? { traceId: open.traceId, observe: true } : { traceId: open.traceId })
      .then((result) => {
        if (stale) return null;
        setLookup({ traceId: open.traceId, result, error: null });
        const t = result.trace;
        if (!t) return null;
        const fromSec = Math.floor(t.startMs / 1000);
        const toSec = Math.ceil((t.startMs + t.durationMs) / 1000) + 1;
        return services.sim.call('query/logs', { fromSec, toSec, traceId: t.traceId, order: 'asc', limit: 2000 });
      })
      .then(
        (res) => {
          if (!stale && res) setLogs(res.records);
        },
        (err: unknown) => {
          if (!stale) setLookup({ traceId: open.traceId, result: null, error: err instanceof Error ? err.message : String(err) });
        },
      );
    return () => {
      stale = true;
    };
  }, [services.sim, open, runKey]);

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setSearchRun((n) => n + 1);
  };

  if (!scenario) return <div className="panel-body muted">No run in progress.</div>;

  const trace = lookup && open && lookup.traceId === open.traceId ? lookup.result?.trace ?? null : null;
  const traceRef = trace ? JSON.stringify({ kind: 'trace', traceId: trace.traceId }) : '';
  const traces = list.result?.traces ?? [];

  return (
    <div className={`traces-pane${open ? ' has-open' : ''}`}>
      <form
        className="trace-filters"
        aria-label="Trace filters"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <IdFilter label="Service" all="All services" ids={allServices} value={filters.service} onChange={(service) => setFilter({ service })} />
        <IdFilter label="Environment" all="All environments" ids={envs} value={filters.env} onChange={(env) => setFilter({ env })} />
        <label>
          Status
          <select value={filters.status} onChange={(e) => setFilter({ status: e.target.value === 'ok' || e.target.value === 'error' ? e.target.value : '' })}>
            <option value="">Any status</option>
            <option value="error">Errors only</option>
            <option value="ok">OK only</option>
          </select>
        </label>
        <label>
          Min duration (ms)
          <input
            type="number"
            min={0}
            step={10}
            inputMode="numeric"
            className="min-dur mono"
            value={filters.minMs}
            onChange={(e) => setFilters((f) => ({ ...f, minMs: e.target.value }))}
            onBlur={() => {
              if (filters.minMs !== appliedMinMs) search();
            }}
          />
        </label>
        <button type="submit" className="primary">
          Find traces
        </button>
        <span className="grow" />
        <RangeBar />
      </form>

      <section className="trace-results panel" aria-label="Trace results">
        <div className="panel-head trace-results-head">
          <h3>Traces</h3>
          <span className="faint">
            {list.error ? (
              <span className="tone-crit">Search failed: {list.error}</span>
            ) : list.query ? (
              <>
                {num(traces.length)}
                {list.result?.truncated ? '+' : ''} sampled, newest first · {clockTime(startEpochSec, list.query.fromSec)} – {clockTime(startEpochSec, list.query.toSec)}
                {list.result?.truncated ? ` · showing the newest ${LIST_LIMIT}: narrow the filters or the range for older ones` : ''}
              </>
            ) : (
              'Searching…'
            )}
          </span>
          {list.loading && <span className="faint">searching…</span>}
          <span className="grow" />
          <button type="button" onClick={search}>
            Refresh
          </button>
        </div>
        <div className="trace-results-body">
          {list.query && traces.length === 0 && !list.loading ? (
            <p className="muted trace-empty">No sampled trace matches. Sampling keeps one trace per entry point per second and up to five error traces: widen the range or relax the filters.</p>
          ) : (
            <TraceList traces={traces} selected={open?.traceId ?? null} startEpochSec={startEpochSec} allServices={allServices} onOpen={openTrace} />
          )}
        </div>
      </section>

      {open && (
        <section className="trace-view panel" aria-label="Trace">
          <div className="trace-view-head">
            <div className="tv-line">
              {trace ? (
                <>
                  {trace.status === 'error' ? <span className="badge crit">error</span> : <span className="badge ok">ok</span>}
                  <h3 className="trace-title">
                    {trace.rootService} <span className="mono">{trace.spans[0]?.name ?? ''}</span>
                  </h3>
                  <span className="trace-facts">
                    <b className="mono">{spanMs(trace.durationMs)}</b> · {trace.spans.length} spans · {servicesOf(trace).length} services ·{' '}
                    <span className={errorCount(trace) > 0 ? 'tone-crit' : ''}>
                      {errorCount(trace)} error{errorCount(trace) === 1 ? '' : 's'}
                    </span>{' '}
                    · started {lineTime(startEpochSec, trace.startMs)} <span className="faint">({offset(trace.startMs / 1000)})</span> · {trace.env}
                  </span>
                </>
              ) : (
                <h3 className="trace-title">Trace</h3>
              )}
              <span className="grow" />
              <button
                type="button"
                className="ghost"
                aria-label="Close trace"
                title="Close trace"
                onClick={() => {
                  setOpen(null);
                  lastOpen = null;
                }}
              >
                ✕
              </button>
            </div>
            <div className="tv-line">
              <span className="faint">Trace ID</span>
              <span className="mono trace-id">{open.traceId}</span>
              <span className="grow" />
              {trace && (
                <>
                  <button type="button" onClick={() => store.setState({ logFilter: formatLogQl({ traceId: trace.traceId }), pane: 'logs' })}>
                    View logs
                  </button>
                  <button
                    type="button"
                    disabled={pinnedRefs.includes(traceRef)}
                    onClick={() => {
                      ctl.pin({
                        ref: { kind: 'trace', traceId: trace.traceId },
                        label: `Trace ${trace.rootService} ${trace.spans[0]?.name ?? ''} · ${spanMs(trace.durationMs)} · ${trace.status} · ${lineTime(startEpochSec, trace.startMs)}`,
                        atSec: store.getState().clock.nowSec,
                      });
                      ctl.toast('Pinned to evidence: attach it to a hypothesis in the incident panel.');
                    }}
                  >
                    {pinnedRefs.includes(traceRef) ? 'Pinned' : 'Pin as evidence'}
                  </button>
                </>
              )}
            </div>
          </div>
          <div className="trace-view-body">
            {lookup === null ? (
              <p className="muted trace-empty">Loading trace…</p>
            ) : lookup.error ? (
              <p className="tone-crit trace-empty">Could not load the trace: {lookup.error}</p>
            ) : !trace ? (
              <p className="muted trace-empty">No trace to show: {lookup.result?.reason ?? 'not found'}.</p>
            ) : (
              <TraceWaterfall key={trace.traceId} trace={trace} startEpochSec={startEpochSec} allServices={allServices} logs={logs} selectedSpan={selectedSpan} onSelectSpan={setSelectedSpan} />
            )}
          </div>
        </section>
      )}
    </div>
  );
}
