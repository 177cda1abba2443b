// What the dashboards chart: the metric explorer's grouped list, and the panels of a service's
// dashboard by service type. Names are the worker's: recorded ones (engine INSTANCE_METRICS,
// counters shown per second) and the derived ones alert rules use (renderer/src/worker/metrics.ts);
// the types below make a renamed metric a compile error. Help texts and units come from the
// worker with the data, so they are never copied here.

import type { MetricName, SloDef, ThresholdMetricName } from '../../../../engine/src/index.ts';
import type { AlertRuleInfo, ServiceInfo } from '../../worker/protocol.ts';
import { alertThresholds, type Threshold } from './chartMath.ts';

export type AnyMetric = MetricName | ThresholdMetricName;

export interface CatalogEntry {
  name: AnyMetric;
  title: string;
}

export interface CatalogGroup {
  group: string;
  /** Which services it is about, when not all. */
  note?: string;
  metrics: CatalogEntry[];
}

/** The metric explorer's list: RED first, then USE, then type-specific metrics. */
export const METRIC_CATALOG: CatalogGroup[] = [
  {
    group: 'Traffic',
    metrics: [
      { name: 'request_rate', title: 'Request rate' },
      { name: 'http_server_requests_2xx_total', title: '2xx responses' },
      { name: 'http_server_requests_4xx_total', title: '4xx responses (429)' },
      { name: 'http_server_requests_5xx_total', title: '5xx responses' },
    ],
  },
  {
    group: 'Errors',
    metrics: [
      { name: 'error_ratio', title: 'Error ratio' },
      { name: 'http_client_requests_total', title: 'Outbound calls' },
      { name: 'http_client_errors_total', title: 'Outbound call failures' },
      { name: 'http_client_retries_total', title: 'Outbound retries' },
    ],
  },
  {
    group: 'Latency',
    metrics: [
      { name: 'latency_p50_ms', title: 'Latency p50' },
      { name: 'latency_p95_ms', title: 'Latency p95' },
      { name: 'latency_p99_ms', title: 'Latency p99' },
    ],
  },
  {
    group: 'Saturation',
    metrics: [
      { name: 'cpu_utilization', title: 'CPU utilisation' },
      { name: 'container_cpu_cfs_throttled_ratio', title: 'CPU throttling' },
      { name: 'memory_utilization', title: 'Memory utilisation' },
      { name: 'process_resident_memory_bytes', title: 'Resident memory' },
      { name: 'container_memory_limit_bytes', title: 'Memory limit' },
      { name: 'pool_utilization', title: 'Connection pool utilisation' },
      { name: 'db_client_connections_usage', title: 'Pool connections in use' },
      { name: 'db_client_connections_max', title: 'Pool capacity' },
      { name: 'db_client_connections_pending_requests', title: 'Pool waiters' },
      { name: 'http_server_active_requests', title: 'In-flight requests' },
      { name: 'http_server_queued_requests', title: 'Queued requests' },
      { name: 'disk_utilization', title: 'Disk utilisation' },
      { name: 'container_fs_usage_bytes', title: 'Disk used' },
    ],
  },
  {
    group: 'Availability',
    metrics: [
      { name: 'ready_replicas', title: 'Ready replicas' },
      { name: 'restarts', title: 'Restarts' },
    ],
  },
  { group: 'Queues', note: 'queues and their consumers', metrics: [{ name: 'queue_depth', title: 'Queue depth' }, { name: 'consumer_lag_sec', title: 'Consumer lag' }] },
  { group: 'Caches', note: 'caches', metrics: [{ name: 'cache_hit_ratio', title: 'Cache hit ratio' }] },
];

export const CATALOG_NAMES: AnyMetric[] = METRIC_CATALOG.flatMap((g) => g.metrics.map((m) => m.name));

export function catalogEntry(name: string): CatalogEntry | undefined {
  for (const g of METRIC_CATALOG) for (const m of g.metrics) if (m.name === name) return m;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Per-service dashboards

export interface PanelSeries {
  metric: AnyMetric;
  label: string;
  color: string;
  dashed?: boolean;
}

export interface PanelDef {
  id: string;
  title: string;
  series: PanelSeries[];
  /** The metric a pin or "Explore" refers to. */
  primary: AnyMetric;
  stacked?: boolean;
  area?: boolean;
  yMax?: number;
  /** Shown only when the data says it applies (e.g. a disk with a size). */
  onlyWhen?: AnyMetric;
}

const RED = (): PanelDef[] => [
  {
    id: 'requests',
    title: 'Requests by status',
    primary: 'request_rate',
    stacked: true,
    series: [
      { metric: 'http_server_requests_2xx_total', label: '2xx', color: 'var(--ok)' },
      { metric: 'http_server_requests_4xx_total', label: '4xx', color: 'var(--warn)' },
      { metric: 'http_server_requests_5xx_total', label: '5xx', color: 'var(--crit)' },
    ],
  },
  { id: 'errors', title: 'Error ratio', primary: 'error_ratio', area: true, series: [{ metric: 'error_ratio', label: 'errors', color: 'var(--crit)' }] },
  {
    id: 'latency',
    title: 'Latency',
    primary: 'latency_p99_ms',
    series: [
      { metric: 'latency_p50_ms', label: 'p50', color: 'var(--s1)' },
      { metric: 'latency_p95_ms', label: 'p95', color: 'var(--s2)' },
      { metric: 'latency_p99_ms', label: 'p99', color: 'var(--s5)' },
    ],
  },
];

/** The panels of a service's dashboard: RED, what its type makes relevant, USE, availability, dependencies. */
export function dashboardPanels(svc: Pick<ServiceInfo, 'type' | 'calls' | 'consumes'>): PanelDef[] {
  const panels = RED();
  if (svc.type === 'queue') panels.push({ id: 'queue', title: 'Queue depth', primary: 'queue_depth', area: true, series: [{ metric: 'queue_depth', label: 'messages', color: 'var(--s7)' }] });
  if (svc.consumes) panels.push({ id: 'lag', title: 'Consumer lag', primary: 'consumer_lag_sec', area: true, series: [{ metric: 'consumer_lag_sec', label: 'oldest message age', color: 'var(--s2)' }] });
  if (svc.type === 'cache') panels.push({ id: 'cache', title: 'Cache hit ratio', primary: 'cache_hit_ratio', yMax: 1, series: [{ metric: 'cache_hit_ratio', label: 'hit ratio', color: 'var(--s3)' }] });
  panels.push(
    {
      id: 'cpu',
      title: 'CPU',
      primary: 'cpu_utilization',
      area: true,
      series: [
        { metric: 'cpu_utilization', label: 'used / limit', color: 'var(--s1)' },
        { metric: 'container_cpu_cfs_throttled_ratio', label: 'throttled', color: 'var(--s6)' },
      ],
    },
    {
      id: 'memory',
      title: 'Memory',
      primary: 'memory_utilization',
      series: [
        { metric: 'process_resident_memory_bytes', label: 'resident (fullest replica)', color: 'var(--s5)' },
        { metric: 'container_memory_limit_bytes', label: 'limit', color: 'var(--text-faint)', dashed: true },
      ],
    },
  );
  const pooled = svc.calls.some((c) => c.pool !== undefined && c.pool > 0);
  if (pooled) {
    panels.push(
      { id: 'pool', title: 'Connection pool', primary: 'pool_utilization', area: true, yMax: 1, series: [{ metric: 'pool_utilization', label: 'in use / capacity', color: 'var(--s3)' }] },
      { id: 'pool-wait', title: 'Pool waiters', primary: 'db_client_connections_pending_requests', series: [{ metric: 'db_client_connections_pending_requests', label: 'waiting for a connection', color: 'var(--s2)' }] },
    );
  }
  panels.push(
    {
      id: 'inflight',
      title: 'In-flight requests',
      primary: 'http_server_active_requests',
      series: [
        { metric: 'http_server_active_requests', label: 'active', color: 'var(--s1)' },
        { metric: 'http_server_queued_requests', label: 'queued', color: 'var(--s2)' },
      ],
    },
    { id: 'ready', title: 'Ready replicas', primary: 'ready_replicas', series: [{ metric: 'ready_replicas', label: 'ready', color: 'var(--ok)' }] },
    { id: 'restarts', title: 'Restarts', primary: 'restarts', series: [{ metric: 'restarts', label: 'restarts per scrape', color: 'var(--warn)' }] },
  );
  if (svc.calls.length > 0) {
    panels.push(
      {
        id: 'outbound',
        title: 'Outbound calls',
        primary: 'http_client_requests_total',
        series: [
          { metric: 'http_client_requests_total', label: 'calls', color: 'var(--s1)' },
          { metric: 'http_client_retries_total', label: 'retries', color: 'var(--s2)' },
        ],
      },
      { id: 'outbound-errors', title: 'Outbound failures', primary: 'http_client_errors_total', area: true, series: [{ metric: 'http_client_errors_total', label: 'failed or timed out', color: 'var(--crit)' }] },
    );
  }
  panels.push({ id: 'disk', title: 'Disk', primary: 'disk_utilization', area: true, yMax: 1, onlyWhen: 'container_fs_limit_bytes', series: [{ metric: 'disk_utilization', label: 'used / size', color: 'var(--s4)' }] });
  return panels;
}

/** Every metric a set of panels needs (their series and their onlyWhen conditions), once each. */
export function panelMetrics(panels: readonly PanelDef[]): AnyMetric[] {
  const out = new Set<AnyMetric>();
  for (const p of panels) {
    for (const s of p.series) out.add(s.metric);
    if (p.onlyWhen) out.add(p.onlyWhen);
  }
  return [...out];
}

/** Threshold lines for a metric of one service: its alert rules, and its latency SLO for latency metrics. */
export function thresholdsFor(
  metric: string,
  service: string,
  env: string,
  rules: readonly AlertRuleInfo[],
  slos: readonly Pick<SloDef, 'id' | 'service' | 'env' | 'indicator' | 'thresholdMs'>[],
): Threshold[] {
  const out = alertThresholds(rules, service, env, metric);
  if (metric.startsWith('latency_') && metric.endsWith('_ms')) {
    for (const s of slos) {
      if (s.indicator === 'latency' && s.service === service && (s.env ?? 'prod') === env && s.thresholdMs !== undefined) {
        out.push({ value: s.thresholdMs, label: `SLO ${s.id}`, tone: 'info' });
      }
    }
  }
  return out;
}
