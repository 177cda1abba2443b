// The postmortem document (the shape of Google's example postmortem, SRE book App. D): a header,
// summary, impact with numbers, timeline, root cause and trigger, detection, resolution,
// contributing factors, lessons learned, the scenario's "why" questions, and S.T.A.R. action
// items (Steps To Avoid Recurrence: a product mnemonic, mapped to Google's prevent/mitigate and
// PagerDuty's "detect sooner"). Plain JSON with defaults and no transforms, so a session file
// holding it round-trips unchanged. The rubric (rubric.ts) judges the content.

import { z } from 'zod';
import { CounterfactualItemSchema } from '../counterfactual/items.ts';
import { RootCauseCategory } from '../scenario/schema.ts';

export const POSTMORTEM_FORMAT = 'firedrill-postmortem/v1';
/** PagerDuty's postmortem statuses. */
export const POSTMORTEM_STATUSES = ['draft', 'in-review', 'reviewed', 'closed'] as const;
/** The action-item categories: software fix, config fix, missing test, alert, documentation, visibility. */
export const ACTION_ITEM_CATEGORIES = ['software', 'config', 'test', 'alert', 'documentation', 'visibility'] as const;
/** What an action item does about recurrence: prevent it, lessen it, or detect it sooner. */
export const ACTION_ITEM_KINDS = ['prevent', 'mitigate', 'detect'] as const;
export const ACTION_ITEM_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
/** The moments a timeline must show (Google's OUTAGE BEGINS … OUTAGE ENDS). */
export const TIMELINE_MARKERS = ['impact-start', 'detected', 'declared', 'mitigated', 'ended'] as const;
export type TimelineMarker = (typeof TIMELINE_MARKERS)[number];

const text = (max: number) => z.string().max(max).default('');
const list = (max: number) => z.array(z.string().max(2000)).max(max).default([]);
const num = z.number().min(0).finite().nullable().default(null);

const Impact = z.strictObject({
  text: text(8000).describe('Who and what was affected, how badly, for how long.'),
  durationMin: num.describe('Minutes of user impact (impact start → restored).'),
  failedRequests: num.describe('Failed requests (bad events of the availability SLOs).'),
  budgetConsumedPercent: num.describe('Error budget consumed, % of the 30-day budget of `budgetSlo` (default: the worst-hit SLO).'),
  budgetSlo: z.string().max(64).default('').describe('The SLO the budget figure is about; empty: the worst-hit one.'),
  customersAffected: num.describe('Customers affected (failed requests / 10, rounded up, as the scoring counts them).'),
});

const TimelineRow = z.strictObject({
  atSec: z.number().int().min(-400 * 86_400).max(400 * 86_400).nullable().describe('Seconds from the scenario start (null: not timed yet).'),
  text: z.string().max(2000),
  marker: z.enum(TIMELINE_MARKERS).optional().describe('The key moment this row records, if any.'),
});

const RootCause = z.strictObject({
  component: z.string().max(64).default(''),
  category: z.union([RootCauseCategory, z.literal('')]).default(''),
  text: text(8000),
});

const WhyAnswer = z.strictObject({
  question: z.string().max(500),
  answer: text(4000),
});

export const ActionItemSchema = z.strictObject({
  title: z.string().max(500).describe('Verb first, specific, with a verifiable end state.'),
  owner: text(200),
  category: z.enum(ACTION_ITEM_CATEGORIES),
  priority: z.enum(ACTION_ITEM_PRIORITIES),
  dueDate: z.union([z.literal(''), z.iso.date()]).default('').describe('YYYY-MM-DD, within five business days of the incident.'),
  kind: z.enum(ACTION_ITEM_KINDS),
  counterfactual: CounterfactualItemSchema.optional().describe('What the simulator can replay: a new alert, a gate, a config validation, a timeout or retries.'),
});

export const PostmortemSchema = z.strictObject({
  format: z.literal(POSTMORTEM_FORMAT).default(POSTMORTEM_FORMAT),
  title: text(300),
  owner: text(200).describe('One owner.'),
  incidentStart: z.union([z.literal(''), z.iso.datetime({ offset: true })]).default('').describe('ISO 8601 time the impact started.'),
  status: z.enum(POSTMORTEM_STATUSES).default('draft'),
  summary: text(8000),
  impact: Impact.prefault({}),
  timeline: z.array(TimelineRow).max(500).default([]),
  rootCause: RootCause.prefault({}),
  trigger: text(4000),
  detection: text(4000),
  resolution: text(4000),
  contributingFactors: list(50),
  wentWell: list(50),
  wentPoorly: list(50),
  gotLucky: list(50),
  whyAnswers: z.array(WhyAnswer).max(30).default([]),
  actionItems: z.array(ActionItemSchema).max(100).default([]),
});

export type Postmortem = z.output<typeof PostmortemSchema>;
export type PostmortemInput = z.input<typeof PostmortemSchema>;
export type ActionItem = Postmortem['actionItems'][number];
export type TimelineRow = Postmortem['timeline'][number];
