// The sim worker's wire protocol (Actual-style): the UI sends `{id, name, args}`, the worker
// answers `{type:'reply', id, result}` or `{type:'error', id, message}`, and pushes
// `{type:'push', name, args}` on its own. One map, `SimCommands`, types every command end to end.
// Types only: the UI thread imports this file with `import type` and so never loads the engine.
// Everything here is plain structured-cloneable data (typed arrays included).

import type {
  AfterActionReport,
  Postmortem,
  PostmortemScore,
  ActionRecord,
  ActionType,
  AlertDef,
  AlertEpisode,
  CheckResult,
  FlagDef,
  LogBucket,
  LogQuery,
  LogSearchResult,
  RunbookDef,
  ScenarioIssue,
  Session,
  SloDef,
  TimelineEvent,
  TraceList,
  TraceLookup,
  TraceQuery,
} from '../../../engine/src/index.ts';

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** Simulated seconds per wall second. 0 is paused. */
export const SPEEDS = [0, 1, 2, 5, 10, 30] as const;
export type Speed = (typeof SPEEDS)[number];

/** JSON data: action params must survive the session file unchanged, or a replay would diverge. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Queries the trainee makes on purpose pass `observe: true`; background refreshes do not. */
export interface Observable {
  /** Record an `observe` action for this query at the current second (for scoring's evidence). */
  observe?: boolean;
}

export interface ClockState {
  nowSec: number;
  speed: Speed;
  durationSec: number;
  /** The run reached its end: the clock stops and no more actions are accepted. */
  ended: boolean;
}

// ---------------------------------------------------------------------------------------------
// scenario/load: what the briefing and the war room may show. Never the answers: no faults,
// root cause, mitigations, evidence, debrief, future changes or injects, nor hint texts.

export interface CallInfo {
  to: string;
  perRequest: number;
  timeoutMs: number;
  retries: number;
  pool?: number;
  critical: boolean;
  onMiss?: string;
}

export interface ServiceInfo {
  id: string;
  name?: string;
  type: 'gateway' | 'api' | 'worker' | 'database' | 'cache' | 'queue' | 'external';
  version: string;
  language?: string;
  replicas: number;
  zones: string[];
  consumes?: string;
  calls: CallInfo[];
}

export interface AlertRuleInfo {
  id: string;
  type: AlertDef['type'];
  severity: AlertDef['severity'];
  summary?: string;
  /** Human-readable condition, e.g. "burn > 14.4x on checkout-availability over 1h and 5m". */
  rule: string;
  /** The service it concerns (threshold: its own; burn rate: its SLO's). */
  service: string;
  env: string;
}

export interface ScenarioInfo {
  id: string;
  title: string;
  summary: string;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  objectives: string[];
  tags: string[];
  author?: string;
  domain?: string;
  company?: string;
  /** The trainee's role and the on-call context, for the briefing. */
  role?: string;
  onCall?: string;
  /** The scenario's default seed. */
  seed: number;
  durationSec: number;
  /** ISO 8601 simulated wall-clock time at second 0, and the same as Unix seconds. */
  start: string;
  startEpochSec: number;
  environments: { id: string; trafficScale: number }[];
  services: ServiceInfo[];
  slos: SloDef[];
  alerts: AlertRuleInfo[];
  flags: FlagDef[];
  runbooks: RunbookDef[];
  hintsCount: number;
}

export type ScenarioLoadResult = { ok: true; scenario: ScenarioInfo; warnings: ScenarioIssue[] } | { ok: false; issues: ScenarioIssue[] };

// ---------------------------------------------------------------------------------------------
// sim/start

export interface StartArgs {
  /** Defaults to the scenario's seed; ignored when resuming (the session's seed rules). */
  seed?: number;
  /** A firedrill-session/v1 to continue: replayed to its durationSec and checked against its stateHash. */
  resume?: Session;
}

export type StartResult =
  | { ok: true; seed: number; clock: ClockState; stateHash: string; actions: ActionRecord[] }
  | {
      ok: false;
      message: string;
      expectedHash: string;
      actualHash: string;
      /** The first checkpoint that differed, when the session has checkpoints. */
      divergence: { atSec: number; sinceSec: number } | null;
    };

// ---------------------------------------------------------------------------------------------
// clock

export interface NextEventItem {
  /** A timeline kind ('change', 'inject', 'alert', 'rollout', 'podCrash', ...) or 'alertResolved'. */
  kind: string;
  text: string;
}

export interface NextEvent {
  /** The first second at which something new is visible, or null when nothing happens by searchedToSec. */
  atSec: number | null;
  events: NextEventItem[];
  searchedToSec: number;
}

// ---------------------------------------------------------------------------------------------
// actions

export interface ActArgs {
  type: ActionType;
  target?: string;
  params?: Record<string, JsonValue>;
}

export interface HintResult {
  /** null when every hint has been given already (nothing is recorded then). */
  hint: { level: number; text: string; index: number; total: number } | null;
  action: ActionRecord | null;
}

// ---------------------------------------------------------------------------------------------
// queries

export interface MetricsArgs extends Observable {
  service: string;
  env?: string;
  /** Recorded metric names (INSTANCE_METRICS) or derived ones as alerts use them (error_ratio, latency_p95_ms, ...). */
  metrics: string[];
  fromSec?: number;
  /** Inclusive end, in seconds; defaults to now. */
  toSec?: number;
}

export interface MetricSeries {
  name: string;
  /** counter: shown as a rate per second; gauge: as recorded; derived: as alert rules compute it. */
  kind: 'counter' | 'gauge' | 'derived';
  unit: string;
  help: string;
  values: Float32Array;
}

export interface MetricsResult {
  /** Seconds since the start at the end of each 10 s scrape. */
  times: Float64Array;
  series: MetricSeries[];
}

export type Health = 'unknown' | 'ok' | 'warning' | 'critical';

export interface ServiceHealth {
  service: string;
  env: string;
  ratePerSec: number;
  /** 4xx + 5xx over all responses, as the error_ratio alert metric. */
  errorRatio: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** The fullest of CPU, memory and connection pool, 0..1 (USE method). */
  saturation: number;
  readyReplicas: number;
  desiredReplicas: number;
  /** Page-severity alerts firing that concern this service. */
  pagesFiring: number;
  health: Health;
}

export interface EdgeHealth {
  from: string;
  to: string;
  env: string;
  callsPerSec: number;
  failureRatio: number;
  retriesPerSec: number;
}

export interface Overview {
  /** End of the scrape shown, or null before the first scrape. */
  atSec: number | null;
  services: ServiceHealth[];
  edges: EdgeHealth[];
}

export interface SlosArgs extends Observable {
  /** Window of `sliWindow`, seconds; default one hour. */
  windowSec?: number;
}

export interface SloStatus {
  id: string;
  service: string;
  env: string;
  indicator: 'availability' | 'latency';
  objective: number;
  /** SLIs as the alert rules see them (history before the start counts as healthy); null without traffic. */
  sliWindow: number | null;
  sli5m: number | null;
  sli1h: number | null;
  /** Error-budget burn rate, 1 = exactly on budget. */
  burn5m: number;
  burn1h: number;
  /** SLI since the start of the run. */
  sliRun: number | null;
  /** Share of the SLO window's error budget left, extrapolated from this run (may go below 0). */
  budgetLeftPercent: number;
}

export interface SloSeriesArgs {
  slo: string;
  fromSec?: number;
  toSec?: number;
}

export interface SloSeries {
  times: Float64Array;
  /** Good and total events per scrape. */
  good: Float64Array;
  total: Float64Array;
}

export type LogsArgs = LogQuery & Observable;
export type LogCountsArgs = LogQuery & Observable & { bucketSec: number };
export type TracesArgs = TraceQuery & Observable;
export interface TraceArgs extends Observable {
  traceId: string;
}

export interface ChangeView {
  id: string;
  atSec: number;
  type: 'deploy' | 'config' | 'flag' | 'infra';
  service?: string;
  env: string;
  version?: string;
  /** Deploys: the version it replaced. */
  previousVersion?: string;
  author: string;
  summary: string;
  ci: 'passed' | 'failed' | 'skipped';
  diff?: string;
  flag?: string;
  value?: boolean;
}

export interface AlertEpisodeView extends AlertEpisode {
  /** First acknowledge of this alert while the episode was open, or null. */
  acknowledgedAtSec: number | null;
}

export interface AlertsView {
  rules: AlertRuleInfo[];
  episodes: AlertEpisodeView[];
}

export interface InjectView {
  id: string;
  atSec: number;
  kind: 'ticket' | 'stakeholder' | 'statuspage' | 'chat';
  from: string;
  subject: string;
  body: string;
}

export interface TimelineView {
  events: TimelineEvent[];
  actions: ActionRecord[];
  /** Pass back as sinceIndex to get only what came later. */
  nextIndex: number;
}

// ---------------------------------------------------------------------------------------------
// debrief

export interface DebriefArgs {
  /** A postmortem document (checked against PostmortemSchema in the worker). */
  postmortem?: unknown;
  /** Counterfactual items (checked in the worker); default: the postmortem's replayable items. */
  items?: unknown[];
}

/** The scenario's documented pace (its `expectations`), for placing the expert path on a time axis. */
export interface ExpectedPace {
  incident: boolean;
  detectWithinSec: number;
  detectBy: 'alert' | 'ticket';
  fixAtSec: number;
  recoverWithinSec: number;
}

export type DebriefResult = { ok: true; report: AfterActionReport; session: Session; expected: ExpectedPace | null } | { ok: false; errors: string[] };

// ---------------------------------------------------------------------------------------------
// author: the scenario editor. These commands never touch the loaded scenario or the run: each
// works on the text it is given (a preview runs its own headless simulation).

export interface AuthorValidateResult {
  /** True when the text loads (warnings may remain). */
  ok: boolean;
  /** Errors and warnings, as `firedrill validate` reports them. */
  issues: ScenarioIssue[];
}

export interface PreviewSlo {
  id: string;
  service: string;
  env: string;
  indicator: 'availability' | 'latency';
  objective: number;
  thresholdMs?: number;
  description?: string;
  /** Per scrape (AuthorPreview.times): the SLI over the 5 minutes ending there, NaN without traffic. */
  sli: Float32Array;
  /** Error-budget burn rate over 5 minutes and over 1 hour (as the burn-rate alerts compute it). */
  burn5m: Float32Array;
  burn1h: Float32Array;
  /** The burn-rate alert rules on this SLO. */
  burnAlerts: { id: string; burnRate: number; severity: string; longWindowSec: number; shortWindowSec: number }[];
}

export interface PreviewLogLine {
  timeMs: number;
  severity: string;
  pod: string;
  body: string;
  /** First line of the stack trace, when the line has one. */
  stackHead?: string;
}

export interface PreviewFault {
  id: string;
  type: string;
  target: string;
  env: string;
  /** When it was active in the preview run (no actions taken); null end: still active at its end. */
  startSec: number;
  endSec: number | null;
  /** False when it never started within the previewed time. */
  active: boolean;
  causedBy?: string;
  description?: string;
  /** Service whose logs were sampled, and a sample of the WARN and worse lines it wrote. */
  logsService: string;
  logs: PreviewLogLine[];
}

export interface PreviewChange {
  id: string;
  atSec: number;
  type: string;
  service?: string;
  env: string;
  summary: string;
  version?: string;
}

export interface PreviewInject {
  id: string;
  atSec: number;
  kind: string;
  from: string;
  subject: string;
}

/** Service and call health at one moment of the preview run (for the map). */
export interface HealthSample {
  atSec: number;
  services: ServiceHealth[];
  edges: EdgeHealth[];
}

export interface AuthorPreview {
  ok: true;
  info: ScenarioInfo;
  warnings: ScenarioIssue[];
  /** The scenario's duration, and how much of it the preview simulated. */
  durationSec: number;
  previewSec: number;
  /** Wall milliseconds the worker spent (validation, simulation, log samples). */
  elapsedMs: number;
  /** End of each 10 s scrape, seconds. */
  times: Float64Array;
  slos: PreviewSlo[];
  alerts: AlertEpisode[];
  /** The run's timeline (changes, rollouts, alerts, injects...), for chart markers. */
  events: TimelineEvent[];
  faults: PreviewFault[];
  changes: PreviewChange[];
  injects: PreviewInject[];
  /** Every minute, and at the end. */
  health: HealthSample[];
}

export type AuthorPreviewResult = AuthorPreview | { ok: false; issues: ScenarioIssue[] };

export type AuthorCheckResult =
  | { ok: true; seed: number; results: CheckResult[]; elapsedMs: number }
  | { ok: false; issues: ScenarioIssue[] };

/** The measured difficulty of a scenario beside the one it declares. */
export interface DifficultyView {
  declared: 'beginner' | 'intermediate' | 'advanced';
  measured: 'beginner' | 'intermediate' | 'advanced';
  /** The estimate's score, when it has one (higher is harder). */
  score: number | null;
  /** What it is made of: hops from symptom to cause, decoys, signal to noise, time to detect... */
  factors: { name: string; value: string; detail: string }[];
}

export type AuthorDifficultyResult = { ok: true; difficulty: DifficultyView; elapsedMs: number } | { ok: false; issues: ScenarioIssue[] };

export interface AuthorTemplateInfo {
  id: string;
  title: string;
  description: string;
  kind: 'topology' | 'fault';
}

// ---------------------------------------------------------------------------------------------
// pack/load: a scenario pack (a folder's YAML files, or a .zip) resolved into self-contained
// scenarios for the library. Like author/*, it never touches the loaded scenario or the run.

/** A picked pack: a folder's files by path inside it, or the bytes of a .zip. */
export type PackLoadArgs =
  | { name: string; files: { path: string; text: string }[]; skipped?: { path: string; reason: string }[] }
  | { name: string; zip: Uint8Array };

export interface PackScenarioView {
  /** The scenario file, as a path inside the pack. */
  path: string;
  /** Every pack file it was built from, the scenario file first. */
  files: string[];
  /** True when it resolved, validated and describes without errors (warnings may remain). */
  ok: boolean;
  /** What the library card shows, when ok. */
  info?: ScenarioInfo;
  /** Errors and warnings, each at the pack file, line and column it comes from. */
  issues: ScenarioIssue[];
  /** The scenario as one self-contained YAML file (extends and include applied), when ok. */
  text?: string;
}

export interface PackFragmentView {
  path: string;
  issues: ScenarioIssue[];
  usedBy: string[];
}

export type PackLoadResult =
  | {
      ok: true;
      /** The pack's name: the folder's, or the .zip file's without ".zip". */
      pack: string;
      scenarios: PackScenarioView[];
      fragments: PackFragmentView[];
      /** Problems with the pack itself: files left out (unsafe names, too big, unreadable). */
      issues: ScenarioIssue[];
    }
  | { ok: false; pack: string; message: string };

// ---------------------------------------------------------------------------------------------
// The command map

type None = Record<string, never>;

export interface SimCommands {
  'scenario/load': { args: { text: string; file: string }; result: ScenarioLoadResult };
  /** Validates and describes a scenario without loading it (the library's cards). */
  'scenario/describe': { args: { text: string; file: string }; result: ScenarioLoadResult };
  'sim/start': { args: StartArgs; result: StartResult };
  'sim/hash': { args: None; result: { nowSec: number; stateHash: string } };
  'sim/act': { args: ActArgs; result: ActionRecord };
  'hint/request': { args: None; result: HintResult };
  'clock/set': { args: { speed: Speed }; result: ClockState };
  'clock/advance': { args: { toSec: number }; result: ClockState };
  'clock/nextEvent': { args: { withinSec?: number }; result: NextEvent };
  'query/metrics': { args: MetricsArgs; result: MetricsResult };
  'query/overview': { args: Observable; result: Overview };
  'query/slos': { args: SlosArgs; result: SloStatus[] };
  'query/sloSeries': { args: SloSeriesArgs; result: SloSeries };
  'query/logs': { args: LogsArgs; result: LogSearchResult };
  'query/logCounts': { args: LogCountsArgs; result: LogBucket[] };
  'query/traces': { args: TracesArgs; result: TraceList };
  'query/trace': { args: TraceArgs; result: TraceLookup };
  'query/changes': { args: Observable & { env?: string }; result: ChangeView[] };
  'query/timeline': { args: { sinceIndex?: number }; result: TimelineView };
  'query/alerts': { args: Observable; result: AlertsView };
  'query/injects': { args: Observable; result: InjectView[] };
  'session/export': { args: { scenario?: string }; result: Session };
  /**
   * The debrief of the run so far, played on to the scenario's end with no further actions (what
   * the trainee's decisions led to): score, measured facts, paths, the postmortem's rubric when
   * one is given, and the counterfactual replay of its replayable action items (or of `items`).
   */
  'debrief/report': { args: DebriefArgs; result: DebriefResult };
  /** A postmortem pre-filled from the run; everything that needs judgement left empty. */
  'debrief/draft': { args: None; result: Postmortem };
  /** The rubric alone (fast: no counterfactual), for live feedback while editing. */
  'debrief/rubric': { args: { postmortem: unknown }; result: { ok: true; score: PostmortemScore } | { ok: false; errors: string[] } };
  /** The report as a file: Markdown or self-contained HTML, or the postmortem alone as Markdown. */
  'debrief/render': { args: DebriefArgs & { format: 'md' | 'html' | 'json' | 'postmortem-md' }; result: string };
  /** The scenario format's JSON Schema (completion and hover in the editor). */
  'author/schema': { args: None; result: Record<string, unknown> };
  /** Validation messages of a scenario text, as `firedrill validate` prints them. */
  'author/validate': { args: { text: string; file: string }; result: AuthorValidateResult };
  /** Runs the text headless with no actions (its duration, at most `maxSec`, default 3600) and summarises it. */
  'author/preview': { args: { text: string; file: string; maxSec?: number }; result: AuthorPreviewResult };
  /** The contract checks (`firedrill check`) for one of the three seeds checked: the scenario's seed plus `seedIndex`. */
  'author/check': { args: { text: string; file: string; seedIndex: number }; result: AuthorCheckResult };
  /** The measured difficulty estimate beside the declared one. */
  'author/difficulty': { args: { text: string; file: string }; result: AuthorDifficultyResult };
  /** Topology and fault templates for "New scenario". */
  'author/templates': { args: None; result: { topologies: AuthorTemplateInfo[]; faults: AuthorTemplateInfo[] } };
  /** A commented starter scenario from a topology and a fault template. */
  'author/fromTemplate': { args: { topology: string; fault: string; id?: string; title?: string }; result: { ok: true; text: string } | { ok: false; message: string } };
  /** Reads a scenario pack (folder files or .zip bytes): each scenario resolved and checked, each fragment checked. */
  'pack/load': { args: PackLoadArgs; result: PackLoadResult };
}

export type CommandName = keyof SimCommands;
export type ArgsOf<K extends CommandName> = SimCommands[K]['args'];
export type ResultOf<K extends CommandName> = SimCommands[K]['result'];

// ---------------------------------------------------------------------------------------------
// Pushes

/** The dashboard numbers of one scrape: what the overview and SLO panels show. */
export interface Frame {
  overview: Overview;
  slos: SloStatus[];
}

export interface TickPush {
  clock: ClockState;
  /** Set when a new scrape was recorded since the last push. */
  frame: Frame | null;
  alertsFired: AlertEpisode[];
  alertsResolved: AlertEpisode[];
  injects: InjectView[];
  /** Timeline events since the last push (the trainee's own actions included). */
  events: TimelineEvent[];
  actions: ActionRecord[];
}

export interface SimPushes {
  tick: TickPush;
  /** The clock loop failed (an engine bug): the clock is paused; commands still answer. */
  simError: { message: string };
}

export type PushName = keyof SimPushes;

// ---------------------------------------------------------------------------------------------
// Messages

export type Request<K extends CommandName = CommandName> = { id: number; name: K; args: ArgsOf<K> };
export type Reply = { type: 'reply'; id: number; result: unknown } | { type: 'error'; id: number; message: string };
export type Push<P extends PushName = PushName> = { type: 'push'; name: P; args: SimPushes[P] };
export type WorkerMessage = Reply | Push;
