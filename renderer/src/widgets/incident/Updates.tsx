// Status updates (internal / external, from templates the trainee edits) and free-text notes.

import { useMemo, useState } from 'react';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockMinute, duration } from '../../app/format.ts';
import { useBoard, useClockFormat, useIncident } from './hooks.ts';
import { notes, promisedNextUpdateSec, statusUpdates } from './model.ts';
import { takenMitigations } from './mitigations.ts';
import { Section } from './Section.tsx';
import { STAGES, STAGE_LABEL, template, type Stage } from './templates.ts';

/** Updates are due every 30 minutes while the incident is open (the cadence scoring checks). */
const CADENCE_SEC = 1800;

export function StatusUpdates() {
  const { ctl } = useFiredrill();
  const s = useAppShallow((st) => ({
    actions: st.actions,
    events: st.events,
    nowSec: st.clock.nowSec,
    slos: st.frame?.slos,
    overview: st.frame?.overview ?? null,
    start: st.scenario?.startEpochSec ?? 0,
    sloDefs: st.scenario?.slos,
  }));
  const incident = useIncident();
  const board = useBoard();
  const fmt = useClockFormat();
  const updates = useMemo(() => statusUpdates(s.actions), [s.actions]);
  const [audience, setAudience] = useState<'internal' | 'external'>('internal');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const fill = (stage: Stage) => {
    const taken = takenMitigations(s.actions, s.events, s.nowSec, s.overview);
    setText(template(stage, { audience, startEpochSec: s.start, nowSec: s.nowSec, slos: s.slos ?? [], sloDefs: s.sloDefs ?? [], incident, board, taken }));
  };
  const post = async () => {
    setBusy(true);
    const r = await ctl.act({ type: 'statusUpdate', params: { audience, text: text.trim() } });
    setBusy(false);
    if (r?.result === 'applied') setText('');
  };

  const last = updates[updates.length - 1];
  const open = incident.declaredAtSec !== null && !incident.resolved;
  // The time the last update promised, if it named one and it is sooner than the cadence.
  const promised = last ? promisedNextUpdateSec(last.text, last.atSec, s.start) : null;
  const cadenceDue = (last ? last.atSec : (incident.declaredAtSec ?? 0)) + CADENCE_SEC;
  const dueSec = open ? (promised !== null ? Math.min(promised, cadenceDue) : cadenceDue) : null;
  const due =
    dueSec === null ? null : (
      <span className={`inc-small ${dueSec < s.nowSec ? 'tone-crit' : 'faint'}`} title="Post an update at least every 30 minutes while the incident is open">
        {last ? 'next' : 'first'} due {clockMinute(s.start, dueSec)} {dueSec < s.nowSec ? `(overdue ${duration(s.nowSec - dueSec)})` : `(in ${duration(dueSec - s.nowSec)})`}
      </span>
    );

  return (
    <Section title="Status updates" count={updates.length ? String(updates.length) : undefined} extra={due}>
      <form
        className="inc-composer"
        aria-label="New status update"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void post();
        }}
      >
        <div className="row inc-update-tools">
          <fieldset className="inc-seg" aria-label="Audience">
            {(['internal', 'external'] as const).map((a) => (
              <label key={a} className={audience === a ? 'on' : ''}>
                <input type="radio" name="inc-audience" value={a} checked={audience === a} onChange={() => setAudience(a)} />
                {a === 'internal' ? 'Internal' : 'External'}
              </label>
            ))}
          </fieldset>
          <span className="grow" />
          <label className="sr-only" htmlFor="inc-template">
            Template
          </label>
          <select
            id="inc-template"
            value=""
            onChange={(e) => {
              if (e.target.value) fill(e.target.value as Stage);
            }}
          >
            <option value="">Fill from template…</option>
            {STAGES.map((st) => (
              <option key={st} value={st}>
                {STAGE_LABEL[st]}
              </option>
            ))}
          </select>
        </div>
        <div className="inc-field">
          <label htmlFor="inc-update-text">{audience === 'internal' ? 'Update for the incident channel and stakeholders' : 'Update for customers (status page)'}</label>
          <textarea id="inc-update-text" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="row inc-actions-row">
          <button type="submit" className="primary" disabled={!text.trim() || busy}>
            Post update
          </button>
          <span className="faint inc-small">Say who is affected, what you are doing, and when the next update comes.</span>
        </div>
      </form>
      {updates.length > 0 && (
        <ol className="inc-updates" aria-label="Updates sent">
          {[...updates].reverse().map((u, i) => (
            <li key={updates.length - i} className="inc-update">
              <div className="inc-update-head">
                <span className={`badge ${u.audience === 'external' ? 'warn' : 'info'}`}>{u.audience}</span>
                <span className="mono faint inc-small">{fmt(u.atSec)}</span>
              </div>
              <p className="inc-update-text">{u.text}</p>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

export function Notes() {
  const { ctl } = useFiredrill();
  const actions = useApp((s) => s.actions);
  const fmt = useClockFormat();
  const list = useMemo(() => notes(actions), [actions]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    const r = await ctl.act({ type: 'note', params: { text: text.trim() } });
    setBusy(false);
    if (r?.result === 'applied') setText('');
  };
  return (
    <Section title="Notes" count={list.length ? String(list.length) : undefined} defaultOpen={false}>
      <form
        className="inc-composer"
        aria-label="New note"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void add();
        }}
      >
        <div className="inc-field">
          <label htmlFor="inc-note-text">Note (for you and the postmortem)</label>
          <textarea id="inc-note-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="row inc-actions-row">
          <button type="submit" disabled={!text.trim() || busy}>
            Add note
          </button>
        </div>
      </form>
      {list.length > 0 && (
        <ol className="inc-notes" aria-label="Notes">
          {[...list].reverse().map((n, i) => (
            <li key={list.length - i}>
              <span className="mono faint inc-small">{fmt(n.atSec)}</span> <span className="inc-note-text">{n.text}</span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
