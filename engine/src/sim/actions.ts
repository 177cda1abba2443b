// Player actions: the only input to a run besides the scenario and the seed. A mitigation is
// checked when it is taken and turned into scheduled events that take effect after a realistic
// delay (a rollback waits for the pipeline, then replaces pods one by one). Whether it helps,
// does nothing or harms is not decided here: it emerges from what the events change.

import { z } from 'zod';
import { versionOf, type Model } from './model.ts';

export { versionOf } from './model.ts';
import type { PendingEvent, SimState } from './state.ts';
import { formatDuration } from '../scenario/duration.ts';

import { ACTION_TYPES, RECORDED_TYPES } from '../scenario/actionTypes.ts';

export { ACTION_TYPES, MITIGATION_TYPES, RECORDED_TYPES, type ActionType } from '../scenario/actionTypes.ts';

export const ActionSchema = z.strictObject({
  atSec: z.number().int().min(0).max(400 * 86_400),
  type: z.enum(ACTION_TYPES),
  target: z.string().max(200).default(''),
  // JSON values only: sessions are JSON files, and a replay must hash exactly what was recorded.
  params: z.record(z.string(), z.json()).default({}),
});
export const ActionListSchema = z.array(ActionSchema).max(100_000);

export type Action = z.output<typeof ActionSchema>;
export type ActionInput = z.input<typeof ActionSchema>;

export interface ActionRecord extends Action {
  /** `applied` (scheduled or recorded), or `rejected` with the reason in `message`. */
  result: 'applied' | 'rejected';
  message: string;
  /** Second the last of its effects lands, when it has any. */
  effectiveAtSec: number | null;
}

/** Delays, seconds: how long each step takes in a typical Kubernetes shop. */
export const DELAY = {
  pipeline: 30,
  flag: 10,
  config: 60,
  scaleSchedule: 20,
  drain: 30,
  shed: 30,
  certificate: 180,
  freeDisk: 120,
  clearCache: 5,
  quota: 600,
} as const;

type Reject = { ok: false; message: string };
type Plan = { ok: true; message: string; events: Omit<PendingEvent, 'seq' | 'action'>[] };

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function resolveInst(model: Model, a: Action): { inst: number; env: string } | Reject {
  const env = str(a.params.env) ?? 'prod';
  const e = model.envIndex.get(env);
  if (e === undefined) return { ok: false, message: `unknown environment "${env}" (known: ${model.envIds.join(', ')})` };
  const s = model.svcIndex.get(a.target);
  if (s === undefined) return { ok: false, message: `unknown service "${a.target}" (known: ${model.svcIds.join(', ')})` };
  return { inst: e * model.nSvc + s, env };
}

function latestOfType(model: Model, rev: readonly number[], type: 'deploy' | 'config'): number {
  let best = -1;
  for (const c of rev) {
    const ch = model.scenario.changes[c];
    if (ch?.type !== type) continue;
    if (best < 0 || ch.at >= (model.scenario.changes[best]?.at ?? -Infinity)) best = c;
  }
  return best;
}

function rolloutSec(model: Model, state: SimState, inst: number): number {
  const pods = (state.pods[inst] ?? []).filter((p) => p.retireAtSec < 0).length;
  return Math.max(1, pods) * (model.services[inst % model.nSvc]?.startupSec ?? 30);
}

/** Checks an action against the current state and returns its scheduled effects. */
export function planAction(model: Model, state: SimState, a: Action): Plan | Reject {
  const t = state.nowSec;
  if ((RECORDED_TYPES as readonly string[]).includes(a.type)) return { ok: true, message: 'recorded', events: [] };
  switch (a.type) {
    case 'rollback':
    case 'revertConfig': {
      if (a.type === 'revertConfig' && model.changeIndex.has(a.target)) return revertChange(model, state, a);
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      const svc = r.inst % model.nSvc;
      const rev = state.revisions[r.inst]?.[state.targetRev[r.inst] ?? 0] ?? [];
      const kind = a.type === 'rollback' ? 'deploy' : 'config';
      const wanted = str(a.params.change);
      const c = wanted !== undefined ? (model.changeIndex.get(wanted) ?? -1) : latestOfType(model, rev, kind);
      if (c < 0 || !rev.includes(c)) {
        return {
          ok: false,
          message: kind === 'deploy'
            ? `nothing to roll back: ${a.target} in ${r.env} runs ${versionOf(model, rev, svc)} with no earlier deploy in this scenario`
            : `no config change to revert on ${a.target} in ${r.env}`,
        };
      }
      const from = versionOf(model, rev, svc);
      const next = rev.filter((x) => x !== c);
      const delay = kind === 'deploy' ? DELAY.pipeline : DELAY.config;
      const done = delay + rolloutSec(model, state, r.inst);
      const ch = model.scenario.changes[c];
      const what = kind === 'deploy' ? `rolling back ${a.target} from ${from} to ${versionOf(model, next, svc)}` : `reverting config change ${ch?.id ?? ''} on ${a.target}`;
      return {
        ok: true,
        message: `${what} in ${r.env}; pods replaced one by one, done in about ${formatDuration(done)}`,
        events: [{ atSec: t + delay, kind: 'rollout', inst: r.inst, num: -1, text: next.join(',') }],
      };
    }
    case 'restart': {
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      const done = rolloutSec(model, state, r.inst);
      return {
        ok: true,
        message: `rolling restart of ${a.target} in ${r.env}, done in about ${formatDuration(done)}`,
        events: [{ atSec: t + 1, kind: 'restart', inst: r.inst, num: 0, text: '' }],
      };
    }
    case 'scale':
    case 'scaleConsumers': {
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      const n = num(a.params.replicas);
      if (n === undefined || !Number.isInteger(n) || n < 0 || n > 500) {
        return { ok: false, message: 'params.replicas must be a whole number from 0 to 500' };
      }
      const def = model.services[r.inst % model.nSvc];
      if (a.type === 'scaleConsumers' && !def?.consumes) return { ok: false, message: `${a.target} is not a queue consumer (it has no "consumes")` };
      let note = '';
      if (def?.consumes) {
        const parts = model.services[model.svcIndex.get(def.consumes) ?? -1]?.partitions;
        if (parts !== undefined && n > parts) note = `; only ${parts} can consume at once (the queue has ${parts} partitions)`;
      }
      return {
        ok: true,
        message: `scaling ${a.target} in ${r.env} to ${n} replicas; new ones ready in about ${formatDuration(DELAY.scaleSchedule + (def?.startupSec ?? 30))}${note}`,
        events: [{ atSec: t + DELAY.scaleSchedule, kind: 'scale', inst: r.inst, num: n, text: '' }],
      };
    }
    case 'toggleFlag': {
      const f = model.flagIndex.get(a.target);
      if (f === undefined) {
        const known = model.scenario.flags.map((x) => x.id);
        return { ok: false, message: `unknown flag "${a.target}"${known.length ? ` (known: ${known.join(', ')})` : ' (this scenario has no flags)'}` };
      }
      const value = typeof a.params.value === 'boolean' ? a.params.value : (state.flags[f] ?? 0) === 0;
      return {
        ok: true,
        message: `flag ${a.target} set to ${value ? 'on' : 'off'}; propagates in about ${DELAY.flag}s`,
        events: [{ atSec: t + DELAY.flag, kind: 'flag', inst: -1, num: f * 2 + (value ? 1 : 0), text: a.target }],
      };
    }
    case 'failover':
    case 'drainZone': {
      const z = (() => {
        const i = state.zoneNames.indexOf(a.target);
        return i;
      })();
      const env = str(a.params.env) ?? 'prod';
      const e = model.envIndex.get(env);
      if (z < 0) return { ok: false, message: `unknown zone "${a.target}" (zones: ${state.zoneNames.join(', ')})` };
      if (e === undefined) return { ok: false, message: `unknown environment "${env}"` };
      return {
        ok: true,
        message: `draining zone ${a.target} in ${env}: its pods are rescheduled to the other zones`,
        events: [{ atSec: t + DELAY.drain, kind: 'drain', inst: e, num: z, text: a.target }],
      };
    }
    case 'raiseLimit':
      return planRaise(model, state, a);
    case 'shedLoad': {
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      const ratio = num(a.params.ratio) ?? 0.2;
      if (ratio < 0 || ratio > 0.95) return { ok: false, message: 'params.ratio is the share of requests to reject, from 0 (stop shedding) to 0.95' };
      return {
        ok: true,
        message: ratio > 0 ? `shedding ${Math.round(ratio * 100)}% of requests at ${a.target} with 429 in about ${DELAY.shed}s` : `stopping load shedding at ${a.target}`,
        events: [{ atSec: t + DELAY.shed, kind: 'shed', inst: r.inst, num: ratio, text: '' }],
      };
    }
    case 'renewCertificate': {
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      return {
        ok: true,
        message: `issuing and reloading a new certificate for ${a.target}: about ${formatDuration(DELAY.certificate)}`,
        events: [{ atSec: t + DELAY.certificate, kind: 'renewCert', inst: r.inst, num: 0, text: '' }],
      };
    }
    case 'freeDisk': {
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      return {
        ok: true,
        message: `rotating and deleting old logs on ${a.target}: about ${formatDuration(DELAY.freeDisk)}`,
        events: [{ atSec: t + DELAY.freeDisk, kind: 'freeDisk', inst: r.inst, num: 0, text: '' }],
      };
    }
    case 'clearCache': {
      const r = resolveInst(model, a);
      if ('ok' in r) return r;
      if (model.services[r.inst % model.nSvc]?.type !== 'cache') return { ok: false, message: `${a.target} is not a cache` };
      return {
        ok: true,
        message: `flushing ${a.target}; it refills from its callers' misses`,
        events: [{ atSec: t + DELAY.clearCache, kind: 'clearCache', inst: r.inst, num: 0, text: '' }],
      };
    }
  }
  return { ok: false, message: `unknown action type "${a.type}"` };
}

function revertChange(model: Model, state: SimState, a: Action): Plan | Reject {
  const c = model.changeIndex.get(a.target) ?? -1;
  const ch = model.scenario.changes[c];
  if (!ch) return { ok: false, message: `unknown change "${a.target}"` };
  if (ch.at > state.nowSec) return { ok: false, message: `change ${ch.id} has not happened yet` };
  if (ch.type === 'flag') return { ok: false, message: `change ${ch.id} flipped flag ${ch.flag ?? ''}: use toggleFlag` };
  if (ch.type === 'deploy') return { ok: false, message: `change ${ch.id} is a deploy: use rollback on ${ch.service ?? 'its service'}` };
  if (ch.type === 'infra') {
    return {
      ok: true,
      message: `reverting infrastructure change ${ch.id}: about ${formatDuration(2 * DELAY.config)}`,
      events: [{ atSec: state.nowSec + 2 * DELAY.config, kind: 'revertInfra', inst: -1, num: c, text: ch.id }],
    };
  }
  const svc = ch.service ? model.svcIndex.get(ch.service) : undefined;
  const env = model.envIndex.get(ch.env);
  if (svc === undefined || env === undefined) return { ok: false, message: `change ${ch.id} names no service to revert` };
  return planAction(model, state, { ...a, type: 'revertConfig', target: ch.service ?? '', params: { ...a.params, env: ch.env, change: ch.id } });
}

function planRaise(model: Model, state: SimState, a: Action): Plan | Reject {
  const r = resolveInst(model, a);
  if ('ok' in r) return r;
  const t = state.nowSec;
  const resource = str(a.params.resource);
  const value = num(a.params.value);
  const kinds = ['memory', 'cpu', 'pool', 'timeout', 'rateLimit'];
  if (!resource || !kinds.includes(resource)) return { ok: false, message: `params.resource must be one of ${kinds.join(', ')}` };
  if (value === undefined || value <= 0) return { ok: false, message: 'params.value must be a positive number (MB, cores, connections, ms or requests per second)' };
  const svc = r.inst % model.nSvc;
  if (resource === 'pool' || resource === 'timeout') {
    const dep = str(a.params.dependency);
    const edges = (model.outEdges[svc] ?? []).filter((e) => {
      const edge = model.edges[e];
      return edge && (dep === undefined || model.svcIds[edge.to] === dep) && (resource === 'timeout' || edge.pool > 0);
    });
    if (edges.length === 0) {
      return { ok: false, message: resource === 'pool' ? `${a.target} has no connection pool${dep ? ` to ${dep}` : ''}` : `${a.target} does not call ${dep ?? 'anything'}` };
    }
    const env = Math.floor(r.inst / model.nSvc);
    return {
      ok: true,
      message: `${resource === 'pool' ? 'pool size' : 'timeout'} of ${a.target}${dep ? ` -> ${dep}` : ''} set to ${value}${resource === 'pool' ? ' per replica' : ' ms'}; config reload in about ${DELAY.config}s`,
      events: edges.map((e) => ({ atSec: t + DELAY.config, kind: resource, inst: env * model.edges.length + e, num: value, text: '' })),
    };
  }
  if (resource === 'rateLimit') {
    return {
      ok: true,
      message: `asked the provider to raise ${a.target}'s quota by ${value} requests/s; providers take about ${formatDuration(DELAY.quota)}`,
      events: [{ atSec: t + DELAY.quota, kind: 'quota', inst: r.inst, num: value, text: '' }],
    };
  }
  return {
    ok: true,
    message: `${resource} limit of ${a.target} set to ${value}${resource === 'memory' ? ' MB' : ' cores'}; applied by a rolling restart`,
    events: [
      { atSec: t + 1, kind: resource === 'memory' ? 'memLimit' : 'cpuLimit', inst: r.inst, num: value, text: '' },
      { atSec: t + 1, kind: 'restart', inst: r.inst, num: 0, text: '' },
    ],
  };
}
