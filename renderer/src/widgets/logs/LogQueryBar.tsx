// The query bar: the LogQL-like query (Enter or Run), its error with the column at fault, and
// pickers for service, environment and level that rewrite the query text and run it.

import { useId, type ReactNode } from 'react';
import type { LogSeverity } from '../../../../engine/src/index.ts';
import { LEVELS, formatLogQl, parseLogQl, type LogFilter, type LogQlError } from './logql.ts';

export interface LogQueryBarProps {
  draft: string;
  onDraft(text: string): void;
  /** Runs `text` (the draft, or what a picker wrote). */
  onRun(text: string): void;
  error: LogQlError | null;
  /** The filter of the last query that ran: the pickers start from it when the draft does not parse. */
  committed: LogFilter;
  services: readonly string[];
  envs: readonly string[];
  busy: boolean;
  /** Controls on the right of the pickers row (order, live, range). */
  children?: ReactNode;
}

export function LogQueryBar({ draft, onDraft, onRun, error, committed, services, envs, busy, children }: LogQueryBarProps) {
  const errId = useId();
  const parsedDraft = parseLogQl(draft);
  const shown = parsedDraft.ok ? parsedDraft.filter : committed;
  const pick = (patch: Partial<LogFilter>) => {
    const next: LogFilter = { ...shown, ...patch };
    for (const k of Object.keys(next) as (keyof LogFilter)[]) if (next[k] === undefined) delete next[k];
    const text = formatLogQl(next);
    onDraft(text);
    onRun(text);
  };
  return (
    <div className="log-query">
      <form
        className="log-query-row"
        onSubmit={(e) => {
          e.preventDefault();
          onRun(draft);
        }}
      >
        <label className="sr-only" htmlFor={`${errId}-q`}>
          Log query
        </label>
        <span className="log-query-prompt mono" aria-hidden="true">
          LogQL
        </span>
        <input
          id={`${errId}-q`}
          className="log-query-input mono"
          type="text"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error ? errId : undefined}
          onChange={(e) => onDraft(e.target.value)}
        />
        <button type="submit" className="primary" aria-busy={busy}>
          Run query
        </button>
      </form>
      {error && <QueryError id={errId} text={draft} error={error} />}
      <div className="log-query-row log-pickers">
        <IdFilter label="Service" all="All services" ids={services} value={shown.service ?? ''} onChange={(service) => pick({ service: service || undefined })}>
          {shown.service !== undefined && !services.includes(shown.service) && <option value={shown.service}>{shown.service} (unknown)</option>}
        </IdFilter>
        <IdFilter label="Environment" all="All environments" ids={envs} value={shown.env ?? ''} onChange={(env) => pick({ env: env || undefined })}>
          {shown.env !== undefined && !envs.includes(shown.env) && <option value={shown.env}>{shown.env} (unknown)</option>}
        </IdFilter>
        <label>
          Level
          <select value={shown.minSeverity ?? ''} onChange={(e) => pick({ minSeverity: (e.target.value || undefined) as LogSeverity | undefined })}>
            <option value="">Any level</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === 'FATAL' ? 'FATAL' : `${l} and above`}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        {children}
      </div>
    </div>
  );
}

export interface IdFilterProps {
  label: string;
  /** The first choice, value '': no filter ("All services"). */
  all: string;
  ids: readonly string[];
  value: string;
  onChange(id: string): void;
  /** Choices after the ids (a value the list does not know). */
  children?: ReactNode;
}

/** A labelled picker of one id or all of them: the service and environment filters of logs and traces. */
export function IdFilter({ label, all, ids, value, onChange, children }: IdFilterProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {ids.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
        {children}
      </select>
    </label>
  );
}

function QueryError({ id, text, error }: { id: string; text: string; error: LogQlError }) {
  const at = Math.min(text.length, error.column - 1);
  const end = Math.min(text.length, at + error.length);
  return (
    <div className="log-query-error" id={id} role="alert">
      <div className="mono err-source" aria-hidden="true">
        {text.slice(0, at)}
        <mark>{at < text.length ? text.slice(at, end) : ' '}</mark>
        {text.slice(end)}
      </div>
      <div>
        <b>Column {error.column}:</b> {error.message}
      </div>
    </div>
  );
}
