// The simulation handle: one scenario, one seed, a virtual clock and an action log.
// createSim() builds the initial state; runUntil() ticks; act() records a player action at the
// current simulated second. Same scenario + seed + actions => same state hash, on every machine.

import type { Scenario } from '../scenario/schema.ts';
import { compileModel, type Model } from './model.ts';
import { cloneState, createState, Hasher, hashSimState, PHASE_READY, type PendingEvent, type SimState } from './state.ts';
import { cloneRecorder, createRecorder, SCRAPE_SEC, type Recorder, type TimelineEvent } from './recorder.ts';
import { createEffects, faultIntensity } from './effects.ts';
import { drainZone, newPod, podRecord, podSuffix, rollingUpdate, scaleTo, syncRecord } from './pods.ts';

export { podSuffix } from './pods.ts';
import { createRowViews, tick, type TickScratch, type TickStreams } from './tick.ts';
import { stream } from '../random/rng.ts';
import { evaluateAlerts } from './alerts.ts';
import { ActionSchema, planAction, versionOf, type Action, type ActionInput, type ActionRecord } from './actions.ts';

export interface SimOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Simulated seconds to allocate signals for; defaults to the scenario's duration. */
  durationSec?: number;
}

export interface SimSnapshot {
  readonly state: SimState;
  readonly recorder: Recorder;
  readonly actions: ActionRecord[];
  readonly sloCarry: Float64Array;
}

export interface Sim {
  readonly model: Model;
  readonly seed: number;
  readonly durationSec: number;
  readonly nowSec: number;
  readonly recorder: Recorder;
  readonly state: SimState;
  readonly actions: readonly ActionRecord[];
  /** Advances the clock to `sec` (exclusive of ticks at or after it), applying due actions. */
  runUntil(sec: number): void;
  /** Takes a player action now (its atSec is set to the current second). */
  act(action: Omit<ActionInput, 'atSec'> & { atSec?: number }): ActionRecord;
  /** Queues actions to be taken when the clock reaches their atSec. */
  schedule(actions: readonly ActionInput[]): void;
  hash(): string;
  snapshot(): SimSnapshot;
  restore(s: SimSnapshot): void;
}

const STREAM_NAMES = ['traffic', 'arrivals', 'outcome'] as const;

export function createSim(scenario: Scenario, opts: SimOptions = {}): Sim {
  const model = compileModel(scenario);
  const seed = (opts.seed ?? scenario.seed) >>> 0;
  const durationSec = Math.max(SCRAPE_SEC, Math.floor(opts.durationSec ?? model.durationSec));
  let state = createState(model);
  let recorder = createRecorder(model, durationSec);
  let actions: ActionRecord[] = [];
  let queued: Action[] = [];
  let sloCarry = new Float64Array(scenario.slos.length);
  let streams = makeStreams(seed, state);
  const fx = createEffects(model);
  const scratch = (): TickScratch => {
    const n = model.nInst;
    const ne = model.edges.length * model.nEnv;
    return {
      fx,
      cur: createRowViews(),
      servers: new Float64Array(n),
      ready: new Float64Array(n),
      ownMs: new Float64Array(n),
      ownVarMs2: new Float64Array(n),
      expServed: new Float64Array(n),
      rejected: new Float64Array(n),
      expired: new Float64Array(n),
      unavailable: new Float64Array(n),
      shed: new Float64Array(n),
      limited: new Float64Array(n),
      arrivals: new Float64Array(n),
      preFail: new Float64Array(ne),
      pulled: new Float64Array(n),
      fastFrac: new Float64Array(n),
      sloCarry,
      crashes: [],
    };
  };
  let sc = scratch();

  initialise(model, state);

  const timeline = (kind: string, inst: number, text: string, extra: { env?: string; ref?: string; value?: number } = {}) => {
    const svc = inst >= 0 ? (model.svcIds[inst % model.nSvc] ?? '') : '';
    const env = extra.env ?? (inst >= 0 ? (model.envIds[Math.floor(inst / model.nSvc)] ?? '') : '');
    const ev: TimelineEvent = { atSec: state.nowSec, kind, service: svc, env, text };
    if (extra.ref !== undefined) ev.ref = extra.ref;
    if (extra.value !== undefined) ev.value = extra.value;
    recorder.timeline.push(ev);
  };

  const hooks = {
    onCrash: (c: { inst: number; podId: number; reason: string }) => {
      const svc = model.svcIds[c.inst % model.nSvc] ?? '';
      timeline('podCrash', c.inst, `${svc} pod ${svc}-${podSuffix(c.podId)} ${c.reason === 'OOMKilled' ? 'OOMKilled (exit code 137)' : c.reason === 'DiskFull' ? 'crashed: no space left on device' : 'killed'}`, { ref: c.reason, value: c.podId });
    },
  };

  function takeAction(a: Action): ActionRecord {
    const plan = planAction(model, state, a);
    const record: ActionRecord = plan.ok
      ? { ...a, result: 'applied', message: plan.message, effectiveAtSec: plan.events.reduce<number | null>((m, e) => Math.max(m ?? 0, e.atSec), null) }
      : { ...a, result: 'rejected', message: plan.message, effectiveAtSec: null };
    const index = actions.length;
    actions.push(record);
    if (plan.ok) for (const e of plan.events) pushEvent(state, { ...e, action: index });
    timeline(`action:${a.type}`, -1, `${a.type}${a.target ? ` ${a.target}` : ''}: ${record.result === 'applied' ? plan.message : `rejected, ${plan.message}`}`);
    return record;
  }

  function processEvents(): void {
    const t = state.nowSec;
    while (state.events.length > 0 && (state.events[0]?.atSec ?? Infinity) <= t) {
      const ev = state.events.shift() as PendingEvent;
      applyEvent(ev);
    }
  }

  function applyEvent(ev: PendingEvent): void {
    const I = state.inst;
    switch (ev.kind) {
      case 'change': {
        const c = ev.num;
        const ch = model.scenario.changes[c];
        if (!ch) return;
        if (ch.type === 'flag') {
          const f = ch.flag ? model.flagIndex.get(ch.flag) : undefined;
          if (f !== undefined) state.flags[f] = ch.value ? 1 : 0;
          timeline('change', -1, `${ch.id}: flag ${ch.flag ?? ''} set to ${ch.value ? 'on' : 'off'} in ${ch.env}`, { env: ch.env, ref: ch.id });
          return;
        }
        const svc = ch.service ? model.svcIndex.get(ch.service) : undefined;
        const env = model.envIndex.get(ch.env);
        if (svc === undefined || env === undefined) {
          timeline('change', -1, `${ch.id}: ${ch.summary}`, { env: ch.env, ref: ch.id });
          return;
        }
        const inst = env * model.nSvc + svc;
        const cur = state.revisions[inst]?.[state.targetRev[inst] ?? 0] ?? [];
        const rev = addRevision(state, inst, [...cur, c].sort((a, b) => a - b));
        rollingUpdate(model, state, inst, rev);
        timeline('change', inst, `${ch.id}: ${ch.type === 'deploy' ? `deploying ${ch.version ?? ''}` : 'config rollout'} started on ${ch.service} (${ch.summary})`, { ref: ch.id });
        return;
      }
      case 'rollout': {
        const rev = addRevision(state, ev.inst, ev.text === '' ? [] : ev.text.split(',').map(Number));
        const done = rollingUpdate(model, state, ev.inst, rev);
        const svc = ev.inst % model.nSvc;
        const version = versionOf(model, state.revisions[ev.inst]?.[rev] ?? [], svc);
        timeline('rollout', ev.inst, `rollout to ${version} started, complete at ${done}s`, { ref: version });
        return;
      }
      case 'restart': {
        const done = rollingUpdate(model, state, ev.inst, state.targetRev[ev.inst] ?? 0);
        timeline('restart', ev.inst, `rolling restart started, complete at ${done}s`);
        return;
      }
      case 'scale':
        scaleTo(model, state, ev.inst, ev.num);
        timeline('scale', ev.inst, `desired replicas set to ${ev.num}`, { value: ev.num });
        return;
      case 'flag': {
        const f = Math.floor(ev.num / 2);
        state.flags[f] = ev.num % 2;
        timeline('flag', -1, `flag ${ev.text} is now ${ev.num % 2 ? 'on' : 'off'}`, { ref: ev.text, value: ev.num % 2 });
        return;
      }
      case 'drain': {
        const env = ev.inst;
        state.drainedZones[env] = (state.drainedZones[env] ?? 0) | (1 << ev.num);
        for (let s = 0; s < model.nSvc; s++) drainZone(model, state, env * model.nSvc + s, ev.num);
        timeline('drain', -1, `zone ${ev.text} drained in ${model.envIds[env] ?? ''}: pods rescheduling to other zones`, { env: model.envIds[env] ?? '', ref: ev.text });
        return;
      }
      case 'shed':
        I.shedRatio[ev.inst] = ev.num;
        timeline('shed', ev.inst, ev.num > 0 ? `shedding ${Math.round(ev.num * 100)}% of requests` : 'load shedding stopped');
        return;
      case 'pool':
        state.edge.poolSize[ev.inst] = ev.num;
        timeline('config', -1, `pool size raised to ${ev.num}`);
        return;
      case 'timeout':
        state.edge.timeoutMs[ev.inst] = ev.num;
        timeline('config', -1, `timeout set to ${ev.num} ms`);
        return;
      case 'quota':
        I.rateLimitBoostRps[ev.inst] = (I.rateLimitBoostRps[ev.inst] ?? 0) + ev.num;
        timeline('quota', ev.inst, `provider quota raised by ${ev.num}/s`);
        return;
      case 'memLimit':
        I.memLimitMb[ev.inst] = ev.num;
        return;
      case 'cpuLimit':
        I.cpuCores[ev.inst] = ev.num;
        return;
      case 'renewCert': {
        I.certRenewedAtSec[ev.inst] = state.nowSec;
        const svcId = model.svcIds[ev.inst % model.nSvc];
        const env = model.envIds[Math.floor(ev.inst / model.nSvc)];
        model.faults.forEach((f, fi) => {
          if (f.type === 'certificateExpiry' && f.target === svcId && f.env === env) state.faultEndedAtSec[fi] = Math.min(state.faultEndedAtSec[fi] ?? Infinity, state.nowSec);
        });
        timeline('certificate', ev.inst, 'new certificate issued and loaded');
        return;
      }
      case 'freeDisk': {
        const def = model.services[ev.inst % model.nSvc];
        I.diskUsedBytes[ev.inst] = (def?.disk.usedGb ?? 0) * 1024 * 1024 * 1024;
        timeline('disk', ev.inst, 'old logs deleted, disk usage back to its baseline');
        return;
      }
      case 'clearCache':
        I.hitRatio[ev.inst] = 0;
        timeline('cache', ev.inst, 'cache flushed');
        return;
      case 'inject': {
        const inj = model.scenario.injects[ev.num];
        if (inj) timeline('inject', -1, `${inj.kind} from ${inj.from}: ${inj.subject}`, { ref: inj.id });
        return;
      }
      case 'revertInfra':
        model.faults.forEach((f, fi) => {
          if (f.causedBy === ev.text) state.faultEndedAtSec[fi] = Math.min(state.faultEndedAtSec[fi] ?? Infinity, state.nowSec);
        });
        timeline('change', -1, `infrastructure change ${ev.text} reverted`);
        return;
    }
  }

  function trackFaults(): void {
    for (let fi = 0; fi < model.faults.length; fi++) {
      const f = model.faults[fi];
      if (!f) continue;
      const active = faultIntensity(model, state, fi) > 0;
      const open = recorder.faultOpen[fi] ?? -1;
      if (active && open < 0) {
        recorder.faultOpen[fi] = recorder.faults.length;
        recorder.faults.push({ fault: f.id, startSec: state.nowSec, endSec: null });
      } else if (!active && open >= 0) {
        const ep = recorder.faults[open];
        if (ep) ep.endSec = state.nowSec;
        recorder.faultOpen[fi] = -1;
      }
    }
  }

  const sim: Sim = {
    model,
    seed,
    durationSec,
    get nowSec() {
      return state.nowSec;
    },
    get recorder() {
      return recorder;
    },
    get state() {
      return state;
    },
    get actions() {
      return actions;
    },
    runUntil(sec: number) {
      const end = Math.min(Math.floor(sec), durationSec);
      while (state.nowSec < end) {
        while (queued.length > 0 && (queued[0]?.atSec ?? Infinity) <= state.nowSec) takeAction(queued.shift() as Action);
        processEvents();
        trackFaults();
        tick(model, state, recorder, streams, sc, hooks);
        if ((state.nowSec + 1) % SCRAPE_SEC === 0) {
          const row = Math.floor(state.nowSec / SCRAPE_SEC);
          for (const a of evaluateAlerts(model, recorder, row, state.nowSec + 1)) {
            recorder.timeline.push({ atSec: state.nowSec + 1, kind: 'alert', service: a.type === 'threshold' ? a.service : '', env: a.type === 'threshold' ? a.env : '', text: `${a.id} firing (${a.severity})${a.summary ? `: ${a.summary}` : ''}` });
          }
        }
        state.nowSec += 1;
      }
      saveStreams(state, streams);
    },
    act(input) {
      const a = ActionSchema.parse({ ...input, atSec: state.nowSec });
      return takeAction(a);
    },
    schedule(list) {
      const parsed = list.map((a) => ActionSchema.parse(a));
      // Stable by time: ties keep the order they were given in.
      queued = [...queued, ...parsed].map((a, k) => ({ a, k })).sort((x, y) => x.a.atSec - y.a.atSec || x.k - y.k).map((x) => x.a);
    },
    hash() {
      saveStreams(state, streams);
      const h = hashSimState(state, new Hasher());
      h.num(recorder.written);
      for (const series of Object.values(recorder.metrics)) for (const chunk of series.chunks) h.typed(chunk);
      h.value(recorder.alerts);
      h.value(recorder.faults);
      h.value(recorder.timeline);
      h.value(actions.map((a) => ({ ...a })));
      return h.hex();
    },
    snapshot() {
      saveStreams(state, streams);
      return { state: cloneState(state), recorder: cloneRecorder(recorder), actions: actions.map((a) => ({ ...a, params: { ...a.params } })), sloCarry: sloCarry.slice() };
    },
    restore(s) {
      state = cloneState(s.state);
      recorder = cloneRecorder(s.recorder);
      actions = s.actions.map((a) => ({ ...a, params: { ...a.params } }));
      sloCarry = s.sloCarry.slice();
      sc = scratch();
      streams = makeStreams(seed, state);
      queued = queued.filter((a) => a.atSec >= state.nowSec);
    },
  };
  return sim;
}

function makeStreams(seed: number, state: SimState): TickStreams {
  const make = (name: (typeof STREAM_NAMES)[number]) => stream(seed, name, state.rng[name]);
  return { traffic: make('traffic'), arrivals: make('arrivals'), outcome: make('outcome') };
}

function saveStreams(state: SimState, streams: TickStreams): void {
  for (const name of STREAM_NAMES) state.rng[name] = streams[name].state();
}

function pushEvent(state: SimState, e: Omit<PendingEvent, 'seq'>): void {
  const ev: PendingEvent = { ...e, seq: state.seq++ };
  let k = state.events.length;
  while (k > 0) {
    const prev = state.events[k - 1] as PendingEvent;
    if (prev.atSec < ev.atSec || (prev.atSec === ev.atSec && prev.seq < ev.seq)) break;
    k -= 1;
  }
  state.events.splice(k, 0, ev);
}

function addRevision(state: SimState, inst: number, changes: number[]): number {
  const revs = state.revisions[inst] ?? [];
  const key = changes.join(',');
  const found = revs.findIndex((r) => r.join(',') === key);
  if (found >= 0) return found;
  revs.push(changes);
  state.revisions[inst] = revs;
  return revs.length - 1;
}

/** Pods, revisions, limits and scheduled scenario events at second 0. */
function initialise(model: Model, state: SimState): void {
  const sc = model.scenario;
  for (let env = 0; env < model.nEnv; env++) {
    for (let svc = 0; svc < model.nSvc; svc++) {
      const i = env * model.nSvc + svc;
      const def = model.services[svc];
      if (!def) continue;
      const applied: number[] = [];
      sc.changes.forEach((ch, c) => {
        if (ch.at > 0 || (ch.type !== 'deploy' && ch.type !== 'config')) return;
        if (ch.service === def.id && ch.env === model.envIds[env]) applied.push(c);
      });
      addRevision(state, i, applied);
      state.targetRev[i] = 0;
      const replicas = model.replicas[i] ?? 0;
      state.inst.desiredReplicas[i] = replicas;
      state.inst.memLimitMb[i] = def.memory.limitMb;
      // Default CPU: what `concurrency` busy requests need, capped at 4 cores as a real limit would be.
      state.inst.cpuCores[i] = def.cpuCores ?? Math.min(4, Math.max(0.25, (model.concurrency[i] ?? 1) * (model.cpuShare[i] ?? 0.5)));
      state.inst.diskUsedBytes[i] = def.disk.usedGb * 1024 * 1024 * 1024;
      state.inst.hitRatio[i] = def.type === 'cache' ? (def.hitRatio ?? 0.95) : 1;
      state.inst.cpuMult[i] = 1;
      state.inst.svcMeanMs[i] = model.serviceTimeMs[i] ?? 1;
      state.inst.svcVarMs2[i] = (model.serviceTimeMs[i] ?? 1) ** 2;
      for (let k = 0; k < replicas; k++) {
        const p = newPod(model, state, i, 0, 0);
        p.phase = PHASE_READY;
        p.readyAtSec = -def.startupSec - 3600 * (k + 1);
        p.startedAtSec = p.readyAtSec - def.startupSec;
        syncRecord(state, i, p);
        const r = podRecord(state, i, p.id);
        if (r) r.createdAt = -Infinity;
      }
    }
  }
  sc.flags.forEach((f, k) => {
    state.flags[k] = f.default ? 1 : 0;
  });
  sc.injects.forEach((inj, k) => {
    if (inj.at >= 0) pushEvent(state, { atSec: inj.at, kind: 'inject', inst: -1, action: -1, num: k, text: inj.id });
  });
  sc.changes.forEach((ch, c) => {
    if (ch.at <= 0) {
      if (ch.type === 'flag' && ch.flag) {
        const f = model.flagIndex.get(ch.flag);
        if (f !== undefined) state.flags[f] = ch.value ? 1 : 0;
      }
      return;
    }
    pushEvent(state, { atSec: ch.at, kind: 'change', inst: -1, action: -1, num: c, text: ch.id });
  });
}
