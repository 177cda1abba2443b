// A time-series chart for dashboards: d3 computes the scales and shapes, two canvases draw
// (the plot, and an overlay for the crosshair and the brush), and the store drives everything
// that moves without re-rendering React: the clock (the x domain follows it), the shared range,
// the shared crosshair and the markers are read in a store subscription that schedules a
// redraw in the next animation frame. React renders only when the data changes.
//
// Interactions: hover writes the shared crosshair (every chart draws it; the hovered one shows a
// tooltip with the values, nearby markers and firing alerts); drag across the plot to zoom all
// charts to that range; double-click to reset the zoom.

import { area as d3area, line as d3line } from 'd3';
import { useCallback, useEffect, useId, useLayoutEffect, useRef, type MouseEvent, type PointerEvent, type ReactNode } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { clockTime, offset, withUnit } from '../../app/format.ts';
import type { AppState } from '../../state/store.ts';
import {
  axisLabels,
  bandsAt,
  brushRange,
  buildMarkers,
  chartSummary,
  linear,
  markersNear,
  nearestIndex,
  stackSeries,
  timeTicks,
  visibleSlice,
  xDomainOf,
  yTicksOf,
  yDomainOf,
  type AlertBand,
  type ChartSeries,
  type MarkerScope,
  type PointMarker,
  type Threshold,
} from './chartMath.ts';
import { cancelDraw, scheduleDraw, themeColor } from './frame.ts';
import './chart.css';

export interface PinTarget {
  service: string;
  env: string;
  metric: string;
}

export interface TimeSeriesChartProps {
  title: string;
  /** What the chart is about, for its accessible name and pin label (e.g. "checkout · prod"). */
  subject?: string;
  /** Keep the subject out of the header (a dashboard that names it once). */
  hideSubject?: boolean;
  series: ChartSeries[];
  /** Sample times, run seconds, ascending. */
  times: ArrayLike<number>;
  /** Unit of the values, for axes and tooltips (see format.ts withUnit). */
  unit: string;
  /** Plot height in CSS pixels (axes included), or 'fill' to take the height its flex parent leaves. */
  height?: number | 'fill';
  thresholds?: Threshold[];
  /** Draw the series stacked (areas). */
  stacked?: boolean;
  /** Fill under the lines. */
  area?: boolean;
  /** Fixed y ends; omitted ends follow the data. */
  yMin?: number;
  yMax?: number;
  /** Start the y axis at zero for non-negative data (default true). */
  yZero?: boolean;
  /** Value formatting for axes and tooltips; default: withUnit(value, unit). */
  format?: (v: number) => string;
  /** Markers to show (changes, alerts, actions); null for none. */
  markers?: MarkerScope | null;
  /** Shows a "Pin as evidence" button pinning this metric. */
  pin?: PinTarget;
  /** Inline legend under the plot (default: when there is more than one series). */
  legend?: boolean;
  /** Loading or error text shown over an empty plot. */
  status?: string | null;
  /** Extra controls in the header. */
  actions?: ReactNode;
  className?: string;
}

interface Geometry {
  x: ReturnType<typeof linear>;
  y: ReturnType<typeof linear>;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Tops of the stacked layers (stacked charts), else null. */
  stacks: Float64Array[] | null;
  points: PointMarker[];
  bands: AlertBand[];
  /** The clock when this was drawn, and the wall time (performance.now) it was drawn at. */
  drawnNow: number;
  drawnAt: number;
}

const FONT_PX = 11;
/** Least wall time between redraws that only follow the clock, ms. */
const FOLLOW_MS = 100;

function fmtFor(p: Pick<TimeSeriesChartProps, 'unit' | 'format'>): (v: number) => string {
  return p.format ?? ((v) => withUnit(v, p.unit));
}

export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { store, ctl } = useFiredrill();
  const titleId = useId();
  const wrapRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overRef = useRef<HTMLCanvasElement>(null);
  const tipRef = useRef<HTMLDivElement>(null);
  const offRef = useRef<HTMLSpanElement>(null);
  const propsRef = useRef(props);
  const sizeRef = useRef({ w: 0, h: 0, dpr: 1 });
  const geomRef = useRef<Geometry | null>(null);
  /** Pointer state: hovered pixel, drag start. */
  const ptrRef = useRef<{ px: number; py: number; hovered: boolean; dragFrom: number | null }>({ px: 0, py: 0, hovered: false, dragFrom: null });

  const height = props.height ?? 160;

  // -------------------------------------------------------------------------------------------
  // Drawing

  const drawBase = useCallback((): void => {
    const canvas = baseRef.current;
    const { w, h, dpr } = sizeRef.current;
    if (!canvas || w <= 0 || h <= 0) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const p = propsRef.current;
    const st = store.getState();
    const fmt = fmtFor(p);
    const start = st.scenario?.startEpochSec ?? 0;
    const [x0, x1] = xDomainOf(st.range, st.clock.nowSec);
    const times = p.times;
    const n = times.length;
    const [i0, i1] = visibleSlice(times, x0, x1);
    const stacks = p.stacked ? stackSeries(p.series.map((s) => s.values), n) : null;
    const top = 12;
    const bottom = h - 18;
    const thresholds = p.thresholds ?? [];
    const yTickCount = Math.max(2, Math.min(6, Math.floor((bottom - top) / 28)));
    const yDom = yDomainOf(stacks ?? p.series.map((s) => s.values), i0, i1, { min: p.yMin, max: p.yMax, zero: p.yZero, unit: p.unit, thresholds: thresholds.map((t) => t.value), ticks: yTickCount });
    const font = themeColor('--font');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = `${FONT_PX}px ${font}`;
    const y = linear(yDom, [bottom, top]);
    const yTicks = yTicksOf(yDom, yTickCount, p.unit);
    const yLabels = p.format ? yTicks.map(p.format) : axisLabels(yTicks, p.unit, fmt);
    let labelW = 0;
    for (const l of yLabels) labelW = Math.max(labelW, ctx.measureText(l).width);
    const left = Math.ceil(labelW) + 10;
    const right = w - 8;
    const x = linear([x0, x1], [left, right]);

    const grid = themeColor('--border');
    const faint = themeColor('--text-faint');
    const muted = themeColor('--text-muted');

    // Grid and y labels.
    ctx.lineWidth = 1;
    ctx.strokeStyle = grid;
    ctx.fillStyle = faint;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.beginPath();
    yTicks.forEach((t, k) => {
      const py = Math.round(y(t)) + 0.5;
      ctx.moveTo(left, py);
      ctx.lineTo(right, py);
      ctx.fillText(yLabels[k] as string, left - 6, py);
    });
    // Time ticks.
    const { ticks: xTicks, step } = timeTicks(x0, x1, Math.max(2, Math.floor((right - left) / 70)), start);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of xTicks) {
      const px = Math.round(x(t)) + 0.5;
      ctx.moveTo(px, top);
      ctx.lineTo(px, bottom);
      const label = step < 60 ? clockTime(start, t) : clockTime(start, t).slice(0, 5);
      const half = ctx.measureText(label).width / 2;
      if (px - half >= left - 4 && px + half <= w) ctx.fillText(label, px, bottom + 4);
    }
    ctx.globalAlpha = 0.5;
    ctx.stroke();
    ctx.globalAlpha = 1;

    // Markers' inputs.
    const { points, bands } = p.markers
      ? buildMarkers({ events: st.events, actions: st.actions, alerts: st.alerts, rules: st.scenario?.alerts ?? [], scope: p.markers, nowSec: st.clock.nowSec })
      : { points: [], bands: [] };

    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top - 6, right - left, bottom - top + 6);
    ctx.clip();

    // Alert bands: a faint region and a strip along the top.
    for (const b of bands) {
      if (b.toSec < x0 || b.fromSec > x1) continue;
      const bx0 = Math.max(left, x(b.fromSec));
      const bx1 = Math.min(right, Math.max(x(b.toSec), bx0 + 2));
      ctx.fillStyle = themeColor(`--${b.tone}`);
      ctx.globalAlpha = 0.06;
      ctx.fillRect(bx0, top, bx1 - bx0, bottom - top);
      ctx.globalAlpha = 0.85;
      ctx.fillRect(bx0, top - 5, bx1 - bx0, 3);
      ctx.globalAlpha = 1;
    }

    // Series.
    if (n > 0 && i1 > i0) {
      const idx: number[] = [];
      for (let i = i0; i < i1; i++) idx.push(i);
      const tx = (i: number) => x(times[i] as number);
      if (stacks) {
        for (let k = stacks.length - 1; k >= 0; k--) {
          const topK = stacks[k] as Float64Array;
          const below = k > 0 ? (stacks[k - 1] as Float64Array) : null;
          const color = themeColor((p.series[k] as ChartSeries).color);
          ctx.fillStyle = color;
          ctx.globalAlpha = 0.35;
          ctx.beginPath();
          d3area<number>()
            .x(tx)
            .y0((i) => y(below ? (below[i] as number) : 0))
            .y1((i) => y(topK[i] as number))
            .context(ctx)(idx);
          ctx.fill();
          ctx.globalAlpha = 1;
          ctx.strokeStyle = color;
          ctx.lineWidth = 1.25;
          ctx.beginPath();
          d3line<number>()
            .x(tx)
            .y((i) => y(topK[i] as number))
            .context(ctx)(idx);
          ctx.stroke();
        }
      } else {
        const base = y(Math.max(yDom[0], Math.min(0, yDom[1])));
        for (const s of p.series) {
          const v = s.values;
          const color = themeColor(s.color);
          const defined = (i: number) => Number.isFinite(v[i] as number);
          if (p.area) {
            ctx.fillStyle = color;
            ctx.globalAlpha = 0.18;
            ctx.beginPath();
            d3area<number>()
              .defined(defined)
              .x(tx)
              .y0(base)
              .y1((i) => y(v[i] as number))
              .context(ctx)(idx);
            ctx.fill();
            ctx.globalAlpha = 1;
          }
          ctx.strokeStyle = color;
          ctx.lineWidth = s.dashed ? 1 : 1.5;
          ctx.setLineDash(s.dashed ? [4, 3] : []);
          ctx.beginPath();
          d3line<number>()
            .defined(defined)
            .x(tx)
            .y((i) => y(v[i] as number))
            .context(ctx)(idx);
          ctx.stroke();
          ctx.setLineDash([]);
        }
      }
    }

    // Threshold lines, labelled at the right on a backing so they stay readable over the data;
    // those outside the domain get only the label, at the edge they lie beyond.
    const bg = themeColor('--bg-raised');
    const label = (text: string, px: number, py: number, color: string): void => {
      const tw = ctx.measureText(text).width;
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = bg;
      ctx.fillRect(px - tw - 3, py - 1, tw + 6, FONT_PX + 3);
      ctx.globalAlpha = 1;
      ctx.fillStyle = color;
      ctx.fillText(text, px, py);
    };
    ctx.textBaseline = 'top';
    ctx.textAlign = 'right';
    const offRange: { text: string; tone: string }[] = [];
    for (const t of thresholds) {
      const color = themeColor(`--${t.tone}`);
      if (t.value > yDom[1] || t.value < yDom[0]) {
        offRange.push({ text: `${t.value > yDom[1] ? '▲' : '▼'} ${t.label} ${fmt(t.value)}`, tone: t.tone });
        continue;
      }
      const py = Math.round(y(t.value)) + 0.5;
      ctx.strokeStyle = color;
      ctx.lineWidth = 1;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(left, py);
      ctx.lineTo(right, py);
      ctx.stroke();
      ctx.setLineDash([]);
      label(`${t.label} ${fmt(t.value)}`, right - 2, py - top < FONT_PX + 6 ? py + 3 : py - FONT_PX - 3, color);
    }

    // Point markers: changes (purple, triangle) and the trainee's actions (accent, circle).
    for (const m of points) {
      if (m.atSec < x0 || m.atSec > x1) continue;
      const px = Math.round(x(m.atSec)) + 0.5;
      const color = themeColor(m.kind === 'action' ? '--accent' : '--purple');
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = 1;
      ctx.setLineDash(m.kind === 'action' ? [2, 2] : [4, 3]);
      ctx.globalAlpha = 0.8;
      ctx.beginPath();
      ctx.moveTo(px, top);
      ctx.lineTo(px, bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      ctx.beginPath();
      if (m.kind === 'action') {
        ctx.arc(px, top - 2, 3, 0, Math.PI * 2);
      } else {
        ctx.moveTo(px - 4, top - 6);
        ctx.lineTo(px + 4, top - 6);
        ctx.lineTo(px, top);
        ctx.closePath();
      }
      ctx.fill();
    }
    ctx.restore();

    if (n === 0 || i1 <= i0) {
      ctx.fillStyle = muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(p.status ?? 'No data in this range', (left + right) / 2, (top + bottom) / 2);
    }

    // Thresholds beyond the axis are named in the header instead (touching the DOM only on change).
    const off = offRef.current;
    const offKey = offRange.map((o) => o.text).join('|');
    if (off && off.dataset.key !== offKey) {
      off.dataset.key = offKey;
      off.replaceChildren(
        ...offRange.map((o) => {
          const e = document.createElement('span');
          e.className = `tone-${o.tone}`;
          e.textContent = o.text;
          e.title = 'Threshold beyond the shown axis';
          return e;
        }),
      );
    }

    geomRef.current = { x, y, x0, x1, top, bottom, left, right, stacks, points, bands, drawnNow: st.clock.nowSec, drawnAt: performance.now() };
  }, [store]);

  const updateTip = useCallback((): void => {
    const tip = tipRef.current;
    const g = geomRef.current;
    const ptr = ptrRef.current;
    if (!tip) return;
    const st = store.getState();
    if (!g || !ptr.hovered || ptr.dragFrom !== null || st.crosshairSec === null) {
      tip.hidden = true;
      return;
    }
    const p = propsRef.current;
    const fmt = fmtFor(p);
    const sec = st.crosshairSec;
    const start = st.scenario?.startEpochSec ?? 0;
    const i = nearestIndex(p.times, sec);
    const rows: HTMLElement[] = [];
    const head = document.createElement('div');
    head.className = 'tsc-tip-time';
    head.textContent = `${clockTime(start, sec)}  ${offset(sec)}`;
    rows.push(head);
    if (i >= 0 && Math.abs((p.times[i] as number) - sec) <= 15) {
      for (const s of p.series) {
        const row = document.createElement('div');
        row.className = 'tsc-tip-row';
        const sw = document.createElement('span');
        sw.className = 'tsc-swatch';
        sw.style.background = themeColor(s.color);
        const label = document.createElement('span');
        label.className = 'tsc-tip-label';
        label.textContent = s.label;
        const val = document.createElement('span');
        val.className = 'tsc-tip-value';
        const v = s.values[i] as number;
        val.textContent = Number.isFinite(v) ? fmt(v) : '–';
        row.append(sw, label, val);
        rows.push(row);
      }
    }
    const near = markersNear(g.points, ptr.px, g.x, 5);
    for (const m of near.slice(0, 4)) {
      const row = document.createElement('div');
      row.className = `tsc-tip-marker ${m.kind}`;
      row.textContent = `${clockTime(start, m.atSec)} ${m.label}`;
      rows.push(row);
    }
    for (const b of bandsAt(g.bands, sec).slice(0, 3)) {
      const row = document.createElement('div');
      row.className = `tsc-tip-marker alert tone-${b.tone}`;
      row.textContent = b.label;
      rows.push(row);
    }
    tip.replaceChildren(...rows);
    tip.hidden = false;
    const { w } = sizeRef.current;
    const tw = tip.offsetWidth;
    const leftPx = ptr.px + 14 + tw > w ? Math.max(0, ptr.px - 14 - tw) : ptr.px + 14;
    tip.style.transform = `translate(${Math.round(leftPx)}px, ${Math.round(Math.max(0, Math.min(ptr.py - 10, g.bottom - 40)))}px)`;
  }, [store]);

  const drawOverlay = useCallback((): void => {
    const canvas = overRef.current;
    const g = geomRef.current;
    const { w, h, dpr } = sizeRef.current;
    if (!canvas || !g || w <= 0) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const p = propsRef.current;
    const st = store.getState();
    const ptr = ptrRef.current;
    if (ptr.dragFrom !== null) {
      const a = Math.max(g.left, Math.min(g.right, ptr.dragFrom));
      const b = Math.max(g.left, Math.min(g.right, ptr.px));
      ctx.fillStyle = themeColor('--accent');
      ctx.globalAlpha = 0.15;
      ctx.fillRect(Math.min(a, b), g.top, Math.abs(b - a), g.bottom - g.top);
      ctx.globalAlpha = 0.8;
      ctx.strokeStyle = themeColor('--accent');
      ctx.strokeRect(Math.min(a, b) + 0.5, g.top + 0.5, Math.abs(b - a), g.bottom - g.top - 1);
      ctx.globalAlpha = 1;
    }
    const sec = st.crosshairSec;
    if (sec !== null && sec >= g.x0 && sec <= g.x1) {
      const px = Math.round(g.x(sec)) + 0.5;
      ctx.strokeStyle = themeColor('--text-muted');
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, g.top);
      ctx.lineTo(px, g.bottom);
      ctx.stroke();
      const i = nearestIndex(p.times, sec);
      if (i >= 0 && Math.abs((p.times[i] as number) - sec) <= 15) {
        const cx = g.x(p.times[i] as number);
        p.series.forEach((s, k) => {
          const v = g.stacks ? (g.stacks[k]?.[i] as number) : (s.values[i] as number);
          if (!Number.isFinite(v)) return;
          const cy = g.y(v);
          if (cy < g.top - 1 || cy > g.bottom + 1) return;
          ctx.fillStyle = themeColor(s.color);
          ctx.beginPath();
          ctx.arc(cx, cy, 3, 0, Math.PI * 2);
          ctx.fill();
        });
      }
    }
    if (ptr.hovered) updateTip();
  }, [store, updateTip]);

  const redrawAll = useCallback((): void => {
    drawBase();
    drawOverlay();
  }, [drawBase, drawOverlay]);

  // Data changed: redraw after the DOM settles.
  useLayoutEffect(() => {
    propsRef.current = props;
    scheduleDraw(redrawAll);
  });

  // Size (device pixels) from the wrapper; jsdom has no ResizeObserver and no layout: nothing is drawn there.
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const apply = (w: number, h: number): void => {
      const dpr = window.devicePixelRatio || 1;
      sizeRef.current = { w, h, dpr };
      for (const c of [baseRef.current, overRef.current]) {
        if (!c) continue;
        c.width = Math.max(1, Math.round(w * dpr));
        c.height = Math.max(1, Math.round(h * dpr));
        c.style.width = `${w}px`;
        c.style.height = `${h}px`;
      }
      scheduleDraw(redrawAll);
    };
    const r = wrap.getBoundingClientRect();
    if (r.width > 0) apply(Math.floor(r.width), Math.floor(r.height));
    if (typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver((entries) => {
      const e = entries[0];
      if (!e) return;
      const w = Math.floor(e.contentRect.width);
      const h = Math.floor(e.contentRect.height);
      if (w !== sizeRef.current.w || h !== sizeRef.current.h || (window.devicePixelRatio || 1) !== sizeRef.current.dpr) apply(w, h);
    });
    ro.observe(wrap);
    // A window moved to a screen with another pixel ratio keeps its CSS size: re-apply then too.
    const dprQuery = window.matchMedia?.(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    const onDpr = (): void => apply(sizeRef.current.w, sizeRef.current.h);
    dprQuery?.addEventListener?.('change', onDpr);
    return () => {
      ro.disconnect();
      dprQuery?.removeEventListener?.('change', onDpr);
      cancelDraw(redrawAll);
    };
  }, [redrawAll]);

  // The clock, the range, the crosshair and the markers move without React.
  useEffect(() => {
    let trailing: ReturnType<typeof setTimeout> | null = null;
    const onChange = (s: AppState, prev: AppState): void => {
      const p = propsRef.current;
      const g = geomRef.current;
      const moved =
        s.range !== prev.range ||
        s.scenario !== prev.scenario ||
        (Boolean(p.markers) && (s.events !== prev.events || s.actions !== prev.actions || s.alerts !== prev.alerts));
      // The clock moves the open end of the x axis (and of firing alert bands). Redraw for it once
      // the picture has moved by a pixel, and at most every FOLLOW_MS of wall time (at 30x a
      // clock tick moves it by a fraction of a pixel); a trailing redraw catches the last move.
      const follows = s.range.toSec === null || (Boolean(p.markers) && s.alerts.some((a) => a.resolvedAtSec === null));
      if (!moved && s.clock.nowSec !== prev.clock.nowSec && follows && g) {
        const px = Math.abs(s.clock.nowSec - g.drawnNow) * ((g.right - g.left) / Math.max(1, g.x1 - g.x0));
        if (px >= 1) {
          const wait = FOLLOW_MS - (performance.now() - g.drawnAt);
          if (wait <= 0) scheduleDraw(redrawAll);
          else if (trailing === null) {
            trailing = setTimeout(() => {
              trailing = null;
              scheduleDraw(redrawAll);
            }, wait);
          }
        }
      }
      if (moved) scheduleDraw(redrawAll);
      else if (s.crosshairSec !== prev.crosshairSec) scheduleDraw(drawOverlay);
    };
    const unsubscribe = store.subscribe(onChange);
    return () => {
      unsubscribe();
      if (trailing !== null) clearTimeout(trailing);
    };
  }, [store, redrawAll, drawOverlay]);

  useEffect(
    () => () => {
      cancelDraw(redrawAll);
      cancelDraw(drawOverlay);
      // Leaving while hovered must not leave the other charts a crosshair nobody points at.
      if (ptrRef.current.hovered && store.getState().crosshairSec !== null) store.setState({ crosshairSec: null });
    },
    [store, redrawAll, drawOverlay],
  );

  // -------------------------------------------------------------------------------------------
  // Pointer

  const localPos = (e: PointerEvent | MouseEvent): { px: number; py: number } => {
    const r = (wrapRef.current as HTMLDivElement).getBoundingClientRect();
    return { px: e.clientX - r.left, py: e.clientY - r.top };
  };

  const setCrosshairAt = (px: number): void => {
    const g = geomRef.current;
    if (!g) return;
    const p = propsRef.current;
    const clamped = Math.max(g.left, Math.min(g.right, px));
    let sec = g.x.invert(clamped);
    const i = nearestIndex(p.times, sec);
    if (i >= 0) {
      const t = p.times[i] as number;
      if (t >= g.x0 && t <= g.x1 && Math.abs(g.x(t) - clamped) < 24) sec = t;
    }
    sec = Math.round(sec);
    if (store.getState().crosshairSec !== sec) store.setState({ crosshairSec: sec });
    else scheduleDraw(drawOverlay);
  };

  const onPointerMove = (e: PointerEvent): void => {
    const { px, py } = localPos(e);
    const ptr = ptrRef.current;
    ptr.px = px;
    ptr.py = py;
    ptr.hovered = true;
    if (ptr.dragFrom !== null) {
      scheduleDraw(drawOverlay);
      return;
    }
    setCrosshairAt(px);
  };

  const onPointerLeave = (): void => {
    const ptr = ptrRef.current;
    if (ptr.dragFrom !== null) return;
    ptr.hovered = false;
    if (tipRef.current) tipRef.current.hidden = true;
    if (store.getState().crosshairSec !== null) store.setState({ crosshairSec: null });
  };

  const onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    const g = geomRef.current;
    const { px } = localPos(e);
    if (!g || px < g.left || px > g.right) return;
    ptrRef.current.dragFrom = px;
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    if (tipRef.current) tipRef.current.hidden = true;
  };

  const onPointerUp = (e: PointerEvent): void => {
    const ptr = ptrRef.current;
    const g = geomRef.current;
    if (ptr.dragFrom === null) return;
    const { px } = localPos(e);
    const from = ptr.dragFrom;
    ptr.dragFrom = null;
    (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
    if (g) {
      const r = brushRange(Math.max(g.left, Math.min(g.right, from)), Math.max(g.left, Math.min(g.right, px)), g.x);
      if (r) store.setState({ range: r, crosshairSec: null });
    }
    scheduleDraw(drawOverlay);
  };

  const onDoubleClick = (): void => {
    store.setState({ range: { fromSec: 0, toSec: null } });
  };

  // -------------------------------------------------------------------------------------------
  // DOM

  const label = chartSummary(props.title, props.subject, props.series, fmtFor(props));
  const pin = props.pin;
  const pinned = useApp((s) =>
    pin ? s.pinned.some((e) => e.ref.kind === 'metric' && e.ref.service === pin.service && e.ref.env === pin.env && e.ref.metric === pin.metric) : false,
  );
  const onPin = (): void => {
    if (!pin) return;
    const what = `${props.title} · ${pin.service} · ${pin.env}`;
    ctl.pin({ ref: { kind: 'metric', service: pin.service, env: pin.env, metric: pin.metric }, label: `${what} (${pin.metric})`, atSec: store.getState().clock.nowSec });
    ctl.toast(`Pinned “${what}” as evidence`);
  };
  const showLegend = props.legend ?? props.series.length > 1;

  return (
    <section className={`tsc${height === 'fill' ? ' fill' : ''} ${props.className ?? ''}`} aria-labelledby={titleId}>
      <header className="tsc-head">
        <h3 id={titleId} className="tsc-title" title={props.title}>
          {props.title}
        </h3>
        {props.subject && !props.hideSubject && <span className="tsc-subject">{props.subject}</span>}
        <span className="grow" />
        <span ref={offRef} className="tsc-off" />
        {props.actions}
        {pin && (
          <button
            type="button"
            className="ghost tsc-pin"
            aria-pressed={pinned}
            aria-label={`Pin as evidence: ${props.title}${props.subject ? `, ${props.subject}` : ''}`}
            title={pinned ? 'Pinned as evidence' : 'Pin as evidence'}
            onClick={onPin}
          >
            {pinned ? 'Pinned' : 'Pin'}
          </button>
        )}
      </header>
      <div
        ref={wrapRef}
        className="tsc-plot"
        role="img"
        aria-label={label}
        style={height === 'fill' ? { flex: '1 1 auto', minHeight: 200 } : { height }}
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onDoubleClick={onDoubleClick}
      >
        <canvas ref={baseRef} aria-hidden="true" />
        <canvas ref={overRef} aria-hidden="true" />
        <div ref={tipRef} className="tsc-tip" hidden />
      </div>
      {showLegend && (
        <ul className="tsc-legend" aria-label={`${props.title} series`}>
          {props.series.map((s) => (
            <li key={s.label}>
              <span className={`tsc-swatch${s.dashed ? ' dashed' : ''}`} style={{ background: s.color, color: s.color }} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
