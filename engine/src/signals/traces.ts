// Sampled traces, generated on demand from (second, environment, entry, slot). A trace walks
// the call graph from a traffic entry (or a queue consumer); at every service the outcome is
// drawn from what the recorder says happened in that 10 s row (the share of requests that
// failed and why, how attempts on each call failed), and durations from the service's latency
// distribution. Failures are drawn top-down: a request that failed because of a dependency
// picks the failing call, which picks why its attempts failed, which may force the callee to
// fail, and so on, so a failed entry span always leads to the span that explains it.
//
// Sampling: per entry and second, one head-sampled trace (slot 0, when a request arrived) and
// up to MAX_ERROR_TRACES tail-sampled error traces (slots 1..), as a tail-based sampler that
// keeps errors would. Each span also carries the log lines its service wrote for it (hints),
// which logs.ts emits in the second they happen, with the trace's ids.

import { stream, type Stream } from '../random/rng.ts';
import { formatIsoMs } from '../core/time.ts';
import type { Severity, Span, Trace } from './types.ts';
import { encodeTraceId, hashWords, spanIdOf, unit, type TraceKey } from './ids.ts';
import { resourceOf } from './format.ts';
import { accessLine, consumeLine, flagLine, ownFailureLine, refusalLine, statementOf, type Line, type Route } from './templates.ts';
import { attemptStatus, callFailureLine, callFailureSeverity, exceptionOf, statusForFailedCall, type CallStage } from './clientErrors.ts';
import { calleeIp, concretePath, podFor, podIp, routesOf } from './routes.ts';
import { expo, internalAgent, ownMeanMs, publicClient, requestId, round3, sampleLatency, waitOf } from './sampling.ts';
import { calleeAddress, callInfo, depEdgeWeights, ownChoice } from './causes.ts';
import {
  SERVER_FAILURES,
  callDisabled,
  depAddMs,
  distAt,
  downZones,
  edgeMix,
  flagOn,
  instrumented,
  langOf,
  maxAttempts,
  metric,
  pick,
  secCounts,
  serverMix,
  type AttemptCause,
  type ServerOutcome,
  type View,
} from './view.ts';

export const MAX_ERROR_TRACES = 5;
/** Spans per trace before the walk stops (wide fan-outs of big graphs). */
export const MAX_SPANS = 400;

/** A log line a span's service wrote for it, placed relative to the span's (final) times. */
export type HintKind = 'access' | 'own' | 'retry' | 'final' | 'fallback' | 'reject' | 'expired' | 'shed' | 'rateLimit' | 'flag' | 'consume';

export interface Hint {
  kind: HintKind;
  /** The severity render() gives, known without rendering (log summaries count by it). */
  sev: Severity;
  svc: number;
  span: Span;
  anchor: 'start' | 'end';
  offsetMs: number;
  render: () => Line;
}

export function hintTimeMs(h: Hint): number {
  const end = h.span.startMs + h.span.durationMs;
  return h.anchor === 'start' ? Math.min(end, h.span.startMs + h.offsetMs) : end - h.offsetMs;
}

export interface Generated {
  key: TraceKey;
  trace: Trace;
  hints: Hint[];
  /** Hints by log unit, built on first use: see unitHintsOf. */
  byUnit?: Map<number, Hint[]>;
}

interface Gen {
  v: View;
  env: number;
  sec: number;
  r: Stream;
  traceId: string;
  spans: Span[];
  hints: Hint[];
  truncated: boolean;
}

function sameRoute(a: Route, b: Route): boolean {
  return a.method === b.method && a.path === b.path;
}

// ---------------------------------------------------------------------------------------------
// Slots

/** How many traces were sampled for one entry in one second: a head trace and error traces. */
export function slotsOf(v: View, sec: number, env: number, entry: number): { head: boolean; errors: number } {
  const e = v.entries[entry];
  const envDef = v.model.scenario.environments[env];
  if (!e || !envDef || sec < 0 || sec >= v.horizon) return { head: false, errors: 0 };
  let share = 1;
  if (e.traffic >= 0) {
    const weight = (k: number) => {
      const t = v.model.scenario.traffic[k];
      if (!t) return 0;
      return t.rps * (t.env ? (t.env === envDef.id ? 1 : 0) : envDef.trafficScale);
    };
    let total = 0;
    v.model.scenario.traffic.forEach((t, k) => {
      if (v.model.svcIndex.get(t.entry) === e.svc) total += weight(k);
    });
    const w = weight(e.traffic);
    if (w <= 0 || total <= 0) return { head: false, errors: 0 };
    share = w / total;
  }
  const c = secCounts(v, env * v.model.nSvc + e.svc, sec);
  const arrivals = c.received * share;
  const failures = (c.failedOwn + c.failedDep + c.failedTimeout + c.failedReject + c.failedUnavailable + c.failedShed + c.failedRateLimit) * share;
  const h = hashWords(v.seed, sec, env, entry);
  return {
    head: arrivals >= 1 || unit(h) < arrivals,
    errors: Math.min(MAX_ERROR_TRACES, Math.floor(failures + unit(hashWords(h, 1)))),
  };
}

export function keysAt(v: View, sec: number, env: number): TraceKey[] {
  const out: TraceKey[] = [];
  for (const e of v.entries) {
    const s = slotsOf(v, sec, env, e.index);
    if (s.head) out.push({ sec, env, entry: e.index, slot: 0, sampled: true });
    for (let k = 1; k <= s.errors; k++) out.push({ sec, env, entry: e.index, slot: k, sampled: true });
  }
  return out;
}

/**
 * The traces sampled in one second of one environment, generated one by one as asked for and
 * memoised for the current call: a log unit needs only the traces that can reach its service.
 */
export interface SecondTraces {
  keys: TraceKey[];
  /** Per key: undefined until generated, null when the key has no trace. */
  gens: (Generated | null | undefined)[];
}

const TRACE_MEMO = 'traces';

function traceMemo(v: View): Map<number, SecondTraces> {
  let m = v.memo.get(TRACE_MEMO) as Map<number, SecondTraces> | undefined;
  if (!m) {
    m = new Map();
    v.memo.set(TRACE_MEMO, m);
  }
  return m;
}

export function secondTraces(v: View, sec: number, env: number): SecondTraces {
  const m = traceMemo(v);
  const k = sec * v.model.nEnv + env;
  let st = m.get(k);
  if (!st) {
    const keys = keysAt(v, sec, env);
    st = { keys, gens: new Array<Generated | null | undefined>(keys.length) };
    m.set(k, st);
  }
  return st;
}

/** The k-th trace of a second (see secondTraces), generated on first use. */
export function traceOf(v: View, st: SecondTraces, k: number): Generated | null {
  let g = st.gens[k];
  if (g === undefined) {
    const key = st.keys[k];
    g = key ? generate(v, key) : null;
    st.gens[k] = g;
  }
  return g;
}

/** Every trace sampled in one second of one environment (memoised for the current call). */
export function tracesAt(v: View, sec: number, env: number): Generated[] {
  const st = secondTraces(v, sec, env);
  const out: Generated[] = [];
  for (let k = 0; k < st.keys.length; k++) {
    const g = traceOf(v, st, k);
    if (g) out.push(g);
  }
  return out;
}

/** Drops memoised traces of seconds outside [lo, hi) (all environments). */
export function evictTracesOutside(v: View, lo: number, hi: number): void {
  const m = v.memo.get(TRACE_MEMO) as Map<number, SecondTraces> | undefined;
  if (!m) return;
  const nEnv = v.model.nEnv;
  for (const k of m.keys()) {
    const sec = Math.floor(k / nEnv);
    if (sec < lo || sec >= hi) m.delete(k);
  }
}

/** The second a hint's line is written in. */
export function hintSec(h: Hint): number {
  return Math.floor(hintTimeMs(h) / 1000);
}

/**
 * The hints of one trace written by service `svc` in second `sec`, in the trace's order. The
 * trace's hints are indexed by (service, second) on first use.
 */
export function unitHintsOf(g: Generated, nSvc: number, svc: number, sec: number): Hint[] | undefined {
  let idx = g.byUnit;
  if (!idx) {
    idx = new Map();
    for (const h of g.hints) {
      const k = hintSec(h) * nSvc + h.svc;
      const list = idx.get(k);
      if (list) list.push(h);
      else idx.set(k, [h]);
    }
    g.byUnit = idx;
  }
  return idx.get(sec * nSvc + svc);
}

/** Per traffic entry, the services its traces can reach (the entry's service and everything below it). */
const reachCache = new WeakMap<View['model'], Uint8Array[]>();

export function entryReaches(v: View): Uint8Array[] {
  const model = v.model;
  let all = reachCache.get(model);
  if (!all) {
    all = v.entries.map((e) => {
      const seen = new Uint8Array(model.nSvc);
      const stack = [e.svc];
      while (stack.length > 0) {
        const s = stack.pop() as number;
        if (seen[s]) continue;
        seen[s] = 1;
        for (const ed of model.outEdges[s] ?? []) {
          const to = model.edges[ed]?.to;
          if (to !== undefined && !seen[to]) stack.push(to);
        }
      }
      return seen;
    });
    reachCache.set(model, all);
  }
  return all;
}

// ---------------------------------------------------------------------------------------------
// Generation

export function generate(v: View, key: TraceKey): Generated | null {
  const e = v.entries[key.entry];
  if (!e || !key.sampled || key.sec < 0 || key.sec >= v.horizon || key.env >= v.model.nEnv) return null;
  const slots = slotsOf(v, key.sec, key.env, key.entry);
  if (key.slot === 0 ? !slots.head : key.slot > slots.errors) return null;
  const traceId = encodeTraceId(v.seed, key);
  const g: Gen = {
    v,
    env: key.env,
    sec: key.sec,
    r: stream(v.seed, `trace:${key.sec}:${key.env}:${key.entry}:${key.slot}`),
    traceId,
    spans: [],
    hints: [],
    truncated: false,
  };
  const inst = key.env * v.model.nSvc + e.svc;
  const mix = serverMix(v, inst, key.sec);
  const fails = SERVER_FAILURES.map((f) => [f, mix[f]] as const);
  const outcome: ServerOutcome = key.slot === 0 ? (pick([['ok', mix.ok], ...fails], g.r.next()) ?? 'ok') : (pick(fails, g.r.next()) ?? 'own');
  const start = round3(key.sec * 1000 + g.r.next() * 999);
  const client = publicClient(hashWords(v.seed, key.sec, key.entry, key.slot));
  const tr = e.traffic >= 0 ? v.model.scenario.traffic[e.traffic] : undefined;
  const consumer = e.traffic < 0;
  if (outcome === 'unavailable') {
    rootUnavailable(g, e.svc, start);
  } else {
    server(g, e.svc, undefined, start, outcome, {
      deadlineMs: tr?.clientTimeoutMs ?? 30_000,
      clientIp: client.ip,
      userAgent: client.ua,
      consumer,
    });
  }
  const root = g.spans[0] as Span;
  let end = root.startMs + root.durationMs;
  for (const s of g.spans) end = Math.max(end, s.startMs + s.durationMs);
  if (g.truncated) root.attributes['trace.truncated_at_spans'] = MAX_SPANS;
  return {
    key,
    trace: { traceId, rootService: root.service, env: root.env, startMs: root.startMs, durationMs: round3(end - root.startMs), status: root.status, spans: g.spans },
    hints: g.hints,
  };
}

function newSpan(g: Gen, svc: number, parent: string | undefined, name: string, kind: Span['kind'], start: number): Span {
  const span: Span = {
    traceId: g.traceId,
    spanId: spanIdOf(g.traceId, g.spans.length),
    service: g.v.model.svcIds[svc] ?? '',
    env: g.v.model.envIds[g.env] ?? '',
    name,
    kind,
    startMs: round3(start),
    durationMs: 0,
    status: 'ok',
    attributes: {},
  };
  if (parent) span.parentSpanId = parent;
  g.spans.push(span);
  return span;
}

function rootUnavailable(g: Gen, svc: number, start: number): void {
  const routes = routesOf(g.v.model, svc);
  const route = routes[Math.floor(g.r.next() * routes.length)] ?? { method: 'GET', path: '/' };
  const s = newSpan(g, svc, undefined, `${route.method} ${route.path}`, 'server', start);
  s.durationMs = round3(0.3 + g.r.next());
  s.status = 'error';
  s.attributes = { 'http.request.method': route.method, 'http.route': route.path, 'http.response.status_code': 503, 'error.type': 'no healthy upstream' };
  s.events = [{ timeMs: round3(s.startMs + s.durationMs), name: 'exception', attributes: { 'exception.type': 'envoy.UH', 'exception.message': 'no healthy upstream' } }];
}

interface ServerOpts {
  route?: Route;
  deadlineMs: number;
  minMs?: number;
  maxMs?: number;
  consumer?: boolean;
  clientIp: string;
  userAgent: string;
}

interface ServerResult {
  span: Span;
  end: number;
  route: Route;
  path: string;
}

/** Shift (and optionally scale) every span generated after index `from` relative to `origin`. */
function retime(g: Gen, from: number, origin: number, shift: number, scale = 1): void {
  for (let k = from; k < g.spans.length; k++) {
    const s = g.spans[k] as Span;
    const rel = s.startMs - origin;
    s.startMs = round3(origin + rel * scale + shift);
    s.durationMs = round3(s.durationMs * scale);
    for (const ev of s.events ?? []) ev.timeMs = round3(origin + (ev.timeMs - origin) * scale + shift);
  }
}

function server(g: Gen, svc: number, parent: string | undefined, start: number, outcome0: ServerOutcome, o: ServerOpts): ServerResult {
  const v = g.v;
  const model = v.model;
  const inst = g.env * model.nSvc + svc;
  const def = model.services[svc];
  const lang = langOf(v, svc);
  const gateway = def?.type === 'gateway';
  const r = g.r;
  const routes = routesOf(model, svc);
  let outcome = outcome0;
  let route: Route = (o.route && routes.some((x) => sameRoute(x, o.route as Route)) ? o.route : routes[Math.floor(r.next() * routes.length)]) ?? { method: 'GET', path: '/' };

  // Own failures: which fault is behind them decides the exception (and the failing endpoint).
  let flag: string | undefined;
  let variant = hashWords(v.seed, svc);
  if (outcome === 'own') {
    const oc = ownChoice(v, g.env, svc, g.sec, r.next());
    flag = oc.flag;
    variant = oc.variant;
    if (oc.route) route = oc.route;
  }

  const consumer = o.consumer === true;
  const topic = def?.consumes ?? resourceOf(def?.id ?? 'queue');
  const name = consumer ? `${topic} process` : `${route.method} ${route.path}`;
  const span = newSpan(g, svc, parent, name, consumer ? 'consumer' : 'server', start);
  const first = g.spans.length;
  // Pods as of the trace's own second: later seconds may not be final yet in a running sim.
  const pod = podFor(v, inst, g.sec, r.next());
  let path = concretePath(route, hashWords(g.spans.length, v.seed, g.sec));
  const attrs = span.attributes;
  if (consumer) {
    attrs['messaging.system'] = 'kafka';
    attrs['messaging.operation'] = 'process';
    attrs['messaging.destination.name'] = topic;
    attrs['messaging.kafka.partition'] = hashWords(g.sec, svc) % (model.services[model.svcIndex.get(topic) ?? -1]?.partitions ?? 6);
  } else {
    attrs['http.request.method'] = route.method;
    attrs['http.route'] = route.path;
    attrs['url.path'] = path;
    attrs['client.address'] = o.clientIp;
  }
  if (pod) {
    attrs['k8s.pod.name'] = pod.name;
    attrs['service.version'] = pod.version;
  }
  const hintH = hashWords(v.seed, parseInt(span.spanId.slice(0, 8), 16));

  const refusal = (kind: 'reject' | 'expired' | 'shed' | 'rateLimit', dur: number, status: number) => {
    span.durationMs = round3(dur);
    span.status = 'error';
    attrs['http.response.status_code'] = status;
    attrs['error.type'] = kind === 'reject' ? 'overloaded' : kind === 'expired' ? 'deadline exceeded' : 'too many requests';
    const queueLimit = (def?.queueLimit ?? 50 * (model.concurrency[inst] ?? 1));
    if (instrumented(v, svc)) {
      g.hints.push({ kind, sev: kind === 'reject' || kind === 'expired' ? 'ERROR' : 'WARN', svc, span, anchor: 'end', offsetMs: 0.05, render: () => refusalLine(lang, gateway, kind, { method: route.method, path }, { waitedMs: span.durationMs, deadlineMs: o.deadlineMs, queueLimit, clientIp: o.clientIp, h: hintH }) });
      pushAccess(g, svc, span, route, path, status, o, gateway ? (kind === 'reject' ? 'UO' : '-') : '-', hintH);
    }
    return { span, end: start + span.durationMs, route, path };
  };
  switch (outcome) {
    case 'reject':
      return refusal('reject', 0.2 + r.next() * 1.5, 503);
    case 'shed':
      return refusal('shed', 0.2 + r.next(), 429);
    case 'rateLimit':
      return refusal('rateLimit', 0.2 + r.next(), 429);
    case 'expired':
      return refusal('expired', o.deadlineMs * (1 + 0.05 * r.next()), 504);
    case 'unavailable':
      outcome = 'own'; // only roots reach here unavailable; handled by rootUnavailable
      break;
    default:
      break;
  }

  const d = distAt(v, inst, g.sec);
  // A consumer's delay is the message's time in the broker (consumer lag), not work it did.
  if (consumer) {
    attrs['messaging.kafka.consumer.lag_ms'] = Math.round(d.delayMs);
    d.delayMs = 0;
  }
  const wait = waitOf(r, d);
  const own = expo(r, ownMeanMs(v, g.env, svc, g.sec));
  let t = start + wait + own * 0.35;

  // Flags this service evaluates per request.
  model.scenario.flags.forEach((f, fi) => {
    if (model.svcIndex.get(f.service) !== svc) return;
    const on = flagOn(v, fi, g.sec);
    const user = `u-${100_000 + (hashWords(hintH, fi) % 900_000)}`;
    const at = t - start;
    g.hints.push({ kind: 'flag', sev: 'INFO', svc, span, anchor: 'start', offsetMs: at, render: () => flagLine(f.id, on, user, 100) });
  });

  // The failing call when the request failed because of a dependency.
  let depEdge = -1;
  if (outcome === 'dep') {
    depEdge = pick(depEdgeWeights(v, g.env, svc, g.sec), r.next()) ?? -1;
    if (depEdge < 0) outcome = 'own';
  }

  let failedCall: AttemptCause | null = null;
  let degraded = false;
  const callerIp = pod ? podIp(pod.name, g.env) : o.clientIp;
  calls: for (const e of model.outEdges[svc] ?? []) {
    const edge = model.edges[e];
    if (!edge) continue;
    if (callDisabled(v, svc, edge.to, g.sec)) {
      degraded = true;
      continue;
    }
    const whole = Math.floor(edge.perRequest);
    let n = Math.min(5, whole + (r.next() < edge.perRequest - whole ? 1 : 0));
    if (e === depEdge) n = Math.max(1, n);
    for (let c = 0; c < n; c++) {
      if (g.spans.length >= MAX_SPANS) {
        g.truncated = true;
        break calls;
      }
      const mode = e === depEdge && c === 0 ? 'fail' : edge.critical ? 'ok' : 'sample';
      const res = call(g, span, svc, e, t, mode, gateway ? route : undefined, callerIp, o.userAgent);
      t = res.end + 0.02 + r.next() * 0.2;
      if (gateway && res.served && c === 0 && e === (model.outEdges[svc] ?? [])[0]) {
        // A gateway's request is the one it proxied: name it after the endpoint that served it.
        route = res.served.route;
        path = res.served.path;
        span.name = `${route.method} ${route.path}`;
        attrs['http.request.method'] = route.method;
        attrs['http.route'] = route.path;
        attrs['url.path'] = path;
      }
      if (mode === 'fail') {
        failedCall = res.cause ?? 'http500';
        break calls;
      }
      if (!res.ok) degraded = true;
    }
  }
  t += failedCall ? 0.1 + r.next() * 0.4 : own * 0.65;

  let end = t;
  const dur = end - start;
  if (o.minMs !== undefined && dur < o.minMs) {
    // Timed out at the caller: the wait in this service's queue made it late.
    const extra = o.minMs - dur;
    retime(g, first, start, extra);
    end += extra;
  } else if (o.maxMs !== undefined && dur > o.maxMs) {
    // Answered in time at the caller: trim queueing first, then squeeze the whole subtree.
    const cut = Math.min(wait, dur - o.maxMs);
    retime(g, first, start, -cut);
    end -= cut;
    if (end - start > o.maxMs) {
      const f = o.maxMs / (end - start);
      retime(g, first, start, 0, f);
      end = start + o.maxMs;
    }
  }
  span.durationMs = round3(end - start);

  let status = route.method === 'POST' ? 201 : 200;
  if (outcome === 'own') {
    const line = ownFailureLine({ svcId: def?.id ?? '', lang, route: { method: route.method, path }, flag, variant, clientIp: o.clientIp, consumer, h: hintH });
    span.status = 'error';
    status = 500;
    attrs['error.type'] = line.exception.type;
    if (flag) attrs['feature_flag.key'] = flag;
    span.events = [...(span.events ?? []), { timeMs: round3(end - 0.1), name: 'exception', attributes: { 'exception.type': line.exception.type, 'exception.message': line.exception.message } }];
    g.hints.push({ kind: 'own', sev: 'ERROR', svc, span, anchor: 'end', offsetMs: 0.1, render: () => line });
  } else if (failedCall) {
    span.status = 'error';
    status = statusForFailedCall(gateway, failedCall);
    attrs['error.type'] = failedCall;
  }
  if (degraded) attrs['app.degraded'] = 1;
  if (!consumer) {
    attrs['http.response.status_code'] = status;
    if (instrumented(v, svc)) pushAccess(g, svc, span, route, path, status, o, failedCall && gateway ? flagsFor(failedCall) : '-', hintH);
  } else if (span.status === 'ok') {
    const part = Number(attrs['messaging.kafka.partition'] ?? 0);
    const offset = 1_000_000 + g.sec * 7 + (hintH % 7);
    g.hints.push({ kind: 'consume', sev: 'INFO', svc, span, anchor: 'end', offsetMs: 0.01, render: () => consumeLine(lang, topic, part, offset, span.durationMs) });
  }
  return { span, end, route, path };
}

function flagsFor(c: AttemptCause): string {
  return c === 'timeout' ? 'UT' : c === 'overflow' || c === 'pool' ? 'UO' : c === 'unavailable' || c === 'dns' ? 'UH' : c === 'tls' ? 'UF' : '-';
}

function pushAccess(g: Gen, svc: number, span: Span, route: Route, path: string, status: number, o: ServerOpts, flags: string, h: number): void {
  const v = g.v;
  const lang = langOf(v, svc);
  const gateway = v.model.services[svc]?.type === 'gateway';
  g.hints.push({
    kind: 'access',
    sev: 'INFO',
    svc,
    span,
    anchor: 'end',
    offsetMs: 0,
    render: () => {
      const up = gateway ? (span.attributes['upstream.address'] as string | undefined) ?? '-' : '-';
      return accessLine(lang, gateway, {
        route: { method: route.method, path },
        status,
        durationMs: span.durationMs,
        bytes: status >= 400 ? 19 + (h % 120) : 200 + (h % 4000),
        clientIp: o.clientIp,
        userAgent: o.userAgent,
        requestId: requestId(h),
        authority: gateway ? 'shop.example.com' : `${span.service}:8080`,
        upstream: up,
        flags,
        isoStart: formatIsoMs((v.model.startEpochSec * 1000) + Math.floor(span.startMs)),
      });
    },
  });
}

type CallMode = 'fail' | 'ok' | 'sample';

interface CallResult {
  end: number;
  ok: boolean;
  cause?: AttemptCause;
  /** The endpoint the callee served (its server span's route), when it has one. */
  served?: { route: Route; path: string };
}

function call(g: Gen, parent: Span, callerSvc: number, e: number, start: number, mode: CallMode, fwd: Route | undefined, callerIp: string, ua: string): CallResult {
  const v = g.v;
  const model = v.model;
  const r = g.r;
  const edge = model.edges[e];
  if (!edge) return { end: start, ok: true };
  const callee = edge.to;
  const cInst = g.env * model.nSvc + callee;
  const cdef = model.services[callee];
  const ctype = cdef?.type ?? 'api';
  const calleeId = cdef?.id ?? '';
  const R = maxAttempts(v, g.env, e, g.sec);
  const mix = edgeMix(v, g.env, e, g.sec);
  const timeout = edge.timeoutMs;
  const add = depAddMs(v, g.env, callerSvc, callee, g.sec);
  const ext = ctype === 'external';
  const inst = instrumented(v, callee);
  const callerGateway = model.services[callerSvc]?.type === 'gateway';
  const croutes = routesOf(model, callee);
  const croute: Route = (fwd && croutes.some((x) => sameRoute(x, fwd)) ? fwd : croutes[Math.floor(r.next() * croutes.length)]) ?? { method: 'GET', path: '/' };
  const table = resourceOf(calleeId);
  const cmix = serverMix(v, cInst, g.sec);
  // Third parties are not in our zones: only our own pods become unreachable.
  const down = !ext && downZones(v, g.env, callee, g.sec) !== 0;
  let t = start;
  let last: AttemptCause | undefined;
  let served: CallResult['served'];
  for (let a = 1; a <= R; a++) {
    if (g.spans.length >= MAX_SPANS) {
      g.truncated = true;
      return { end: t, ok: mode !== 'fail', cause: mode === 'fail' ? (last ?? 'http500') : undefined, served };
    }
    const u = r.next();
    const fail = mode === 'fail' || (mode === 'ok' ? a < R && u < mix.pFail : u < mix.pFail);
    const cause: AttemptCause | null = fail ? (pick(mix.causes, r.next()) ?? 'http500') : null;
    const rtt = ext ? 20 + r.next() * 40 : 0.2 + r.next() * 0.7;
    const h = hashWords(v.seed, g.sec, g.spans.length, e);
    const concrete = concretePath(croute, h);
    const stmt = statementOf(table, h);
    const verb = stmt.split(' ')[0] ?? 'SELECT';
    const name = ctype === 'database' ? `${verb} ${table}` : ctype === 'cache' ? `GET ${table}` : ctype === 'queue' ? `publish ${table}` : `${croute.method} ${calleeId}`;
    const client = newSpan(g, callerSvc, parent.spanId, name, ctype === 'queue' ? 'producer' : 'client', t);
    const zoneDown = down && (cause === 'unavailable' || cause === 'timeout') && r.next() < 0.7;
    const ip = calleeIp(v, cInst, g.sec, r.next(), zoneDown);
    const ca = client.attributes;
    const addr = calleeAddress(v, g.env, callee);
    ca['peer.service'] = calleeId;
    ca['server.address'] = addr.host;
    ca['server.port'] = addr.port;
    const callerPod = parent.attributes['k8s.pod.name'];
    if (callerPod !== undefined) ca['k8s.pod.name'] = callerPod;
    if (R > 1) ca['attempt'] = a;
    if (ctype === 'database') {
      ca['db.system'] = 'postgresql';
      ca['db.statement'] = stmt;
      ca['db.sql.table'] = table;
    } else if (ctype === 'cache') {
      ca['db.system'] = 'redis';
      ca['db.operation'] = 'GET';
    } else if (ctype === 'queue') {
      ca['messaging.system'] = 'kafka';
      ca['messaging.operation'] = 'publish';
      ca['messaging.destination.name'] = table;
    } else {
      ca['http.request.method'] = croute.method;
      ca['url.full'] = ext ? `https://${ca['server.address']}${concrete}` : `http://${ca['server.address']}:8080${concrete}`;
    }
    if (callerGateway) parent.attributes['upstream.address'] = `${ip}:${ca['server.port']}`;
    const sub = (oc: ServerOutcome, extra: Partial<ServerOpts>) => {
      const res = server(g, callee, client.spanId, t + rtt / 2, oc, { route: croute, deadlineMs: timeout, clientIp: callerIp, userAgent: callerGateway ? ua : internalAgent(v, callerSvc), ...extra });
      served = { route: res.route, path: res.path };
      return res;
    };
    let dur: number;
    const calleeLatency = () => {
      const lat = sampleLatency(r, distAt(v, cInst, g.sec));
      return lat + rtt + add >= timeout ? Math.max(0.1, (timeout - rtt - add) * (0.5 + 0.45 * r.next())) : lat;
    };
    switch (cause) {
      case null:
        // An answered attempt answers before the caller's timeout, whatever the added latency.
        dur = Math.min(timeout - 0.5, inst ? sub('ok', { maxMs: Math.max(1, timeout - rtt - add - 1) }).end - t + rtt / 2 + add : calleeLatency() + rtt + add);
        break;
      case 'dns':
        dur = 0.5 + r.next() * 4;
        break;
      case 'tls':
        dur = 2 + r.next() * 20 + rtt;
        break;
      case 'pool':
        dur = timeout;
        break;
      case 'unavailable':
        dur = zoneDown ? Math.min(timeout, 1000 + r.next() * 2000) : 0.3 + r.next() * 2 + rtt;
        break;
      case 'timeout': {
        dur = timeout;
        if (inst) {
          // The callee was late: queued past the deadline, just slow, or stuck on its own failing
          // dependency (then its span shows why, and ends after the caller gave up).
          const late = pick([['expired', cmix.expired], ['ok', cmix.ok], ['dep', cmix.dep], ['own', cmix.own]] as const, r.next()) ?? 'ok';
          sub(late, { minMs: timeout + r.next() * timeout * 0.5 });
        }
        break;
      }
      case 'http500':
        dur = inst ? sub(pick([['own', cmix.own], ['dep', cmix.dep]] as const, r.next()) ?? 'own', { maxMs: Math.max(1, timeout - rtt - 1) }).end - t + rtt / 2 : calleeLatency() * 0.5 + rtt;
        break;
      default:
        dur = inst ? sub(cause === 'overflow' ? 'reject' : cause, {}).end - t + rtt / 2 : rtt + 0.5 + r.next() * 2;
        break;
    }
    client.durationMs = round3(Math.max(0.05, cause === 'timeout' || cause === 'pool' ? timeout : dur));
    const st = attemptStatus(cause);
    if (st !== undefined && (ctype === 'api' || ctype === 'gateway' || ctype === 'worker' || ctype === 'external')) ca['http.response.status_code'] = st;
    if (cause) {
      last = cause;
      client.status = 'error';
      ca['error.type'] = cause;
      const info = callInfo(v, g.env, callerSvc, e, g.sec, { attempt: a, maxAttempts: R, route: { method: croute.method, path: concrete }, ip, zoneDown, atMs: client.startMs + client.durationMs, h });
      const ex = exceptionOf(info, cause);
      client.events = [{ timeMs: round3(client.startMs + client.durationMs), name: 'exception', attributes: { 'exception.type': ex.type, 'exception.message': ex.message } }];
      const stage: CallStage = a < R ? 'retry' : edge.critical ? 'final' : 'fallback';
      if (instrumented(v, callerSvc)) g.hints.push({ kind: stage, sev: callFailureSeverity(callerGateway, ctype, stage), svc: callerSvc, span: client, anchor: 'end', offsetMs: 0, render: () => callFailureLine(info, cause, stage) });
    }
    t = client.startMs + client.durationMs;
    if (!cause) {
      if (ctype === 'cache' && edge.onMiss >= 0 && r.next() > metric(v, 'cache_hit_ratio', cInst, g.sec)) {
        ca['cache.hit'] = 0;
        t = missRead(g, parent, callerSvc, edge.onMiss, t, timeout);
      } else if (ctype === 'cache') ca['cache.hit'] = 1;
      return { end: t, ok: true, served };
    }
    if (a < R) t += 25 * Math.pow(2, a - 1) * (0.5 + r.next());
  }
  return { end: t, ok: false, cause: last ?? 'http500', served };
}

/** A cache miss falls through to the backing store: the long DB span of a miss storm. */
function missRead(g: Gen, parent: Span, callerSvc: number, store: number, start: number, timeoutMs: number): number {
  const v = g.v;
  const id = v.model.svcIds[store] ?? '';
  const table = resourceOf(id);
  const stmt = statementOf(table, hashWords(g.sec, g.spans.length));
  const s = newSpan(g, callerSvc, parent.spanId, `SELECT ${table}`, 'client', start);
  const lat = sampleLatency(g.r, distAt(v, g.env * v.model.nSvc + store, g.sec)) + 0.5;
  s.durationMs = round3(Math.min(timeoutMs * 0.98, lat));
  s.attributes = { 'peer.service': id, 'db.system': 'postgresql', 'db.statement': stmt.startsWith('SELECT') ? stmt : `SELECT * FROM ${table} WHERE id = $1`, 'db.sql.table': table, 'cache.fallthrough': 1 };
  return s.startMs + s.durationMs;
}

