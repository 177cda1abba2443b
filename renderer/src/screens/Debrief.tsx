// The debrief: the run played to its end and scored point by point (Score), the postmortem the
// trainee writes with its live rubric (Postmortem), and the after-action report with annotated
// charts and the counterfactual replay (Report). Exports go through the platform; the finished
// session (score, session, postmortem) is written on opening and kept up to date while editing.

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useApp, useFiredrill } from '../app/context.tsx';
import { duration } from '../app/format.ts';
import { EXPORTS, exportFile, type ExportId } from '../widgets/debrief/exports.ts';
import { fileBase, gradeTone, replayErrorsByActionItem } from '../widgets/debrief/model.ts';
import { PostmortemEditor } from '../widgets/debrief/PostmortemEditor.tsx';
import { ReportTab } from '../widgets/debrief/ReportTab.tsx';
import { ScoreTab } from '../widgets/debrief/ScoreTab.tsx';
import { useDebrief } from '../widgets/debrief/useDebrief.ts';
import '../widgets/debrief/debrief.css';

const TABS = [
  { id: 'score', label: 'Score' },
  { id: 'postmortem', label: 'Postmortem' },
  { id: 'report', label: 'Report' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function Debrief() {
  const { ctl, services, store } = useFiredrill();
  const d = useDebrief();
  const title = useApp((s) => s.scenario?.title ?? 'Debrief');
  const postmortem = useApp((s) => s.postmortem);
  const finishedAt = useApp((s) => s.finishedAt);
  const [tab, setTab] = useState<Tab>('score');
  const [busy, setBusy] = useState<string | null>(null);
  const tabIds = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const bodyRef = useRef<HTMLElement>(null);

  // Each tab opens at its top.
  useEffect(() => {
    bodyRef.current?.scrollTo?.({ top: 0 });
  }, [tab]);

  // The charts share the app's range: show the whole run.
  useEffect(() => {
    store.setState({ range: { fromSec: 0, toSec: null }, crosshairSec: null });
  }, [store]);

  const report = d.data?.report ?? null;
  const pmValid = postmortem !== null && d.rubric.score !== null && d.rubric.errors.length === 0 && !d.rubric.pending;

  const onExport = async (id: ExportId) => {
    if (!d.data || !report) return;
    setBusy(id);
    try {
      const out = await exportFile(id, {
        sim: services.sim,
        platform: services.platform,
        postmortem: pmValid ? postmortem : null,
        postmortemInvalid: postmortem !== null && d.rubric.errors.length > 0,
        session: d.data.session,
        base: fileBase(report.scenario.id, report.scenario.start),
      });
      if (out.result.saved) ctl.toast(`Saved ${out.name}${out.result.where ? ` to ${out.result.where}` : ''}${out.note ? ` (${out.note})` : ''}`);
      else ctl.toast(`Export of ${out.name} cancelled`);
    } catch (err) {
      ctl.toast(`Could not export: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  const finish = async () => {
    if (!d.data) return;
    setBusy('finish');
    const doc = await ctl.finish({ session: d.data.session, score: d.data.report.score });
    setBusy(null);
    if (!doc) return;
    ctl.leave();
    store.setState({ screen: 'progress' });
  };

  const onTabKey = (e: KeyboardEvent, i: number) => {
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    setTab(TABS[next]?.id ?? 'score');
    tabRefs.current[next]?.focus();
  };

  const cfErrors = replayErrorsByActionItem(d.cf.runs, d.cf.errors, postmortem);
  const s = report?.score;

  return (
    <div className="debrief">
      <header className="db-head">
        <div className="db-head-title">
          <div className="faint db-small">Debrief{report ? ` · ${report.scenario.difficulty} · seed ${report.seed} · ${duration(report.durationSec)} run` : ''}</div>
          <h1>{title}</h1>
        </div>
        {s && (
          <div className="db-head-score" aria-label={`Score ${s.total} of 100, grade ${s.grade}`}>
            <span className={`db-head-total tone-${gradeTone(s.grade)}`}>{s.total}</span>
            <span className="faint">/100</span>
            <span className={`badge ${gradeTone(s.grade)}`}>{s.grade}</span>
          </div>
        )}
        <span className="grow" />
        <span className="faint db-small" aria-live="polite">
          {finishedAt ? 'Saved to your progress' : report ? 'Saving…' : ''}
        </span>
        <ExportMenu disabled={!report} busy={busy} onPick={(id) => void onExport(id)} />
        <button type="button" disabled={!report || busy !== null} onClick={() => void finish()} title="Save and see your progress">
          Finish
        </button>
        <button type="button" onClick={() => ctl.leave()}>
          Back to library
        </button>
      </header>

      <div className="db-tabs" role="tablist" aria-label="Debrief">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${tabIds}-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${tabIds}-${t.id}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            className="db-tab-btn"
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t.label}
            {t.id === 'postmortem' && d.rubric.score && <span className={`db-tab-badge tone-${gradeTone(d.rubric.score.grade)}`}>{d.rubric.score.total}</span>}
          </button>
        ))}
      </div>

      <main ref={bodyRef} className="db-body" role="tabpanel" id={`${tabIds}-${tab}-panel`} aria-labelledby={`${tabIds}-${tab}`}>
        {d.error ? (
          <div className="panel db-card" role="alert">
            <div className="panel-body tone-crit">The debrief could not be computed: {d.error}</div>
          </div>
        ) : !report || !d.data ? (
          <div className="db-loading" role="status">
            <span className="db-spinner" aria-hidden="true" />
            Playing the run on to the scenario’s end and scoring it…
          </div>
        ) : tab === 'score' ? (
          <ScoreTab report={report} expected={d.data.expected} />
        ) : tab === 'postmortem' ? (
          <PostmortemEditor rubric={d.rubric} startEpochSec={report.facts.startEpochSec} impactSec={report.facts.events.impactSec} cfErrors={cfErrors} />
        ) : (
          <ReportTab report={report} postmortem={postmortem} cf={d.cf} onRunCounterfactual={() => void d.runCounterfactual()} onEditPostmortem={() => setTab('postmortem')} />
        )}
      </main>
    </div>
  );
}

function ExportMenu({ disabled, busy, onPick }: { disabled: boolean; busy: string | null; onPick(id: ExportId): void }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    if (!open) return;
    items.current[0]?.focus();
    const onDown = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  const onKey = (e: KeyboardEvent, i: number) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      return;
    }
    const next = e.key === 'ArrowDown' ? (i + 1) % EXPORTS.length : e.key === 'ArrowUp' ? (i + EXPORTS.length - 1) % EXPORTS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    items.current[next]?.focus();
  };
  return (
    <div className="db-menu" ref={wrap}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} aria-controls={menuId} disabled={disabled} onClick={() => setOpen((o) => !o)}>
        {busy && busy !== 'finish' ? 'Exporting…' : 'Export'} ▾
      </button>
      {open && (
        <div id={menuId} role="menu" className="db-menu-list" aria-label="Export">
          {EXPORTS.map((x, i) => (
            <button
              key={x.id}
              ref={(el) => {
                items.current[i] = el;
              }}
              type="button"
              role="menuitem"
              disabled={busy !== null}
              onKeyDown={(e) => onKey(e, i)}
              onClick={() => {
                setOpen(false);
                onPick(x.id);
              }}
            >
              {x.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
