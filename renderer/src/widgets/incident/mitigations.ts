// The mitigation actions in plain language: what each needs (target and params, as
// engine/src/sim/actions.ts checks them), the sentence a confirmation states, and the state of
// each one taken ("in progress" until its effect lands, then "done"), read from the action record
// and the timeline events the engine emits when it takes effect.

import type { ActionRecord, MitigationDef, TimelineEvent } from '../../../../engine/src/index.ts';
import type { ActArgs, ChangeView, JsonValue, Overview, ScenarioInfo, ServiceInfo } from '../../worker/protocol.ts';

export type MitigationType = MitigationDef['action']['type'];

export const MITIGATIONS: Record<MitigationType, { label: string; verb: string; blurb: string }> = {
  rollback: { label: 'Roll back a deploy', verb: 'Roll back', blurb: 'Redeploy the version before the latest deploy' },
  restart: { label: 'Restart a service', verb: 'Restart', blurb: 'Rolling restart: pods replaced one by one' },
  scale: { label: 'Scale a service', verb: 'Scale', blurb: 'Change the number of replicas' },
  toggleFlag: { label: 'Toggle a feature flag', verb: 'Set flag', blurb: 'Turn a flag or kill switch on or off' },
  revertConfig: { label: 'Revert a config change', verb: 'Revert', blurb: 'Undo a config or infrastructure change' },
  failover: { label: 'Fail over', verb: 'Fail over', blurb: 'Move traffic out of a zone' },
  drainZone: { label: 'Drain a zone', verb: 'Drain zone', blurb: 'Reschedule pods out of a zone' },
  raiseLimit: { label: 'Raise a limit', verb: 'Apply limit', blurb: 'Memory, CPU, pool size, timeout or quota' },
  shedLoad: { label: 'Shed load', verb: 'Shed load', blurb: 'Reject a share of requests with 429' },
  renewCertificate: { label: 'Renew a certificate', verb: 'Renew', blurb: 'Issue and load a new TLS certificate' },
  freeDisk: { label: 'Free disk space', verb: 'Free disk', blurb: 'Rotate and delete old logs' },
  clearCache: { label: 'Clear a cache', verb: 'Flush cache', blurb: 'Flush a cache; it refills from misses' },
  scaleConsumers: { label: 'Scale queue consumers', verb: 'Scale consumers', blurb: 'Change the number of consumer replicas' },
};
export const MITIGATION_ORDER = Object.keys(MITIGATIONS) as MitigationType[];

export function isMitigation(type: string): type is MitigationType {
  return type in MITIGATIONS;
}

export const LIMIT_RESOURCES = {
  memory: { label: 'Memory limit', unit: 'MB' },
  cpu: { label: 'CPU limit', unit: 'cores' },
  pool: { label: 'Connection pool size', unit: 'per replica' },
  timeout: { label: 'Call timeout', unit: 'ms' },
  rateLimit: { label: 'Provider quota (raise by)', unit: 'requests/s' },
} as const;
export type LimitResource = keyof typeof LIMIT_RESOURCES;

/** Everything a form field may hold, as strings (what <select>/<input> give). */
export interface MitigationForm {
  target: string;
  env: string;
  /** rollback: a specific deploy ('' = the latest). */
  change: string;
  replicas: string;
  /** toggleFlag: 'on' | 'off'. */
  flagValue: string;
  resource: LimitResource;
  amount: string;
  dependency: string;
  /** shedLoad: percent. */
  percent: string;
}

export interface MitigationContext {
  scenario: ScenarioInfo;
  /** The change feed so far (query/changes). */
  changes: readonly ChangeView[];
  overview: Overview | null;
  actions: readonly ActionRecord[];
  events: readonly TimelineEvent[];
}

/** The targets a type can act on: services (filtered by what makes sense), flags, zones or changes. */
export function targetsFor(type: MitigationType, ctx: MitigationContext): { value: string; label: string }[] {
  const svc = (s: ServiceInfo) => ({ value: s.id, label: s.name ? `${s.id} — ${s.name}` : s.id });
  const services = ctx.scenario.services;
  switch (type) {
    case 'toggleFlag':
      return ctx.scenario.flags.map((f) => ({ value: f.id, label: `${f.id} (${f.service})` }));
    case 'failover':
    case 'drainZone':
      return zonesOf(ctx.scenario).map((z) => ({ value: z, label: `zone ${z}` }));
    case 'revertConfig':
      return ctx.changes.filter((c) => c.type === 'config' || c.type === 'infra').map((c) => ({ value: c.id, label: `${c.id} — ${c.summary}` }));
    case 'clearCache':
      return services.filter((s) => s.type === 'cache').map(svc);
    case 'scaleConsumers':
      return services.filter((s) => s.consumes !== undefined).map(svc);
    case 'rollback':
      return services.filter((s) => s.type !== 'external').map(svc);
    default:
      return services.map(svc);
  }
}

export function zonesOf(scenario: ScenarioInfo): string[] {
  return [...new Set(scenario.services.flatMap((s) => s.zones))].sort();
}

/** Whether the type takes an environment param (flags and change reverts carry their own). */
export function takesEnv(type: MitigationType): boolean {
  return type !== 'toggleFlag' && type !== 'revertConfig';
}

export function currentReplicas(ctx: MitigationContext, service: string, env: string): number | null {
  const h = ctx.overview?.services.find((s) => s.service === service && s.env === env);
  if (h) return h.desiredReplicas;
  return ctx.scenario.services.find((s) => s.id === service)?.replicas ?? null;
}

/** Current value of a flag: its default, then flag changes from the feed, then applied toggles. */
export function flagValue(ctx: MitigationContext, flag: string): boolean {
  const def = ctx.scenario.flags.find((f) => f.id === flag);
  let value = def?.default ?? false;
  const moments: { atSec: number; value: boolean }[] = [];
  for (const c of ctx.changes) if (c.type === 'flag' && c.flag === flag && c.value !== undefined) moments.push({ atSec: c.atSec, value: c.value });
  for (const e of ctx.events) if (e.kind === 'flag' && e.ref === flag && e.value !== undefined) moments.push({ atSec: e.atSec, value: e.value === 1 });
  moments.sort((a, b) => a.atSec - b.atSec);
  for (const m of moments) value = m.value;
  return value;
}

/** Deploys of a service in an environment still live: the feed minus earlier applied rollbacks. */
export function liveDeploys(ctx: MitigationContext, service: string, env: string): ChangeView[] {
  const deploys = ctx.changes.filter((c) => c.type === 'deploy' && c.service === service && c.env === env).sort((a, b) => a.atSec - b.atSec);
  for (const a of ctx.actions) {
    if (a.type !== 'rollback' || a.result !== 'applied' || a.target !== service || (typeof a.params.env === 'string' ? a.params.env : 'prod') !== env) continue;
    const wanted = typeof a.params.change === 'string' ? a.params.change : null;
    const i = wanted ? deploys.findIndex((d) => d.id === wanted) : deploys.length - 1;
    if (i >= 0) deploys.splice(i, 1);
  }
  return deploys;
}

export function defaultForm(type: MitigationType, ctx: MitigationContext, env: string): MitigationForm {
  const target = targetsFor(type, ctx)[0]?.value ?? '';
  const replicas = currentReplicas(ctx, target, env);
  return {
    target,
    env,
    change: '',
    replicas: replicas === null ? '' : String(type === 'scale' || type === 'scaleConsumers' ? replicas * 2 : replicas),
    flagValue: target && flagValue(ctx, target) ? 'off' : 'on',
    resource: 'memory',
    amount: '',
    dependency: '',
    percent: '20',
  };
}

export type Planned = { ok: true; args: ActArgs; sentence: string } | { ok: false; problem: string };

const svcLabel = (ctx: MitigationContext, id: string): string => id || 'the service';

/** Turns a filled form into the action and the sentence its confirmation states. */
export function planMitigation(type: MitigationType, f: MitigationForm, ctx: MitigationContext): Planned {
  if (!f.target) return { ok: false, problem: type === 'revertConfig' ? 'Choose a change to revert.' : 'Choose a target.' };
  const env = f.env || 'prod';
  const envParam: Record<string, JsonValue> = takesEnv(type) ? { env } : {};
  const target = f.target;
  const name = svcLabel(ctx, target);
  switch (type) {
    case 'rollback': {
      const live = liveDeploys(ctx, target, env);
      const chosen = f.change ? live.find((d) => d.id === f.change) : live[live.length - 1];
      const params: Record<string, JsonValue> = f.change ? { env, change: f.change } : { env };
      if (!chosen) {
        return { ok: true, args: { type, target, params }, sentence: `Roll back ${name} in ${env}? The change feed shows no deploy of ${name} in ${env} to undo.` };
      }
      const latest = live[live.length - 1];
      const from = latest?.version ?? '?';
      const to = chosen === latest ? (chosen.previousVersion ?? 'the previous version') : from;
      return {
        ok: true,
        args: { type, target, params },
        sentence:
          chosen === latest
            ? `Roll back ${name} in ${env} from ${from} to ${to}?`
            : `Roll back deploy ${chosen.id} (${chosen.version ?? ''}) of ${name} in ${env}, keeping the later deploys?`,
      };
    }
    case 'restart': {
      const n = currentReplicas(ctx, target, env);
      return { ok: true, args: { type, target, params: envParam }, sentence: `Restart ${name} in ${env}? ${n === null ? 'Its pods' : `Its ${n} pod${n === 1 ? '' : 's'}`} are replaced one by one, on the same version.` };
    }
    case 'scale':
    case 'scaleConsumers': {
      const n = Number(f.replicas);
      if (f.replicas.trim() === '' || !Number.isInteger(n) || n < 0 || n > 500) return { ok: false, problem: 'Replicas must be a whole number from 0 to 500.' };
      const cur = currentReplicas(ctx, target, env);
      return {
        ok: true,
        args: { type, target, params: { env, replicas: n } },
        sentence: `Scale ${type === 'scaleConsumers' ? 'the consumers ' : ''}${name} in ${env} ${cur === null ? '' : `from ${cur} `}to ${n} replica${n === 1 ? '' : 's'}?`,
      };
    }
    case 'toggleFlag': {
      const on = f.flagValue === 'on';
      const flag = ctx.scenario.flags.find((x) => x.id === target);
      const now = flagValue(ctx, target);
      return {
        ok: true,
        args: { type, target, params: { value: on } },
        sentence: `Turn flag ${target}${flag ? ` (${flag.service})` : ''} ${on ? 'on' : 'off'}?${now === on ? ` It is already ${on ? 'on' : 'off'}.` : ''}${flag?.description ? ` ${flag.description}` : ''}`,
      };
    }
    case 'revertConfig': {
      const ch = ctx.changes.find((c) => c.id === target);
      return {
        ok: true,
        args: { type, target, params: {} },
        sentence: ch
          ? `Revert ${ch.type === 'infra' ? 'infrastructure' : 'config'} change ${ch.id}${ch.service ? ` on ${ch.service}` : ''} in ${ch.env} (“${ch.summary}”)?`
          : `Revert change ${target}?`,
      };
    }
    case 'failover':
    case 'drainZone':
      return {
        ok: true,
        args: { type, target, params: envParam },
        sentence: `${type === 'failover' ? 'Fail over out of' : 'Drain'} zone ${target} in ${env}? Its pods are rescheduled to the other zones.`,
      };
    case 'raiseLimit': {
      const v = Number(f.amount);
      if (f.amount.trim() === '' || !Number.isFinite(v) || v <= 0) return { ok: false, problem: `Enter a positive ${LIMIT_RESOURCES[f.resource].unit} value.` };
      const params: Record<string, JsonValue> = { env, resource: f.resource, value: v };
      const dep = (f.resource === 'pool' || f.resource === 'timeout') && f.dependency ? f.dependency : '';
      if (dep) params.dependency = dep;
      const sentence = (() => {
        switch (f.resource) {
          case 'memory':
            return `Set ${name}'s memory limit in ${env} to ${v} MB? It is applied by a rolling restart.`;
          case 'cpu':
            return `Set ${name}'s CPU limit in ${env} to ${v} cores? It is applied by a rolling restart.`;
          case 'pool':
            return `Set ${name}'s connection pool${dep ? ` to ${dep}` : 's'} in ${env} to ${v} per replica?`;
          case 'timeout':
            return `Set ${name}'s timeout${dep ? ` for calls to ${dep}` : 's'} in ${env} to ${v} ms?`;
          case 'rateLimit':
            return `Ask the provider to raise ${name}'s quota in ${env} by ${v} requests/s? Providers take several minutes.`;
        }
      })();
      return { ok: true, args: { type, target, params }, sentence };
    }
    case 'shedLoad': {
      const p = Number(f.percent);
      if (f.percent.trim() === '' || !Number.isFinite(p) || p < 0 || p > 95) return { ok: false, problem: 'The share to shed is a percentage from 0 (stop shedding) to 95.' };
      return {
        ok: true,
        args: { type, target, params: { env, ratio: Math.round(p) / 100 } },
        sentence: p === 0 ? `Stop shedding load at ${name} in ${env}?` : `Shed ${Math.round(p)}% of requests at ${name} in ${env}? They are rejected with HTTP 429.`,
      };
    }
    case 'renewCertificate':
      return { ok: true, args: { type, target, params: envParam }, sentence: `Issue and load a new TLS certificate for ${name} in ${env}?` };
    case 'freeDisk':
      return { ok: true, args: { type, target, params: envParam }, sentence: `Free disk space on ${name} in ${env} by rotating and deleting old logs?` };
    case 'clearCache':
      return { ok: true, args: { type, target, params: envParam }, sentence: `Flush ${name} in ${env}? Every key is dropped; it refills from its callers' misses.` };
  }
}

// ---------------------------------------------------------------------------------------------
// Taken mitigations and their state

export type MitigationPhase = 'rejected' | 'inProgress' | 'done';

export interface TakenMitigation {
  /** Index of the action in the run's action list (stable key). */
  index: number;
  record: ActionRecord;
  phase: MitigationPhase;
  /** When it is (or was) complete, when known: the rollout's last pod ready, or the effect's second. */
  doneSec: number | null;
  /** 0..1 while in progress with a known end. */
  progress: number | null;
  /** One line on what is happening now. */
  detail: string;
}

const ROLLING: Partial<Record<MitigationType, 'rollout' | 'restart'>> = { rollback: 'rollout', revertConfig: 'rollout', restart: 'restart' };

/** The completion second the engine states on a rollout/restart event ("…, complete at 1090s"). */
function completeAt(e: TimelineEvent): number | null {
  const m = /complete at (\d+)s/.exec(e.text);
  return m ? Number(m[1]) : null;
}

function rollingKind(r: ActionRecord): 'rollout' | 'restart' | null {
  const t = r.type as MitigationType;
  if (t === 'raiseLimit') return r.params.resource === 'memory' || r.params.resource === 'cpu' ? 'restart' : null;
  return ROLLING[t] ?? null;
}

/** `at` formats a second of the run for the one-line details (the panel passes the wall clock). */
export function takenMitigations(
  actions: readonly ActionRecord[],
  events: readonly TimelineEvent[],
  nowSec: number,
  overview: Overview | null,
  at: (sec: number) => string = (sec) => `${sec}s`,
): TakenMitigation[] {
  const out: TakenMitigation[] = [];
  actions.forEach((record, index) => {
    if (!isMitigation(record.type)) return;
    if (record.result === 'rejected') {
      out.push({ index, record, phase: 'rejected', doneSec: null, progress: null, detail: record.message });
      return;
    }
    const eff = record.effectiveAtSec ?? record.atSec;
    const span = (end: number) => (end > record.atSec ? Math.min(1, Math.max(0, (nowSec - record.atSec) / (end - record.atSec))) : 1);
    const kind = rollingKind(record);
    if (nowSec < eff) {
      out.push({ index, record, phase: 'inProgress', doneSec: null, progress: span(eff) * (kind ? 0.25 : 1), detail: kind === 'rollout' ? `Pipeline running; pods start rolling at ${at(eff)}` : `Takes effect at ${at(eff)}` });
      return;
    }
    if (kind) {
      const env = typeof record.params.env === 'string' ? record.params.env : 'prod';
      const ev = events.find(
        (e) =>
          e.atSec === eff &&
          (record.type === 'revertConfig'
            ? e.kind === 'rollout' || (e.kind === 'change' && e.text.includes(record.target))
            : e.kind === kind && e.service === record.target && e.env === env),
      );
      const done = ev && ev.kind !== 'change' ? completeAt(ev) : null;
      if (ev === undefined || (done !== null && nowSec < done)) {
        const p = done === null ? null : 0.25 + 0.75 * Math.min(1, Math.max(0, (nowSec - eff) / Math.max(1, done - eff)));
        out.push({ index, record, phase: 'inProgress', doneSec: done, progress: p, detail: done === null ? 'Replacing pods one by one' : `Replacing pods one by one; complete at ${at(done)}` });
        return;
      }
      out.push({ index, record, phase: 'done', doneSec: done ?? eff, progress: 1, detail: record.message });
      return;
    }
    if ((record.type === 'scale' || record.type === 'scaleConsumers') && typeof record.params.replicas === 'number') {
      const env = typeof record.params.env === 'string' ? record.params.env : 'prod';
      const h = overview?.services.find((s) => s.service === record.target && s.env === env);
      if (h && h.desiredReplicas === record.params.replicas && h.readyReplicas < h.desiredReplicas) {
        out.push({ index, record, phase: 'inProgress', doneSec: null, progress: null, detail: `${h.readyReplicas} of ${h.desiredReplicas} replicas ready` });
        return;
      }
    }
    out.push({ index, record, phase: 'done', doneSec: eff, progress: 1, detail: record.message });
  });
  return out;
}

/** "Roll back checkout (prod)" for lists and the timeline. */
export function mitigationTitle(r: Pick<ActionRecord, 'type' | 'target' | 'params'>): string {
  const t = r.type as MitigationType;
  const env = typeof r.params.env === 'string' ? ` (${r.params.env})` : '';
  const verb = MITIGATIONS[t]?.verb ?? r.type;
  switch (t) {
    case 'scale':
    case 'scaleConsumers':
      return `${verb} ${r.target}${env} to ${String(r.params.replicas ?? '?')}`;
    case 'toggleFlag':
      return `${verb} ${r.target} ${r.params.value === true ? 'on' : r.params.value === false ? 'off' : '(toggle)'}`;
    case 'failover':
    case 'drainZone':
      return `${verb} ${r.target}${env}`;
    case 'raiseLimit':
      return `${String(r.params.resource ?? 'limit')} of ${r.target}${env} → ${String(r.params.value ?? '?')}`;
    case 'shedLoad':
      return `${verb} ${Math.round(Number(r.params.ratio ?? 0.2) * 100)}% at ${r.target}${env}`;
    default:
      return `${verb} ${r.target}${env}`;
  }
}
