// The hypotheses board: write one (text, component, category, evidence from the pinned list),
// then attach more evidence, confirm or rule it out. Every change is one `hypothesis` action with
// a stable id; the board is rebuilt from the recorded actions.

import { useMemo, useState } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import type { JsonValue } from '../../worker/protocol.ts';
import { EvidenceList, EvidencePicker } from './Evidence.tsx';
import { useBoard, useChanges, useClockFormat } from './hooks.ts';
import { CATEGORIES, CATEGORY_INFO, HYPOTHESIS_STATUS_LABEL, nextHypothesisId, refKey, type BoardHypothesis, type HypothesisStatus } from './model.ts';
import { Section } from './Section.tsx';

const STATUS_BADGE: Record<HypothesisStatus, string> = { open: 'info', confirmed: 'ok', ruledOut: 'muted' };

function useToggleSet(): [Set<string>, (key: string) => void, () => void] {
  const [set, setSet] = useState<Set<string>>(() => new Set());
  const toggle = (key: string) =>
    setSet((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return [set, toggle, () => setSet(new Set())];
}

function Composer({ board, onDone }: { board: BoardHypothesis[]; onDone(): void }) {
  const { ctl } = useFiredrill();
  const pinned = useApp((s) => s.pinned);
  const services = useApp((s) => s.scenario?.services) ?? [];
  const changes = useChanges();
  const [text, setText] = useState('');
  const [component, setComponent] = useState('');
  const [category, setCategory] = useState('');
  const [attached, toggle, clear] = useToggleSet();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const id = nextHypothesisId(board);
    const params: Record<string, JsonValue> = { id, text: text.trim(), status: 'open', evidence: pinned.filter((p) => attached.has(refKey(p.ref))).map((p) => p.ref) };
    if (component.startsWith('svc:')) params.component = component.slice(4);
    else if (component.startsWith('chg:')) {
      const ch = changes.find((c) => c.id === component.slice(4));
      if (ch?.service) params.component = ch.service;
      params.change = component.slice(4);
    }
    if (category) params.category = category;
    setBusy(true);
    const r = await ctl.act({ type: 'hypothesis', params });
    setBusy(false);
    if (r?.result === 'applied') {
      setText('');
      setComponent('');
      setCategory('');
      clear();
      onDone();
    }
  };

  return (
    <form
      className="inc-composer"
      aria-label="New hypothesis"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void submit();
      }}
    >
      <div className="inc-field">
        <label htmlFor="inc-hyp-text">Hypothesis: what is wrong, and why you think so</label>
        <textarea id="inc-hyp-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="inc-grid2">
        <div className="inc-field">
          <label htmlFor="inc-hyp-component">Component</label>
          <select id="inc-hyp-component" value={component} onChange={(e) => setComponent(e.target.value)}>
            <option value="">Not sure yet</option>
            <optgroup label="Services">
              {services.map((s) => (
                <option key={s.id} value={`svc:${s.id}`}>
                  {s.id}
                </option>
              ))}
            </optgroup>
            {changes.length > 0 && (
              <optgroup label="Changes">
                {[...changes].reverse().map((c) => (
                  <option key={c.id} value={`chg:${c.id}`}>
                    {c.id}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </div>
        <div className="inc-field">
          <label htmlFor="inc-hyp-category">Category</label>
          <select id="inc-hyp-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">Not sure yet</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c} title={CATEGORY_INFO[c].hint}>
                {CATEGORY_INFO[c].label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="inc-sub">Evidence {attached.size > 0 && <span className="faint">· {attached.size} attached</span>}</div>
      <EvidencePicker pinned={pinned} selected={attached} onToggle={toggle} label="Evidence to attach" />
      <div className="row inc-actions-row">
        <button type="submit" className="primary" disabled={!text.trim() || busy}>
          Add hypothesis
        </button>
        {board.length > 0 && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

type StepMode = 'confirmed' | 'ruledOut' | 'evidence' | 'open';

function HypothesisCard({ h }: { h: BoardHypothesis }) {
  const { ctl } = useFiredrill();
  const pinned = useApp((s) => s.pinned);
  const fmt = useClockFormat();
  const [mode, setMode] = useState<StepMode | null>(null);
  const [chosen, toggle, clear] = useToggleSet();
  const [busy, setBusy] = useState(false);
  const have = useMemo(() => new Set(h.evidence.map(refKey)), [h.evidence]);

  const record = async (status: HypothesisStatus) => {
    const evidence = pinned.filter((p) => chosen.has(refKey(p.ref))).map((p) => p.ref);
    setBusy(true);
    const r = await ctl.act({ type: 'hypothesis', params: { id: h.id, text: h.text, status, evidence } });
    setBusy(false);
    if (r?.result === 'applied') {
      setMode(null);
      clear();
    }
  };

  const submitLabel = mode === 'confirmed' ? 'Mark confirmed' : mode === 'ruledOut' ? 'Mark ruled out' : mode === 'open' ? 'Reopen' : 'Attach evidence';
  const last = h.steps[h.steps.length - 1];
  const tags = [
    ...(h.component ? [{ text: h.component, mono: true }] : []),
    ...(h.change ? [{ text: h.change, mono: true }] : []),
    ...(h.category ? [{ text: CATEGORY_INFO[h.category as keyof typeof CATEGORY_INFO]?.label ?? h.category, mono: false }] : []),
  ];
  return (
    <article className={`inc-hyp inc-hyp-${h.status}`} aria-label={`Hypothesis ${h.id}`}>
      <div className="inc-hyp-head">
        <span className="mono faint">{h.id}</span>
        <span className={`badge ${STATUS_BADGE[h.status]}`}>{HYPOTHESIS_STATUS_LABEL[h.status]}</span>
        {tags.length > 0 && (
          <span className="inc-hyp-tags" title={[h.component, h.change, h.category].filter(Boolean).join(' · ')}>
            {tags.map((t, i) => (
              <span key={t.text} className={t.mono ? 'mono' : undefined}>
                {i > 0 && ' · '}
                {t.text}
              </span>
            ))}
          </span>
        )}
        <span className="grow" />
        <span className="faint mono inc-small" title={`Opened ${fmt(h.firstSec)} UTC`}>
          {fmt(last?.atSec ?? h.firstSec).slice(0, 5)}
        </span>
      </div>
      <p className="inc-hyp-text">{h.text}</p>
      <EvidenceList refs={h.evidence} pinned={pinned} />
      {h.evidence.length === 0 && <p className="faint inc-small inc-nomargin">No evidence attached.</p>}
      {mode === null ? (
        <div className="row inc-hyp-buttons">
          {h.status === 'open' ? (
            <>
              <button type="button" onClick={() => setMode('confirmed')}>
                Confirm…
              </button>
              <button type="button" onClick={() => setMode('ruledOut')}>
                Rule out…
              </button>
              <button type="button" className="ghost" onClick={() => setMode('evidence')}>
                Add evidence…
              </button>
            </>
          ) : (
            <button type="button" className="ghost" onClick={() => setMode('open')}>
              Reopen…
            </button>
          )}
        </div>
      ) : (
        <div className="inc-step" role="group" aria-label={`${submitLabel}: ${h.id}`}>
          <div className="inc-sub">
            {mode === 'evidence' ? 'Attach pinned evidence' : mode === 'open' ? 'Reopen with new evidence (optional)' : `${mode === 'confirmed' ? 'Confirm' : 'Rule out'} with evidence`}
          </div>
          <EvidencePicker pinned={pinned} selected={chosen} onToggle={toggle} exclude={have} label={`Evidence for ${h.id}`} />
          {mode === 'ruledOut' && h.evidence.length === 0 && chosen.size === 0 && (
            <p className="inc-small tone-warn inc-nomargin">Rule out with evidence: pin what shows it is not this.</p>
          )}
          <div className="row inc-actions-row">
            <button type="button" className="primary" disabled={busy || (mode === 'evidence' && chosen.size === 0)} onClick={() => void record(mode === 'evidence' ? h.status : mode)}>
              {submitLabel}
            </button>
            <button
              type="button"
              onClick={() => {
                setMode(null);
                clear();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

const RANK: Record<HypothesisStatus, number> = { open: 0, confirmed: 1, ruledOut: 2 };
/** Open ones first, then confirmed, then ruled out; newest first within each. */
function ordered(board: readonly BoardHypothesis[]): BoardHypothesis[] {
  return board
    .map((h, i) => ({ h, i }))
    .sort((a, b) => RANK[a.h.status] - RANK[b.h.status] || b.i - a.i)
    .map((x) => x.h);
}

export function Hypotheses() {
  const board = useBoard();
  const [composing, setComposing] = useState(false);
  const open = board.filter((h) => h.status === 'open').length;
  const showComposer = composing || board.length === 0;
  return (
    <Section
      title="Hypotheses"
      count={board.length ? `${open} open · ${board.length}` : undefined}
      extra={
        !showComposer && (
          <button type="button" className="ghost inc-head-btn" onClick={() => setComposing(true)}>
            + New hypothesis
          </button>
        )
      }
    >
      {showComposer && <Composer board={board} onDone={() => setComposing(false)} />}
      {board.length > 0 && (
        <div className="inc-hyp-list">
          {ordered(board).map((h) => (
            <HypothesisCard key={h.id} h={h} />
          ))}
        </div>
      )}
    </Section>
  );
}
