// Which pods existed at a past second, and what happened to them: queries over the history the
// simulation records as pods start, crash and go (SimState.podLog). The history says the same
// about a second however far the run has gone, so logs generated later match logs generated now.

import type { PodLife, PodRecord } from '../sim/state.ts';

export type { CrashReason, PodLife, PodRecord } from '../sim/state.ts';

export interface PodHistory {
  /** Per instance, in creation (id) order. */
  readonly byInst: readonly (readonly PodRecord[])[];
  readonly zoneNames: readonly string[];
}

/** The life of `p` covering second `sec` (started at or before it), or undefined. */
export function lifeAt(p: PodRecord, sec: number): PodLife | undefined {
  if (sec >= p.goneAt) return undefined;
  let found: PodLife | undefined;
  for (const l of p.lives) {
    if (l.startedAt <= sec) found = l;
    else break;
  }
  return found && sec <= found.endAt ? found : undefined;
}

/** Pods serving requests during second `sec` (ready, not crashed, not retired), `down` zones excluded. */
export function servingPods(h: PodHistory, inst: number, sec: number, downZones = 0): PodRecord[] {
  const out: PodRecord[] = [];
  for (const p of h.byInst[inst] ?? []) {
    if ((downZones & (1 << p.zone)) !== 0) continue;
    const l = lifeAt(p, sec);
    if (l && l.readyAt <= sec && sec < l.endAt) out.push(p);
  }
  return out;
}

/** Pods whose process runs during second `sec` (starting or serving), for lines not tied to a request. */
export function runningPods(h: PodHistory, inst: number, sec: number, downZones = 0): PodRecord[] {
  const out: PodRecord[] = [];
  for (const p of h.byInst[inst] ?? []) {
    if ((downZones & (1 << p.zone)) !== 0) continue;
    const l = lifeAt(p, sec);
    if (l && sec < l.endAt) out.push(p);
  }
  return out;
}
