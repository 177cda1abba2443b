// counterfactual: what the trainee's action items would have changed. The items are applied to a
// copy of the scenario (apply.ts) and the session is re-run with the same seed, duration and the
// trainee's own actions at the same times; the two runs are compared side by side. When a new
// alert pages earlier, a second re-run answers "and if you had responded as quickly after that
// page as you did after the real one": the actions taken from the original first page on move
// earlier by the detection gain. That is an assumption, reported apart from the strict replay.
// Pure and deterministic (README.md, "Counterfactual replay").

import type { Scenario } from '../scenario/schema.ts';
import type { ActionInput } from '../sim/actions.ts';
import type { AlertEpisode } from '../sim/recorder.ts';
import type { Sim } from '../sim/sim.ts';
import { runRecorded } from '../session.ts';
import { budgetSpent } from '../check/contract.ts';
import { runMoments, sloImpact } from '../score/impact.ts';
import { formatDuration } from '../scenario/duration.ts';
import { formatIsoSec } from '../core/time.ts';
import { applyItems, type AppliedItem } from './apply.ts';
import type { CounterfactualItem } from './items.ts';

export const COUNTERFACTUAL_FORMAT = 'firedrill-counterfactual/v1';

export interface RunOutcome {
  /** First page that fired: the detection time compared (null: nothing paged). */
  detectSec: number | null;
  /** The rule that paged first. */
  detectAlert: string | null;
  /** First alert of any severity. */
  firstAlertSec: number | null;
  /** First firing of each rule that fired, in order. */
  alerts: { id: string; severity: AlertEpisode['severity']; firedAtSec: number }[];
  impactSec: number | null;
  mitigateSec: number | null;
  restoreSec: number | null;
  /** Error budget consumed, summed over SLOs (as scoring's impact area). */
  budgetConsumedPercent: number;
  /** Bad events of the availability SLOs. */
  failedRequests: number;
  slos: { id: string; indicator: string; budgetConsumedPercent: number; badEvents: number }[];
}

export interface SloComparison {
  id: string;
  indicator: string;
  budgetOriginal: number;
  budgetCounterfactual: number;
  budgetSaved: number;
  badOriginal: number;
  badCounterfactual: number;
  badSaved: number;
}

export interface Comparison {
  /** original − counterfactual detection, seconds (positive: earlier); null when either never paged. */
  detectionEarlierSec: number | null;
  budgetSaved: number;
  failedRequestsSaved: number;
  slos: SloComparison[];
}

export interface CounterfactualResult {
  format: typeof COUNTERFACTUAL_FORMAT;
  scenario: string;
  seed: number;
  durationSec: number;
  items: AppliedItem[];
  original: RunOutcome;
  counterfactual: RunOutcome;
  comparison: Comparison;
  /** Actions applied in the original run that the re-run rejects (their target is gone). */
  rejectedActions: { atSec: number; type: string; target: string; message: string }[];
  /** The re-run with the response moved earlier by the detection gain; null when there is no gain to move by. */
  earlierResponse: { shiftSec: number; fromSec: number; shiftedActions: number; outcome: RunOutcome; comparison: Comparison } | null;
  /** Plain sentences for the reader, in order. */
  notes: string[];
}

export type CounterfactualOutcome = { ok: true; result: CounterfactualResult } | { ok: false; errors: string[] };

export interface CounterfactualRun {
  seed?: number;
  durationSec?: number;
  actions: readonly ActionInput[];
}

function run(scenario: Scenario, r: CounterfactualRun, actions: readonly ActionInput[]): Sim {
  // No checkpoints are needed: hashing every 5 minutes would only cost time.
  return runRecorded(scenario, { seed: r.seed, durationSec: r.durationSec, actions: actions.map((a) => ({ atSec: a.atSec, type: a.type, target: a.target ?? '', params: a.params ?? {} })) }, Number.MAX_SAFE_INTEGER).sim;
}

/** The outcome of a finished run; `ignore`: alert rules left out (as if they did not exist). */
export function outcomeOf(sim: Sim, ignore: ReadonlySet<string> = new Set()): RunOutcome {
  const alerts: RunOutcome['alerts'] = [];
  for (const a of sim.recorder.alerts) if (!ignore.has(a.id) && !alerts.some((x) => x.id === a.id)) alerts.push({ id: a.id, severity: a.severity, firedAtSec: a.firedAtSec });
  const pages = alerts.filter((a) => a.severity === 'page').sort((x, y) => x.firedAtSec - y.firedAtSec);
  const m = runMoments(sim);
  const slos = sloImpact(sim).map((s) => ({ id: s.id, indicator: s.indicator, budgetConsumedPercent: s.budgetConsumedPercent, badEvents: s.failedRequests }));
  const avail = slos.filter((s) => s.indicator === 'availability');
  return {
    detectSec: pages[0]?.firedAtSec ?? null,
    detectAlert: pages[0]?.id ?? null,
    firstAlertSec: alerts.reduce<number | null>((x, a) => (x === null || a.firedAtSec < x ? a.firedAtSec : x), null),
    alerts,
    impactSec: m.impactSec,
    mitigateSec: m.mitigateSec,
    restoreSec: m.restoreSec,
    budgetConsumedPercent: budgetSpent(sim),
    failedRequests: (avail.length ? avail : slos).reduce((x, s) => x + s.badEvents, 0),
    slos,
  };
}

function compare(a: RunOutcome, b: RunOutcome): Comparison {
  return {
    detectionEarlierSec: a.detectSec !== null && b.detectSec !== null ? a.detectSec - b.detectSec : null,
    budgetSaved: a.budgetConsumedPercent - b.budgetConsumedPercent,
    failedRequestsSaved: a.failedRequests - b.failedRequests,
    slos: a.slos.map((s) => {
      const c = b.slos.find((x) => x.id === s.id);
      const bc = c?.budgetConsumedPercent ?? 0;
      const bad = c?.badEvents ?? 0;
      return { id: s.id, indicator: s.indicator, budgetOriginal: s.budgetConsumedPercent, budgetCounterfactual: bc, budgetSaved: s.budgetConsumedPercent - bc, badOriginal: s.badEvents, badCounterfactual: bad, badSaved: s.badEvents - bad };
    }),
  };
}

const pct = (x: number) => `${x.toFixed(2)}%`;
const whole = (x: number) => String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Applies `items` to a copy of `scenario` and re-runs `session` on it. `original` may pass the
 * session's own finished run to save re-running it.
 */
export function counterfactual(scenario: Scenario, session: CounterfactualRun, items: readonly CounterfactualItem[], opts: { original?: Sim } = {}): CounterfactualOutcome {
  if (items.length === 0) return { ok: false, errors: ['no action items to apply'] };
  const applied = applyItems(scenario, items);
  if (!applied.ok) return applied;
  const clock = (sec: number | null, sim: Sim) => (sec === null ? 'never' : `${formatIsoSec(sim.model.startEpochSec + sec).slice(11, 19)} (${formatDuration(sec)})`);

  const cfSim = run(applied.scenario, session, session.actions);
  // Alert rules only watch: they never change what the system does. With nothing but new rules,
  // the re-run is the original run plus those rules, and one run gives both sides.
  const watchOnly = applied.applied.every((a) => a.alertId !== undefined);
  const newRules = new Set(applied.applied.flatMap((a) => (a.alertId === undefined ? [] : [a.alertId])));
  const origSim = opts.original ?? (watchOnly ? cfSim : run(scenario, session, session.actions));
  const original = outcomeOf(origSim, origSim === cfSim ? newRules : new Set());
  const cf = outcomeOf(cfSim);
  const comparison = compare(original, cf);
  const notes: string[] = [];

  // Detection.
  const gain = comparison.detectionEarlierSec;
  if (original.detectSec === null && cf.detectSec === null) notes.push('Nothing pages in either run.');
  else if (original.detectSec === null) notes.push(`Nothing paged in your run; with the items, ${cf.detectAlert ?? '?'} pages at ${clock(cf.detectSec, cfSim)}.`);
  else if (cf.detectSec === null) notes.push(`Nothing pages with the items (your run paged at ${clock(original.detectSec, origSim)} with ${original.detectAlert ?? '?'}).`);
  else if (gain !== null && gain > 0) notes.push(`${cf.detectAlert ?? '?'} pages at ${clock(cf.detectSec, cfSim)}, ${formatDuration(gain)} earlier than ${original.detectAlert ?? '?'} at ${clock(original.detectSec, origSim)}.`);
  else if (gain === 0) notes.push(`Detection is unchanged: the first page is ${cf.detectAlert ?? '?'} at ${clock(cf.detectSec, cfSim)}.`);
  else notes.push(`The first page comes ${formatDuration(-(gain ?? 0))} later: ${clock(cf.detectSec, cfSim)} instead of ${clock(original.detectSec, origSim)}.`);
  for (const it of applied.applied) {
    if (it.alertId === undefined) continue;
    const fired = cf.alerts.find((a) => a.id === it.alertId);
    it.notes.push(fired ? `fires at ${clock(fired.firedAtSec, cfSim)}${fired.severity === 'page' ? '' : ` as a ${fired.severity}: only pages count as detection`}` : 'never fires in the re-run');
  }

  // Impact.
  if (original.impactSec !== null && cf.impactSec === null) notes.push('With the items, no SLO drops below its objective: the incident does not happen.');
  notes.push(`Error budget (summed over SLOs): ${pct(original.budgetConsumedPercent)} in your run, ${pct(cf.budgetConsumedPercent)} with the items: ${comparison.budgetSaved >= 0 ? `${pct(comparison.budgetSaved)} saved` : `${pct(-comparison.budgetSaved)} more spent`}.`);
  notes.push(`Failed requests: ${whole(original.failedRequests)} in your run, ${whole(cf.failedRequests)} with the items (${comparison.failedRequestsSaved >= 0 ? `${whole(comparison.failedRequestsSaved)} fewer` : `${whole(-comparison.failedRequestsSaved)} more`}).`);

  // The trainee's actions in the re-run.
  const rejectedActions: CounterfactualResult['rejectedActions'] = [];
  cfSim.actions.forEach((a, i) => {
    const was = origSim.actions[i];
    if (a.result === 'rejected' && was?.result === 'applied') rejectedActions.push({ atSec: a.atSec, type: a.type, target: a.target, message: a.message });
  });
  if (rejectedActions.length) {
    notes.push(`In the re-run, ${rejectedActions.length} of your actions ${rejectedActions.length === 1 ? 'is' : 'are'} rejected because ${rejectedActions.length === 1 ? 'its target no longer exists' : 'their targets no longer exist'}: ${rejectedActions.map((r) => `${r.type}${r.target ? ` ${r.target}` : ''} at ${formatDuration(r.atSec)} (${r.message})`).join('; ')}.`);
  }
  notes.push('The re-run keeps your actions at the same times: it does not assume you would have acted differently.');

  // Responding earlier after an earlier page.
  let earlierResponse: CounterfactualResult['earlierResponse'] = null;
  if (gain !== null && gain > 0 && original.detectSec !== null) {
    const from = original.detectSec;
    const moved = session.actions.filter((a) => a.atSec >= from).length;
    if (moved > 0) {
      const shifted = session.actions.map((a) => (a.atSec >= from ? { ...a, atSec: a.atSec - gain } : a)).map((a, i) => ({ a, i })).sort((x, y) => x.a.atSec - y.a.atSec || x.i - y.i).map((x) => x.a);
      const outcome = outcomeOf(run(applied.scenario, session, shifted));
      const cmp = compare(original, outcome);
      earlierResponse = { shiftSec: gain, fromSec: from, shiftedActions: moved, outcome, comparison: cmp };
      notes.push(`Assuming you had responded as quickly after the earlier page (your ${moved} action${moved === 1 ? '' : 's'} from the original page on, ${formatDuration(gain)} earlier): ${pct(outcome.budgetConsumedPercent)} of the budget, ${cmp.budgetSaved >= 0 ? `${pct(cmp.budgetSaved)} saved` : `${pct(-cmp.budgetSaved)} more spent`}, ${whole(cmp.failedRequestsSaved)} fewer failed requests.`);
    }
  }

  return {
    ok: true,
    result: {
      format: COUNTERFACTUAL_FORMAT,
      scenario: scenario.metadata.id,
      seed: origSim.seed,
      durationSec: origSim.durationSec,
      items: applied.applied,
      original,
      counterfactual: cf,
      comparison,
      rejectedActions,
      earlierResponse,
      notes,
    },
  };
}
