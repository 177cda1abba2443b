// The log lines, virtualised: only the rows in view (plus a few) are in the DOM, each at its
// offset in a spacer as tall as the whole list. Rows are one line (ROW_H) until expanded; an
// expanded row is measured once rendered. Keyboard: arrows, Page Up/Down, Home/End move between
// rows, Enter or Space expands.

import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { LogRecord } from '../../../../engine/src/index.ts';
import { clockTime } from '../../app/format.ts';
import { useElementHeight } from './useElementWidth.ts';

export const ROW_H = 21;
const OVERSCAN = 12;
/** An expanded row's height before it is measured (and where nothing is measured: jsdom). */
const EXPANDED_GUESS = 260;

/** A line's identity across refreshes (the same line fetched again keeps its expansion). */
export function recordKeys(records: readonly LogRecord[]): string[] {
  const seen = new Map<string, number>();
  return records.map((r) => {
    const base = `${r.timeMs}|${r.service}|${r.env}|${r.pod}|${r.spanId ?? ''}|${r.body.length}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n ? `${base}#${n}` : base;
  });
}

/** "09:44:59.951" */
export function lineTime(startEpochSec: number, timeMs: number): string {
  const sec = Math.floor(timeMs / 1000);
  return `${clockTime(startEpochSec, sec)}.${String(Math.floor(timeMs - sec * 1000)).padStart(3, '0')}`;
}

/** `text` with case-insensitive occurrences of `needle` marked. */
export function Highlight({ text, needle }: { text: string; needle?: string }) {
  if (!needle) return <>{text}</>;
  const lower = text.toLowerCase();
  const n = needle.toLowerCase();
  const out: ReactNode[] = [];
  let i = 0;
  for (let k = lower.indexOf(n); k >= 0 && out.length < 40; k = lower.indexOf(n, i)) {
    if (k > i) out.push(text.slice(i, k));
    out.push(<mark key={k}>{text.slice(k, k + n.length)}</mark>);
    i = k + n.length;
  }
  out.push(text.slice(i));
  return <>{out}</>;
}

export interface LogListProps {
  records: readonly LogRecord[];
  startEpochSec: number;
  /** Show each line's environment (the query spans several). */
  showEnv: boolean;
  /** Text to mark in the lines (the query's |= text). */
  highlight?: string;
  renderDetails(record: LogRecord): ReactNode;
  /** Shown after the last line (truncation notice, Load more). */
  footer?: ReactNode;
  /** Accessible name of the grid. */
  label: string;
  /** Changes with each new query: the list goes back to the top and collapses its rows. */
  resetKey: string;
  /** The reader scrolled away from the newest lines or expanded one (Live then pauses). */
  onReading?(): void;
}

function upperBound(offsets: Float64Array, v: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((offsets[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function LogList({ records, startEpochSec, showEnv, highlight, renderDetails, footer, label, resetKey, onReading }: LogListProps) {
  const keys = useMemo(() => recordKeys(records), [records]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const [viewport, viewH] = useElementHeight<HTMLDivElement>(600);
  const focusWanted = useRef(false);
  /** The first row in view and how far into it the view starts: kept in place as lines arrive above it. */
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const lastReset = useRef(resetKey);
  /** Scroll positions set here (anchoring, keyboard), not by the reader. */
  const ownScroll = useRef(-1);

  const offsets = useMemo(() => {
    const o = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      o[i + 1] = (o[i] as number) + (expanded.has(k) ? (heights.get(k) ?? EXPANDED_GUESS) : ROW_H);
    }
    return o;
  }, [keys, expanded, heights]);
  const total = offsets[keys.length] as number;
  const first = Math.max(0, upperBound(offsets, scrollTop) - 1 - OVERSCAN);
  const last = Math.min(keys.length, upperBound(offsets, scrollTop + viewH) + OVERSCAN);
  const activeIndex = Math.min(active, Math.max(0, keys.length - 1));

  const toggle = useCallback((key: string) => {
    onReading?.();
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  }, [onReading]);
  const measured = useCallback((key: string, h: number) => {
    setHeights((m) => (m.get(key) === h ? m : new Map(m).set(key, h)));
  }, []);

  // A new query starts at the top; a refresh (Live) keeps the line being read where it is.
  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    if (lastReset.current !== resetKey) {
      lastReset.current = resetKey;
      anchor.current = null;
      setExpanded(new Set());
      setActive(0);
      ownScroll.current = 0;
      el.scrollTop = 0;
      setScrollTop(0);
      return;
    }
    const a = anchor.current;
    if (!a || (el.scrollTop === 0 && expanded.size === 0)) return;
    const i = keys.indexOf(a.key);
    if (i < 0) return;
    const top = (offsets[i] ?? 0) + a.delta;
    if (Math.abs(top - el.scrollTop) >= 1) {
      ownScroll.current = Math.round(top);
      el.scrollTop = top;
      setScrollTop(el.scrollTop);
    }
    // Only when the lines change: scrolling moves the anchor instead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, resetKey]);
  useLayoutEffect(() => {
    const i = Math.max(0, upperBound(offsets, scrollTop) - 1);
    const k = keys[i];
    anchor.current = k === undefined ? null : { key: k, delta: scrollTop - (offsets[i] ?? 0) };
  });

  // Keep the active row in view and focused after keyboard moves.
  useEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    const el = viewport.current;
    if (!el) return;
    const top = offsets[activeIndex] ?? 0;
    const bottom = offsets[activeIndex + 1] ?? top + ROW_H;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (bottom > el.scrollTop + viewH) el.scrollTop = Math.max(0, bottom - viewH);
    setScrollTop(el.scrollTop);
    requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.focus({ preventScroll: true }));
  }, [activeIndex, offsets, viewH, viewport]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('.log-details')) return; // keys inside the details are theirs
    const page = Math.max(1, Math.floor(viewH / ROW_H) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    const d = moves[e.key];
    if (d !== undefined && keys.length > 0) {
      e.preventDefault();
      focusWanted.current = true;
      setActive(Math.max(0, Math.min(keys.length - 1, activeIndex + d)));
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && (e.target as HTMLElement).getAttribute('role') === 'row') {
      e.preventDefault();
      const k = keys[activeIndex];
      if (k) toggle(k);
    }
  };

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const r = records[i] as LogRecord;
    const k = keys[i] as string;
    rows.push(
      <LogRow
        key={k}
        rowKey={k}
        index={i}
        top={offsets[i] as number}
        record={r}
        open={expanded.has(k)}
        active={i === activeIndex}
        startEpochSec={startEpochSec}
        showEnv={showEnv}
        highlight={highlight}
        onToggle={toggle}
        onFocusRow={setActive}
        onMeasure={measured}
        details={expanded.has(k) ? renderDetails(r) : null}
      />,
    );
  }

  return (
    <div className="log-grid" role="grid" aria-label={label} aria-rowcount={records.length + 1} onKeyDown={onKeyDown}>
      <div className="log-row log-head" role="row" aria-rowindex={1}>
        <span role="columnheader">Time</span>
        <span role="columnheader">Service</span>
        <span role="columnheader">Level</span>
        <span role="columnheader">Line</span>
      </div>
      <div
        className="log-viewport"
        ref={viewport}
        role="rowgroup"
        onScroll={(e) => {
          const top = e.currentTarget.scrollTop;
          if (Math.abs(top - ownScroll.current) > 1 && top > 0) onReading?.();
          ownScroll.current = -1;
          setScrollTop(top);
        }}
      >
        <div className="log-spacer" style={{ height: total + (footer ? 44 : 0) }}>
          {rows}
          {footer && (
            <div className="log-footer" style={{ top: total }}>
              {footer}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

interface LogRowProps {
  rowKey: string;
  index: number;
  top: number;
  record: LogRecord;
  open: boolean;
  active: boolean;
  startEpochSec: number;
  showEnv: boolean;
  highlight?: string;
  details: ReactNode;
  onToggle(key: string): void;
  onFocusRow(index: number): void;
  onMeasure(key: string, height: number): void;
}

const LogRow = memo(function LogRow({ rowKey, index, top, record: r, open, active, startEpochSec, showEnv, highlight, details, onToggle, onFocusRow, onMeasure }: LogRowProps) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!open || !el) return;
    const h = el.offsetHeight;
    if (h > 0) onMeasure(rowKey, h);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (el.offsetHeight > 0) onMeasure(rowKey, el.offsetHeight);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [open, rowKey, onMeasure]);
  return (
    <div
      ref={ref}
      className={`log-line lvl-${r.severity}${open ? ' open' : ''}`}
      style={{ top }}
      role="row"
      aria-rowindex={index + 2}
      aria-expanded={open}
      aria-selected={active}
      tabIndex={active ? 0 : -1}
      data-index={index}
      onFocus={(e) => {
        if (e.target === e.currentTarget) onFocusRow(index);
      }}
    >
      <div
        className="log-row"
        onClick={() => {
          onFocusRow(index);
          onToggle(rowKey);
        }}
      >
        <span role="gridcell" className="c-time mono">
          {lineTime(startEpochSec, r.timeMs)}
        </span>
        <span role="gridcell" className="c-svc" title={`${r.service} (${r.env}) · ${r.pod}`}>
          {r.service}
          {showEnv && <span className="env-tag">{r.env}</span>}
        </span>
        <span role="gridcell" className="c-lvl mono">
          {r.severity}
        </span>
        <span role="gridcell" className="c-body mono">
          <Highlight text={r.body} needle={highlight} />
          {r.stack && <span className="stack-hint"> +stack</span>}
        </span>
      </div>
      {open && details}
    </div>
  );
});
