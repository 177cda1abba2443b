// The engine's public surface: everything cli/, renderer/ and bench/ may use.
// Pure and deterministic (see CONTEXT.md): no DOM, no Node, no wall clock.

export * from './scenario/schema.ts';
export { parseDuration, formatDuration, formatOffset } from './scenario/duration.ts';
export { createSim, podSuffix, type Sim, type SimOptions, type SimSnapshot } from './sim/sim.ts';
export { summarize, metricsCsv, budgetConsumedPercent, formatNumber, type RunSummary, type ServiceSummary, type SloSummary } from './sim/summary.ts';
export {
  ActionSchema,
  ActionListSchema,
  ACTION_TYPES,
  MITIGATION_TYPES,
  RECORDED_TYPES,
  DELAY,
  type Action,
  type ActionInput,
  type ActionRecord,
  type ActionType,
} from './sim/actions.ts';
export {
  INSTANCE_METRICS,
  isRunningTotal,
  SCRAPE_SEC,
  seriesAt,
  seriesColumn,
  type AlertEpisode,
  type TimelineEvent,
  type MetricName,
  type Series,
  type Recorder,
} from './sim/recorder.ts';
export { erlangC, steadyWait, quantile, cdf, meanOf, type LatencyDist } from './sim/queueing.ts';
export { burnThreshold, ratioAbove, decimalToFraction, thresholdValue, windowCounts } from './sim/alerts.ts';
export { formatIsoSec, formatIsoMs, parseIsoSec } from './core/time.ts';
export { loadScenario, validateScenarioObject, formatIssue, MAX_SCENARIO_BYTES, type ScenarioIssue, type LoadResult } from './scenario/load.ts';
export { checkSemantics } from './scenario/semantics.ts';
export { scenarioJsonSchema, SCENARIO_SCHEMA_ID } from './scenario/jsonSchema.ts';
export {
  logsAt,
  searchLogs,
  logCounts,
  getTrace,
  traceLookup,
  listTraces,
  decodeTraceId,
  SEVERITIES,
  DEFAULT_LOG_LIMIT,
  MAX_LOG_LIMIT,
  MAX_SCAN_UNITS,
  ERROR_CAP,
  WARN_CAP,
  ACCESS_PER_SEC,
  MAX_ERROR_TRACES,
  MAX_SPANS,
  MAX_TRACE_LIMIT,
  MAX_TRACES_SCANNED,
  type TraceKey,
  type Severity as LogSeverity,
  type LogRecord,
  type LogQuery,
  type LogSearchResult,
  type LogBucket,
  type Span,
  type SpanKind,
  type SpanEvent,
  type Trace,
  type TraceQuery,
  type TraceSummary,
  type TraceList,
  type TraceLookup,
} from './signals/index.ts';
export { checkContract, sliOver, budgetSpent, type CheckResult, type ContractOptions } from './check/contract.ts';
export { SESSION_FORMAT, SessionSchema, CHECKPOINT_EVERY_SEC, runRecorded, firstDivergence, type Session, type SessionCheckpoint, type RecordedRun } from './session.ts';
export {
  scoreSession,
  expectedSeverity,
  gradeOf,
  responseTimes,
  sloImpact,
  runMoments,
  readRecorded,
  mentionsImpact,
  mentionsNextUpdate,
  evidenceSeen,
  SCORE_FORMAT,
  SCORE_WEIGHTS,
  HINT_COST,
  HINT_CAP,
  ACTION_PENALTY,
  REQUESTS_PER_CUSTOMER,
  SEVERITY_LEVELS,
  type ScoreReport,
  type ScoreItem,
  type ScoreArea,
  type ScoreOptions,
  type ScoredRun,
  type Grade,
  type MitigationReview,
  type MitigationVerdict,
  type IncidentEvents,
  type ResponseTimes,
  type SloImpact,
  type IncidentSeverity,
  type EvidenceSeen,
} from './score/index.ts';
