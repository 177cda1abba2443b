// Which pods existed at a past second, and what happened to them. SimState only holds today's
// pods, so this replays the run's timeline (rollouts, restarts, scaling, drains, crashes) with
// the same rules as sim/pods.ts: the same pod ids, zones and crash-loop back-off. Pod names then
// match the timeline ("checkout pod checkout-x2kqp OOMKilled") and the live pod list, and the
// history at a second depends only on events at or before it, so it never changes as the run
// goes on. pods.test.ts checks the replay against SimState at the end of a run.

import type { Model } from '../sim/model.ts';
import type { TimelineEvent } from '../sim/recorder.ts';
import { podSuffix } from '../sim/sim.ts';
import { hashWords } from './ids.ts';
import { hash32 } from '../random/rng.ts';

/** Mirrors sim/pods.ts. */
const BACKOFF_FIRST_SEC = 10;
const BACKOFF_MAX_SEC = 300;
const BACKOFF_RESET_SEC = 600;

export type CrashReason = 'OOMKilled' | 'DiskFull' | 'Killed';

/** One run of the container: started, ready, and (unless still running) ended by a crash. */
export interface PodLife {
  startedAt: number;
  readyAt: number;
  /** Second of the crash that ended it, or Infinity. */
  endAt: number;
  endReason?: CrashReason;
  /** Crash-loop back-off waited before this life started, seconds. */
  backoffBefore: number;
}

export interface PodRecord {
  id: number;
  inst: number;
  name: string;
  zone: number;
  version: string;
  /** Second the pod object was created (it may start later during a rolling update). */
  createdAt: number;
  /** Second it stops existing (rolling update, scale-in, drain), or Infinity. */
  goneAt: number;
  lives: PodLife[];
  /** Replay bookkeeping, as in sim/pods.ts. */
  retireMarked: boolean;
  backoffSec: number;
}

export interface PodHistory {
  /** Per instance, in creation (id) order. */
  readonly byInst: PodRecord[][];
  readonly zoneNames: readonly string[];
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' pod-template-hash: 10 safe characters, changing with every rollout. */
export function templateHash(svc: string, env: string, epoch: number): string {
  let h = hashWords(hash32(svc), hash32(env), epoch);
  let out = '';
  for (let k = 0; k < 10; k++) {
    out += ALPHABET[h % ALPHABET.length];
    h = hashWords(h, k);
  }
  return out;
}

interface Replay {
  model: Model;
  pods: PodRecord[][];
  epoch: Int32Array;
  version: string[];
  drained: Int32Array;
  zoneNames: readonly string[];
  nextId: number;
  /** Desired replicas set by scale events (sim: state.inst.desiredReplicas). */
  desired: Map<number, number>;
}

export function buildPodHistory(model: Model, zoneNames: readonly string[], timeline: readonly TimelineEvent[]): PodHistory {
  const r: Replay = {
    model,
    pods: Array.from({ length: model.nInst }, () => []),
    epoch: new Int32Array(model.nInst),
    version: Array.from({ length: model.nInst }, (_, i) => initialVersion(model, i)),
    drained: new Int32Array(model.nEnv),
    zoneNames,
    nextId: 1, // state.ts createState(): pod ids start at 1
    desired: new Map(),
  };
  // Initial pods, in sim.ts initialise() order: environments, then services, then replicas.
  for (let env = 0; env < model.nEnv; env++) {
    for (let svc = 0; svc < model.nSvc; svc++) {
      const i = env * model.nSvc + svc;
      const startup = startupOf(model, i);
      for (let k = 0; k < (model.replicas[i] ?? 0); k++) {
        const readyAt = -startup - 3600 * (k + 1);
        const p = newPod(r, i, readyAt - startup, readyAt, -Infinity);
        p.createdAt = -Infinity;
      }
    }
  }
  for (const ev of timeline) apply(r, ev);
  return { byInst: r.pods, zoneNames };
}

function startupOf(model: Model, inst: number): number {
  return model.services[inst % model.nSvc]?.startupSec ?? 30;
}

/** The version an instance runs at the start: its latest deploy at or before offset 0. */
function initialVersion(model: Model, inst: number): string {
  const svc = inst % model.nSvc;
  const env = model.envIds[Math.floor(inst / model.nSvc)];
  const def = model.services[svc];
  let best: { at: number; v: string } | null = null;
  for (const ch of model.scenario.changes) {
    if (ch.at > 0 || ch.type !== 'deploy' || !ch.version || ch.service !== def?.id || ch.env !== env) continue;
    if (!best || ch.at >= best.at) best = { at: ch.at, v: ch.version };
  }
  return best?.v ?? def?.version ?? 'v1.0.0';
}

function podName(r: Replay, inst: number, id: number): string {
  const svc = r.model.svcIds[inst % r.model.nSvc] ?? 'app';
  const env = r.model.envIds[Math.floor(inst / r.model.nSvc)] ?? 'prod';
  return `${svc}-${templateHash(svc, env, r.epoch[inst] ?? 0)}-${podSuffix(id)}`;
}

function pickZone(r: Replay, inst: number): number {
  const env = Math.floor(inst / r.model.nSvc);
  const def = r.model.services[inst % r.model.nSvc];
  const drained = r.drained[env] ?? 0;
  const zones = (def?.zones ?? ['a']).map((z) => r.zoneNames.indexOf(z));
  const usable = zones.filter((z) => z >= 0 && (drained & (1 << z)) === 0);
  const pool = usable.length > 0 ? usable : zones;
  let best = pool[0] ?? 0;
  let bestCount = Infinity;
  for (const z of pool) {
    let n = 0;
    for (const p of r.pods[inst] ?? []) if (p.zone === z && !p.retireMarked) n += 1;
    if (n < bestCount) {
      bestCount = n;
      best = z;
    }
  }
  return best;
}

function newPod(r: Replay, inst: number, startedAt: number, readyAt: number, now: number): PodRecord {
  const id = r.nextId++;
  const p: PodRecord = {
    id,
    inst,
    name: podName(r, inst, id),
    zone: pickZone(r, inst),
    version: r.version[inst] ?? 'v1.0.0',
    createdAt: now,
    goneAt: Infinity,
    lives: [{ startedAt, readyAt, endAt: Infinity, backoffBefore: 0 }],
    retireMarked: false,
    backoffSec: 0,
  };
  r.pods[inst]?.push(p);
  return p;
}

function current(p: PodRecord): PodLife {
  return p.lives[p.lives.length - 1] as PodLife;
}

/** Ready when the tick loop last looked (before the events of second `now` are applied). */
function wasReady(p: PodRecord, now: number): boolean {
  return current(p).readyAt < now;
}

function live(r: Replay, inst: number): PodRecord[] {
  return (r.pods[inst] ?? []).filter((p) => !p.retireMarked);
}

function rollingUpdate(r: Replay, inst: number, now: number): void {
  r.epoch[inst] = (r.epoch[inst] ?? 0) + 1;
  const startup = startupOf(r.model, inst);
  const cur = live(r, inst).sort((a, b) => a.id - b.id);
  cur.forEach((old, k) => {
    const readyAt = now + (k + 1) * startup;
    const pod = newPod(r, inst, now + k * startup, readyAt, now);
    pod.zone = old.zone;
    old.goneAt = Math.min(old.goneAt, wasReady(old, now) ? readyAt : now);
    old.retireMarked = true;
  });
  if (cur.length === 0) {
    const want = desired(r, inst);
    for (let k = 0; k < want; k++) newPod(r, inst, now, now + startup, now);
  }
}

/** Desired replicas: the scenario's, or the last scale event's (tracked as the live pod count). */
function desired(r: Replay, inst: number): number {
  return r.desired.get(inst) ?? r.model.replicas[inst] ?? 0;
}

function scaleTo(r: Replay, inst: number, replicas: number, now: number): void {
  r.desired.set(inst, replicas);
  const cur = live(r, inst).sort((a, b) => a.id - b.id);
  const startup = startupOf(r.model, inst);
  for (let k = cur.length; k < replicas; k++) newPod(r, inst, now, now + startup, now);
  for (let k = replicas; k < cur.length; k++) {
    const p = cur[k];
    if (!p) continue;
    p.retireMarked = true;
    p.goneAt = Math.min(p.goneAt, now);
  }
}

function drain(r: Replay, env: number, zone: number, now: number): void {
  r.drained[env] = (r.drained[env] ?? 0) | (1 << zone);
  for (let svc = 0; svc < r.model.nSvc; svc++) {
    const inst = env * r.model.nSvc + svc;
    const startup = startupOf(r.model, inst);
    const victims = (r.pods[inst] ?? []).filter((p) => p.zone === zone && !p.retireMarked);
    for (const old of victims) {
      const pod = newPod(r, inst, now, now + startup, now);
      old.goneAt = Math.min(old.goneAt, pod.lives[0]?.readyAt ?? now);
      old.retireMarked = true;
    }
  }
}

function crash(r: Replay, inst: number, suffix: string, reason: CrashReason, now: number): void {
  const pod = (r.pods[inst] ?? []).find((p) => p.name.endsWith(`-${suffix}`));
  if (!pod) return;
  const life = current(pod);
  if (now - life.startedAt >= BACKOFF_RESET_SEC) pod.backoffSec = 0;
  const delay = pod.backoffSec;
  pod.backoffSec = pod.backoffSec === 0 ? BACKOFF_FIRST_SEC : Math.min(BACKOFF_MAX_SEC, pod.backoffSec * 2);
  life.endAt = now;
  life.endReason = reason;
  const startup = startupOf(r.model, inst);
  pod.lives.push({ startedAt: now + delay, readyAt: now + delay + startup, endAt: Infinity, backoffBefore: delay });
}

function instOf(r: Replay, ev: TimelineEvent): number {
  const s = r.model.svcIndex.get(ev.service);
  const e = r.model.envIndex.get(ev.env);
  return s === undefined || e === undefined ? -1 : e * r.model.nSvc + s;
}

function apply(r: Replay, ev: TimelineEvent): void {
  const now = ev.atSec;
  switch (ev.kind) {
    case 'change': {
      const inst = instOf(r, ev);
      if (inst < 0) return;
      const c = ev.ref === undefined ? undefined : r.model.changeIndex.get(ev.ref);
      const ch = c === undefined ? undefined : r.model.scenario.changes[c];
      if (ch?.type === 'deploy' && ch.version) r.version[inst] = ch.version;
      rollingUpdate(r, inst, now);
      return;
    }
    case 'rollout': {
      const inst = instOf(r, ev);
      if (inst < 0) return;
      if (ev.ref !== undefined) r.version[inst] = ev.ref;
      rollingUpdate(r, inst, now);
      return;
    }
    case 'restart': {
      const inst = instOf(r, ev);
      if (inst >= 0) rollingUpdate(r, inst, now);
      return;
    }
    case 'scale': {
      const inst = instOf(r, ev);
      if (inst >= 0 && ev.value !== undefined) scaleTo(r, inst, ev.value, now);
      return;
    }
    case 'drain': {
      const zone = ev.ref === undefined ? -1 : r.zoneNames.indexOf(ev.ref);
      const env = r.model.envIndex.get(ev.env);
      if (zone >= 0 && env !== undefined) drain(r, env, zone, now);
      return;
    }
    case 'podCrash': {
      const inst = instOf(r, ev);
      if (inst < 0 || ev.value === undefined) return;
      const reason: CrashReason = ev.ref === 'OOMKilled' || ev.ref === 'DiskFull' ? ev.ref : 'Killed';
      crash(r, inst, podSuffix(ev.value), reason, now);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Queries

/** The life of `p` covering second `sec` (started at or before it), or undefined. */
export function lifeAt(p: PodRecord, sec: number): PodLife | undefined {
  if (sec >= p.goneAt) return undefined;
  let found: PodLife | undefined;
  for (const l of p.lives) {
    if (l.startedAt <= sec) found = l;
    else break;
  }
  return found && sec <= found.endAt ? found : undefined;
}

/** Pods serving requests during second `sec` (ready, not crashed, not retired), `down` zones excluded. */
export function servingPods(h: PodHistory, inst: number, sec: number, downZones = 0): PodRecord[] {
  const out: PodRecord[] = [];
  for (const p of h.byInst[inst] ?? []) {
    if ((downZones & (1 << p.zone)) !== 0) continue;
    const l = lifeAt(p, sec);
    if (l && l.readyAt <= sec && sec < l.endAt) out.push(p);
  }
  return out;
}

/** Pods whose process runs during second `sec` (starting or serving), for lines not tied to a request. */
export function runningPods(h: PodHistory, inst: number, sec: number, downZones = 0): PodRecord[] {
  const out: PodRecord[] = [];
  for (const p of h.byInst[inst] ?? []) {
    if ((downZones & (1 << p.zone)) !== 0) continue;
    const l = lifeAt(p, sec);
    if (l && sec < l.endAt) out.push(p);
  }
  return out;
}

/** Non-retired pod ids at the end of the replay, for the consistency test. */
export function liveIds(h: PodHistory, inst: number): number[] {
  return (h.byInst[inst] ?? []).filter((p) => !p.retireMarked).map((p) => p.id);
}
