// Where the service map draws its edges and their labels: cubic curves between columns, and
// labels placed greedily (failing and busy edges first) so they neither overlap each other nor
// sit on a node; a label that finds no free spot is left to the edge's tooltip.

import { COL_GAP, NODE_H, NODE_W, type TopoNode } from './layout.ts';

export interface EdgeGeom {
  d: string;
  /** Where the label goes. */
  lx: number;
  ly: number;
}

export function edgeGeometry(a: TopoNode, b: TopoNode, back: boolean): EdgeGeom {
  if (back) {
    // Around the bottom: only for edges that point backwards or stay in one column.
    const x1 = a.x + NODE_W / 2;
    const y1 = a.y + NODE_H;
    const x2 = b.x + NODE_W / 2 + 8;
    const y2 = b.y + NODE_H + 4;
    const dip = Math.max(y1, y2) + 48;
    return { d: `M${x1},${y1} C${x1},${dip} ${x2},${dip} ${x2},${y2}`, lx: (x1 + x2) / 2, ly: dip - 12 };
  }
  const x1 = a.x + NODE_W;
  const y1 = a.y + NODE_H / 2;
  const x2 = b.x - 4;
  const y2 = b.y + NODE_H / 2;
  const span = b.layer - a.layer;
  const c = Math.min(COL_GAP * 0.6, (x2 - x1) / 2);
  const d = `M${x1},${y1} C${x1 + c},${y1} ${x2 - c},${y2} ${x2},${y2}`;
  // The label sits in the gap right after the source for neighbouring columns, and in the gap
  // before the target for long edges (so it does not land on a node in between).
  const want = span <= 1 ? (x1 + x2) / 2 : x2 - COL_GAP / 2;
  let best = { x: x1, y: y1, dist: Infinity };
  for (let i = 0; i <= 48; i++) {
    const t = i / 48;
    const u = 1 - t;
    const x = u * u * u * x1 + 3 * u * u * t * (x1 + c) + 3 * u * t * t * (x2 - c) + t * t * t * x2;
    const y = u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2;
    const dist = Math.abs(x - want);
    if (dist < best.dist) best = { x, y, dist };
  }
  return { d, lx: best.x, ly: best.y };
}

export interface LabelBox {
  key: string;
  /** Centre x and baseline y wanted. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Higher is placed first. */
  priority: number;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Rect, b: Rect): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Estimated width of a 10.5 px label (tabular digits, no DOM measuring: jsdom cannot). */
export const labelWidth = (text: string): number => text.length * 5.9 + 6;

/** Baseline y per label key, or null for labels that do not fit anywhere near their edge. */
export function placeLabels(labels: readonly LabelBox[], nodes: readonly TopoNode[]): Map<string, number | null> {
  const taken: Rect[] = nodes.map((n) => ({ x0: n.x - 2, y0: n.y - 2, x1: n.x + NODE_W + 2, y1: n.y + NODE_H + 2 }));
  const out = new Map<string, number | null>();
  const order = [...labels].sort((a, b) => b.priority - a.priority || a.y - b.y || a.x - b.x || (a.key < b.key ? -1 : 1));
  const shifts = [0, 6, -6, 12, -12, 18, -18];
  for (const l of order) {
    let placed: number | null = null;
    for (const dy of shifts) {
      const base = l.y + dy;
      const r: Rect = { x0: l.x - l.width / 2, y0: base - 10, x1: l.x + l.width / 2, y1: base - 10 + l.height };
      if (!taken.some((t) => overlaps(r, t))) {
        taken.push(r);
        placed = base;
        break;
      }
    }
    out.set(l.key, placed);
  }
  return out;
}
