// Logs, generated lazily per (service, environment, second) from a seeded stream named after
// that unit, so any second can be read in any order and always reads the same. A unit's lines:
//   - lines of sampled requests, taken from the traces (same trace and span ids, same words);
//   - the rest of the requests of that second: up to ACCESS_PER_SEC access lines and one line
//     per failure (ERROR_CAP errors and WARN_CAP warnings at most; the true count is then in the
//     attribute errors_in_second / warnings_in_second), with unsampled trace ids;
//   - runtime, resource and fault-signature lines, background noise and red herrings;
//   - pod lifecycle lines (Kubernetes events, startup, shutdown, last words before a kill).
// Searches are bounded: at most MAX_SCAN_UNITS units per call (scannedSeconds says how many),
// and a trace-id search reads only the units the decoded trace touched.

import type { Sim } from '../sim/sim.ts';
import { stream } from '../random/rng.ts';
import { formatIsoMs } from '../core/time.ts';
import { SEVERITIES, type LogBucket, type LogQuery, type LogRecord, type LogSearchResult, type Severity } from './types.ts';
import { decodeTraceId, encodeTraceId, hashWords, spanIdOf, type TraceKey } from './ids.ts';
import { accessLine, consumeLine, ownFailureLine, refusalLine, type Line, type Route } from './templates.ts';
import { callFailureLine } from './clientErrors.ts';
import { calleeIp, concretePath, podIp, routesOf } from './routes.ts';
import { runningPods, servingPods, type PodRecord } from './pods.ts';
import { generate, hintIndexAt, hintTimeMs, type HintKind } from './traces.ts';
import { internalAgent, publicClient, requestId, sampleLatency } from './sampling.ts';
import { callInfo, depEdgeWeights, ownChoice } from './causes.ts';
import {
  callDisabled,
  distAt,
  downZones,
  edgeMix,
  edgeSecCounts,
  instrumented,
  langOf,
  maxAttempts,
  pick,
  secCounts,
  serverMix,
  withView,
  type AttemptCause,
  type ServerOutcome,
  type View,
} from './view.ts';
import { type Pending, type Unit } from './unit.ts';
import { appNoise } from './noise.ts';
import { infraLines } from './infra.ts';
import { lifecycleLines } from './lifecycle.ts';
import { resourceOf } from './format.ts';

export const DEFAULT_LOG_LIMIT = 500;
export const MAX_LOG_LIMIT = 5000;
/**
 * (service, environment, second) units one search may generate: about 2-5 s of work at the
 * worst (a major incident, every line capped), e.g. 5 minutes of 30 services. Beyond it a
 * search returns truncated with resumeSec, and a histogram switches to a strided estimate.
 */
export const MAX_SCAN_UNITS = 10_000;
export const ERROR_CAP = 25;
export const WARN_CAP = 15;
export const ACCESS_PER_SEC = 3;

const APP_LANGS = new Set(['java', 'go', 'node', 'python']);

function makeUnit(v: View, inst: number, sec: number): Unit | null {
  const svc = inst % v.model.nSvc;
  const env = Math.floor(inst / v.model.nSvc);
  const def = v.model.services[svc];
  if (!def || def.type === 'external' || sec < 0 || sec >= v.horizon || env >= v.model.nEnv) return null;
  const down = downZones(v, env, svc, sec);
  const svcId = v.model.svcIds[svc] ?? '';
  const envId = v.model.envIds[env] ?? '';
  return {
    v,
    inst,
    svc,
    env,
    sec,
    svcId,
    envId,
    def,
    lang: langOf(v, svc),
    gateway: def.type === 'gateway',
    serving: servingPods(v.pods, inst, sec, down),
    running: runningPods(v.pods, inst, sec, down),
    r: stream(v.seed, `logs:${svcId}:${envId}:${sec}`),
  };
}

/**
 * All lines of one instance in one second, sorted by time. `linked: false` leaves out the
 * sampled requests' lines taken from traces (their requests then get ordinary lines instead):
 * the same counts without generating traces, for histogram estimates.
 */
export function unitLogs(v: View, inst: number, sec: number, linked = true): LogRecord[] {
  const u = makeUnit(v, inst, sec);
  if (!u) return [];
  const pending: Pending[] = [];
  if (instrumented(v, u.svc)) pending.push(...requestLines(u, linked));
  else pending.push(...infraLines(u));
  if (APP_LANGS.has(u.lang)) pending.push(...appNoise(u));
  pending.push(...lifecycleLines(u));
  return toRecords(u, pending);
}

function toRecords(u: Unit, pending: Pending[]): LogRecord[] {
  const lo = u.sec * 1000;
  const byName = new Map<string, PodRecord>();
  for (const p of u.v.pods.byInst[u.inst] ?? []) byName.set(p.name, p);
  const epochMs = u.v.model.startEpochSec * 1000;
  const recs = pending.map((p, k) => {
    const t = Math.min(lo + 999, Math.max(lo, Math.floor(p.timeMs)));
    const attributes: Record<string, string | number> = { ...p.line.attrs };
    const pod = byName.get(p.pod);
    if (pod && attributes['service.version'] === undefined && attributes['log.source'] !== 'kubernetes') attributes['service.version'] = pod.version;
    const rec: LogRecord = { timeMs: t, timestamp: formatIsoMs(epochMs + t), severity: p.line.severity, service: u.svcId, env: u.envId, pod: p.pod, body: p.line.body, attributes };
    if (p.traceId) rec.traceId = p.traceId;
    if (p.spanId) rec.spanId = p.spanId;
    if (p.line.stack) rec.stack = p.line.stack;
    return { rec, k };
  });
  recs.sort((a, b) => a.rec.timeMs - b.rec.timeMs || a.k - b.k);
  return recs.map((x) => x.rec);
}

function unsampledId(u: Unit, n: number): { traceId: string; spanId: string } {
  const key: TraceKey = { sec: u.sec, env: u.env, entry: u.svc, slot: hashWords(u.v.seed, u.inst, u.sec, n), sampled: false };
  const traceId = encodeTraceId(u.v.seed, key);
  return { traceId, spanId: spanIdOf(traceId, 0) };
}

/** Scale counts down to fit `cap`, largest remainders first; returns the kept counts. */
function fit(counts: number[], cap: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= cap) return counts.slice();
  const exact = counts.map((c) => (c * cap) / total);
  const kept = exact.map(Math.floor);
  let left = cap - kept.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    kept[i] = (kept[i] ?? 0) + 1;
    left -= 1;
  }
  return kept;
}

function requestLines(u: Unit, linked: boolean): Pending[] {
  const v = u.v;
  const model = v.model;
  const out: Pending[] = [];
  const seen: Record<HintKind, number> = { access: 0, own: 0, retry: 0, final: 0, fallback: 0, reject: 0, expired: 0, shed: 0, rateLimit: 0, flag: 0, consume: 0 };
  const fallbackPod = (u.serving[0] ?? u.running[0])?.name ?? `${u.svcId}-0`;

  // 1. Lines of sampled requests, from the traces that started up to lookbackSec ago.
  for (let d = 0; linked && d <= v.lookbackSec && u.sec - d >= 0; d++) {
    for (const h of hintIndexAt(v, u.sec - d, u.env).get(`${u.svc}:${u.sec}`) ?? []) {
      seen[h.kind] += 1;
      const pod = h.span.attributes['k8s.pod.name'];
      out.push({ timeMs: hintTimeMs(h), line: h.render(), pod: typeof pod === 'string' ? pod : fallbackPod, traceId: h.span.traceId, spanId: h.span.spanId });
    }
  }
  if (u.serving.length === 0) return out;

  // 2. Everything else that happened to requests this second.
  const c = secCounts(v, u.inst, u.sec);
  const r = u.r;
  const edges = model.outEdges[u.svc] ?? [];
  const killSwitch = edges.some((e) => callDisabled(v, u.svc, model.edges[e]?.to ?? -1, u.sec));
  const retryCount = edges.reduce((a, e) => a + edgeSecCounts(v, u.env, e, u.sec).retries, 0);
  const errKinds = ['own', 'final', 'reject', 'expired'] as const;
  const warnKinds = ['retry', 'fallback', 'shed', 'rateLimit'] as const;
  const wantErr = [c.failedOwn, c.failedDep, c.failedReject, c.failedTimeout].map((n, i) => Math.max(0, n - seen[errKinds[i] as HintKind]));
  const wantWarn = [retryCount, killSwitch ? 0 : c.degraded, c.failedShed, c.failedRateLimit].map((n, i) => Math.max(0, n - seen[warnKinds[i] as HintKind]));
  const linkedErr = out.filter((p) => p.line.severity === 'ERROR' || p.line.severity === 'FATAL').length;
  const linkedWarn = out.filter((p) => p.line.severity === 'WARN').length;
  const errs = fit(wantErr, Math.max(0, ERROR_CAP - linkedErr));
  const warns = fit(wantWarn, Math.max(0, WARN_CAP - linkedWarn));
  const trueErr = linkedErr + wantErr.reduce((a, b) => a + b, 0);
  const trueWarn = linkedWarn + wantWarn.reduce((a, b) => a + b, 0);
  const errCapped = trueErr > linkedErr + errs.reduce((a, b) => a + b, 0);
  const warnCapped = trueWarn > linkedWarn + warns.reduce((a, b) => a + b, 0);

  const routes = routesOf(model, u.svc);
  const pickRoute = (): Route => routes[Math.floor(r.next() * routes.length)] ?? { method: 'GET', path: '/' };
  const pod = () => u.serving[Math.floor(r.next() * u.serving.length)] as PodRecord;
  let n = 0;
  const emit = (line: Line, p: PodRecord = pod()) => {
    const ids = unsampledId(u, n++);
    out.push({ timeMs: u.sec * 1000 + r.next() * 999, line, pod: p.name, ...ids });
  };
  const callers = model.inEdges[u.svc] ?? [];
  const client = (): { ip: string; ua: string } => {
    if (callers.length === 0) return publicClient(Math.floor(r.next() * 0x7fffffff));
    const from = model.edges[callers[Math.floor(r.next() * callers.length)] ?? 0]?.from ?? 0;
    return { ip: podIp(`${model.svcIds[from] ?? ''}-${Math.floor(r.next() * 5)}`, u.env), ua: internalAgent(v, from) };
  };
  const queueLimit = u.def.queueLimit ?? 50 * (model.concurrency[u.inst] ?? 1);

  // Own failures.
  for (let k = 0; k < (errs[0] ?? 0); k++) {
    const oc = ownChoice(v, u.env, u.svc, u.sec, r.next());
    const route = oc.route ?? pickRoute();
    const line = ownFailureLine({ svcId: u.svcId, lang: u.lang, route: { method: route.method, path: concretePath(route, Math.floor(r.next() * 1e9)) }, flag: oc.flag, variant: oc.variant, clientIp: client().ip, consumer: !!u.def.consumes, h: Math.floor(r.next() * 0x7fffffff) });
    emit(line);
  }
  // Failed calls that failed the request, retries, fallbacks.
  const depWeights = depEdgeWeights(v, u.env, u.svc, u.sec);
  const callLine = (e: number, stage: 'final' | 'retry' | 'fallback') => {
    const edge = model.edges[e];
    if (!edge) return;
    const mix = edgeMix(v, u.env, e, u.sec);
    const cause: AttemptCause = pick(mix.causes, r.next()) ?? 'http500';
    const R = maxAttempts(v, u.env, e, u.sec);
    const cInst = u.env * model.nSvc + edge.to;
    const external = model.services[edge.to]?.type === 'external';
    const zoneDown = !external && (cause === 'unavailable' || cause === 'timeout') && downZones(v, u.env, edge.to, u.sec) !== 0 && r.next() < 0.7;
    const croutes = routesOf(model, edge.to);
    const croute = croutes[Math.floor(r.next() * croutes.length)] ?? { method: 'GET', path: '/' };
    const attempt = stage === 'retry' ? 1 + Math.floor(r.next() * Math.max(1, R - 1)) : R;
    const h = Math.floor(r.next() * 0x7fffffff);
    const info = callInfo(v, u.env, u.svc, e, u.sec, { attempt, maxAttempts: R, route: { method: croute.method, path: concretePath(croute, h) }, ip: calleeIp(v, cInst, u.sec, r.next(), zoneDown), zoneDown, atMs: u.sec * 1000 + 500, h });
    emit(callFailureLine(info, cause, stage));
  };
  for (let k = 0; k < (errs[1] ?? 0); k++) {
    const e = pick(depWeights, r.next());
    if (e !== undefined) callLine(e, 'final');
  }
  const retryWeights = edges.map((e) => [e, edgeSecCounts(v, u.env, e, u.sec).retries] as [number, number]);
  for (let k = 0; k < (warns[0] ?? 0); k++) {
    const e = pick(retryWeights, r.next());
    if (e !== undefined) callLine(e, 'retry');
  }
  const optional = edges.filter((e) => model.edges[e]?.critical === false).map((e) => [e, edgeMix(v, u.env, e, u.sec).pFail] as [number, number]);
  for (let k = 0; k < (warns[1] ?? 0); k++) {
    const e = pick(optional, r.next());
    if (e !== undefined) callLine(e, 'fallback');
  }
  // Requests this service turned away itself.
  const refusal = (kind: 'reject' | 'expired' | 'shed' | 'rateLimit', count: number) => {
    for (let k = 0; k < count; k++) {
      const route = pickRoute();
      const deadline = callers.length > 0 ? (model.edges[callers[0] ?? 0]?.timeoutMs ?? 1000) : (model.scenario.traffic[0]?.clientTimeoutMs ?? 10_000);
      emit(refusalLine(u.lang, u.gateway, kind, { method: route.method, path: concretePath(route, k) }, { waitedMs: deadline * (1 + 0.05 * r.next()), deadlineMs: deadline, queueLimit, clientIp: client().ip, h: Math.floor(r.next() * 0x7fffffff) }));
    }
  };
  refusal('reject', errs[2] ?? 0);
  refusal('expired', errs[3] ?? 0);
  refusal('shed', warns[2] ?? 0);
  refusal('rateLimit', warns[3] ?? 0);

  // A sample of the rest as access (or message-processing) lines.
  const consumer = !!u.def.consumes;
  const want = Math.max(0, Math.min(ACCESS_PER_SEC, c.received) - (consumer ? seen.consume : seen.access));
  const mix = serverMix(v, u.inst, u.sec);
  const dist = distAt(v, u.inst, u.sec);
  const outcomes: [ServerOutcome, number][] = [['ok', mix.ok], ['own', mix.own], ['dep', mix.dep], ['reject', mix.reject], ['expired', mix.expired], ['shed', mix.shed], ['rateLimit', mix.rateLimit]];
  for (let k = 0; k < want; k++) {
    const oc = pick(outcomes, r.next()) ?? 'ok';
    const p = pod();
    if (consumer) {
      if (oc !== 'ok') continue;
      const topic = u.def.consumes ?? 'events';
      const part = Math.floor(r.next() * (model.services[model.svcIndex.get(topic) ?? -1]?.partitions ?? 6));
      emit(consumeLine(u.lang, topic, part, 1_000_000 + u.sec * 7 + k, sampleLatency(r, dist)), p);
      continue;
    }
    const route = pickRoute();
    const cl = client();
    const status = oc === 'ok' ? (route.method === 'POST' ? 201 : 200) : oc === 'own' ? 500 : oc === 'dep' ? (u.gateway ? 503 : 500) : oc === 'reject' ? 503 : oc === 'expired' ? 504 : 429;
    const dur = oc === 'reject' || oc === 'shed' || oc === 'rateLimit' ? 0.3 + r.next() : sampleLatency(r, dist);
    const start = u.sec * 1000 + r.next() * 999 - dur;
    const h = Math.floor(r.next() * 0x7fffffff);
    const ids = unsampledId(u, n++);
    out.push({
      timeMs: start + dur,
      pod: p.name,
      ...ids,
      line: accessLine(u.lang, u.gateway, {
        route: { method: route.method, path: concretePath(route, h) },
        status,
        durationMs: dur,
        bytes: status >= 400 ? 19 + (h % 120) : 200 + (h % 4000),
        clientIp: cl.ip,
        userAgent: cl.ua,
        requestId: requestId(h),
        authority: u.gateway ? 'shop.example.com' : `${u.svcId}:8080`,
        upstream: u.gateway ? `${podIp(`${resourceOf(route.path)}-${h % 5}`, u.env)}:8080` : '-',
        flags: oc === 'reject' ? 'UO' : oc === 'dep' && u.gateway ? 'UF' : '-',
        isoStart: formatIsoMs(model.startEpochSec * 1000 + Math.floor(Math.max(0, start))),
      }),
    });
  }

  if (errCapped || warnCapped) {
    for (const p of out) {
      if (errCapped && (p.line.severity === 'ERROR' || p.line.severity === 'FATAL')) p.line = { ...p.line, attrs: { ...p.line.attrs, errors_in_second: trueErr } };
      if (warnCapped && p.line.severity === 'WARN') p.line = { ...p.line, attrs: { ...p.line.attrs, warnings_in_second: trueWarn } };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Queries

function sevIndex(s: Severity | undefined): number {
  return s ? SEVERITIES.indexOf(s) : 0;
}

function instances(v: View, q: Pick<LogQuery, 'service' | 'env'>): number[] {
  const svcs = q.service === undefined ? v.model.svcIds.map((_, i) => i) : [v.model.svcIndex.get(q.service) ?? -1].filter((s) => s >= 0);
  const envs = q.env === undefined ? v.model.envIds.map((_, i) => i) : [v.model.envIndex.get(q.env) ?? -1].filter((e) => e >= 0);
  const out: number[] = [];
  for (const e of envs) for (const s of svcs) if (v.model.services[s]?.type !== 'external') out.push(e * v.model.nSvc + s);
  return out;
}

function matcher(q: LogQuery): (r: LogRecord) => boolean {
  const min = sevIndex(q.minSeverity);
  const text = q.text?.toLowerCase();
  return (r) => {
    if (SEVERITIES.indexOf(r.severity) < min) return false;
    if (q.traceId && r.traceId !== q.traceId.toLowerCase()) return false;
    if (text && !r.body.toLowerCase().includes(text) && !(r.stack ?? '').toLowerCase().includes(text)) return false;
    return true;
  };
}

/** The units (instance, second) holding lines of one trace, from its id alone. */
function traceUnits(v: View, traceId: string): [number, number][] {
  const key = decodeTraceId(v.seed, traceId.toLowerCase());
  if (!key) return [];
  if (!key.sampled) return key.sec < v.horizon && key.entry < v.model.nSvc && key.env < v.model.nEnv ? [[key.env * v.model.nSvc + key.entry, key.sec]] : [];
  const g = generate(v, key);
  if (!g) return [];
  const seen = new Set<string>();
  const units: [number, number][] = [];
  for (const h of g.hints) {
    const sec = Math.floor(hintTimeMs(h) / 1000);
    if (sec - key.sec > v.lookbackSec) continue; // beyond the look-back: no line was written for it
    const inst = key.env * v.model.nSvc + h.svc;
    const k = `${inst}:${sec}`;
    if (seen.has(k)) continue;
    seen.add(k);
    units.push([inst, sec]);
  }
  return units.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

function evictTraces(v: View, sec: number): void {
  for (let e = 0; e < v.model.nEnv; e++) {
    v.memo.delete(`tr:${e}:${sec}`);
    v.memo.delete(`hx:${e}:${sec}`);
  }
}

export function searchLogsIn(v: View, q: LogQuery): LogSearchResult {
  const limit = Math.max(1, Math.min(MAX_LOG_LIMIT, Math.floor(q.limit ?? DEFAULT_LOG_LIMIT)));
  const from = Math.max(0, Math.floor(q.fromSec));
  const to = Math.min(v.horizon, Math.ceil(q.toSec));
  const desc = q.order === 'desc';
  const match = matcher(q);
  const allowed = new Set(instances(v, q));
  if (q.traceId) {
    const units = traceUnits(v, q.traceId).filter(([inst, sec]) => allowed.has(inst) && sec >= from && sec < to);
    let recs: LogRecord[] = [];
    for (const [inst, sec] of units) recs.push(...unitLogs(v, inst, sec).filter(match));
    recs = recs.sort((a, b) => a.timeMs - b.timeMs);
    if (desc) recs.reverse();
    return { records: recs.slice(0, limit), truncated: recs.length > limit, scannedSeconds: units.length };
  }
  const insts = [...allowed];
  const records: LogRecord[] = [];
  let scanned = 0;
  for (let i = 0; i < to - from; i++) {
    const sec = desc ? to - 1 - i : from + i;
    if (scanned + insts.length > MAX_SCAN_UNITS) return { records, truncated: true, scannedSeconds: scanned, resumeSec: desc ? sec + 1 : sec };
    const batch: LogRecord[] = [];
    for (const inst of insts) batch.push(...unitLogs(v, inst, sec).filter(match));
    scanned += insts.length;
    batch.sort((a, b) => a.timeMs - b.timeMs);
    if (desc) batch.reverse();
    for (const r of batch) {
      if (records.length >= limit) return { records, truncated: true, scannedSeconds: scanned };
      records.push(r);
    }
    evictTraces(v, desc ? sec + v.lookbackSec : sec - v.lookbackSec);
  }
  return { records, truncated: false, scannedSeconds: scanned };
}

export function logCountsIn(v: View, q: LogQuery, bucketSec: number): LogBucket[] {
  const step = Math.max(1, Math.floor(bucketSec));
  const from = Math.max(0, Math.floor(q.fromSec));
  const to = Math.min(v.horizon, Math.ceil(q.toSec));
  const match = matcher(q);
  const buckets: LogBucket[] = [];
  for (let s = from; s < to; s += step) buckets.push({ startSec: s, counts: { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 } });
  const allowed = new Set(instances(v, q));
  if (q.traceId) {
    for (const [inst, sec] of traceUnits(v, q.traceId)) {
      if (!allowed.has(inst) || sec < from || sec >= to) continue;
      for (const r of unitLogs(v, inst, sec).filter(match)) {
        const b = buckets[Math.floor((sec - from) / step)];
        if (b) b.counts[r.severity] += 1;
      }
    }
    return buckets;
  }
  const insts = [...allowed];
  const units = insts.length * Math.max(0, to - from);
  if (units <= MAX_SCAN_UNITS) {
    for (let sec = from; sec < to; sec++) {
      const b = buckets[Math.floor((sec - from) / step)];
      for (const inst of insts) for (const r of unitLogs(v, inst, sec).filter(match)) if (b) b.counts[r.severity] += 1;
      evictTraces(v, sec - v.lookbackSec);
    }
    return buckets;
  }
  // Too many to count: every stride-th second of each bucket (at least one), scaled up, and
  // without trace look-ups (see unitLogs): deterministic, bounded, marked as an estimate.
  const stride = Math.ceil(units / MAX_SCAN_UNITS);
  for (const b of buckets) {
    const end = Math.min(to, b.startSec + step);
    let seen = 0;
    for (let sec = b.startSec; sec < end; sec += stride) {
      seen += 1;
      for (const inst of insts) for (const r of unitLogs(v, inst, sec, false).filter(match)) b.counts[r.severity] += 1;
    }
    const scale = (end - b.startSec) / Math.max(1, seen);
    for (const s of SEVERITIES) b.counts[s] = Math.round(b.counts[s] * scale);
    b.estimated = true;
  }
  return buckets;
}

// ---------------------------------------------------------------------------------------------
// Public API over a Sim

export function logsAt(sim: Sim, service: string, env: string, sec: number): LogRecord[] {
  return withView(sim, (v) => {
    const s = v.model.svcIndex.get(service);
    const e = v.model.envIndex.get(env);
    if (s === undefined || e === undefined || !Number.isInteger(sec)) return [];
    return unitLogs(v, e * v.model.nSvc + s, sec);
  });
}

export function searchLogs(sim: Sim, q: LogQuery): LogSearchResult {
  return withView(sim, (v) => searchLogsIn(v, q));
}

export function logCounts(sim: Sim, q: LogQuery, bucketSec: number): LogBucket[] {
  return withView(sim, (v) => logCountsIn(v, q, bucketSec));
}
