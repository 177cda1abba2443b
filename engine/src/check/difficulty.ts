// A measured difficulty estimate: how hard the scenario is to diagnose, from the file and one run
// without any action, to set beside the difficulty its author declared. Seven factors, each
// measured, scaled to 0..1 and weighted (DIFFICULTY_WEIGHTS); the score is their weighted mean
// on 0..100:
//
//   hops           call-graph distance from the first paging service (else ticket) to the cause
//                  (0 hops → 0, 3 or more → 1); calls, cache misses and queue consumption are edges
//   detect         time from the impact start (first 5-minute SLI below objective) to the first
//                  page or ticket alert, without help (≤ 3 min → 0, ≥ 20 min or never → 1)
//   signal         share of the ERROR lines in the first 10 minutes of impact that come from the
//                  root-cause service or name it as a peer (all → 0, none → 1)
//   decoy-changes  changes other than the culprit within 30 minutes of the impact (4 or more → 1)
//   traps          mitigations the file lists as useless or harmful (6 or more → 1)
//   breadth        services in the system (3 → 0, 30 or more → 1, on a log scale)
//   faults         faults in the environments the SLOs watch (1 → 0, 3 or more → 1)
//
// Levels: below 35 beginner, below 55 intermediate, else advanced. Pure and deterministic: one
// seeded run, log counts from the lazy generators.

import type { Scenario } from '../scenario/schema.ts';
import { createSim, type Sim } from '../sim/sim.ts';
import { SCRAPE_SEC } from '../sim/recorder.ts';
import { logCounts, searchLogs } from '../signals/index.ts';
import { formatDuration } from '../scenario/duration.ts';
import { sliOver } from './contract.ts';

export type DifficultyLevel = 'beginner' | 'intermediate' | 'advanced';

export interface DifficultyFactor {
  id: string;
  label: string;
  /** The factor scaled to 0 (easy) .. 1 (hard). */
  value: number;
  weight: number;
  /** What was measured and how it scaled. */
  explanation: string;
  /** The raw measurement: hops, seconds, a share, a count. */
  measured: number;
}

export interface DifficultyEstimate {
  level: DifficultyLevel;
  /** 0..100: the weighted mean of the factors. */
  score: number;
  factors: DifficultyFactor[];
}

export const DIFFICULTY_WEIGHTS = { hops: 25, detect: 20, signal: 20, 'decoy-changes': 15, traps: 10, breadth: 5, faults: 5 } as const;
export const DIFFICULTY_LEVELS = { intermediate: 35, advanced: 55 } as const;

const WINDOW_SEC = 600;
const NEAR_SEC = 1800;
const SAMPLE = 300;

/** Estimates how hard the scenario is to diagnose. Runs it once without any action. */
export function estimateDifficulty(scenario: Scenario, opts: { seed?: number } = {}): DifficultyEstimate {
  const sim = createSim(scenario, { seed: opts.seed ?? scenario.seed });
  sim.runUntil(sim.durationSec);
  const impact = impactStart(scenario, sim);
  const symptom = firstAlert(scenario, sim, 'page') ?? firstAlert(scenario, sim, 'ticket');
  const first = [firstAlert(scenario, sim, 'page'), firstAlert(scenario, sim, 'ticket')].filter((a) => a !== undefined).sort((a, b) => a.atSec - b.atSec)[0];
  const rc = scenario.rootCause;
  const env = rootCauseEnv(scenario);

  const factors: DifficultyFactor[] = [];
  const add = (id: keyof typeof DIFFICULTY_WEIGHTS, label: string, measured: number, value: number, explanation: string) =>
    factors.push({ id, label, value: round(clamp01(value)), weight: DIFFICULTY_WEIGHTS[id], explanation, measured: round(measured) });

  // Hops from the paging service to the cause.
  const from = symptom?.service ?? scenario.slos[0]?.service;
  if (!rc || rc.category === 'none' || from === undefined) {
    add('hops', 'Hops from symptom to cause', 0, 0, rc?.category === 'none' ? 'nothing is broken: there is no cause to find' : 'no root cause or paging service to measure from');
  } else {
    const hops = distance(scenario, from, rc.component);
    const shown = hops === undefined ? 'not connected' : `${hops} hop${hops === 1 ? '' : 's'}`;
    add('hops', 'Hops from symptom to cause', hops ?? 4, (hops ?? 4) / 3, `${from} pages first; the cause is in ${rc.component}: ${shown} in the call graph (0 → easy, 3 or more → hard)`);
  }

  // Time to detect without help: the first page or ticket alert after the impact starts.
  const detect = first ? Math.max(0, first.atSec - impact.atSec) : undefined;
  if (rc?.category === 'none') {
    add('detect', 'Time to detect without help', detect ?? -1, 1, 'nothing is broken: every alert is a false lead to rule out');
  } else {
    add(
      'detect',
      'Time to detect without help',
      detect ?? -1,
      detect === undefined ? 1 : (detect - 180) / (1200 - 180),
      detect === undefined
        ? 'no alert fires in a run without action: only a support ticket or a close look reveals it'
        : `${first?.id ?? ''} fires ${formatDuration(detect)} after ${impact.what} (3 min or less → easy, 20 min or more → hard)`,
    );
  }

  // Signal to noise in the logs.
  if (!rc || rc.category === 'none') {
    add('signal', 'Error logs from the cause', 0, 1, 'nothing is broken: every error line is noise');
  } else {
    const share = errorShare(scenario, sim, rc.component, env, impact.atSec);
    add(
      'signal',
      'Error logs from the cause',
      share.total > 0 ? share.share : 0,
      share.total > 0 ? 1 - share.share : 1,
      share.total > 0
        ? `${Math.round(share.share * 100)}% of the ${share.total} ERROR lines in the first 10 minutes come from ${rc.component} or name it (all → easy, none → hard)`
        : 'no ERROR lines in the first 10 minutes: the logs do not point anywhere',
    );
  }

  // Decoy changes near the impact.
  const decoys = scenario.changes.filter((c) => c.id !== rc?.change && c.env === env && Math.abs(c.at - impact.atSec) <= NEAR_SEC);
  add('decoy-changes', 'Decoy changes near the impact', decoys.length, decoys.length / 4, `${decoys.length} change${decoys.length === 1 ? '' : 's'} other than the culprit within 30 minutes of ${impact.what}${decoys.length ? `: ${decoys.map((c) => c.id).join(', ')}` : ''} (4 or more → hard)`);

  // Traps among the mitigations.
  const traps = scenario.mitigations.filter((m) => m.effect === 'none' || m.effect === 'harmful');
  add('traps', 'Useless or harmful actions listed', traps.length, traps.length / 6, `${traps.length} mitigation${traps.length === 1 ? '' : 's'} marked none or harmful (6 or more → hard)`);

  // Breadth: how much there is to look at.
  const n = scenario.services.length;
  add('breadth', 'Size of the system', n, Math.log(Math.max(3, n) / 3) / Math.log(10), `${n} services to look at (3 → easy, 30 or more → hard)`);
  // Faults in the environments the SLOs watch: a staging copy of the bug overlaps no symptom.
  const watched = new Set(scenario.slos.map((slo) => slo.env));
  const faults = scenario.faults.filter((f) => watched.size === 0 || watched.has(f.env)).length;
  add('faults', 'Faults at once', faults, (faults - 1) / 2, `${faults} fault${faults === 1 ? '' : 's'} where the SLOs watch (1 → easy, 3 or more → hard: symptoms overlap)`);

  const total = factors.reduce((s, f) => s + f.weight, 0);
  const score = Math.round((100 * factors.reduce((s, f) => s + f.weight * f.value, 0)) / total);
  const level: DifficultyLevel = score >= DIFFICULTY_LEVELS.advanced ? 'advanced' : score >= DIFFICULTY_LEVELS.intermediate ? 'intermediate' : 'beginner';
  return { level, score, factors };
}

/** When users are first hurt: the first scrape with an SLO's 5-minute SLI below objective; else the first fault. */
function impactStart(scenario: Scenario, sim: Sim): { atSec: number; what: string } {
  for (let r = 0; r < sim.recorder.written; r++) {
    const t = (r + 1) * SCRAPE_SEC;
    const hit = scenario.slos.findIndex((slo, s) => sliOver(sim, s, t - 300, t) < slo.objective);
    if (hit >= 0) return { atSec: t, what: `the impact starts (${formatDuration(t)})` };
  }
  const starts = scenario.faults.map((f) => f.start);
  const first = starts.length ? Math.min(...starts) : 0;
  return { atSec: first, what: `the first fault (${formatDuration(first)})` };
}

/** The first alert of a severity, and the service it is about. */
function firstAlert(scenario: Scenario, sim: Sim, severity: 'page' | 'ticket'): { id: string; atSec: number; service: string } | undefined {
  const episodes = [...sim.recorder.alerts].sort((a, b) => a.firedAtSec - b.firedAtSec);
  const first = episodes.find((a) => a.severity === severity);
  if (!first) return undefined;
  const rule = scenario.alerts.find((a) => a.id === first.id);
  if (!rule) return undefined;
  const service = rule.type === 'threshold' ? rule.service : scenario.slos.find((s) => s.id === rule.slo)?.service;
  return service === undefined ? undefined : { id: first.id, atSec: first.firedAtSec, service };
}

function rootCauseEnv(scenario: Scenario): string {
  const fault = scenario.faults.find((f) => f.id === scenario.rootCause?.fault);
  return fault?.env ?? 'prod';
}

/** Shortest path in the call graph taken as undirected: calls, cache misses, consumption. */
function distance(scenario: Scenario, from: string, to: string): number | undefined {
  const links = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!links.has(a)) links.set(a, new Set());
    if (!links.has(b)) links.set(b, new Set());
    links.get(a)?.add(b);
    links.get(b)?.add(a);
  };
  for (const s of scenario.services) {
    for (const c of s.calls) {
      link(s.id, c.to);
      if (c.onMiss !== undefined) link(s.id, c.onMiss);
    }
    if (s.consumes !== undefined) link(s.id, s.consumes);
  }
  const seen = new Map<string, number>([[from, 0]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const at = queue[head] ?? '';
    const d = seen.get(at) ?? 0;
    if (at === to) return d;
    for (const next of [...(links.get(at) ?? [])].sort()) {
      if (seen.has(next)) continue;
      seen.set(next, d + 1);
      queue.push(next);
    }
  }
  return undefined;
}

/**
 * Share of the ERROR lines that point at the cause: written by the root-cause service, or naming
 * it as a host or peer (`http://entitlements.prod…`, `Request to pricing-api failed`). Each
 * other service's share is judged on its first SAMPLE lines and scaled to its count.
 */
function errorShare(scenario: Scenario, sim: Sim, component: string, env: string, fromSec: number): { share: number; total: number } {
  const from = Math.max(0, Math.min(fromSec, sim.durationSec - 1));
  const to = Math.min(sim.durationSec, from + WINDOW_SEC);
  const names = new RegExp(`(?<![\\w-])${component}(?=[.:\\s"',)]|$)`, 'i');
  let total = 0;
  let pointing = 0;
  for (const svc of scenario.services) {
    const buckets = logCounts(sim, { fromSec: from, toSec: to, service: svc.id, env, minSeverity: 'ERROR' }, WINDOW_SEC);
    const n = buckets.reduce((s, b) => s + b.counts.ERROR + b.counts.FATAL, 0);
    if (n === 0) continue;
    total += n;
    if (svc.id === component) {
      pointing += n;
      continue;
    }
    const sample = searchLogs(sim, { fromSec: from, toSec: to, service: svc.id, env, minSeverity: 'ERROR', limit: SAMPLE }).records;
    if (sample.length === 0) continue;
    const hits = sample.filter((r) => names.test(r.body) || names.test(r.stack ?? '')).length;
    pointing += (n * hits) / sample.length;
  }
  return { share: total > 0 ? pointing / total : 0, total };
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
