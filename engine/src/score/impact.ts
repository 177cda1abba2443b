// SLO impact of a finished run and the moments the response times are measured from: impact
// start, mitigation and restoration, all read from the 10 s SLO counters. Pure reads of a Sim.

import type { Sim } from '../sim/sim.ts';
import { SCRAPE_SEC, type AlertEpisode } from '../sim/recorder.ts';
import { budgetConsumedPercent } from '../sim/summary.ts';
import { sliOver } from '../check/contract.ts';
import type { Recorded } from './conventions.ts';
import type { IncidentEvents } from './times.ts';

/** The short window of SLI checks, seconds: impact, violation and mitigation use 5-minute SLIs. */
export const SHORT_WINDOW_SEC = 300;
/** Customers affected = ceil(bad events / this): a customer's visit is about ten requests. */
export const REQUESTS_PER_CUSTOMER = 10;

export interface SloImpact {
  id: string;
  service: string;
  env: string;
  indicator: string;
  objective: number;
  windowDays: number;
  good: number;
  total: number;
  /** good / total over the run (1 when there was no traffic). */
  sli: number;
  /** % of the SLO window's error budget this run consumed (request-based, see budgetConsumedPercent). */
  budgetConsumedPercent: number;
  /** Highest (1 − 5-minute SLI) / (1 − objective) at any scrape. */
  peakBurnRate: number;
  /** Highest share of bad events in any 5-minute window. */
  peakBadRatio: number;
  /** Scrapes whose 5-minute SLI is below objective, in minutes. */
  minutesInViolation: number;
  /** Bad events: failed requests (availability) or requests slower than the threshold (latency). */
  failedRequests: number;
  /** ceil(failedRequests / REQUESTS_PER_CUSTOMER). */
  customersAffected: number;
}

export interface RunMoments {
  /** First scrape end where some SLO's 5-minute SLI is below objective; null: never. */
  impactSec: number | null;
  /** Start of the first 5-minute window from which every SLO's 5-minute SLI stays within objective to the end. */
  mitigateSec: number | null;
  /** End of the last scrape with an SLI below objective in the violation period (at least mitigateSec). */
  restoreSec: number | null;
  /** Highest bad share in any 5-minute window of any SLO. */
  peakBadRatio: number;
}

function sum(a: Float64Array | undefined, rows: number): number {
  let s = 0;
  for (let r = 0; r < rows; r++) s += a?.[r] ?? 0;
  return s;
}

/** The 5-minute SLI of SLO `s` ending at the end of scrape row `r`. */
const shortSli = (sim: Sim, s: number, r: number): number => sliOver(sim, s, (r + 1) * SCRAPE_SEC - SHORT_WINDOW_SEC, (r + 1) * SCRAPE_SEC);

export function sloImpact(sim: Sim): SloImpact[] {
  const rec = sim.recorder;
  const rows = rec.written;
  const runSec = rows * SCRAPE_SEC;
  return sim.model.scenario.slos.map((slo, s) => {
    const good = sum(rec.sloGood[s], rows);
    const total = sum(rec.sloTotal[s], rows);
    const bad = Math.max(0, total - good);
    let peakBad = 0;
    let violating = 0;
    for (let r = 0; r < rows; r++) {
      const sli = shortSli(sim, s, r);
      peakBad = Math.max(peakBad, 1 - sli);
      if (sli < slo.objective) violating++;
    }
    return {
      id: slo.id,
      service: slo.service,
      env: slo.env,
      indicator: slo.indicator,
      objective: slo.objective,
      windowDays: slo.windowDays,
      good,
      total,
      sli: total > 0 ? good / total : 1,
      budgetConsumedPercent: budgetConsumedPercent(bad, total, slo.objective, slo.windowDays, runSec),
      peakBurnRate: peakBad / (1 - slo.objective),
      peakBadRatio: peakBad,
      minutesInViolation: (violating * SCRAPE_SEC) / 60,
      failedRequests: bad,
      customersAffected: Math.ceil(bad / REQUESTS_PER_CUSTOMER),
    };
  });
}

export function runMoments(sim: Sim): RunMoments {
  const rows = sim.recorder.written;
  const slos = sim.model.scenario.slos;
  let first = -1;
  let last = -1;
  let peakBadRatio = 0;
  for (let r = 0; r < rows; r++) {
    let bad = false;
    slos.forEach((slo, s) => {
      const sli = shortSli(sim, s, r);
      peakBadRatio = Math.max(peakBadRatio, 1 - sli);
      if (sli < slo.objective) bad = true;
    });
    if (bad) {
      if (first < 0) first = r;
      last = r;
    }
  }
  if (first < 0) return { impactSec: null, mitigateSec: null, restoreSec: null, peakBadRatio };
  const impactSec = (first + 1) * SCRAPE_SEC;
  // The window ending one scrape after the last bad one is good, and so is every later one.
  if (last >= rows - 1) return { impactSec, mitigateSec: null, restoreSec: null, peakBadRatio };
  const mitigateSec = Math.max(impactSec, (last + 2) * SCRAPE_SEC - SHORT_WINDOW_SEC);
  let lastBadScrape = -1;
  for (let r = first; r <= last; r++) {
    const sec = r * SCRAPE_SEC;
    if (slos.some((slo, s) => sliOver(sim, s, sec, sec + SCRAPE_SEC) < slo.objective)) lastBadScrape = r;
  }
  return { impactSec, mitigateSec, restoreSec: Math.max(mitigateSec, (lastBadScrape + 1) * SCRAPE_SEC), peakBadRatio };
}

/** First page that fired (any severity when none paged): the "first alert" of the response times. */
export function firstAlertSec(alerts: readonly AlertEpisode[]): number | null {
  const pages = alerts.filter((a) => a.severity === 'page');
  const from = pages.length ? pages : alerts;
  return from.reduce<number | null>((m, a) => (m === null || a.firedAtSec < m ? a.firedAtSec : m), null);
}

/**
 * The incident's moments in a run: the measured ones (impact, mitigation, restoration), the first
 * alert, and the trainee's first acknowledge, declaration and resolve with a root cause (which
 * also closes the incident).
 */
export function incidentEvents(sim: Sim, rec: Recorded, moments: RunMoments): IncidentEvents {
  const resolved = rec.resolves.find((r) => r.component !== null && r.category !== null);
  return {
    impactSec: moments.impactSec,
    alertSec: firstAlertSec(sim.recorder.alerts),
    ackSec: rec.acks[0]?.atSec ?? null,
    declareSec: rec.declares[0]?.atSec ?? null,
    mitigateSec: moments.mitigateSec,
    restoreSec: moments.restoreSec,
    resolveSec: resolved?.atSec ?? null,
    closeSec: resolved?.atSec ?? null,
  };
}
