import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../scenario/schema.ts';
import { createSim, podSuffix } from '../sim/sim.ts';
import { buildPodHistory, liveIds } from './pods.ts';

describe('pod history replay', () => {
  it('rebuilds the same pods as the simulation: rollouts, restarts, scaling, drains and crash loops', () => {
    const s = ScenarioSchema.parse({
      apiVersion: 'firedrill/v1',
      kind: 'Scenario',
      metadata: { id: 'pods', title: 'Pods', summary: 'Pod churn.', difficulty: 'beginner', durationMinutes: 30, objectives: ['pods'] },
      seed: 3,
      start: '2026-03-10T09:30:00Z',
      services: [
        { id: 'web', type: 'gateway', replicas: 2, concurrency: 50, serviceTimeMs: 2, calls: [{ to: 'api' }] },
        { id: 'api', type: 'api', replicas: 3, concurrency: 10, serviceTimeMs: 10, startupSec: 20, memory: { baselineMb: 300, limitMb: 400 } },
      ],
      traffic: [{ entry: 'web', rps: 30 }],
      changes: [{ id: 'd1', at: '3m', type: 'deploy', service: 'api', version: 'v2.0.0', summary: 'new' }],
      faults: [{ id: 'leak', type: 'memoryLeak', target: 'api', start: '1m', params: { mbPerMinute: 60 } }],
    });
    const sim = createSim(s);
    sim.schedule([
      { atSec: 400, type: 'restart', target: 'api' },
      { atSec: 600, type: 'scale', target: 'api', params: { replicas: 5 } },
      { atSec: 800, type: 'drainZone', target: 'b' },
      { atSec: 1000, type: 'scale', target: 'web', params: { replicas: 1 } },
      { atSec: 1100, type: 'rollback', target: 'api' },
    ]);
    sim.runUntil(1500);
    expect(sim.recorder.timeline.some((e) => e.kind === 'podCrash')).toBe(true);
    const h = buildPodHistory(sim.model, sim.state.zoneNames, sim.recorder.timeline);
    for (let i = 0; i < sim.model.nInst; i++) {
      const live = (sim.state.pods[i] ?? []).filter((p) => p.retireAtSec < 0).map((p) => p.id);
      expect(liveIds(h, i)).toEqual(live);
      const names = (h.byInst[i] ?? []).filter((p) => live.includes(p.id)).map((p) => p.name.slice(-5));
      expect(names).toEqual(live.map(podSuffix));
    }
    const api = h.byInst[1] ?? [];
    expect(api.some((p) => p.version === 'v2.0.0')).toBe(true);
  });
});
