// scoreSession: a finished session → a 0–100 score with a reason for every point. Deterministic:
// it re-runs the session (and, where needed, a no-action baseline, the scenario's documented fix
// and counterfactuals without an unlisted mitigation) with the engine. The weighting and every
// rule are documented in README.md ("Scoring"). Pure: no I/O, no clock.

import type { MitigationDef, Scenario } from '../scenario/schema.ts';
import type { ActionInput, ActionRecord } from '../sim/actions.ts';
import { createSim, type Sim } from '../sim/sim.ts';
import { budgetSpent } from '../check/contract.ts';
import { formatDuration } from '../scenario/duration.ts';
import { mentionsImpact, mentionsNextUpdate, readRecorded, SEVERITY_LEVELS, type Hypothesis, type IncidentSeverity, type Recorded } from './conventions.ts';
import { evidenceSeen, type EvidenceSeen } from './evidence.ts';
import { incidentEvents, runMoments, sloImpact, type RunMoments, type SloImpact } from './impact.ts';
import { responseTimes, type IncidentEvents, type ResponseTimes } from './times.ts';

export const SCORE_FORMAT = 'firedrill-score/v1';

/** Points per area; they add up to 100. Hints subtract on top (HINT_COST each, at most HINT_CAP). */
export const SCORE_WEIGHTS = { impact: 30, response: 20, diagnosis: 20, actions: 15, communication: 15 } as const;
export const HINT_COST = 3;
export const HINT_CAP = 15;
/** Penalties in the actions area, points per mitigation. */
export const ACTION_PENALTY = { harmful: 5, useless: 2, unlisted: 1, blind: 3 } as const;

export type ScoreArea = keyof typeof SCORE_WEIGHTS | 'hints';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

export interface ScoreItem {
  area: ScoreArea;
  /** Stable id within the area, e.g. `ttm`, `harmful:3`. */
  id: string;
  points: number;
  /** Most this item can give (0 for penalties). */
  max: number;
  reason: string;
}

export type MitigationVerdict = 'effective' | 'temporary' | 'useless' | 'harmful' | 'unlisted' | 'neutral' | 'rejected';

export interface MitigationReview {
  atSec: number;
  type: string;
  target: string;
  params: ActionRecord['params'];
  verdict: MitigationVerdict;
  /** Taken before any observe action. */
  blind: boolean;
  reason: string;
}

export interface ScoreReport {
  format: typeof SCORE_FORMAT;
  scenario: string;
  seed: number;
  durationSec: number;
  incident: boolean;
  total: number;
  max: 100;
  grade: Grade;
  areas: { area: ScoreArea; points: number; max: number }[];
  items: ScoreItem[];
  impact: {
    slos: SloImpact[];
    budgetConsumedPercent: number;
    baselineBudgetPercent: number;
    referenceBudgetPercent: number | null;
    expectedSeverity: IncidentSeverity;
    peakBadRatio: number;
  };
  events: IncidentEvents & { declaredMitigatedSec: number | null };
  times: ResponseTimes;
  evidence: EvidenceSeen[];
  hypotheses: (Hypothesis & { matchesRootCause: boolean })[];
  mitigations: MitigationReview[];
  hints: number;
  /** Oddities in the recorded actions (missing or invalid params). */
  problems: string[];
  expert: { differences: string[]; expertActions: string[]; evidencePath: string[] };
}

export interface ScoreOptions {
  /** Extra runs allowed to judge mitigations the scenario does not list (default 3). */
  maxCounterfactuals?: number;
}

/** What scoring needs of a session (a `Session` fits). */
export interface ScoredRun {
  seed?: number;
  durationSec?: number;
  actions: readonly ActionInput[];
}

// ---------------------------------------------------------------------------------------------

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** max points at or below `full`, 0 at or beyond `zero`, linear between. */
const linear = (v: number, full: number, zero: number, max: number) => (v <= full ? max : v >= zero ? 0 : (max * (zero - v)) / (zero - full));
const dur = (sec: number | null) => (sec === null ? 'never' : formatDuration(Math.round(sec)));
const pct = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;

function run(scenario: Scenario, seed: number | undefined, durationSec: number | undefined, actions: readonly ActionInput[]): Sim {
  const sim = createSim(scenario, { seed, durationSec });
  sim.schedule(actions);
  sim.runUntil(sim.durationSec);
  return sim;
}

export function gradeOf(total: number): Grade {
  return total >= 90 ? 'A' : total >= 80 ? 'B' : total >= 70 ? 'C' : total >= 60 ? 'D' : 'F';
}

/** Severity an incident of this size deserves: SEV1 ≥ 50% bad, SEV2 ≥ 5%, SEV3 any SLO violation, else SEV4. */
export function expectedSeverity(peakBadRatio: number, violated: boolean): IncidentSeverity {
  return peakBadRatio >= 0.5 ? 'SEV1' : peakBadRatio >= 0.05 ? 'SEV2' : violated ? 'SEV3' : 'SEV4';
}

function matchMitigation(scenario: Scenario, a: ActionRecord): MitigationDef | undefined {
  const same = scenario.mitigations.filter((m) => m.action.type === a.type && m.action.target === a.target);
  const exact = same.find((m) => Object.entries(m.action.params).every(([k, v]) => JSON.stringify(a.params[k]) === JSON.stringify(v)));
  return exact ?? same[0];
}

const VERDICT_OF: Record<MitigationDef['effect'], MitigationVerdict> = { fixes: 'effective', temporary: 'temporary', none: 'useless', harmful: 'harmful' };

function hypothesisMatches(h: Hypothesis, rc: NonNullable<Scenario['rootCause']>): boolean {
  if (h.category !== null) return h.category === rc.category && (h.component === null || rc.category === 'none' || h.component === rc.component);
  if (h.component !== null) return h.component === rc.component;
  const t = h.text.toLowerCase();
  return t.includes(rc.component.toLowerCase()) || (rc.change !== undefined && t.includes(rc.change.toLowerCase()));
}

// ---------------------------------------------------------------------------------------------

export function scoreSession(scenario: Scenario, session: ScoredRun, opts: ScoreOptions = {}): ScoreReport {
  const seed = session.seed;
  const sim = run(scenario, seed, session.durationSec, session.actions);
  const actions = sim.actions;
  const rec = readRecorded(actions, new Set(scenario.evidence.map((e) => e.id)));
  const applied = rec.mitigations.filter((m) => m.result === 'applied');
  const baseline = applied.length === 0 ? sim : run(scenario, seed, session.durationSec, []);
  const incident = scenario.expectations?.incident ?? true;
  const x = scenario.expectations;
  const fixes = scenario.mitigations.filter((m) => m.effect === 'fixes');
  const reference = incident && x && fixes.length && x.fixAt < sim.durationSec
    ? run(scenario, seed, session.durationSec, fixes.map((m) => ({ atSec: x.fixAt, type: m.action.type, target: m.action.target, params: m.action.params })))
    : null;

  const items: ScoreItem[] = [];
  const add = (area: ScoreArea, id: string, points: number, max: number, reason: string) => items.push({ area, id, points: round1(points), max, reason });

  // Impact ------------------------------------------------------------------------------------
  const slos = sloImpact(sim);
  const moments: RunMoments = runMoments(sim);
  const actual = budgetSpent(sim);
  const base = budgetSpent(baseline);
  const ref = reference ? budgetSpent(reference) : null;
  const tol = Math.max(0.5, 0.05 * base);
  {
    const W = SCORE_WEIGHTS.impact;
    const spent = `${actual.toFixed(2)}% of the error budget (summed over SLOs)`;
    if (incident && ref !== null && base - ref > tol) {
      const frac = clamp((base - actual) / (base - ref), 0, 1);
      add('impact', 'budget', W * frac, W, `${spent}; doing nothing: ${base.toFixed(2)}%, the documented fix at ${dur(x?.fixAt ?? 0)}: ${ref.toFixed(2)}% → ${pct(frac, 0)} of the possible saving`);
    } else if (incident && base > tol) {
      const frac = clamp((base - actual) / (0.5 * base), 0, 1);
      add('impact', 'budget', W * frac, W, `${spent}; doing nothing: ${base.toFixed(2)}% (full points for saving half of it)`);
    } else {
      const extra = actual - base;
      const frac = extra <= tol ? 1 : clamp(1 - extra / Math.max(5, base), 0, 1);
      add('impact', 'budget', W * frac, W, extra <= tol ? `${spent}, no more than doing nothing (${base.toFixed(2)}%)` : `${spent}: ${extra.toFixed(2)} points more than doing nothing (${base.toFixed(2)}%); all points are gone at 5 points more`);
    }
  }

  // Response times ----------------------------------------------------------------------------
  const validResolve = rec.resolves.filter((r) => r.component !== null && r.category !== null);
  const events: IncidentEvents & { declaredMitigatedSec: number | null } = { ...incidentEvents(sim, rec, moments), declaredMitigatedSec: rec.mitigatedSecs[0] ?? null };
  const times = responseTimes(events);
  const firstObserve = rec.observations[0]?.atSec ?? null;
  if (incident) {
    if (events.alertSec === null) add('response', 'tta', events.ackSec !== null ? 5 : 0, 5, events.ackSec !== null ? 'no alert fired; acknowledged anyway' : 'no alert fired and nothing was acknowledged');
    else add('response', 'tta', times.ttaSec === null ? 0 : linear(times.ttaSec, 300, 1200, 5), 5, times.ttaSec === null ? `first alert at ${dur(events.alertSec)} never acknowledged` : `TTA ${dur(times.ttaSec)} (full within 5m, none after 20m)`);
    add('response', 'ttd', events.impactSec === null ? 5 : times.ttdSec === null ? 0 : linear(times.ttdSec, 600, 1800, 5), 5, events.impactSec === null ? 'no SLO was violated' : times.ttdSec === null ? `impact from ${dur(events.impactSec)} never acknowledged or declared: not detected` : `TTD ${dur(times.ttdSec)} from impact at ${dur(events.impactSec)} (full within 10m, none after 30m)`);
    const refTtm = x && events.impactSec !== null ? Math.max(300, x.fixAt + x.recoverWithin - events.impactSec) : 1800;
    add('response', 'ttm', events.impactSec === null ? 7 : times.ttmSec === null ? 0 : linear(times.ttmSec, refTtm, 3 * refTtm, 7), 7, events.impactSec === null ? 'no SLO was violated' : times.ttmSec === null ? 'the SLOs never came back within objective for good: not mitigated' : `TTM ${dur(times.ttmSec)} (full within ${dur(refTtm)}, the documented fix's time; none after ${dur(3 * refTtm)})`);
    const r = validResolve[0];
    add('response', 'ttr', !r ? 0 : events.mitigateSec !== null && r.atSec >= events.mitigateSec ? 3 : 1, 3, !r ? 'never resolved with a root cause' : events.mitigateSec !== null && r.atSec >= events.mitigateSec ? `resolved at ${dur(r.atSec)} after mitigation (TTR ${dur(times.ttrSec)})` : `resolved at ${dur(r.atSec)} while an SLO was still violated`);
  } else {
    const fired = [...new Set(sim.recorder.alerts.map((a) => a.id))];
    const handled = fired.filter((id) => {
      const t = sim.recorder.alerts.find((a) => a.id === id)?.firedAtSec ?? 0;
      return rec.acks.some((a) => a.alert === id) || rec.observations.some((o) => o.target === 'alerts' && o.atSec >= t);
    });
    add('response', 'alerts', fired.length ? (10 * handled.length) / fired.length : 10, 10, fired.length ? `${handled.length} of ${fired.length} alert rules that fired were acknowledged or looked at (${fired.filter((f) => !handled.includes(f)).join(', ') || 'all'}${handled.length === fired.length ? '' : ' missed'})` : 'no alert fired');
    const firstAct = Math.min(applied[0]?.atSec ?? Infinity, rec.declares[0]?.atSec ?? Infinity);
    const slo = rec.observations.find((o) => o.target === 'slos' || o.target === 'overview');
    add('response', 'slos-first', !slo ? 0 : slo.atSec <= firstAct ? 10 : 5, 10, !slo ? 'never opened the SLO overview' : slo.atSec <= firstAct ? `checked the SLOs at ${dur(slo.atSec)} before acting` : `checked the SLOs at ${dur(slo.atSec)}, only after acting`);
  }

  // Diagnosis ---------------------------------------------------------------------------------
  const rc = scenario.rootCause;
  const last = validResolve[validResolve.length - 1];
  if (!rc) add('diagnosis', 'root-cause', 8, 8, 'the scenario names no root cause');
  else if (!last) add('diagnosis', 'root-cause', 0, 8, rec.resolves.length ? 'resolved without naming a component and category' : rc.category === 'none' ? 'never concluded (resolve with category "none") that nothing was broken' : 'never named a root cause (resolve with component and category)');
  else if (rc.category === 'none') add('diagnosis', 'root-cause', last.category === 'none' ? 8 : 0, 8, last.category === 'none' ? 'concluded that nothing was broken' : `named ${last.component ?? '?'} (${last.category ?? '?'}) as a cause, but nothing was broken`);
  else {
    const c = last.component === rc.component;
    const k = last.category === rc.category;
    add('diagnosis', 'root-cause', (c ? 4 : 0) + (k ? 4 : 0), 8, `named ${last.component ?? '?'} (${last.category ?? '?'}): component ${c ? 'right' : `wrong, it was ${rc.component}`}, category ${k ? 'right' : `wrong, it was ${rc.category}`}`);
  }
  const hyps = rec.hypotheses.filter((h) => h.text !== '');
  const judged = hyps.map((h) => ({ ...h, matchesRootCause: rc ? hypothesisMatches(h, rc) : false }));
  if (hyps.length === 0) add('diagnosis', 'hypotheses', incident ? 0 : 6, 6, incident ? 'no hypothesis written' : 'no hypothesis needed: nothing was broken');
  else {
    const backed = hyps.filter((h) => h.evidence.length > 0).length;
    const checks: number[] = [];
    const right = judged.filter((h) => h.matchesRootCause);
    if (incident || right.length) checks.push(right.some((h) => h.status === 'confirmed') ? 1 : right.some((h) => h.status === 'open') ? 0.5 : 0);
    for (const h of judged.filter((j) => !j.matchesRootCause)) checks.push(h.status === 'ruledOut' ? (h.ruledOutEvidence > 0 ? 1 : 0.5) : 0);
    const concl = checks.length ? checks.reduce((a, b) => a + b, 0) / checks.length : 1;
    const wrongOpen = judged.filter((h) => !h.matchesRootCause && h.status !== 'ruledOut').map((h) => h.id);
    add('diagnosis', 'hypotheses', 2 + (2 * backed) / hyps.length + 2 * concl, 6,
      `${hyps.length} written, ${backed} backed by evidence; ${right.length ? `the right one ${right.some((h) => h.status === 'confirmed') ? 'confirmed' : 'not confirmed'}` : 'none matches the root cause'}${wrongOpen.length ? `; wrong ones not ruled out: ${wrongOpen.join(', ')}` : ''}`);
  }
  const seen = evidenceSeen(scenario, rec, sim.recorder.alerts);
  const key = seen.filter((e) => e.key);
  const keySeen = key.filter((e) => e.seenAtSec !== null);
  add('diagnosis', 'evidence', key.length ? (6 * keySeen.length) / key.length : 6, 6, key.length ? `looked at ${keySeen.length} of ${key.length} key evidence${key.length > keySeen.length ? `; missed: ${key.filter((e) => e.seenAtSec === null).map((e) => e.id).join(', ')}` : ''}` : 'the scenario has no key evidence');

  // Actions -----------------------------------------------------------------------------------
  let counterfactuals = opts.maxCounterfactuals ?? 3;
  const reviews: MitigationReview[] = rec.mitigations.map((a) => {
    const blind = a.result === 'applied' && (firstObserve === null || a.atSec < firstObserve);
    const head = { atSec: a.atSec, type: a.type, target: a.target, params: a.params, blind };
    if (a.result === 'rejected') return { ...head, verdict: 'rejected' as const, reason: `rejected by the system: ${a.message}` };
    if (a.type === 'shedLoad' && a.params.ratio === 0) return { ...head, verdict: 'neutral' as const, reason: 'stopped load shedding' };
    const m = matchMitigation(scenario, a);
    if (m) return { ...head, verdict: VERDICT_OF[m.effect], reason: m.why };
    if (counterfactuals <= 0) return { ...head, verdict: 'unlisted' as const, reason: 'not in the scenario\'s list and not measured' };
    counterfactuals--;
    const others = actions.filter((b) => b !== a).map((b) => ({ atSec: b.atSec, type: b.type, target: b.target, params: b.params }));
    const without = budgetSpent(run(scenario, seed, session.durationSec, others));
    const delta = without - actual;
    const verdict: MitigationVerdict = delta > tol ? 'effective' : delta < -tol ? 'harmful' : 'useless';
    return { ...head, verdict, reason: `not in the scenario's list; measured: without it ${without.toFixed(2)}% of the budget instead of ${actual.toFixed(2)}%` };
  });
  {
    const n = (v: MitigationVerdict) => reviews.filter((r) => r.verdict === v).length;
    const helped = n('effective') > 0 || n('temporary') > 0;
    const bad = n('harmful') + n('useless') + n('unlisted');
    if (incident) {
      add('actions', 'fix', n('effective') ? 9 : n('temporary') ? 4 : 0, 9, n('effective') ? 'applied a fix' : n('temporary') ? 'only a temporary mitigation, no fix' : 'no mitigation that helps');
      add('actions', 'clean', helped && bad === 0 ? 6 : 0, 6, !helped ? 'nothing that helped was done' : bad === 0 ? 'no useless or harmful change' : `${bad} useless, harmful or unjudged change(s)`);
    } else {
      add('actions', 'restraint', 15, 15, applied.length === 0 ? 'nothing was broken and nothing was changed' : 'nothing was broken: every change below costs points');
    }
    reviews.forEach((r, i) => {
      const what = `${r.type}${r.target ? ` ${r.target}` : ''} at ${dur(r.atSec)}`;
      if (r.verdict === 'harmful') add('actions', `harmful:${i}`, -ACTION_PENALTY.harmful, 0, `harmful: ${what}: ${r.reason}`);
      if (r.verdict === 'useless') add('actions', `useless:${i}`, -ACTION_PENALTY.useless, 0, `useless: ${what}: ${r.reason}`);
      if (r.verdict === 'unlisted') add('actions', `unlisted:${i}`, -ACTION_PENALTY.unlisted, 0, `unjudged: ${what}: ${r.reason}`);
      if (r.blind) add('actions', `blind:${i}`, -ACTION_PENALTY.blind, 0, `blind change: ${what}, before looking at anything`);
    });
  }

  // Communication -----------------------------------------------------------------------------
  const violated = moments.impactSec !== null;
  const expected = expectedSeverity(moments.peakBadRatio, violated);
  const declared = rec.declares[0];
  const rank = (s: IncidentSeverity) => SEVERITY_LEVELS.indexOf(s);
  if (incident) {
    if (!declared) add('communication', 'declare', 0, 4, `no incident declared (expected ${expected}: peak ${pct(moments.peakBadRatio)} of events bad in 5 minutes)`);
    else if (declared.severity === null) add('communication', 'declare', 1, 4, `declared at ${dur(declared.atSec)} without a valid severity (expected ${expected})`);
    else {
      const off = Math.abs(rank(declared.severity) - rank(expected));
      add('communication', 'declare', off === 0 ? 4 : off === 1 ? 2 : 1, 4, `declared ${declared.severity} at ${dur(declared.atSec)}; expected ${expected} (peak ${pct(moments.peakBadRatio)} of events bad in 5 minutes)`);
    }
  } else {
    const sev = declared?.severity ?? null;
    add('communication', 'declare', !declared ? 4 : sev === 'SEV3' || sev === 'SEV4' ? 2 : sev === null ? 1 : 0, 4, !declared ? 'rightly declared no incident' : `declared ${sev ?? 'an incident'} at ${dur(declared.atSec)} although nothing was broken`);
  }
  const updates = rec.updates;
  const startRef = incident
    ? (declared?.atSec ?? events.ackSec ?? events.impactSec ?? events.alertSec)
    : [events.alertSec, ...scenario.injects.map((i) => i.at).filter((t) => t >= 0)].reduce<number | null>((m, t) => (t === null ? m : m === null || t < m ? t : m), null);
  const endSec = events.resolveSec ?? sim.durationSec;
  if (updates.length === 0) {
    add('communication', 'first-update', 0, 4, 'no status update');
    add('communication', 'cadence', 0, 3, 'no status update');
    add('communication', 'content', 0, 4, 'no status update');
  } else {
    const first = updates[0]?.atSec ?? 0;
    const delay = startRef === null ? 0 : first - startRef;
    const from = incident && declared ? 'declaring' : incident ? 'detection' : 'the first alert or message';
    add('communication', 'first-update', delay <= 600 ? 4 : 2, 4, `first update ${delay <= 0 ? 'right away' : `${dur(delay)} after ${from}`} (full within 10m)`);
    const gaps: number[] = [];
    const open = updates.filter((u) => u.atSec < endSec).map((u) => u.atSec);
    const marks = [...open, endSec];
    for (let i = 1; i < marks.length; i++) gaps.push((marks[i] ?? 0) - (marks[i - 1] ?? 0));
    const long = gaps.filter((g) => g > 1800).length;
    add('communication', 'cadence', Math.max(0, 3 - long), 3, long ? `${long} gap(s) over 30 minutes between updates while unresolved (longest ${dur(Math.max(...gaps))})` : 'an update at least every 30 minutes while unresolved');
    const impactN = updates.filter((u) => mentionsImpact(u.text)).length;
    const promising = updates.filter((u) => u.atSec < endSec);
    const nextN = promising.filter((u) => mentionsNextUpdate(u.text)).length;
    const nextFrac = promising.length ? nextN / promising.length : 1;
    add('communication', 'content', (2 * impactN) / updates.length + 2 * nextFrac, 4, `${impactN} of ${updates.length} updates state the impact; ${nextN} of ${promising.length} before resolution give a next-update time`);
  }

  // Hints -------------------------------------------------------------------------------------
  if (rec.hintSecs.length) add('hints', 'hints', -Math.min(HINT_CAP, HINT_COST * rec.hintSecs.length), 0, `${rec.hintSecs.length} hint(s) requested, ${HINT_COST} points each (at most ${HINT_CAP})`);

  // Totals: each area is held within [0, its weight]; the adjustment is an item of its own.
  const areas: ScoreReport['areas'] = [];
  for (const [area, max] of Object.entries(SCORE_WEIGHTS) as [keyof typeof SCORE_WEIGHTS, number][]) {
    const raw = items.filter((i) => i.area === area).reduce((a, i) => a + i.points, 0);
    if (raw < 0) add(area, 'floor', -raw, 0, `the ${area} area cannot go below 0`);
    areas.push({ area, points: round1(clamp(raw, 0, max)), max });
  }
  const hintPts = items.filter((i) => i.area === 'hints').reduce((a, i) => a + i.points, 0);
  areas.push({ area: 'hints', points: hintPts, max: 0 });
  const total = Math.round(clamp(areas.reduce((a, r) => a + r.points, 0), 0, 100));

  return {
    format: SCORE_FORMAT,
    scenario: scenario.metadata.id,
    seed: sim.seed,
    durationSec: sim.durationSec,
    incident,
    total,
    max: 100,
    grade: gradeOf(total),
    areas,
    items,
    impact: { slos, budgetConsumedPercent: actual, baselineBudgetPercent: base, referenceBudgetPercent: ref, expectedSeverity: expected, peakBadRatio: moments.peakBadRatio },
    events,
    times,
    evidence: seen,
    hypotheses: judged,
    mitigations: reviews,
    hints: rec.hintSecs.length,
    problems: rec.problems,
    expert: expertDifferences(scenario, { seen, reviews, rec, incident, expected, rcNamed: items.find((i) => i.id === 'root-cause') }),
  };
}

function expertDifferences(
  scenario: Scenario,
  t: { seen: EvidenceSeen[]; reviews: MitigationReview[]; rec: Recorded; incident: boolean; expected: IncidentSeverity; rcNamed: ScoreItem | undefined },
): ScoreReport['expert'] {
  const out: string[] = [];
  const d = scenario.debrief;
  const path = d?.evidencePath ?? scenario.evidence.filter((e) => e.key).map((e) => e.id);
  const byId = new Map(t.seen.map((e) => [e.id, e]));
  for (const id of path) {
    const e = byId.get(id);
    if (e && e.seenAtSec === null) out.push(`Look at ${id} (${e.kind}): ${e.description}`);
  }
  if (t.reviews.some((r) => r.blind)) out.push('Look before you change anything: every change before the first observation was a blind one.');
  if (t.incident && !t.reviews.some((r) => r.verdict === 'effective')) {
    for (const m of scenario.mitigations.filter((mm) => mm.effect === 'fixes')) out.push(`Apply the fix: ${m.action.type} ${m.action.target}: ${m.why}`);
  }
  const done = new Set<string>();
  for (const r of t.reviews.filter((rr) => rr.verdict === 'harmful' || rr.verdict === 'useless')) {
    const k = `${r.type} ${r.target}`;
    if (done.has(k)) continue;
    done.add(k);
    out.push(`${r.verdict === 'harmful' ? 'Avoid' : 'Skip'} ${k}: ${r.reason}`);
  }
  if (t.incident && t.rec.declares.length === 0) out.push(`Declare an incident (${t.expected}) and name who is in charge.`);
  if (!t.incident && t.rec.declares.length > 0) out.push('Do not declare an incident when every SLO is within objective: answer the people asking, with the numbers.');
  if (t.rec.updates.length === 0) out.push('Post status updates: the impact in numbers and the time of the next update, at least every 30 minutes.');
  if (t.rcNamed && t.rcNamed.points < t.rcNamed.max && scenario.rootCause) out.push(`The root cause: ${scenario.rootCause.component} (${scenario.rootCause.category}): ${scenario.rootCause.summary.trim()}`);
  if (t.rec.hintSecs.length) out.push(`Work without hints: the evidence path above leads to the cause (${t.rec.hintSecs.length} hint(s) used).`);
  return { differences: out, expertActions: d?.expertActions ?? [], evidencePath: path };
}
