// Log lines that belong to a request, per runtime: access lines (Tomcat, Go, Node, gunicorn,
// Envoy), the service's own exceptions with their stack traces, requests it turns away, message
// processing and flag evaluations. Failed calls to dependencies are in clientErrors.ts.
// Pure text building; every choice comes from the hash `h` the caller passes in.

import type { ServiceDef } from '../scenario/schema.ts';
import type { Severity } from './types.ts';
import type { Lang } from './view.ts';
import { fixed, goDuration, int, pascal, resourceOf, snake } from './format.ts';
import {
  SPRING_MVC_FRAMES,
  goPanicStack,
  javaAppFrames,
  javaPkg,
  javaStack,
  nodeAppFrames,
  nodeStack,
  pyAppFrame,
  pythonTraceback,
} from './stacks.ts';

export interface Line {
  severity: Severity;
  body: string;
  stack?: string;
  attrs: Record<string, string | number>;
}

/** What the exception event of a span says: the same words as the log line. */
export interface ExceptionInfo {
  type: string;
  message: string;
}

export interface Route {
  method: string;
  path: string;
}

export type Kind = 'http' | 'db' | 'cache' | 'queue';

export function kindOf(t: ServiceDef['type']): Kind {
  return t === 'database' ? 'db' : t === 'cache' ? 'cache' : t === 'queue' ? 'queue' : 'http';
}

export function urlOf(c: { calleeType: ServiceDef['type']; host: string; port: number; route: Route }): string {
  return c.calleeType === 'external' ? `https://${c.host}${c.route.path}` : `http://${c.host}:${c.port}${c.route.path}`;
}

export function statementOf(table: string, h: number): string {
  // One of four forms by h % 4 (built only when chosen: spans ask for one per call).
  switch (h % 4) {
    case 0:
      return `SELECT id, status, total, updated_at FROM ${table} WHERE customer_id = $1 ORDER BY updated_at DESC LIMIT 20`;
    case 1:
      return `SELECT * FROM ${table} WHERE id = $1`;
    case 2:
      return `UPDATE ${table} SET status = $1, updated_at = now() WHERE id = $2`;
    case 3:
      return `INSERT INTO ${table} (id, customer_id, status, total) VALUES ($1, $2, $3, $4)`;
    default:
      return undefined as unknown as string;
  }
}

export function retryAfterSec(h: number): number {
  return [1, 5, 10, 30, 60][h % 5] as number;
}

export const secText = (ms: number) => fixed(ms / 1000, ms % 1000 === 0 ? 1 : 2);

export function loggerFor(lang: Lang, svcId: string): string | undefined {
  if (lang === 'java') return `${javaPkg(svcId).replace(/^com\.acme\./, 'c.a.')}.web.${pascal(resourceOf(svcId))}Controller`;
  if (lang === 'python') return `${snake(svcId)}.handlers`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The service's own failures

export interface OwnInfo {
  svcId: string;
  lang: Lang;
  route: Route;
  /** Flag whose code path throws (badFeatureFlag), if any. */
  flag?: string;
  /** Which of the runtime's stock bugs (stable per fault). */
  variant: number;
  clientIp: string;
  consumer: boolean;
  h: number;
}

export function ownFailureLine(o: OwnInfo): Line & { exception: ExceptionInfo } {
  const attrs: Record<string, string | number> = { 'http.request.method': o.route.method, 'url.path': o.route.path };
  const logger = loggerFor(o.lang, o.svcId);
  if (logger) attrs['logger'] = logger;
  const h = o.h;
  switch (o.lang) {
    case 'go': {
      const bugs = [
        { msg: 'runtime error: invalid memory address or nil pointer dereference', fn: 'pricing.(*Service).Apply(0x0, {0xc0001a2000, 0x24})', file: `pricing/service.go:${80 + (o.variant % 20)}` },
        { msg: 'runtime error: index out of range [3] with length 3', fn: 'cart.(*Cart).Line(...)', file: 'cart/cart.go:112' },
      ];
      const b = o.flag ? { msg: 'runtime error: invalid memory address or nil pointer dereference', fn: `${snake(o.flag).replace(/_/g, '')}.(*Engine).Evaluate(0xc0004b2000, 0x0)`, file: `${snake(o.flag)}/engine.go:58` } : (bugs[o.variant % bugs.length] as (typeof bugs)[number]);
      attrs['exception.type'] = 'runtime.Error';
      return {
        severity: 'ERROR',
        body: `http: panic serving ${o.clientIp}:${40_000 + (h % 20_000)}: ${b.msg}`,
        stack: goPanicStack(o.svcId, h, b.fn, b.file),
        attrs,
        exception: { type: 'runtime.Error', message: b.msg },
      };
    }
    case 'node': {
      const bugs = [
        { type: 'TypeError', msg: "Cannot read properties of undefined (reading 'amount')", frame: 'applyDiscount (/app/src/pricing/discounts.js:42:27)' },
        { type: 'RangeError', msg: 'Invalid time value', frame: 'formatDelivery (/app/src/shipping/eta.js:18:31)' },
      ];
      const b = o.flag ? { type: 'TypeError', msg: "Cannot read properties of null (reading 'tier')", frame: `evaluate${pascal(o.flag)} (/app/src/flags/${o.flag}.js:27:19)` } : (bugs[o.variant % bugs.length] as (typeof bugs)[number]);
      attrs['exception.type'] = b.type;
      return {
        severity: 'ERROR',
        body: `Unhandled error in ${o.route.method} ${o.route.path}: ${b.type}: ${b.msg}`,
        stack: nodeStack(`${b.type}: ${b.msg}`, [b.frame, ...nodeAppFrames(o.svcId, h)]),
        attrs,
        exception: { type: b.type, message: b.msg },
      };
    }
    case 'python': {
      const bugs = [
        { type: 'KeyError', msg: "'items'", code: 'total = sum(item["price"] for item in order["items"])' },
        { type: 'TypeError', msg: "unsupported operand type(s) for +: 'NoneType' and 'float'", code: 'amount = order.subtotal + order.shipping' },
      ];
      const b = o.flag ? { type: 'AttributeError', msg: "'NoneType' object has no attribute 'tier'", code: `tier = segments.get(user.segment).tier  # ${o.flag}` } : (bugs[o.variant % bugs.length] as (typeof bugs)[number]);
      attrs['exception.type'] = b.type;
      const frame = pyAppFrame(o.svcId, h, b.code);
      return {
        severity: 'ERROR',
        body: o.consumer ? `Error processing message: ${b.type}: ${b.msg}` : `Exception on ${o.route.path} [${o.route.method}]`,
        stack: pythonTraceback([frame], `${b.type}: ${b.msg}`),
        attrs,
        exception: { type: b.type, message: b.msg },
      };
    }
    default: {
      const pkg = javaPkg(o.svcId);
      const bugs = [
        { type: 'java.lang.NullPointerException', msg: 'Cannot invoke "String.length()" because "coupon" is null', frame: `${pkg}.pricing.CouponService.apply(CouponService.java:87)` },
        { type: 'java.lang.IllegalStateException', msg: `Reservation returned negative quantity for sku ${10_000 + (o.variant % 89_999)}`, frame: `${pkg}.inventory.ReservationService.reserve(ReservationService.java:131)` },
        { type: 'java.lang.ClassCastException', msg: "class java.lang.String cannot be cast to class java.lang.Long (java.lang.String and java.lang.Long are in module java.base of loader 'bootstrap')", frame: `${pkg}.mapper.OrderMapper.toDto(OrderMapper.java:54)` },
      ];
      const b = o.flag
        ? { type: 'java.lang.IllegalStateException', msg: `No price tier configured for segment "beta" (flag ${o.flag})`, frame: `${pkg}.flags.${pascal(o.flag)}Handler.apply(${pascal(o.flag)}Handler.java:58)` }
        : (bugs[o.variant % bugs.length] as (typeof bugs)[number]);
      attrs['exception.type'] = b.type;
      return {
        severity: 'ERROR',
        body: `Request processing failed: ${b.type}: ${b.msg}`,
        stack: javaStack({ type: b.type, message: b.msg, frames: [b.frame, ...javaAppFrames(o.svcId, h), ...SPRING_MVC_FRAMES] }),
        attrs,
        exception: { type: b.type, message: b.msg },
      };
    }
  }
}

/** What a service logs when it turns a request away itself. */
export function refusalLine(lang: Lang, gateway: boolean, kind: 'reject' | 'expired' | 'shed' | 'rateLimit', route: Route, info: { waitedMs: number; deadlineMs: number; queueLimit: number; clientIp: string; h: number }): Line {
  const attrs: Record<string, string | number> = { 'http.request.method': route.method, 'url.path': route.path };
  const ra = retryAfterSec(info.h);
  if (kind === 'expired') {
    attrs['http.response.status_code'] = 504;
    return { severity: 'ERROR', body: `Request ${route.method} ${route.path} dropped after waiting ${int(info.waitedMs)} ms in queue: caller deadline of ${int(info.deadlineMs)} ms already passed`, attrs };
  }
  if (kind === 'shed') {
    attrs['http.response.status_code'] = 429;
    return { severity: 'WARN', body: `Load shedding active: rejected ${route.method} ${route.path} with 429 Too Many Requests (Retry-After: ${ra})`, attrs };
  }
  if (kind === 'rateLimit') {
    attrs['http.response.status_code'] = 429;
    return { severity: 'WARN', body: `Rate limit exceeded for client ${info.clientIp}: 429 Too Many Requests (Retry-After: ${ra})`, attrs };
  }
  attrs['http.response.status_code'] = 503;
  if (gateway) return { severity: 'ERROR', body: 'upstream connect error or disconnect/reset before headers. reset reason: overflow', attrs: { ...attrs, 'envoy.response_flags': 'UO' } };
  switch (lang) {
    case 'java':
      attrs['exception.type'] = 'java.util.concurrent.RejectedExecutionException';
      return {
        severity: 'ERROR',
        body: `java.util.concurrent.RejectedExecutionException: Task org.apache.tomcat.util.net.NioEndpoint$SocketProcessor@${(info.h % 0xfffffff).toString(16)} rejected from org.apache.tomcat.util.threads.ThreadPoolExecutor@${((info.h >>> 4) % 0xfffffff).toString(16)}[Running, pool size = 200, active threads = 200, queued tasks = ${info.queueLimit}, completed tasks = ${1_000_000 + (info.h % 9_000_000)}]`,
        attrs,
      };
    case 'node':
      return { severity: 'ERROR', body: `Service Unavailable: server under pressure, rejecting ${route.method} ${route.path} (queue ${info.queueLimit}/${info.queueLimit})`, attrs };
    case 'python':
      return { severity: 'ERROR', body: `Rejecting ${route.method} ${route.path} with 503: backlog full (${info.queueLimit} requests waiting)`, attrs };
    default:
      return { severity: 'ERROR', body: `server overloaded, rejecting request with 503: queue full (${info.queueLimit}/${info.queueLimit}) method=${route.method} path=${route.path}`, attrs };
  }
}

// ---------------------------------------------------------------------------------------------
// Access and processing lines

export interface AccessInfo {
  route: Route;
  status: number;
  durationMs: number;
  bytes: number;
  clientIp: string;
  userAgent: string;
  requestId: string;
  authority: string;
  upstream: string;
  /** Envoy response flags ('-' when none). */
  flags: string;
  isoStart: string;
}

export function accessLine(lang: Lang, gateway: boolean, a: AccessInfo): Line {
  const attrs: Record<string, string | number> = { 'http.request.method': a.route.method, 'url.path': a.route.path, 'http.response.status_code': a.status, 'http.server.request.duration_ms': Math.round(a.durationMs * 1000) / 1000 };
  const d = a.durationMs;
  if (gateway) {
    attrs['log.source'] = 'envoy';
    return {
      severity: 'INFO',
      body: `[${a.isoStart}] "${a.route.method} ${a.route.path} HTTP/1.1" ${a.status} ${a.flags} ${a.route.method === 'GET' ? 0 : 180 + (a.bytes % 900)} ${a.bytes} ${int(d)} ${a.flags === '-' ? int(Math.max(0, d - 1)) : '-'} "${a.clientIp}" "${a.userAgent}" "${a.requestId}" "${a.authority}" "${a.upstream}"`,
      attrs,
    };
  }
  switch (lang) {
    case 'go':
      return { severity: 'INFO', body: `request completed method=${a.route.method} path=${a.route.path} status=${a.status} duration=${goDuration(d)} bytes=${a.bytes} remote=${a.clientIp}`, attrs };
    case 'node':
      return { severity: 'INFO', body: `${a.route.method} ${a.route.path} ${a.status} ${a.bytes} - ${fixed(d, 3)} ms`, attrs };
    case 'python':
      return { severity: 'INFO', body: `${a.clientIp} - - "${a.route.method} ${a.route.path} HTTP/1.1" ${a.status} ${a.bytes} "-" "${a.userAgent}" ${int(d * 1000)}us`, attrs };
    default:
      attrs['logger'] = 'o.a.c.c.AccessLogValve';
      return { severity: 'INFO', body: `${a.clientIp} - - "${a.route.method} ${a.route.path} HTTP/1.1" ${a.status} ${a.bytes} ${int(d)}ms`, attrs };
  }
}

export function consumeLine(lang: Lang, topic: string, partition: number, offset: number, durationMs: number): Line {
  const attrs: Record<string, string | number> = { 'messaging.destination.name': topic, 'messaging.kafka.partition': partition, 'messaging.kafka.offset': offset, duration_ms: Math.round(durationMs * 1000) / 1000 };
  switch (lang) {
    case 'java':
      return { severity: 'INFO', body: `Processed record ${topic}-${partition}@${offset} in ${int(durationMs)} ms`, attrs };
    case 'go':
      return { severity: 'INFO', body: `message processed topic=${topic} partition=${partition} offset=${offset} duration=${goDuration(durationMs)}`, attrs };
    case 'node':
      return { severity: 'INFO', body: `Processed message ${topic}[${partition}]@${offset} in ${fixed(durationMs, 1)}ms`, attrs };
    default:
      return { severity: 'INFO', body: `Processed message topic=${topic} partition=${partition} offset=${offset} in ${fixed(durationMs / 1000, 3)}s`, attrs };
  }
}

/** What a flag SDK logs at debug-ish INFO when it evaluates a flag for a request. */
export function flagLine(flag: string, value: boolean, user: string, rollout: number): Line {
  return { severity: 'INFO', body: `flag ${flag} evaluated to ${value} for user ${user} (rule: ${value ? `percentage-rollout ${rollout}%` : 'default'})`, attrs: { 'feature_flag.key': flag, 'feature_flag.variant': value ? 'on' : 'off', 'enduser.id': user } };
}
