// The numbers the war room's overview, topology map and SLO panel show, read from the latest
// scrape. Health colours are a dashboard heuristic to guide the eye, not an alert: the pages
// come from the scenario's own rules.

import { SCRAPE_SEC, budgetConsumedPercent, seriesAt, windowCounts, type Sim } from '../../../engine/src/index.ts';
import { derivedAt, rowRange } from './metrics.ts';
import type { EdgeHealth, Health, Overview, ServiceHealth, SloSeries, SloSeriesArgs, SloStatus } from './protocol.ts';

const ERROR_CRITICAL = 0.05;
const ERROR_WARNING = 0.01;
const SATURATED = 0.85;

/** Page alerts firing per instance: threshold rules name it; burn-rate rules via their SLO. */
function pagesByInstance(sim: Sim): Int32Array {
  const { model } = sim;
  const out = new Int32Array(model.nInst);
  const rules = new Map(model.scenario.alerts.map((a) => [a.id, a]));
  for (const ep of sim.recorder.alerts) {
    const a = rules.get(ep.id);
    if (ep.resolvedAtSec !== null || !a || a.severity !== 'page') continue;
    const where = a.type === 'threshold' ? a : model.scenario.slos.find((s) => s.id === a.slo);
    const svc = where ? model.svcIndex.get(where.service) : undefined;
    const env = where ? model.envIndex.get(where.env) : undefined;
    if (svc !== undefined && env !== undefined) out[env * model.nSvc + svc] = (out[env * model.nSvc + svc] ?? 0) + 1;
  }
  return out;
}

function latencyThresholdMs(sim: Sim, service: string, env: string): number {
  const slo = sim.model.scenario.slos.find((s) => s.indicator === 'latency' && s.service === service && s.env === env);
  return slo?.thresholdMs ?? Infinity;
}

function healthOf(h: Omit<ServiceHealth, 'health'>, latencyLimitMs: number): Health {
  if (h.pagesFiring > 0 || h.errorRatio >= ERROR_CRITICAL || (h.desiredReplicas > 0 && h.readyReplicas === 0)) return 'critical';
  if (h.errorRatio >= ERROR_WARNING || h.saturation >= SATURATED || h.readyReplicas < h.desiredReplicas || h.p99Ms > latencyLimitMs) return 'warning';
  return 'ok';
}

export function overview(sim: Sim): Overview {
  const { model } = sim;
  const rec = sim.recorder;
  const row = rec.written - 1;
  const pages = pagesByInstance(sim);
  const services: ServiceHealth[] = [];
  for (let inst = 0; inst < model.nInst; inst++) {
    const service = model.svcIds[inst % model.nSvc] ?? '';
    const env = model.envIds[Math.floor(inst / model.nSvc)] ?? '';
    const d = (m: Parameters<typeof derivedAt>[1]) => (row >= 0 ? derivedAt(sim, m, inst, row) : 0);
    const base = {
      service,
      env,
      ratePerSec: d('request_rate'),
      errorRatio: d('error_ratio'),
      p50Ms: d('latency_p50_ms'),
      p95Ms: d('latency_p95_ms'),
      p99Ms: d('latency_p99_ms'),
      saturation: Math.max(d('cpu_utilization'), d('memory_utilization'), d('pool_utilization')),
      readyReplicas: d('ready_replicas'),
      desiredReplicas: sim.state.inst.desiredReplicas[inst] ?? 0,
      pagesFiring: pages[inst] ?? 0,
    };
    services.push({ ...base, health: row < 0 ? 'unknown' : healthOf(base, latencyThresholdMs(sim, service, env)) });
  }
  const edges: EdgeHealth[] = [];
  const nEdges = model.edges.length;
  for (let env = 0; env < model.nEnv; env++) {
    for (const e of model.edges) {
      const col = env * nEdges + e.index;
      const at = (k: keyof typeof rec.edges) => (row >= 0 ? seriesAt(rec.edges[k], row, col) : 0);
      const attempts = at('attempts');
      edges.push({
        from: model.svcIds[e.from] ?? '',
        to: model.svcIds[e.to] ?? '',
        env: model.envIds[env] ?? '',
        callsPerSec: attempts / SCRAPE_SEC,
        failureRatio: attempts > 0 ? at('failures') / attempts : 0,
        retriesPerSec: at('retries') / SCRAPE_SEC,
      });
    }
  }
  return { atSec: row >= 0 ? (row + 1) * SCRAPE_SEC : null, services, edges };
}

/** Good and total events over the window ending at `row`, as the engine's burn-rate alerts count them. */
function windowGoodTotal(sim: Sim, s: number, row: number, windowSec: number): { good: number; total: number } {
  const c = windowCounts(sim.recorder, s, row, windowSec);
  return { good: c.total - c.bad, total: c.total };
}

export function sloStatus(sim: Sim, windowSec = 3600): SloStatus[] {
  const rec = sim.recorder;
  const row = rec.written - 1;
  return sim.model.scenario.slos.map((slo, s) => {
    const sli = (w: number) => {
      const c = windowGoodTotal(sim, s, row, w);
      return c.total > 0 ? c.good / c.total : null;
    };
    const burn = (v: number | null) => (v === null ? 0 : (1 - v) / (1 - slo.objective));
    let good = 0;
    let total = 0;
    for (let r = 0; r <= row; r++) {
      good += rec.sloGood[s]?.[r] ?? 0;
      total += rec.sloTotal[s]?.[r] ?? 0;
    }
    const sli5m = sli(300);
    const sli1h = sli(3600);
    return {
      id: slo.id,
      service: slo.service,
      env: slo.env,
      indicator: slo.indicator,
      objective: slo.objective,
      sliWindow: sli(windowSec),
      sli5m,
      sli1h,
      burn5m: burn(sli5m),
      burn1h: burn(sli1h),
      sliRun: total > 0 ? good / total : null,
      budgetLeftPercent: 100 - budgetConsumedPercent(total - good, total, slo.objective, slo.windowDays, rec.written * SCRAPE_SEC),
    };
  });
}

export function sloSeries(sim: Sim, args: SloSeriesArgs): SloSeries {
  const s = sim.model.scenario.slos.findIndex((x) => x.id === args.slo);
  if (s < 0) throw new Error(`unknown SLO "${args.slo}" (known: ${sim.model.scenario.slos.map((x) => x.id).join(', ')})`);
  const [from, to] = rowRange(sim, args.fromSec, args.toSec);
  const n = to - from;
  const out: SloSeries = { times: new Float64Array(n), good: new Float64Array(n), total: new Float64Array(n) };
  for (let r = from; r < to; r++) {
    out.times[r - from] = (r + 1) * SCRAPE_SEC;
    out.good[r - from] = sim.recorder.sloGood[s]?.[r] ?? 0;
    out.total[r - from] = sim.recorder.sloTotal[s]?.[r] ?? 0;
  }
  return out;
}
