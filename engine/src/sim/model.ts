// Compiles a validated Scenario into the flat, index-addressed model the tick loop runs on.
// Pure and read-only after construction: everything that changes during a run lives in
// SimState (state.ts). Instances are (environment, service) pairs: inst = env * nSvc + svc.

import type { CallDef, FaultDef, Scenario, ServiceDef } from '../scenario/schema.ts';
import { parseIsoSec } from '../core/time.ts';

export const TYPE_CODES = ['gateway', 'api', 'worker', 'database', 'cache', 'queue', 'external'] as const;

/** Share of a request's own service time spent on CPU, by service type: the rest is I/O wait. */
const CPU_SHARE: Record<ServiceDef['type'], number> = {
  gateway: 0.3,
  api: 0.5,
  worker: 0.6,
  database: 0.6,
  cache: 0.3,
  queue: 0.2,
  external: 0,
};

export interface Edge {
  /** Index in model.edges. */
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly perRequest: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly pool: number; // 0 = no pool limit
  readonly critical: boolean;
  /** For calls to a cache: the service read on a miss, or -1. */
  readonly onMiss: number;
}

export interface Model {
  readonly scenario: Scenario;
  readonly startEpochSec: number;
  readonly durationSec: number;
  readonly nSvc: number;
  readonly nEnv: number;
  readonly nInst: number;
  readonly svcIds: readonly string[];
  readonly envIds: readonly string[];
  readonly svcIndex: ReadonlyMap<string, number>;
  readonly envIndex: ReadonlyMap<string, number>;
  readonly services: readonly ServiceDef[];
  /** Services with callers before callees (queues before their consumers). */
  readonly topo: Int32Array;
  readonly edges: readonly Edge[];
  readonly outEdges: readonly (readonly number[])[];
  readonly inEdges: readonly (readonly number[])[];
  /** Workers consuming each queue, by service index. */
  readonly consumers: readonly (readonly number[])[];
  /** Per instance, resolved from the base definition and the environment's overrides. */
  readonly replicas: Int32Array;
  readonly concurrency: Int32Array;
  readonly serviceTimeMs: Float64Array;
  readonly cpuShare: Float64Array;
  readonly flagIndex: ReadonlyMap<string, number>;
  readonly changeIndex: ReadonlyMap<string, number>;
  readonly faults: readonly FaultDef[];
  /** Per instance: indices of the SLOs measured on it. */
  readonly slosByInst: readonly (readonly number[])[];
}

export function compileModel(scenario: Scenario): Model {
  const svcIds = scenario.services.map((s) => s.id);
  const envIds = scenario.environments.map((e) => e.id);
  const svcIndex = new Map(svcIds.map((id, i) => [id, i]));
  const envIndex = new Map(envIds.map((id, i) => [id, i]));
  const nSvc = svcIds.length;
  const nEnv = envIds.length;
  const nInst = nSvc * nEnv;

  const edges: Edge[] = [];
  const outEdges: number[][] = svcIds.map(() => []);
  const inEdges: number[][] = svcIds.map(() => []);
  scenario.services.forEach((s, from) => {
    s.calls.forEach((c: CallDef) => {
      const to = svcIndex.get(c.to);
      if (to === undefined) throw new Error(`compileModel: unvalidated call to ${c.to}`);
      const edge: Edge = {
        index: edges.length,
        from,
        to,
        perRequest: c.perRequest,
        timeoutMs: c.timeoutMs,
        retries: c.retries,
        pool: c.pool ?? 0,
        critical: c.critical,
        onMiss: c.onMiss ? (svcIndex.get(c.onMiss) ?? -1) : -1,
      };
      edges.push(edge);
      outEdges[from]?.push(edge.index);
      inEdges[to]?.push(edge.index);
    });
  });

  const consumers: number[][] = svcIds.map(() => []);
  scenario.services.forEach((s, i) => {
    if (s.consumes) {
      const q = svcIndex.get(s.consumes);
      if (q !== undefined) consumers[q]?.push(i);
    }
  });

  const replicas = new Int32Array(nInst);
  const concurrency = new Int32Array(nInst);
  const serviceTimeMs = new Float64Array(nInst);
  const cpuShare = new Float64Array(nInst);
  scenario.environments.forEach((env, e) => {
    scenario.services.forEach((s, i) => {
      const o = env.overrides.find((x) => x.service === s.id);
      const k = e * nSvc + i;
      replicas[k] = o?.replicas ?? s.replicas;
      concurrency[k] = o?.concurrency ?? s.concurrency;
      serviceTimeMs[k] = o?.serviceTimeMs ?? s.serviceTimeMs;
      cpuShare[k] = CPU_SHARE[s.type];
    });
  });

  const start = parseIsoSec(scenario.start);
  if (start === null) throw new Error(`compileModel: unvalidated start time ${scenario.start}`);

  return {
    scenario,
    startEpochSec: start,
    durationSec: scenario.metadata.durationMinutes * 60,
    nSvc,
    nEnv,
    nInst,
    svcIds,
    envIds,
    svcIndex,
    envIndex,
    services: scenario.services,
    topo: topoOrder(nSvc, edges, consumers),
    edges,
    outEdges,
    inEdges,
    consumers,
    replicas,
    concurrency,
    serviceTimeMs,
    cpuShare,
    flagIndex: new Map(scenario.flags.map((f, i) => [f.id, i])),
    changeIndex: new Map(scenario.changes.map((c, i) => [c.id, i])),
    faults: scenario.faults,
    slosByInst: Array.from({ length: nInst }, (_, i) =>
      scenario.slos.flatMap((slo, k) => (svcIndex.get(slo.service) === i % nSvc && envIndex.get(slo.env) === Math.floor(i / nSvc) ? [k] : [])),
    ),
  };
}

/**
 * Callers before callees; cache-miss reads and queue consumers after their sources.
 * Validation rejects cycles, so a leftover (only possible for unvalidated input) keeps
 * declaration order rather than failing.
 */
function topoOrder(n: number, edges: readonly Edge[], consumers: readonly (readonly number[])[]): Int32Array {
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    succ[e.from]?.push(e.to);
    if (e.onMiss >= 0) succ[e.from]?.push(e.onMiss);
  }
  consumers.forEach((ws, q) => ws.forEach((w) => succ[q]?.push(w)));
  const indeg = new Int32Array(n);
  for (const s of succ) for (const t of s) indeg[t] = (indeg[t] ?? 0) + 1;
  const order: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (indeg[i] === 0) ready.push(i);
  while (ready.length > 0) {
    ready.sort((a, b) => b - a);
    const v = ready.pop() as number;
    order.push(v);
    for (const t of succ[v] ?? []) {
      indeg[t] = (indeg[t] ?? 0) - 1;
      if (indeg[t] === 0) ready.push(t);
    }
  }
  const seen = new Set(order);
  for (let i = 0; i < n; i++) if (!seen.has(i)) order.push(i);
  return Int32Array.from(order);
}

/** Version label of an instance revision: the latest deploy in it, else the service's own. */
export function versionOf(model: Model, rev: readonly number[], svc: number): string {
  let best: { at: number; v: string } | null = null;
  for (const c of rev) {
    const ch = model.scenario.changes[c];
    if (ch?.type === 'deploy' && ch.version && (!best || ch.at >= best.at)) best = { at: ch.at, v: ch.version };
  }
  return best?.v ?? model.services[svc]?.version ?? 'v1.0.0';
}
