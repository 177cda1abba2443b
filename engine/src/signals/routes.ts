// Endpoints, addresses and pods that requests use: derived from the scenario, stable per model.

import type { Model } from '../sim/model.ts';
import type { Route } from './templates.ts';
import { hash32 } from '../random/rng.ts';
import { hashWords } from './ids.ts';
import { resourceOf } from './format.ts';
import { servingPods, runningPods, type PodRecord } from './pods.ts';
import { downZones, type View } from './view.ts';

const routeCache = new WeakMap<Model, Route[][]>();

function parseEndpoint(text: string): Route {
  const m = /^\s*([A-Z]+)\s+(\S+)/.exec(text);
  if (m?.[1] && m[2]) return { method: m[1], path: m[2] };
  return { method: 'GET', path: text.trim().startsWith('/') ? text.trim() : `/${text.trim()}` };
}

/** Each service's endpoints, the failing endpoint of an errorRate fault first. */
export function routesOf(model: Model, svc: number): Route[] {
  let all = routeCache.get(model);
  if (!all) {
    const own = model.services.map((s) => {
      const res = resourceOf(s.id);
      if (s.type === 'external') return [{ method: 'POST', path: `/v1/${res}` }];
      if (s.type === 'database' || s.type === 'cache' || s.type === 'queue') return [];
      const list: Route[] = [
        { method: 'POST', path: `/api/${res}` },
        { method: 'GET', path: `/api/${res}/{id}` },
        { method: 'GET', path: `/api/${res}` },
      ];
      for (const f of model.faults) {
        if (f.type === 'errorRate' && f.target === s.id && f.params.endpoint) {
          const r = parseEndpoint(f.params.endpoint);
          if (!list.some((x) => x.method === r.method && x.path === r.path)) list.unshift(r);
          else list.sort((a, b) => Number(b.path === r.path && b.method === r.method) - Number(a.path === r.path && a.method === r.method));
        }
      }
      return list;
    });
    // Gateways route to the endpoints of the services behind them.
    all = model.services.map((s, i) => {
      if (s.type !== 'gateway') return own[i] ?? [];
      const fwd: Route[] = [];
      for (const e of model.outEdges[i] ?? []) {
        const to = model.edges[e]?.to ?? -1;
        for (const r of (own[to] ?? []).slice(0, 2)) fwd.push(r);
      }
      return fwd.length > 0 ? fwd : [{ method: 'GET', path: '/' }];
    });
    routeCache.set(model, all);
  }
  return all[svc] ?? [];
}

/** The endpoint that fails under an errorRate fault with `endpoint`, if any. */
export function faultEndpoint(text: string | undefined): Route | undefined {
  return text ? parseEndpoint(text) : undefined;
}

/** A concrete path for a route template. */
export function concretePath(r: Route, h: number): string {
  return r.path.replace('{id}', String(10_000 + (h % 90_000)));
}

/** Pod IP: 10.<env+1>.x.y, stable per pod name. */
export function podIp(name: string, env: number): string {
  const h = hash32(name);
  return `10.${env + 1}.${(h >>> 8) % 256}.${(h % 253) + 1}`;
}

/** A pod of an instance to attribute a request or line to at `sec`: serving if any, else running, else any. */
export function podFor(v: View, inst: number, sec: number, u: number): PodRecord | undefined {
  const env = Math.floor(inst / v.model.nSvc);
  const svc = inst % v.model.nSvc;
  const down = downZones(v, env, svc, sec);
  let pods = servingPods(v.pods, inst, sec, down);
  if (pods.length === 0) pods = runningPods(v.pods, inst, sec, down);
  if (pods.length === 0) return undefined;
  return pods[Math.min(pods.length - 1, Math.floor(u * pods.length))];
}

export function podNameFor(v: View, inst: number, sec: number, u: number): string {
  const p = podFor(v, inst, sec, u);
  if (p) return p.name;
  const svc = v.model.svcIds[inst % v.model.nSvc] ?? 'app';
  return `${svc}-${(hashWords(hash32(svc), inst) % 0xfffff).toString(36)}`;
}

/** Address a caller connected to; with `lostZone`, a pod in a zone that is cut off (no route to host). */
export function calleeIp(v: View, inst: number, sec: number, u: number, lostZone = false): string {
  const env = Math.floor(inst / v.model.nSvc);
  const def = v.model.services[inst % v.model.nSvc];
  if (def?.type === 'external') {
    // A third party's public address (its load balancers), not one of our pods.
    const h = hashWords(hash32(def.id), Math.floor(u * 4));
    return `${[52, 34, 151, 104][h % 4]}.${(h >>> 8) % 256}.${(h >>> 16) % 256}.${(h % 250) + 4}`;
  }
  let p = podFor(v, inst, sec, u);
  if (lostZone) {
    const down = downZones(v, env, inst % v.model.nSvc, sec);
    const lost = runningPods(v.pods, inst, sec).filter((x) => (down & (1 << x.zone)) !== 0);
    if (lost.length > 0) p = lost[Math.min(lost.length - 1, Math.floor(u * lost.length))];
  }
  return p ? podIp(p.name, env) : podIp(`${v.model.svcIds[inst % v.model.nSvc] ?? ''}:${env}`, env);
}
