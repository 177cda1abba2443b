// Metric series for charts: recorded metrics per (service, environment) over a time range, and
// the derived metrics alert rules and scenario evidence are written in (error_ratio,
// latency_p95_ms, ...), computed the way the engine's alert rules compute them, so a chart of
// "error_ratio" shows exactly the numbers a threshold alert on it would have seen.

import { INSTANCE_METRICS, SCRAPE_SEC, ThresholdMetric, isRunningTotal, seriesAt, thresholdValue, type Sim, type ThresholdMetricName } from '../../../engine/src/index.ts';
import type { MetricSeries, MetricsArgs, MetricsResult } from './protocol.ts';

const DERIVED: Record<ThresholdMetricName, { unit: string; help: string }> = {
  error_ratio: { unit: 'ratio', help: 'Share of responses that were 4xx or 5xx.' },
  request_rate: { unit: 'requests/s', help: 'Responses per second.' },
  latency_p50_ms: { unit: 'ms', help: 'Median latency.' },
  latency_p95_ms: { unit: 'ms', help: '95th percentile latency.' },
  latency_p99_ms: { unit: 'ms', help: '99th percentile latency.' },
  cpu_utilization: { unit: 'ratio', help: 'CPU used as a share of the limit.' },
  memory_utilization: { unit: 'ratio', help: 'Resident memory as a share of the limit.' },
  restarts: { unit: 'restarts', help: 'Restarts during the scrape.' },
  ready_replicas: { unit: 'replicas', help: 'Replicas ready to serve.' },
  pool_utilization: { unit: 'ratio', help: 'Pooled connections in use as a share of the pool.' },
  disk_utilization: { unit: 'ratio', help: 'Disk used as a share of its size.' },
  queue_depth: { unit: 'messages', help: 'Messages waiting in the queue.' },
  consumer_lag_sec: { unit: 'seconds', help: 'Age of the oldest unconsumed message.' },
  cache_hit_ratio: { unit: 'ratio', help: 'Share of reads served from the cache.' },
};

export function instanceOf(sim: Sim, service: string, env: string): number {
  const { model } = sim;
  const s = model.svcIndex.get(service);
  if (s === undefined) throw new Error(`unknown service "${service}" (known: ${model.svcIds.join(', ')})`);
  const e = model.envIndex.get(env);
  if (e === undefined) throw new Error(`unknown environment "${env}" (known: ${model.envIds.join(', ')})`);
  return e * model.nSvc + s;
}

/** A derived metric at one scrape row, exactly as the engine's threshold alerts evaluate it. */
export function derivedAt(sim: Sim, metric: ThresholdMetricName, inst: number, row: number): number {
  return thresholdValue(sim.model, sim.recorder, metric, inst, row);
}

/** Scrape rows whose end lies in [fromSec, toSec], within what has been recorded. */
export function rowRange(sim: Sim, fromSec: number | undefined, toSec: number | undefined): [number, number] {
  const written = sim.recorder.written;
  const first = Math.max(0, Math.ceil((fromSec ?? 0) / SCRAPE_SEC) - 1);
  const last = Math.min(written, Math.floor((toSec ?? sim.nowSec) / SCRAPE_SEC));
  return [first, Math.max(first, last)];
}

function seriesOf(sim: Sim, name: string, inst: number, rows: [number, number]): MetricSeries {
  const [from, to] = rows;
  const values = new Float32Array(to - from);
  const recorded = INSTANCE_METRICS.find((m) => m.name === name);
  if (recorded) {
    const s = sim.recorder.metrics[recorded.name];
    const counter = recorded.kind === 'counter';
    const cumulative = isRunningTotal(recorded.name);
    for (let r = from; r < to; r++) {
      const v = seriesAt(s, r, inst);
      values[r - from] = !counter ? v : (cumulative ? v - (r > 0 ? seriesAt(s, r - 1, inst) : 0) : v) / SCRAPE_SEC;
    }
    return { name, kind: recorded.kind, unit: counter ? `${recorded.unit}/s` : recorded.unit, help: recorded.help, values };
  }
  const derived = ThresholdMetric.safeParse(name);
  if (!derived.success) {
    throw new Error(`unknown metric "${name}" (recorded: ${INSTANCE_METRICS.map((m) => m.name).join(', ')}; derived: ${ThresholdMetric.options.join(', ')})`);
  }
  for (let r = from; r < to; r++) values[r - from] = derivedAt(sim, derived.data, inst, r);
  return { name, kind: 'derived', ...DERIVED[derived.data], values };
}

export function queryMetrics(sim: Sim, args: MetricsArgs): MetricsResult {
  const inst = instanceOf(sim, args.service, args.env ?? 'prod');
  const rows = rowRange(sim, args.fromSec, args.toSec);
  const times = new Float64Array(rows[1] - rows[0]);
  for (let r = rows[0]; r < rows[1]; r++) times[r - rows[0]] = (r + 1) * SCRAPE_SEC;
  return { times, series: args.metrics.map((m) => seriesOf(sim, m, inst, rows)) };
}
