// One simulated second. Pure with respect to its inputs: reads the model, the effects of the
// faults standing now and the seeded streams; writes SimState and the Recorder.
//
// Order (DESIGN.md "The simulated system"):
//   1. offered load at the entry points (traffic profile, spikes, seeded noise, Poisson arrivals);
//   2. top-down through the call graph: capacity from ready replicas, fluid backlog when
//      overloaded, queue limits and deadline expiry, calls emitted with retries (a caller's retry
//      rate uses last tick's failure rate of the callee, a one-second lag);
//   3. bottom-up: each callee's response-time distribution feeds its callers' timeouts, failure
//      probabilities and effective service time, so slow dependencies fill caller concurrency;
//   4. resources (CPU, memory, disk, pools, queues, caches) and the scrape.
// Requests are integers and never lost: received = ok + failed + backlog, every tick.

import type { Model } from './model.ts';
import { computeEffects, type Effects } from './effects.ts';
import { killPods, maxPodMemoryBytes, stepPods, type PodCrash } from './pods.ts';
import { meanOf, quantile, steadyWait, varianceOf, cdf, type LatencyDist } from './queueing.ts';
import { binomial, normal, poisson, type Stream } from '../random/rng.ts';
import { hourOfDayUtc } from '../core/time.ts';
import type { SimState } from './state.ts';
import {
  CHUNK_ROWS,
  EDGE_SERIES,
  INSTANCE_METRICS,
  INTERNAL_SERIES,
  rowSlot,
  SCRAPE_SEC,
  type EdgeSeries,
  type InternalSeries,
  type MetricName,
  type Recorder,
} from './recorder.ts';

const MB = 1024 * 1024;
const FAST_FAIL_MS = 2;
const IDLE_CORES = 0.04;
/** Time constant of a cache warming back to its hit ratio (95% in three of them). */
const DEFAULT_WARM_TAU_SEC = 300;
/** Pre-failure kinds on an edge, for logs: why calls never reached the callee. */
export const PREFAIL_NONE = 0;
export const PREFAIL_DNS = 1;
export const PREFAIL_TLS = 2;
export const PREFAIL_POOL = 3;

export interface TickStreams {
  traffic: Stream;
  arrivals: Stream;
  outcome: Stream;
}

/** The current scrape row of every series: chunk arrays plus the row's offset in them. */
export interface RowViews {
  M: Record<MetricName, Float32Array>;
  S: Record<InternalSeries, Float32Array>;
  E: Record<EdgeSeries, Float32Array>;
  base: number;
  edgeBase: number;
}

export function createRowViews(): RowViews {
  return { M: {} as RowViews['M'], S: {} as RowViews['S'], E: {} as RowViews['E'], base: 0, edgeBase: 0 };
}

function bindRow(rec: Recorder, v: RowViews, row: number): void {
  for (const m of INSTANCE_METRICS) v.M[m.name] = rowSlot(rec.metrics[m.name], row).chunk;
  for (const k of INTERNAL_SERIES) v.S[k] = rowSlot(rec.internal[k], row).chunk;
  for (const k of EDGE_SERIES) v.E[k] = rowSlot(rec.edges[k], row).chunk;
  const r = row & (CHUNK_ROWS - 1);
  v.base = r * (rec.metrics.http_server_requests_2xx_total.width);
  v.edgeBase = r * rec.edges.attempts.width;
}

export interface TickScratch {
  fx: Effects;
  cur: RowViews;
  servers: Float64Array;
  ready: Float64Array;
  ownMs: Float64Array;
  ownVarMs2: Float64Array;
  expServed: Float64Array;
  rejected: Float64Array;
  expired: Float64Array;
  unavailable: Float64Array;
  shed: Float64Array;
  limited: Float64Array;
  arrivals: Float64Array;
  preFail: Float64Array;
  pulled: Float64Array;
  /** Share of this tick's handled requests turned away at once, per instance. */
  fastFrac: Float64Array;
  sloCarry: Float64Array;
  crashes: PodCrash[];
}

export interface TickHooks {
  onCrash(crash: PodCrash): void;
}

const dist: LatencyDist = { delayMs: 0, waitProb: 0, waitMeanMs: 0, serviceMeanMs: 0, serviceVarMs2: 0 };

function distOf(state: SimState, i: number, out: LatencyDist): LatencyDist {
  out.delayMs = state.inst.distDelayMs[i] ?? 0;
  out.waitProb = state.inst.distWaitProb[i] ?? 0;
  out.waitMeanMs = state.inst.distWaitMeanMs[i] ?? 0;
  out.serviceMeanMs = state.inst.svcMeanMs[i] ?? 0;
  out.serviceVarMs2 = state.inst.svcVarMs2[i] ?? 0;
  return out;
}

/** Offered requests per second of one traffic entry in one environment at time t. */
export function offeredRate(model: Model, tIdx: number, env: number, t: number): number {
  const tr = model.scenario.traffic[tIdx];
  const envDef = model.scenario.environments[env];
  if (!tr || !envDef) return 0;
  const scale = tr.env ? (tr.env === envDef.id ? 1 : 0) : envDef.trafficScale;
  if (scale <= 0) return 0;
  let rate = tr.rps * scale;
  if (tr.pattern === 'diurnal') {
    const h = hourOfDayUtc(model.startEpochSec + t);
    const wave = 0.5 * (1 + Math.cos((2 * Math.PI * (h - tr.peakHourUtc)) / 24));
    rate *= tr.troughRatio + (1 - tr.troughRatio) * wave;
  }
  for (const sp of tr.spikes) if (t >= sp.at && t < sp.at + sp.duration) rate *= sp.multiplier;
  return rate;
}

function isFlagOn(state: SimState, f: number): boolean {
  return (state.flags[f] ?? 0) === 1;
}

/**
 * Flags that are on, turned into per-tick switches: an edge whose calls a kill switch disables,
 * a service whose retries are off. Computed once per tick so the hot loops only index arrays.
 */
function applyFlags(model: Model, state: SimState, fx: Effects): void {
  fx.callOff.fill(0);
  fx.retriesOff.fill(0);
  const flags = model.scenario.flags;
  for (let f = 0; f < flags.length; f++) {
    const def = flags[f];
    if (!def || !isFlagOn(state, f)) continue;
    const svc = model.svcIndex.get(def.service);
    if (svc === undefined) continue;
    const to = def.disablesCall ? model.svcIndex.get(def.disablesCall) : undefined;
    for (let env = 0; env < model.nEnv; env++) {
      if (def.disablesRetries) fx.retriesOff[env * model.nSvc + svc] = 1;
      if (to === undefined) continue;
      for (const e of model.outEdges[svc] ?? []) if (model.edges[e]?.to === to) fx.callOff[env * model.edges.length + e] = 1;
    }
  }
}

function certExpired(model: Model, state: SimState, fx: Effects, j: number): boolean {
  if ((fx.certExpired[j] ?? 0) > 0) return true;
  const at = model.services[j % model.nSvc]?.certificateExpiresAt;
  return at !== undefined && state.nowSec >= at && (state.inst.certRenewedAtSec[j] ?? 0) <= 0;
}

/** Attempts per call when each fails with probability p and up to R retries follow: 1 + p + … + p^R. */
function expectedAttempts(p: number, R: number): number {
  let a = 1;
  let pk = 1;
  for (let r = 0; r < R; r++) {
    pk *= p;
    a += pk;
  }
  return a;
}

function effectiveRetries(model: Model, fx: Effects, e: number, i: number, j: number): number {
  const edge = model.edges[e];
  if (!edge || (fx.retriesOff[i] ?? 0) === 1) return 0;
  const storm = fx.stormRetries[j] ?? 0;
  return storm > edge.retries ? storm : edge.retries;
}

/** Configured pool size across ready replicas (leaked connections still count as in use). */
function poolCapacity(model: Model, state: SimState, fx: Effects, ei: number, e: number, ready: number): number {
  const edge = model.edges[e];
  if (!edge || edge.pool <= 0) return Infinity;
  const raised = state.edge.poolSize[ei] ?? 0;
  const override = fx.poolSizeOverride[ei] ?? -1;
  const perReplica = raised > 0 ? raised : override >= 0 ? override : edge.pool;
  return Math.max(0, perReplica * ready);
}

function timeoutOf(model: Model, state: SimState, ei: number, e: number): number {
  const t = state.edge.timeoutMs[ei] ?? 0;
  return t > 0 ? t : (model.edges[e]?.timeoutMs ?? 1000);
}

/** Advances the simulation by one second. */
export function tick(model: Model, state: SimState, rec: Recorder, streams: TickStreams, sc: TickScratch, hooks: TickHooks): void {
  const t = state.nowSec;
  const fx = sc.fx;
  if (t % SCRAPE_SEC === 0 || sc.cur.S.served === undefined) bindRow(rec, sc.cur, Math.floor(t / SCRAPE_SEC));
  computeEffects(model, state, fx);
  if (model.scenario.flags.length > 0) applyFlags(model, state, fx);
  oneShotFaults(model, state, sc);

  const nSvc = model.nSvc;
  const nE = model.edges.length;
  const I = state.inst;
  I.arrivalsIn.fill(0);
  I.expRateIn.fill(0);
  I.callerTimeoutMs.fill(Infinity);
  sc.pulled.fill(0);

  // 1. Entry traffic.
  for (let env = 0; env < model.nEnv; env++) {
    model.scenario.traffic.forEach((tr, k) => {
      const svc = model.svcIndex.get(tr.entry);
      if (svc === undefined) return;
      const i = env * nSvc + svc;
      let rate = offeredRate(model, k, env, t) * (fx.spikeMult[i] ?? 1);
      if (tr.noise > 0 && rate > 0) rate = Math.max(0, rate * (1 + tr.noise * normal(streams.traffic)));
      I.arrivalsIn[i] = (I.arrivalsIn[i] ?? 0) + poisson(streams.arrivals, rate);
      I.expRateIn[i] = (I.expRateIn[i] ?? 0) + rate;
      I.callerTimeoutMs[i] = Math.min(I.callerTimeoutMs[i] ?? Infinity, tr.clientTimeoutMs);
    });
  }

  for (let env = 0; env < model.nEnv; env++) {
    // 2. Top-down: admission, capacity, backlog; emit calls.
    for (let k = 0; k < model.topo.length; k++) admit(model, state, streams, sc, env * nSvc + (model.topo[k] ?? 0), env, hooks);
    // 3. Bottom-up: outcomes and latency.
    for (let k = model.topo.length - 1; k >= 0; k--) settle(model, state, rec, streams, sc, env * nSvc + (model.topo[k] ?? 0), env, nE);
  }

  // 4. Scrape at the end of each interval.
  if ((t + 1) % SCRAPE_SEC === 0) scrape(model, state, rec, sc, Math.floor(t / SCRAPE_SEC));
}

function oneShotFaults(model: Model, state: SimState, sc: TickScratch): void {
  model.faults.forEach((f, fi) => {
    if (f.type !== 'podCrash' || state.faultFired[fi] || state.nowSec < f.start) return;
    if ((sc.fx.intensity[fi] ?? 0) <= 0) return;
    state.faultFired[fi] = 1;
    const env = model.envIndex.get(f.env) ?? 0;
    const svc = model.svcIndex.get(f.target);
    if (svc !== undefined) killPods(model, state, env * model.nSvc + svc, f.params.count, sc.crashes);
  });
}

function admit(model: Model, state: SimState, streams: TickStreams, sc: TickScratch, i: number, env: number, hooks: TickHooks): void {
  const I = state.inst;
  const fx = sc.fx;
  const svc = i - env * model.nSvc;
  const def = model.services[svc];
  if (!def) return;

  if (sc.crashes.length > 0) sc.crashes.length = 0;
  const pods = stepPods(model, state, fx, i, sc.crashes);
  for (const c of sc.crashes) hooks.onCrash(c);
  let servers = pods.servers;
  let ready = pods.ready;

  let arrivals = I.arrivalsIn[i] ?? 0;
  let expRate = I.expRateIn[i] ?? 0;

  // A worker pulls from its queue as fast as its consumers allow.
  const q = def.consumes ? model.svcIndex.get(def.consumes) : undefined;
  if (q !== undefined) {
    const parts = model.services[q]?.partitions ?? Infinity;
    const conc = model.concurrency[i] ?? 1;
    servers = Math.min(servers, parts * conc);
    ready = Math.min(ready, parts);
  }

  // Own service time: exponential around the (possibly slowed) base, plus a fixed added delay.
  const ownExp = (model.serviceTimeMs[i] ?? 1) * (fx.latMult[i] ?? 1) * (I.cpuMult[i] ?? 1) * (fx.consumerSlow[i] ?? 1) * pods.gcMult;
  const added = fx.latAddMs[i] ?? 0;
  const own = ownExp + added;
  sc.ownMs[i] = own;
  sc.ownVarMs2[i] = ownExp * ownExp + 0.01 * added * added;
  const downMs = Math.max(0, (I.svcMeanMs[i] ?? own) - own);
  const meanS = own + downMs;
  const nominalK = servers > 0 ? (servers * 1000) / meanS : 0;
  const stalled = (fx.stall[i] ?? 0) >= 1;
  const K = stalled ? 0 : nominalK;

  if (q !== undefined) {
    const qi = env * model.nSvc + q;
    const depth = I.queueDepth[qi] ?? 0;
    const take = Math.min(depth, Math.floor(K + (I.capCarry[i] ?? 0)));
    I.capCarry[i] = Math.min(1, K + (I.capCarry[i] ?? 0) - take);
    I.queueDepth[qi] = depth - take;
    arrivals = take;
    expRate = take;
    sc.pulled[i] = take;
  }

  sc.arrivals[i] = arrivals;
  I.received[i] = (I.received[i] ?? 0) + arrivals;

  // A pod that just crashed is still in the load balancer for a few seconds: its share of the
  // requests (and those in flight on it) get connection resets: the brief 5xx of every OOM kill.
  let reset = 0;
  if (pods.stale > 0 && arrivals > 0) {
    reset = binomial(streams.outcome, arrivals, pods.stale / (pods.stale + Math.max(1, pods.ready)));
    arrivals -= reset;
  }

  // Load shedding at the edge: 429 before any work.
  let shed = 0;
  const shedRatio = I.shedRatio[i] ?? 0;
  if (shedRatio > 0 && arrivals > 0) {
    shed = binomial(streams.outcome, arrivals, shedRatio);
    arrivals -= shed;
    expRate *= 1 - shedRatio;
  }
  // A provider's quota: calls above it get 429.
  let limited = 0;
  const quota = (fx.rateLimitRps[i] ?? Infinity) + (I.rateLimitBoostRps[i] ?? 0);
  if (arrivals > quota) {
    limited = arrivals - Math.floor(quota);
    arrivals -= limited;
    expRate = Math.min(expRate, quota);
  }
  sc.shed[i] = shed;
  sc.limited[i] = limited;

  let backlog = I.backlog[i] ?? 0;
  let served = 0;
  let rejected = 0;
  let expired = 0;
  let unavailable = 0;
  const outage = fx.outage[i] ?? 0;
  if (ready <= 0 || outage >= 1 || nominalK <= 0) {
    unavailable = arrivals + backlog; // "no healthy upstream": fail fast
    backlog = 0;
    I.capCarry[i] = 0;
  } else if (backlog <= 0 && expRate < K * 0.98) {
    served = arrivals; // Erlang regime: the steady-state wait is in the latency distribution
  } else {
    const before = backlog;
    const total = backlog + arrivals;
    const credit = K + (I.capCarry[i] ?? 0);
    served = Math.min(total, Math.floor(credit));
    I.capCarry[i] = served < Math.floor(credit) ? 0 : credit - served;
    backlog = total - served;
    const qLimit = (def.queueLimit ?? 50 * (model.concurrency[i] ?? 1)) * ready;
    if (backlog > qLimit) {
      rejected = backlog - Math.floor(qLimit);
      backlog -= rejected;
    }
    // Requests still queued past their caller's deadline are dropped (deadline propagation).
    // The queue's age is judged at the rate it drains once running (a stalled queue only ages).
    const deadlineSec = (I.callerTimeoutMs[i] ?? Infinity) / 1000;
    const keep = Math.floor(nominalK * deadlineSec);
    if (backlog > keep) {
      expired = backlog - keep;
      backlog = keep;
    }
    I.distDelayMs[i] = (((before + backlog) / 2) * 1000) / nominalK;
  }
  if (backlog <= 0) I.distDelayMs[i] = 0;
  I.backlog[i] = backlog;
  I.served[i] = served;
  sc.rejected[i] = rejected;
  sc.expired[i] = expired;
  sc.unavailable[i] = unavailable + reset;
  sc.servers[i] = servers;
  sc.ready[i] = ready;
  sc.expServed[i] = backlog > 0 || served < expRate * 0.5 ? served : expRate;

  // Queues accept what is produced into them; consumers pull on their own tick.
  if (def.type === 'queue') I.queueDepth[i] = (I.queueDepth[i] ?? 0) + served;

  emitCalls(model, state, sc, i, env, svc, served);
}

function emitCalls(model: Model, state: SimState, sc: TickScratch, i: number, env: number, svc: number, served: number): void {
  const I = state.inst;
  const E = state.edge;
  const fx = sc.fx;
  const nE = model.edges.length;
  for (const e of model.outEdges[svc] ?? []) {
    const edge = model.edges[e];
    if (!edge) continue;
    const ei = env * nE + e;
    const j = env * model.nSvc + edge.to;
    if ((fx.callOff[ei] ?? 0) === 1) {
      sc.preFail[ei] = 0;
      continue;
    }
    const R = effectiveRetries(model, fx, e, i, j);
    const A = expectedAttempts(Math.min(1, E.attemptFail[ei] ?? 0), R);
    const attempts = served * edge.perRequest * A;
    // Calls that never reach the callee: name resolution, TLS, or no free pooled connection.
    let pre = 0;
    let kind = PREFAIL_NONE;
    const dns = fx.dnsFail[j] ?? 0;
    if (dns > 0) {
      pre = 1 - (1 - pre) * (1 - dns);
      kind = PREFAIL_DNS;
    }
    if (certExpired(model, state, fx, j)) {
      pre = 1;
      kind = PREFAIL_TLS;
    }
    const starved = E.poolStarved[ei] ?? 0;
    if (edge.pool > 0 && starved > 0) {
      pre = 1 - (1 - pre) * (1 - starved);
      if (kind === PREFAIL_NONE) kind = PREFAIL_POOL;
    }
    sc.preFail[ei] = pre;
    E.preFailKind[ei] = pre > 0 ? kind : PREFAIL_NONE;
    const reaching = attempts * (1 - pre);
    const c = (E.carry[ei] ?? 0) + reaching;
    const n = Math.floor(c);
    E.carry[ei] = c - n;
    I.arrivalsIn[j] = (I.arrivalsIn[j] ?? 0) + n;
    const expCalls = (sc.expServed[i] ?? 0) * edge.perRequest * A * (1 - pre);
    I.expRateIn[j] = (I.expRateIn[j] ?? 0) + expCalls;
    I.callerTimeoutMs[j] = Math.min(I.callerTimeoutMs[j] ?? Infinity, timeoutOf(model, state, ei, e));
    E.attempts[ei] = attempts;
    E.retries[ei] = attempts - served * edge.perRequest;
    if (edge.onMiss >= 0) {
      const hit = I.hitRatio[j] ?? 1;
      const m = env * model.nSvc + edge.onMiss;
      const mc = (E.missCarry[ei] ?? 0) + served * edge.perRequest * (1 - hit);
      const mn = Math.floor(mc);
      E.missCarry[ei] = mc - mn;
      I.arrivalsIn[m] = (I.arrivalsIn[m] ?? 0) + mn;
      I.expRateIn[m] = (I.expRateIn[m] ?? 0) + (sc.expServed[i] ?? 0) * edge.perRequest * (1 - hit);
      I.callerTimeoutMs[m] = Math.min(I.callerTimeoutMs[m] ?? Infinity, timeoutOf(model, state, ei, e));
    }
  }
}

const calleeDist: LatencyDist = { delayMs: 0, waitProb: 0, waitMeanMs: 0, serviceMeanMs: 0, serviceVarMs2: 0 };

function settle(model: Model, state: SimState, rec: Recorder, streams: TickStreams, sc: TickScratch, i: number, env: number, nE: number): void {
  const I = state.inst;
  const E = state.edge;
  const fx = sc.fx;
  const svc = i - env * model.nSvc;
  const def = model.services[svc];
  if (!def) return;
  const own = sc.ownMs[i] ?? 1;
  let mean = own;
  let variance = sc.ownVarMs2[i] ?? own * own;
  let okCritical = 1;
  let okOptional = 1;
  let depFail = 0;
  const served = I.served[i] ?? 0;
  const ready = sc.ready[i] ?? 0;

  for (const e of model.outEdges[svc] ?? []) {
    const edge = model.edges[e];
    if (!edge) continue;
    const ei = env * nE + e;
    const j = env * model.nSvc + edge.to;
    if ((fx.callOff[ei] ?? 0) === 1) {
      okOptional = 0; // the degraded path: the response lacks what this call would add
      E.attemptFail[ei] = 0;
      E.poolInUse[ei] = 0;
      E.poolPending[ei] = 0;
      E.poolStarved[ei] = 0;
      continue;
    }
    const tau = timeoutOf(model, state, ei, e);
    distOf(state, j, calleeDist);
    calleeDist.delayMs += fx.depAddMs[ei] ?? 0;
    let fj = I.failFrac[j] ?? 0;
    if (edge.onMiss >= 0) {
      // A miss adds the backing store's response to the cache's, and its failures.
      const miss = 1 - (I.hitRatio[j] ?? 1);
      const m = env * model.nSvc + edge.onMiss;
      calleeDist.serviceMeanMs += miss * meanOfInst(state, m);
      fj = 1 - (1 - fj) * (1 - miss * (I.failFrac[m] ?? 0));
    }
    const pre = sc.preFail[ei] ?? 0;
    const cm = meanOf(calleeDist);
    const cv = varianceOf(calleeDist);
    // Calls the callee turns away at once (queue full, no ready pods, shed, quota) cost ~nothing;
    // the rest take its response time, or the whole timeout when they run past it.
    const ff = sc.fastFrac[j] ?? 0;
    // Skip the tail arithmetic when the timeout is far out in it (the healthy common case).
    const tail = tau > cm + 14 * Math.sqrt(cv) + 1 ? 0 : 1 - cdf(calleeDist, tau);
    const pTimeout = (1 - ff) * tail;
    const p = 1 - (1 - pre) * (1 - fj) * (1 - pTimeout);
    const preCost = E.preFailKind[ei] === PREFAIL_POOL ? tau : FAST_FAIL_MS;
    const reachCost = ff * FAST_FAIL_MS + (1 - ff) * ((1 - tail) * Math.min(cm, tau) + tail * tau);
    const attemptMean = pre * preCost + (1 - pre) * reachCost;
    const attemptVar = (1 - pre) * Math.min(cv, (tau * tau) / 4);
    const R = effectiveRetries(model, fx, e, i, j);
    const A = expectedAttempts(p, R);
    const failAll = p ** (R + 1); // every attempt failed
    mean += edge.perRequest * A * attemptMean;
    variance += edge.perRequest * A * attemptVar;
    // perRequest below 1: that share of requests makes the call; above 1: several calls each.
    const okCall = failAll <= 0 ? 1 : edge.perRequest <= 1 ? 1 - edge.perRequest * failAll : Math.pow(1 - failAll, edge.perRequest);
    if (edge.critical) okCritical *= okCall;
    else okOptional *= okCall;
    E.attemptFail[ei] = p;
    const attempts = E.attempts[ei] ?? 0;
    const failures = attempts * p;
    const timeouts = attempts * (1 - pre) * pTimeout;
    E.failures[ei] = failures;
    E.timeouts[ei] = timeouts;
    addEdge(sc.cur, ei, attempts, failures, timeouts, E.retries[ei] ?? 0, E.preFailKind[ei] ?? 0);
    // Connection pool: in use by Little's law; beyond capacity, requests wait for a connection.
    if (edge.pool > 0) {
      const leaked = Math.min(leakedConnections(state, i), poolCapacity(model, state, fx, ei, e, ready));
      const free = poolCapacity(model, state, fx, ei, e, ready) - leaked;
      const demand = (attempts * reachCost) / 1000;
      E.poolInUse[ei] = Math.min(demand, free) + leaked;
      // Attempts beyond the free connections wait for one until their timeout, then fail.
      const starved = demand > 0 ? Math.max(0, demand - free) / demand : free <= 0 && attempts > 0 ? 1 : 0;
      E.poolStarved[ei] = starved;
      E.poolPending[ei] = (attempts * starved * tau) / 1000;
    }
    if (edge.critical) depFail = 1 - (1 - depFail) * (1 - (1 - okCall));
  }

  // Pool leak: connections lost per replica per minute until a restart.
  for (const e of model.outEdges[svc] ?? []) {
    const rate = fx.poolLeakPerMin[env * nE + e] ?? 0;
    if (rate > 0) for (const p of state.pods[i] ?? []) p.leakedConns += rate / 60;
  }

  const servers = sc.servers[i] ?? 0;
  const rate = (sc.expServed[i] ?? 0) / 1000;
  const w = steadyWait(Math.max(1, Math.floor(servers)), rate, mean, variance);
  I.svcMeanMs[i] = mean;
  I.svcVarMs2[i] = variance;
  I.distWaitProb[i] = servers >= 1 ? w.waitProb : 0;
  I.distWaitMeanMs[i] = w.waitMeanMs;
  if (def.consumes) {
    const q = env * model.nSvc + (model.svcIndex.get(def.consumes) ?? 0);
    const pulled = sc.pulled[i] ?? 0;
    I.consumeRate[i] = pulled;
    const depth = I.queueDepth[q] ?? 0;
    // Age of the oldest message: the time to drain the backlog at the current pace; when nothing
    // is consumed, the backlog simply gets a second older.
    I.distDelayMs[i] = depth <= 0 ? 0 : pulled > 0 ? (depth / pulled) * 1000 : (I.distDelayMs[i] ?? 0) + 1000;
  }

  const errRatio = fx.errRatio[i] ?? 0;
  const outage = fx.outage[i] ?? 0;
  const pOwn = 1 - (1 - errRatio) * (1 - outage);
  const pFail = 1 - (1 - pOwn) * okCritical;
  const failedServed = binomial(streams.outcome, served, pFail);
  const failedOwn = pFail > 0 ? Math.round((failedServed * pOwn) / pFail) : 0;
  const ok = served - failedServed;
  const degraded = okOptional < 1 ? binomial(streams.outcome, ok, 1 - okOptional) : 0;
  const rejected = sc.rejected[i] ?? 0;
  const expired = sc.expired[i] ?? 0;
  const unavailable = sc.unavailable[i] ?? 0;
  const shed = sc.shed[i] ?? 0;
  const limited = sc.limited[i] ?? 0;
  const failed = failedServed + rejected + expired + unavailable + shed + limited;
  const handled = served + rejected + expired + unavailable + shed + limited;

  I.ok[i] = (I.ok[i] ?? 0) + ok;
  I.failed[i] = (I.failed[i] ?? 0) + failed;
  I.failedOwn[i] = (I.failedOwn[i] ?? 0) + failedOwn;
  I.failedDep[i] = (I.failedDep[i] ?? 0) + (failedServed - failedOwn);
  I.failedTimeout[i] = (I.failedTimeout[i] ?? 0) + expired;
  I.failedReject[i] = (I.failedReject[i] ?? 0) + rejected;
  I.failedUnavailable[i] = (I.failedUnavailable[i] ?? 0) + unavailable;
  I.failedShed[i] = (I.failedShed[i] ?? 0) + shed;
  I.failedRateLimit[i] = (I.failedRateLimit[i] ?? 0) + limited;
  I.degraded[i] = (I.degraded[i] ?? 0) + degraded;
  I.handled[i] = handled;
  sc.fastFrac[i] = handled > 0 ? (rejected + unavailable + shed + limited) / handled : 0;
  I.failFrac[i] = handled > 0 ? failed / handled : outage >= 1 || ready <= 0 ? 1 : pFail;

  const d = distOf(state, i, dist);
  const latMean = meanOf(d);
  const fast = unavailable + shed + limited + rejected;
  // Requests dropped at their deadline waited that long (only callers with a deadline drop any).
  const deadlineMs = I.callerTimeoutMs[i] ?? 0;
  I.latencySumMs[i] = (I.latencySumMs[i] ?? 0) + served * latMean + fast * FAST_FAIL_MS + (expired > 0 && Number.isFinite(deadlineMs) ? expired * deadlineMs : 0);

  resources(model, state, sc, i, svc, served, ready, own, depFail);
  accumulate(model, state, rec, sc, i, served, ok, failed, shed + limited, fast, d, {
    failedOwn, failedDep: failedServed - failedOwn, expired, rejected, unavailable, shed, limited, degraded, received: sc.arrivals[i] ?? 0,
  });
}

function meanOfInst(state: SimState, i: number): number {
  return meanOf(distOf(state, i, dist));
}

function leakedConnections(state: SimState, i: number): number {
  let n = 0;
  for (const p of state.pods[i] ?? []) if (p.phase === 0) n += p.leakedConns;
  return n;
}

function resources(model: Model, state: SimState, sc: TickScratch, i: number, svc: number, served: number, ready: number, own: number, _depFail: number): void {
  const I = state.inst;
  const fx = sc.fx;
  const def = model.services[svc];
  if (!def) return;
  // CPU: own service time spends a type-dependent share on CPU; a hot loop steals the rest.
  const cores = Math.max(0.001, (I.cpuCores[i] ?? 1) * Math.max(1, ready));
  const share = model.cpuShare[i] ?? 0.5;
  const baseOwn = (model.serviceTimeMs[i] ?? 1) * (fx.latMult[i] ?? 1) * (fx.consumerSlow[i] ?? 1);
  // Judged on the expected rate: per-second Poisson wobble is already in the queueing delay.
  const rate = Math.min(served, sc.expServed[i] ?? served);
  const demand = (rate * baseOwn * share) / 1000 / cores + (fx.cpuStolen[i] ?? 0);
  // Runtimes idle at a few percent of a core (GC, health checks, metrics scraping).
  I.cpuUtil[i] = ready > 0 ? Math.min(1, demand + IDLE_CORES / Math.max(0.001, I.cpuCores[i] ?? 1)) : 0;
  // Above the limit the CFS quota stretches the CPU part of each request.
  I.cpuMult[i] = demand > 1 ? 1 - share + share * demand : 1 - share + share / (1 - Math.min(0.99, fx.cpuStolen[i] ?? 0));
  if (own <= 0) I.cpuMult[i] = 1;
  // Disk fills only from faults (debug logging, runaway writers): normal logs rotate.
  const fill = fx.diskFillMbPerMin[i] ?? 0;
  if (fill > 0) {
    const size = def.disk.sizeGb * 1024 * MB;
    I.diskUsedBytes[i] = Math.min(size, (I.diskUsedBytes[i] ?? 0) + (fill * MB) / 60);
  }
  // Cache: drops at once under a fault, warms back over minutes.
  if (def.type === 'cache') {
    const base = def.hitRatio ?? 0.95;
    const cap = fx.hitRatioCap[i] ?? -1;
    const h = I.hitRatio[i] ?? base;
    const tauSec = I.cacheWarmTauSec[i] ?? 0;
    if (cap >= 0) I.hitRatio[i] = Math.min(h, cap);
    else if (h < base) I.hitRatio[i] = Math.min(base, h + (base - h) / (tauSec > 0 ? tauSec : DEFAULT_WARM_TAU_SEC) + 0.0005);
  }
}

// ---------------------------------------------------------------------------------------------
// Recording: per-tick accumulation into the current scrape row, finalised at the scrape.

interface Reasons {
  failedOwn: number;
  failedDep: number;
  expired: number;
  rejected: number;
  unavailable: number;
  shed: number;
  limited: number;
  degraded: number;
  received: number;
}

function addEdge(v: RowViews, ei: number, attempts: number, failures: number, timeouts: number, retries: number, kind: number): void {
  const k = v.edgeBase + ei;
  const E = v.E;
  E.attempts[k] = (E.attempts[k] ?? 0) + attempts;
  E.failures[k] = (E.failures[k] ?? 0) + failures;
  E.timeouts[k] = (E.timeouts[k] ?? 0) + timeouts;
  E.retries[k] = (E.retries[k] ?? 0) + retries;
  if (kind !== 0) E.preFailKind[k] = kind;
}

function accumulate(
  model: Model,
  state: SimState,
  rec: Recorder,
  sc: TickScratch,
  i: number,
  served: number,
  ok: number,
  failed: number,
  fourxx: number,
  fast: number,
  d: LatencyDist,
  why: Reasons,
): void {
  const row = Math.floor(state.nowSec / SCRAPE_SEC);
  if (row >= rec.nScrapes) return;
  const k = sc.cur.base + i;
  const M = sc.cur.M;
  const S = sc.cur.S;
  M.http_server_requests_2xx_total[k] = (M.http_server_requests_2xx_total[k] ?? 0) + ok;
  M.http_server_requests_4xx_total[k] = (M.http_server_requests_4xx_total[k] ?? 0) + fourxx;
  M.http_server_requests_5xx_total[k] = (M.http_server_requests_5xx_total[k] ?? 0) + failed - fourxx;
  S.received[k] = (S.received[k] ?? 0) + why.received;
  S.served[k] = (S.served[k] ?? 0) + served;
  S.failedOwn[k] = (S.failedOwn[k] ?? 0) + why.failedOwn;
  S.failedDep[k] = (S.failedDep[k] ?? 0) + why.failedDep;
  S.failedTimeout[k] = (S.failedTimeout[k] ?? 0) + why.expired;
  S.failedReject[k] = (S.failedReject[k] ?? 0) + why.rejected;
  S.failedUnavailable[k] = (S.failedUnavailable[k] ?? 0) + why.unavailable;
  S.failedShed[k] = (S.failedShed[k] ?? 0) + why.shed;
  S.failedRateLimit[k] = (S.failedRateLimit[k] ?? 0) + why.limited;
  S.degraded[k] = (S.degraded[k] ?? 0) + why.degraded;
  // Latency parameters, weighted by the requests that saw them; normalised at the scrape.
  const wgt = served;
  S.distDelayMs[k] = (S.distDelayMs[k] ?? 0) + d.delayMs * wgt;
  S.distWaitProb[k] = (S.distWaitProb[k] ?? 0) + d.waitProb * wgt;
  S.distWaitMeanMs[k] = (S.distWaitMeanMs[k] ?? 0) + d.waitMeanMs * wgt;
  S.distSvcMeanMs[k] = (S.distSvcMeanMs[k] ?? 0) + d.serviceMeanMs * wgt;
  S.distSvcVarMs2[k] = (S.distSvcVarMs2[k] ?? 0) + d.serviceVarMs2 * wgt;
  S.fastFailRatio[k] = (S.fastFailRatio[k] ?? 0) + fast;
  S.latencySumMs[k] = (S.latencySumMs[k] ?? 0) + served * meanOf(d);

  // SLO events: availability counts every handled request. Latency counts successful requests
  // only (failures already burn the availability budget), good when faster than the threshold.
  for (const s of model.slosByInst[i] ?? []) {
    const slo = model.scenario.slos[s];
    if (!slo) continue;
    let total = ok + failed;
    let good = ok;
    if (slo.indicator === 'latency') {
      total = ok;
      const exact = ok * cdf(d, slo.thresholdMs ?? Infinity) + (sc.sloCarry[s] ?? 0);
      good = Math.floor(exact);
      sc.sloCarry[s] = exact - good;
    }
    const g = rec.sloGood[s];
    const tt = rec.sloTotal[s];
    if (g && tt) {
      g[row] = (g[row] ?? 0) + good;
      tt[row] = (tt[row] ?? 0) + total;
    }
  }
}

const scrapeDist: LatencyDist = { delayMs: 0, waitProb: 0, waitMeanMs: 0, serviceMeanMs: 0, serviceVarMs2: 0 };

function quantileWithFast(d: LatencyDist, fastShare: number, q: number): number {
  if (fastShare >= q) return FAST_FAIL_MS;
  if (fastShare <= 0) return quantile(d, q);
  return quantile(d, (q - fastShare) / (1 - fastShare));
}

function scrape(model: Model, state: SimState, rec: Recorder, sc: TickScratch, row: number): void {
  if (row >= rec.nScrapes) return;
  const I = state.inst;
  const M = sc.cur.M;
  const S = sc.cur.S;
  const E = state.edge;
  const nE = model.edges.length;
  for (let i = 0; i < model.nInst; i++) {
    const k = sc.cur.base + i;
    const svc = i % model.nSvc;
    const env = Math.floor(i / model.nSvc);
    const def = model.services[svc];
    const wsum = S.served[k] ?? 0;
    const fast = S.fastFailRatio[k] ?? 0;
    if (wsum > 0) {
      for (const key of ['distDelayMs', 'distWaitProb', 'distWaitMeanMs', 'distSvcMeanMs', 'distSvcVarMs2'] as const) {
        S[key][k] = (S[key][k] ?? 0) / wsum;
      }
    } else {
      S.distDelayMs[k] = I.distDelayMs[i] ?? 0;
      S.distWaitProb[k] = 0;
      S.distWaitMeanMs[k] = 0;
      S.distSvcMeanMs[k] = I.svcMeanMs[i] ?? 0;
      S.distSvcVarMs2[k] = I.svcVarMs2[i] ?? 0;
    }
    const all = wsum + fast;
    const fastShare = all > 0 ? fast / all : 0;
    S.fastFailRatio[k] = fastShare;
    scrapeDist.delayMs = S.distDelayMs[k] ?? 0;
    scrapeDist.waitProb = S.distWaitProb[k] ?? 0;
    scrapeDist.waitMeanMs = S.distWaitMeanMs[k] ?? 0;
    scrapeDist.serviceMeanMs = S.distSvcMeanMs[k] ?? 0;
    scrapeDist.serviceVarMs2 = S.distSvcVarMs2[k] ?? 0;
    if (all > 0) {
      M.http_server_request_duration_seconds_p50[k] = quantileWithFast(scrapeDist, fastShare, 0.5) / 1000;
      M.http_server_request_duration_seconds_p95[k] = quantileWithFast(scrapeDist, fastShare, 0.95) / 1000;
      M.http_server_request_duration_seconds_p99[k] = quantileWithFast(scrapeDist, fastShare, 0.99) / 1000;
    }
    const served1s = (I.served[i] ?? 0);
    const svcMean = I.svcMeanMs[i] ?? 0;
    M.http_server_active_requests[k] = (served1s * svcMean) / 1000;
    const lq = (I.distWaitProb[i] ?? 0) * (I.distWaitMeanMs[i] ?? 0) * ((sc.expServed[i] ?? 0) / 1000);
    M.http_server_queued_requests[k] = (I.backlog[i] ?? 0) + lq;
    const util = I.cpuUtil[i] ?? 0;
    M.container_cpu_usage_ratio[k] = util;
    M.container_cpu_cfs_throttled_ratio[k] = util >= 0.999 ? Math.min(1, (I.cpuMult[i] ?? 1) - 1) : util > 0.9 ? (util - 0.9) * 2 : 0;
    const loadMb = Math.min(64, ((served1s * svcMean) / 1000 / Math.max(1, sc.ready[i] ?? 1)) * 0.5);
    M.process_resident_memory_bytes[k] = maxPodMemoryBytes(model, state, i, loadMb);
    M.container_memory_limit_bytes[k] = (I.memLimitMb[i] ?? 0) * MB;
    M.kube_pod_container_status_restarts_total[k] = I.restarts[i] ?? 0;
    M.kube_deployment_status_replicas_ready[k] = sc.ready[i] ?? 0;
    let use = 0;
    let max = 0;
    let pend = 0;
    let attempts = 0;
    let failures = 0;
    let retries = 0;
    for (const e of model.outEdges[svc] ?? []) {
      const ei = env * nE + e;
      const edge = model.edges[e];
      const ek = sc.cur.edgeBase + ei;
      attempts += sc.cur.E.attempts[ek] ?? 0;
      failures += sc.cur.E.failures[ek] ?? 0;
      retries += sc.cur.E.retries[ek] ?? 0;
      if (edge && edge.pool > 0) {
        use += E.poolInUse[ei] ?? 0;
        pend += E.poolPending[ei] ?? 0;
        max += poolCapacity(model, state, sc.fx, ei, e, sc.ready[i] ?? 0);
      }
    }
    M.db_client_connections_usage[k] = use;
    M.db_client_connections_max[k] = max;
    M.db_client_connections_pending_requests[k] = pend;
    M.http_client_requests_total[k] = attempts;
    M.http_client_errors_total[k] = failures;
    M.http_client_retries_total[k] = retries;
    M.container_fs_usage_bytes[k] = I.diskUsedBytes[i] ?? 0;
    M.container_fs_limit_bytes[k] = (def?.disk.sizeGb ?? 0) * 1024 * MB;
    M.queue_depth_messages[k] = def?.type === 'queue' ? (I.queueDepth[i] ?? 0) : 0;
    M.consumer_lag_seconds[k] = def?.consumes ? (I.distDelayMs[i] ?? 0) / 1000 : 0;
    M.cache_hit_ratio[k] = def?.type === 'cache' ? (I.hitRatio[i] ?? 0) : 0;
  }
  rec.written = row + 1;
}
