// Deep links: `?play=<built-in id>&seed=<n>&at=<sec>&pane=<pane>&service=<id>&speed=<n>` starts a built-in
// scenario straight into the war room (game-day facilitators share them; the benchmarks and
// screenshots use them). Anything invalid is reported and ignored, never guessed.

import { PANES, type AppStore, type Pane } from '../state/store.ts';
import type { Controller } from '../state/controller.ts';
import { SPEEDS, type Speed } from '../worker/protocol.ts';
import type { SimClient } from '../bridge/simClient.ts';
import { BUILTINS } from './builtins.ts';

export interface DeepLink {
  play: string;
  seed?: number;
  at?: number;
  pane?: Pane;
  speed?: Speed;
  /** Opens this service's dashboard (overview pane) and focuses the explorers on it. */
  service?: string;
}

export function parseDeepLink(search: string): { link: DeepLink | null; problems: string[] } {
  const q = new URLSearchParams(search);
  const play = q.get('play');
  if (!play) return { link: null, problems: [] };
  const problems: string[] = [];
  if (!BUILTINS.some((b) => b.id === play)) return { link: null, problems: [`?play=${play}: no built-in scenario has that id`] };
  const link: DeepLink = { play };
  const int = (name: string): number | undefined => {
    const v = q.get(name);
    if (v === null) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      problems.push(`?${name}=${v}: expected a whole number ≥ 0`);
      return undefined;
    }
    return n;
  };
  link.seed = int('seed');
  link.at = int('at');
  const pane = q.get('pane');
  if (pane !== null) {
    if ((PANES as readonly string[]).includes(pane)) link.pane = pane as Pane;
    else problems.push(`?pane=${pane}: expected one of ${PANES.join(', ')}`);
  }
  const service = q.get('service');
  if (service !== null) link.service = service;
  const speed = int('speed');
  if (speed !== undefined) {
    if ((SPEEDS as readonly number[]).includes(speed)) link.speed = speed as Speed;
    else problems.push(`?speed=${speed}: expected one of ${SPEEDS.join(', ')}`);
  }
  return { link, problems };
}

export async function openDeepLink(link: DeepLink, store: AppStore, ctl: Controller, sim: SimClient): Promise<void> {
  const b = BUILTINS.find((x) => x.id === link.play);
  if (!b || !(await ctl.loadScenario(b))) return;
  await ctl.start(link.seed);
  if (link.at) store.setState({ clock: await sim.call('clock/advance', { toSec: link.at }) });
  if (link.pane) store.setState({ pane: link.pane });
  if (link.service) {
    const known = store.getState().scenario?.services.some((s) => s.id === link.service);
    if (known) store.setState((s) => ({ focus: { ...s.focus, service: link.service ?? null }, dashboardService: link.service ?? null }));
    else ctl.toast(`?service=${link.service}: no such service in ${link.play}`, 'error');
  }
  if (link.speed !== undefined) await ctl.setSpeed(link.speed);
}
