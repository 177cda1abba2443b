// Totals over time: one line per scenario across the finished sessions in the order they were
// played (evenly spaced, so a month's gap does not squash a week of practice), 0–100 on y.

import { scaleLinear } from 'd3';
import { useWidth } from './PathTimeline.tsx';

export interface ProgressPoint {
  scenarioId: string;
  title: string;
  /** Wall-clock ms of the finish. */
  at: number;
  total: number;
}

const COLORS = ['var(--s1)', 'var(--s2)', 'var(--s3)', 'var(--s5)', 'var(--s6)', 'var(--s7)', 'var(--s4)', 'var(--s8)'];

export function ProgressChart({ sessions }: { sessions: readonly ProgressPoint[] }) {
  const [ref, width] = useWidth<HTMLDivElement>(480);
  const sorted = [...sessions].sort((a, b) => a.at - b.at);
  const ids = [...new Set(sorted.map((s) => s.scenarioId))];
  const h = 170;
  const left = 30;
  const right = Math.max(left + 60, width - 10);
  const top = 8;
  const bottom = h - 22;
  const x = scaleLinear().domain([0, Math.max(1, sorted.length - 1)]).range(sorted.length === 1 ? [(left + right) / 2, (left + right) / 2] : [left + 6, right - 6]);
  const y = scaleLinear().domain([0, 100]).range([bottom, top]);
  const day = (ms: number) => new Date(ms).toISOString().slice(5, 10);
  const labelEvery = Math.max(1, Math.ceil(sorted.length / Math.max(1, Math.floor((right - left) / 56))));

  return (
    <div ref={ref} className="pg-chart-wrap">
      <svg width={width} height={h} role="img" aria-label={`Totals of ${sorted.length} finished sessions over ${ids.length} scenario${ids.length === 1 ? '' : 's'}`}>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v} className="pg-ytick">
            <line x1={left} x2={right} y1={y(v)} y2={y(v)} />
            <text x={left - 4} y={y(v) + 3.5} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {sorted.map((s, i) =>
          i % labelEvery === 0 ? (
            <text key={`d${i}`} className="pg-xlabel" x={x(i)} y={h - 6} textAnchor="middle">
              {day(s.at)}
            </text>
          ) : null,
        )}
        {ids.map((id, k) => {
          const pts = sorted.map((s, i) => ({ s, i })).filter((p) => p.s.scenarioId === id);
          const color = COLORS[k % COLORS.length];
          return (
            <g key={id}>
              {pts.length > 1 && <polyline className="pg-line" points={pts.map((p) => `${x(p.i)},${y(p.s.total)}`).join(' ')} style={{ stroke: color }} />}
              {pts.map((p) => (
                <circle key={p.i} className="pg-dot" cx={x(p.i)} cy={y(p.s.total)} r={3.5} style={{ fill: color }}>
                  <title>{`${p.s.title}: ${p.s.total} (${new Date(p.s.at).toISOString().slice(0, 16).replace('T', ' ')} UTC)`}</title>
                </circle>
              ))}
            </g>
          );
        })}
      </svg>
      <ul className="pg-legend" aria-label="Scenarios">
        {ids.map((id, k) => (
          <li key={id}>
            <span className="pg-swatch" style={{ background: COLORS[k % COLORS.length] }} />
            {sorted.find((s) => s.scenarioId === id)?.title ?? id}
          </li>
        ))}
      </ul>
    </div>
  );
}
