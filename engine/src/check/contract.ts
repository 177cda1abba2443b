// The scenario contract: the claims a scenario file makes about itself (it is detectable, its
// documented fix works, its red herrings do not, its harmful actions harm, its evidence exists),
// checked by running it. Used by the built-in library's test suite and by `firedrill check`, so
// authors hold their own scenarios to the same bar. Pure: runs simulations, reads no files.

import type { EvidenceDef, MitigationDef, Scenario } from '../scenario/schema.ts';
import { createSim, type Sim } from '../sim/sim.ts';
import { SCRAPE_SEC } from '../sim/recorder.ts';
import { thresholdValue } from '../sim/alerts.ts';
import { formatDuration } from '../scenario/duration.ts';
import type { ActionInput } from '../sim/actions.ts';
import { listTraces, searchLogs } from '../signals/index.ts';

export interface CheckResult {
  /** Stable id, e.g. `fix-restores-slos`. */
  id: string;
  title: string;
  seed: number;
  pass: boolean;
  /** Why it passed or failed, with the numbers. */
  reason: string;
}

export interface ContractOptions {
  /** Seeds to check; default: the scenario's seed and the two after it. */
  seeds?: number[];
}

const SHORT_WINDOW_SEC = 300;

function mitigationAction(m: MitigationDef, atSec: number): ActionInput {
  return { atSec, type: m.action.type, target: m.action.target, params: m.action.params };
}

/** SLI of SLO `s` over the scrape rows covering [fromSec, toSec). Returns 1 when nothing happened. */
export function sliOver(sim: Sim, s: number, fromSec: number, toSec: number): number {
  const rec = sim.recorder;
  let good = 0;
  let total = 0;
  const from = Math.max(0, Math.floor(fromSec / SCRAPE_SEC));
  const to = Math.min(rec.written, Math.ceil(toSec / SCRAPE_SEC));
  for (let r = from; r < to; r++) {
    good += rec.sloGood[s]?.[r] ?? 0;
    total += rec.sloTotal[s]?.[r] ?? 0;
  }
  return total > 0 ? good / total : 1;
}

/** Error budget consumed over the whole run, summed over SLOs, as % of each window's budget. */
export function budgetSpent(sim: Sim): number {
  const { scenario } = sim.model;
  const rec = sim.recorder;
  let sum = 0;
  scenario.slos.forEach((slo, s) => {
    let bad = 0;
    let total = 0;
    for (let r = 0; r < rec.written; r++) {
      total += rec.sloTotal[s]?.[r] ?? 0;
      bad += (rec.sloTotal[s]?.[r] ?? 0) - (rec.sloGood[s]?.[r] ?? 0);
    }
    const runSec = rec.written * SCRAPE_SEC;
    if (total > 0 && runSec > 0) sum += (100 * bad) / ((1 - slo.objective) * (total / runSec) * slo.windowDays * 86_400);
  });
  return sum;
}

/** The SLOs whose short-window SLI ending at `atSec` is below objective, as readable text. */
function sloShortfalls(sim: Sim, atSec: number): string[] {
  const out: string[] = [];
  sim.model.scenario.slos.forEach((slo, s) => {
    const sli = sliOver(sim, s, atSec - SHORT_WINDOW_SEC, atSec);
    if (sli < slo.objective) out.push(`${slo.id} ${pct(sli)} < ${pct(slo.objective)}`);
  });
  return out;
}

const pct = (x: number) => `${(Math.floor(x * 100_000) / 1000).toString()}%`;

function runWith(scenario: Scenario, seed: number, actions: ActionInput[]): Sim {
  const sim = createSim(scenario, { seed });
  sim.schedule(actions);
  sim.runUntil(sim.durationSec);
  return sim;
}

/** Runs every contract check for every seed. */
export function checkContract(scenario: Scenario, opts: ContractOptions = {}): CheckResult[] {
  const seeds = opts.seeds ?? [scenario.seed, (scenario.seed + 1) >>> 0, (scenario.seed + 2) >>> 0];
  const out: CheckResult[] = [];
  for (const seed of seeds) out.push(...checkSeed(scenario, seed));
  return out;
}

function checkSeed(scenario: Scenario, seed: number): CheckResult[] {
  const results: CheckResult[] = [];
  const add = (id: string, title: string, pass: boolean, reason: string) => results.push({ id, title, seed, pass, reason });
  const x = scenario.expectations;

  const baseline = runWith(scenario, seed, []);
  const again = runWith(scenario, seed, []);
  add('deterministic', 'two runs give the same state hash', baseline.hash() === again.hash(), `${baseline.hash()} vs ${again.hash()}`);

  if (!x) {
    add('expectations', 'the scenario states its expectations', false, 'no `expectations` block: add detectWithin, fixAt and recoverWithin so the contract can be checked');
    return results;
  }

  results.push(...checkDetection(scenario, baseline, seed));
  if (x.incident) {
    results.push(...checkMitigations(scenario, baseline, seed));
  } else {
    results.push(...checkQuiet(scenario, baseline, seed));
  }
  results.push(...checkEvidence(scenario, baseline, seed));
  return results;
}

function checkDetection(scenario: Scenario, baseline: Sim, seed: number): CheckResult[] {
  const x = scenario.expectations;
  if (!x) return [];
  const within = x.detectWithin;
  if (!x.incident) return [];
  if (x.detectBy === 'alert') {
    const first = baseline.recorder.alerts.reduce<number | null>((m, a) => (m === null || a.firedAtSec < m ? a.firedAtSec : m), null);
    const pass = first !== null && first <= within;
    return [{
      id: 'detectable',
      title: `without action, an alert fires within ${formatDuration(within)}`,
      seed,
      pass,
      reason: first === null ? 'no alert fired in the whole run' : `first alert at ${formatDuration(first)}${pass ? '' : `, after ${formatDuration(within)}`}`,
    }];
  }
  const ticket = scenario.injects.filter((i) => i.kind === 'ticket').reduce<number | null>((m, i) => (m === null || i.at < m ? i.at : m), null);
  const degraded = scenario.slos.some((slo, s) => sliOver(baseline, s, 0, within) < slo.objective);
  const pass = ticket !== null && ticket <= within && degraded;
  return [{
    id: 'detectable',
    title: `without action, an SLI degrades and a ticket arrives within ${formatDuration(within)}`,
    seed,
    pass,
    reason: `${degraded ? 'an SLI is below objective' : 'no SLI below objective'}; first ticket ${ticket === null ? 'never' : `at ${formatDuration(ticket)}`}`,
  }];
}

function checkQuiet(scenario: Scenario, baseline: Sim, seed: number): CheckResult[] {
  const end = baseline.durationSec;
  const breached = scenario.slos.flatMap((slo, s) => {
    const sli = sliOver(baseline, s, 0, end);
    return sli < slo.objective ? [`${slo.id} ${pct(sli)}`] : [];
  });
  const pages = baseline.recorder.alerts.filter((a) => a.severity === 'page').map((a) => a.id);
  const results: CheckResult[] = [
    { id: 'no-breach', title: 'nothing is broken: no SLO is breached and nothing pages', seed, pass: breached.length === 0 && pages.length === 0, reason: breached.length || pages.length ? `breached: ${breached.join(', ') || 'none'}; pages: ${pages.join(', ') || 'none'}` : 'every SLO met over the run' },
  ];
  results.push(...checkHarmful(scenario, baseline, seed));
  return results;
}

function checkMitigations(scenario: Scenario, baseline: Sim, seed: number): CheckResult[] {
  const x = scenario.expectations;
  if (!x) return [];
  const results: CheckResult[] = [];
  const fixes = scenario.mitigations.filter((m) => m.effect === 'fixes');
  const by = x.fixAt + x.recoverWithin;

  // Documented fix: every SLO's short-window SLI back to objective in time, and less budget spent.
  if (fixes.length > 0) {
    const fixed = runWith(scenario, seed, fixes.map((m) => mitigationAction(m, x.fixAt)));
    const rejected = fixed.actions.filter((a) => a.result === 'rejected').map((a) => `${a.type} ${a.target}: ${a.message}`);
    const short = sloShortfalls(fixed, by);
    const spentFix = budgetSpent(fixed);
    const spentNone = budgetSpent(baseline);
    const what = fixes.map((m) => `${m.action.type} ${m.action.target}`.trim()).join(' + ');
    results.push({
      id: 'fix-restores-slos',
      title: `${what} at ${formatDuration(x.fixAt)} restores every SLO within ${formatDuration(x.recoverWithin)}`,
      seed,
      pass: rejected.length === 0 && short.length === 0,
      reason: rejected.length ? `rejected: ${rejected.join('; ')}` : short.length ? `at ${formatDuration(by)}: ${short.join(', ')}` : `all SLOs at objective over the 5 minutes to ${formatDuration(by)}`,
    });
    results.push({
      id: 'fix-saves-budget',
      title: 'fixing consumes less error budget than doing nothing',
      seed,
      pass: spentFix < spentNone,
      reason: `${spentFix.toFixed(2)}% with the fix vs ${spentNone.toFixed(2)}% without`,
    });
  }

  // Red herrings do not restore it.
  const stillBroken = sloShortfalls(baseline, by);
  for (const m of scenario.mitigations.filter((mm) => mm.effect === 'none')) {
    const at = x.harmfulAt ?? x.fixAt;
    const sim = runWith(scenario, seed, [mitigationAction(m, at)]);
    const short = sloShortfalls(sim, by);
    results.push({
      id: `red-herring:${m.action.type}:${m.action.target}`,
      title: `${m.action.type} ${m.action.target} (a red herring) does not restore the SLOs`,
      seed,
      pass: short.length > 0,
      reason: short.length > 0 ? `still at ${formatDuration(by)}: ${short.join(', ')}` : `it restored every SLO by ${formatDuration(by)}${stillBroken.length === 0 ? ' (but so does doing nothing: the incident is over by then)' : ''}`,
    });
  }
  results.push(...checkHarmful(scenario, baseline, seed));

  // Temporary mitigations help for a while.
  for (const m of scenario.mitigations.filter((mm) => mm.effect === 'temporary')) {
    const sim = runWith(scenario, seed, [mitigationAction(m, x.fixAt)]);
    let best = 0;
    let bestAt = x.fixAt;
    for (let t = x.fixAt + 60; t <= Math.min(sim.durationSec, x.fixAt + 2 * x.recoverWithin + 600); t += 30) {
      scenario.slos.forEach((_, s) => {
        const gain = sliOver(sim, s, t - SHORT_WINDOW_SEC, t) - sliOver(baseline, s, t - SHORT_WINDOW_SEC, t);
        if (gain > best) {
          best = gain;
          bestAt = t;
        }
      });
    }
    results.push({
      id: `temporary:${m.action.type}:${m.action.target}`,
      title: `${m.action.type} ${m.action.target} helps for a while`,
      seed,
      pass: best > 0.0005,
      reason: best > 0 ? `short-window SLI up to ${(best * 100).toFixed(2)} points better than doing nothing, at ${formatDuration(bestAt)}` : 'no SLO is better than doing nothing at any time',
    });
  }
  return results;
}

function checkHarmful(scenario: Scenario, baseline: Sim, seed: number): CheckResult[] {
  const x = scenario.expectations;
  if (!x) return [];
  const results: CheckResult[] = [];
  for (const m of scenario.mitigations.filter((mm) => mm.effect === 'harmful')) {
    const at = x.harmfulAt ?? x.fixAt;
    const sim = runWith(scenario, seed, [mitigationAction(m, at)]);
    const until = Math.min(sim.durationSec, at + Math.max(x.recoverWithin, 600));
    const worse = scenario.slos.flatMap((slo, s) => {
      const a = sliOver(sim, s, at, until);
      const b = sliOver(baseline, s, at, until);
      return a < b ? [`${slo.id} ${pct(a)} vs ${pct(b)}`] : [];
    });
    results.push({
      id: `harmful:${m.action.type}:${m.action.target}`,
      title: `${m.action.type} ${m.action.target} (harmful) makes an SLI worse`,
      seed,
      pass: worse.length > 0,
      reason: worse.length > 0 ? `from ${formatDuration(at)} to ${formatDuration(until)}: ${worse.join(', ')} without it` : 'no SLI is worse than doing nothing',
    });
  }
  return results;
}

function checkEvidence(scenario: Scenario, baseline: Sim, seed: number): CheckResult[] {
  return scenario.evidence.map((ev) => {
    const r = evidenceFound(scenario, baseline, ev);
    return { id: `evidence:${ev.id}`, title: `evidence "${ev.id}" (${ev.kind}) is in the run`, seed, pass: r.pass, reason: r.reason };
  });
}

function evidenceFound(scenario: Scenario, sim: Sim, ev: EvidenceDef): { pass: boolean; reason: string } {
  const end = sim.durationSec;
  switch (ev.kind) {
    case 'change': {
      const ch = scenario.changes.find((c) => c.id === ev.change);
      return ch && ch.at < end ? { pass: true, reason: `${ch.id} at ${formatDuration(ch.at)} in ${ch.env}` } : { pass: false, reason: `change ${ev.change ?? '?'} is not in the feed during the run` };
    }
    case 'alert': {
      const a = sim.recorder.alerts.find((e) => e.id === ev.alert);
      return a ? { pass: true, reason: `fires at ${formatDuration(a.firedAtSec)}` } : { pass: false, reason: `${ev.alert ?? '?'} never fires without action` };
    }
    case 'inject': {
      const inj = scenario.injects.find((i) => i.id === ev.inject);
      return inj && inj.at < end ? { pass: true, reason: `arrives at ${formatDuration(inj.at)}` } : { pass: false, reason: `${ev.inject ?? '?'} does not arrive during the run` };
    }
    case 'metric': {
      const svc = sim.model.svcIndex.get(ev.service ?? '');
      const env = sim.model.envIndex.get(ev.env);
      if (svc === undefined || env === undefined || !ev.metric || ev.value === undefined) return { pass: false, reason: 'metric evidence needs service, metric and value' };
      const inst = env * sim.model.nSvc + svc;
      let peak = -Infinity;
      for (let r = 0; r < sim.recorder.written; r++) {
        const v = thresholdValue(sim.model, sim.recorder, ev.metric, inst, r);
        if (compare(ev.op, v, ev.value)) return { pass: true, reason: `${ev.metric} ${ev.op} ${ev.value} at ${formatDuration((r + 1) * SCRAPE_SEC)} (${round(v)})` };
        peak = Math.max(peak, v);
      }
      return { pass: false, reason: `${ev.metric} on ${ev.service ?? ''} never ${ev.op} ${ev.value} (max ${round(peak)})` };
    }
    case 'log': {
      const found = searchLogs(sim, { service: ev.service ?? '', env: ev.env, text: ev.contains ?? '', minSeverity: ev.severity ?? 'DEBUG', fromSec: 0, toSec: end, limit: 1 });
      const first = found.records[0];
      return first
        ? { pass: true, reason: `${first.severity} at ${formatDuration(Math.floor(first.timeMs / 1000))} on ${first.pod}: ${first.body.slice(0, 120)}` }
        : { pass: false, reason: `no ${ev.severity ?? ''} line containing "${ev.contains ?? ''}" on ${ev.service ?? ''}${found.truncated ? ' in the part of the run searched' : ''}` };
    }
    case 'trace': {
      const found = listTraces(sim, { service: ev.service ?? '', env: ev.env, status: 'error', fromSec: 0, toSec: end, limit: 1 });
      const first = found.traces[0];
      return first ? { pass: true, reason: `error trace ${first.traceId} through ${ev.service ?? ''}` } : { pass: false, reason: `no error trace through ${ev.service ?? ''}` };
    }
  }
  return { pass: false, reason: `unknown evidence kind` };
}

function compare(op: string, a: number, b: number): boolean {
  return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
}

const round = (v: number) => Math.round(v * 1000) / 1000;
