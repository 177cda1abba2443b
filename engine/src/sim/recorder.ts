// The run's recorded signals: metric series at the 10 s scrape interval in columnar Float32
// arrays (one array per metric, instance-major), SLO event counters, fault activity, alert
// episodes and the event timeline. Written only by the tick loop; read by everything else.

import type { Model } from './model.ts';

export const SCRAPE_SEC = 10;

/**
 * Per-instance metrics, Prometheus/OpenTelemetry-style names. Counters hold per-scrape increments,
 * except those marked `running: true`, which hold the running total itself.
 */
export const INSTANCE_METRICS = [
  { name: 'http_server_requests_2xx_total', kind: 'counter', unit: 'requests', help: 'Requests answered successfully.' },
  { name: 'http_server_requests_4xx_total', kind: 'counter', unit: 'requests', help: 'Requests rejected with 429 (shed or rate limited).' },
  { name: 'http_server_requests_5xx_total', kind: 'counter', unit: 'requests', help: 'Requests failed with 5xx (errors, timeouts, overload, unavailable).' },
  { name: 'http_server_request_duration_seconds_p50', kind: 'gauge', unit: 'seconds', help: 'Median request latency over the scrape interval.' },
  { name: 'http_server_request_duration_seconds_p95', kind: 'gauge', unit: 'seconds', help: '95th percentile request latency.' },
  { name: 'http_server_request_duration_seconds_p99', kind: 'gauge', unit: 'seconds', help: '99th percentile request latency.' },
  { name: 'http_server_active_requests', kind: 'gauge', unit: 'requests', help: 'Requests being served (all replicas).' },
  { name: 'http_server_queued_requests', kind: 'gauge', unit: 'requests', help: 'Requests waiting for a worker (all replicas).' },
  { name: 'container_cpu_usage_ratio', kind: 'gauge', unit: 'ratio', help: 'CPU used as a share of the limit, mean over replicas.' },
  { name: 'container_cpu_cfs_throttled_ratio', kind: 'gauge', unit: 'ratio', help: 'Share of CPU periods throttled.' },
  { name: 'process_resident_memory_bytes', kind: 'gauge', unit: 'bytes', help: 'Resident memory of the fullest replica.' },
  { name: 'container_memory_limit_bytes', kind: 'gauge', unit: 'bytes', help: 'Memory limit per replica.' },
  { name: 'kube_pod_container_status_restarts_total', kind: 'counter', running: true, unit: 'restarts', help: 'Container restarts (OOM kills, crashes).' },
  { name: 'kube_deployment_status_replicas_ready', kind: 'gauge', unit: 'replicas', help: 'Replicas ready to serve.' },
  { name: 'db_client_connections_usage', kind: 'gauge', unit: 'connections', help: 'Pooled connections in use (all pools, all replicas).' },
  { name: 'db_client_connections_max', kind: 'gauge', unit: 'connections', help: 'Pool capacity (all pools, all replicas).' },
  { name: 'db_client_connections_pending_requests', kind: 'gauge', unit: 'requests', help: 'Requests waiting for a pooled connection.' },
  { name: 'container_fs_usage_bytes', kind: 'gauge', unit: 'bytes', help: 'Disk used on the log/data volume.' },
  { name: 'container_fs_limit_bytes', kind: 'gauge', unit: 'bytes', help: 'Disk size of the log/data volume.' },
  { name: 'queue_depth_messages', kind: 'gauge', unit: 'messages', help: 'Messages waiting in the queue.' },
  { name: 'consumer_lag_seconds', kind: 'gauge', unit: 'seconds', help: 'Age of the oldest unconsumed message.' },
  { name: 'cache_hit_ratio', kind: 'gauge', unit: 'ratio', help: 'Share of reads served from the cache.' },
  { name: 'http_client_requests_total', kind: 'counter', unit: 'requests', help: 'Outbound calls made, retries included.' },
  { name: 'http_client_errors_total', kind: 'counter', unit: 'requests', help: 'Outbound calls failed or timed out.' },
  { name: 'http_client_retries_total', kind: 'counter', unit: 'requests', help: 'Outbound retries.' },
] as const;

/** Series the engine keeps for logs, traces and summaries; not shown as metrics. */
export const INTERNAL_SERIES = [
  'received', 'served', 'failedOwn', 'failedDep', 'failedTimeout', 'failedReject', 'failedUnavailable', 'failedShed',
  'failedRateLimit', 'degraded', 'distDelayMs', 'distWaitProb', 'distWaitMeanMs', 'distSvcMeanMs', 'distSvcVarMs2',
  'fastFailRatio', 'latencySumMs',
] as const;

export const EDGE_SERIES = ['attempts', 'failures', 'timeouts', 'retries', 'preFailKind'] as const;

export type MetricName = (typeof INSTANCE_METRICS)[number]['name'];

/** Whether a counter's samples are running totals rather than per-scrape increments. */
export function isRunningTotal(name: MetricName): boolean {
  const m = INSTANCE_METRICS.find((x) => x.name === name);
  return m !== undefined && 'running' in m && m.running === true;
}
export type InternalSeries = (typeof INTERNAL_SERIES)[number];
export type EdgeSeries = (typeof EDGE_SERIES)[number];

export interface AlertEpisode {
  id: string;
  severity: string;
  firedAtSec: number;
  resolvedAtSec: number | null;
}

export interface TimelineEvent {
  atSec: number;
  kind: string;
  /** Service id, or '' when it concerns no single service. */
  service: string;
  env: string;
  text: string;
  /** What it concerns, for readers that must not parse `text`: a change id (change), the version
   * rolled out (rollout), the zone (drain), the flag (flag), the crash reason (podCrash). */
  ref?: string;
  /** A number that goes with it: replicas (scale), flag value 0/1 (flag), pod id (podCrash). */
  value?: number;
}

export interface FaultEpisode {
  fault: string;
  startSec: number;
  endSec: number | null;
}

/**
 * A metric for every instance (or edge), every scrape: time-major, in chunks of CHUNK_ROWS rows
 * allocated as the run advances. Time-major keeps one tick's writes in one cache-friendly row;
 * chunks mean a run pays only for the time it has simulated.
 */
export interface Series {
  /** Values per row: instances (or edge instances). */
  readonly width: number;
  readonly chunks: Float32Array[];
}

export const CHUNK_SHIFT = 8;
export const CHUNK_ROWS = 1 << CHUNK_SHIFT;
const CHUNK_MASK = CHUNK_ROWS - 1;

export function createSeries(width: number): Series {
  return { width, chunks: [] };
}

/** The chunk holding `row` and the offset of the row in it, allocating the chunk if needed. */
export function rowSlot(s: Series, row: number): { chunk: Float32Array; base: number } {
  const c = row >>> CHUNK_SHIFT;
  while (s.chunks.length <= c) s.chunks.push(new Float32Array(CHUNK_ROWS * s.width));
  return { chunk: s.chunks[c] as Float32Array, base: (row & CHUNK_MASK) * s.width };
}

export function seriesAt(s: Series, row: number, col: number): number {
  const chunk = s.chunks[row >>> CHUNK_SHIFT];
  return chunk ? (chunk[(row & CHUNK_MASK) * s.width + col] ?? 0) : 0;
}

export function seriesSet(s: Series, row: number, col: number, v: number): void {
  const { chunk, base } = rowSlot(s, row);
  chunk[base + col] = v;
}

export function seriesAdd(s: Series, row: number, col: number, v: number): void {
  const { chunk, base } = rowSlot(s, row);
  chunk[base + col] = (chunk[base + col] ?? 0) + v;
}

/** One column (an instance's values) over rows [0, rows). */
export function seriesColumn(s: Series, col: number, rows: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = seriesAt(s, r, col);
  return out;
}

function cloneSeries(s: Series): Series {
  return { width: s.width, chunks: s.chunks.map((c) => c.slice()) };
}

export interface Recorder {
  /** Scrapes the run was sized for (its duration / 10 s). */
  readonly nScrapes: number;
  /** Scrapes written so far. */
  written: number;
  readonly metrics: Record<MetricName, Series>;
  readonly internal: Record<InternalSeries, Series>;
  readonly edges: Record<EdgeSeries, Series>;
  /** Per SLO, good and total events in each scrape interval. */
  readonly sloGood: Float64Array[];
  readonly sloTotal: Float64Array[];
  alerts: AlertEpisode[];
  /** Per alert rule: second its condition started holding (pending), or -1. */
  alertPendingSince: Float64Array;
  /** Per alert rule: index of its open episode in `alerts`, or -1. */
  alertOpen: Int32Array;
  timeline: TimelineEvent[];
  faults: FaultEpisode[];
  /** Per fault: index of its open episode in `faults`, or -1. */
  faultOpen: Int32Array;
}

export function createRecorder(model: Model, durationSec: number): Recorder {
  const nScrapes = Math.max(1, Math.ceil(durationSec / SCRAPE_SEC));
  const metrics = {} as Record<MetricName, Series>;
  for (const m of INSTANCE_METRICS) metrics[m.name] = createSeries(model.nInst);
  const internal = {} as Record<InternalSeries, Series>;
  for (const k of INTERNAL_SERIES) internal[k] = createSeries(model.nInst);
  const edges = {} as Record<EdgeSeries, Series>;
  for (const k of EDGE_SERIES) edges[k] = createSeries(model.edges.length * model.nEnv);
  return {
    nScrapes,
    written: 0,
    metrics,
    internal,
    edges,
    sloGood: model.scenario.slos.map(() => new Float64Array(nScrapes)),
    sloTotal: model.scenario.slos.map(() => new Float64Array(nScrapes)),
    alerts: [],
    alertPendingSince: new Float64Array(model.scenario.alerts.length).fill(-1),
    alertOpen: new Int32Array(model.scenario.alerts.length).fill(-1),
    timeline: [],
    faults: [],
    faultOpen: new Int32Array(model.faults.length).fill(-1),
  };
}

export function cloneRecorder(r: Recorder): Recorder {
  const copy = <K extends string>(o: Record<K, Series>): Record<K, Series> => {
    const out = {} as Record<K, Series>;
    for (const k of Object.keys(o) as K[]) out[k] = cloneSeries(o[k]);
    return out;
  };
  return {
    nScrapes: r.nScrapes,
    written: r.written,
    metrics: copy(r.metrics),
    internal: copy(r.internal),
    edges: copy(r.edges),
    sloGood: r.sloGood.map((a) => a.slice()),
    sloTotal: r.sloTotal.map((a) => a.slice()),
    alerts: r.alerts.map((a) => ({ ...a })),
    alertPendingSince: r.alertPendingSince.slice(),
    alertOpen: r.alertOpen.slice(),
    timeline: r.timeline.map((e) => ({ ...e })),
    faults: r.faults.map((f) => ({ ...f })),
    faultOpen: r.faultOpen.slice(),
  };
}
