// Shared by the worker and bridge tests: the scenario the war room is first built against, and
// drivers that play a run the way the UI does (ticks of wall time at a speed, actions at the
// current second). Scenario text comes in through Vite's ?raw import: renderer/ has no node:fs.

import checkoutYaml from '../../../scenarios/checkout-bad-deploy.yaml?raw';
import { loadScenario, type Scenario } from '../../../engine/src/index.ts';
import { createSimHost, type SimHost } from './handlers.ts';
import type { Speed, TickPush } from './protocol.ts';

export const CHECKOUT_FILE = 'checkout-bad-deploy.yaml';
export const checkoutText: string = checkoutYaml;

export function checkoutScenario(): Scenario {
  const loaded = loadScenario(checkoutText, CHECKOUT_FILE);
  if (!loaded.ok) throw new Error(`fixture does not load: ${loaded.issues.map((i) => i.message).join('; ')}`);
  return loaded.scenario;
}

export function loadedHost(): SimHost {
  const host = createSimHost();
  const loaded = host.handle('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
  if (!loaded.ok) throw new Error('fixture does not load');
  return host;
}

export function startedHost(seed?: number): SimHost {
  const host = loadedHost();
  host.handle('sim/start', seed === undefined ? {} : { seed });
  return host;
}

/** The current second, cheaply: advancing to 0 never moves a clock that cannot run backwards. */
export function nowOf(host: SimHost): number {
  return host.handle('clock/advance', { toSec: 0 }).nowSec;
}

/**
 * Ticks wall time in `chunkMs` steps at `speed` until the clock reaches `sec`, collecting the
 * pushes. speed x chunkMs must stay at or under one simulated second per tick so the clock stops
 * exactly at `sec` (as a trainee's click lands on whatever second the clock shows).
 */
export function playTo(host: SimHost, sec: number, speed: Speed, chunkMs: number): TickPush[] {
  host.handle('clock/set', { speed });
  const pushes: TickPush[] = [];
  for (let guard = 0; nowOf(host) < sec; guard++) {
    if (guard > 10_000_000) throw new Error('playTo: the clock does not move');
    const p = host.tick(chunkMs);
    if (p) pushes.push(p);
  }
  host.handle('clock/set', { speed: 0 });
  const p = host.tick(0);
  if (p) pushes.push(p);
  return pushes;
}
