// Turns the faults standing at this tick into per-instance and per-edge effect values that the
// tick loop reads. Pure with respect to its inputs: reads model + state, writes only `fx`.
// A fault `causedBy` a deploy or config change acts on the share of ready replicas whose
// revision includes that change, so rollouts and rollbacks ramp its effect up and down.

import type { Model } from './model.ts';
import { PHASE_READY, type SimState } from './state.ts';

export interface Effects {
  errRatio: Float64Array;
  latAddMs: Float64Array;
  latMult: Float64Array;
  outage: Float64Array;
  /** The service accepts requests but makes no progress (GC pause, failover): queues build. */
  stall: Float64Array;
  leakMbPerMin: Float64Array;
  cpuStolen: Float64Array;
  dnsFail: Float64Array;
  certExpired: Float64Array;
  rateLimitRps: Float64Array;
  consumerSlow: Float64Array;
  diskFillMbPerMin: Float64Array;
  hitRatioCap: Float64Array;
  spikeMult: Float64Array;
  stormRetries: Float64Array;
  /** Per instance: bitmask of zones whose pods are unreachable. */
  zoneDown: Int32Array;
  depAddMs: Float64Array;
  poolSizeOverride: Float64Array;
  poolLeakPerMin: Float64Array;
  /** Per fault: its intensity this tick (0 = not acting). */
  intensity: Float64Array;
  /** Per edge instance: 1 while a kill-switch flag stops these calls. */
  callOff: Uint8Array;
  /** Per instance: 1 while a flag turns its retries off. */
  retriesOff: Uint8Array;
}

export function createEffects(model: Model): Effects {
  const n = model.nInst;
  const ne = model.edges.length * model.nEnv;
  return {
    errRatio: new Float64Array(n),
    latAddMs: new Float64Array(n),
    latMult: new Float64Array(n),
    outage: new Float64Array(n),
    stall: new Float64Array(n),
    leakMbPerMin: new Float64Array(n),
    cpuStolen: new Float64Array(n),
    dnsFail: new Float64Array(n),
    certExpired: new Float64Array(n),
    rateLimitRps: new Float64Array(n),
    consumerSlow: new Float64Array(n),
    diskFillMbPerMin: new Float64Array(n),
    hitRatioCap: new Float64Array(n),
    spikeMult: new Float64Array(n),
    stormRetries: new Float64Array(n),
    zoneDown: new Int32Array(n),
    depAddMs: new Float64Array(ne),
    poolSizeOverride: new Float64Array(ne),
    poolLeakPerMin: new Float64Array(ne),
    intensity: new Float64Array(model.faults.length),
    callOff: new Uint8Array(ne),
    retriesOff: new Uint8Array(n),
  };
}

function reset(fx: Effects): void {
  fx.errRatio.fill(0);
  fx.latAddMs.fill(0);
  fx.latMult.fill(1);
  fx.outage.fill(0);
  fx.stall.fill(0);
  fx.leakMbPerMin.fill(0);
  fx.cpuStolen.fill(0);
  fx.dnsFail.fill(0);
  fx.certExpired.fill(0);
  fx.rateLimitRps.fill(Infinity);
  fx.consumerSlow.fill(1);
  fx.diskFillMbPerMin.fill(0);
  fx.hitRatioCap.fill(-1);
  fx.spikeMult.fill(1);
  fx.stormRetries.fill(0);
  fx.zoneDown.fill(0);
  fx.depAddMs.fill(0);
  fx.poolSizeOverride.fill(-1);
  fx.poolLeakPerMin.fill(0);
  fx.intensity.fill(0);
}

/** Share of ready pods of `inst` whose revision includes change `c` (0 when none are ready). */
export function shareWithChange(state: SimState, inst: number, c: number): number {
  const pods = state.pods[inst] ?? [];
  const revs = state.revisions[inst] ?? [];
  let ready = 0;
  let with_ = 0;
  for (const p of pods) {
    if (p.phase !== PHASE_READY) continue;
    ready += 1;
    if ((revs[p.rev] ?? []).includes(c)) with_ += 1;
  }
  if (ready === 0) {
    // Nothing serves; report whether the intended revision carries the change.
    return (revs[state.targetRev[inst] ?? 0] ?? []).includes(c) ? 1 : 0;
  }
  return with_ / ready;
}

/** How strongly fault `fi` acts now: 0..1 (a share of replicas when a rollout is under way). */
export function faultIntensity(model: Model, state: SimState, fi: number): number {
  const f = model.faults[fi];
  if (!f) return 0;
  const t = state.nowSec;
  if (t < f.start) return 0;
  if (f.duration !== undefined && t >= f.start + f.duration) return 0;
  if (t >= (state.faultEndedAtSec[fi] ?? Infinity)) return 0;
  if (!f.causedBy) return 1;
  const c = model.changeIndex.get(f.causedBy);
  const change = c === undefined ? undefined : model.scenario.changes[c];
  if (c === undefined || !change) return 1;
  if (t < change.at) return 0;
  if (change.type === 'flag') {
    const fl = change.flag === undefined ? undefined : model.flagIndex.get(change.flag);
    if (fl === undefined) return 1;
    return (state.flags[fl] ?? 0) === (change.value ? 1 : 0) ? 1 : 0;
  }
  if (change.type === 'deploy' || change.type === 'config') {
    const svc = change.service === undefined ? undefined : model.svcIndex.get(change.service);
    const env = model.envIndex.get(change.env);
    if (svc === undefined || env === undefined) return 1;
    // The change lives in the pods of the changed service; the fault may show elsewhere.
    return shareWithChange(state, env * model.nSvc + svc, c);
  }
  return 1; // infra changes: reverted by ending the fault (revertConfig on the change)
}

/** Reads last tick's arrival rates (state.inst.expRateIn), so call it before they are reset. */
export function computeEffects(model: Model, state: SimState, fx: Effects): void {
  reset(fx);
  const nSvc = model.nSvc;
  model.faults.forEach((f, fi) => {
    const env = model.envIndex.get(f.env);
    if (env === undefined) return;
    const targets: number[] = [];
    if (f.target === '*') for (let s = 0; s < nSvc; s++) targets.push(env * nSvc + s);
    else {
      const s = model.svcIndex.get(f.target);
      if (s === undefined) return;
      targets.push(env * nSvc + s);
    }
    const first = targets[0];
    if (first === undefined) return;
    const k = faultIntensity(model, state, fi);
    fx.intensity[fi] = k;
    if (k <= 0) return;
    for (const i of targets) applyFault(model, state, fx, f, i, env, k);
  });
}

function edgeInstance(model: Model, env: number, from: number, to: number): number {
  const out = model.outEdges[from] ?? [];
  for (const e of out) if (model.edges[e]?.to === to) return env * model.edges.length + e;
  return -1;
}

function applyFault(
  model: Model,
  state: SimState,
  fx: Effects,
  f: Model['faults'][number],
  i: number,
  env: number,
  k: number,
): void {
  const svc = i - env * model.nSvc;
  switch (f.type) {
    case 'errorRate': {
      // A load-dependent bug fails only the share of traffic beyond its threshold (last second's rate).
      const above = f.params.aboveRps;
      const rate = state.inst.expRateIn[i] ?? 0;
      const share = above === undefined ? 1 : rate > above ? 1 - above / rate : 0;
      fx.errRatio[i] = 1 - (1 - (fx.errRatio[i] ?? 0)) * (1 - f.params.ratio * k * share);
      break;
    }
    case 'badFeatureFlag':
      fx.errRatio[i] = 1 - (1 - (fx.errRatio[i] ?? 0)) * (1 - f.params.errorRatio * k);
      fx.latAddMs[i] = (fx.latAddMs[i] ?? 0) + f.params.addMs * k;
      break;
    case 'latency':
      fx.latAddMs[i] = (fx.latAddMs[i] ?? 0) + f.params.addMs * k;
      fx.latMult[i] = (fx.latMult[i] ?? 1) * (1 + (f.params.multiplier - 1) * k);
      break;
    case 'outage':
      fx.outage[i] = Math.max(fx.outage[i] ?? 0, k);
      break;
    case 'memoryLeak':
      fx.leakMbPerMin[i] = (fx.leakMbPerMin[i] ?? 0) + f.params.mbPerMinute * k;
      break;
    case 'cpuSaturation':
      fx.cpuStolen[i] = Math.min(0.99, (fx.cpuStolen[i] ?? 0) + f.params.ratio * k);
      break;
    case 'dependencyLatency': {
      const d = model.svcIndex.get(f.params.dependency);
      const e = d === undefined ? -1 : edgeInstance(model, env, svc, d);
      if (e >= 0) fx.depAddMs[e] = (fx.depAddMs[e] ?? 0) + f.params.addMs * k;
      break;
    }
    case 'connectionPoolExhaustion': {
      const d = model.svcIndex.get(f.params.dependency);
      const e = d === undefined ? -1 : edgeInstance(model, env, svc, d);
      if (e < 0) break;
      if (f.params.poolSize !== undefined && k >= 0.5) fx.poolSizeOverride[e] = f.params.poolSize;
      fx.poolLeakPerMin[e] = (fx.poolLeakPerMin[e] ?? 0) + f.params.leakPerMinute * k;
      break;
    }
    case 'trafficSpike':
      fx.spikeMult[i] = (fx.spikeMult[i] ?? 1) * (1 + (f.params.multiplier - 1) * k);
      break;
    case 'retryStorm':
      // A short stall starts it (requests queue past their callers' timeouts); the callers'
      // retries, forced up to `retries`, keep the queue too long for anything to succeed.
      fx.stormRetries[i] = Math.max(fx.stormRetries[i] ?? 0, f.params.retries);
      if (state.nowSec < f.start + f.params.blipSec) fx.stall[i] = Math.max(fx.stall[i] ?? 0, k);
      break;
    case 'cacheFailure':
      fx.hitRatioCap[i] = f.params.hitRatio;
      // Warming afterwards takes warmupMinutes to get ~95% of the way back (three time constants).
      state.inst.cacheWarmTauSec[i] = Math.max(1, (f.params.warmupMinutes * 60) / 3);
      break;
    case 'certificateExpiry':
      fx.certExpired[i] = 1;
      break;
    case 'diskFull':
      fx.diskFillMbPerMin[i] = (fx.diskFillMbPerMin[i] ?? 0) + f.params.mbPerMinute * k;
      break;
    case 'queueConsumerSlowdown':
      fx.consumerSlow[i] = (fx.consumerSlow[i] ?? 1) * (1 + (f.params.factor - 1) * k);
      break;
    case 'zoneOutage': {
      const z = state.zoneNames.indexOf(f.params.zone);
      if (z >= 0) fx.zoneDown[i] = (fx.zoneDown[i] ?? 0) | (1 << z);
      break;
    }
    case 'dnsFailure':
      fx.dnsFail[i] = Math.max(fx.dnsFail[i] ?? 0, f.params.ratio * k);
      break;
    case 'rateLimited':
      fx.rateLimitRps[i] = Math.min(fx.rateLimitRps[i] ?? Infinity, f.params.limitRps);
      break;
    case 'podCrash':
      break; // one-shot: handled by the pod lifecycle when the fault starts
  }
}
