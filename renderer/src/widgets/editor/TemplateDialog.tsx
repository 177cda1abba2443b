// "New scenario": pick a topology template (the system) and a fault type (what breaks), give it
// an id and a title, and get a commented starter file that loads and passes its own checks.

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useFiredrill } from '../../app/context.tsx';
import type { AuthorTemplateInfo } from '../../worker/protocol.ts';

const ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export interface TemplateDialogProps {
  onCreate(text: string, id: string): void;
  onCancel(): void;
}

function Choice({ legend, items, value, onChange }: { legend: string; items: AuthorTemplateInfo[]; value: string; onChange(id: string): void }) {
  const name = useId();
  return (
    <fieldset className="tpl-choice">
      <legend>{legend}</legend>
      <div className="tpl-options" role="radiogroup" aria-label={legend}>
        {items.map((t) => (
          <label key={t.id} className={`tpl-option ${value === t.id ? 'selected' : ''}`}>
            <input type="radio" name={name} value={t.id} checked={value === t.id} onChange={() => onChange(t.id)} />
            <span className="tpl-option-text">
              <span className="tpl-option-title">{t.title}</span>
              <span className="tpl-option-desc muted">{t.description}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function TemplateDialog({ onCreate, onCancel }: TemplateDialogProps) {
  const { services } = useFiredrill();
  const titleId = useId();
  const [list, setList] = useState<{ topologies: AuthorTemplateInfo[]; faults: AuthorTemplateInfo[] } | null>(null);
  const [topology, setTopology] = useState('');
  const [fault, setFault] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    services.sim.call('author/templates').then(
      (l) => {
        if (!live) return;
        setList(l);
        setTopology(l.topologies[0]?.id ?? '');
        setFault(l.faults[0]?.id ?? '');
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [services.sim]);

  useEffect(() => {
    if (!idEdited && topology && fault) setId(`${topology}-${fault}`);
  }, [topology, fault, idEdited]);

  useEffect(() => {
    box.current?.querySelector<HTMLElement>('input')?.focus();
  }, [list]);

  const idOk = ID.test(id);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!idOk || !topology || !fault) return;
    setBusy(true);
    setError(null);
    try {
      const r = await services.sim.call('author/fromTemplate', { topology, fault, id, ...(title.trim() ? { title: title.trim() } : {}) });
      if (r.ok) onCreate(r.text, id);
      else setError(r.message);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="modal panel tpl-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <form onSubmit={(e) => void submit(e)}>
          <div className="panel-head">
            <h2 id={titleId}>New scenario from a template</h2>
            <span className="grow" />
            <span className="muted">A commented starter that loads and passes its own checks.</span>
          </div>
          <div className="panel-body tpl-body">
            {!list && !error && <p className="muted">Reading the templates…</p>}
            {list && (
              <div className="tpl-columns">
                <Choice legend="System (topology)" items={list.topologies} value={topology} onChange={setTopology} />
                <Choice legend="What breaks (fault)" items={list.faults} value={fault} onChange={setFault} />
              </div>
            )}
            <div className="tpl-fields">
              <label>
                <span>Scenario id</span>
                <input
                  value={id}
                  onChange={(e) => {
                    setId(e.target.value);
                    setIdEdited(true);
                  }}
                  aria-invalid={!idOk}
                  spellCheck={false}
                  className="mono"
                />
              </label>
              <label className="grow">
                <span>Title (optional)</span>
                <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
              </label>
            </div>
            {!idOk && id !== '' && <p className="tone-crit tpl-error">Ids are lower-case letters, digits and dashes, like orders-slow-db (at most 64 characters).</p>}
            {error && (
              <p className="tone-crit tpl-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div className="row tpl-foot">
            <span className="grow" />
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!list || !idOk || busy}>
              Create scenario
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
