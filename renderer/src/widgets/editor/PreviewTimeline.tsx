// The preview's one timeline: changes, faults, alert firing bands and injects in lanes, on the
// charts' time axis (their zoom and crosshair are shared through the preview store). Each item is
// a button that shows its definition in the editor.

import type { MouseEvent } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { clockTime, offset } from '../../app/format.ts';
import type { AuthorPreview } from '../../worker/protocol.ts';
import { timeTicks, xDomainOf } from '../chart/chartMath.ts';
import type { PreviewPaneProps } from './PreviewPane.tsx';

interface Item {
  key: string;
  kind: 'change' | 'fault' | 'alert' | 'inject';
  id: string;
  fromSec: number;
  /** Bars end somewhere; markers do not. */
  toSec: number | null;
  tone: 'crit' | 'warn' | 'info' | 'purple' | 'ok';
  label: string;
  text: string;
}

const LANES: { kind: Item['kind']; title: string }[] = [
  { kind: 'change', title: 'Changes' },
  { kind: 'fault', title: 'Faults' },
  { kind: 'alert', title: 'Alerts' },
  { kind: 'inject', title: 'Injects' },
];

function itemsOf(p: AuthorPreview): Item[] {
  const end = p.previewSec;
  const items: Item[] = [];
  for (const c of p.changes) {
    items.push({
      key: `c-${c.id}`,
      kind: 'change',
      id: c.id,
      fromSec: c.atSec,
      toSec: null,
      tone: 'purple',
      label: c.id,
      text: `Change ${c.id} at ${offset(c.atSec)}: ${c.type}${c.service ? ` ${c.service}` : ''}${c.version ? ` ${c.version}` : ''} in ${c.env}. ${c.summary}`,
    });
  }
  for (const f of p.faults) {
    if (!f.active) continue;
    items.push({
      key: `f-${f.id}`,
      kind: 'fault',
      id: f.id,
      fromSec: f.startSec,
      toSec: f.endSec ?? end,
      tone: 'crit',
      label: `${f.id} · ${f.type}`,
      text: `Fault ${f.id} (${f.type} on ${f.target}) from ${offset(f.startSec)} ${f.endSec === null ? 'to the end' : `to ${offset(f.endSec)}`}`,
    });
  }
  p.alerts.forEach((a, k) => {
    items.push({
      key: `a-${a.id}-${k}`,
      kind: 'alert',
      id: a.id,
      fromSec: a.firedAtSec,
      toSec: a.resolvedAtSec ?? end,
      tone: a.severity === 'page' ? 'crit' : a.severity === 'ticket' ? 'warn' : 'info',
      label: a.id,
      text: `Alert ${a.id} (${a.severity}) fires at ${offset(a.firedAtSec)}${a.resolvedAtSec === null ? ', still firing at the end' : `, resolves at ${offset(a.resolvedAtSec)}`}`,
    });
  });
  for (const i of p.injects) {
    items.push({ key: `i-${i.id}`, kind: 'inject', id: i.id, fromSec: i.atSec, toSec: null, tone: 'info', label: i.id, text: `${i.kind} ${i.id} at ${offset(i.atSec)} from ${i.from}: ${i.subject}` });
  }
  return items;
}

const ROW_PX = 17;
/** Markers closer than this share of the axis go on separate rows, so their labels stay readable. */
const MARKER_GAP = 0.16;

/** Row of each item in its lane: one per id for bars (an alert's episodes share a row), packed for markers. */
function rowsFor(items: readonly Item[], x0: number, span: number): Map<string, number> {
  const rows = new Map<string, number>();
  const byId = new Map<string, number>();
  const lastAt: number[] = [];
  for (const i of [...items].sort((a, b) => a.fromSec - b.fromSec)) {
    if (i.toSec !== null) {
      if (!byId.has(i.id)) byId.set(i.id, byId.size);
      rows.set(i.key, byId.get(i.id) as number);
      continue;
    }
    const x = Math.max(0, (i.fromSec - x0) / span);
    let r = lastAt.findIndex((at) => x - at >= MARKER_GAP);
    if (r < 0) r = lastAt.length;
    lastAt[r] = x;
    rows.set(i.key, r);
  }
  return rows;
}

export function PreviewTimeline({ preview, onReveal }: { preview: AuthorPreview; onReveal?: PreviewPaneProps['onReveal'] }) {
  const { store } = useFiredrill();
  const range = useApp((s) => s.range);
  const now = useApp((s) => s.clock.nowSec);
  const crosshair = useApp((s) => s.crosshairSec);
  const [x0, x1] = xDomainOf(range, now);
  const span = Math.max(1, x1 - x0);
  const pct = (sec: number) => `${(((Math.max(x0, Math.min(x1, sec)) - x0) / span) * 100).toFixed(3)}%`;
  const start = preview.info.startEpochSec;
  const { ticks } = timeTicks(x0, x1, 8, start);
  const items = itemsOf(preview);

  const onMove = (e: MouseEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (r.width <= 0) return;
    const sec = Math.round(x0 + ((e.clientX - r.left) / r.width) * span);
    if (store.getState().crosshairSec !== sec) store.setState({ crosshairSec: sec });
  };
  const onLeave = () => store.setState({ crosshairSec: null });

  return (
    <section className="ptl" aria-label="Timeline">
      <div className="ptl-row ptl-axis" aria-hidden="true">
        <div className="ptl-lane-name" />
        <div className="ptl-track">
          {ticks.map((t) => (
            <span key={t} className="ptl-tick" style={{ left: pct(t) }}>
              {clockTime(start, t).slice(0, 5)}
            </span>
          ))}
        </div>
      </div>
      {LANES.map((lane) => {
        const mine = items.filter((i) => i.kind === lane.kind);
        const rowOf = rowsFor(mine, x0, span);
        const rows = Math.max(1, ...[...rowOf.values()].map((r) => r + 1));
        return (
          <div className="ptl-row" key={lane.kind} role="group" aria-label={lane.title}>
            <div className="ptl-lane-name">{lane.title}</div>
            <div className="ptl-track" style={{ height: rows * ROW_PX + 4 }} onMouseMove={onMove} onMouseLeave={onLeave}>
              {ticks.map((t) => (
                <span key={t} className="ptl-grid" style={{ left: pct(t) }} />
              ))}
              {mine.length === 0 && <span className="ptl-none faint">none</span>}
              {mine.map((i) => {
                const before = i.fromSec < x0;
                const after = i.fromSec > x1;
                if (i.toSec === null) {
                  return (
                    <button
                      key={i.key}
                      className={`ptl-marker tone-${i.tone}${before ? ' before' : ''}${after ? ' after' : ''}`}
                      style={{ left: pct(i.fromSec), top: (rowOf.get(i.key) ?? 0) * ROW_PX + 2 }}
                      title={i.text}
                      aria-label={i.text}
                      onClick={() => onReveal?.(i.kind, i.id)}
                    >
                      <span className="ptl-marker-label">{before ? `◂ ${offset(i.fromSec)} ${i.label}` : i.label}</span>
                    </button>
                  );
                }
                if (i.toSec < x0 || after) return null;
                const left = pct(i.fromSec);
                const width = `max(3px, calc(${pct(i.toSec)} - ${left}))`;
                return (
                  <button key={i.key} className={`ptl-bar tone-${i.tone}`} style={{ left, width, top: (rowOf.get(i.key) ?? 0) * ROW_PX + 2 }} title={i.text} aria-label={i.text} onClick={() => onReveal?.(i.kind, i.id)}>
                    <span className="ptl-bar-label">{i.label}</span>
                  </button>
                );
              })}
              {crosshair !== null && crosshair >= x0 && crosshair <= x1 && <span className="ptl-crosshair" style={{ left: pct(crosshair) }} />}
            </div>
          </div>
        );
      })}
    </section>
  );
}
