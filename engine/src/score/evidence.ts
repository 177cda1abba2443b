// Which of the scenario's evidence the trainee actually looked at, matched from the recorded
// `observe` and `acknowledge` actions (rules in README.md, "Scoring").

import type { EvidenceDef, Scenario, ThresholdMetricName } from '../scenario/schema.ts';
import type { AlertEpisode } from '../sim/recorder.ts';
import type { Observation, Recorded } from './conventions.ts';

export interface EvidenceSeen {
  id: string;
  kind: EvidenceDef['kind'];
  key: boolean;
  description: string;
  /** First second the trainee saw it, or null. */
  seenAtSec: number | null;
  /** How: the matching action, readable. */
  how: string;
}

const SEVERITY_RANK: Record<string, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3, FATAL: 4 };

/** Recorded metric names that show each derived metric (a chart of it). */
const SHOWN_BY: Record<ThresholdMetricName, string[]> = {
  error_ratio: ['http_server_requests_5xx_total', 'http_server_requests_4xx_total'],
  request_rate: ['http_server_requests_2xx_total', 'http_server_requests_4xx_total', 'http_server_requests_5xx_total'],
  latency_p50_ms: ['http_server_request_duration_seconds_p50'],
  latency_p95_ms: ['http_server_request_duration_seconds_p95'],
  latency_p99_ms: ['http_server_request_duration_seconds_p99'],
  cpu_utilization: ['container_cpu_usage_ratio', 'container_cpu_cfs_throttled_ratio'],
  memory_utilization: ['process_resident_memory_bytes'],
  restarts: ['kube_pod_container_status_restarts_total'],
  ready_replicas: ['kube_deployment_status_replicas_ready'],
  pool_utilization: ['db_client_connections_usage', 'db_client_connections_pending_requests'],
  disk_utilization: ['container_fs_usage_bytes'],
  queue_depth: ['queue_depth_messages'],
  consumer_lag_sec: ['consumer_lag_seconds'],
  cache_hit_ratio: ['cache_hit_ratio'],
};

const s = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const envOf = (o: Observation): string => s(o.params.env) ?? 'prod';

function observes(ev: EvidenceDef, o: Observation, scenario: Scenario, alerts: readonly AlertEpisode[]): boolean {
  const p = o.params;
  switch (ev.kind) {
    case 'log': {
      if (o.target !== 'logs' || s(p.service) !== ev.service || envOf(o) !== ev.env) return false;
      const min = s(p.minSeverity)?.toUpperCase();
      if (min !== undefined && (SEVERITY_RANK[min] ?? 0) > (SEVERITY_RANK[ev.severity ?? 'DEBUG'] ?? 0)) return false;
      const text = s(p.text)?.trim().toLowerCase() ?? '';
      const contains = (ev.contains ?? '').toLowerCase();
      return text === '' || contains.includes(text) || text.includes(contains);
    }
    case 'metric': {
      if (o.target !== 'metrics' || s(p.service) !== ev.service || envOf(o) !== ev.env) return false;
      if (!Array.isArray(p.metrics) || p.metrics.length === 0) return true;
      const wanted = ev.metric ? [ev.metric, ...SHOWN_BY[ev.metric]] : [];
      return p.metrics.some((m) => typeof m === 'string' && wanted.includes(m));
    }
    case 'change': {
      const ch = scenario.changes.find((c) => c.id === ev.change);
      if (!ch) return false;
      if (o.target === 'change') return s(p.change) === ch.id || s(p.id) === ch.id;
      return o.target === 'changes' && o.atSec >= ch.at && (s(p.env) === undefined || s(p.env) === ch.env);
    }
    case 'alert': {
      const fired = alerts.find((a) => a.id === ev.alert);
      return fired !== undefined && o.target === 'alerts' && o.atSec >= fired.firedAtSec;
    }
    case 'inject': {
      const inj = scenario.injects.find((i) => i.id === ev.inject);
      return inj !== undefined && o.target === 'injects' && o.atSec >= inj.at;
    }
    case 'trace': {
      // A trace list filtered to the service, or an opened trace that crosses it.
      const crosses = s(p.service) === ev.service || (o.target === 'trace' && Array.isArray(p.services) && ev.service !== undefined && p.services.includes(ev.service));
      return (o.target === 'traces' || o.target === 'trace') && crosses && (o.target === 'trace' || envOf(o) === ev.env);
    }
  }
  return false;
}

function describe(o: Observation): string {
  const bits = Object.entries(o.params)
    .filter(([k]) => k !== 'fromSec' && k !== 'toSec')
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`);
  return `observe ${o.target}${bits.length ? ` ${bits.join(' ')}` : ''} at ${o.atSec}s`;
}

export function evidenceSeen(scenario: Scenario, rec: Recorded, alerts: readonly AlertEpisode[]): EvidenceSeen[] {
  return scenario.evidence.map((ev) => {
    let seenAtSec: number | null = null;
    let how = '';
    if (ev.kind === 'alert') {
      const fired = alerts.find((a) => a.id === ev.alert);
      const ack = fired ? rec.acks.find((a) => a.alert === ev.alert && a.atSec >= fired.firedAtSec) : undefined;
      if (ack) {
        seenAtSec = ack.atSec;
        how = `acknowledged ${ack.alert} at ${ack.atSec}s`;
      }
    }
    const o = rec.observations.find((x) => observes(ev, x, scenario, alerts));
    if (o && (seenAtSec === null || o.atSec < seenAtSec)) {
      seenAtSec = o.atSec;
      how = describe(o);
    }
    return { id: ev.id, kind: ev.kind, key: ev.key, description: ev.description, seenAtSec, how };
  });
}
