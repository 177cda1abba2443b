// Mounts the real app (or any part of it) against an in-process worker and a memory platform,
// for component tests. The simulated clock moves only when the test calls `advanceWall`.

import { cleanup, render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { ActionRecord } from '../../../engine/src/index.ts';
import { inProcessSim, type InProcessSim } from '../bridge/inProcess.ts';
import { createMemoryPlatform, type MemoryPlatform } from '../bridge/memoryPlatform.ts';
import { createController, type Controller } from '../state/controller.ts';
import { createAppStore, type AppStore, type Services } from '../state/store.ts';
import { BUILTINS } from './builtins.ts';
import { FiredrillProvider } from './context.tsx';

export interface Harness {
  store: AppStore;
  ctl: Controller;
  services: Services;
  platform: MemoryPlatform;
  sim: InProcessSim;
  /** Steps wall time in 25 ms ticks (the worker's push cadence) and lets the pushes land. */
  advanceWall(ms: number): Promise<void>;
  /** Loads a built-in scenario, starts it and runs the clock to `toSec` (paused there). */
  startBuiltin(id: string, toSec?: number): Promise<void>;
  /** Moves the simulated clock (paused) to `toSec`, then `wallMs` of wall time so the pushes land. */
  advanceTo(toSec: number, wallMs?: number): Promise<void>;
  /** The observations recorded so far, of one target (`metrics`, `logs`…) or all. */
  observations(target?: string): Promise<ActionRecord[]>;
  mount(ui: ReactNode): RenderResult;
  dispose(): void;
}

export const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function createHarness(): Harness {
  let wall = 1_700_000_000_000;
  const sim = inProcessSim();
  const platform = createMemoryPlatform(() => wall);
  const services: Services = { sim: sim.client, platform, now: () => wall };
  const store = createAppStore();
  const ctl = createController(store, services);
  const h: Harness = {
    store,
    ctl,
    services,
    platform,
    sim,
    async advanceWall(ms) {
      for (let t = 0; t < ms; t += 25) {
        wall += 25;
        sim.timer.step(25);
      }
      for (let i = 0; i < 5; i++) await flush();
    },
    async startBuiltin(id, toSec = 0) {
      const b = BUILTINS.find((x) => x.id === id);
      if (!b) throw new Error(`no built-in scenario "${id}"`);
      if (!(await ctl.loadScenario(b))) throw new Error(`${id} does not load`);
      await ctl.start();
      if (toSec > 0) {
        store.setState({ clock: await sim.client.call('clock/advance', { toSec }) });
        sim.timer.step(25);
        for (let i = 0; i < 5; i++) await flush();
      }
    },
    async advanceTo(toSec, wallMs = 50) {
      store.setState({ clock: await sim.client.call('clock/advance', { toSec }) });
      await h.advanceWall(wallMs);
    },
    async observations(target) {
      const { actions } = await sim.client.call('query/timeline', {});
      return actions.filter((a) => a.type === 'observe' && (target === undefined || a.target === target));
    },
    mount(ui) {
      return render(<FiredrillProvider value={{ store, ctl, services }}>{ui}</FiredrillProvider>);
    },
    dispose() {
      ctl.dispose();
      sim.stop();
    },
  };
  return h;
}

const live: Harness[] = [];

/** A harness that `disposeHarnesses` disposes. */
export function trackedHarness(): Harness {
  const h = createHarness();
  live.push(h);
  return h;
}

/** A tracked harness with built-in `id` started and run to `atSec` (paused there). */
export async function startedHarness(id = 'checkout-bad-deploy', atSec = 900): Promise<Harness> {
  const h = trackedHarness();
  await h.startBuiltin(id, atSec);
  return h;
}

/** Unmounts what the test rendered and disposes every tracked harness: `afterEach(disposeHarnesses)`. */
export function disposeHarnesses(): void {
  cleanup();
  for (const h of live.splice(0)) h.dispose();
}
