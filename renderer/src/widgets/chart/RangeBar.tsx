// The shared time range of every chart (and the log explorer): what it is, and a way back to
// "the whole run, following the clock" after a brush zoom.

import { useApp, useFiredrill } from '../../app/context.tsx';
import { clockTime, duration } from '../../app/format.ts';
import { isZoomed, xDomainOf } from './chartMath.ts';

export function RangeBar() {
  const { store } = useFiredrill();
  const range = useApp((s) => s.range);
  const start = useApp((s) => s.scenario?.startEpochSec ?? 0);
  // Following the clock: the text changes each simulated minute, not each tick.
  const nowMin = useApp((s) => (range.toSec === null ? Math.floor(s.clock.nowSec / 60) : 0));
  const zoomed = isZoomed(range);
  const [from, to] = xDomainOf(range, range.toSec ?? nowMin * 60);
  return (
    <div className="range-bar" role="group" aria-label="Time range">
      <span className="range-text mono" aria-live="off">
        {clockTime(start, from)} → {range.toSec === null ? 'now' : clockTime(start, to)}
        <span className="faint"> {range.toSec === null ? '(following the clock)' : `(${duration(to - from)})`}</span>
      </span>
      <button type="button" onClick={() => store.setState({ range: { fromSec: 0, toSec: null } })} disabled={!zoomed} title="Or double-click a chart">
        Reset zoom
      </button>
    </div>
  );
}
