// Response times from explicit event timestamps: pure arithmetic, no simulation, so the
// definitions can be checked against published timelines (SRE book App. D). The events are
// found in a run by `impact.ts`; the definitions are in README.md ("Scoring").

/** Moments of one incident, in seconds on any common clock; null when it never happened. */
export interface IncidentEvents {
  /** First scrape where some SLO's 5-minute SLI is below objective (OUTAGE BEGINS). */
  impactSec: number | null;
  /** First alert fired (the page). */
  alertSec: number | null;
  /** First acknowledge. */
  ackSec: number | null;
  /** Incident declared (INCIDENT BEGINS). */
  declareSec: number | null;
  /** Start of the first 5-minute window from which every SLO stays within objective (OUTAGE MITIGATED). */
  mitigateSec: number | null;
  /** Fully restored: no bad scrape any more (OUTAGE ENDS). */
  restoreSec: number | null;
  /** Declared resolved with a root cause. */
  resolveSec: number | null;
  /** Incident closed (INCIDENT ENDS); the simulator uses the resolve action. */
  closeSec: number | null;
}

/** Durations in seconds; null when a start or end is missing. */
export interface ResponseTimes {
  /** Time to detect: impact start → first acknowledge or declaration (0 if the trainee was earlier). */
  ttdSec: number | null;
  /** Time to acknowledge: first alert → first acknowledge (0 if acknowledged before it fired). */
  ttaSec: number | null;
  /** Time to declare: impact start → incident declared. */
  ttDeclareSec: number | null;
  /** Time to mitigate: impact start → mitigation. */
  ttmSec: number | null;
  /** Outage length: impact start → fully restored. */
  outageSec: number | null;
  /** Time to resolve: impact start → resolved with a root cause. */
  ttrSec: number | null;
  /** Incident length: declared → closed. */
  incidentSec: number | null;
}

const span = (from: number | null, to: number | null): number | null => (from === null || to === null ? null : Math.max(0, to - from));

const earliest = (...xs: (number | null)[]): number | null => xs.reduce<number | null>((m, x) => (x === null ? m : m === null || x < m ? x : m), null);

export function responseTimes(e: IncidentEvents): ResponseTimes {
  return {
    ttdSec: span(e.impactSec, earliest(e.ackSec, e.declareSec)),
    ttaSec: span(e.alertSec, e.ackSec),
    ttDeclareSec: span(e.impactSec, e.declareSec),
    ttmSec: span(e.impactSec, e.mitigateSec),
    outageSec: span(e.impactSec, e.restoreSec),
    ttrSec: span(e.impactSec, e.resolveSec),
    incidentSec: span(e.declareSec, e.closeSec),
  };
}
