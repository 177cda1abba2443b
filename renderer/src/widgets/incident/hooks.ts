// Shared reads for the incident widgets.

import { useMemo } from 'react';
import { useApp } from '../../app/context.tsx';
import { useSimQuery } from '../../app/useSimQuery.ts';
import { clockTime } from '../../app/format.ts';
import type { ChangeView } from '../../worker/protocol.ts';
import { buildBoard, incidentSummary } from './model.ts';

const NO_CHANGES: ChangeView[] = [];

/** The change feed so far (refreshed each scrape while `active`); a background read, not an observation. */
export function useChanges(active = true): ChangeView[] {
  const scrape = useApp((s) => s.scrape);
  const q = useSimQuery(active ? (sim) => sim.call('query/changes', {}) : null, [active, scrape]);
  return q.data ?? NO_CHANGES;
}

export function useIncident() {
  const actions = useApp((s) => s.actions);
  return useMemo(() => incidentSummary(actions), [actions]);
}

export function useBoard() {
  const actions = useApp((s) => s.actions);
  return useMemo(() => buildBoard(actions), [actions]);
}

/** "09:42:10" (UTC wall time of the run) for a second of the run. */
export function useClockFormat(): (sec: number) => string {
  const start = useApp((s) => s.scenario?.startEpochSec ?? 0);
  return useMemo(() => (sec: number) => clockTime(start, sec), [start]);
}
