// The service map: services as boxes in call-depth columns (layout.ts), edges with their live
// calls/s and failure ratio, coloured by health. d3 computes (layout, zoom); React owns the DOM.
// Every node is a focusable button (Enter/Space selects, arrow keys move between nodes).

import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { EdgeHealth, Health, ServiceHealth, ServiceInfo } from '../../worker/protocol.ts';
import { ms, num } from '../../app/format.ts';
import { edgeGeometry, labelWidth, placeLabels, type EdgeGeom } from './geometry.ts';
import { NODE_H, NODE_W, layoutTopology, type TopoEdge, type TopoLayout, type TopoNode } from './layout.ts';
import './TopologyMap.css';

export interface TopologyMapProps {
  services: readonly ServiceInfo[];
  /** Health of each service in one environment (frame.overview.services filtered by env). */
  health?: readonly ServiceHealth[] | null;
  /** Call health between services in the same environment. */
  edges?: readonly EdgeHealth[] | null;
  selected?: string | null;
  onSelect?: (id: string) => void;
  /** Accessible name of the map. */
  label?: string;
  /** Pixels on the right covered by an overlay (a details drawer): the selected node is kept clear of them. */
  reserveRight?: number;
  /** The automatic fit: `readable` (default) keeps labels legible and starts at the gateways; `all` shows every node. */
  autoFit?: 'readable' | 'all';
  className?: string;
}

const TYPE_LABEL: Record<ServiceInfo['type'], string> = {
  gateway: 'gateway',
  api: 'API',
  worker: 'worker',
  database: 'database',
  cache: 'cache',
  queue: 'queue',
  external: 'external',
};

/** 16×16 stroke icons, one per service type. */
const TYPE_ICON: Record<ServiceInfo['type'], string> = {
  gateway: 'M1.5 8h8.5M7 4.5 10.5 8 7 11.5M13.5 2v12',
  api: 'M5 4 1.5 8 5 12M11 4l3.5 4-3.5 4M9.5 2.5l-3 11',
  worker: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M12.6 3.4l-1.4 1.4M4.8 11.2l-1.4 1.4',
  database: 'M2.5 4c0-1.4 11-1.4 11 0s-11 1.4-11 0zM2.5 4v8c0 1.4 11 1.4 11 0V4M2.5 8c0 1.4 11 1.4 11 0',
  cache: 'M9.5 1.5 3.5 9h4l-1 5.5 6-7.5h-4l1-5.5z',
  queue: 'M1.5 4.5h3.5v7H1.5zM6.25 4.5h3.5v7h-3.5zM11 4.5h3.5v7H11z',
  external: 'M4.5 12.5h7a3 3 0 0 0 .3-6 4 4 0 0 0-7.7-.6 3.3 3.3 0 0 0 .4 6.6z',
};

/** Below this scale node names get hard to read: the automatic fit stops there. */
const MIN_READABLE_SCALE = 0.72;

const HEALTH_ORDER: Record<Health, number> = { critical: 0, warning: 1, unknown: 2, ok: 3 };

/** Percentage number for labels: 0.2153 → "21.5", 0.0004 → "0.04", 0 → "0". */
export function errorPercent(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '0';
  return String(Number((ratio * 100).toPrecision(3)));
}

/** The node's accessible name: "<service>: <health>, <rate>/s, <errors>% errors". */
export function nodeLabel(id: string, h: ServiceHealth | undefined): string {
  if (!h) return `${id}: unknown, no data yet`;
  return `${id}: ${h.health}, ${num(h.ratePerSec)}/s, ${errorPercent(h.errorRatio)}% errors`;
}

function edgeTone(e: EdgeHealth | undefined): 'crit' | 'warn' | 'ok' | 'idle' {
  if (!e || e.callsPerSec <= 0) return 'idle';
  if (e.failureRatio >= 0.05) return 'crit';
  if (e.failureRatio >= 0.005) return 'warn';
  return 'ok';
}

function edgeWidth(e: EdgeHealth | undefined): number {
  if (!e || e.callsPerSec <= 0) return 1.25;
  return 1.25 + Math.min(3, Math.log10(1 + e.callsPerSec) * 0.8);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const edgeKey = (from: string, to: string): string => `${from}\u0000${to}`;

export function TopologyMap({ services, health, edges, selected = null, onSelect, label = 'Service map', reserveRight = 0, autoFit = 'readable', className }: TopologyMapProps) {
  const layout: TopoLayout = useMemo(() => layoutTopology(services), [services]);
  const byId = useMemo(() => new Map(layout.nodes.map((n) => [n.id, n])), [layout]);
  const info = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const healthOf = useMemo(() => new Map((health ?? []).map((h) => [h.service, h])), [health]);
  const edgeHealth = useMemo(() => new Map((edges ?? []).map((e) => [edgeKey(e.from, e.to), e])), [edges]);
  const live = (health ?? []).length > 0;
  const uid = `topo${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;

  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const sizeRef = useRef({ w: 0, h: 0 });
  const userMoved = useRef(false);
  const nodeRefs = useRef(new Map<string, SVGGElement>());
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);

  // Size of the drawing area (no ResizeObserver in jsdom: the map then stays unscaled).
  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = (): void => {
      const next = { w: el.clientWidth, h: el.clientHeight };
      if (next.w !== sizeRef.current.w || next.h !== sizeRef.current.h) {
        sizeRef.current = next;
        setSize(next);
      }
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.2, 4])
      // d3's default filter (no secondary buttons, ctrl only with the wheel); pointer drags also
      // need a window to listen on (synthetic test events have none).
      .filter((event: MouseEvent) => (!event.ctrlKey || event.type === 'wheel') && !event.button && (event.type === 'wheel' || Boolean(event.view)))
      .extent(() => [
        [0, 0],
        [Math.max(1, sizeRef.current.w), Math.max(1, sizeRef.current.h)],
      ])
      .on('zoom', (event: { transform: ZoomTransform; sourceEvent: unknown }) => {
        if (event.sourceEvent) userMoved.current = true;
        setTransform(event.transform);
      });
    const sel = select(svg);
    sel.call(z).on('dblclick.zoom', null);
    zoomRef.current = z;
    return () => {
      sel.on('.zoom', null);
      zoomRef.current = null;
    };
  }, []);

  /**
   * `all` shows the whole map however small; `readable` (the automatic fit) stops shrinking at a
   * scale where labels stay legible and then starts from the gateways on the left.
   */
  const fit = useCallback(
    (mode: 'all' | 'readable') => {
      const svg = svgRef.current;
      const z = zoomRef.current;
      const { w, h } = sizeRef.current;
      if (!svg || !z || w <= 0 || h <= 0 || layout.width <= 0) return;
      const pad = 28;
      const whole = Math.max(0.2, Math.min(1.15, (w - 2 * pad) / layout.width, (h - 2 * pad) / (layout.height + 40)));
      const k = mode === 'readable' ? Math.max(whole, Math.min(MIN_READABLE_SCALE, (h - 2 * pad) / (layout.height + 40))) : whole;
      const tx = layout.width * k <= w - 2 * pad ? (w - layout.width * k) / 2 : pad;
      const ty = (h - layout.height * k) / 2;
      select(svg).call(z.transform, zoomIdentity.translate(tx, ty).scale(k));
    },
    [layout],
  );

  // Fit on the first size and whenever the services change; after the user zooms or pans, a
  // resize keeps their view.
  const fittedLayout = useRef<TopoLayout | null>(null);
  useEffect(() => {
    if (size.w <= 0) return;
    if (fittedLayout.current !== layout || !userMoved.current) {
      fittedLayout.current = layout;
      userMoved.current = false;
      fit(autoFit);
    }
  }, [size, layout, fit, autoFit]);

  // Keep the selected node in view, clear of an overlay on the right.
  useEffect(() => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    const n = selected ? byId.get(selected) : undefined;
    const { w, h } = sizeRef.current;
    if (!svg || !z || !n || w <= 0 || h <= 0) return;
    const t = zoomTransform(svg);
    const margin = 16;
    const x0 = t.applyX(n.x);
    const x1 = t.applyX(n.x + NODE_W);
    const y0 = t.applyY(n.y);
    const y1 = t.applyY(n.y + NODE_H);
    const right = w - reserveRight - margin;
    let dx = x1 > right ? right - x1 : 0;
    if (x0 + dx < margin) dx = margin - x0;
    const dy = y1 > h - margin ? h - margin - y1 : y0 < margin ? margin - y0 : 0;
    if (dx !== 0 || dy !== 0) select(svg).call(z.translateBy, dx / t.k, dy / t.k);
  }, [selected, reserveRight, byId]);

  const zoomBy = (k: number): void => {
    const svg = svgRef.current;
    const z = zoomRef.current;
    if (!svg || !z) return;
    userMoved.current = true;
    select(svg).call(z.scaleBy, k);
  };

  const moveFocus = (from: TopoNode, key: string): boolean => {
    let target: string | undefined;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      target = layout.layers[from.layer]?.[from.order + (key === 'ArrowDown' ? 1 : -1)];
    } else if (key === 'ArrowRight' || key === 'ArrowLeft') {
      const col = layout.layers[from.layer + (key === 'ArrowRight' ? 1 : -1)];
      if (col && col.length > 0) {
        const cy = from.y + NODE_H / 2;
        target = [...col].sort((a, b) => Math.abs((byId.get(a)?.y ?? 0) - cy) - Math.abs((byId.get(b)?.y ?? 0) - cy))[0];
      }
    } else if (key === 'Home' || key === 'End') {
      target = key === 'Home' ? layout.layers[0]?.[0] : layout.layers[layout.layers.length - 1]?.at(-1);
    }
    const el = target ? nodeRefs.current.get(target) : undefined;
    if (!el) return false;
    el.focus();
    return true;
  };

  const onNodeKey = (n: TopoNode, e: KeyboardEvent<SVGGElement>): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect?.(n.id);
    } else if (moveFocus(n, e.key)) {
      e.preventDefault();
    }
  };

  const related = useMemo(() => {
    if (!selected) return null;
    const s = new Set<string>([selected]);
    for (const e of layout.edges) {
      if (e.from === selected) s.add(e.to);
      if (e.to === selected) s.add(e.from);
    }
    return s;
  }, [layout, selected]);

  // Tab order follows the columns, left to right, top to bottom.
  const ordered = useMemo(() => [...layout.nodes].sort((a, b) => a.layer - b.layer || a.order - b.order), [layout]);

  const worst = useMemo(() => {
    const counts: Record<Health, number> = { critical: 0, warning: 0, unknown: 0, ok: 0 };
    for (const s of services) counts[healthOf.get(s.id)?.health ?? 'unknown']++;
    return counts;
  }, [services, healthOf]);

  // Edge curves depend on the layout only; label spots also on which edges carry traffic.
  const geoms = useMemo(() => {
    const m = new Map<string, EdgeGeom>();
    for (const e of layout.edges) {
      const a = byId.get(e.from);
      const b = byId.get(e.to);
      if (a && b) m.set(edgeKey(e.from, e.to), edgeGeometry(a, b, e.back));
    }
    return m;
  }, [layout, byId]);
  const labelTexts = useMemo(() => {
    const m = new Map<string, { rate: string; fail: string | null; retries: string | null }>();
    for (const e of layout.edges) {
      const eh = e.kind === 'call' ? edgeHealth.get(edgeKey(e.from, e.to)) : undefined;
      if (!eh || eh.callsPerSec <= 0) continue;
      m.set(edgeKey(e.from, e.to), {
        rate: `${num(eh.callsPerSec)}/s`,
        fail: eh.failureRatio >= 0.0005 ? ` · ${errorPercent(eh.failureRatio)}%` : null,
        retries: eh.retriesPerSec >= 0.05 ? `${num(eh.retriesPerSec)} retries/s` : null,
      });
    }
    return m;
  }, [layout, edgeHealth]);
  // Placement only changes when the set of labels or their lengths do, not on every scrape.
  const labelShape = [...labelTexts].map(([k, t]) => `${k}:${t.rate.length + (t.fail?.length ?? 0)}:${t.retries ? t.retries.length : 0}:${t.fail ? 1 : 0}`).join('|');
  const labelSpots = useMemo(() => {
    const boxes = [...labelTexts].flatMap(([key, t]) => {
      const g = geoms.get(key);
      if (!g) return [];
      const width = Math.max(labelWidth(t.rate + (t.fail ?? '')), t.retries ? labelWidth(t.retries) : 0);
      return [{ key, x: g.lx, y: g.ly - 4, width, height: t.retries ? 30 : 14, priority: t.fail ? 1 : 0 }];
    });
    return placeLabels(boxes, layout.nodes);
    // labelShape stands for labelTexts here: same labels, same spots.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labelShape, geoms, layout]);

  const renderEdge = (e: TopoEdge) => {
    const key = edgeKey(e.from, e.to);
    const g = geoms.get(key);
    if (!g) return null;
    const eh = e.kind === 'call' ? edgeHealth.get(key) : undefined;
    const tone = e.kind === 'call' ? edgeTone(eh) : 'idle';
    const dim = related !== null && !(e.from === selected || e.to === selected);
    const hl = related !== null && !dim;
    const call = info.get(e.from)?.calls.find((c) => c.to === e.to);
    const kindText = e.kind === 'miss' ? 'reads on cache miss' : e.kind === 'consumes' ? 'is consumed by' : 'calls';
    const title =
      `${e.from} ${kindText} ${e.to}` +
      (call ? ` (timeout ${ms(call.timeoutMs)}${call.retries ? `, ${call.retries} ${call.retries === 1 ? 'retry' : 'retries'}` : ''}${call.pool ? `, pool ${call.pool}` : ''}${call.critical ? '' : ', non-critical'})` : '') +
      (eh ? `: ${num(eh.callsPerSec)} calls/s, ${errorPercent(eh.failureRatio)}% failing${eh.retriesPerSec > 0 ? `, ${num(eh.retriesPerSec)} retries/s` : ''}` : '');
    const text = labelTexts.get(key);
    const ly = labelSpots.get(key) ?? null;
    return (
      <g key={edgeKey(e.from, e.to)} className={`topo-edge tone-${tone} kind-${e.kind}${e.critical ? '' : ' soft'}${dim ? ' dim' : ''}${hl ? ' hl' : ''}`}>
        <title>{title}</title>
        <path className="hit" d={g.d} />
        <path className="line" d={g.d} strokeWidth={edgeWidth(eh)} markerEnd={`url(#${uid}-arrow-${hl && (tone === 'ok' || tone === 'idle') ? 'accent' : tone})`} />
        {text && ly !== null && (
          <text className="edge-label" x={g.lx} y={ly} textAnchor="middle">
            <tspan>{text.rate}</tspan>
            {text.fail && <tspan className="fail">{text.fail}</tspan>}
            {text.retries && (
              <tspan className="retry" x={g.lx} dy={15}>
                {text.retries}
              </tspan>
            )}
          </text>
        )}
      </g>
    );
  };

  const renderNode = (n: TopoNode) => {
    const s = info.get(n.id);
    const h = healthOf.get(n.id);
    const state = h?.health ?? 'unknown';
    const isSel = selected === n.id;
    const dim = related !== null && !related.has(n.id);
    const line2 = h ? `${num(h.ratePerSec)}/s · ${errorPercent(h.errorRatio)}% · p95 ${ms(h.p95Ms)}` : `${TYPE_LABEL[n.type]}${s?.version ? ` · ${s.version}` : ''}`;
    const podsShort = h && h.desiredReplicas > 0 && h.readyReplicas < h.desiredReplicas;
    return (
      <g
        key={n.id}
        ref={(el) => {
          if (el) nodeRefs.current.set(n.id, el);
          else nodeRefs.current.delete(n.id);
        }}
        className={`topo-node h-${state}${isSel ? ' selected' : ''}${dim ? ' dim' : ''}`}
        transform={`translate(${n.x},${n.y})`}
        role="button"
        tabIndex={0}
        aria-label={nodeLabel(n.id, h)}
        aria-pressed={isSel}
        data-service={n.id}
        onClick={() => onSelect?.(n.id)}
        onKeyDown={(e) => onNodeKey(n, e)}
      >
        <title>{`${s?.name ?? n.id} (${TYPE_LABEL[n.type]})`}</title>
        <rect className="ring" x={-3} y={-3} width={NODE_W + 6} height={NODE_H + 6} rx={7} />
        <rect className="box" width={NODE_W} height={NODE_H} rx={5} />
        <path className="stripe" d={`M4,0.5 A3.5,3.5 0 0 0 0.5,4 V${NODE_H - 4} A3.5,3.5 0 0 0 4,${NODE_H - 0.5} Z`} />
        <g className="icon" transform="translate(12,7) scale(0.95)">
          <path d={TYPE_ICON[n.type]} />
        </g>
        <text className="name" x={34} y={19}>
          {truncate(n.id, podsShort ? 13 : 18)}
        </text>
        <text className="stats" x={12} y={37}>
          {truncate(line2, 30)}
        </text>
        {podsShort && (
          <text className="pods" x={NODE_W - 8} y={19} textAnchor="end">
            {h.readyReplicas}/{h.desiredReplicas} pods
          </text>
        )}
        {h && h.pagesFiring > 0 && (
          <g className="pages" transform={`translate(${NODE_W},0)`}>
            <circle r={8} />
            <text textAnchor="middle" y={3.5}>
              {h.pagesFiring}
            </text>
          </g>
        )}
      </g>
    );
  };

  return (
    <div className={`topo${className ? ` ${className}` : ''}`}>
      <div className="topo-canvas" ref={wrapRef}>
        <svg ref={svgRef} role="group" aria-label={label} className="topo-svg">
          <defs>
            {(['ok', 'warn', 'crit', 'idle', 'accent'] as const).map((t) => (
              <marker key={t} id={`${uid}-arrow-${t}`} className={`arrow-${t}`} viewBox="0 0 8 8" refX={7} refY={4} markerWidth={7} markerHeight={7} markerUnits="userSpaceOnUse" orient="auto">
                <path d="M0,0.5 L8,4 L0,7.5 z" />
              </marker>
            ))}
          </defs>
          <g transform={transform.toString()}>
            <g className="topo-edges">{layout.edges.map(renderEdge)}</g>
            <g className="topo-nodes">{ordered.map(renderNode)}</g>
          </g>
        </svg>
      </div>
      <div className="topo-tools" role="toolbar" aria-label="Map view">
        <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in" title="Zoom in">
          +
        </button>
        <button type="button" onClick={() => zoomBy(0.8)} aria-label="Zoom out" title="Zoom out">
          −
        </button>
        <button
          type="button"
          onClick={() => {
            userMoved.current = false;
            fit('all');
          }}
          title="Show the whole map"
        >
          Fit all
        </button>
      </div>
      <div className="topo-legend" aria-label="Legend">
        {live ? (
          <span className="counts">
            {(['critical', 'warning', 'ok', 'unknown'] as const)
              .filter((k) => worst[k] > 0)
              .sort((a, b) => HEALTH_ORDER[a] - HEALTH_ORDER[b])
              .map((k) => (
                <span key={k} className={`lg h-${k}`}>
                  <i className="sw" />
                  {worst[k]} {k}
                </span>
              ))}
          </span>
        ) : null}
        <span className="lg">
          <i className="ln" /> call
        </span>
        <span className="lg">
          <i className="ln soft" /> non-critical
        </span>
        <span className="lg">
          <i className="ln dotted" /> cache miss / consumer
        </span>
        <span className="lg">
          <i className="ln failing" /> failing ≥ 5%
        </span>
      </div>
    </div>
  );
}
