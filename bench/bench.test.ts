// Smoke tests for the benchmark's own parts: the DES must reproduce Erlang C (else its verdicts
// on the engine mean nothing), and the synthetic topologies must be valid and run cleanly.
// No timing assertions: wall time depends on the machine.

import { describe, expect, it } from 'vitest';
import { createSim, ScenarioSchema, summarize } from '../engine/src/index.ts';
import { desModelFromScenario, desStats, runDes } from './des.ts';
import { ACCURACY_CASES } from './accuracy.ts';
import { mmc } from './theory.ts';
import { syntheticScenario } from './topology.ts';

/** Paths of every number in `value` that is NaN or infinite. */
function nonFinite(value: unknown, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, k) => nonFinite(v, `${path}[${k}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

describe('reference DES', () => {
  it('matches Erlang C for M/M/4 at rho 0.8 (mean 87.3 ms)', () => {
    const model = { services: [{ id: 'api', servers: 4, meanMs: 50, calls: [] }], entries: [{ service: 0, rps: 64 }] };
    const [stats] = desStats(model, [runDes(model, { seed: 1, warmupSec: 60, measureSec: 600 })]);
    expect(mmc(4, 50, 64).meanMs).toBeCloseTo(87.28, 1);
    expect(Math.abs((stats?.meanMs ?? 0) / 87.3 - 1)).toBeLessThan(0.08);
    expect(Math.abs((stats?.utilisation ?? 0) / 0.8 - 1)).toBeLessThan(0.05);
  });

  it('reads the accuracy scenarios it is given', () => {
    for (const c of ACCURACY_CASES) expect(() => desModelFromScenario(ScenarioSchema.parse(c.scenario))).not.toThrow();
  });
});

describe('synthetic topologies', () => {
  it.each([10, 30, 200, 1000])('%i services: schema-valid, acyclic, every service reachable', (n) => {
    const s = ScenarioSchema.parse(syntheticScenario(n, 1));
    expect(s.services).toHaveLength(n);
    const index = new Map(s.services.map((svc, i) => [svc.id, i]));
    const called = new Set<string>();
    s.services.forEach((svc, i) => {
      for (const c of svc.calls) {
        // Calls only go down the layers (to later services): the graph is acyclic by construction.
        expect(index.get(c.to)).toBeGreaterThan(i);
        if (c.onMiss) expect(index.get(c.onMiss)).toBeGreaterThan(i);
        called.add(c.to);
      }
    });
    const idle = s.services.filter((svc) => svc.type !== 'gateway' && svc.type !== 'worker' && !called.has(svc.id));
    expect(idle.map((svc) => svc.id)).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    expect(syntheticScenario(30, 1, 5)).toEqual(syntheticScenario(30, 1, 5));
    expect(syntheticScenario(30, 1, 5)).not.toEqual(syntheticScenario(30, 1, 6));
  });

  it('30 services run 10 simulated minutes with no NaN in the summary', () => {
    const sim = createSim(ScenarioSchema.parse(syntheticScenario(30, 1)));
    sim.runUntil(600);
    const summary = summarize(sim);
    expect(nonFinite(summary)).toEqual([]);
    expect(summary.services.every((svc) => svc.requests > 0)).toBe(true);
  });
});
