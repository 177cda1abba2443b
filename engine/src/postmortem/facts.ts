// What really happened in a run, as the postmortem draft and rubric need it: the incident's
// moments (the same definitions as scoring, engine/src/score/times.ts and README "Times"), the
// headline impact numbers, the alerts and the recorded actions. Pure reads of a finished Sim.

import type { Scenario } from '../scenario/schema.ts';
import type { ActionRecord } from '../sim/actions.ts';
import type { AlertEpisode } from '../sim/recorder.ts';
import { createSim, type Sim } from '../sim/sim.ts';
import { readRecorded } from '../score/conventions.ts';
import { incidentEvents, REQUESTS_PER_CUSTOMER, runMoments, sloImpact, type SloImpact } from '../score/impact.ts';
import type { ScoredRun } from '../score/score.ts';
import type { IncidentEvents } from '../score/times.ts';

/** The impact numbers a postmortem states, measured. */
export interface MeasuredImpact {
  /** Outage length in minutes: impact start → restored (→ end of run if never restored); 0 without impact. */
  durationMin: number;
  /** Bad events of the availability SLOs (of every SLO when none is about availability). */
  failedRequests: number;
  /** Error budget consumed by the worst-hit SLO, % of its window's budget. */
  budgetConsumedPercent: number;
  /** That SLO's id (null when the scenario has no SLO). */
  budgetSlo: string | null;
  /** ceil(failedRequests / REQUESTS_PER_CUSTOMER), as scoring counts customers. */
  customersAffected: number;
}

export interface RunFacts {
  scenario: string;
  seed: number;
  durationSec: number;
  /** Epoch seconds of offset 0 (the scenario's `start`). */
  startEpochSec: number;
  events: IncidentEvents;
  impact: MeasuredImpact;
  slos: SloImpact[];
  alerts: AlertEpisode[];
  actions: ActionRecord[];
}

export function measuredImpact(slos: readonly SloImpact[], events: Pick<IncidentEvents, 'impactSec' | 'restoreSec'>, durationSec: number): MeasuredImpact {
  const avail = slos.filter((x) => x.indicator === 'availability');
  const failed = (avail.length ? avail : slos).reduce((a, x) => a + x.failedRequests, 0);
  const worst = slos.reduce<SloImpact | null>((m, x) => (m === null || x.budgetConsumedPercent > m.budgetConsumedPercent ? x : m), null);
  const durationSecs = events.impactSec === null ? 0 : (events.restoreSec ?? durationSec) - events.impactSec;
  return {
    durationMin: durationSecs / 60,
    failedRequests: failed,
    budgetConsumedPercent: worst?.budgetConsumedPercent ?? 0,
    budgetSlo: worst?.id ?? null,
    customersAffected: Math.ceil(failed / REQUESTS_PER_CUSTOMER),
  };
}

/** Facts of a finished run. */
export function runFacts(scenario: Scenario, sim: Sim): RunFacts {
  const rec = readRecorded(sim.actions, new Set(scenario.evidence.map((e) => e.id)));
  const events = incidentEvents(sim, rec, runMoments(sim));
  const slos = sloImpact(sim);
  return {
    scenario: scenario.metadata.id,
    seed: sim.seed,
    durationSec: sim.durationSec,
    startEpochSec: sim.model.startEpochSec,
    events,
    impact: measuredImpact(slos, events, sim.durationSec),
    slos,
    alerts: sim.recorder.alerts.map((a) => ({ ...a })),
    actions: sim.actions.map((a) => ({ ...a })),
  };
}

/** Runs a session (seed, duration, actions) to the end and reads its facts. */
export function measureRun(scenario: Scenario, run: ScoredRun): RunFacts {
  const sim = createSim(scenario, { seed: run.seed, durationSec: run.durationSec });
  sim.schedule(run.actions);
  sim.runUntil(sim.durationSec);
  return runFacts(scenario, sim);
}
