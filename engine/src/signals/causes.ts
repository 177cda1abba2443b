// Shared choices about failures, so a trace and an unsampled log line of the same second tell
// the same story: which fault explains a service's own errors, which call failed a request,
// and what a failed call's message needs to know (addresses, timeouts, the wall clock).

import { formatIsoSec } from '../core/time.ts';
import { hashWords } from './ids.ts';
import { javaDate, resourceOf } from './format.ts';
import type { Route } from './templates.ts';
import type { CallInfo } from './clientErrors.ts';
import { faultEndpoint } from './routes.ts';
import { callDisabled, certNotAfterEpoch, edgeMix, faultsOn, langOf, maxAttempts, metric, type View } from './view.ts';

/** Which fault explains a service's own failure at `sec`: its flag, exception variant and failing endpoint. */
export function ownChoice(v: View, env: number, svc: number, sec: number, u: number): { flag?: string; variant: number; route?: Route } {
  const eps = faultsOn(v, env, svc, sec);
  const bad = eps.find((e) => e.def.type === 'badFeatureFlag' && e.def.params.errorRatio > 0);
  const er = eps.find((e) => e.def.type === 'errorRate');
  if (bad?.def.type === 'badFeatureFlag' && (!er || u < 0.5)) return { flag: bad.def.params.flag, variant: hashWords(bad.fi) };
  if (er?.def.type === 'errorRate') return { variant: hashWords(er.fi, 7), route: faultEndpoint(er.def.params.endpoint) };
  return { variant: hashWords(v.seed, svc) };
}

/** Weights of the critical calls of `svc` for "this request failed because of that call". */
export function depEdgeWeights(v: View, env: number, svc: number, sec: number): [number, number][] {
  const weights: [number, number][] = [];
  for (const e of v.model.outEdges[svc] ?? []) {
    const edge = v.model.edges[e];
    if (!edge?.critical || callDisabled(v, svc, edge.to, sec)) continue;
    const m = edgeMix(v, env, e, sec);
    weights.push([e, edge.perRequest * Math.pow(m.pFail, maxAttempts(v, env, e, sec)) + 1e-9 * m.pFail]);
  }
  return weights;
}

export function calleeAddress(v: View, env: number, callee: number): { host: string; port: number } {
  const d = v.model.services[callee];
  const ext = d?.type === 'external';
  const id = d?.id ?? '';
  return {
    host: ext ? `api.${id}.com` : `${id}.${v.model.envIds[env] ?? ''}.svc.cluster.local`,
    port: ext ? 443 : d?.type === 'database' ? 5432 : d?.type === 'cache' ? 6379 : d?.type === 'queue' ? 9092 : 8080,
  };
}

/** Everything a failed-call message needs, shared by spans and unsampled log lines. */
export function callInfo(v: View, env: number, callerSvc: number, e: number, sec: number, o: { attempt: number; maxAttempts: number; route: Route; ip: string; zoneDown: boolean; atMs: number; h: number }): CallInfo {
  const model = v.model;
  const edge = model.edges[e];
  const callee = edge?.to ?? 0;
  const cdef = model.services[callee];
  const addr = calleeAddress(v, env, callee);
  const notAfter = certNotAfterEpoch(v, env, callee, sec);
  return {
    callerId: model.svcIds[callerSvc] ?? '',
    callerLang: langOf(v, callerSvc),
    callerGateway: model.services[callerSvc]?.type === 'gateway',
    calleeId: cdef?.id ?? '',
    calleeType: cdef?.type ?? 'api',
    host: addr.host,
    port: addr.port,
    ip: o.ip,
    route: o.route,
    table: resourceOf(cdef?.id ?? ''),
    timeoutMs: edge?.timeoutMs ?? 1000,
    attempt: o.attempt,
    maxAttempts: o.maxAttempts,
    wallIso: formatIsoSec(model.startEpochSec + Math.floor(o.atMs / 1000)),
    notAfterIso: formatIsoSec(notAfter),
    notAfterJava: javaDate(notAfter),
    zoneDown: o.zoneDown,
    noEndpoints: metric(v, 'kube_deployment_status_replicas_ready', env * model.nSvc + callee, sec) <= 0,
    h: o.h,
  };
}

