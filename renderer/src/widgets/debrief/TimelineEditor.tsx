// The postmortem's timeline: rows of a clock time, an optional key moment and what happened,
// pre-filled from the run and curated by the trainee (add, remove, move, sort).

import type { BlameFlag, Postmortem, TimelineRow } from '../../../../engine/src/index.ts';
import { ClockInput, FieldNotes } from './fields.tsx';
import { errorsUnder } from './model.ts';

type Marker = NonNullable<TimelineRow['marker']>;

export const MARKERS: { id: Marker; label: string }[] = [
  { id: 'impact-start', label: 'Impact starts' },
  { id: 'detected', label: 'Detected' },
  { id: 'declared', label: 'Declared' },
  { id: 'mitigated', label: 'Mitigated' },
  { id: 'ended', label: 'Impact ends' },
];

export function TimelineEditor({
  rows,
  startEpochSec,
  onChange,
  errors,
  flags,
}: {
  rows: Postmortem['timeline'];
  startEpochSec: number;
  onChange(rows: Postmortem['timeline']): void;
  errors: ReadonlyMap<string, string[]>;
  flags: ReadonlyMap<string, BlameFlag[]>;
}) {
  const set = (i: number, row: TimelineRow) => onChange(rows.map((r, k) => (k === i ? row : r)));
  const move = (i: number, d: -1 | 1) => {
    const j = i + d;
    if (j < 0 || j >= rows.length) return;
    const next = rows.slice();
    [next[i], next[j]] = [next[j] as TimelineRow, next[i] as TimelineRow];
    onChange(next);
  };
  const sorted = rows.every((r, i) => i === 0 || r.atSec === null || rows.slice(0, i).every((p) => p.atSec === null || p.atSec <= (r.atSec as number)));
  const add = () => {
    const last = [...rows].reverse().find((r) => r.atSec !== null)?.atSec ?? 0;
    onChange([...rows, { atSec: last, text: '' }]);
  };
  const sortRows = () => onChange(rows.map((r, i) => ({ r, i })).sort((a, b) => (a.r.atSec ?? Infinity) - (b.r.atSec ?? Infinity) || a.i - b.i).map((x) => x.r));

  return (
    <div className="pm-timeline">
      <table className="grid pm-tl-table">
        <thead>
          <tr>
            <th className="pm-tl-time">Time (UTC)</th>
            <th className="pm-tl-marker">Key moment</th>
            <th>What happened</th>
            <th className="pm-tl-tools">
              <span className="sr-only">Row tools</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const errs = errorsUnder(errors, `timeline.${i}`);
            const fl = flags.get(`timeline[${i}]`) ?? [];
            const notesId = `pm-tl-${i}-notes`;
            const has = errs.length > 0 || fl.length > 0;
            return (
              <tr key={i} className={r.marker ? 'pm-tl-key' : undefined}>
                <td>
                  <ClockInput atSec={r.atSec} startEpochSec={startEpochSec} label={`Time of row ${i + 1}`} describedBy={has ? notesId : undefined} onChange={(atSec) => set(i, { ...r, atSec })} />
                </td>
                <td>
                  <select
                    aria-label={`Key moment of row ${i + 1}`}
                    value={r.marker ?? ''}
                    onChange={(e) => {
                      const { marker: _drop, ...rest } = r;
                      set(i, e.target.value ? { ...rest, marker: e.target.value as Marker } : rest);
                    }}
                  >
                    <option value="">—</option>
                    {MARKERS.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="pm-tl-text">
                  <textarea rows={1} aria-label={`Event of row ${i + 1}`} value={r.text} aria-describedby={has ? notesId : undefined} onChange={(e) => set(i, { ...r, text: e.target.value })} />
                  <FieldNotes id={notesId} errors={errs} flags={fl} />
                </td>
                <td className="pm-tl-tools">
                  <button type="button" className="ghost pm-icon" aria-label={`Move row ${i + 1} up`} title="Move up" disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="ghost pm-icon" aria-label={`Move row ${i + 1} down`} title="Move down" disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button type="button" className="ghost pm-icon" aria-label={`Remove row ${i + 1}`} title="Remove" onClick={() => onChange(rows.filter((_, k) => k !== i))}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row pm-tl-foot">
        <button type="button" onClick={add}>
          Add row
        </button>
        <button type="button" onClick={sortRows} disabled={sorted}>
          Sort by time
        </button>
        <span className="grow" />
        <span className="faint pm-hint">{rows.length} rows · {rows.filter((r) => r.marker).length} key moments tagged</span>
      </div>
    </div>
  );
}
