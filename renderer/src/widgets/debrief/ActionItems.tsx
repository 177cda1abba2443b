// S.T.A.R. action items (steps to avoid recurrence): verb-first title, one owner, category,
// priority, due date and kind, and an optional "simulate this" spec the counterfactual replay
// applies to the scenario: a new alert rule, a pre-production gate, a config validation, a
// timeout or a retry count (shapes in engine/src/counterfactual/items.ts).

import type { ActionItem, ActionItemReview, BlameFlag, CounterfactualItem, ThresholdMetricName } from '../../../../engine/src/index.ts';
import { useApp } from '../../app/context.tsx';
import { useSimQuery } from '../../app/useSimQuery.ts';
import { Field, FieldNotes, NumberField, TextField } from './fields.tsx';
import { blankActionItem, errorsUnder } from './model.ts';

const CATEGORIES = [
  { id: 'software', label: 'Software fix' },
  { id: 'config', label: 'Config fix' },
  { id: 'test', label: 'Missing test' },
  { id: 'alert', label: 'Alert' },
  { id: 'documentation', label: 'Documentation' },
  { id: 'visibility', label: 'Visibility' },
] as const satisfies readonly { id: ActionItem['category']; label: string }[];
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const satisfies readonly ActionItem['priority'][];
const KINDS = [
  { id: 'prevent', label: 'Prevent', hint: 'stops it happening again' },
  { id: 'mitigate', label: 'Mitigate', hint: 'makes it smaller next time' },
  { id: 'detect', label: 'Detect', hint: 'notices it sooner' },
] as const satisfies readonly { id: ActionItem['kind']; label: string; hint: string }[];

type CfType = CounterfactualItem['type'];
const CF_TYPES: { id: CfType; label: string }[] = [
  { id: 'alert', label: 'New alert rule' },
  { id: 'gate', label: 'Pre-production gate' },
  { id: 'configValidation', label: 'Config validation' },
  { id: 'timeout', label: 'Lower a timeout' },
  { id: 'retries', label: 'Change retries' },
];
// The engine's ThresholdMetric values, in its order. The UI thread may import engine types only, so
// the list is spelled out here; the types make a metric the engine adds, renames or drops a
// compile error.
const METRICS = [
  'error_ratio',
  'request_rate',
  'latency_p50_ms',
  'latency_p95_ms',
  'latency_p99_ms',
  'cpu_utilization',
  'memory_utilization',
  'restarts',
  'ready_replicas',
  'pool_utilization',
  'disk_utilization',
  'queue_depth',
  'consumer_lag_sec',
  'cache_hit_ratio',
] as const satisfies readonly ThresholdMetricName[];
const _everyMetric: [Exclude<ThresholdMetricName, (typeof METRICS)[number]>] extends [never] ? true : never = true;
const OPS = ['>', '>=', '<', '<='] as const;

export interface ActionItemsProps {
  items: ActionItem[];
  onChange(items: ActionItem[]): void;
  errors: ReadonlyMap<string, string[]>;
  flags: ReadonlyMap<string, BlameFlag[]>;
  reviews: readonly ActionItemReview[];
  /** Replay errors by action item index. */
  cfErrors: ReadonlyMap<number, string[]>;
  /** The latest due date the rubric accepts, for the hint. */
  dueHint?: string;
}

export function ActionItems(p: ActionItemsProps) {
  const set = (i: number, item: ActionItem) => p.onChange(p.items.map((x, k) => (k === i ? item : x)));
  return (
    <div className="pm-actions">
      {p.items.length === 0 && <p className="faint pm-empty">No action items yet. Add at least one that prevents a recurrence and one that detects it sooner.</p>}
      {p.items.map((item, i) => (
        <ActionItemCard
          key={i}
          index={i}
          item={item}
          onChange={(next) => set(i, next)}
          onRemove={() => p.onChange(p.items.filter((_, k) => k !== i))}
          errors={p.errors}
          flags={p.flags.get(`actionItems[${i}].title`) ?? []}
          review={p.reviews.find((r) => r.index === i)}
          cfErrors={p.cfErrors.get(i) ?? []}
          dueHint={p.dueHint}
        />
      ))}
      <button type="button" onClick={() => p.onChange([...p.items, blankActionItem()])}>
        Add action item
      </button>
    </div>
  );
}

function ActionItemCard({
  index,
  item,
  onChange,
  onRemove,
  errors,
  flags,
  review,
  cfErrors,
  dueHint,
}: {
  index: number;
  item: ActionItem;
  onChange(item: ActionItem): void;
  onRemove(): void;
  errors: ReadonlyMap<string, string[]>;
  flags: readonly BlameFlag[];
  review: ActionItemReview | undefined;
  cfErrors: readonly string[];
  dueHint?: string;
}) {
  const n = index + 1;
  const at = (k: string) => errors.get(`actionItems.${index}.${k}`) ?? [];
  const problems = review?.problems ?? [];
  const titleProblems = problems.filter((x) => !/^(no owner|no due date|due )/.test(x));
  const otherProblems = problems.filter((x) => /^(no owner|no due date|due )/.test(x));
  return (
    <section className="pm-ai" aria-label={`Action item ${n}`}>
      <div className="row pm-ai-head">
        <span className="pm-ai-num">{n}</span>
        <span className={`badge ${review && problems.length === 0 ? 'ok' : 'warn'}`}>{review ? (problems.length === 0 ? 'specific, owned, dated' : `${problems.length} to fix`) : 'not checked yet'}</span>
        <span className="grow" />
        <button type="button" className="ghost" aria-label={`Remove action item ${n}`} onClick={onRemove}>
          Remove
        </button>
      </div>
      <div className="pm-ai-grid">
        <TextField label={`Title of action item ${n}`} hint="verb first, with an end state" wide value={item.title} onChange={(title) => onChange({ ...item, title })} errors={at('title')} flags={flags} remarks={titleProblems} />
        <TextField label="Owner" value={item.owner} onChange={(owner) => onChange({ ...item, owner })} errors={at('owner')} />
        <Field label="Category" errors={at('category')}>
          {({ id }) => (
            <select id={id} value={item.category} onChange={(e) => onChange({ ...item, category: e.target.value as ActionItem['category'] })}>
              {CATEGORIES.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority" errors={at('priority')}>
          {({ id }) => (
            <select id={id} value={item.priority} onChange={(e) => onChange({ ...item, priority: e.target.value as ActionItem['priority'] })}>
              {PRIORITIES.map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Due date" hint={dueHint} errors={at('dueDate')} remarks={otherProblems}>
          {({ id, describedBy, invalid }) => <input id={id} type="date" value={item.dueDate} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange({ ...item, dueDate: e.target.value })} />}
        </Field>
        <Field label="Kind" hint={KINDS.find((k) => k.id === item.kind)?.hint} errors={at('kind')}>
          {({ id }) => (
            <select id={id} value={item.kind} onChange={(e) => onChange({ ...item, kind: e.target.value as ActionItem['kind'] })}>
              {KINDS.map((k) => (
                <option key={k.id} value={k.id} title={k.hint}>
                  {k.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <CounterfactualPicker index={index} value={item.counterfactual} onChange={(cf) => {
        const { counterfactual: _drop, ...rest } = item;
        onChange(cf ? { ...rest, counterfactual: cf } : rest);
      }} errors={[...errorsUnder(errors, `actionItems.${index}.counterfactual`), ...cfErrors]} />
    </section>
  );
}

function CounterfactualPicker({ index, value, onChange, errors }: { index: number; value: CounterfactualItem | undefined; onChange(cf: CounterfactualItem | undefined): void; errors: readonly string[] }) {
  const scenario = useApp((s) => s.scenario);
  const changes = useSimQuery((sim) => sim.call('query/changes', {}), []);
  const services = scenario?.services ?? [];
  const envs = scenario?.environments.map((e) => e.id) ?? ['prod'];
  const slos = scenario?.slos ?? [];
  const prodEnv = envs.includes('prod') ? 'prod' : (envs[0] ?? 'prod');
  const firstCall = services.flatMap((s) => s.calls.map((c) => ({ service: s.id, call: c })))[0];
  const n = index + 1;

  const fresh = (type: CfType): CounterfactualItem => {
    switch (type) {
      case 'alert':
        return { type: 'alert', rule: { type: 'threshold', severity: 'page', service: services[0]?.id ?? '', env: prodEnv, metric: 'error_ratio', op: '>', value: 0.02, for: '2m' } };
      case 'gate':
        return { type: 'gate' };
      case 'configValidation':
        return { type: 'configValidation' };
      case 'timeout':
        return { type: 'timeout', service: firstCall?.service ?? '', dependency: firstCall?.call.to ?? '', timeoutMs: Math.max(50, Math.round((firstCall?.call.timeoutMs ?? 1000) / 2)) };
      case 'retries':
        return { type: 'retries', service: firstCall?.service ?? '', dependency: firstCall?.call.to ?? '', retries: 0 };
    }
  };

  const callsOf = (svc: string) => services.find((s) => s.id === svc)?.calls ?? [];
  const errId = `pm-cf-${index}-notes`;

  return (
    <div className="pm-cf">
      <div className="row pm-cf-head">
        <label htmlFor={`pm-cf-${index}`}>Simulate this</label>
        <select id={`pm-cf-${index}`} aria-describedby={errors.length ? errId : undefined} value={value?.type ?? ''} onChange={(e) => onChange(e.target.value ? fresh(e.target.value as CfType) : undefined)}>
          <option value="">Not simulated</option>
          {CF_TYPES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        <span className="faint pm-hint">The Report tab replays your run with it: how much earlier the page, how much budget saved.</span>
      </div>
      {value?.type === 'alert' && (
        <div className="pm-cf-grid">
          <Field label={`Rule type (item ${n})`}>
            {({ id }) => (
              <select
                id={id}
                value={value.rule.type}
                onChange={(e) =>
                  onChange(
                    e.target.value === 'burnRate'
                      ? { type: 'alert', rule: { type: 'burnRate', severity: value.rule.severity, slo: slos[0]?.id ?? '', burnRate: 14.4, longWindow: '1h', shortWindow: '5m' } }
                      : fresh('alert'),
                  )
                }
              >
                <option value="threshold">Threshold on a metric</option>
                <option value="burnRate">SLO burn rate</option>
              </select>
            )}
          </Field>
          <Field label="Severity" hint={value.rule.severity === 'page' ? '(counts as detection)' : '(not detection)'}>
            {({ id }) => (
              <select id={id} value={value.rule.severity} onChange={(e) => onChange({ ...value, rule: { ...value.rule, severity: e.target.value as 'page' | 'ticket' | 'info' } })}>
                <option value="page">page</option>
                <option value="ticket">ticket</option>
                <option value="info">info</option>
              </select>
            )}
          </Field>
          {value.rule.type === 'threshold' ? (
            <>
              <Field label="Service">
                {({ id }) => (
                  <select id={id} value={value.rule.service ?? ''} onChange={(e) => onChange({ ...value, rule: { ...value.rule, service: e.target.value } })}>
                    {services.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.id}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Environment">
                {({ id }) => (
                  <select id={id} value={value.rule.env ?? prodEnv} onChange={(e) => onChange({ ...value, rule: { ...value.rule, env: e.target.value } })}>
                    {envs.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Metric">
                {({ id }) => (
                  <select id={id} value={value.rule.metric ?? 'error_ratio'} onChange={(e) => onChange({ ...value, rule: { ...value.rule, metric: e.target.value as (typeof METRICS)[number] } })}>
                    {METRICS.map((m) => (
                      <option key={m} value={m}>
                        {m}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Condition">
                {({ id }) => (
                  <select id={id} value={value.rule.op ?? '>'} onChange={(e) => onChange({ ...value, rule: { ...value.rule, op: e.target.value as (typeof OPS)[number] } })}>
                    {OPS.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <NumberField label="Threshold" hint={value.rule.metric?.endsWith('ratio') || value.rule.metric?.endsWith('utilization') ? '(0–1)' : undefined} value={value.rule.value ?? null} onChange={(v) => onChange({ ...value, rule: { ...value.rule, value: v ?? 0 } })} />
              <TextField label="For" hint="e.g. 2m" value={value.rule.for ?? ''} onChange={(v) => onChange({ ...value, rule: { ...value.rule, for: v } })} />
            </>
          ) : (
            <>
              <Field label="SLO">
                {({ id }) => (
                  <select id={id} value={value.rule.slo ?? ''} onChange={(e) => onChange({ ...value, rule: { ...value.rule, slo: e.target.value } })}>
                    {slos.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.id}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <NumberField label="Burn rate" value={value.rule.burnRate ?? null} onChange={(v) => onChange({ ...value, rule: { ...value.rule, burnRate: v ?? 1 } })} />
              <TextField label="Long window" value={value.rule.longWindow ?? ''} onChange={(v) => onChange({ ...value, rule: { ...value.rule, longWindow: v } })} />
              <TextField label="Short window" value={value.rule.shortWindow ?? ''} onChange={(v) => onChange({ ...value, rule: { ...value.rule, shortWindow: v } })} />
            </>
          )}
        </div>
      )}
      {(value?.type === 'gate' || value?.type === 'configValidation') && (
        <div className="pm-cf-grid">
          <Field label={value.type === 'gate' ? 'Change caught before production' : 'Config change rejected'} wide>
            {({ id }) => (
              <select id={id} value={value.change ?? ''} onChange={(e) => onChange(e.target.value ? { ...value, change: e.target.value } : { type: value.type })}>
                <option value="">The change that caused the incident</option>
                {(changes.data ?? [])
                  .filter((c) => (value.type === 'configValidation' ? c.type === 'config' || c.type === 'flag' : true))
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.id} — {c.summary}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {(value?.type === 'timeout' || value?.type === 'retries') && (
        <div className="pm-cf-grid">
          <Field label="Caller">
            {({ id }) => (
              <select
                id={id}
                value={value.service}
                onChange={(e) => {
                  const dep = callsOf(e.target.value)[0]?.to ?? '';
                  onChange({ ...value, service: e.target.value, dependency: dep });
                }}
              >
                {services
                  .filter((s) => s.calls.length > 0)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.id}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label="Dependency">
            {({ id }) => (
              <select id={id} value={value.dependency} onChange={(e) => onChange({ ...value, dependency: e.target.value })}>
                {callsOf(value.service).map((c) => (
                  <option key={c.to} value={c.to}>
                    {c.to} (now {value.type === 'timeout' ? `${c.timeoutMs} ms` : `${c.retries} retries`})
                  </option>
                ))}
              </select>
            )}
          </Field>
          {value.type === 'timeout' ? (
            <NumberField label="Timeout (ms)" step={10} value={value.timeoutMs} onChange={(v) => onChange({ ...value, timeoutMs: v ?? 1 })} />
          ) : (
            <NumberField label="Retries" step={1} value={value.retries} onChange={(v) => onChange({ ...value, retries: Math.round(v ?? 0) })} />
          )}
        </div>
      )}
      <FieldNotes id={errId} errors={errors} />
    </div>
  );
}
