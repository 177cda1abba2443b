// Real time to simulated seconds. Wall time only decides *when* the clock moves, never what a
// second contains: the run depends on the action log and the seconds actions were taken at, so
// the same actions give the same run however the frames happened to fall.

import type { Speed } from './protocol.ts';

/** Most simulated seconds one tick may run: keeps the worker answering queries at 30x on slow machines. */
export const MAX_SEC_PER_TICK = 300;

export interface Carry {
  /** Simulated milliseconds owed but not yet run (always below 1000 after a step). */
  ms: number;
}

/**
 * Whole simulated seconds to run for `wallMs` of wall time at `speed`, updating the carry.
 * A backlog beyond MAX_SEC_PER_TICK is dropped rather than caught up: after the tab slept,
 * the trainee should see the clock carry on, not lurch through minutes of outage.
 */
export function secondsFor(carry: Carry, speed: Speed, wallMs: number): number {
  if (speed === 0 || !(wallMs > 0)) return 0;
  const owed = carry.ms + speed * wallMs;
  const whole = Math.floor(owed / 1000);
  if (whole > MAX_SEC_PER_TICK) {
    carry.ms = 0;
    return MAX_SEC_PER_TICK;
  }
  carry.ms = owed - whole * 1000;
  return whole;
}
