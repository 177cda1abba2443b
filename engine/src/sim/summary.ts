// Summaries of a run: the `simulate --json` contract, SLO impact numbers and metric export.
// Pure reads of the recorder; nothing here changes a run.

import type { Sim } from './sim.ts';
import { INSTANCE_METRICS, isRunningTotal, SCRAPE_SEC, seriesAt, type AlertEpisode } from './recorder.ts';
import { cdf, type LatencyDist } from './queueing.ts';

export interface ServiceSummary {
  id: string;
  env: string;
  requests: number;
  errors: number;
  latencyMsMean: number;
  latencyMsP95: number;
}

export interface SloSummary {
  id: string;
  service: string;
  env: string;
  indicator: string;
  objective: number;
  good: number;
  total: number;
  sli: number;
  budgetConsumedPercent: number;
}

export interface RunSummary {
  scenario: string;
  title: string;
  seed: number;
  durationSec: number;
  stateHash: string;
  services: ServiceSummary[];
  slos: SloSummary[];
  alerts: AlertEpisode[];
  actions: { atSec: number; type: string; target: string; result: string; message: string }[];
  faults: { fault: string; startSec: number; endSec: number | null }[];
}

/** Error budget consumed by `bad` events out of `total`, as % of the SLO window's budget, with the
 * window's expected volume extrapolated from this run's rate (request-based budgeting). */
export function budgetConsumedPercent(bad: number, total: number, objective: number, windowDays: number, runSec: number): number {
  if (total <= 0 || runSec <= 0) return 0;
  const windowTotal = (total / runSec) * windowDays * 86_400;
  return (100 * bad) / ((1 - objective) * windowTotal);
}

const scratch: LatencyDist = { delayMs: 0, waitProb: 0, waitMeanMs: 0, serviceMeanMs: 0, serviceVarMs2: 0 };

/** p95 over the whole run: the quantile of the request-weighted mixture of scrape distributions. */
function runQuantile(sim: Sim, inst: number, q: number, rows: number): number {
  const rec = sim.recorder;
  const S = rec.internal;
  // Copy the columns once: the search below reads them many times.
  const col = (k: keyof typeof S) => {
    const out = new Float64Array(rows);
    for (let r = 0; r < rows; r++) out[r] = seriesAt(S[k], r, inst);
    return out;
  };
  const served = col('served');
  const ff = col('fastFailRatio');
  const delay = col('distDelayMs');
  const waitProb = col('distWaitProb');
  const waitMean = col('distWaitMeanMs');
  const svcMean = col('distSvcMeanMs');
  const svcVar = col('distSvcVarMs2');
  let weight = 0;
  let hi = 0;
  let fastTotal = 0;
  for (let r = 0; r < rows; r++) {
    const w = served[r] ?? 0;
    weight += w;
    const p99 = seriesAt(rec.metrics.http_server_request_duration_seconds_p99, r, inst) * 1000;
    if (w > 0 && p99 > hi) hi = p99;
    const f = ff[r] ?? 0;
    fastTotal += f < 1 ? (w * f) / (1 - f) : 0;
  }
  if (weight <= 0) return 0;
  const all = weight + fastTotal;
  const cdfAt = (t: number) => {
    let acc = fastTotal * (t >= 2 ? 1 : 0);
    for (let r = 0; r < rows; r++) {
      const w = served[r] ?? 0;
      if (w <= 0) continue;
      scratch.delayMs = delay[r] ?? 0;
      scratch.waitProb = waitProb[r] ?? 0;
      scratch.waitMeanMs = waitMean[r] ?? 0;
      scratch.serviceMeanMs = svcMean[r] ?? 0;
      scratch.serviceVarMs2 = svcVar[r] ?? 0;
      acc += w * cdf(scratch, t);
    }
    return acc / all;
  };
  let lo = 0;
  hi = Math.max(hi * 2, 1);
  for (let i = 0; i < 40 && hi - lo > 1e-3 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (cdfAt(mid) < q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const round = (x: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function summarize(sim: Sim): RunSummary {
  const { model } = sim;
  const rec = sim.recorder;
  const I = sim.state.inst;
  const rows = rec.written;
  const services: ServiceSummary[] = [];
  for (let env = 0; env < model.nEnv; env++) {
    for (let svc = 0; svc < model.nSvc; svc++) {
      const i = env * model.nSvc + svc;
      const handled = (I.ok[i] ?? 0) + (I.failed[i] ?? 0);
      services.push({
        id: model.svcIds[svc] ?? '',
        env: model.envIds[env] ?? '',
        requests: I.received[i] ?? 0,
        errors: I.failed[i] ?? 0,
        latencyMsMean: handled > 0 ? round((I.latencySumMs[i] ?? 0) / handled) : 0,
        latencyMsP95: round(runQuantile(sim, i, 0.95, rows)),
      });
    }
  }
  const runSec = rows * SCRAPE_SEC;
  const slos: SloSummary[] = model.scenario.slos.map((slo, s) => {
    let good = 0;
    let total = 0;
    for (let r = 0; r < rows; r++) {
      good += rec.sloGood[s]?.[r] ?? 0;
      total += rec.sloTotal[s]?.[r] ?? 0;
    }
    return {
      id: slo.id,
      service: slo.service,
      env: slo.env,
      indicator: slo.indicator,
      objective: slo.objective,
      good,
      total,
      sli: total > 0 ? good / total : 1,
      budgetConsumedPercent: round(budgetConsumedPercent(total - good, total, slo.objective, slo.windowDays, runSec), 4),
    };
  });
  return {
    scenario: model.scenario.metadata.id,
    title: model.scenario.metadata.title,
    seed: sim.seed,
    durationSec: sim.nowSec,
    stateHash: sim.hash(),
    services,
    slos,
    alerts: rec.alerts.map((a) => ({ ...a })),
    actions: sim.actions.map((a) => ({ atSec: a.atSec, type: a.type, target: a.target, result: a.result, message: a.message })),
    faults: rec.faults.map((f) => ({ ...f })),
  };
}

/** Metric rows as CSV (`time_sec,service,env,metric,value`), counters as running totals. */
export function* metricsCsv(sim: Sim): Generator<string> {
  yield 'time_sec,service,env,metric,value';
  const { model } = sim;
  const rec = sim.recorder;
  for (let i = 0; i < model.nInst; i++) {
    const svc = model.svcIds[i % model.nSvc] ?? '';
    const env = model.envIds[Math.floor(i / model.nSvc)] ?? '';
    for (const m of INSTANCE_METRICS) {
      const arr = rec.metrics[m.name];
      let running = 0;
      const lines: string[] = [];
      for (let r = 0; r < rec.written; r++) {
        const v = seriesAt(arr, r, i);
        const value = m.kind === 'counter' && !isRunningTotal(m.name) ? (running += v) : v;
        lines.push(`${(r + 1) * SCRAPE_SEC},${svc},${env},${m.name},${formatNumber(value)}`);
      }
      yield* lines;
    }
  }
}

/** Numbers as plain decimals with at most 6 significant decimals, no exponent for typical values. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '0';
  if (Number.isInteger(x)) return String(x);
  const r = Math.round(x * 1e6) / 1e6;
  return String(r);
}
