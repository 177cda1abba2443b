// Applies counterfactual action items to a copy of a scenario. Each item is an honest, narrow
// change to the scenario's data, never to the engine:
//   alert             a new rule in `alerts`, checked like a scenario's own (schema + semantics);
//   gate              the change is caught before production: it and the faults it brought (those
//                     `causedBy` it, and the root-cause fault when `rootCause.change` names it) are
//                     removed from the scenario (it is never applied in prod, so nothing it broke
//                     starts); changes in other environments stay as they were;
//   configValidation  the same for a config change, which validation rejects;
//   timeout, retries  one call's client timeout or retry count, in every environment.
// What is not modelled is said in the notes and in README.md ("Counterfactual replay").

import { formatDuration } from '../scenario/duration.ts';
import { ScenarioSchema, type AlertDef, type ChangeDef, type Scenario } from '../scenario/schema.ts';
import { checkSemantics } from '../scenario/semantics.ts';
import type { CounterfactualItem } from './items.ts';

const AlertRule = ScenarioSchema.shape.alerts.unwrap().element;

export interface AppliedItem {
  item: CounterfactualItem;
  /** One line: what the item is. */
  label: string;
  /** What applying it changed, and what it leaves out. */
  notes: string[];
  /** Alert items: the id of the rule added. */
  alertId?: string;
}

export type ApplyResult = { ok: true; scenario: Scenario; applied: AppliedItem[] } | { ok: false; errors: string[] };

/** Environments that count as production: those the SLOs watch (prod when there are none). */
export function productionEnvs(s: Scenario): Set<string> {
  const envs = new Set(s.slos.map((x) => x.env));
  if (envs.size === 0) envs.add('prod');
  return envs;
}

function changeLabel(c: ChangeDef): string {
  const what = c.type === 'deploy' ? `deploy of ${c.service ?? '?'} ${c.version ?? ''}`.trim() : c.type === 'config' ? `config change on ${c.service ?? '?'}` : c.type === 'flag' ? `flag ${c.flag ?? '?'} set to ${c.value ? 'on' : 'off'}` : 'infrastructure change';
  return `${c.id} (${what} in ${c.env})`;
}

function alertLabel(a: AlertDef): string {
  return a.type === 'threshold'
    ? `${a.severity} alert ${a.id}: ${a.metric} of ${a.service} in ${a.env} ${a.op} ${a.value}${a.for ? ` for ${formatDuration(a.for)}` : ''}`
    : `${a.severity} alert ${a.id}: ${a.slo} burning faster than ${a.burnRate}x over ${formatDuration(a.longWindow)} and ${formatDuration(a.shortWindow)}`;
}

export function applyItems(scenario: Scenario, items: readonly CounterfactualItem[]): ApplyResult {
  let s: Scenario = { ...scenario };
  const applied: AppliedItem[] = [];
  const errors: string[] = [];
  const prodEnvs = productionEnvs(scenario);

  items.forEach((item, i) => {
    const fail = (message: string) => errors.push(`item ${i + 1} (${item.type}): ${message}`);
    switch (item.type) {
      case 'alert': {
        const { id, ...rest } = item.rule;
        const ruleId = id ?? `cf-alert-${i + 1}`;
        const parsed = AlertRule.safeParse({ id: ruleId, ...rest });
        if (!parsed.success) {
          for (const issue of parsed.error.issues) fail(`rule${issue.path.length ? `.${issue.path.map(String).join('.')}` : ''}: ${issue.message}`);
          return;
        }
        const next: Scenario = { ...s, alerts: [...s.alerts, parsed.data] };
        const k = next.alerts.length - 1;
        const issues = checkSemantics(next).filter((x) => x.severity === 'error' && x.path[0] === 'alerts' && x.path[1] === k);
        if (issues.length) {
          for (const x of issues) fail(`rule${x.path.length > 2 ? `.${x.path.slice(2).map(String).join('.')}` : ''}: ${x.message}${x.hint ? ` (${x.hint})` : ''}`);
          return;
        }
        s = next;
        applied.push({ item, label: `new ${alertLabel(parsed.data)}`, notes: [], alertId: parsed.data.id });
        return;
      }
      case 'gate':
      case 'configValidation': {
        const id = item.change ?? scenario.rootCause?.change;
        if (id === undefined) {
          fail(`the scenario's root cause names no change; say which one: {"type":"${item.type}","change":"<change id>"}`);
          return;
        }
        const change = s.changes.find((c) => c.id === id);
        if (!change) {
          const known = scenario.changes.map((c) => c.id);
          fail(scenario.changes.some((c) => c.id === id) ? `change ${id} is already kept out by an earlier item` : `unknown change "${id}"${known.length ? `; known: ${known.join(', ')}` : ''}`);
          return;
        }
        if (!prodEnvs.has(change.env)) {
          fail(`change ${id} is in ${change.env}, not production (${[...prodEnvs].join(', ')}): a pre-production gate keeps changes out of production`);
          return;
        }
        if (item.type === 'configValidation' && change.type !== 'config') {
          fail(`change ${id} is a ${change.type} change; config validation rejects config changes (use {"type":"gate","change":"${id}"})`);
          return;
        }
        // What the change brought: faults `causedBy` it, and the root-cause fault when the
        // scenario's rootCause says this change introduced it (some faults, like a cache's
        // reload after an engine upgrade, cannot be ended by reverting and so carry no causedBy).
        const rc = scenario.rootCause;
        const rootFault = rc?.change === id ? rc.fault : undefined;
        const brought = (f: Scenario['faults'][number]) => f.causedBy === id || f.id === rootFault;
        const caused = s.faults.filter(brought);
        s = { ...s, changes: s.changes.filter((c) => c.id !== id), faults: s.faults.filter((f) => !brought(f)) };
        const verb = item.type === 'gate' ? 'the gate keeps' : 'validation rejects';
        const notes = [
          caused.length
            ? `${verb} ${changeLabel(change)} out of production: ${caused.map((f) => f.id).join(', ')}, which it caused, never start${caused.length === 1 ? 's' : ''}`
            : `${verb} ${changeLabel(change)} out of production; the scenario ties no fault to it, so only the change feed differs`,
          'assumed, not simulated: that the check would have caught it (the simulator does not test the change in staging); whatever else the change shipped is kept out too',
        ];
        const others = scenario.faults.filter((f) => !caused.includes(f));
        if (caused.length && others.length) notes.push(`faults not caused by it still happen: ${others.map((f) => f.id).join(', ')}`);
        applied.push({ item, label: `${item.type === 'gate' ? 'pre-production gate on' : 'config validation rejecting'} ${changeLabel(change)}`, notes });
        return;
      }
      case 'timeout':
      case 'retries': {
        const svc = s.services.find((x) => x.id === item.service);
        if (!svc) {
          fail(`unknown service "${item.service}"; known: ${s.services.map((x) => x.id).join(', ')}`);
          return;
        }
        const k = svc.calls.findIndex((c) => c.to === item.dependency);
        const call = svc.calls[k];
        if (k < 0 || !call) {
          fail(`${item.service} does not call ${item.dependency}${svc.calls.length ? ` (it calls ${svc.calls.map((c) => c.to).join(', ')})` : ' (it calls nothing)'}`);
          return;
        }
        const calls = svc.calls.map((c, j) => (j !== k ? c : item.type === 'timeout' ? { ...c, timeoutMs: item.timeoutMs } : { ...c, retries: item.retries }));
        s = { ...s, services: s.services.map((x) => (x.id === svc.id ? { ...x, calls } : x)) };
        const label = item.type === 'timeout'
          ? `timeout of ${item.service} → ${item.dependency} ${call.timeoutMs} ms → ${item.timeoutMs} ms`
          : `retries of ${item.service} → ${item.dependency} ${call.retries} → ${item.retries}`;
        const notes = ['applies in every environment, from the start of the run'];
        if (item.type === 'timeout' && item.timeoutMs > call.timeoutMs) notes.push('this raises the timeout rather than lowering it');
        applied.push({ item, label, notes });
        return;
      }
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, scenario: s, applied };
}
