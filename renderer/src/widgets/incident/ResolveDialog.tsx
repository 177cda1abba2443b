// "Resolve…": names the root cause (the component where it lives, its category, optionally the
// change that introduced it, a summary), records `resolve` and hands over to the debrief.

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { useBoard, useChanges } from './hooks.ts';
import { CATEGORIES, CATEGORY_INFO, type Category } from './model.ts';

export function ResolveDialog({ onClose }: { onClose(): void }) {
  const { ctl, store } = useFiredrill();
  const services = useApp((s) => s.scenario?.services) ?? [];
  const board = useBoard();
  const changes = useChanges();
  const confirmed = [...board].reverse().find((h) => h.status === 'confirmed');
  const serviceIds = new Set(services.map((s) => s.id));
  const [component, setComponent] = useState(confirmed?.component && serviceIds.has(confirmed.component) ? confirmed.component : '');
  const [category, setCategory] = useState<Category | ''>(confirmed?.category && (CATEGORIES as string[]).includes(confirmed.category) ? (confirmed.category as Category) : '');
  const [change, setChange] = useState(confirmed?.change ?? '');
  const [summary, setSummary] = useState(confirmed?.text ?? '');
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const first = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    first.current?.focus();
    return () => before?.focus?.();
  }, []);

  const ready = component !== '' && category !== '' && summary.trim() !== '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    const params: Record<string, string> = { component, category, summary: summary.trim() };
    if (change) params.change = change;
    const r = await ctl.act({ type: 'resolve', params });
    setBusy(false);
    if (r?.result === 'applied') {
      onClose();
      store.setState({ screen: 'debrief' });
    }
  };

  return (
    <div className="inc-modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        className="inc-modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') {
            // Keep the focus inside the dialog.
            const items = [...e.currentTarget.querySelectorAll<HTMLElement>('select, textarea, button:not(:disabled)')];
            const firstItem = items[0];
            const lastItem = items[items.length - 1];
            if (e.shiftKey && document.activeElement === firstItem) {
              e.preventDefault();
              lastItem?.focus();
            } else if (!e.shiftKey && document.activeElement === lastItem) {
              e.preventDefault();
              firstItem?.focus();
            }
          }
        }}
      >
        <div className="inc-modal-head">
          <h2 id={titleId}>Resolve incident</h2>
        </div>
        <div className="inc-modal-body">
          <p className="muted inc-small">Name the root cause: where it lives and what kind of failure it was. Resolving ends the drill and opens the debrief.</p>
          <div className="inc-field">
            <label htmlFor="inc-rc-component">Root cause component</label>
            <select id="inc-rc-component" ref={first} value={component} onChange={(e) => setComponent(e.target.value)} required>
              <option value="">Choose a service…</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.id}
                  {s.name ? ` — ${s.name}` : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="inc-field">
            <label htmlFor="inc-rc-category">Category</label>
            <select id="inc-rc-category" value={category} onChange={(e) => setCategory(e.target.value as Category)} required>
              <option value="">Choose a category…</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {CATEGORY_INFO[c].label} — {CATEGORY_INFO[c].hint}
                </option>
              ))}
            </select>
          </div>
          <div className="inc-field">
            <label htmlFor="inc-rc-change">Introduced by change (optional)</label>
            <select id="inc-rc-change" value={change} onChange={(e) => setChange(e.target.value)}>
              <option value="">None / not a change</option>
              {[...changes].reverse().map((c) => (
                <option key={c.id} value={c.id}>
                  {c.id} — {c.summary}
                </option>
              ))}
            </select>
          </div>
          <div className="inc-field">
            <label htmlFor="inc-rc-summary">Summary</label>
            <textarea id="inc-rc-summary" rows={4} value={summary} onChange={(e) => setSummary(e.target.value)} required />
          </div>
        </div>
        <div className="inc-modal-foot">
          <span className="grow faint inc-small">{ready ? '' : 'Component, category and summary are needed.'}</span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!ready || busy}>
            Resolve incident
          </button>
        </div>
      </form>
    </div>
  );
}
