// The after-action report: everything a finished session taught, in one object (exported as
// JSON) and rendered as Markdown or as a print-ready, self-contained HTML page. Deterministic:
// the same session gives the same bytes.

import { formatIsoSec } from '../core/time.ts';
import { counterfactual, type CounterfactualResult } from '../counterfactual/replay.ts';
import type { CounterfactualItem } from '../counterfactual/items.ts';
import { runFacts, type RunFacts } from '../postmortem/facts.ts';
import { scorePostmortem, type PostmortemScore } from '../postmortem/rubric.ts';
import type { Postmortem } from '../postmortem/schema.ts';
import { formatDuration, formatOffset } from '../scenario/duration.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ActionRecord } from '../sim/actions.ts';
import { createSim } from '../sim/sim.ts';
import { scoreSession, type ScoredRun, type ScoreReport } from '../score/score.ts';
import { fixed, pts, renderHtml, renderMarkdown, whole, type Block } from './blocks.ts';
import { postmortemBlocks, rubricBlocks } from './postmortem.ts';

export const REPORT_FORMAT = 'firedrill-report/v1';

export interface AfterActionReport {
  format: typeof REPORT_FORMAT;
  scenario: { id: string; title: string; summary: string; difficulty: string; start: string };
  seed: number;
  durationSec: number;
  score: ScoreReport;
  facts: RunFacts;
  path: {
    /** What the trainee did, in order. */
    trainee: { atSec: number; text: string }[];
    /** What an expert does (the scenario's debrief). */
    expert: string[];
    evidencePath: string[];
    differences: string[];
  };
  postmortem: { doc: Postmortem; score: PostmortemScore } | null;
  counterfactual: CounterfactualResult | null;
  /** Why the counterfactual could not run, when items were given but were invalid. */
  counterfactualErrors: string[];
}

export interface ReportOptions {
  postmortem?: Postmortem;
  /** Items to replay; default: the `counterfactual` specs of the postmortem's action items. */
  items?: readonly CounterfactualItem[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** One readable line per recorded action. */
export function describeAction(a: ActionRecord): string {
  const p = a.params;
  switch (a.type) {
    case 'observe': {
      const bits = Object.entries(p)
        .filter(([k]) => k !== 'fromSec' && k !== 'toSec')
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.map(str).join('+') : str(v)}`);
      return `looked at ${a.target}${bits.length ? ` (${bits.join(', ')})` : ''}`;
    }
    case 'acknowledge':
      return `acknowledged ${a.target || 'a page'}`;
    case 'declareIncident':
      return `declared an incident (${str(p.severity) || 'no severity'})`;
    case 'statusUpdate':
      return `status update (${str(p.audience) || 'internal'}): ${str(p.text)}`;
    case 'hypothesis':
      return `hypothesis ${str(p.id) || a.target}${p.status ? ` [${str(p.status)}]` : ''}${p.text ? `: ${str(p.text)}` : ''}`;
    case 'resolve':
      return `resolved: ${str(p.component) || '?'} (${str(p.category) || '?'})${p.summary ? `: ${str(p.summary)}` : ''}`;
    case 'requestHint':
      return `asked for a hint${p.level !== undefined ? ` (level ${str(p.level)})` : ''}`;
    case 'mitigated':
      return 'declared the incident mitigated';
    default:
      return `${a.type}${a.target ? ` ${a.target}` : ''}${Object.keys(p).length ? ` ${JSON.stringify(p)}` : ''}: ${a.result === 'applied' ? a.message : `rejected: ${a.message}`}`;
  }
}

export function afterActionReport(scenario: Scenario, session: ScoredRun, opts: ReportOptions = {}): AfterActionReport {
  const score = scoreSession(scenario, session);
  const sim = createSim(scenario, { seed: session.seed, durationSec: session.durationSec });
  sim.schedule(session.actions);
  sim.runUntil(sim.durationSec);
  const facts = runFacts(scenario, sim);
  const doc = opts.postmortem ?? null;
  const items = opts.items ?? doc?.actionItems.flatMap((a) => (a.counterfactual ? [a.counterfactual] : [])) ?? [];
  let cf: CounterfactualResult | null = null;
  let cfErrors: string[] = [];
  if (items.length) {
    const r = counterfactual(scenario, session, items, { original: sim });
    if (r.ok) cf = r.result;
    else cfErrors = r.errors;
  }
  return {
    format: REPORT_FORMAT,
    scenario: { id: scenario.metadata.id, title: scenario.metadata.title, summary: scenario.metadata.summary.trim(), difficulty: scenario.metadata.difficulty, start: scenario.start },
    seed: sim.seed,
    durationSec: sim.durationSec,
    score,
    facts,
    path: {
      trainee: facts.actions.map((a) => ({ atSec: a.atSec, text: describeAction(a) })),
      expert: score.expert.expertActions,
      evidencePath: score.expert.evidencePath,
      differences: score.expert.differences,
    },
    postmortem: doc ? { doc, score: scorePostmortem(doc, scenario, facts) } : null,
    counterfactual: cf,
    counterfactualErrors: cfErrors,
  };
}

// Rendering ----------------------------------------------------------------------------------

function reportBlocks(r: AfterActionReport): Block[] {
  const start = r.facts.startEpochSec;
  const clock = (sec: number | null) => (sec === null ? '-' : `${formatIsoSec(start + sec).slice(11, 19)} (${formatOffset(sec)})`);
  const dur = (sec: number | null) => (sec === null ? '-' : formatDuration(Math.round(sec)));
  const s = r.score;
  const b: Block[] = [];

  b.push({ kind: 'h', level: 1, text: `After-action report: ${r.scenario.title}` });
  b.push({ kind: 'p', text: r.scenario.summary });
  b.push({
    kind: 'kv',
    rows: [
      ['Scenario', `${r.scenario.id} (${r.scenario.difficulty})`],
      ['Seed', String(r.seed)],
      ['Simulated start', `${formatIsoSec(start).replace('T', ' ').replace('Z', ' UTC')}`],
      ['Duration', formatDuration(r.durationSec)],
      ['Score', `${s.total}/100 (${s.grade})${s.incident ? '' : ', nothing was broken'}`],
      ...(r.postmortem ? [['Postmortem', `${r.postmortem.score.total}/100 (${r.postmortem.score.grade})`] as [string, string]] : []),
    ],
  });

  b.push({ kind: 'h', level: 2, text: `Score: ${s.total}/100 (${s.grade})` });
  b.push({ kind: 'table', head: ['Area', 'Points', 'Max'], right: [1, 2], rows: s.areas.filter((a) => a.area !== 'hints' || a.points !== 0).map((a) => [a.area, pts(a.points), String(a.max)]) });
  b.push({ kind: 'h', level: 3, text: 'Every point, with its reason' });
  b.push({ kind: 'table', head: ['Area', 'Item', 'Points', 'Max', 'Why'], right: [2, 3], rows: s.items.map((i) => [i.area, i.id, pts(i.points), String(i.max), i.reason]) });

  b.push({ kind: 'h', level: 2, text: 'SLO impact' });
  b.push({
    kind: 'table',
    head: ['SLO', 'SLI', 'Objective', 'Budget used', 'Peak burn', 'Min in violation', 'Bad events', 'Customers'],
    right: [1, 2, 3, 4, 5, 6, 7],
    rows: s.impact.slos.map((x) => [x.id, `${fixed(x.sli * 100, 3)}%`, `${fixed(x.objective * 100, 3)}%`, `${fixed(x.budgetConsumedPercent, 2)}%`, fixed(x.peakBurnRate, 1), fixed(x.minutesInViolation, 1), whole(x.failedRequests), whole(x.customersAffected)]),
  });
  b.push({ kind: 'p', text: `Budget consumed (summed over SLOs): ${fixed(s.impact.budgetConsumedPercent, 2)}%; doing nothing: ${fixed(s.impact.baselineBudgetPercent, 2)}%${s.impact.referenceBudgetPercent === null ? '' : `; the documented fix: ${fixed(s.impact.referenceBudgetPercent, 2)}%`}. Severity deserved: ${s.impact.expectedSeverity}.` });

  b.push({ kind: 'h', level: 2, text: 'Response times' });
  const e = s.events;
  b.push({
    kind: 'table',
    head: ['Moment', 'When'],
    rows: [
      ['Impact start', clock(e.impactSec)],
      ['First alert', clock(e.alertSec)],
      ['Acknowledged', clock(e.ackSec)],
      ['Declared', clock(e.declareSec)],
      ['Mitigated (SLIs back for good)', clock(e.mitigateSec)],
      ['Restored', clock(e.restoreSec)],
      ['Resolved with a root cause', clock(e.resolveSec)],
    ],
  });
  const t = s.times;
  b.push({ kind: 'kv', rows: [['Time to detect', dur(t.ttdSec)], ['Time to acknowledge', dur(t.ttaSec)], ['Time to declare', dur(t.ttDeclareSec)], ['Time to mitigate', dur(t.ttmSec)], ['Outage', dur(t.outageSec)], ['Time to resolve', dur(t.ttrSec)]] });

  b.push({ kind: 'h', level: 2, text: 'Your path and the expert path' });
  b.push({ kind: 'h', level: 3, text: 'What you did' });
  b.push({ kind: 'table', head: ['Time', 'Action'], rows: r.path.trainee.map((x) => [clock(x.atSec), x.text]) });
  b.push({ kind: 'h', level: 3, text: 'What an expert does' });
  b.push({ kind: 'list', ordered: true, items: r.path.expert });
  if (r.path.evidencePath.length) b.push({ kind: 'p', text: `Evidence path: ${r.path.evidencePath.join(' → ')}` });
  b.push({ kind: 'h', level: 3, text: 'What an expert would have done differently' });
  b.push({ kind: 'list', items: r.path.differences });

  if (r.postmortem) {
    b.push(...postmortemBlocks(r.postmortem.doc, { scenarioStart: r.scenario.start, level: 2 }));
    b.push(...rubricBlocks(r.postmortem.score, 3));
  }

  if (r.counterfactual || r.counterfactualErrors.length) {
    b.push({ kind: 'h', level: 2, text: 'Counterfactual replay' });
    if (r.counterfactualErrors.length) b.push({ kind: 'list', items: r.counterfactualErrors.map((x) => `not replayed: ${x}`) });
  }
  const c = r.counterfactual;
  if (c) {
    b.push({ kind: 'list', items: c.items.map((i) => `${i.label}${i.notes.length ? `: ${i.notes.join('; ')}` : ''}`) });
    const o = c.original;
    const k = c.counterfactual;
    b.push({
      kind: 'table',
      head: ['', 'Your run', 'With the items', 'Difference'],
      right: [1, 2, 3],
      rows: [
        ['First page', clock(o.detectSec), clock(k.detectSec), c.comparison.detectionEarlierSec === null ? '-' : `${formatDuration(c.comparison.detectionEarlierSec)} earlier`],
        ['Impact start', clock(o.impactSec), clock(k.impactSec), ''],
        ['Error budget (all SLOs)', `${fixed(o.budgetConsumedPercent, 2)}%`, `${fixed(k.budgetConsumedPercent, 2)}%`, `${fixed(c.comparison.budgetSaved, 2)} points saved`],
        ['Failed requests', whole(o.failedRequests), whole(k.failedRequests), `${whole(c.comparison.failedRequestsSaved)} saved`],
        ...c.comparison.slos.map((x) => [`Budget ${x.id}`, `${fixed(x.budgetOriginal, 2)}%`, `${fixed(x.budgetCounterfactual, 2)}%`, `${fixed(x.budgetSaved, 2)} points saved`]),
      ],
    });
    b.push({ kind: 'list', items: c.notes });
  }
  return b;
}

export function reportMarkdown(r: AfterActionReport): string {
  return renderMarkdown(reportBlocks(r));
}

export function reportHtml(r: AfterActionReport): string {
  return renderHtml(`After-action report: ${r.scenario.title}`, reportBlocks(r));
}
