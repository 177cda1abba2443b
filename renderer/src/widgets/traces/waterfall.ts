// A trace's waterfall arithmetic (no DOM): spans in tree order (each after its parent, siblings
// by start time), depth for indentation, what a collapsed span hides, time ticks, and a colour
// per service.

import type { Span, Trace } from '../../../../engine/src/index.ts';

export interface WaterfallRow {
  span: Span;
  depth: number;
  /** Spans under it (all descendants). */
  descendants: number;
  /** Start relative to the trace's start, ms. */
  offsetMs: number;
}

/** Spans in tree order. A span whose parent is not in the trace is shown as a root. */
export function treeOrder(trace: Trace): WaterfallRow[] {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const children = new Map<string, Span[]>();
  const roots: Span[] = [];
  for (const s of trace.spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else roots.push(s);
  }
  const byStart = (a: Span, b: Span) => a.startMs - b.startMs;
  const out: WaterfallRow[] = [];
  const visit = (s: Span, depth: number, seen: Set<string>): number => {
    if (seen.has(s.spanId)) return 0; // a cycle would be a generator bug; never loop on it
    seen.add(s.spanId);
    const row: WaterfallRow = { span: s, depth, descendants: 0, offsetMs: s.startMs - trace.startMs };
    out.push(row);
    let n = 0;
    for (const c of (children.get(s.spanId) ?? []).sort(byStart)) n += 1 + visit(c, depth + 1, seen);
    row.descendants = n;
    return n;
  };
  const seen = new Set<string>();
  for (const r of roots.sort(byStart)) visit(r, 0, seen);
  return out;
}

/** The rows left visible when the spans in `collapsed` hide their descendants. */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  const out: WaterfallRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as WaterfallRow;
    out.push(r);
    if (collapsed.has(r.span.spanId)) i += r.descendants;
  }
  return out;
}

const STEPS_MS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000];

/** Round tick positions over [0, durationMs], at most `maxTicks` of them (0 included). */
export function timeTicks(durationMs: number, maxTicks: number): number[] {
  const d = Math.max(durationMs, 0.001);
  const step = STEPS_MS.find((s) => d / s <= maxTicks) ?? (STEPS_MS[STEPS_MS.length - 1] as number);
  const out: number[] = [];
  for (let t = 0; t <= d + 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

/** "0.8 ms", "12 ms", "1.25 s": span durations need sub-millisecond precision. */
export function spanMs(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (v >= 1000) return `${Number((v / 1000).toPrecision(3))} s`;
  if (v >= 100) return `${Math.round(v)} ms`;
  if (v >= 10) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(2)} ms`;
}

const PALETTE = ['var(--s1)', 'var(--s2)', 'var(--s3)', 'var(--s5)', 'var(--s4)', 'var(--s7)', 'var(--s6)', 'var(--s8)'];

/** A colour per service, stable for a scenario: by the service's place in its list. */
export function serviceColor(service: string, allServices: readonly string[]): string {
  const i = allServices.indexOf(service);
  return PALETTE[(i >= 0 ? i : hash(service)) % PALETTE.length] as string;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) >>> 0;
  return h;
}
