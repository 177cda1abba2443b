import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../scenario/schema.ts';
import { createSim, podSuffix } from '../sim/sim.ts';
import { runningPods, servingPods } from './pods.ts';

describe('pod history', () => {
  it('records every pod the simulation ran: rollouts, restarts, scaling, drains and crash loops', () => {
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
    const h = { byInst: sim.state.podLog, zoneNames: sim.state.zoneNames };
    for (let i = 0; i < sim.model.nInst; i++) {
      // Today's pods are the last second's running pods, under the same names.
      const live = (sim.state.pods[i] ?? []).filter((p) => p.retireAtSec < 0 || p.retireAtSec > 1499);
      const running = runningPods(h, i, 1499).map((p) => p.id);
      for (const p of live) if (p.phase !== 2) expect(running).toContain(p.id);
      const names = (h.byInst[i] ?? []).filter((p) => live.some((l) => l.id === p.id)).map((p) => p.name.slice(-5));
      expect(names).toEqual(live.map((p) => podSuffix(p.id)));
    }
    // Crash loops leave several lives on one pod; serving pods at a past second never change.
    expect((h.byInst[1] ?? []).some((p) => p.lives.length > 1 && p.lives[0]?.endReason === 'OOMKilled')).toBe(true);
    const before = servingPods(h, 1, 500).map((p) => p.name);
    sim.runUntil(1800);
    expect(servingPods(h, 1, 500).map((p) => p.name)).toEqual(before);
    const api = sim.state.podLog[1] ?? [];
    expect(api.some((p) => p.version === 'v2.0.0')).toBe(true);
  });
});
