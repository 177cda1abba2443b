// Public shapes of the lazily generated logs and traces (OpenTelemetry log and span models,
// trimmed to what the UI and the CLI show). Plain data: safe to post from a Web Worker.

export type Severity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

/** In increasing order: `minSeverity` filters compare positions in this list. */
export const SEVERITIES: readonly Severity[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export interface LogRecord {
  /** Simulated ms since scenario start. */
  timeMs: number;
  /** ISO 8601 wall-clock time with ms (the scenario's simulated start plus timeMs). */
  timestamp: string;
  severity: Severity;
  service: string;
  env: string;
  /** Kubernetes pod name, like checkout-7d9f8b6c4-x2kqp. */
  pod: string;
  body: string;
  /** 32 hex chars. */
  traceId?: string;
  /** 16 hex chars. */
  spanId?: string;
  attributes: Record<string, string | number>;
  /** Multi-line stack trace, when the line has one. */
  stack?: string;
}

export interface LogQuery {
  fromSec: number;
  /** Exclusive. */
  toSec: number;
  service?: string;
  env?: string;
  minSeverity?: Severity;
  /** Case-insensitive substring of body or stack. */
  text?: string;
  traceId?: string;
  /** Default 500, at most MAX_LOG_LIMIT. */
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface LogSearchResult {
  records: LogRecord[];
  /** True when the limit or the scan bound stopped the search before the end of the range. */
  truncated: boolean;
  /** (service, environment, second) units generated to answer. */
  scannedSeconds: number;
  /** When the scan bound stopped the search: the next second to search from (asc) or below (desc). */
  resumeSec?: number;
}

export interface LogBucket {
  startSec: number;
  counts: Record<Severity, number>;
  /** Set when the range was too large to count every line: counts scaled up from a stride of seconds. */
  estimated?: true;
}

export type SpanKind = 'server' | 'client' | 'internal' | 'producer' | 'consumer';

export interface SpanEvent {
  timeMs: number;
  name: string;
  attributes?: Record<string, string | number>;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  env: string;
  /** e.g. 'POST /api/checkout', 'SELECT orders', 'GET payments'. */
  name: string;
  kind: SpanKind;
  startMs: number;
  durationMs: number;
  status: 'ok' | 'error';
  attributes: Record<string, string | number>;
  events?: SpanEvent[];
}

export interface Trace {
  traceId: string;
  rootService: string;
  env: string;
  startMs: number;
  durationMs: number;
  status: 'ok' | 'error';
  spans: Span[];
}

export interface TraceQuery {
  fromSec: number;
  /** Exclusive. */
  toSec: number;
  service?: string;
  env?: string;
  status?: 'ok' | 'error';
  minDurationMs?: number;
  /** Default 100, at most MAX_TRACE_LIMIT. */
  limit?: number;
}

export type TraceSummary = Pick<Trace, 'traceId' | 'rootService' | 'env' | 'startMs' | 'durationMs' | 'status'> & {
  /** The root span's name (its operation), e.g. 'POST /api/checkout'. */
  rootName: string;
  spanCount: number;
  /** Spans with status error. */
  errorCount: number;
  services: string[];
};

export interface TraceList {
  traces: TraceSummary[];
  truncated: boolean;
}

/** Why getTrace found nothing, for the UI to say instead of "not found". */
export interface TraceLookup {
  trace: Trace | null;
  sampled: boolean;
  reason?: string;
}
