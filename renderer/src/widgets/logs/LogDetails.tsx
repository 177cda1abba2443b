// One log line, expanded: every field (OpenTelemetry names), the full body, the stack trace,
// the trace id as a link to the trace, and actions (pin as evidence, filter by a field).

import type { LogRecord } from '../../../../engine/src/index.ts';
import { offset } from '../../app/format.ts';
import { Highlight, lineTime } from './LogList.tsx';

export type FilterField = 'service' | 'env' | 'traceId' | 'minSeverity';

export interface LogDetailsProps {
  record: LogRecord;
  startEpochSec: number;
  highlight?: string;
  pinned: boolean;
  onOpenTrace(traceId: string): void;
  onPin(record: LogRecord): void;
  onFilter(field: FilterField, value: string): void;
}

export function LogDetails({ record: r, startEpochSec, highlight, pinned, onOpenTrace, onPin, onFilter }: LogDetailsProps) {
  const attrs = Object.entries(r.attributes).sort(([a], [b]) => a.localeCompare(b));
  const filterButton = (field: FilterField, value: string, what: string) => (
    <button type="button" className="ghost filter-btn" aria-label={`Filter for ${what} ${value}`} title={`Filter for ${what} ${value}`} onClick={() => onFilter(field, value)}>
      <FilterIcon />
    </button>
  );
  return (
    <div className="log-details" role="gridcell">
      <div className="log-details-actions">
        <button type="button" onClick={() => onPin(r)} disabled={pinned} aria-label={pinned ? 'Pinned as evidence' : 'Pin as evidence'}>
          {pinned ? 'Pinned' : 'Pin as evidence'}
        </button>
        {r.traceId && (
          <button type="button" onClick={() => onOpenTrace(r.traceId as string)}>
            View trace
          </button>
        )}
        <span className="faint mono">
          {r.timestamp} · {offset(r.timeMs / 1000)}
        </span>
      </div>
      <dl className="log-fields">
        <dt>time</dt>
        <dd className="mono">
          {lineTime(startEpochSec, r.timeMs)} <span className="faint">({r.timestamp})</span>
        </dd>
        <dt>level</dt>
        <dd className="mono">
          <span className={`lvl-text lvl-${r.severity}`}>{r.severity}</span>
          {filterButton('minSeverity', r.severity, 'level at least')}
        </dd>
        <dt>service.name</dt>
        <dd className="mono">
          {r.service}
          {filterButton('service', r.service, 'service')}
        </dd>
        <dt>deployment.environment</dt>
        <dd className="mono">
          {r.env}
          {filterButton('env', r.env, 'environment')}
        </dd>
        <dt>k8s.pod.name</dt>
        <dd className="mono">{r.pod}</dd>
        {r.traceId && (
          <>
            <dt>trace_id</dt>
            <dd className="mono">
              <a
                href={`#trace-${r.traceId}`}
                aria-label={`Open trace ${r.traceId}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpenTrace(r.traceId as string);
                }}
              >
                {r.traceId}
              </a>
              {filterButton('traceId', r.traceId, 'trace')}
            </dd>
          </>
        )}
        {r.spanId && (
          <>
            <dt>span_id</dt>
            <dd className="mono">{r.spanId}</dd>
          </>
        )}
        {attrs.map(([k, v]) => (
          <FieldRow key={k} name={k} value={v} />
        ))}
      </dl>
      <div className="log-body-full mono">
        <Highlight text={r.body} needle={highlight} />
      </div>
      {r.stack && (
        <pre className="log-stack" aria-label="Stack trace" tabIndex={0}>
          <Highlight text={r.stack} needle={highlight} />
        </pre>
      )}
    </div>
  );
}

function FieldRow({ name, value }: { name: string; value: string | number }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="mono">{String(value)}</dd>
    </>
  );
}

function FilterIcon() {
  return (
    <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M2 3h12l-4.5 5.5V13l-3 1.5v-6z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
