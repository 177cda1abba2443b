// Alert rules, evaluated at every scrape (10 s), as Prometheus evaluates recording rules.
// Burn-rate rules follow the SRE Workbook's multiwindow, multi-burn-rate form: fire while BOTH
// the long and the short window's error ratio are strictly above burnRate x (1 - objective).
// The comparison is done in exact integer arithmetic: 14.4 x 0.001 in floating point is
// 0.014400000000000001, and a ratio exactly at the threshold must not fire.
// History before the scenario start is taken as healthy at the opening traffic level, so a long
// window early in a run is not dominated by its first minutes.

import type { Model } from './model.ts';
import { SCRAPE_SEC, seriesAt, type Recorder } from './recorder.ts';
import type { AlertDef, ThresholdMetricName } from '../scenario/schema.ts';

/** A finite decimal as an exact fraction [numerator, denominator] (from its shortest repr). */
export function decimalToFraction(x: number): [bigint, bigint] {
  const text = x.toString();
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text);
  if (!m) throw new Error(`decimalToFraction: not a finite number: ${text}`);
  const frac = m[3] ?? '';
  let num = BigInt((m[2] ?? '0') + frac);
  let den = 10n ** BigInt(frac.length);
  const exp = Number(m[4] ?? '0');
  if (exp > 0) num *= 10n ** BigInt(exp);
  if (exp < 0) den *= 10n ** BigInt(-exp);
  if (m[1] === '-') num = -num;
  return [num, den];
}

/** The burn-rate threshold on the error ratio, burnRate x (1 - objective), as a fraction. */
export function burnThreshold(burnRate: number, objective: number): [bigint, bigint] {
  const [bn, bd] = decimalToFraction(burnRate);
  const [on, od] = decimalToFraction(objective);
  return [bn * (od - on), bd * od];
}

/** bad / total > num / den, exactly (counts are whole numbers). */
export function ratioAbove(bad: number, total: number, num: bigint, den: bigint): boolean {
  if (total <= 0) return false;
  return BigInt(Math.round(bad)) * den > num * BigInt(Math.round(total));
}

/**
 * Bad and total events of SLO `s` over the `windowSec` ending at scrape `row`, the time before the
 * start counted as healthy at the opening traffic level (see the file comment). Dashboards use it
 * too, so a burn-rate panel and its alert always agree.
 */
export function windowCounts(rec: Recorder, s: number, row: number, windowSec: number): { bad: number; total: number } {
  const good = rec.sloGood[s];
  const total = rec.sloTotal[s];
  if (!good || !total || row < 0) return { bad: 0, total: 0 };
  const rows = Math.max(1, Math.round(windowSec / SCRAPE_SEC));
  const from = row - rows + 1;
  let g = 0;
  let t = 0;
  for (let r = Math.max(0, from); r <= row; r++) {
    g += good[r] ?? 0;
    t += total[r] ?? 0;
  }
  if (from < 0) t += -from * (total[0] ?? 0); // healthy history before the start
  if (from < 0) g += -from * (total[0] ?? 0);
  return { bad: t - g, total: t };
}

/** The latest value of a derived threshold metric for one instance. */
export function thresholdValue(model: Model, rec: Recorder, metric: ThresholdMetricName, inst: number, row: number): number {
  const M = rec.metrics;
  const at = (name: keyof typeof M) => seriesAt(M[name], row, inst);
  const ok = at('http_server_requests_2xx_total');
  const e4 = at('http_server_requests_4xx_total');
  const e5 = at('http_server_requests_5xx_total');
  switch (metric) {
    case 'error_ratio':
      return ok + e4 + e5 > 0 ? (e4 + e5) / (ok + e4 + e5) : 0;
    case 'request_rate':
      return (ok + e4 + e5) / SCRAPE_SEC;
    case 'latency_p50_ms':
      return at('http_server_request_duration_seconds_p50') * 1000;
    case 'latency_p95_ms':
      return at('http_server_request_duration_seconds_p95') * 1000;
    case 'latency_p99_ms':
      return at('http_server_request_duration_seconds_p99') * 1000;
    case 'cpu_utilization':
      return at('container_cpu_usage_ratio');
    case 'memory_utilization': {
      const lim = at('container_memory_limit_bytes');
      return lim > 0 ? at('process_resident_memory_bytes') / lim : 0;
    }
    case 'restarts':
      return at('kube_pod_container_status_restarts_total') - (row > 0 ? seriesAt(M.kube_pod_container_status_restarts_total, row - 1, inst) : 0);
    case 'ready_replicas':
      return at('kube_deployment_status_replicas_ready');
    case 'pool_utilization': {
      const max = at('db_client_connections_max');
      return max > 0 ? at('db_client_connections_usage') / max : 0;
    }
    case 'disk_utilization': {
      const lim = at('container_fs_limit_bytes');
      return lim > 0 ? at('container_fs_usage_bytes') / lim : 0;
    }
    case 'queue_depth':
      return at('queue_depth_messages');
    case 'consumer_lag_sec':
      return at('consumer_lag_seconds');
    case 'cache_hit_ratio':
      return at('cache_hit_ratio');
  }
  void model;
  return 0;
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    default:
      return a <= b;
  }
}

function conditionHolds(model: Model, rec: Recorder, a: AlertDef, row: number): boolean {
  if (a.type === 'burnRate') {
    const s = model.scenario.slos.findIndex((x) => x.id === a.slo);
    const slo = model.scenario.slos[s];
    if (!slo) return false;
    const [num, den] = burnThreshold(a.burnRate, slo.objective);
    const long = windowCounts(rec, s, row, a.longWindow);
    const short = windowCounts(rec, s, row, a.shortWindow);
    return ratioAbove(long.bad, long.total, num, den) && ratioAbove(short.bad, short.total, num, den);
  }
  const svc = model.svcIndex.get(a.service);
  const env = model.envIndex.get(a.env);
  if (svc === undefined || env === undefined) return false;
  return compare(a.op, thresholdValue(model, rec, a.metric, env * model.nSvc + svc, row), a.value);
}

/**
 * Evaluates every rule at the scrape ending at `atSec` (row `row`); opens and closes episodes.
 * Returns the rules that started firing, for the timeline.
 */
export function evaluateAlerts(model: Model, rec: Recorder, row: number, atSec: number): AlertDef[] {
  const fired: AlertDef[] = [];
  model.scenario.alerts.forEach((a, k) => {
    const holds = conditionHolds(model, rec, a, row);
    const open = rec.alertOpen[k] ?? -1;
    if (!holds) {
      rec.alertPendingSince[k] = -1;
      if (open >= 0) {
        const ep = rec.alerts[open];
        if (ep) ep.resolvedAtSec = atSec;
        rec.alertOpen[k] = -1;
      }
      return;
    }
    if (open >= 0) return;
    if ((rec.alertPendingSince[k] ?? -1) < 0) rec.alertPendingSince[k] = atSec;
    const pendingFor = atSec - (rec.alertPendingSince[k] ?? atSec);
    const forSec = a.type === 'threshold' ? a.for : 0;
    if (pendingFor >= forSec) {
      rec.alertOpen[k] = rec.alerts.length;
      rec.alerts.push({ id: a.id, severity: a.severity, firedAtSec: atSec, resolvedAtSec: null });
      fired.push(a);
    }
  });
  return fired;
}
