// One unit of log generation: a service in an environment during one second. The generators
// for request lines, resource and fault lines, infrastructure lines and pod lifecycle lines all
// take a Unit and return pending lines; logs.ts stamps them into LogRecords.

import type { Stream } from '../random/rng.ts';
import type { ServiceDef } from '../scenario/schema.ts';
import type { Line } from './templates.ts';
import type { PodRecord } from './pods.ts';
import { hashWords } from './ids.ts';
import { hash32 } from '../random/rng.ts';
import type { Lang, View } from './view.ts';

export interface Unit {
  v: View;
  inst: number;
  svc: number;
  env: number;
  sec: number;
  svcId: string;
  envId: string;
  def: ServiceDef;
  lang: Lang;
  gateway: boolean;
  /** Pods serving requests this second (ready, reachable). */
  serving: PodRecord[];
  /** Pods whose process runs this second (serving or starting). */
  running: PodRecord[];
  r: Stream;
  /**
   * Set when the unit is read for its summary (summary.ts): `r` is then a stand-in for the
   * unit's stream wherever request lines would have drawn first, so generators must not let a
   * line count depend on a draw (they set `inexact` instead, and the unit is generated in full)
   * and must list in `extraText` every word a draw could have put in a line instead.
   */
  dry: boolean;
  inexact: boolean;
  extraText: string[];
}

export interface Pending {
  timeMs: number;
  line: Line;
  pod: string;
  traceId?: string;
  spanId?: string;
}

/** Stable per-unit hash for a named periodic line, so its phase differs between services. */
export function phaseOf(u: Unit, name: string, period: number): number {
  return phaseFor(u.svcId, u.envId, name, period);
}

export function phaseFor(svcId: string, envId: string, name: string, period: number): number {
  return hashWords(hash32(svcId), hash32(envId), hash32(name)) % period;
}

/** True once every `period` seconds, at a service-specific phase. */
export function every(u: Unit, name: string, period: number): boolean {
  return (u.sec - phaseOf(u, name, period)) % period === 0;
}

export function somePod(u: Unit, pods: PodRecord[] = u.serving.length > 0 ? u.serving : u.running): string | undefined {
  if (pods.length === 0) return undefined;
  return pods[Math.min(pods.length - 1, Math.floor(u.r.next() * pods.length))]?.name;
}

/** A time inside the unit's second. */
export function within(u: Unit, lo = 0, hi = 1): number {
  return u.sec * 1000 + Math.floor((lo + (hi - lo) * u.r.next()) * 1000);
}
