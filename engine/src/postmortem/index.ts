// Postmortems: the document, a draft from the run, and the rubric that scores it.
export {
  PostmortemSchema,
  ActionItemSchema,
  POSTMORTEM_FORMAT,
  POSTMORTEM_STATUSES,
  ACTION_ITEM_CATEGORIES,
  ACTION_ITEM_KINDS,
  ACTION_ITEM_PRIORITIES,
  TIMELINE_MARKERS,
  type Postmortem,
  type PostmortemInput,
  type ActionItem,
  type TimelineRow,
  type TimelineMarker,
} from './schema.ts';
export { runFacts, measureRun, measuredImpact, type RunFacts, type MeasuredImpact } from './facts.ts';
export { draftPostmortem } from './draft.ts';
export {
  scorePostmortem,
  markerTimes,
  RUBRIC_WEIGHTS,
  RUBRIC_CAP,
  IMPACT_TOLERANCE,
  MARKER_TOLERANCE_SEC,
  DUE_BUSINESS_DAYS,
  POSTMORTEM_SCORE_FORMAT,
  type PostmortemScore,
  type RubricItem,
  type RubricId,
  type ActionItemReview,
} from './rubric.ts';
export { knownNames, titleProblems, BLAME_WORDS, type BlameFlag, type KnownName } from './language.ts';
export { addBusinessDays, dayOf, dateOfDay, weekday } from './dates.ts';
