// The service map's layout: a pure, deterministic layered (Sugiyama-style) drawing. Columns are
// call depth from the gateways (longest path, so a data store sits right of everything that calls
// it), rows come from a few barycenter sweeps that reduce crossings, ties broken by declaration
// order. Same services in, same coordinates out: health refreshes never move a node.

import type { ServiceInfo } from '../../worker/protocol.ts';

export type TopoEdgeKind = 'call' | 'miss' | 'consumes';

export interface TopoEdge {
  from: string;
  to: string;
  /** call: a declared call; miss: a cache miss read from the fallback; consumes: a queue's consumer. */
  kind: TopoEdgeKind;
  /** Non-critical calls fail soft (drawn dashed). */
  critical: boolean;
  /** The edge points backwards or within a column (only possible in unvalidated scenarios). */
  back: boolean;
}

export interface TopoNode {
  id: string;
  type: ServiceInfo['type'];
  layer: number;
  /** Position within its layer, top to bottom. */
  order: number;
  /** Top-left corner of the node box. */
  x: number;
  y: number;
}

export interface TopoLayout {
  nodes: TopoNode[];
  edges: TopoEdge[];
  /** Service ids per layer, top to bottom. */
  layers: string[][];
  width: number;
  height: number;
}

export const NODE_W = 168;
export const NODE_H = 46;
export const COL_GAP = 100;
export const ROW_GAP = 16;

/** The map's edges: declared calls, cache-miss fallbacks not already called, queue consumers. */
export function topologyEdges(services: readonly ServiceInfo[]): Omit<TopoEdge, 'back'>[] {
  const ids = new Set(services.map((s) => s.id));
  const out: Omit<TopoEdge, 'back'>[] = [];
  const seen = new Set<string>();
  const add = (e: Omit<TopoEdge, 'back'>): void => {
    const key = `${e.from}\u0000${e.to}`;
    if (e.from === e.to || !ids.has(e.from) || !ids.has(e.to) || seen.has(key)) return;
    seen.add(key);
    out.push(e);
  };
  for (const s of services) for (const c of s.calls) add({ from: s.id, to: c.to, kind: 'call', critical: c.critical });
  for (const s of services) for (const c of s.calls) if (c.onMiss) add({ from: s.id, to: c.onMiss, kind: 'miss', critical: c.critical });
  for (const s of services) if (s.consumes) add({ from: s.consumes, to: s.id, kind: 'consumes', critical: true });
  return out;
}

/**
 * Column of each service: 0 for gateways (or, without gateways, for services nothing calls), then
 * the longest call path from there. Services nothing reaches sit one column left of their first
 * callee. Edges closing a cycle are ignored for the depth (and reported as back edges).
 */
export function assignLayers(services: readonly ServiceInfo[], edges: readonly Omit<TopoEdge, 'back'>[]): { layer: Map<string, number>; backEdges: Set<number> } {
  const ids = services.map((s) => s.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const succ: number[][] = ids.map(() => []);
  edges.forEach((e, k) => succ[index.get(e.from) ?? 0]?.push(k));

  const hasIncoming = new Set(edges.map((e) => e.to));
  let roots = services.filter((s) => s.type === 'gateway').map((s) => s.id);
  if (roots.length === 0) roots = ids.filter((id) => !hasIncoming.has(id));
  if (roots.length === 0 && ids.length > 0) roots = [ids[0] as string];

  // Depth-first from the roots (then from anything left, in declaration order) to find the
  // edges that close a cycle.
  const state = new Int8Array(ids.length); // 0 new, 1 on the stack, 2 done
  const backEdges = new Set<number>();
  const visit = (start: number): void => {
    const stack: { v: number; next: number }[] = [{ v: start, next: 0 }];
    state[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { v: number; next: number };
      const ks = succ[top.v] ?? [];
      if (top.next >= ks.length) {
        state[top.v] = 2;
        stack.pop();
        continue;
      }
      const k = ks[top.next++] as number;
      const w = index.get((edges[k] as TopoEdge).to) as number;
      if (state[w] === 1) backEdges.add(k);
      else if (state[w] === 0) {
        state[w] = 1;
        stack.push({ v: w, next: 0 });
      }
    }
  };
  for (const r of roots) if (state[index.get(r) as number] === 0) visit(index.get(r) as number);
  for (let i = 0; i < ids.length; i++) if (state[i] === 0) visit(i);

  // Longest path over the acyclic rest, in topological order (Kahn, lowest index first).
  const indeg = new Int32Array(ids.length);
  edges.forEach((e, k) => {
    const w = index.get(e.to) as number;
    if (!backEdges.has(k)) indeg[w] = (indeg[w] as number) + 1;
  });
  const ready: number[] = [];
  for (let i = 0; i < ids.length; i++) if (indeg[i] === 0) ready.push(i);
  const topo: number[] = [];
  const depth = new Int32Array(ids.length);
  while (ready.length > 0) {
    ready.sort((a, b) => b - a);
    const v = ready.pop() as number;
    topo.push(v);
    for (const k of succ[v] ?? []) {
      if (backEdges.has(k)) continue;
      const w = index.get((edges[k] as TopoEdge).to) as number;
      depth[w] = Math.max(depth[w] as number, (depth[v] as number) + 1);
      indeg[w] = (indeg[w] as number) - 1;
      if (indeg[w] === 0) ready.push(w);
    }
  }

  // Sources that are not roots (a cron worker, say): pull them next to what they call.
  const rootSet = new Set(roots);
  for (let t = topo.length - 1; t >= 0; t--) {
    const v = topo[t] as number;
    const id = ids[v] as string;
    if (rootSet.has(id) || hasIncoming.has(id)) continue;
    const out = (succ[v] ?? []).filter((k) => !backEdges.has(k)).map((k) => depth[index.get((edges[k] as TopoEdge).to) as number] as number);
    if (out.length > 0) depth[v] = Math.max(0, Math.min(...out) - 1);
  }

  const layer = new Map<string, number>();
  ids.forEach((id, i) => layer.set(id, depth[i] as number));
  return { layer, backEdges };
}

/** Lays the services out left to right by call depth. Deterministic for a given service list. */
export function layoutTopology(services: readonly ServiceInfo[]): TopoLayout {
  const rawEdges = topologyEdges(services);
  const { layer, backEdges } = assignLayers(services, rawEdges);
  const declIndex = new Map(services.map((s, i) => [s.id, i]));
  const nLayers = services.length === 0 ? 0 : Math.max(...services.map((s) => layer.get(s.id) ?? 0)) + 1;

  // First order: depth-first discovery from the roots, following calls in declaration order, so
  // a service's callees start out next to each other.
  const succIds = new Map<string, string[]>();
  for (const e of rawEdges) succIds.set(e.from, [...(succIds.get(e.from) ?? []), e.to]);
  const discovered = new Map<string, number>();
  const discover = (id: string): void => {
    if (discovered.has(id)) return;
    discovered.set(id, discovered.size);
    for (const w of succIds.get(id) ?? []) discover(w);
  };
  const byLayerThenDecl = [...services].sort((a, b) => (layer.get(a.id) ?? 0) - (layer.get(b.id) ?? 0) || (declIndex.get(a.id) ?? 0) - (declIndex.get(b.id) ?? 0));
  for (const s of byLayerThenDecl) discover(s.id);

  const layers: string[][] = Array.from({ length: nLayers }, () => []);
  for (const s of [...services].sort((a, b) => (discovered.get(a.id) ?? 0) - (discovered.get(b.id) ?? 0))) layers[layer.get(s.id) ?? 0]?.push(s.id);

  // Barycenter sweeps: order each column by the mean relative position of its neighbours in the
  // columns already placed (down), then in the columns after it (up). Stable sort keeps ties.
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  rawEdges.forEach((e, k) => {
    if (backEdges.has(k)) return;
    preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
    succs.set(e.from, [...(succs.get(e.from) ?? []), e.to]);
  });
  const rel = (): Map<string, number> => {
    const m = new Map<string, number>();
    for (const col of layers) col.forEach((id, i) => m.set(id, col.length === 1 ? 0.5 : i / (col.length - 1)));
    return m;
  };
  const sweep = (col: string[], neighbours: Map<string, string[]>): void => {
    const pos = rel();
    const key = new Map<string, number>();
    col.forEach((id, i) => {
      const ns = (neighbours.get(id) ?? []).map((n) => pos.get(n)).filter((p): p is number => p !== undefined);
      key.set(id, ns.length ? ns.reduce((a, b) => a + b, 0) / ns.length : col.length === 1 ? 0.5 : i / (col.length - 1));
    });
    const order = new Map(col.map((id, i) => [id, i]));
    col.sort((a, b) => (key.get(a) as number) - (key.get(b) as number) || (order.get(a) as number) - (order.get(b) as number));
  };
  for (let pass = 0; pass < 4; pass++) {
    for (let l = 1; l < nLayers; l++) sweep(layers[l] as string[], preds);
    for (let l = nLayers - 2; l >= 0; l--) sweep(layers[l] as string[], succs);
  }

  // Coordinates: columns left to right, each column centred vertically on the tallest.
  const pitch = NODE_H + ROW_GAP;
  const tallest = Math.max(0, ...layers.map((c) => c.length));
  const height = tallest > 0 ? tallest * pitch - ROW_GAP : 0;
  const width = nLayers > 0 ? nLayers * (NODE_W + COL_GAP) - COL_GAP : 0;
  const typeOf = new Map(services.map((s) => [s.id, s.type]));
  const nodes: TopoNode[] = [];
  layers.forEach((col, l) => {
    const top = (height - (col.length * pitch - ROW_GAP)) / 2;
    col.forEach((id, i) => nodes.push({ id, type: typeOf.get(id) ?? 'api', layer: l, order: i, x: l * (NODE_W + COL_GAP), y: top + i * pitch }));
  });
  const edges: TopoEdge[] = rawEdges.map((e, k) => ({ ...e, back: backEdges.has(k) || (layer.get(e.to) ?? 0) <= (layer.get(e.from) ?? 0) }));
  return { nodes, edges, layers, width, height };
}
