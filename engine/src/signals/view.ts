// A read-only view of a run for the signal generators: the recorder's 10 s rows looked up by
// second, fault episodes, flag history, pods, and per-second counts split out of each row.
// Everything here is a pure function of data that is final for seconds before the horizon, so
// a line generated now and the same line generated an hour of simulation later are identical.
// Memo tables only save work within one call; no result depends on what was asked before.

import type { Sim } from '../sim/sim.ts';
import type { Model } from '../sim/model.ts';
import { SCRAPE_SEC, seriesAt, type EdgeSeries, type InternalSeries, type MetricName, type Recorder } from '../sim/recorder.ts';
import type { LatencyDist } from '../sim/queueing.ts';
import type { FaultDef, ServiceDef } from '../scenario/schema.ts';
import { binomial, stream, type Stream } from '../random/rng.ts';
import type { PodHistory } from './pods.ts';
import { newLogIndex, type LogIndex } from './logIndex.ts';

export type Lang = 'java' | 'go' | 'node' | 'python' | 'postgres' | 'redis' | 'kafka';

export interface Episode {
  fi: number;
  def: FaultDef;
  env: number;
  /** Service index, or -1 for every service ('*'). */
  svc: number;
  start: number;
  /** Exclusive; Infinity while open. */
  end: number;
}

/** Where traces start: traffic entries, then queue consumers (a new trace per consumed message). */
export interface Entry {
  /** Position in View.entries: the entry field of a trace id. */
  index: number;
  svc: number;
  traffic: number; // -1 for consumers
}

export interface View {
  readonly sim: Sim;
  readonly model: Model;
  readonly rec: Recorder;
  readonly seed: number;
  /** Seconds below it have final data: the clock and the last complete scrape row. */
  readonly horizon: number;
  /** How far back a log second looks for traces whose spans end in it. */
  readonly lookbackSec: number;
  readonly episodes: readonly Episode[];
  readonly pods: PodHistory;
  readonly entries: readonly Entry[];
  /** Per flag: [second, value] changes in time order, first at -Infinity. */
  readonly flagHistory: readonly (readonly [number, boolean])[][];
  readonly memo: Map<string, unknown>;
  /** Summaries of log units (logIndex.ts): kept across calls, and inherited by the run's next view. */
  readonly logIndex: LogIndex;
}

const viewCache = new WeakMap<Recorder, { key: string; view: View }>();

/** Runs `fn` over the sim's view and drops the call's memo afterwards (traces can be large). */
export function withView<T>(sim: Sim, fn: (v: View) => T): T {
  const v = viewOf(sim);
  try {
    return fn(v);
  } finally {
    v.memo.clear();
  }
}

export function viewOf(sim: Sim): View {
  const rec = sim.recorder;
  const horizon = Math.max(0, Math.min(sim.nowSec, rec.written * SCRAPE_SEC));
  // Cached per recorder while nothing it derives from has changed; the memo is cleared on reuse.
  const key = `${horizon}:${rec.timeline.length}:${rec.faults.length}:${rec.faults.map((f) => f.endSec ?? -1).join(',')}`;
  const hit = viewCache.get(rec);
  if (hit && hit.key === key && hit.view.sim === sim) {
    hit.view.memo.clear();
    return hit.view;
  }
  // Seconds before the old horizon read the same in the new view: keep their log summaries.
  const inherit = hit && hit.view.sim === sim && hit.view.horizon <= horizon ? hit.view.logIndex : undefined;
  const view = createView(sim, horizon, inherit);
  viewCache.set(rec, { key, view });
  return view;
}

function createView(sim: Sim, horizon: number, logIndex: LogIndex = newLogIndex()): View {
  const model = sim.model;
  const rec = sim.recorder;
  const faultIdx = new Map(model.faults.map((f, i) => [f.id, i]));
  const episodes: Episode[] = [];
  for (const ep of rec.faults) {
    const fi = faultIdx.get(ep.fault);
    const def = fi === undefined ? undefined : model.faults[fi];
    if (fi === undefined || !def) continue;
    const env = model.envIndex.get(def.env);
    if (env === undefined) continue;
    const svc = def.target === '*' ? -1 : (model.svcIndex.get(def.target) ?? -2);
    if (svc === -2) continue;
    episodes.push({ fi, def, env, svc, start: ep.startSec, end: ep.endSec ?? Infinity });
  }
  const entries: Entry[] = model.scenario.traffic.map((t, k) => ({ index: k, svc: model.svcIndex.get(t.entry) ?? 0, traffic: k }));
  model.services.forEach((s, i) => {
    if (s.consumes) entries.push({ index: entries.length, svc: i, traffic: -1 });
  });
  const maxClient = Math.max(1000, ...model.scenario.traffic.map((t) => t.clientTimeoutMs));
  return {
    sim,
    model,
    rec,
    seed: sim.seed,
    horizon,
    lookbackSec: Math.min(30, Math.ceil(maxClient / 1000) + 2),
    episodes,
    pods: { byInst: sim.state.podLog, zoneNames: sim.state.zoneNames },
    entries,
    flagHistory: flagHistory(model, rec),
    memo: new Map(),
    logIndex,
  };
}

function flagHistory(model: Model, rec: Recorder): [number, boolean][][] {
  const sc = model.scenario;
  const out = sc.flags.map((f) => [[-Infinity, f.default] as [number, boolean]]);
  sc.changes.forEach((ch) => {
    if (ch.at > 0 || ch.type !== 'flag' || !ch.flag) return;
    const f = model.flagIndex.get(ch.flag);
    const h = f === undefined ? undefined : out[f];
    if (h?.[0]) h[0] = [-Infinity, ch.value === true];
  });
  for (const ev of rec.timeline) {
    let flag: string | undefined;
    let on = false;
    if (ev.kind === 'flag') {
      flag = ev.ref;
      on = ev.value === 1;
    } else if (ev.kind === 'change' && ev.ref !== undefined) {
      const ch = sc.changes[model.changeIndex.get(ev.ref) ?? -1];
      if (ch?.type === 'flag') {
        flag = ch.flag;
        on = ch.value === true;
      }
    }
    const f = flag === undefined ? undefined : model.flagIndex.get(flag);
    if (f !== undefined) out[f]?.push([ev.atSec, on]);
  }
  return out;
}

export function flagOn(v: View, flag: number, sec: number): boolean {
  let on = false;
  for (const [at, val] of v.flagHistory[flag] ?? []) {
    if (at <= sec) on = val;
    else break;
  }
  return on;
}

// ---------------------------------------------------------------------------------------------
// Services

export function svcDef(v: View, svc: number): ServiceDef | undefined {
  return v.model.services[svc];
}

export function langOf(v: View, svc: number): Lang {
  const d = v.model.services[svc];
  if (!d) return 'java';
  if (d.language) return d.language;
  switch (d.type) {
    case 'gateway':
      return 'go';
    case 'worker':
      return 'python';
    case 'database':
      return 'postgres';
    case 'cache':
      return 'redis';
    case 'queue':
      return 'kafka';
    default:
      return 'java';
  }
}

/** Services whose own code handles requests and reports spans (not databases, caches, brokers or third parties). */
export function instrumented(v: View, svc: number): boolean {
  const t = v.model.services[svc]?.type;
  return t === 'api' || t === 'gateway' || t === 'worker';
}

export function hostOf(v: View, svc: number, env: number): string {
  const d = v.model.services[svc];
  const id = d?.id ?? 'unknown';
  if (d?.type === 'external') return `api.${id.replace(/-(api|provider|external)$/, '')}.com`;
  return `${id}.${v.model.envIds[env] ?? 'prod'}.svc.cluster.local`;
}

export function portOf(v: View, svc: number): number {
  switch (v.model.services[svc]?.type) {
    case 'database':
      return 5432;
    case 'cache':
      return 6379;
    case 'queue':
      return 9092;
    case 'external':
      return 443;
    default:
      return 8080;
  }
}

// ---------------------------------------------------------------------------------------------
// Recorder rows

export function rowOf(sec: number): number {
  return Math.floor(sec / SCRAPE_SEC);
}

export function internal(v: View, name: InternalSeries, inst: number, sec: number): number {
  return seriesAt(v.rec.internal[name], rowOf(sec), inst);
}

export function metric(v: View, name: MetricName, inst: number, sec: number): number {
  return seriesAt(v.rec.metrics[name], rowOf(sec), inst);
}

export function edgeSeries(v: View, name: EdgeSeries, env: number, e: number, sec: number): number {
  return seriesAt(v.rec.edges[name], rowOf(sec), env * v.model.edges.length + e);
}

/** The response-time distribution of an instance over the scrape row holding `sec`. */
export function distAt(v: View, inst: number, sec: number): LatencyDist {
  return {
    delayMs: internal(v, 'distDelayMs', inst, sec),
    waitProb: internal(v, 'distWaitProb', inst, sec),
    waitMeanMs: internal(v, 'distWaitMeanMs', inst, sec),
    serviceMeanMs: Math.max(0.05, internal(v, 'distSvcMeanMs', inst, sec) || (v.model.serviceTimeMs[inst] ?? 1)),
    serviceVarMs2: internal(v, 'distSvcVarMs2', inst, sec) || (v.model.serviceTimeMs[inst] ?? 1) ** 2,
  };
}

// ---------------------------------------------------------------------------------------------
// Faults

export function activeEpisodes(v: View, env: number, sec: number): Episode[] {
  return v.episodes.filter((e) => e.env === env && e.start <= sec && sec < e.end);
}

/** Episodes standing at `sec` that target service `svc` (or every service). */
export function faultsOn(v: View, env: number, svc: number, sec: number): Episode[] {
  return v.episodes.filter((e) => e.env === env && (e.svc === svc || e.svc === -1) && e.start <= sec && sec < e.end);
}

export function faultOfType<T extends FaultDef['type']>(v: View, env: number, svc: number, sec: number, type: T): (Episode & { def: Extract<FaultDef, { type: T }> }) | undefined {
  return faultsOn(v, env, svc, sec).find((e) => e.def.type === type) as (Episode & { def: Extract<FaultDef, { type: T }> }) | undefined;
}

/** Bitmask of zones whose pods are cut off (zoneOutage) for one service. */
export function downZones(v: View, env: number, svc: number, sec: number): number {
  let m = 0;
  for (const e of faultsOn(v, env, svc, sec)) {
    if (e.def.type !== 'zoneOutage') continue;
    const z = v.pods.zoneNames.indexOf(e.def.params.zone);
    if (z >= 0) m |= 1 << z;
  }
  return m;
}

/** Extra latency a dependencyLatency fault puts on the call svc -> dep at `sec`. */
export function depAddMs(v: View, env: number, svc: number, dep: number, sec: number): number {
  let add = 0;
  for (const e of faultsOn(v, env, svc, sec)) if (e.def.type === 'dependencyLatency' && v.model.svcIndex.get(e.def.params.dependency) === dep) add += e.def.params.addMs;
  return add;
}

/** Attempts per call: the edge's retries, forced up by a retry storm at the callee, off when a flag disables them. */
export function maxAttempts(v: View, env: number, e: number, sec: number): number {
  const edge = v.model.edges[e];
  if (!edge) return 1;
  const flags = v.model.scenario.flags;
  for (let f = 0; f < flags.length; f++) {
    const def = flags[f];
    if (def?.disablesRetries && v.model.svcIndex.get(def.service) === edge.from && flagOn(v, f, sec)) return 1;
  }
  let r = edge.retries;
  for (const ep of faultsOn(v, env, edge.to, sec)) if (ep.def.type === 'retryStorm') r = Math.max(r, ep.def.params.retries);
  return r + 1;
}

export function callDisabled(v: View, from: number, to: number, sec: number): boolean {
  const flags = v.model.scenario.flags;
  for (let f = 0; f < flags.length; f++) {
    const def = flags[f];
    if (!def?.disablesCall || !flagOn(v, f, sec)) continue;
    if (v.model.svcIndex.get(def.service) === from && v.model.svcIndex.get(def.disablesCall) === to) return true;
  }
  return false;
}

/** When the certificate of `svc` stopped being valid (epoch seconds), for x509 messages. */
export function certNotAfterEpoch(v: View, env: number, svc: number, sec: number): number {
  const at = v.model.services[svc]?.certificateExpiresAt;
  if (at !== undefined && at <= sec) return v.model.startEpochSec + at;
  const ep = v.episodes.find((e) => e.env === env && e.svc === svc && e.def.type === 'certificateExpiry' && e.start <= sec);
  return v.model.startEpochSec + (ep?.start ?? sec);
}

// ---------------------------------------------------------------------------------------------
// Per-second counts: each 10 s row split over its seconds (a multinomial draw weighted towards
// seconds when a fault stood, so errors do not leak before a fault starts). Sums match the row.

export const SERVER_KEYS = ['received', 'served', 'failedOwn', 'failedDep', 'failedTimeout', 'failedReject', 'failedUnavailable', 'failedShed', 'failedRateLimit', 'degraded'] as const;
export type ServerKey = (typeof SERVER_KEYS)[number];
export type SecCounts = Record<ServerKey, number>;

export const EDGE_KEYS = ['attempts', 'failures', 'timeouts', 'retries'] as const;
export type EdgeKey = (typeof EDGE_KEYS)[number];
export type EdgeSecCounts = Record<EdgeKey, number>;

/** What the memo keeps about one scrape row (cheap to drop once a scan has moved on). */
interface RowMemo {
  /** By environment. */
  weights: Map<number, number[]>;
  /** By instance. */
  sec: Map<number, SecCounts[]>;
  /** By env * edges + edge. */
  edge: Map<number, EdgeSecCounts[]>;
  mix: Map<number, EdgeMix>;
}

const ROW_MEMO = 'rows';

function rowMemo(v: View, row: number): RowMemo {
  let rows = v.memo.get(ROW_MEMO) as Map<number, RowMemo> | undefined;
  if (!rows) {
    rows = new Map();
    v.memo.set(ROW_MEMO, rows);
  }
  let m = rows.get(row);
  if (!m) {
    m = { weights: new Map(), sec: new Map(), edge: new Map(), mix: new Map() };
    rows.set(row, m);
  }
  return m;
}

/** Drops what the memo keeps about rows holding no second of [loSec, hiSec). */
export function evictRowsOutside(v: View, loSec: number, hiSec: number): void {
  const rows = v.memo.get(ROW_MEMO) as Map<number, RowMemo> | undefined;
  if (!rows) return;
  const lo = rowOf(loSec);
  const hi = Number.isFinite(hiSec) ? rowOf(hiSec - 1) : Infinity;
  for (const row of rows.keys()) if (row < lo || row > hi) rows.delete(row);
}

function rowWeights(v: View, env: number, row: number): number[] {
  const m = rowMemo(v, row);
  let w = m.weights.get(env);
  if (!w) {
    w = rowWeightsOf(v, env, row);
    m.weights.set(env, w);
  }
  return w;
}

function rowWeightsOf(v: View, env: number, row: number): number[] {
  const w: number[] = [];
  let any = false;
  let all = true;
  for (let j = 0; j < SCRAPE_SEC; j++) {
    const act = activeEpisodes(v, env, row * SCRAPE_SEC + j).length > 0;
    any ||= act;
    all &&= act;
    w.push(act ? 1 : 0.02);
  }
  return any && !all ? w : w.map(() => 1);
}

function splitRow(total: number, w: readonly number[], s: Stream): number[] {
  let n = Math.floor(total);
  if (s.next() < total - n) n += 1;
  let rest = w.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (const wj of w) {
    const x = rest > 0 ? binomial(s, n, Math.min(1, wj / rest)) : 0;
    out.push(x);
    n -= x;
    rest -= wj;
  }
  return out;
}

export function secCounts(v: View, inst: number, sec: number): SecCounts {
  const row = rowOf(sec);
  const memo = rowMemo(v, row).sec;
  let rows = memo.get(inst);
  if (!rows) {
    const env = Math.floor(inst / v.model.nSvc);
    const svc = v.model.svcIds[inst % v.model.nSvc] ?? '';
    const s = stream(v.seed, `split:${svc}:${v.model.envIds[env] ?? ''}:${row}`);
    const w = rowWeights(v, env, row);
    const parts = SERVER_KEYS.map((name) => splitRow(internal(v, name, inst, sec), w, s));
    rows = w.map((_, j) => {
      const row = {} as SecCounts;
      SERVER_KEYS.forEach((name, q) => (row[name] = parts[q]?.[j] ?? 0));
      return row;
    });
    memo.set(inst, rows);
  }
  return rows[sec - row * SCRAPE_SEC] as SecCounts;
}

export function edgeSecCounts(v: View, env: number, e: number, sec: number): EdgeSecCounts {
  const row = rowOf(sec);
  const memo = rowMemo(v, row).edge;
  const key = env * v.model.edges.length + e;
  let rows = memo.get(key);
  if (!rows) {
    const edge = v.model.edges[e];
    const s = stream(v.seed, `split-edge:${v.model.svcIds[edge?.from ?? 0] ?? ''}:${v.model.svcIds[edge?.to ?? 0] ?? ''}:${v.model.envIds[env] ?? ''}:${row}`);
    const w = rowWeights(v, env, row);
    const parts = EDGE_KEYS.map((name) => splitRow(edgeSeries(v, name, env, e, sec), w, s));
    rows = w.map((_, j) => {
      const row = {} as EdgeSecCounts;
      EDGE_KEYS.forEach((name, q) => (row[name] = parts[q]?.[j] ?? 0));
      return row;
    });
    memo.set(key, rows);
  }
  return rows[sec - row * SCRAPE_SEC] as EdgeSecCounts;
}

// ---------------------------------------------------------------------------------------------
// Outcome mixes: how requests ended at a service, and how attempts on a call failed, over the
// row. Traces draw outcomes from them and logs choose messages from them, so both agree.

export type ServerOutcome = 'ok' | 'own' | 'dep' | 'reject' | 'expired' | 'unavailable' | 'shed' | 'rateLimit';
export const SERVER_FAILURES: readonly Exclude<ServerOutcome, 'ok'>[] = ['own', 'dep', 'reject', 'expired', 'unavailable', 'shed', 'rateLimit'];

export function serverMix(v: View, inst: number, sec: number): Record<ServerOutcome, number> {
  const g = (n: InternalSeries) => Math.max(0, internal(v, n, inst, sec));
  const own = g('failedOwn');
  const dep = g('failedDep');
  return {
    ok: Math.max(0, g('served') - own - dep),
    own,
    dep,
    reject: g('failedReject'),
    expired: g('failedTimeout'),
    unavailable: g('failedUnavailable'),
    shed: g('failedShed'),
    rateLimit: g('failedRateLimit'),
  };
}

/** Why one attempt of a call failed, as the caller sees it. */
export type AttemptCause = 'dns' | 'tls' | 'pool' | 'timeout' | 'http500' | 'overflow' | 'unavailable' | 'shed' | 'rateLimit';

export interface EdgeMix {
  attempts: number;
  /** Probability that one attempt fails. */
  pFail: number;
  causes: [AttemptCause, number][];
}

const PRE_KIND: Record<number, AttemptCause> = { 1: 'dns', 2: 'tls', 3: 'pool' };

export function edgeMix(v: View, env: number, e: number, sec: number): EdgeMix {
  const memo = rowMemo(v, rowOf(sec)).mix;
  const key = env * v.model.edges.length + e;
  const hit = memo.get(key);
  if (hit) return hit;
  const edge = v.model.edges[e];
  const A = edgeSeries(v, 'attempts', env, e, sec);
  const F = Math.min(A, edgeSeries(v, 'failures', env, e, sec));
  const T = Math.min(F, edgeSeries(v, 'timeouts', env, e, sec));
  const kind = PRE_KIND[edgeSeries(v, 'preFailKind', env, e, sec)];
  const causes: [AttemptCause, number][] = [];
  if (edge && A > 0 && F > 0) {
    const callee = serverMix(v, env * v.model.nSvc + edge.to, sec);
    const handled = SERVER_FAILURES.reduce((a, c) => a + callee[c], callee.ok);
    const failed = handled - callee.ok;
    const f = handled > 0 ? failed / handled : 0;
    let fromCallee = Math.min(F - T, A * f);
    let pre = F - T - fromCallee;
    if (!kind) {
      fromCallee += pre;
      pre = 0;
    }
    let timeout = T;
    if (kind && pre > 0) causes.push([kind, pre]);
    if (fromCallee > 0) {
      if (failed > 0) {
        const share = (x: number) => (fromCallee * x) / failed;
        timeout += share(callee.expired);
        causes.push(['http500', share(callee.own + callee.dep)], ['overflow', share(callee.reject)], ['unavailable', share(callee.unavailable)], ['shed', share(callee.shed)], ['rateLimit', share(callee.rateLimit)]);
      } else causes.push(['http500', fromCallee]);
    }
    if (timeout > 0) causes.push(['timeout', timeout]);
  }
  const mix: EdgeMix = { attempts: A, pFail: A > 0 ? F / A : 0, causes: causes.filter((c) => c[1] > 0) };
  memo.set(key, mix);
  return mix;
}

/** Weighted choice from [item, weight] pairs with a uniform `u`; undefined when all weights are 0. */
export function pick<T>(items: readonly (readonly [T, number])[], u: number): T | undefined {
  let total = 0;
  for (const [, w] of items) total += w > 0 ? w : 0;
  if (total <= 0) return undefined;
  let x = u * total;
  for (const [it, w] of items) {
    if (w <= 0) continue;
    x -= w;
    if (x < 0) return it;
  }
  return items.filter((i) => i[1] > 0).at(-1)?.[0];
}
