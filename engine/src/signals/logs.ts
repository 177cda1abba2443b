// Logs, generated lazily per (service, environment, second) from a seeded stream named after
// that unit, so any second can be read in any order and always reads the same. A unit's lines:
//   - lines of sampled requests, taken from the traces (same trace and span ids, same words);
//   - the rest of the requests of that second: up to ACCESS_PER_SEC access lines and one line
//     per failure (ERROR_CAP errors and WARN_CAP warnings at most; the true count is then in the
//     attribute errors_in_second / warnings_in_second), with unsampled trace ids;
//   - runtime, resource and fault-signature lines, background noise and red herrings;
//   - pod lifecycle lines (Kubernetes events, startup, shutdown, last words before a kill).
// Queries over these (searches, histograms) are in logQueries.ts; summaries, which count a
// unit's lines without generating them, in summary.ts.

import { stream, type Stream } from '../random/rng.ts';
import { formatIsoMs } from '../core/time.ts';
import type { LogRecord, Severity } from './types.ts';
import { encodeTraceId, hashWords, spanIdOf, type TraceKey } from './ids.ts';
import { accessLine, consumeLine, ownFailureLine, refusalLine, type Line, type Route } from './templates.ts';
import { callFailureLine, callFailureSeverity } from './clientErrors.ts';
import { calleeIp, concretePath, podIp, routesOf } from './routes.ts';
import { runningPods, servingPods, type PodRecord } from './pods.ts';
import { entryReaches, hintTimeMs, secondTraces, traceOf, unitHintsOf, type Hint, type HintKind } from './traces.ts';
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
  type AttemptCause,
  type SecCounts,
  type ServerOutcome,
  type View,
} from './view.ts';
import { CAUSES, F_CALL, F_FALLBACK, F_OWN, F_REFUSE, F_RETRY, traceReach } from './logIndex.ts';
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
 * search returns truncated with resumeSec. Filtered searches generate only the units whose
 * summaries allow a match (logQueries.ts), histograms none unless they filter by text.
 */
export const MAX_SCAN_UNITS = 10_000;
export const ERROR_CAP = 25;
export const WARN_CAP = 15;
export const ACCESS_PER_SEC = 3;

const APP_LANGS = new Set(['java', 'go', 'node', 'python']);

export function makeUnit(v: View, inst: number, sec: number, dry = false): Unit | null {
  const svc = inst % v.model.nSvc;
  const env = Math.floor(inst / v.model.nSvc);
  const def = v.model.services[svc];
  if (!def || def.type === 'external' || sec < 0 || sec >= v.horizon || env >= v.model.nEnv) return null;
  const down = downZones(v, env, svc, sec);
  const svcId = v.model.svcIds[svc] ?? '';
  const envId = v.model.envIds[env] ?? '';
  // A summary of an instrumented unit draws from a stand-in: its request lines, which draw
  // first, are counted instead of generated (see Unit.dry).
  const standIn = dry && instrumented(v, svc);
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
    r: standIn ? standInStream() : stream(v.seed, `logs:${svcId}:${envId}:${sec}`),
    dry,
    inexact: false,
    extraText: [],
  };
}

/** A cheap stream for summaries, where draws only place lines and never decide how many. */
function standInStream(): Stream {
  let x = 0x9e3779b9;
  return {
    next: () => {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      return x / 0x1_0000_0000;
    },
    state: () => ({}),
  };
}

/**
 * What the lines of a unit's sampled requests (taken from traces) did to the rest of its lines:
 * how many of each kind there were (the rest of the second's requests get ordinary lines), and
 * how many were at ERROR/FATAL and at WARN (they count towards ERROR_CAP and WARN_CAP).
 */
export interface LinkCensus {
  seen: Record<HintKind, number>;
  err: number;
  warn: number;
}

export function emptySeen(): Record<HintKind, number> {
  return { access: 0, own: 0, retry: 0, final: 0, fallback: 0, reject: 0, expired: 0, shed: 0, rateLimit: 0, flag: 0, consume: 0 };
}

/**
 * The hints (lines of sampled requests) a unit writes, in the order of the traces: by the
 * second the trace started (newest first), then trace, then line. Only traces of entries that
 * reach the service are generated, and look-back seconds whose traces all ended earlier (known
 * once the log index has summarised them) are skipped.
 */
export function unitHints(v: View, u: Unit): Hint[] {
  const out: Hint[] = [];
  const reaches = entryReaches(v);
  const nSvc = v.model.nSvc;
  for (let d = 0; d <= v.lookbackSec && u.sec - d >= 0; d++) {
    const s = u.sec - d;
    const reach = traceReach(v, u.env, s);
    if (reach !== undefined && reach < d) continue;
    const st = secondTraces(v, s, u.env);
    for (let k = 0; k < st.keys.length; k++) {
      const key = st.keys[k];
      if (!key || !reaches[key.entry]?.[u.svc]) continue;
      const g = traceOf(v, st, k);
      const hs = g ? unitHintsOf(g, nSvc, u.svc, u.sec) : undefined;
      if (hs) for (const h of hs) out.push(h);
    }
  }
  return out;
}

/** How a unit treats the lines of its sampled requests. */
export type LinkMode =
  /** Taken from the traces (what logsAt shows). */
  | 'linked'
  /** Left out, their requests getting ordinary lines instead: the same counts without traces, for estimates. */
  | 'unlinked'
  /** Left out, with their census given: every other line exactly as 'linked' writes it. */
  | LinkCensus;

/**
 * All lines of one instance in one second, sorted by time. `linked: false` leaves out the
 * sampled requests' lines taken from traces (their requests then get ordinary lines instead):
 * the same counts without generating traces, for histogram estimates.
 */
export function unitLogs(v: View, inst: number, sec: number, linked = true): LogRecord[] {
  return unitRecords(v, inst, sec, linked ? 'linked' : 'unlinked');
}

export function unitRecords(v: View, inst: number, sec: number, mode: LinkMode): LogRecord[] {
  const u = makeUnit(v, inst, sec);
  if (!u) return [];
  const pending: Pending[] = [];
  if (instrumented(v, u.svc)) {
    if (mode === 'linked') pending.push(...requestLines(u, unitHints(v, u)));
    else if (mode === 'unlinked') pending.push(...requestLines(u, []));
    else pending.push(...requestLines(u, [], mode));
  } else pending.push(...infraLines(u));
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

/** What the rest of a second's requests write, decided before any line is drawn (no draws here). */
interface RequestPlan {
  c: SecCounts;
  edges: readonly number[];
  /** Kept ERROR lines: own failures, failed calls, rejected, expired. */
  errs: number[];
  /** Kept WARN lines: retries, fallbacks, shed, rate-limited. */
  warns: number[];
  trueErr: number;
  trueWarn: number;
  errCapped: boolean;
  warnCapped: boolean;
  consumer: boolean;
  /** Access (or message-processing) lines to draw. */
  want: number;
}

/** Which call failed a request because of a dependency, weighted (see depEdgeWeights). */
function depWeightsOf(u: Unit): [number, number][] {
  return depEdgeWeights(u.v, u.env, u.svc, u.sec);
}

/** Which call was retried, weighted by its retries this second. */
function retryWeightsOf(u: Unit): [number, number][] {
  return (u.v.model.outEdges[u.svc] ?? []).map((e) => [e, edgeSecCounts(u.v, u.env, e, u.sec).retries] as [number, number]);
}

/** Which optional call fell back, weighted by its failure rate. */
function optionalOf(u: Unit): [number, number][] {
  const model = u.v.model;
  return (model.outEdges[u.svc] ?? []).filter((e) => model.edges[e]?.critical === false).map((e) => [e, edgeMix(u.v, u.env, e, u.sec).pFail] as [number, number]);
}

/** How the second's requests ended, weighted, for access lines. */
function outcomesOf(u: Unit): [ServerOutcome, number][] {
  const mix = serverMix(u.v, u.inst, u.sec);
  return [['ok', mix.ok], ['own', mix.own], ['dep', mix.dep], ['reject', mix.reject], ['expired', mix.expired], ['shed', mix.shed], ['rateLimit', mix.rateLimit]];
}

function requestPlan(u: Unit, link: LinkCensus): RequestPlan {
  const v = u.v;
  const model = v.model;
  const seen = link.seen;
  const c = secCounts(v, u.inst, u.sec);
  const edges = model.outEdges[u.svc] ?? [];
  const killSwitch = edges.some((e) => callDisabled(v, u.svc, model.edges[e]?.to ?? -1, u.sec));
  const retryCount = edges.reduce((a, e) => a + edgeSecCounts(v, u.env, e, u.sec).retries, 0);
  const errKinds = ['own', 'final', 'reject', 'expired'] as const;
  const warnKinds = ['retry', 'fallback', 'shed', 'rateLimit'] as const;
  const wantErr = [c.failedOwn, c.failedDep, c.failedReject, c.failedTimeout].map((n, i) => Math.max(0, n - seen[errKinds[i] as HintKind]));
  const wantWarn = [retryCount, killSwitch ? 0 : c.degraded, c.failedShed, c.failedRateLimit].map((n, i) => Math.max(0, n - seen[warnKinds[i] as HintKind]));
  const errs = fit(wantErr, Math.max(0, ERROR_CAP - link.err));
  const warns = fit(wantWarn, Math.max(0, WARN_CAP - link.warn));
  const trueErr = link.err + wantErr.reduce((a, b) => a + b, 0);
  const trueWarn = link.warn + wantWarn.reduce((a, b) => a + b, 0);
  const consumer = !!u.def.consumes;
  return {
    c,
    edges,
    errs,
    warns,
    trueErr,
    trueWarn,
    errCapped: trueErr > link.err + errs.reduce((a, b) => a + b, 0),
    warnCapped: trueWarn > link.warn + warns.reduce((a, b) => a + b, 0),
    consumer,
    want: Math.max(0, Math.min(ACCESS_PER_SEC, c.received) - (consumer ? seen.consume : seen.access)),
  };
}

function requestLines(u: Unit, hints: readonly Hint[], census?: LinkCensus): Pending[] {
  const v = u.v;
  const model = v.model;
  const out: Pending[] = [];
  const fallbackPod = (u.serving[0] ?? u.running[0])?.name ?? `${u.svcId}-0`;

  // 1. Lines of sampled requests, from the traces that started up to lookbackSec ago.
  let link = census;
  if (!link) {
    const seen = emptySeen();
    for (const h of hints) {
      seen[h.kind] += 1;
      const pod = h.span.attributes['k8s.pod.name'];
      out.push({ timeMs: hintTimeMs(h), line: h.render(), pod: typeof pod === 'string' ? pod : fallbackPod, traceId: h.span.traceId, spanId: h.span.spanId });
    }
    link = { seen, err: out.filter((p) => p.line.severity === 'ERROR' || p.line.severity === 'FATAL').length, warn: out.filter((p) => p.line.severity === 'WARN').length };
  }
  if (u.serving.length === 0) return out;

  // 2. Everything else that happened to requests this second.
  const plan = requestPlan(u, link);
  const { errs, warns } = plan;
  const r = u.r;

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
  const depWeights = depWeightsOf(u);
  for (let k = 0; k < (errs[1] ?? 0); k++) {
    const e = pick(depWeights, r.next());
    if (e !== undefined) callLine(e, 'final');
  }
  const retryWeights = retryWeightsOf(u);
  for (let k = 0; k < (warns[0] ?? 0); k++) {
    const e = pick(retryWeights, r.next());
    if (e !== undefined) callLine(e, 'retry');
  }
  const optional = optionalOf(u);
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
  const consumer = plan.consumer;
  const outcomes = outcomesOf(u);
  const dist = distAt(v, u.inst, u.sec);
  for (let k = 0; k < plan.want; k++) {
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

  if (plan.errCapped || plan.warnCapped) {
    for (const p of out) {
      if (plan.errCapped && (p.line.severity === 'ERROR' || p.line.severity === 'FATAL')) p.line = { ...p.line, attrs: { ...p.line.attrs, errors_in_second: plan.trueErr } };
      if (plan.warnCapped && p.line.severity === 'WARN') p.line = { ...p.line, attrs: { ...p.line.attrs, warnings_in_second: plan.trueWarn } };
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Counting without generating (for the log index, summary.ts)

/** Lines of each severity, in SEVERITIES order. */
export type SevCounts = [number, number, number, number, number];

const SEV_INDEX: Record<Severity, number> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3, FATAL: 4 };

export function sevIndexOf(s: Severity): number {
  return SEV_INDEX[s];
}

/** What counting a unit's request lines found, besides the counts. */
export interface RequestCount {
  /** Kinds of failure lines it has, not drawn (F_OWN, F_CALL, F_RETRY, F_FALLBACK, F_REFUSE of logIndex.ts). */
  failures: number;
  /** Access, message-processing and flag lines, not drawn. */
  plain: number;
  /** The causes the failed-call lines it draws can give (bits of logIndex.ts's CAUSES). */
  causes: number;
}

/** Bits of the causes a failed attempt on call `e` can be drawn with at `sec` (see requestLines' callLine). */
function causeBits(u: Unit, e: number): number {
  let bits = 0;
  for (const [c, w] of edgeMix(u.v, u.env, e, u.sec).causes) if (w > 0) bits |= 1 << CAUSES.indexOf(c);
  return bits === 0 ? 1 << CAUSES.indexOf('http500') : bits;
}

function causesOf(u: Unit, weights: readonly (readonly [number, number])[]): number {
  let bits = 0;
  for (const [e, w] of weights) if (w > 0) bits |= causeBits(u, e);
  return bits;
}

const hasWeight = (items: readonly (readonly [unknown, number])[]) => items.some((x) => x[1] > 0);

/**
 * Adds to `counts` the lines requestLines writes for `u`, given the census of its linked lines,
 * without drawing them: every count requestLines emits is a pure function of the plan, except
 * two draws this cannot settle, which set u.inexact (the caller then generates the unit).
 */
export function countRequestLines(u: Unit, link: LinkCensus, linkedInfo: number, counts: SevCounts): RequestCount {
  const seen = link.seen;
  let failures = 0;
  if (seen.own > 0) failures |= F_OWN;
  if (seen.final > 0) failures |= F_CALL;
  if (seen.retry > 0) failures |= F_RETRY;
  if (seen.fallback > 0) failures |= F_FALLBACK;
  if (seen.reject + seen.expired + seen.shed + seen.rateLimit > 0) failures |= F_REFUSE;
  const res: RequestCount = { failures, plain: linkedInfo, causes: 0 };
  counts[1] += linkedInfo;
  counts[2] += link.warn;
  counts[3] += link.err;
  if (u.serving.length === 0) return res;
  const plan = requestPlan(u, link);
  const { errs, warns } = plan;
  const model = u.v.model;
  const own = errs[0] ?? 0;
  const refused = [errs[2], errs[3], warns[2], warns[3]].reduce((a: number, b) => a + (b ?? 0), 0);
  let err = own + (errs[2] ?? 0) + (errs[3] ?? 0);
  let warn = (warns[2] ?? 0) + (warns[3] ?? 0);
  const finals = errs[1] ?? 0;
  const depWeights = finals > 0 ? depWeightsOf(u) : [];
  if (hasWeight(depWeights)) {
    err += finals;
    res.failures |= F_CALL;
    res.causes |= causesOf(u, depWeights);
  }
  const retries = warns[0] ?? 0;
  const retryWeights = retries > 0 ? retryWeightsOf(u) : [];
  if (hasWeight(retryWeights)) {
    warn += retries;
    res.failures |= F_RETRY;
    res.causes |= causesOf(u, retryWeights);
  }
  const fallbacks = warns[1] ?? 0;
  const optional = fallbacks > 0 ? optionalOf(u) : [];
  if (hasWeight(optional)) {
    // The severity depends on the callee (at a gateway), so on which optional call was drawn.
    const sevs = new Set(optional.filter((x) => x[1] > 0).map(([e]) => callFailureSeverity(u.gateway, model.services[model.edges[e]?.to ?? -1]?.type ?? 'api', 'fallback')));
    if (sevs.size > 1) u.inexact = true;
    else if (sevs.has('ERROR')) err += fallbacks;
    else warn += fallbacks;
    res.failures |= F_FALLBACK;
    res.causes |= causesOf(u, optional);
  }
  let plain = plan.want;
  if (plan.consumer && plan.want > 0) {
    // A consumer writes a line only for a message that was processed: a draw, unless all or none were.
    const outcomes = outcomesOf(u);
    const ok = outcomes.some(([o, w]) => o === 'ok' && w > 0);
    const failed = outcomes.some(([o, w]) => o !== 'ok' && w > 0);
    if (failed && ok) u.inexact = true;
    else if (failed) plain = 0;
  }
  counts[1] += plain;
  counts[2] += warn;
  counts[3] += err;
  if (own > 0) res.failures |= F_OWN;
  if (refused > 0) res.failures |= F_REFUSE;
  res.plain += plain;
  return res;
}

/** Pending lines of a unit other than its request lines (no draws depend on request lines in a dry unit). */
export function otherLines(u: Unit): Pending[] {
  const pending: Pending[] = [];
  if (!instrumented(u.v, u.svc)) pending.push(...infraLines(u));
  if (APP_LANGS.has(u.lang)) pending.push(...appNoise(u));
  pending.push(...lifecycleLines(u));
  return pending;
}
