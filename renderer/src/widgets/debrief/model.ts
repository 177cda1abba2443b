// The debrief's arithmetic, free of React: labels and definitions, the expert path placed on the
// run's time axis, the trainee's and the expert's paths merged, clock times typed by the trainee,
// validation messages routed to the field they concern, the error budget over time, and the
// progress screen's weakest area with a scenario that exercises it.

import type { ActionItem, AfterActionReport, BlameFlag, CounterfactualItem, Postmortem, ScoreArea } from '../../../../engine/src/index.ts';
import type { ExpectedPace } from '../../worker/protocol.ts';

// ---------------------------------------------------------------------------------------------
// Labels

export const AREAS = ['impact', 'response', 'diagnosis', 'actions', 'communication', 'hints'] as const satisfies readonly ScoreArea[];
/** The areas that have a maximum (hints only subtract). */
export const SCORED_AREAS = ['impact', 'response', 'diagnosis', 'actions', 'communication'] as const satisfies readonly ScoreArea[];
export type ScoredArea = (typeof SCORED_AREAS)[number];

export const AREA_INFO: Record<ScoreArea, { label: string; what: string }> = {
  impact: { label: 'Impact', what: 'error budget spent compared with doing nothing and with the documented fix' },
  response: { label: 'Response', what: 'how fast the page was acknowledged, the impact detected and mitigated, and the incident resolved' },
  diagnosis: { label: 'Diagnosis', what: 'the root cause named, hypotheses backed by evidence, the key evidence looked at' },
  actions: { label: 'Actions', what: 'a change that fixed it, and no useless, harmful or blind changes' },
  communication: { label: 'Communication', what: 'declared with the right severity, a first update within 10 minutes, then a steady cadence stating impact and next update' },
  hints: { label: 'Hints', what: 'each hint costs 3 points (at most 15)' },
};

/** Response times with their exact definitions (README, "Times"). */
export const TIME_DEFS = [
  { key: 'ttdSec', label: 'TTD', name: 'Time to detect', def: 'Impact start (first 10 s scrape where an SLO’s 5-minute SLI is below objective) → first acknowledge or incident declaration.' },
  { key: 'ttaSec', label: 'TTA', name: 'Time to acknowledge', def: 'First alert fired (the first page; any severity if none paged) → first acknowledge.' },
  { key: 'ttmSec', label: 'TTM', name: 'Time to mitigate', def: 'Impact start → start of the first 5-minute window from which every SLO stays within objective to the end of the run.' },
  { key: 'ttrSec', label: 'TTR', name: 'Time to resolve', def: 'Impact start → the incident resolved naming a root-cause component and category.' },
] as const;

export const VERDICT_TONE: Record<string, 'ok' | 'warn' | 'crit' | 'info'> = {
  effective: 'ok',
  temporary: 'warn',
  useless: 'warn',
  harmful: 'crit',
  unlisted: 'info',
  neutral: 'info',
  rejected: 'crit',
};

export const RUBRIC_LABEL: Record<string, string> = {
  header: 'Header (title, one owner, status, start)',
  sections: 'Sections written',
  'impact-numbers': 'Impact numbers match the run',
  'timeline-order': 'Timeline timestamped and in order',
  'timeline-markers': 'Key moments on the timeline',
  'root-cause': 'Root cause matches',
  'contributing-factors': 'Contributing factors (≥ 2)',
  why: 'Why questions answered',
  blameless: 'Blameless language',
  'action-items': 'Action items (S.T.A.R.)',
};

export const gradeTone = (grade: string): 'ok' | 'warn' | 'crit' => (grade === 'A' || grade === 'B' ? 'ok' : grade === 'C' || grade === 'D' ? 'warn' : 'crit');

/** "12.5" for points, no trailing zeros. */
export const points = (x: number): string => String(Math.round(x * 10) / 10);

// ---------------------------------------------------------------------------------------------
// The expert path on the run's time axis

export interface PathStep {
  atSec: number;
  text: string;
}

export interface ExpertStep extends PathStep {
  /** Placed by the pace rule (between the page and the fix), not a documented time. */
  paced: boolean;
}

export interface ExpertPace {
  steps: ExpertStep[];
  /** The anchors, for the explanation under the timeline. */
  startSec: number;
  fixSec: number;
  endSec: number;
}

/**
 * Places the scenario's expert steps on the run's axis: the first at the first page (else, when
 * nothing paged, by impact start + the scenario's detectWithin), the next ones evenly up to its
 * documented fix time (expectations.fixAt), the last when the SLIs are back (fixAt +
 * recoverWithin). Null when the scenario documents no pace or no expert steps.
 */
export function expertPace(steps: readonly string[], events: { alertSec: number | null; impactSec: number | null }, expected: ExpectedPace | null): ExpertPace | null {
  if (!expected || steps.length === 0) return null;
  const fix = expected.fixAtSec;
  const fromImpact = events.impactSec === null ? null : events.impactSec + expected.detectWithinSec;
  const start = Math.max(0, Math.min(events.alertSec ?? fromImpact ?? fix, fix));
  const end = fix + expected.recoverWithinSec;
  const n = steps.length;
  const out: ExpertStep[] = steps.map((text, i) => {
    if (n === 1) return { atSec: start, text, paced: false };
    if (i === n - 1) return { atSec: end, text, paced: false };
    const atSec = n === 2 ? start : Math.round(start + ((fix - start) * i) / (n - 2));
    return { atSec, text, paced: i !== 0 && i !== n - 2 };
  });
  return { steps: out, startSec: start, fixSec: fix, endSec: end };
}

export interface MergedRow {
  atSec: number;
  trainee: string[];
  expert: ExpertStep[];
}

/** One row per distinct second, the trainee's and the expert's entries side by side. */
export function mergePaths(trainee: readonly PathStep[], expert: readonly ExpertStep[]): MergedRow[] {
  const rows = new Map<number, MergedRow>();
  const row = (atSec: number): MergedRow => {
    let r = rows.get(atSec);
    if (!r) {
      r = { atSec, trainee: [], expert: [] };
      rows.set(atSec, r);
    }
    return r;
  };
  for (const t of trainee) row(t.atSec).trainee.push(t.text);
  for (const e of expert) row(e.atSec).expert.push(e);
  return [...rows.values()].sort((a, b) => a.atSec - b.atSec);
}

// ---------------------------------------------------------------------------------------------
// Clock times typed by the trainee

/** "09:32" or "09:32:50" → run seconds (the nearest day to the run's start: changes before it are negative). */
export function parseClock(text: string, startEpochSec: number): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(text);
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  const sod = h * 3600 + mi * 60 + s;
  const startSod = ((startEpochSec % 86400) + 86400) % 86400;
  let at = sod - startSod;
  if (at > 43200) at -= 86400;
  if (at < -43200) at += 86400;
  return at;
}

// ---------------------------------------------------------------------------------------------
// Validation messages and blame flags, by field

/**
 * The worker's schema messages ("postmortem: actionItems.0.dueDate: Invalid ISO date") by field
 * path ("actionItems.0.dueDate"); messages without a path go under "".
 */
export function errorsByPath(errors: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) {
    const rest = e.replace(/^postmortem: /, '');
    const m = /^([A-Za-z0-9_.]+): (.*)$/.exec(rest);
    const path = m ? (m[1] as string) : '';
    const msg = m ? (m[2] as string) : rest;
    out.set(path, [...(out.get(path) ?? []), msg]);
  }
  return out;
}

/** Messages for a field and everything under it ("actionItems.0" gets "actionItems.0.title" too). */
export function errorsUnder(map: ReadonlyMap<string, string[]>, path: string): string[] {
  const out: string[] = [];
  for (const [k, v] of map) if (k === path || k.startsWith(`${path}.`)) out.push(...(k === path ? v : v.map((x) => `${k.slice(path.length + 1)}: ${x}`)));
  return out;
}

/** Blame flags by the rubric's section name ("summary", "timeline[3]", "actionItems[0].title", …). */
export function flagsBySection(flags: readonly BlameFlag[]): Map<string, BlameFlag[]> {
  const out = new Map<string, BlameFlag[]>();
  for (const f of flags) out.set(f.section, [...(out.get(f.section) ?? []), f]);
  return out;
}

/** The counterfactual specs the replay takes, with the index of the action item each comes from. */
export function replayableItems(doc: Postmortem | null): { index: number; item: CounterfactualItem }[] {
  return (doc?.actionItems ?? []).flatMap((a, index) => (a.counterfactual ? [{ index, item: a.counterfactual }] : []));
}

/** "item 2 (alert): ..." messages of the replay, routed to the action item they concern. */
export function counterfactualErrorsByActionItem(errors: readonly string[], doc: Postmortem | null): Map<number, string[]> {
  const items = replayableItems(doc);
  const out = new Map<number, string[]>();
  for (const e of errors) {
    const m = /^item (\d+)(?: \([^)]*\))?: (.*)$/.exec(e);
    const at = m ? items[Number(m[1]) - 1]?.index : undefined;
    const key = at ?? -1;
    out.set(key, [...(out.get(key) ?? []), m && at !== undefined ? (m[2] as string) : e]);
  }
  return out;
}

export function describeItem(item: CounterfactualItem): string {
  switch (item.type) {
    case 'alert':
      return item.rule.type === 'burnRate'
        ? `new burn-rate alert on ${item.rule.slo ?? '?'} (${item.rule.burnRate ?? '?'}x over ${item.rule.longWindow ?? '?'} and ${item.rule.shortWindow ?? '?'})`
        : `new alert: ${item.rule.metric ?? '?'} of ${item.rule.service ?? '?'} in ${item.rule.env ?? 'prod'} ${item.rule.op ?? '>'} ${item.rule.value ?? '?'} for ${item.rule.for ?? '0s'}`;
    case 'gate':
      return `pre-production gate${item.change ? ` on ${item.change}` : ' on the faulty change'}`;
    case 'configValidation':
      return `config validation${item.change ? ` of ${item.change}` : ' of the faulty change'}`;
    case 'timeout':
      return `timeout of ${item.service} → ${item.dependency} at ${item.timeoutMs} ms`;
    case 'retries':
      return `${item.retries} retries from ${item.service} to ${item.dependency}`;
  }
}

export function blankActionItem(): ActionItem {
  return { title: '', owner: '', category: 'software', priority: 'P1', dueDate: '', kind: 'prevent' };
}

// ---------------------------------------------------------------------------------------------
// The error budget over the run

/**
 * Error budget consumed up to each scrape, % of the SLO window's budget, with the window's volume
 * extrapolated from the whole run's rate (as the report's figure, which the last value equals).
 */
export function budgetOverTime(good: ArrayLike<number>, total: ArrayLike<number>, objective: number, windowDays: number, runSec: number): Float64Array {
  const n = Math.min(good.length, total.length);
  let all = 0;
  for (let i = 0; i < n; i++) all += total[i] as number;
  const out = new Float64Array(n);
  if (all <= 0 || runSec <= 0 || objective >= 1) return out;
  const budget = (1 - objective) * (all / runSec) * windowDays * 86_400;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    bad += (total[i] as number) - (good[i] as number);
    out[i] = (100 * bad) / budget;
  }
  return out;
}

/** The SLOs a report's charts show: those that lost budget, else all of them (at most four). */
export function chartedSlos(report: AfterActionReport): AfterActionReport['score']['impact']['slos'] {
  const slos = report.score.impact.slos;
  const hit = slos.filter((s) => s.budgetConsumedPercent > 0.01 || s.minutesInViolation > 0);
  return (hit.length ? hit : slos).slice(0, 4);
}

// ---------------------------------------------------------------------------------------------
// Progress: the weakest area and a scenario that exercises it

/** Default maxima when a finished session did not store them (README "Weighting"). */
export const AREA_MAX: Record<ScoredArea, number> = { impact: 30, response: 20, diagnosis: 20, actions: 15, communication: 15 };

export interface ScoredSession {
  scenarioId: string;
  areas: Record<string, number>;
  max?: Record<string, number>;
}

/** Each area's average share of its maximum over the sessions, weakest first. */
export function areaShares(sessions: readonly ScoredSession[]): { area: ScoredArea; share: number; n: number }[] {
  if (sessions.length === 0) return [];
  return SCORED_AREAS.map((area) => {
    let sum = 0;
    let n = 0;
    for (const s of sessions) {
      const p = s.areas[area];
      const max = s.max?.[area] ?? AREA_MAX[area];
      if (typeof p !== 'number' || !(max > 0)) continue;
      sum += Math.max(0, Math.min(1, p / max));
      n++;
    }
    return { area, share: n ? sum / n : 1, n };
  }).sort((a, b) => a.share - b.share || SCORED_AREAS.indexOf(a.area) - SCORED_AREAS.indexOf(b.area));
}

/** Scenario tags that exercise each area (the built-ins' tags; one line on the screen says so). */
export const AREA_TAGS: Record<ScoredArea, readonly string[]> = {
  impact: ['rollback', 'kill-switch', 'load-shedding', 'graceful-degradation', 'drain'],
  response: ['silent-failure', 'missing-alert', 'noise', 'consumer-lag', 'crashloop'],
  diagnosis: ['red-herring', 'change-correlation', 'environments', 'lock-contention', 'certificate'],
  actions: ['retry-storm', 'metastable', 'load-shedding', 'cache', 'scaling', 'timeout'],
  communication: ['communication', 'judgement', 'no-incident', 'third-party'],
};

const DIFFICULTY_RANK: Record<string, number> = { beginner: 0, intermediate: 1, advanced: 2 };

export interface Candidate {
  id: string;
  title: string;
  tags: readonly string[];
  difficulty: string;
}

/**
 * The scenario to practise an area on: the most tags in common with the area's; among those, one
 * not played yet, then the lowest personal best, then the easiest.
 */
export function suggestScenario(area: ScoredArea, candidates: readonly Candidate[], best: ReadonlyMap<string, number>): { scenario: Candidate; tags: string[] } | null {
  const wanted = AREA_TAGS[area];
  const ranked = candidates
    .map((c) => ({ c, tags: c.tags.filter((t) => wanted.includes(t)) }))
    .filter((x) => x.tags.length > 0)
    .sort((a, b) => {
      const playedA = best.has(a.c.id) ? 1 : 0;
      const playedB = best.has(b.c.id) ? 1 : 0;
      return (
        b.tags.length - a.tags.length ||
        playedA - playedB ||
        (best.get(a.c.id) ?? 0) - (best.get(b.c.id) ?? 0) ||
        (DIFFICULTY_RANK[a.c.difficulty] ?? 1) - (DIFFICULTY_RANK[b.c.difficulty] ?? 1) ||
        a.c.id.localeCompare(b.c.id)
      );
    });
  const top = ranked[0];
  return top ? { scenario: top.c, tags: top.tags } : null;
}

/** A file-name-safe base for exports, e.g. "checkout-bad-deploy-2026-03-10". */
export function fileBase(scenarioId: string, startIso: string): string {
  return `${scenarioId}-${startIso.slice(0, 10)}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** 9484 → "9,484". */
export function whole(x: number): string {
  return String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The last due date the rubric accepts: five business days (Mon–Fri, UTC) after the incident's day. */
export function dueBy(epochSec: number, businessDays = 5): string {
  let day = Math.floor(epochSec / 86_400);
  let left = businessDays;
  while (left > 0) {
    day++;
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4); 0 is Sunday
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Replay problems by action item: a run of one item speaks for it; a run of all is split by "item n". */
export function replayErrorsByActionItem(runs: readonly { indexes: readonly number[]; errors: readonly string[] }[], general: readonly string[], doc: Postmortem | null): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const add = (k: number, m: string) => {
    const list = out.get(k) ?? [];
    if (!list.includes(m)) out.set(k, [...list, m]);
  };
  for (const r of runs) {
    const only = r.indexes.length === 1 ? r.indexes[0] : undefined;
    if (only !== undefined) for (const e of r.errors) add(only, e.replace(/^item \d+(?: \([^)]*\))?: /, ''));
    else for (const [k, list] of counterfactualErrorsByActionItem(r.errors, doc)) for (const m of list) add(k, m);
  }
  for (const e of general) add(-1, e);
  return out;
}
