// The service map's layout: columns by call depth from the gateways, deterministic, no overlaps,
// and every edge pointing left to right; label placement without collisions.

import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, trackedHarness } from '../../app/testing.tsx';
import type { ServiceInfo } from '../../worker/protocol.ts';
import { placeLabels } from './geometry.ts';
import { NODE_H, NODE_W, assignLayers, layoutTopology, topologyEdges, type TopoLayout } from './layout.ts';

afterEach(disposeHarnesses);

async function servicesOf(id: string): Promise<ServiceInfo[]> {
  const h = trackedHarness();
  const { BUILTINS } = await import('../../app/builtins.ts');
  const b = BUILTINS.find((x) => x.id === id);
  if (!b || !(await h.ctl.loadScenario(b))) throw new Error(`${id} does not load`);
  return h.store.getState().scenario?.services ?? [];
}

const svc = (id: string, type: ServiceInfo['type'], calls: string[] = [], extra: Partial<ServiceInfo> = {}): ServiceInfo => ({
  id,
  type,
  version: 'v1',
  replicas: 1,
  zones: [],
  calls: calls.map((to) => ({ to, perRequest: 1, timeoutMs: 1000, retries: 0, critical: true })),
  ...extra,
});

const layerOf = (l: TopoLayout, id: string): number | undefined => l.nodes.find((n) => n.id === id)?.layer;

function expectNoOverlap(l: TopoLayout): void {
  for (const a of l.nodes) {
    for (const b of l.nodes) {
      if (a === b) continue;
      const apart = a.x + NODE_W <= b.x || b.x + NODE_W <= a.x || a.y + NODE_H <= b.y || b.y + NODE_H <= a.y;
      expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
    }
  }
}

describe('layoutTopology', () => {
  it('puts checkout-bad-deploy in columns by call depth from the gateway', async () => {
    const l = layoutTopology(await servicesOf('checkout-bad-deploy'));
    expect(l.layers).toHaveLength(4);
    expect(l.layers[0]).toEqual(['edge']);
    expect([...(l.layers[1] ?? [])].sort()).toEqual(['catalog', 'checkout']);
    expect([...(l.layers[2] ?? [])].sort()).toEqual(['cart-cache', 'catalog-db', 'order-events', 'orders-db', 'payments', 'search']);
    // The fulfilment worker consumes the order-events topic: one column further.
    expect(l.layers[3]).toEqual(['fulfilment']);
    expect(l.edges.find((e) => e.from === 'order-events' && e.to === 'fulfilment')?.kind).toBe('consumes');
    expect(l.edges.every((e) => !e.back)).toBe(true);
    expectNoOverlap(l);
    // Columns run left to right.
    for (const n of l.nodes) expect(n.x).toBe((l.nodes.find((m) => m.layer === n.layer) as { x: number }).x);
    expect(l.nodes.filter((n) => n.layer === 1).every((n) => n.x > (l.nodes.find((m) => m.id === 'edge')?.x ?? Infinity))).toBe(true);
  });

  it('lays out game-retry-storm (22 services, two gateways) with every edge pointing right', async () => {
    const services = await servicesOf('game-retry-storm');
    const l = layoutTopology(services);
    expect(l.nodes).toHaveLength(services.length);
    expect([...(l.layers[0] ?? [])].sort()).toEqual(['edge', 'login-edge']);
    for (const e of l.edges) expect(layerOf(l, e.to) as number, `${e.from} → ${e.to}`).toBeGreaterThan(layerOf(l, e.from) as number);
    // Longest path: store calls inventory, so inventory sits right of store although edge calls it too.
    expect(layerOf(l, 'inventory')).toBe((layerOf(l, 'store') as number) + 1);
    // A cache miss falls through to the database: drawn as its own edge so the database is not an orphan.
    expect(l.edges.find((e) => e.from === 'inventory' && e.to === 'inventory-db')?.kind).toBe('miss');
    expectNoOverlap(l);
  });

  it('is deterministic and independent of anything but the services', async () => {
    const services = await servicesOf('game-retry-storm');
    const a = layoutTopology(services);
    const b = layoutTopology(structuredClone(services));
    expect(b).toEqual(a);
    expect(JSON.stringify(layoutTopology(services))).toBe(JSON.stringify(a));
  });

  it('handles cycles, services nothing calls and scenarios without gateways', () => {
    const cyclic = [svc('gw', 'gateway', ['a']), svc('a', 'api', ['b']), svc('b', 'api', ['a', 'db']), svc('db', 'database'), svc('cron', 'worker', ['db'])];
    const l = layoutTopology(cyclic);
    expect(layerOf(l, 'gw')).toBe(0);
    expect(layerOf(l, 'a')).toBe(1);
    expect(layerOf(l, 'b')).toBe(2);
    expect(layerOf(l, 'db')).toBe(3);
    expect(l.edges.find((e) => e.from === 'b' && e.to === 'a')?.back).toBe(true);
    // The cron worker sits just left of what it calls, not with the gateways.
    expect(layerOf(l, 'cron')).toBe(2);
    expectNoOverlap(l);

    const noGateway = [svc('api', 'api', ['db']), svc('db', 'database')];
    const { layer } = assignLayers(noGateway, topologyEdges(noGateway));
    expect(layer.get('api')).toBe(0);
    expect(layer.get('db')).toBe(1);
    expect(layoutTopology([]).nodes).toEqual([]);
  });
});

describe('placeLabels', () => {
  it('keeps labels off each other and off the nodes, hiding one that finds no room', () => {
    const nodes = layoutTopology([svc('gw', 'gateway', ['a']), svc('a', 'api')]).nodes;
    const a = nodes.find((n) => n.id === 'a') as { x: number; y: number };
    const spots = placeLabels(
      [
        { key: 'one', x: 200, y: 20, width: 60, height: 14, priority: 0 },
        { key: 'two', x: 205, y: 22, width: 60, height: 14, priority: 1 },
        { key: 'three', x: 210, y: 21, width: 60, height: 14, priority: 0 },
        { key: 'on-node', x: a.x + NODE_W / 2, y: a.y + NODE_H / 2, width: NODE_W + 40, height: NODE_H + 60, priority: 0 },
      ],
      nodes,
    );
    // The failing (higher priority) label keeps its spot; the others move.
    expect(spots.get('two')).toBe(22);
    const ys = ['one', 'two', 'three'].map((k) => spots.get(k));
    expect(ys.every((y) => y !== null)).toBe(true);
    const sorted = (ys as number[]).slice().sort((p, q) => p - q);
    for (let i = 1; i < sorted.length; i++) expect((sorted[i] as number) - (sorted[i - 1] as number)).toBeGreaterThanOrEqual(14);
    expect(spots.get('on-node')).toBeNull();
  });
});
