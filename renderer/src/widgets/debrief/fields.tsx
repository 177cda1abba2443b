// Form pieces of the postmortem editor: a labelled field with its schema errors and blame flags
// underneath, a list of short entries, and a clock-time input.

import { useId, useState, type ReactNode } from 'react';
import type { BlameFlag } from '../../../../engine/src/index.ts';
import { clockTime } from '../../app/format.ts';
import { parseClock } from './model.ts';

export interface Notes {
  errors?: readonly string[];
  flags?: readonly BlameFlag[];
  /** Rubric remarks (not errors): an action item's problems. */
  remarks?: readonly string[];
}

export function FieldNotes({ id, errors = [], flags = [], remarks = [] }: Notes & { id: string }) {
  if (!errors.length && !flags.length && !remarks.length) return null;
  return (
    <div id={id} className="pm-notes">
      {errors.map((e) => (
        <div key={`e${e}`} className="pm-error">
          {e}
        </div>
      ))}
      {flags.map((f) => (
        <div key={`f${f.sentence}`} className="pm-flag">
          <span className="badge crit">{f.personAsCause ? 'person as cause' : 'blame'}</span> “{f.sentence}” <span className="muted">— {f.why}</span>
        </div>
      ))}
      {remarks.map((r) => (
        <div key={`r${r}`} className="pm-remark">
          {r}
        </div>
      ))}
    </div>
  );
}

/** A labelled control; `children` gets the id and the aria-describedby to put on the control. */
export function Field({ label, hint, wide, children, ...notes }: Notes & { label: string; hint?: string; wide?: boolean; children: (p: { id: string; describedBy?: string; invalid: boolean }) => ReactNode }) {
  const id = useId();
  const notesId = `${id}-notes`;
  const has = Boolean(notes.errors?.length || notes.flags?.length || notes.remarks?.length);
  return (
    <div className={`pm-field${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>
        {label}
        {hint && <span className="faint pm-hint"> {hint}</span>}
      </label>
      {children({ id, describedBy: has ? notesId : undefined, invalid: Boolean(notes.errors?.length) })}
      <FieldNotes id={notesId} {...notes} />
    </div>
  );
}

export function TextField(p: Notes & { label: string; hint?: string; value: string; onChange(v: string): void; rows?: number; wide?: boolean }) {
  const { label, hint, value, onChange, rows, wide, ...notes } = p;
  return (
    <Field label={label} hint={hint} wide={wide} {...notes}>
      {({ id, describedBy, invalid }) =>
        rows ? (
          <textarea id={id} rows={rows} value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input id={id} type="text" value={value} aria-describedby={describedBy} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)} />
        )
      }
    </Field>
  );
}

export function NumberField(p: Notes & { label: string; hint?: string; value: number | null; onChange(v: number | null): void; step?: number }) {
  const { label, hint, value, onChange, step, ...notes } = p;
  return (
    <Field label={label} hint={hint} {...notes}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type="number"
          min={0}
          step={step ?? 'any'}
          value={value ?? ''}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          onChange={(e) => {
            const v = e.target.value;
            onChange(v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
          }}
        />
      )}
    </Field>
  );
}

/** Short entries (contributing factors, lessons): add, edit, remove. */
export function ListField(p: {
  label: string;
  itemLabel: string;
  hint?: string;
  values: readonly string[];
  onChange(v: string[]): void;
  errorsAt?: (i: number) => readonly string[];
  flagsAt?: (i: number) => readonly BlameFlag[];
  listErrors?: readonly string[];
}) {
  const headId = useId();
  return (
    <fieldset className="pm-list" aria-labelledby={headId}>
      <div className="row pm-list-head">
        <h4 id={headId}>{p.label}</h4>
        {p.hint && <span className="faint pm-hint">{p.hint}</span>}
        <span className="grow" />
        <button type="button" onClick={() => p.onChange([...p.values, ''])}>
          Add {p.itemLabel.toLowerCase()}
        </button>
      </div>
      {p.values.length === 0 && <p className="faint pm-empty">None yet.</p>}
      {p.values.map((v, i) => (
        <ListEntry
          key={i}
          label={`${p.itemLabel} ${i + 1}`}
          value={v}
          onChange={(nv) => p.onChange(p.values.map((x, k) => (k === i ? nv : x)))}
          onRemove={() => p.onChange(p.values.filter((_, k) => k !== i))}
          errors={p.errorsAt?.(i)}
          flags={p.flagsAt?.(i)}
        />
      ))}
      {p.listErrors && p.listErrors.length > 0 && <FieldNotes id={`${headId}-n`} errors={p.listErrors} />}
    </fieldset>
  );
}

function ListEntry({ label, value, onChange, onRemove, ...notes }: Notes & { label: string; value: string; onChange(v: string): void; onRemove(): void }) {
  const id = useId();
  const has = Boolean(notes.errors?.length || notes.flags?.length);
  return (
    <div className="pm-list-entry">
      <div className="row">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <textarea id={id} rows={1} className="grow" value={value} aria-describedby={has ? `${id}-n` : undefined} onChange={(e) => onChange(e.target.value)} />
        <button type="button" className="ghost pm-icon" aria-label={`Remove ${label.toLowerCase()}`} title="Remove" onClick={onRemove}>
          ✕
        </button>
      </div>
      <FieldNotes id={`${id}-n`} {...notes} />
    </div>
  );
}

/**
 * A simulated wall-clock time ("09:32" or "09:32:50") for a run second; empty means not timed.
 * The text is the trainee's until it parses; a new second from outside (a reorder) replaces it.
 */
export function ClockInput({ atSec, startEpochSec, onChange, label, describedBy }: { atSec: number | null; startEpochSec: number; onChange(sec: number | null): void; label: string; describedBy?: string }) {
  const show = (sec: number | null) => (sec === null ? '' : clockTime(startEpochSec, sec));
  const [text, setText] = useState(show(atSec));
  const [shown, setShown] = useState(atSec);
  if (shown !== atSec) {
    setShown(atSec);
    if ((text.trim() === '' ? null : parseClock(text, startEpochSec)) !== atSec) setText(show(atSec));
  }
  const bad = text.trim() !== '' && parseClock(text, startEpochSec) === null;
  return (
    <input
      type="text"
      className={`mono pm-clock${bad ? ' bad' : ''}`}
      aria-label={label}
      aria-invalid={bad || undefined}
      aria-describedby={describedBy}
      title={bad ? 'Write the time as HH:MM or HH:MM:SS (UTC, the scenario’s clock)' : 'HH:MM:SS, the scenario’s clock (UTC)'}
      value={text}
      onChange={(e) => {
        const v = e.target.value;
        setText(v);
        if (v.trim() === '') onChange(null);
        else {
          const sec = parseClock(v, startEpochSec);
          if (sec !== null) onChange(sec);
        }
      }}
    />
  );
}
