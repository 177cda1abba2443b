// Feeds that grow as the run goes on: the change feed, alert episodes, arrived injects and the
// timeline. Only what has happened by now: a future deploy in the feed would give the game away.

import type { ActionRecord, Sim } from '../../../engine/src/index.ts';
import { alertRuleInfo } from './scenarioInfo.ts';
import type { AlertsView, ChangeView, InjectView, TimelineView } from './protocol.ts';

/** A change happened once the tick of its second has run; those at or before 0 were there already. */
function happened(sim: Sim, atSec: number): boolean {
  return atSec <= 0 || atSec < sim.nowSec;
}

export function changes(sim: Sim, env?: string): ChangeView[] {
  const { scenario } = sim.model;
  const list = scenario.changes
    .map((c, k) => ({ c, k }))
    .filter(({ c }) => happened(sim, c.at) && (env === undefined || c.env === env))
    .sort((a, b) => a.c.at - b.c.at || a.k - b.k);
  return list.map(({ c }) => {
    let previousVersion: string | undefined;
    if (c.type === 'deploy' && c.service !== undefined) {
      const earlier = scenario.changes.filter((x) => x.type === 'deploy' && x.service === c.service && x.env === c.env && x.at < c.at && x.version !== undefined);
      const last = earlier.reduce<(typeof earlier)[number] | undefined>((best, x) => (!best || x.at >= best.at ? x : best), undefined);
      previousVersion = last?.version ?? scenario.services.find((s) => s.id === c.service)?.version;
    }
    return {
      id: c.id,
      atSec: c.at,
      type: c.type,
      ...(c.service === undefined ? {} : { service: c.service }),
      env: c.env,
      ...(c.version === undefined ? {} : { version: c.version }),
      ...(previousVersion === undefined ? {} : { previousVersion }),
      author: c.author,
      summary: c.summary,
      ci: c.ci,
      ...(c.diff === undefined ? {} : { diff: c.diff }),
      ...(c.flag === undefined ? {} : { flag: c.flag }),
      ...(c.value === undefined ? {} : { value: c.value }),
    };
  });
}

export function alerts(sim: Sim): AlertsView {
  const { scenario } = sim.model;
  const acks = sim.actions.filter((a) => a.type === 'acknowledge' && a.result === 'applied');
  return {
    rules: scenario.alerts.map((a) => alertRuleInfo(scenario, a)),
    episodes: sim.recorder.alerts.map((ep) => {
      const ack = acks.find((a) => a.target === ep.id && a.atSec >= ep.firedAtSec && (ep.resolvedAtSec === null || a.atSec <= ep.resolvedAtSec));
      return { ...ep, acknowledgedAtSec: ack ? ack.atSec : null };
    }),
  };
}

/** Injects as they arrived: the timeline holds their arrival, the scenario their text. */
export function injectsFrom(sim: Sim, fromIndex: number): InjectView[] {
  const defs = sim.model.scenario.injects;
  const out: InjectView[] = [];
  for (const ev of sim.recorder.timeline.slice(fromIndex)) {
    if (ev.kind !== 'inject') continue;
    const def = defs.find((d) => d.id === ev.ref);
    if (def) out.push({ id: def.id, atSec: ev.atSec, kind: def.kind, from: def.from, subject: def.subject, body: def.body });
  }
  return out;
}

/** A deep copy: in-process callers must not be able to edit the run's action log. */
export function copyAction(a: ActionRecord): ActionRecord {
  return { ...a, params: structuredClone(a.params) };
}

export function timeline(sim: Sim, sinceIndex = 0): TimelineView {
  const events = sim.recorder.timeline.slice(sinceIndex).map((e) => ({ ...e }));
  return { events, actions: sim.actions.map(copyAction), nextIndex: sim.recorder.timeline.length };
}
