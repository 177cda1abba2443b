// Mitigation actions: pick one in plain language, fill its form (targets from the scenario and the
// change feed), confirm a sentence that states what will happen, then act. Taken ones are listed
// with their state: in progress until their effect lands, then done; rejected ones with the
// engine's reason.

import { useMemo, useState, type ReactNode } from 'react';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { duration } from '../../app/format.ts';
import { Icon } from './icons.tsx';
import { useChanges, useClockFormat } from './hooks.ts';
import {
  LIMIT_RESOURCES,
  MITIGATION_ORDER,
  MITIGATIONS,
  currentReplicas,
  defaultForm,
  flagValue,
  liveDeploys,
  mitigationTitle,
  planMitigation,
  takenMitigations,
  takesEnv,
  targetsFor,
  type LimitResource,
  type MitigationContext,
  type MitigationForm,
  type MitigationType,
  type Planned,
  type TakenMitigation,
} from './mitigations.ts';
import { Section } from './Section.tsx';

function Field(props: { id: string; label: string; children: ReactNode; note?: string }) {
  return (
    <div className="inc-field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.note && <span className="faint inc-small">{props.note}</span>}
    </div>
  );
}

function FormFields({ type, form, set, ctx }: { type: MitigationType; form: MitigationForm; set(p: Partial<MitigationForm>): void; ctx: MitigationContext }) {
  const targets = targetsFor(type, ctx);
  const envs = ctx.scenario.environments.map((e) => e.id);
  const targetLabel =
    type === 'toggleFlag' ? 'Flag' : type === 'failover' || type === 'drainZone' ? 'Zone' : type === 'revertConfig' ? 'Change' : type === 'clearCache' ? 'Cache' : type === 'scaleConsumers' ? 'Consumer' : 'Service';
  if (targets.length === 0) {
    const what = { toggleFlag: 'feature flags', revertConfig: 'config or infrastructure changes so far', clearCache: 'caches', scaleConsumers: 'queue consumers' } as Partial<Record<MitigationType, string>>;
    return <p className="muted inc-small">This system has no {what[type] ?? 'targets for this action'}.</p>;
  }
  const svc = ctx.scenario.services.find((s) => s.id === form.target);
  const deps = svc?.calls.filter((c) => form.resource === 'timeout' || c.pool !== undefined).map((c) => c.to) ?? [];
  const deploys = type === 'rollback' ? liveDeploys(ctx, form.target, form.env) : [];
  const cur = currentReplicas(ctx, form.target, form.env);
  return (
    <>
      <div className="inc-grid2">
        <Field id="inc-m-target" label={targetLabel}>
          <select id="inc-m-target" value={form.target} onChange={(e) => set({ target: e.target.value, change: '', dependency: '' })}>
            {targets.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
        {takesEnv(type) && (
          <Field id="inc-m-env" label="Environment">
            <select id="inc-m-env" value={form.env} onChange={(e) => set({ env: e.target.value, change: '' })}>
              {envs.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {type === 'rollback' && (
        <Field id="inc-m-change" label="Deploy to undo" note={deploys.length === 0 ? `No deploy of ${form.target} in ${form.env} in the change feed.` : undefined}>
          <select id="inc-m-change" value={form.change} onChange={(e) => set({ change: e.target.value })}>
            <option value="">Latest deploy{deploys.length ? ` (${deploys[deploys.length - 1]?.version ?? ''})` : ''}</option>
            {[...deploys].reverse().map((d) => (
              <option key={d.id} value={d.id}>
                {d.id} — {d.version ?? ''}
              </option>
            ))}
          </select>
        </Field>
      )}
      {(type === 'scale' || type === 'scaleConsumers') && (
        <Field id="inc-m-replicas" label="Replicas" note={cur === null ? undefined : `now ${cur}`}>
          <input id="inc-m-replicas" type="number" min={0} max={500} step={1} value={form.replicas} onChange={(e) => set({ replicas: e.target.value })} />
        </Field>
      )}
      {type === 'toggleFlag' && (
        <fieldset className="inc-seg" aria-label="Set the flag">
          {(['on', 'off'] as const).map((v) => (
            <label key={v} className={form.flagValue === v ? 'on' : ''}>
              <input type="radio" name="inc-m-flag" value={v} checked={form.flagValue === v} onChange={() => set({ flagValue: v })} />
              Turn {v}
            </label>
          ))}
        </fieldset>
      )}
      {type === 'raiseLimit' && (
        <>
          <div className="inc-grid2">
            <Field id="inc-m-resource" label="Limit">
              <select id="inc-m-resource" value={form.resource} onChange={(e) => set({ resource: e.target.value as LimitResource, dependency: '' })}>
                {(Object.keys(LIMIT_RESOURCES) as LimitResource[]).map((r) => (
                  <option key={r} value={r}>
                    {LIMIT_RESOURCES[r].label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="inc-m-amount" label={`Value (${LIMIT_RESOURCES[form.resource].unit})`}>
              <input id="inc-m-amount" type="number" min={0} step="any" value={form.amount} onChange={(e) => set({ amount: e.target.value })} />
            </Field>
          </div>
          {(form.resource === 'pool' || form.resource === 'timeout') && (
            <Field id="inc-m-dep" label="For calls to">
              <select id="inc-m-dep" value={form.dependency} onChange={(e) => set({ dependency: e.target.value })}>
                <option value="">{deps.length ? 'Every dependency' : `${form.target} has none`}</option>
                {deps.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </>
      )}
      {type === 'shedLoad' && (
        <Field id="inc-m-percent" label="Share of requests to reject (%)" note="0 stops shedding">
          <input id="inc-m-percent" type="number" min={0} max={95} step={5} value={form.percent} onChange={(e) => set({ percent: e.target.value })} />
        </Field>
      )}
    </>
  );
}

function MitigationPicker({ ctx, env, collapsed }: { ctx: MitigationContext; env: string; collapsed: boolean }) {
  const { ctl } = useFiredrill();
  const [browsing, setBrowsing] = useState(false);
  const [type, setType] = useState<MitigationType | null>(null);
  const [form, setForm] = useState<MitigationForm | null>(null);
  const [review, setReview] = useState<Extract<Planned, { ok: true }> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const choose = (t: MitigationType | null) => {
    setType(t);
    setForm(t ? defaultForm(t, ctx, env) : null);
    setReview(null);
    setProblem(null);
  };
  const set = (p: Partial<MitigationForm>) =>
    setForm((f) => {
      if (!f || !type) return f;
      const next = { ...f, ...p };
      // A new target or environment: start from its current replica count and flag state.
      if (p.target !== undefined || p.env !== undefined) {
        const cur = currentReplicas(ctx, next.target, next.env);
        if (cur !== null) next.replicas = String(type === 'scale' || type === 'scaleConsumers' ? cur * 2 : cur);
        if (type === 'toggleFlag') next.flagValue = flagValue(ctx, next.target) ? 'off' : 'on';
      }
      return next;
    });

  if ((!type || !form) && collapsed && !browsing) {
    return (
      <button type="button" className="inc-more" aria-expanded={false} onClick={() => setBrowsing(true)}>
        + Take another action
      </button>
    );
  }
  if (!type || !form) {
    return (
      <div className="inc-catalogue" role="group" aria-label="Mitigation actions">
        {MITIGATION_ORDER.map((t) => (
          <button key={t} type="button" className="inc-cat-btn" title={MITIGATIONS[t].blurb} onClick={() => choose(t)}>
            {MITIGATIONS[t].label}
          </button>
        ))}
        {collapsed && (
          <button type="button" className="inc-cat-btn ghost" onClick={() => setBrowsing(false)}>
            Close
          </button>
        )}
      </div>
    );
  }

  const doReview = () => {
    const p = planMitigation(type, form, ctx);
    if (p.ok) {
      setReview(p);
      setProblem(null);
    } else setProblem(p.problem);
  };
  const confirm = async () => {
    if (!review) return;
    setBusy(true);
    await ctl.act(review.args);
    setBusy(false);
    choose(null);
    setBrowsing(false);
  };

  return (
    <div className="inc-mform" role="group" aria-label={MITIGATIONS[type].label}>
      <div className="inc-mform-head">
        <strong>{MITIGATIONS[type].label}</strong>
        <span className="faint inc-small">{MITIGATIONS[type].blurb}</span>
      </div>
      {review ? (
        <div className="inc-confirm" role="alertdialog" aria-label="Confirm action" aria-describedby="inc-confirm-text">
          <p id="inc-confirm-text">{review.sentence}</p>
          <div className="row inc-actions-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void confirm()} autoFocus>
              {MITIGATIONS[type].verb}
            </button>
            <button type="button" onClick={() => setReview(null)}>
              Back
            </button>
          </div>
        </div>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            doReview();
          }}
        >
          <FormFields type={type} form={form} set={set} ctx={ctx} />
          {problem && <p className="tone-crit inc-small inc-nomargin">{problem}</p>}
          <div className="row inc-actions-row">
            <button type="submit" className="primary" disabled={targetsFor(type, ctx).length === 0}>
              Review
            </button>
            <button
              type="button"
              onClick={() => {
                choose(null);
                setBrowsing(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function Taken({ taken }: { taken: readonly TakenMitigation[] }) {
  const nowSec = useApp((s) => s.clock.nowSec);
  const fmt = useClockFormat();
  if (taken.length === 0) return null;
  return (
    <ol className="inc-taken" aria-label="Actions taken">
      {[...taken].reverse().map((m) => (
        <li key={m.index} className={`inc-taken-item ${m.phase}`}>
          <div className="inc-taken-head">
            <Icon name={m.phase === 'rejected' ? 'rejected' : m.phase === 'done' ? 'resolved' : 'deploy'} className={`inc-phase-${m.phase}`} />
            <span className="inc-taken-title">{mitigationTitle(m.record)}</span>
            <span className="grow" />
            <span className={`badge ${m.phase === 'done' ? 'ok' : m.phase === 'rejected' ? 'crit' : 'warn'}`}>{m.phase === 'inProgress' ? 'in progress' : m.phase}</span>
          </div>
          {m.phase === 'inProgress' && m.progress !== null && (
            <div className="inc-progress" role="progressbar" aria-label={`${mitigationTitle(m.record)} progress`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(m.progress * 100)}>
              <span style={{ width: `${Math.round(m.progress * 100)}%` }} />
            </div>
          )}
          <div className="inc-taken-meta faint inc-small">
            <span className="mono">{fmt(m.record.atSec)}</span>
            {m.phase === 'inProgress' && m.doneSec !== null && <span> · done in ~{duration(m.doneSec - nowSec)}</span>}
            {m.phase === 'done' && m.doneSec !== null && m.doneSec > m.record.atSec && (
              <span>
                {' '}
                → done <span className="mono">{fmt(m.doneSec)}</span> · took {duration(m.doneSec - m.record.atSec)}
              </span>
            )}
          </div>
          {m.phase === 'inProgress' && <div className="inc-taken-msg inc-small">{m.detail}</div>}
          <div className={`inc-taken-msg inc-small ${m.phase === 'rejected' ? 'tone-crit' : 'muted'}`}>{m.phase === 'rejected' ? `Rejected: ${m.record.message}` : m.record.message}</div>
        </li>
      ))}
    </ol>
  );
}

export function Mitigations() {
  const scenario = useApp((s) => s.scenario);
  const { actions, events, overview, env, nowSec } = useAppShallow((s) => ({ actions: s.actions, events: s.events, overview: s.frame?.overview ?? null, env: s.focus.env, nowSec: s.clock.nowSec }));
  const changes = useChanges();
  const ctx = useMemo<MitigationContext | null>(() => (scenario ? { scenario, changes, overview, actions, events } : null), [scenario, changes, overview, actions, events]);
  const fmt = useClockFormat();
  const taken = useMemo(() => takenMitigations(actions, events, nowSec, overview, fmt), [actions, events, nowSec, overview, fmt]);
  if (!ctx) return null;
  const running = taken.filter((m) => m.phase === 'inProgress').length;
  return (
    <Section title="Actions" count={taken.length ? (running ? `${running} in progress · ${taken.length}` : String(taken.length)) : undefined}>
      <MitigationPicker ctx={ctx} env={env} collapsed={taken.length > 0} />
      <Taken taken={taken} />
    </Section>
  );
}
