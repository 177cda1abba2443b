// One trace as a waterfall (Jaeger style): spans in tree order, indented under their parents,
// as bars on the trace's time axis, coloured by service, errors red. Click a span for its
// attributes, events and log lines; collapse a span to hide what it called.

import { Fragment, useMemo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { LogRecord, Span, Trace } from '../../../../engine/src/index.ts';
import { lineTime } from '../logs/LogList.tsx';
import { spanMs, serviceColor, timeTicks, treeOrder, visibleRows } from './waterfall.ts';

export interface TraceWaterfallProps {
  trace: Trace;
  startEpochSec: number;
  allServices: readonly string[];
  /** The trace's log lines (null while loading). */
  logs: readonly LogRecord[] | null;
  selectedSpan: string | null;
  onSelectSpan(spanId: string | null): void;
}

export function TraceWaterfall({ trace, startEpochSec, allServices, logs, selectedSpan, onSelectSpan }: TraceWaterfallProps) {
  const rows = useMemo(() => treeOrder(trace), [trace]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const shown = useMemo(() => visibleRows(rows, collapsed), [rows, collapsed]);
  const dur = Math.max(trace.durationMs, 0.001);
  const ticks = timeTicks(dur, 6);
  const logsBySpan = useMemo(() => {
    const m = new Map<string, LogRecord[]>();
    for (const r of logs ?? []) {
      if (!r.spanId) continue;
      const list = m.get(r.spanId) ?? [];
      list.push(r);
      m.set(r.spanId, list);
    }
    return m;
  }, [logs]);
  const toggle = (id: string) =>
    setCollapsed((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const target = e.target as HTMLElement;
    if (!target.classList.contains('wf-span')) return;
    e.preventDefault();
    const all = [...e.currentTarget.querySelectorAll<HTMLElement>('.wf-span')];
    const i = all.indexOf(target);
    all[Math.max(0, Math.min(all.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
  };

  return (
    <div className="waterfall" role="group" aria-label={`Waterfall of trace ${trace.traceId}`} onKeyDown={onKeyDown}>
      <div className="wf-head">
        <div className="wf-label-col">
          <span>Service &amp; operation</span>
          <span className="faint">
            {rows.length} spans{collapsed.size > 0 ? ` · ${rows.length - shown.length} hidden` : ''}
          </span>
          {collapsed.size > 0 && (
            <button type="button" className="ghost small" onClick={() => setCollapsed(new Set())}>
              Expand all
            </button>
          )}
        </div>
        <div className="wf-axis" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t} className="wf-tick" style={{ left: `${(t / dur) * 100}%` }}>
              {t === 0 ? '0' : spanMs(t)}
            </span>
          ))}
        </div>
      </div>
      <div className="wf-body">
        {shown.map((r) => {
          const s = r.span;
          const left = (r.offsetMs / dur) * 100;
          const width = Math.max(0.15, (s.durationMs / dur) * 100);
          // The duration goes right of the bar, else left of it, else (a bar from the start to the end) inside it.
          const place = left + width < 78 ? 'right' : left > 14 ? 'left' : 'inside';
          const open = selectedSpan === s.spanId;
          const isCollapsed = collapsed.has(s.spanId);
          const color = serviceColor(s.service, allServices);
          const nLogs = logsBySpan.get(s.spanId)?.length ?? 0;
          return (
            <Fragment key={s.spanId}>
              <div className={`wf-row${open ? ' open' : ''}${s.status === 'error' ? ' error' : ''}`}>
                <div className="wf-label-col" style={{ paddingLeft: 6 + r.depth * 14 }}>
                  {r.descendants > 0 ? (
                    <button
                      type="button"
                      className="ghost wf-toggle"
                      aria-expanded={!isCollapsed}
                      aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${s.service} ${s.name} (${r.descendants} span${r.descendants === 1 ? '' : 's'} under it)`}
                      onClick={() => toggle(s.spanId)}
                    >
                      {isCollapsed ? '▸' : '▾'}
                    </button>
                  ) : (
                    <span className="wf-toggle-space" />
                  )}
                  <span className="svc-dot" style={{ background: color }} />
                </div>
                <button
                  type="button"
                  className="wf-span"
                  aria-expanded={open}
                  aria-label={`${s.service} ${s.name}, ${spanMs(s.durationMs)}${s.status === 'error' ? ', error' : ''}`}
                  onClick={() => onSelectSpan(open ? null : s.spanId)}
                  style={{ '--indent': `${6 + r.depth * 14 + 30}px` } as CSSProperties}
                >
                  <span className="wf-name">
                    <b>{s.service}</b> <span className="wf-op">{s.name}</span>
                    {s.status === 'error' && <span className="wf-err-mark" aria-hidden="true">!</span>}
                    {nLogs > 0 && <span className="wf-logs-mark faint">{nLogs} log{nLogs === 1 ? '' : 's'}</span>}
                    {isCollapsed && <span className="faint"> +{r.descendants}</span>}
                  </span>
                  <span className="wf-track">
                    <span className="wf-bar" style={{ left: `${left}%`, width: `${width}%`, background: s.status === 'error' ? 'var(--crit)' : color }} />
                    <span
                      className={`wf-dur ${place}`}
                      style={place === 'right' ? { left: `calc(${left + width}% + 4px)` } : place === 'left' ? { right: `calc(${100 - left}% + 4px)` } : { right: `calc(${100 - left - width}% + 4px)` }}
                    >
                      {spanMs(s.durationMs)}
                    </span>
                  </span>
                </button>
              </div>
              {open && <SpanDetails span={s} trace={trace} startEpochSec={startEpochSec} logs={logs === null ? null : (logsBySpan.get(s.spanId) ?? [])} />}
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}

function SpanDetails({ span: s, trace, startEpochSec, logs }: { span: Span; trace: Trace; startEpochSec: number; logs: readonly LogRecord[] | null }) {
  const attrs = Object.entries(s.attributes).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="span-details" role="region" aria-label={`Span ${s.service} ${s.name}`}>
      <div className="span-details-head">
        <b>{s.service}</b>
        <span className="mono">{s.name}</span>
        {s.status === 'error' ? <span className="badge crit">error</span> : <span className="badge ok">ok</span>}
        <span className="faint mono">
          {s.kind} · start +{spanMs(s.startMs - trace.startMs)} · duration {spanMs(s.durationMs)} · span {s.spanId}
          {s.parentSpanId ? ` · parent ${s.parentSpanId}` : ''}
        </span>
      </div>
      <div className="span-details-cols">
        <section>
          <h4>Attributes</h4>
          <dl className="kv">
            <dt>service.name</dt>
            <dd className="mono">{s.service}</dd>
            <dt>deployment.environment</dt>
            <dd className="mono">{s.env}</dd>
            {attrs.map(([k, v]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd className="mono">{String(v)}</dd>
              </Fragment>
            ))}
          </dl>
        </section>
        <section>
          <h4>Events ({s.events?.length ?? 0})</h4>
          {s.events && s.events.length > 0 ? (
            <ul className="span-events">
              {s.events.map((ev, i) => (
                <li key={i}>
                  <span className="mono faint">+{spanMs(ev.timeMs - trace.startMs)}</span> <b>{ev.name}</b>
                  {ev.attributes && (
                    <dl className="kv">
                      {Object.entries(ev.attributes).map(([k, v]) => (
                        <Fragment key={k}>
                          <dt>{k}</dt>
                          <dd className="mono">{String(v)}</dd>
                        </Fragment>
                      ))}
                    </dl>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="faint">None.</p>
          )}
          <h4>Logs ({logs === null ? '…' : logs.length})</h4>
          {logs === null ? (
            <p className="faint">Loading…</p>
          ) : logs.length === 0 ? (
            <p className="faint">This span wrote no log lines.</p>
          ) : (
            <ul className="span-logs">
              {logs.map((r, i) => (
                <li key={i} className={`lvl-${r.severity}`}>
                  <span className="mono faint">{lineTime(startEpochSec, r.timeMs)}</span> <span className="mono c-lvl">{r.severity}</span> <span className="mono">{r.body}</span>
                  {r.stack && <pre className="log-stack">{r.stack}</pre>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
