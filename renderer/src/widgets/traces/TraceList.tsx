// Sampled traces matching the filters, newest first (Jaeger's search results): start time, root
// service and operation, duration (with a bar against the slowest listed), spans, status.
// Click or Enter opens one; arrow keys move between rows.

import { useRef, type KeyboardEvent } from 'react';
import type { TraceSummary } from '../../../../engine/src/index.ts';
import { lineTime } from '../logs/LogList.tsx';
import { serviceColor, spanMs } from './waterfall.ts';

export interface TraceListProps {
  traces: readonly TraceSummary[];
  selected: string | null;
  startEpochSec: number;
  allServices: readonly string[];
  onOpen(traceId: string): void;
}

export function TraceList({ traces, selected, startEpochSec, allServices, onOpen }: TraceListProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const maxDur = Math.max(1, ...traces.map((t) => t.durationMs));
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, i: number) => {
    const t = traces[i];
    if (!t) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(t.traceId);
      return;
    }
    const d = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (d === 0) return;
    e.preventDefault();
    const rows = body.current?.querySelectorAll<HTMLTableRowElement>('tr');
    rows?.[Math.max(0, Math.min(traces.length - 1, i + d))]?.focus();
  };
  return (
    <table className="grid trace-table" aria-label="Traces">
      <thead>
        <tr>
          <th>Start</th>
          <th>Root service</th>
          <th>Operation</th>
          <th className="num">Duration</th>
          <th className="num">Spans</th>
          <th>Services</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody ref={body}>
        {traces.map((t, i) => (
          <tr
            key={t.traceId}
            aria-selected={t.traceId === selected}
            tabIndex={i === 0 || t.traceId === selected ? 0 : -1}
            onClick={() => onOpen(t.traceId)}
            onKeyDown={(e) => onKeyDown(e, i)}
            aria-label={`${t.status === 'error' ? 'Error trace' : 'Trace'} ${t.rootService} ${t.rootName}, ${spanMs(t.durationMs)}, started ${lineTime(startEpochSec, t.startMs)}`}
          >
            <td className="mono">{lineTime(startEpochSec, t.startMs)}</td>
            <td>
              <span className="svc-dot" style={{ background: serviceColor(t.rootService, allServices) }} />
              {t.rootService}
              {t.env !== 'prod' && <span className="env-tag">{t.env}</span>}
            </td>
            <td className="mono op-cell">{t.rootName}</td>
            <td className="num mono dur-cell">
              <span className="dur-bar" style={{ width: `${Math.max(2, (t.durationMs / maxDur) * 100)}%` }} data-error={t.status === 'error' || undefined} />
              <span className="dur-text">{spanMs(t.durationMs)}</span>
            </td>
            <td className="num mono">
              {t.spanCount}
              {t.errorCount > 0 && <span className="tone-crit"> ({t.errorCount} err)</span>}
            </td>
            <td className="svc-list" title={t.services.join(', ')}>
              {t.services.map((s) => (
                <span key={s} className="svc-dot" style={{ background: serviceColor(s, allServices) }} title={s} />
              ))}
              <span className="faint">{t.services.length}</span>
            </td>
            <td>{t.status === 'error' ? <span className="badge crit">error</span> : <span className="badge ok">ok</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
