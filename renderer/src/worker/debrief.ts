// The debrief commands: the run as it stands, played on to the scenario's end with no further
// actions, scored, measured and reported by the engine (engine/src/score, postmortem,
// counterfactual, report). What a replay needs is cached per number of actions taken.

import {
  PostmortemSchema,
  afterActionReport,
  draftPostmortem,
  measureRun,
  parseCounterfactualItems,
  postmortemMarkdown,
  reportHtml,
  reportMarkdown,
  scorePostmortem,
  type CounterfactualItem,
  type Postmortem,
  type RunFacts,
  type Scenario,
  type Session,
} from '../../../engine/src/index.ts';
import type { ArgsOf, DebriefArgs, DebriefResult, ResultOf } from './protocol.ts';
import { exportSession, type Run } from './run.ts';

/** The session to judge: every action taken, the clock run to the scenario's end. */
function finishedSession(run: Run, scenario: Scenario): Session {
  return { ...exportSession(run, scenario.metadata.id), durationSec: run.sim.durationSec };
}

function issuesOf(err: { issues: { path: PropertyKey[]; message: string }[] }): string[] {
  return err.issues.map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`);
}

type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

function parsePostmortem(value: unknown): Parsed<Postmortem | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  const r = PostmortemSchema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, errors: issuesOf(r.error).map((m) => `postmortem: ${m}`) };
}

function parseItems(value: unknown[] | undefined): Parsed<CounterfactualItem[] | undefined> {
  if (value === undefined) return { ok: true, value: undefined };
  const r = parseCounterfactualItems(value);
  return r.ok ? { ok: true, value: r.items } : { ok: false, errors: r.errors };
}

export interface Debrief {
  report(a: DebriefArgs): DebriefResult;
  draft(): Postmortem;
  rubric(a: ArgsOf<'debrief/rubric'>): ResultOf<'debrief/rubric'>;
  render(a: ArgsOf<'debrief/render'>): string;
}

export function createDebrief(need: () => { run: Run; scenario: Scenario }): Debrief {
  let cache: { run: Run; actions: number; session: Session; facts: RunFacts } | null = null;
  const current = () => {
    const { run, scenario } = need();
    if (!cache || cache.run !== run || cache.actions !== run.sim.actions.length) {
      const session = finishedSession(run, scenario);
      cache = { run, actions: run.sim.actions.length, session, facts: measureRun(scenario, session) };
    }
    return { scenario, ...cache };
  };

  const report = (a: DebriefArgs): DebriefResult => {
    const pm = parsePostmortem(a.postmortem);
    const items = parseItems(a.items);
    const errors = [...(pm.ok ? [] : pm.errors), ...(items.ok ? [] : items.errors)];
    if (!pm.ok || !items.ok) return { ok: false, errors };
    const { scenario, session } = current();
    const opts = { ...(pm.value ? { postmortem: pm.value } : {}), ...(items.value ? { items: items.value } : {}) };
    const x = scenario.expectations;
    const expected = x ? { incident: x.incident, detectWithinSec: x.detectWithin, detectBy: x.detectBy, fixAtSec: x.fixAt, recoverWithinSec: x.recoverWithin } : null;
    return { ok: true, report: afterActionReport(scenario, session, opts), session, expected };
  };

  return {
    report,
    draft() {
      const { scenario, facts } = current();
      return draftPostmortem(scenario, facts);
    },
    rubric(a) {
      const pm = parsePostmortem(a.postmortem);
      if (!pm.ok) return { ok: false, errors: pm.errors };
      if (!pm.value) return { ok: false, errors: ['postmortem: missing'] };
      const { scenario, facts } = current();
      return { ok: true, score: scorePostmortem(pm.value, scenario, facts) };
    },
    render(a) {
      if (a.format === 'postmortem-md') {
        const pm = parsePostmortem(a.postmortem);
        if (!pm.ok) throw new Error(pm.errors.join('; '));
        if (!pm.value) throw new Error('postmortem: missing');
        return postmortemMarkdown(pm.value, { scenarioStart: current().scenario.start });
      }
      const r = report(a);
      if (!r.ok) throw new Error(r.errors.join('; '));
      if (a.format === 'md') return reportMarkdown(r.report);
      if (a.format === 'html') return reportHtml(r.report);
      return `${JSON.stringify(r.report, null, 2)}\n`;
    },
  };
}
