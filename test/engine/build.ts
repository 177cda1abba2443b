// Small builders for engine tests: a scenario from a few fields, a sim run, and readers of the
// recorded series. Test-only; the engine is used through its public surface.

import { createSim, ScenarioSchema, seriesColumn, summarize, type Scenario, type ScenarioInput, type Sim, type MetricName } from '../../engine/src/index.ts';

type Partial_ = Partial<Omit<ScenarioInput, 'metadata'>> & { minutes?: number; id?: string };

export function scenario(p: Partial_): Scenario {
  const { minutes = 30, id = 'test', ...rest } = p;
  return ScenarioSchema.parse({
    apiVersion: 'firedrill/v1',
    kind: 'Scenario',
    metadata: { id, title: `Test ${id}`, summary: 'A test scenario.', difficulty: 'beginner', durationMinutes: minutes, objectives: ['test'] },
    seed: 7,
    start: '2026-03-10T09:30:00Z',
    services: [{ id: 'api', type: 'api', replicas: 3, concurrency: 8, serviceTimeMs: 40 }],
    traffic: [{ entry: 'api', rps: 100, noise: 0 }],
    ...rest,
  });
}

export function run(s: Scenario, opts: { seed?: number; untilSec?: number; actions?: Parameters<Sim['schedule']>[0] } = {}): Sim {
  const sim = createSim(s, { seed: opts.seed });
  if (opts.actions) sim.schedule(opts.actions);
  sim.runUntil(opts.untilSec ?? sim.durationSec);
  return sim;
}

export function inst(sim: Sim, service: string, env = 'prod'): number {
  const s = sim.model.svcIndex.get(service);
  const e = sim.model.envIndex.get(env);
  if (s === undefined || e === undefined) throw new Error(`no instance ${service}/${env}`);
  return e * sim.model.nSvc + s;
}

/** The metric's values per scrape row for one service. */
export function series(sim: Sim, service: string, metric: MetricName, env = 'prod'): number[] {
  const i = inst(sim, service, env);
  const rec = sim.recorder;
  return Array.from(seriesColumn(rec.metrics[metric], i, rec.written));
}

/** Sum of a counter metric over scrape rows [fromSec, toSec). */
export function sumOver(sim: Sim, service: string, metric: MetricName, fromSec: number, toSec: number, env = 'prod'): number {
  return series(sim, service, metric, env)
    .slice(Math.floor(fromSec / 10), Math.floor(toSec / 10))
    .reduce((a, b) => a + b, 0);
}

export function meanOver(sim: Sim, service: string, metric: MetricName, fromSec: number, toSec: number, env = 'prod'): number {
  const xs = series(sim, service, metric, env).slice(Math.floor(fromSec / 10), Math.floor(toSec / 10));
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}

export function errorRatio(sim: Sim, service: string, fromSec: number, toSec: number, env = 'prod'): number {
  const ok = sumOver(sim, service, 'http_server_requests_2xx_total', fromSec, toSec, env);
  const bad = sumOver(sim, service, 'http_server_requests_4xx_total', fromSec, toSec, env) + sumOver(sim, service, 'http_server_requests_5xx_total', fromSec, toSec, env);
  return ok + bad > 0 ? bad / (ok + bad) : 0;
}

export { summarize };
