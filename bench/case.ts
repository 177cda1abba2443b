// One performance case, run by bench/run.ts in a fresh process so its heap numbers are its own:
//   node --expose-gc --import tsx bench/case.ts <services> <hours> [seed]
// Prints one JSON line (CaseResult) on stdout.

import { pathToFileURL } from 'node:url';
import { createSim, ScenarioSchema, type Scenario, type Sim } from '../engine/src/index.ts';
import { syntheticScenario } from './topology.ts';

export interface PerfCaseResult {
  services: number;
  /** Calls between services (edges of the call graph). */
  calls: number;
  hours: number;
  ticks: number;
  /** createSim plus every runUntil, without the heap sampling between chunks (JIT warm). */
  wallMs: number;
  /** The first simulated hour in the fresh process, before any warm-up: JIT compilation included. */
  coldHourMs: number;
  /** Largest heapUsed + arrayBuffers seen before each collection (what the process held). */
  peakHeapMb: number;
  /** The same after a forced collection: the live set. Equal to peak without --expose-gc. */
  liveHeapMb: number;
  gcExposed: boolean;
  /** Share of entry requests that failed: a health check that the system is not overloaded. */
  entryErrorRatio: number;
}

/** Simulated seconds between heap samples. */
const CHUNK_SEC = 600;
/** Simulated seconds run untimed first, so JIT compilation is not billed to the case. */
const WARMUP_SEC = 300;
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / MB;
}

export function runPerfCase(services: number, hours: number, seed = 1): PerfCaseResult {
  const scenario = ScenarioSchema.parse(syntheticScenario(services, hours, seed));
  const coldHourMs = warmUp(scenario, Math.min(3600, Math.round(hours * 3600)));
  let peak = heapMb();
  let live = peak;
  const sample = () => {
    peak = Math.max(peak, heapMb());
    if (gc) {
      gc();
      live = Math.max(live, heapMb());
    } else {
      live = peak;
    }
  };
  sample();

  const durationSec = Math.round(hours * 3600);
  let wallMs = 0;
  let t0 = performance.now();
  const sim = createSim(scenario);
  for (let t = CHUNK_SEC; ; t += CHUNK_SEC) {
    sim.runUntil(Math.min(t, durationSec));
    wallMs += performance.now() - t0;
    sample();
    if (t >= durationSec) break;
    t0 = performance.now();
  }
  const calls = scenario.services.reduce((n, svc) => n + svc.calls.length, 0);
  return { services, calls, hours, ticks: sim.nowSec, wallMs, coldHourMs, peakHeapMb: peak, liveHeapMb: live, gcExposed: gc !== undefined, entryErrorRatio: entryErrors(sim) };
}

/**
 * Times the first `sec` simulated seconds in this fresh process (JIT compiling as it goes), then
 * keeps warming for WARMUP_SEC more runs so the measured run sees optimised code.
 */
function warmUp(scenario: Scenario, sec: number): number {
  const t0 = performance.now();
  const cold = createSim(scenario, { durationSec: sec });
  cold.runUntil(sec);
  const ms = performance.now() - t0;
  const sim = createSim(scenario, { durationSec: WARMUP_SEC });
  sim.runUntil(WARMUP_SEC);
  return ms;
}

function entryErrors(sim: Sim): number {
  const I = sim.state.inst;
  let received = 0;
  let failed = 0;
  for (const tr of sim.model.scenario.traffic) {
    const i = sim.model.svcIndex.get(tr.entry) ?? -1;
    received += I.received[i] ?? 0;
    failed += I.failed[i] ?? 0;
  }
  return received > 0 ? failed / received : 0;
}

function main(argv: string[]): void {
  const [services, hours, seed] = argv.map(Number);
  if (!services || !hours) throw new Error('usage: case.ts <services> <hours> [seed]');
  process.stdout.write(`${JSON.stringify(runPerfCase(services, hours, seed || 1))}\n`);
}

// Run only as a script, so run.ts and tests can import the types and runPerfCase.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
