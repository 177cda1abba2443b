// Your path beside the expert's on one time axis: two lanes over the incident (impact shaded, the
// first page marked), then the same steps as rows, time by time, side by side. The expert's steps
// come with the scenario's pace (page → documented fix → recovery), explained under the lanes.

import { scaleLinear } from 'd3';
import { useEffect, useRef, useState } from 'react';
import { clockTime, duration, offset } from '../../app/format.ts';
import { timeTicks } from '../chart/chartMath.ts';
import { mergePaths, type ExpertPace, type PathStep } from './model.ts';

export interface PathTimelineProps {
  trainee: readonly PathStep[];
  pace: ExpertPace | null;
  /** The expert's steps without a pace (the scenario documents none): listed in order. */
  expertSteps: readonly string[];
  startEpochSec: number;
  impactSec: number | null;
  restoreSec: number | null;
  alertSec: number | null;
}

const LANE_H = 26;
const TOP = 8;
const LABEL_W = 64;

/** Width of the element, following resizes (a fallback where there is no layout, as in tests). */
export function useWidth<T extends HTMLElement>(fallback: number): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [w, setW] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (width > 0) setW(width);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

export function PathTimeline(p: PathTimelineProps) {
  const [wrapRef, width] = useWidth<HTMLDivElement>(900);
  const [hover, setHover] = useState<number | null>(null);
  const expert = p.pace?.steps ?? [];
  const times = [...p.trainee.map((t) => t.atSec), ...expert.map((e) => e.atSec), p.impactSec ?? 0, p.restoreSec ?? 0];
  const lo = Math.min(0, ...times);
  const hi = Math.max(...times) + 60;
  const x = scaleLinear().domain([lo, hi]).range([LABEL_W, Math.max(LABEL_W + 100, width - 12)]);
  const h = TOP + LANE_H * 2 + 22;
  const { ticks } = timeTicks(lo, hi, Math.max(2, Math.floor((width - LABEL_W) / 70)), p.startEpochSec);
  const rows = mergePaths(p.trainee, expert);
  // The trainee's steps of one second share a dot (with their count).
  const groups = rows.filter((r) => r.trainee.length > 0);
  const laneY = (lane: 0 | 1) => TOP + LANE_H * lane + LANE_H / 2;

  return (
    <div className="db-path">
      <div ref={wrapRef} className="db-path-lanes">
        <svg width={width} height={h} role="img" aria-label={`Timeline: your ${p.trainee.length} steps and the expert's ${expert.length || p.expertSteps.length} steps on one time axis`}>
          {p.impactSec !== null && (
            <rect className="db-impact-band" x={x(p.impactSec)} y={TOP - 2} width={Math.max(2, x(p.restoreSec ?? hi) - x(p.impactSec))} height={LANE_H * 2 + 4}>
              <title>{`User impact ${clockTime(p.startEpochSec, p.impactSec)} → ${p.restoreSec === null ? 'the end of the run' : clockTime(p.startEpochSec, p.restoreSec)}`}</title>
            </rect>
          )}
          {[0, 1].map((lane) => (
            <g key={lane}>
              <line className="db-lane-line" x1={LABEL_W} x2={x(hi)} y1={laneY(lane as 0 | 1)} y2={laneY(lane as 0 | 1)} />
              <text className="db-lane-label" x={4} y={laneY(lane as 0 | 1) + 4}>
                {lane === 0 ? 'You' : 'Expert'}
              </text>
            </g>
          ))}
          {p.alertSec !== null && (
            <g>
              <line className="db-alert-line" x1={x(p.alertSec)} x2={x(p.alertSec)} y1={TOP - 4} y2={TOP + LANE_H * 2 + 2} />
              <title>{`First page ${clockTime(p.startEpochSec, p.alertSec)}`}</title>
            </g>
          )}
          {ticks.map((t) => (
            <g key={t} className="db-tick">
              <line x1={x(t)} x2={x(t)} y1={TOP + LANE_H * 2} y2={TOP + LANE_H * 2 + 4} />
              <text x={x(t)} y={h - 4} textAnchor="middle">
                {clockTime(p.startEpochSec, t).slice(0, 5)}
              </text>
            </g>
          ))}
          {groups.map((g) => {
            const observeOnly = g.trainee.every((t) => t.startsWith('looked at'));
            return (
              <g key={`t${g.atSec}`} onMouseEnter={() => setHover(g.atSec)} onMouseLeave={() => setHover(null)}>
                <circle className={`db-dot you${observeOnly ? ' observe' : ''}${hover === g.atSec ? ' hot' : ''}`} cx={x(g.atSec)} cy={laneY(0)} r={observeOnly ? 3.5 : 5} />
                {g.trainee.length > 1 && (
                  <text className="db-dot-count" x={x(g.atSec) + 7} y={laneY(0) - 5}>
                    {g.trainee.length}
                  </text>
                )}
                <title>{`${clockTime(p.startEpochSec, g.atSec)}\n${g.trainee.join('\n')}`}</title>
              </g>
            );
          })}
          {expert.map((e, i) => (
            <g key={`e${i}`} onMouseEnter={() => setHover(e.atSec)} onMouseLeave={() => setHover(null)}>
              <circle className={`db-dot expert${e.paced ? ' paced' : ''}${hover === e.atSec ? ' hot' : ''}`} cx={x(e.atSec)} cy={laneY(1)} r={7} />
              <text className={`db-dot-num${e.paced ? ' paced' : ''}`} x={x(e.atSec)} y={laneY(1) + 3.5} textAnchor="middle">
                {i + 1}
              </text>
              <title>{`${e.paced ? '≈ ' : ''}${clockTime(p.startEpochSec, e.atSec)} ${e.text}`}</title>
            </g>
          ))}
        </svg>
      </div>
      {p.pace ? (
        <p className="faint db-note">
          The expert’s times are the scenario’s pace, not a recording: step 1 at the first page ({clockTime(p.startEpochSec, p.pace.startSec)}), the fix by its documented fix time ({clockTime(p.startEpochSec, p.pace.fixSec)}), the last step once the SLIs are back ({clockTime(p.startEpochSec, p.pace.endSec)}); steps marked ≈ are spaced evenly between.
        </p>
      ) : (
        <p className="faint db-note">The scenario documents no pace for its expert path: the expert’s steps are listed in order after your path.</p>
      )}
      <table className="grid db-path-table" aria-label="Your path and the expert path, side by side">
        <thead>
          <tr>
            <th>Time</th>
            <th>You</th>
            <th>Expert</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.atSec} className={hover === r.atSec ? 'hot' : undefined} onMouseEnter={() => setHover(r.atSec)} onMouseLeave={() => setHover(null)}>
              <td className="mono db-when">
                {clockTime(p.startEpochSec, r.atSec)} <span className="faint">{offset(r.atSec)}</span>
              </td>
              <td className="db-wrap">
                {r.trainee.map((t, i) => (
                  <div key={i} className={t.startsWith('looked at') ? 'muted' : undefined}>
                    {t}
                  </div>
                ))}
              </td>
              <td className="db-wrap">
                {r.expert.map((e) => (
                  <div key={e.text}>
                    <span className="db-step-num">{expert.indexOf(e) + 1}</span> {e.paced && <span className="faint" title="Spaced evenly between the page and the documented fix">≈ </span>}
                    {e.text}
                  </div>
                ))}
              </td>
            </tr>
          ))}
          {!p.pace &&
            p.expertSteps.map((s, i) => (
              <tr key={`x${i}`}>
                <td className="faint">{i === 0 ? 'in order' : ''}</td>
                <td />
                <td className="db-wrap">
                  <span className="db-step-num">{i + 1}</span> {s}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      {p.impactSec !== null && (
        <p className="faint db-note">
          Shaded: user impact, {duration((p.restoreSec ?? hi) - p.impactSec)} from {clockTime(p.startEpochSec, p.impactSec)}. Red line: the first page.
        </p>
      )}
    </div>
  );
}
