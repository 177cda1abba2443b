// Scoring of finished sessions: SLO impact, response times, diagnosis, actions, communication.
export { scoreSession, expectedSeverity, gradeOf, SCORE_FORMAT, SCORE_WEIGHTS, HINT_COST, HINT_CAP, ACTION_PENALTY } from './score.ts';
export type { ScoreReport, ScoreItem, ScoreArea, ScoreOptions, ScoredRun, Grade, MitigationReview, MitigationVerdict } from './score.ts';
export { responseTimes, type IncidentEvents, type ResponseTimes } from './times.ts';
export { sloImpact, runMoments, incidentEvents, firstAlertSec, REQUESTS_PER_CUSTOMER, SHORT_WINDOW_SEC, type SloImpact, type RunMoments } from './impact.ts';
export { readRecorded, mentionsImpact, mentionsNextUpdate, SEVERITY_LEVELS, HYPOTHESIS_STATUSES, OBSERVE_TARGETS, type Recorded, type Hypothesis, type EvidenceRef, type Observation, type IncidentSeverity, type HypothesisStatus } from './conventions.ts';
export { evidenceSeen, type EvidenceSeen } from './evidence.ts';
