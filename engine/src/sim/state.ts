// SimState: everything that changes during a run, as plain serialisable data (typed arrays,
// arrays of plain objects, numbers). Nothing here holds a closure, so snapshot() is a deep copy
// and hashState() is a digest of the canonical bytes. The tick loop (tick.ts) is its only writer.

import type { Model } from './model.ts';
import type { StreamState } from '../random/rng.ts';

export const PHASE_READY = 0;
export const PHASE_STARTING = 1;
export const PHASE_CRASHED = 2;

export interface Pod {
  id: number;
  zone: number;
  phase: number;
  /** STARTING: the second it becomes ready. */
  readyAtSec: number;
  startedAtSec: number;
  /** Index into the instance's revisions. */
  rev: number;
  restarts: number;
  /** Kubernetes crash-loop back-off for the next crash, seconds. */
  backoffSec: number;
  /** The second a rolling update removes it (its replacement is ready), or -1. */
  retireAtSec: number;
  /** Memory leaked so far, MB. */
  leakMb: number;
  /** Connections leaked from the pool so far, per edge index (sparse). */
  leakedConns: number;
  /** Resolver cache still holds the address (DNS failures spare it), 1 or 0. */
  dnsCached: number;
  /** Second of its last crash, or -1: load balancers keep routing to it for a few seconds. */
  crashedAtSec: number;
}

export type CrashReason = 'OOMKilled' | 'DiskFull' | 'Killed';

/** One run of a pod's container: started, ready, and (unless still running) ended by a crash. */
export interface PodLife {
  startedAt: number;
  readyAt: number;
  /** Second of the crash that ended it, or Infinity. */
  endAt: number;
  endReason?: CrashReason;
  /** Crash-loop back-off waited before this life started, seconds. */
  backoffBefore: number;
}

/**
 * The history of one pod, kept for the signals (logs name pods, traces route through them):
 * written as things happen and never rewritten for the past, so what it says about a second
 * never changes as the run goes on.
 */
export interface PodRecord {
  id: number;
  inst: number;
  /** Kubernetes-style name: service, pod-template hash (per rollout), 5-character suffix. */
  name: string;
  zone: number;
  version: string;
  /** Second the pod object was created (-Infinity for the pods running at the start). */
  createdAt: number;
  /** Second it stops existing (replaced, scaled in, drained), or Infinity. */
  goneAt: number;
  lives: PodLife[];
}

/** A scheduled effect: plain data, applied by tick.ts when the clock reaches `atSec`. */
export interface PendingEvent {
  atSec: number;
  seq: number;
  kind: string;
  inst: number;
  /** Action index that caused it, or -1 for scenario events. */
  action: number;
  num: number;
  text: string;
}

export interface InstanceArrays {
  backlog: Float64Array;
  capCarry: Float64Array;
  /** Mean and variance of effective service time (own + downstream) last tick, ms. */
  svcMeanMs: Float64Array;
  svcVarMs2: Float64Array;
  /** Latest response-time distribution, for callers and signals. */
  distDelayMs: Float64Array;
  distWaitProb: Float64Array;
  distWaitMeanMs: Float64Array;
  /** Fraction of this tick's handled requests that failed (seen by callers). */
  failFrac: Float64Array;
  /** Own-service-time multiplier from CPU contention, lagged one tick. */
  cpuMult: Float64Array;
  cpuUtil: Float64Array;
  diskUsedBytes: Float64Array;
  hitRatio: Float64Array;
  /** Cache: the ratio it warms towards once a fault ends (changes after clearCache). */
  queueDepth: Float64Array;
  consumeRate: Float64Array;
  shedRatio: Float64Array;
  memLimitMb: Float64Array;
  cpuCores: Float64Array;
  rateLimitBoostRps: Float64Array;
  certRenewedAtSec: Float64Array;
  /** Cache: time constant of warming back after a failure (its cacheFailure's warmupMinutes). */
  cacheWarmTauSec: Float64Array;
  desiredReplicas: Int32Array;
  // per-tick scratch (not part of the hash: rewritten every tick before being read)
  arrivalsIn: Float64Array;
  expRateIn: Float64Array;
  callerTimeoutMs: Float64Array;
  served: Float64Array;
  handled: Float64Array;
  // cumulative counters
  received: Float64Array;
  ok: Float64Array;
  failed: Float64Array;
  failedOwn: Float64Array;
  failedDep: Float64Array;
  failedTimeout: Float64Array;
  failedReject: Float64Array;
  failedUnavailable: Float64Array;
  failedShed: Float64Array;
  failedRateLimit: Float64Array;
  degraded: Float64Array;
  restarts: Float64Array;
  latencySumMs: Float64Array;
}

export interface EdgeArrays {
  carry: Float64Array;
  missCarry: Float64Array;
  attemptFail: Float64Array;
  poolSize: Float64Array;
  timeoutMs: Float64Array;
  poolInUse: Float64Array;
  poolPending: Float64Array;
  /** Share of attempts that found no free connection last tick (they wait out the timeout). */
  poolStarved: Float64Array;
  attempts: Float64Array;
  failures: Float64Array;
  timeouts: Float64Array;
  retries: Float64Array;
  preFailKind: Int32Array;
}

export interface SimState {
  nowSec: number;
  seq: number;
  nextPodId: number;
  inst: InstanceArrays;
  edge: EdgeArrays;
  pods: Pod[][];
  /** Per instance: revisions, each the sorted change indices its code/config includes. */
  revisions: number[][][];
  targetRev: Int32Array;
  flags: Uint8Array;
  /** Per fault: second a mitigation ended it, Infinity while it stands. */
  faultEndedAtSec: Float64Array;
  /** Per fault: 1 once a one-shot effect (podCrash) has happened. */
  faultFired: Uint8Array;
  /** Per environment: bitmask of drained zones (by index into the zone list). */
  drainedZones: Int32Array;
  zoneNames: string[];
  events: PendingEvent[];
  rng: Record<string, StreamState>;
  /** Per instance: every pod that ever existed, in creation order. */
  podLog: PodRecord[][];
  /** Per instance: rollouts so far (a new pod-template hash each). */
  rolloutEpoch: Int32Array;
}

const INST_KEYS: (keyof InstanceArrays)[] = [
  'backlog', 'capCarry', 'svcMeanMs', 'svcVarMs2', 'distDelayMs', 'distWaitProb', 'distWaitMeanMs', 'failFrac',
  'cpuMult', 'cpuUtil', 'diskUsedBytes', 'hitRatio', 'queueDepth', 'consumeRate', 'shedRatio', 'memLimitMb',
  'cpuCores', 'rateLimitBoostRps', 'certRenewedAtSec', 'cacheWarmTauSec', 'desiredReplicas', 'arrivalsIn', 'expRateIn',
  'callerTimeoutMs', 'served', 'handled', 'received', 'ok', 'failed', 'failedOwn', 'failedDep', 'failedTimeout',
  'failedReject', 'failedUnavailable', 'failedShed', 'failedRateLimit', 'degraded', 'restarts', 'latencySumMs',
];
const INST_SCRATCH = new Set<keyof InstanceArrays>(['arrivalsIn', 'expRateIn', 'callerTimeoutMs']);
const EDGE_KEYS: (keyof EdgeArrays)[] = [
  'carry', 'missCarry', 'attemptFail', 'poolSize', 'timeoutMs', 'poolInUse', 'poolPending', 'poolStarved', 'attempts',
  'failures', 'timeouts', 'retries', 'preFailKind',
];

export function createState(model: Model): SimState {
  const n = model.nInst;
  const f = () => new Float64Array(n);
  const inst = {} as InstanceArrays;
  for (const k of INST_KEYS) (inst as unknown as Record<string, Float64Array | Int32Array>)[k] = k === 'desiredReplicas' ? new Int32Array(n) : f();
  const ne = model.edges.length * model.nEnv;
  const edge = {} as EdgeArrays;
  for (const k of EDGE_KEYS) (edge as unknown as Record<string, Float64Array | Int32Array>)[k] = k === 'preFailKind' ? new Int32Array(ne) : new Float64Array(ne);

  const zoneNames: string[] = [];
  for (const s of model.services) for (const z of s.zones) if (!zoneNames.includes(z)) zoneNames.push(z);

  return {
    nowSec: 0,
    seq: 0,
    nextPodId: 1,
    inst,
    edge,
    pods: Array.from({ length: n }, () => []),
    revisions: Array.from({ length: n }, () => []),
    targetRev: new Int32Array(n),
    flags: new Uint8Array(model.scenario.flags.length),
    faultEndedAtSec: new Float64Array(model.faults.length).fill(Infinity),
    faultFired: new Uint8Array(model.faults.length),
    drainedZones: new Int32Array(model.nEnv),
    zoneNames,
    events: [],
    rng: {},
    podLog: Array.from({ length: n }, () => []),
    rolloutEpoch: new Int32Array(n),
  };
}

function cloneTyped<T extends Float64Array | Int32Array | Uint8Array>(a: T): T {
  return a.slice() as T;
}

/** A deep copy sharing nothing with the live state. */
export function cloneState(s: SimState): SimState {
  const inst = {} as InstanceArrays;
  for (const k of INST_KEYS) (inst as unknown as Record<string, unknown>)[k] = cloneTyped(s.inst[k]);
  const edge = {} as EdgeArrays;
  for (const k of EDGE_KEYS) (edge as unknown as Record<string, unknown>)[k] = cloneTyped(s.edge[k]);
  return {
    nowSec: s.nowSec,
    seq: s.seq,
    nextPodId: s.nextPodId,
    inst,
    edge,
    pods: s.pods.map((ps) => ps.map((p) => ({ ...p }))),
    revisions: s.revisions.map((rs) => rs.map((r) => r.slice())),
    targetRev: cloneTyped(s.targetRev),
    flags: cloneTyped(s.flags),
    faultEndedAtSec: cloneTyped(s.faultEndedAtSec),
    faultFired: cloneTyped(s.faultFired),
    drainedZones: cloneTyped(s.drainedZones),
    zoneNames: s.zoneNames.slice(),
    events: s.events.map((e) => ({ ...e })),
    rng: JSON.parse(JSON.stringify(s.rng)) as Record<string, StreamState>,
    podLog: s.podLog.map((ps) => ps.map((p) => ({ ...p, lives: p.lives.map((l) => ({ ...l })) }))),
    rolloutEpoch: cloneTyped(s.rolloutEpoch),
  };
}

// ---------------------------------------------------------------------------------------------
// Hashing: FNV-1a over the canonical bytes (typed arrays as their IEEE-754 bytes, objects by
// sorted keys). 64 bits as two 32-bit lanes with different offsets, printed as 16 hex digits.

export class Hasher {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;
  private readonly f64 = new Float64Array(1);
  private readonly u8 = new Uint8Array(this.f64.buffer);

  byte(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193);
    this.b = Math.imul(this.b ^ x, 0x01000193 + 0x2000);
  }

  num(x: number): void {
    this.f64[0] = x;
    for (let i = 0; i < 8; i++) this.byte(this.u8[i] ?? 0);
  }

  str(s: string): void {
    this.num(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c & 0xff);
      this.byte(c >>> 8);
    }
  }

  /** 32-bit words at a time: the canonical bytes of the array, cheaply. */
  word(x: number): void {
    this.a = Math.imul(this.a ^ x, 0x01000193);
    this.a ^= this.a >>> 15;
    this.b = Math.imul(this.b ^ x, 0x01002193);
    this.b ^= this.b >>> 13;
  }

  typed(a: Float64Array | Int32Array | Uint8Array | Float32Array): void {
    this.num(a.length);
    if (a instanceof Uint8Array) {
      for (let i = 0; i < a.length; i++) this.byte(a[i] ?? 0);
      return;
    }
    const words = new Int32Array(a.buffer, a.byteOffset, (a.length * a.BYTES_PER_ELEMENT) >> 2);
    for (let i = 0; i < words.length; i++) this.word(words[i] ?? 0);
  }

  value(v: unknown): void {
    if (v === null || v === undefined) return this.byte(0);
    if (typeof v === 'number') return this.num(v);
    if (typeof v === 'string') return this.str(v);
    if (typeof v === 'boolean') return this.byte(v ? 2 : 1);
    if (ArrayBuffer.isView(v)) return this.typed(v as Float64Array);
    if (Array.isArray(v)) {
      this.num(v.length);
      for (const x of v) this.value(x);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o).sort()) {
      this.str(k);
      this.value(o[k]);
    }
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}

/** Digest of the persistent state (per-tick scratch arrays are excluded). */
export function hashSimState(s: SimState, h = new Hasher()): Hasher {
  h.num(s.nowSec);
  h.num(s.seq);
  h.num(s.nextPodId);
  for (const k of INST_KEYS) if (!INST_SCRATCH.has(k)) {
    h.str(k);
    h.typed(s.inst[k]);
  }
  for (const k of EDGE_KEYS) {
    h.str(k);
    h.typed(s.edge[k]);
  }
  h.value(s.pods);
  h.value(s.revisions);
  h.typed(s.targetRev);
  h.typed(s.flags);
  h.typed(s.faultEndedAtSec);
  h.typed(s.faultFired);
  h.typed(s.drainedZones);
  h.value(s.events);
  h.value(s.rng);
  h.value(s.podLog);
  h.typed(s.rolloutEpoch);
  return h;
}
