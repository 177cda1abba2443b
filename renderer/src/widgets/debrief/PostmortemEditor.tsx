// The postmortem editor: a structured document in the shape of Google's example postmortem
// (SRE book, appendix D), pre-filled from the run and curated by the trainee, with the live rubric
// beside it. Every change goes to the store (and the autosave); schema errors and blaming
// sentences show under the field they concern.

import type { Postmortem, PostmortemScore } from '../../../../engine/src/index.ts';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { CATEGORIES, CATEGORY_INFO } from '../incident/model.ts';
import { ActionItems } from './ActionItems.tsx';
import { Field, ListField, NumberField, TextField } from './fields.tsx';
import { dueBy, errorsByPath, errorsUnder, flagsBySection } from './model.ts';
import { RubricPanel } from './RubricPanel.tsx';
import { TimelineEditor } from './TimelineEditor.tsx';
import type { RubricState } from './useDebrief.ts';

const STATUSES = ['draft', 'in-review', 'reviewed', 'closed'] as const satisfies readonly Postmortem['status'][];

const SECTIONS = [
  ['pm-s-header', 'Header'],
  ['pm-s-summary', 'Summary'],
  ['pm-s-impact', 'Impact'],
  ['pm-s-cause', 'Root cause'],
  ['pm-s-response', 'Detection & resolution'],
  ['pm-s-factors', 'Contributing factors'],
  ['pm-s-actions', 'Action items'],
  ['pm-s-lessons', 'Lessons learned'],
  ['pm-s-why', 'Why questions'],
  ['pm-s-timeline', 'Timeline'],
] as const;

export interface PostmortemEditorProps {
  rubric: RubricState;
  startEpochSec: number;
  impactSec: number | null;
  /** Replay errors by action item index (-1: not tied to one). */
  cfErrors: ReadonlyMap<number, string[]>;
}

export function PostmortemEditor({ rubric, startEpochSec, impactSec, cfErrors }: PostmortemEditorProps) {
  const { ctl } = useFiredrill();
  const pm = useApp((s) => s.postmortem);
  const scenario = useApp((s) => s.scenario);
  if (!pm) return <p className="panel-body muted">Drafting the postmortem from the run…</p>;

  const set = (patch: Partial<Postmortem>) => ctl.setPostmortem({ ...pm, ...patch });
  const errors = errorsByPath(rubric.errors);
  const flags = flagsBySection(rubric.score?.flagged ?? []);
  const err = (path: string) => errorsUnder(errors, path);
  const fl = (section: string) => flags.get(section) ?? [];
  const score: PostmortemScore | null = rubric.score;
  const services = scenario?.services ?? [];
  const slos = scenario?.slos ?? [];

  return (
    <div className="pm-layout">
      <nav className="pm-nav" aria-label="Postmortem sections">
        {SECTIONS.map(([id, label]) => (
          <a key={id} href={`#${id}`} onClick={(e) => {
            e.preventDefault();
            document.getElementById(id)?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
          }}>
            {label}
          </a>
        ))}
      </nav>

      <form className="pm-doc" aria-label="Postmortem" onSubmit={(e) => e.preventDefault()}>
        <section id="pm-s-header" className="pm-sec" aria-labelledby="pm-h-header">
          <h3 id="pm-h-header" className="pm-h">Postmortem</h3>
          <div className="pm-grid">
            <TextField label="Title" wide value={pm.title} onChange={(title) => set({ title })} errors={err('title')} flags={fl('title')} />
            <TextField label="Owner" hint="one person" value={pm.owner} onChange={(owner) => set({ owner })} errors={err('owner')} />
            <Field label="Status" errors={err('status')}>
              {({ id }) => (
                <select id={id} value={pm.status} onChange={(e) => set({ status: e.target.value as Postmortem['status'] })}>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField label="Incident start" hint="ISO 8601, e.g. 2026-03-10T09:32:50Z" value={pm.incidentStart} onChange={(incidentStart) => set({ incidentStart })} errors={err('incidentStart')} />
          </div>
        </section>

        <section id="pm-s-summary" className="pm-sec" aria-labelledby="pm-h-summary">
          <h3 id="pm-h-summary" className="pm-h">Summary</h3>
          <TextField label="Summary" hint="what happened, to whom, for how long, and what fixed it — in two or three sentences" rows={3} wide value={pm.summary} onChange={(summary) => set({ summary })} errors={err('summary')} flags={fl('summary')} />
        </section>

        <section id="pm-s-impact" className="pm-sec" aria-labelledby="pm-h-impact">
          <h3 id="pm-h-impact" className="pm-h">Impact</h3>
          <TextField label="Impact" hint="who was affected and how badly" rows={3} wide value={pm.impact.text} onChange={(text) => set({ impact: { ...pm.impact, text } })} errors={err('impact.text')} flags={fl('impact')} />
          <div className="pm-grid pm-grid-5">
            <NumberField label="Duration (minutes)" value={pm.impact.durationMin} onChange={(durationMin) => set({ impact: { ...pm.impact, durationMin } })} errors={err('impact.durationMin')} />
            <NumberField label="Failed requests" step={1} value={pm.impact.failedRequests} onChange={(failedRequests) => set({ impact: { ...pm.impact, failedRequests } })} errors={err('impact.failedRequests')} />
            <NumberField label="Error budget consumed (%)" value={pm.impact.budgetConsumedPercent} onChange={(budgetConsumedPercent) => set({ impact: { ...pm.impact, budgetConsumedPercent } })} errors={err('impact.budgetConsumedPercent')} />
            <Field label="Of the SLO" errors={err('impact.budgetSlo')}>
              {({ id }) => (
                <select id={id} value={pm.impact.budgetSlo} onChange={(e) => set({ impact: { ...pm.impact, budgetSlo: e.target.value } })}>
                  <option value="">the worst-hit SLO</option>
                  {slos.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.id}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <NumberField label="Customers affected" step={1} value={pm.impact.customersAffected} onChange={(customersAffected) => set({ impact: { ...pm.impact, customersAffected } })} errors={err('impact.customersAffected')} />
          </div>
        </section>

        <section id="pm-s-cause" className="pm-sec" aria-labelledby="pm-h-cause">
          <h3 id="pm-h-cause" className="pm-h">Root cause and trigger</h3>
          <div className="pm-grid">
            <Field label="Root cause component" errors={err('rootCause.component')}>
              {({ id }) => (
                <select id={id} value={pm.rootCause.component} onChange={(e) => set({ rootCause: { ...pm.rootCause, component: e.target.value } })}>
                  <option value="">Choose a service…</option>
                  {services.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.id}
                    </option>
                  ))}
                  {pm.rootCause.component && !services.some((s) => s.id === pm.rootCause.component) && <option value={pm.rootCause.component}>{pm.rootCause.component}</option>}
                </select>
              )}
            </Field>
            <Field label="Root cause category" hint={pm.rootCause.category ? CATEGORY_INFO[pm.rootCause.category].hint : undefined} errors={err('rootCause.category')}>
              {({ id }) => (
                <select id={id} value={pm.rootCause.category} onChange={(e) => set({ rootCause: { ...pm.rootCause, category: e.target.value as Postmortem['rootCause']['category'] } })}>
                  <option value="">Choose a category…</option>
                  {CATEGORIES.map((c) => (
                    <option key={c} value={c} title={CATEGORY_INFO[c].hint}>
                      {CATEGORY_INFO[c].label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <TextField label="Root cause" hint="what in the system failed, and why — not who" rows={3} wide value={pm.rootCause.text} onChange={(text) => set({ rootCause: { ...pm.rootCause, text } })} errors={err('rootCause.text')} flags={fl('rootCause')} />
          <TextField label="Trigger" hint="the event that set it off" rows={2} wide value={pm.trigger} onChange={(trigger) => set({ trigger })} errors={err('trigger')} flags={fl('trigger')} />
        </section>

        <section id="pm-s-response" className="pm-sec" aria-labelledby="pm-h-response">
          <h3 id="pm-h-response" className="pm-h">Detection and resolution</h3>
          <TextField label="Detection" hint="how and when it was noticed; what should have noticed it sooner" rows={2} wide value={pm.detection} onChange={(detection) => set({ detection })} errors={err('detection')} flags={fl('detection')} />
          <TextField label="Resolution" hint="what stopped the impact, and what fixed the cause" rows={2} wide value={pm.resolution} onChange={(resolution) => set({ resolution })} errors={err('resolution')} flags={fl('resolution')} />
        </section>

        <section id="pm-s-factors" className="pm-sec" aria-labelledby="pm-h-factors">
          <h3 id="pm-h-factors" className="pm-h">Contributing factors</h3>
          <ListField
            label="Contributing factors"
            itemLabel="Factor"
            hint="at least two: there is rarely a single cause"
            values={pm.contributingFactors}
            onChange={(contributingFactors) => set({ contributingFactors })}
            errorsAt={(i) => err(`contributingFactors.${i}`)}
            flagsAt={(i) => fl(`contributingFactors[${i}]`)}
          />
        </section>

        <section id="pm-s-actions" className="pm-sec" aria-labelledby="pm-h-actions">
          <h3 id="pm-h-actions" className="pm-h">Action items</h3>
          <p className="faint pm-hint">Steps to avoid recurrence: one owner each, due within five business days, at least one that prevents and one that detects.</p>
          <ActionItems
            items={pm.actionItems}
            onChange={(actionItems) => set({ actionItems })}
            errors={errors}
            flags={flags}
            reviews={score?.actionItems ?? []}
            cfErrors={cfErrors}
            dueHint={`by ${dueBy(startEpochSec + (impactSec ?? 0))}`}
          />
        </section>

        <section id="pm-s-lessons" className="pm-sec" aria-labelledby="pm-h-lessons">
          <h3 id="pm-h-lessons" className="pm-h">Lessons learned</h3>
          <ListField label="What went well" itemLabel="Went well" values={pm.wentWell} onChange={(wentWell) => set({ wentWell })} errorsAt={(i) => err(`wentWell.${i}`)} flagsAt={(i) => fl(`wentWell[${i}]`)} />
          <ListField label="What went poorly" itemLabel="Went poorly" values={pm.wentPoorly} onChange={(wentPoorly) => set({ wentPoorly })} errorsAt={(i) => err(`wentPoorly.${i}`)} flagsAt={(i) => fl(`wentPoorly[${i}]`)} />
          <ListField label="Where we got lucky" itemLabel="Got lucky" hint="write “none” if nothing" values={pm.gotLucky} onChange={(gotLucky) => set({ gotLucky })} errorsAt={(i) => err(`gotLucky.${i}`)} flagsAt={(i) => fl(`gotLucky[${i}]`)} />
        </section>

        <section id="pm-s-why" className="pm-sec" aria-labelledby="pm-h-why">
          <h3 id="pm-h-why" className="pm-h">Why questions</h3>
          {pm.whyAnswers.length === 0 && <p className="faint pm-empty">This scenario asks no why questions.</p>}
          {pm.whyAnswers.map((w, i) => (
            <TextField
              key={i}
              label={w.question}
              rows={2}
              wide
              value={w.answer}
              onChange={(answer) => set({ whyAnswers: pm.whyAnswers.map((x, k) => (k === i ? { ...x, answer } : x)) })}
              errors={err(`whyAnswers.${i}`)}
              flags={fl(`whyAnswers[${i}]`)}
            />
          ))}
        </section>

        <section id="pm-s-timeline" className="pm-sec" aria-labelledby="pm-h-timeline">
          <h3 id="pm-h-timeline" className="pm-h">Timeline</h3>
          <p className="faint pm-hint">
            Pre-filled with what the run recorded. Curate it: add when the impact started, when it was mitigated and when it ended (read them off the SLI chart in the Report tab), tag the key moments, and drop the noise.
          </p>
          <TimelineEditor rows={pm.timeline} startEpochSec={startEpochSec} onChange={(timeline) => set({ timeline })} errors={errors} flags={flags} />
        </section>
        {(cfErrors.get(-1) ?? []).length > 0 && <p className="pm-error">{(cfErrors.get(-1) ?? []).join('; ')}</p>}
      </form>

      <RubricPanel score={score} errors={rubric.errors} pending={rubric.pending} />
    </div>
  );
}
