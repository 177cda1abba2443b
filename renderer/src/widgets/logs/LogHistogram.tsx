// Log volume over time, stacked by level (SVG: at most ~100 bars of five segments). Drag across
// it to zoom the shared time range to the brushed buckets; hover a bar for its counts.

import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { clockTime, duration, num } from '../../app/format.ts';
import { brushRange, layoutHistogram, secAt, STACK_ORDER } from './histogram.ts';
import { useElementWidth } from './useElementWidth.ts';
import type { Histogram } from './useLogVolume.ts';

const HEIGHT = 84;
const LEFT = 44;
const BOTTOM = 16;
const TOP = 4;

export interface LogHistogramProps {
  histogram: Histogram;
  startEpochSec: number;
  /** A brush: zoom the shared range to [fromSec, toSec). */
  onBrush(fromSec: number, toSec: number): void;
}

export function LogHistogram({ histogram, startEpochSec, onBrush }: LogHistogramProps) {
  const [box, width] = useElementWidth<HTMLDivElement>(800);
  const plotW = Math.max(50, width - LEFT - 8);
  const plotH = HEIGHT - TOP - BOTTOM;
  const { buckets, bucketSec, fromSec, toSec } = histogram;
  const layout = useMemo(() => layoutHistogram(buckets, bucketSec, fromSec, toSec, plotW, plotH, startEpochSec), [buckets, bucketSec, fromSec, toSec, plotW, plotH, startEpochSec]);
  const [drag, setDrag] = useState<{ x0: number; x1: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const svg = useRef<SVGSVGElement>(null);

  const plotX = (e: ReactPointerEvent): number => {
    const r = svg.current?.getBoundingClientRect();
    return r ? e.clientX - r.left - LEFT : 0;
  };
  const onDown = (e: ReactPointerEvent<SVGRectElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const x = plotX(e);
    setDrag({ x0: x, x1: x });
  };
  const onMove = (e: ReactPointerEvent<SVGRectElement>) => {
    const x = plotX(e);
    if (drag) setDrag({ ...drag, x1: x });
    const sec = secAt(x, plotW, fromSec, toSec);
    const i = layout.bars.findIndex((b) => sec >= b.startSec && sec < b.endSec);
    setHover(i >= 0 ? i : null);
  };
  const onUp = () => {
    if (!drag) return;
    const r = brushRange(drag.x0, drag.x1, plotW, fromSec, toSec, bucketSec);
    setDrag(null);
    if (r && (r.fromSec !== fromSec || r.toSec !== toSec)) onBrush(r.fromSec, r.toSec);
  };

  const hovered = hover === null ? undefined : layout.bars[hover];
  const total = Object.values(layout.totals).reduce((a, b) => a + b, 0);
  const label = `Log lines per ${duration(bucketSec)} by level, ${clockTime(startEpochSec, fromSec)} to ${clockTime(startEpochSec, toSec)}: ${num(total)} in all, at most ${num(layout.maxTotal)} per bar${histogram.estimated ? ' (estimated)' : ''}. Drag across it to zoom.`;
  return (
    <div className="log-histogram" ref={box}>
      <div className="log-histogram-legend" aria-hidden="true">
        {STACK_ORDER.slice()
          .reverse()
          .map((l) => (
            <span key={l} className={`legend-item lvl-${l}`} data-empty={layout.totals[l] === 0 || undefined}>
              <i className="swatch" />
              {l} <b>{num(layout.totals[l])}</b>
            </span>
          ))}
        <span className="faint">
          per {duration(bucketSec)}
          {histogram.estimated ? ' · estimated (range too long to count every line)' : ''}
          {histogram.pending > 0 ? ` · counting… ${Math.round((100 * histogram.buckets.length) / Math.max(1, histogram.buckets.length + histogram.pending))}%` : ''}
        </span>
      </div>
      <svg ref={svg} width={width} height={HEIGHT} role="img" aria-label={label} className="log-histogram-svg">
        <g transform={`translate(${LEFT},${TOP})`}>
          {layout.yTicks.map((t) => (
            <g key={t.value}>
              <line className="grid-line" x1={0} x2={plotW} y1={t.y} y2={t.y} />
              <text className="axis-label" x={-6} y={t.y} dy="0.32em" textAnchor="end">
                {num(t.value)}
              </text>
            </g>
          ))}
          {layout.bars.map((b, i) => (
            <g key={b.startSec} className={hover === i ? 'bar hovered' : 'bar'}>
              {b.segments.map((s) => (
                <rect key={s.level} className={`seg lvl-${s.level}`} x={b.x} y={s.y} width={b.width} height={s.height} />
              ))}
            </g>
          ))}
          {layout.xTicks.map((t) => (
            <text key={t.sec} className="axis-label" x={t.x} y={plotH + 12} textAnchor="middle">
              {bucketSec < 60 || t.sec % 60 !== 0 ? clockTime(startEpochSec, t.sec) : clockTime(startEpochSec, t.sec).slice(0, 5)}
            </text>
          ))}
          {drag && Math.abs(drag.x1 - drag.x0) > 1 && (
            <rect className="brush" x={Math.max(0, Math.min(drag.x0, drag.x1))} y={0} width={Math.min(plotW, Math.abs(drag.x1 - drag.x0))} height={plotH} />
          )}
          <rect
            className="hit"
            x={0}
            y={0}
            width={plotW}
            height={plotH}
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerLeave={() => setHover(null)}
            onPointerCancel={() => setDrag(null)}
          />
        </g>
      </svg>
      {hovered && !drag && (
        <div className="log-histogram-tip" style={{ left: Math.min(width - 190, LEFT + hovered.x + hovered.width + 6) }} role="tooltip">
          <div className="mono">
            {clockTime(startEpochSec, hovered.startSec)}–{clockTime(startEpochSec, hovered.endSec)}
          </div>
          {STACK_ORDER.slice()
            .reverse()
            .map((l) => {
              const c = hovered.segments.find((g) => g.level === l)?.count ?? 0;
              return c > 0 ? (
                <div key={l} className={`tip-row lvl-${l}`}>
                  <i className="swatch" />
                  <span>{l}</span>
                  <b className="mono">{num(c)}</b>
                </div>
              ) : null;
            })}
          <div className="tip-row">
            <span>total</span>
            <b className="mono">{num(hovered.total)}</b>
          </div>
        </div>
      )}
    </div>
  );
}

