// Pod lifecycle, Kubernetes-like: pods start, become ready after `startupSec`, warm up, get
// OOM-killed above their memory limit, crash when their disk is full, restart with crash-loop
// back-off (0 s, then 10 s doubling to 5 min, reset after 10 min of running), and are replaced
// one by one by rolling updates. Writes only SimState.pods / counters of the instance it is given.

import { versionOf, type Model } from './model.ts';
import type { Effects } from './effects.ts';
import { PHASE_CRASHED, PHASE_READY, PHASE_STARTING, type Pod, type PodLife, type PodRecord, type SimState } from './state.ts';
import { hash32 } from '../random/rng.ts';
import { hashWords } from '../random/hash.ts';

const BACKOFF_FIRST_SEC = 10;
const BACKOFF_MAX_SEC = 300;
const BACKOFF_RESET_SEC = 600;
const MB = 1024 * 1024;

export type PodCrashReason = 'OOMKilled' | 'DiskFull' | 'Killed';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes-style pod name suffix from a pod id (stable, 5 characters). */
export function podSuffix(podId: number): string {
  let h = Math.imul(podId ^ 0x2545f491, 0x9e3779b1) >>> 0;
  let out = '';
  for (let k = 0; k < 5; k++) {
    out += NAME_ALPHABET[h % NAME_ALPHABET.length];
    h = Math.floor(h / NAME_ALPHABET.length) + k * 7919;
  }
  return out;
}

/** Kubernetes' pod-template-hash: 10 characters, changing with every rollout. */
export function templateHash(svc: string, env: string, epoch: number): string {
  let h = hashWords(hash32(svc), hash32(env), epoch);
  let out = '';
  for (let k = 0; k < 10; k++) {
    out += NAME_ALPHABET[h % NAME_ALPHABET.length];
    h = hashWords(h, k);
  }
  return out;
}

/** The history record of pod `id` of `inst` (pods are few per instance; newest first). */
export function podRecord(state: SimState, inst: number, id: number): PodRecord | undefined {
  const log = state.podLog[inst] ?? [];
  for (let k = log.length - 1; k >= 0; k--) if (log[k]?.id === id) return log[k];
  return undefined;
}

function currentLife(r: PodRecord): PodLife {
  return r.lives[r.lives.length - 1] as PodLife;
}

/** Copies a pod's placement and current start/ready times into its history record. */
export function syncRecord(state: SimState, inst: number, pod: Pod): void {
  const r = podRecord(state, inst, pod.id);
  if (!r) return;
  r.zone = pod.zone;
  const life = currentLife(r);
  life.startedAt = pod.startedAtSec;
  life.readyAt = pod.readyAtSec;
}

/** Marks a pod for removal at `atSec`, in the live state and in its history. */
function retire(state: SimState, inst: number, pod: Pod, atSec: number): void {
  pod.retireAtSec = atSec;
  const r = podRecord(state, inst, pod.id);
  if (r) r.goneAt = Math.min(r.goneAt, atSec);
}

export interface PodCrash {
  inst: number;
  podId: number;
  reason: PodCrashReason;
}

/** Zone for a new pod of `inst`: the allowed zone with the fewest pods (drained zones avoided). */
export function pickZone(model: Model, state: SimState, inst: number): number {
  const env = Math.floor(inst / model.nSvc);
  const svc = model.services[inst - env * model.nSvc];
  const drained = state.drainedZones[env] ?? 0;
  const zones = (svc?.zones ?? ['a']).map((z) => state.zoneNames.indexOf(z));
  const usable = zones.filter((z) => z >= 0 && (drained & (1 << z)) === 0);
  const pool = usable.length > 0 ? usable : zones;
  let best = pool[0] ?? 0;
  let bestCount = Infinity;
  for (const z of pool) {
    let n = 0;
    for (const p of state.pods[inst] ?? []) if (p.zone === z && p.retireAtSec < 0) n += 1;
    if (n < bestCount) {
      bestCount = n;
      best = z;
    }
  }
  return best;
}

export function newPod(model: Model, state: SimState, inst: number, rev: number, readyAtSec: number): Pod {
  const pod: Pod = {
    id: state.nextPodId++,
    zone: pickZone(model, state, inst),
    phase: readyAtSec <= state.nowSec ? PHASE_READY : PHASE_STARTING,
    readyAtSec,
    startedAtSec: state.nowSec,
    rev,
    restarts: 0,
    backoffSec: 0,
    retireAtSec: -1,
    leakMb: 0,
    leakedConns: 0,
    dnsCached: 1,
    crashedAtSec: -1,
  };
  state.pods[inst]?.push(pod);
  const svc = inst % model.nSvc;
  const svcId = model.svcIds[svc] ?? 'app';
  const env = model.envIds[Math.floor(inst / model.nSvc)] ?? 'prod';
  state.podLog[inst]?.push({
    id: pod.id,
    inst,
    name: `${svcId}-${templateHash(svcId, env, state.rolloutEpoch[inst] ?? 0)}-${podSuffix(pod.id)}`,
    zone: pod.zone,
    version: versionOf(model, state.revisions[inst]?.[rev] ?? [], svc),
    createdAt: state.nowSec,
    goneAt: Infinity,
    lives: [{ startedAt: pod.startedAtSec, readyAt: readyAtSec, endAt: Infinity, backoffBefore: 0 }],
  });
  return pod;
}

/** Pods leak at slightly different speeds (their traffic mix differs), so OOM kills stagger. */
function leakJitter(podId: number): number {
  const h = Math.imul(podId ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return 0.8 + 0.4 * (h / 0x1_0000_0000);
}

/** Startup seconds for `inst`. */
export function startupSec(model: Model, inst: number): number {
  return model.services[inst % model.nSvc]?.startupSec ?? 30;
}

function crash(model: Model, state: SimState, inst: number, pod: Pod, reason: PodCrashReason, out: PodCrash[]): void {
  const now = state.nowSec;
  if (now - pod.startedAtSec >= BACKOFF_RESET_SEC) pod.backoffSec = 0;
  const delay = pod.backoffSec;
  pod.backoffSec = pod.backoffSec === 0 ? BACKOFF_FIRST_SEC : Math.min(BACKOFF_MAX_SEC, pod.backoffSec * 2);
  pod.phase = delay > 0 ? PHASE_CRASHED : PHASE_STARTING;
  pod.readyAtSec = now + delay + startupSec(model, inst);
  pod.startedAtSec = now + delay;
  pod.restarts += 1;
  pod.crashedAtSec = now;
  pod.leakMb = 0;
  pod.leakedConns = 0;
  pod.dnsCached = 0;
  state.inst.restarts[inst] = (state.inst.restarts[inst] ?? 0) + 1;
  const r = podRecord(state, inst, pod.id);
  if (r) {
    const life = currentLife(r);
    life.endAt = now;
    life.endReason = reason;
    r.lives.push({ startedAt: pod.startedAtSec, readyAt: pod.readyAtSec, endAt: Infinity, backoffBefore: delay });
  }
  out.push({ inst, podId: pod.id, reason });
}

/**
 * Advances the pods of one instance by one tick. Returns the capacity in servers
 * (concurrency x warm-up factor summed over ready, reachable pods) and the ready count.
 */
/**
 * A heap close to its limit spends more and more time collecting garbage: requests slow down
 * before the OOM kill (x1 below 85% of the limit, rising to x5 at the limit).
 */
export function gcSlowdown(memoryRatio: number): number {
  if (memoryRatio <= 0.85) return 1;
  const x = Math.min(1, (memoryRatio - 0.85) / 0.15);
  return 1 + 4 * x * x;
}

/** Seconds a crashed pod's endpoint keeps receiving traffic before it is removed. */
export const STALE_ENDPOINT_SEC = 5;

export function stepPods(
  model: Model,
  state: SimState,
  fx: Effects,
  inst: number,
  crashes: PodCrash[],
): { servers: number; ready: number; stale: number; gcMult: number } {
  const now = state.nowSec;
  const pods = state.pods[inst];
  if (!pods) return { servers: 0, ready: 0, stale: 0, gcMult: 1 };
  const svcDef = model.services[inst % model.nSvc];
  const startup = startupSec(model, inst);
  const conc = model.concurrency[inst] ?? 1;
  const limitMb = state.inst.memLimitMb[inst] ?? 512;
  const baseMb = svcDef?.memory.baselineMb ?? 256;
  const leakPerSec = (fx.leakMbPerMin[inst] ?? 0) / 60;
  const diskFull = (state.inst.diskUsedBytes[inst] ?? 0) >= (svcDef?.disk.sizeGb ?? 20) * 1024 * MB;
  const down = fx.zoneDown[inst] ?? 0;

  // Retire pods whose replacement is ready (rolling updates, drains).
  let w = 0;
  for (let r = 0; r < pods.length; r++) {
    const p = pods[r] as Pod;
    if (p.retireAtSec >= 0 && p.retireAtSec <= now) continue;
    pods[w++] = p;
  }
  if (w !== pods.length) pods.length = w;

  let servers = 0;
  let ready = 0;
  let stale = 0;
  let gcSum = 0;
  for (const p of pods) {
    if (p.phase === PHASE_CRASHED && now >= p.startedAtSec) p.phase = PHASE_STARTING;
    if (p.phase === PHASE_STARTING && now >= p.readyAtSec) {
      if (diskFull) {
        crash(model, state, inst, p, 'DiskFull', crashes);
        continue;
      }
      p.phase = PHASE_READY;
    }
    if (p.phase !== PHASE_READY) {
      if (p.crashedAtSec >= 0 && now - p.crashedAtSec < STALE_ENDPOINT_SEC) stale += 1;
      continue;
    }
    if (leakPerSec > 0) p.leakMb += leakPerSec * leakJitter(p.id);
    if (baseMb + p.leakMb > limitMb) {
      crash(model, state, inst, p, 'OOMKilled', crashes);
      continue;
    }
    if (diskFull) {
      crash(model, state, inst, p, 'DiskFull', crashes);
      continue;
    }
    if ((down & (1 << p.zone)) !== 0) continue;
    ready += 1;
    gcSum += gcSlowdown((baseMb + p.leakMb) / limitMb);
    const age = now - p.readyAtSec;
    const warm = age >= startup ? 1 : 0.5 + (0.5 * age) / startup; // cold caches and JIT
    servers += conc * warm;
  }
  return { servers, ready, stale, gcMult: ready > 0 ? gcSum / ready : 1 };
}

/** Kills up to `count` ready pods (podCrash fault). */
export function killPods(model: Model, state: SimState, inst: number, count: number, crashes: PodCrash[]): void {
  let left = count;
  for (const p of state.pods[inst] ?? []) {
    if (left <= 0) break;
    if (p.phase !== PHASE_READY) continue;
    crash(model, state, inst, p, 'Killed', crashes);
    left -= 1;
  }
}

/** Memory of the fullest pod, bytes (what a per-pod working-set panel shows at its top). */
export function maxPodMemoryBytes(model: Model, state: SimState, inst: number, loadMb: number): number {
  const base = model.services[inst % model.nSvc]?.memory.baselineMb ?? 256;
  let max = 0;
  for (const p of state.pods[inst] ?? []) {
    if (p.phase !== PHASE_READY) continue;
    const mb = base + p.leakMb + loadMb;
    if (mb > max) max = mb;
  }
  return max * MB;
}

/**
 * Rolling update of `inst` to revision `rev`: every current pod gets a replacement, one at a
 * time (maxSurge 1, maxUnavailable 0); the old pod serves until its replacement is ready.
 * Returns the second the rollout completes.
 */
export function rollingUpdate(model: Model, state: SimState, inst: number, rev: number): number {
  const now = state.nowSec;
  const startup = startupSec(model, inst);
  const current = (state.pods[inst] ?? []).filter((p) => p.retireAtSec < 0).sort((a, b) => a.id - b.id);
  state.targetRev[inst] = rev;
  state.rolloutEpoch[inst] = (state.rolloutEpoch[inst] ?? 0) + 1;
  let done = now;
  current.forEach((old, k) => {
    const readyAt = now + (k + 1) * startup;
    const pod = newPod(model, state, inst, rev, readyAt);
    pod.zone = old.zone;
    pod.startedAtSec = now + k * startup;
    syncRecord(state, inst, pod);
    retire(state, inst, old, old.phase === PHASE_READY ? readyAt : now);
    done = readyAt;
  });
  if (current.length === 0) {
    // Nothing to replace: start the desired number of pods on the new revision.
    const want = state.inst.desiredReplicas[inst] ?? 0;
    for (let k = 0; k < want; k++) done = newPod(model, state, inst, rev, now + startup).readyAtSec;
  }
  return done;
}

/** Sets the replica count: new pods start now, surplus pods (newest first) stop at once. */
export function scaleTo(model: Model, state: SimState, inst: number, replicas: number): number {
  const pods = (state.pods[inst] ?? []).filter((p) => p.retireAtSec < 0).sort((a, b) => a.id - b.id);
  state.inst.desiredReplicas[inst] = replicas;
  const startup = startupSec(model, inst);
  if (pods.length < replicas) {
    let done = state.nowSec;
    for (let k = pods.length; k < replicas; k++) {
      done = newPod(model, state, inst, state.targetRev[inst] ?? 0, state.nowSec + startup).readyAtSec;
    }
    return done;
  }
  for (let k = replicas; k < pods.length; k++) {
    const p = pods[k];
    if (p) retire(state, inst, p, state.nowSec);
  }
  return state.nowSec;
}

/** Moves the pods of `inst` out of zone `zone`: replacements start elsewhere, old ones retire then. */
export function drainZone(model: Model, state: SimState, inst: number, zone: number): number {
  const startup = startupSec(model, inst);
  const victims = (state.pods[inst] ?? []).filter((p) => p.zone === zone && p.retireAtSec < 0);
  let done = state.nowSec;
  for (const old of victims) {
    const pod = newPod(model, state, inst, old.rev, state.nowSec + startup);
    retire(state, inst, old, pod.readyAtSec);
    done = pod.readyAtSec;
  }
  return done;
}

export { PHASE_READY, PHASE_STARTING, PHASE_CRASHED };
