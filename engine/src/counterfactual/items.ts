// Action items the simulator understands, as data: a postmortem action item may carry one as its
// `counterfactual`, and `firedrill counterfactual --item '<json>'` takes them directly. The shapes
// are plain JSON with no transforms, so a session file holding them round-trips unchanged; the
// real checks (an alert validated like a scenario alert, a change that exists, a call that
// exists) happen when they are applied to a scenario (apply.ts).

import { z } from 'zod';
import { DURATION_PATTERN } from '../scenario/duration.ts';
import { Id, Severity, ThresholdMetric } from '../scenario/schema.ts';

const Duration = z.string().regex(new RegExp(DURATION_PATTERN), { message: 'a duration is written like 90s, 5m, 1h or 00:05:00' });

/** A new alert rule, written as in a scenario's `alerts:` list; `id` may be left out. */
export const AlertRuleInput = z.strictObject({
  id: Id.optional(),
  type: z.enum(['threshold', 'burnRate']),
  severity: Severity.default('page'),
  summary: z.string().max(500).optional(),
  // threshold
  service: Id.optional(),
  env: Id.optional(),
  metric: ThresholdMetric.optional(),
  op: z.enum(['>', '<', '>=', '<=']).optional(),
  value: z.number().finite().optional(),
  for: Duration.optional(),
  // burnRate
  slo: Id.optional(),
  longWindow: Duration.optional(),
  shortWindow: Duration.optional(),
  burnRate: z.number().positive().finite().optional(),
});

const AlertItem = z.strictObject({
  type: z.literal('alert'),
  rule: AlertRuleInput,
});

const GateItem = z.strictObject({
  type: z.literal('gate'),
  change: Id.optional().describe("The change caught before production; default: the scenario's root-cause change."),
});

const ConfigValidationItem = z.strictObject({
  type: z.literal('configValidation'),
  change: Id.optional().describe("The config change rejected by validation; default: the scenario's root-cause change."),
});

const TimeoutItem = z.strictObject({
  type: z.literal('timeout'),
  service: Id.describe('The caller.'),
  dependency: Id.describe('The service it calls.'),
  timeoutMs: z.number().positive().max(600_000),
});

const RetriesItem = z.strictObject({
  type: z.literal('retries'),
  service: Id.describe('The caller.'),
  dependency: Id.describe('The service it calls.'),
  retries: z.number().int().min(0).max(10),
});

export const CounterfactualItemSchema = z.discriminatedUnion('type', [AlertItem, GateItem, ConfigValidationItem, TimeoutItem, RetriesItem]);
export const COUNTERFACTUAL_ITEM_TYPES = ['alert', 'gate', 'configValidation', 'timeout', 'retries'] as const;

export type CounterfactualItem = z.output<typeof CounterfactualItemSchema>;
export type CounterfactualItemInput = z.input<typeof CounterfactualItemSchema>;
export type AlertRuleSpec = z.output<typeof AlertRuleInput>;

/** Item types people ask for that the simulator cannot model honestly, with the reason. */
const UNSUPPORTED: Record<string, string> = {
  circuitBreaker:
    'circuit breakers are not simulated: calls have a timeout and retries, and flags with disablesCall are manual kill switches, but nothing opens a breaker on its own. Model what the breaker buys with {"type":"timeout",...} or {"type":"retries","retries":0,...}',
};

export type ItemsParse = { ok: true; items: CounterfactualItem[] } | { ok: false; errors: string[] };

/** Checks untrusted JSON (one item or an array); each problem is `item <n>: path: message`. */
export function parseCounterfactualItems(value: unknown): ItemsParse {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return { ok: false, errors: ['no items: give at least one, like {"type":"gate"}'] };
  const items: CounterfactualItem[] = [];
  const errors: string[] = [];
  list.forEach((raw, i) => {
    const type = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { type?: unknown }).type : undefined;
    const why = typeof type === 'string' && Object.prototype.hasOwnProperty.call(UNSUPPORTED, type) ? UNSUPPORTED[type] : undefined;
    if (why !== undefined) {
      errors.push(`item ${i + 1}: ${why}`);
      return;
    }
    const parsed = CounterfactualItemSchema.safeParse(raw);
    if (parsed.success) {
      items.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.');
      const message = issue.code === 'invalid_union' && issue.path.length === 0 ? `"type" must be one of ${COUNTERFACTUAL_ITEM_TYPES.join(', ')}` : issue.message;
      errors.push(`item ${i + 1}: ${path ? `${path}: ` : ''}${message}`);
    }
  });
  return errors.length ? { ok: false, errors } : { ok: true, items };
}
