// A failed call as each runtime and client library words it: Spring RestTemplate, JDBC and
// HikariCP, Lettuce and the Kafka producer; Go net/http, pgx, go-redis and sarama; axios,
// node-postgres, ioredis and kafkajs; requests, SQLAlchemy, redis-py and confluent-kafka; and
// Envoy at a gateway, with its response flags. Used for client span exceptions and log lines.

import type { ServiceDef } from '../scenario/schema.ts';
import type { AttemptCause, Lang } from './view.ts';
import { hashWords } from './ids.ts';
import { fixed, int, pascal, resourceOf } from './format.ts';
import { SPRING_MVC_FRAMES, javaAppFrames, javaPkg, javaStack, nodeAppFrames, nodeStack, pyAppFrame, pythonTraceback, type JavaCause } from './stacks.ts';
import { kindOf, loggerFor, retryAfterSec, secText, statementOf, urlOf, type ExceptionInfo, type Kind, type Line, type Route } from './templates.ts';

export interface CallInfo {
  callerId: string;
  callerLang: Lang;
  callerGateway: boolean;
  calleeId: string;
  calleeType: ServiceDef['type'];
  host: string;
  port: number;
  /** A callee pod (or resolved) address. */
  ip: string;
  route: Route;
  table: string;
  timeoutMs: number;
  attempt: number;
  maxAttempts: number;
  /** Simulated wall-clock time now, ISO seconds (x509 messages print it). */
  wallIso: string;
  notAfterIso: string;
  notAfterJava: string;
  /** The callee's pods in a lost zone: connects fail with no route to host / i/o timeout. */
  zoneDown: boolean;
  /** The callee has no ready replica at all (Envoy: no healthy upstream). */
  noEndpoints: boolean;
  h: number;
}

/** The error a client library raises for one failed attempt. */
function core(c: CallInfo, cause: AttemptCause): { type: string; message: string; causes?: { type: string; message: string }[] } {
  const kind = kindOf(c.calleeType);
  const url = urlOf(c);
  const M = c.route.method;
  const refused = c.zoneDown ? 'No route to host' : 'Connection refused';
  const topic = resourceOf(c.calleeId);
  const ra = retryAfterSec(c.h);
  switch (c.callerLang) {
    case 'go':
    case 'kafka':
    case 'redis':
    case 'postgres': {
      const dialErr = `dial tcp ${c.ip}:${c.port}: ${c.zoneDown ? 'connect: no route to host' : 'connect: connection refused'}`;
      const lookup = `lookup ${c.host} on 10.96.0.10:53: no such host`;
      const x509 = `x509: certificate has expired or is not yet valid: current time ${c.wallIso} is after ${c.notAfterIso}`;
      if (kind === 'db') {
        const who = `failed to connect to \`host=${c.host} user=app database=app\``;
        const m: Record<AttemptCause, string> = {
          timeout: `query ${c.table}: timeout: context deadline exceeded`,
          dns: `${who}: hostname resolving error (${lookup})`,
          tls: `${who}: tls error (tls: failed to verify certificate: ${x509})`,
          pool: `query ${c.table}: acquire connection: context deadline exceeded`,
          unavailable: `${who}: dial error (${dialErr})`,
          http500: ['ERROR: deadlock detected (SQLSTATE 40P01)', 'ERROR: could not serialize access due to concurrent update (SQLSTATE 40001)'][c.h % 2] as string,
          overflow: `${who}: server error (FATAL: sorry, too many clients already (SQLSTATE 53300))`,
          shed: `${who}: server error (FATAL: remaining connection slots are reserved for non-replication superuser connections (SQLSTATE 53300))`,
          rateLimit: `${who}: server error (FATAL: too many connections for role "app" (SQLSTATE 53300))`,
        };
        return { type: '*pgconn.PgError', message: m[cause] };
      }
      if (kind === 'cache') {
        const m: Record<AttemptCause, string> = {
          timeout: `read tcp 10.${2 + (c.h % 3)}.${c.h % 250}.${(c.h >>> 8) % 250}:${40_000 + (c.h % 20_000)}->${c.ip}:6379: i/o timeout`,
          dns: `dial tcp: ${lookup}`,
          tls: `tls: failed to verify certificate: ${x509}`,
          pool: 'redis: connection pool timeout',
          unavailable: dialErr,
          http500: 'LOADING Redis is loading the dataset in memory',
          overflow: 'ERR max number of clients reached',
          shed: 'ERR max number of clients reached',
          rateLimit: 'ERR max number of clients reached',
        };
        return { type: 'redis.Error', message: m[cause] };
      }
      if (kind === 'queue') {
        const m: Record<AttemptCause, string> = {
          timeout: `kafka: Failed to produce message to topic ${topic}: kafka server: Request exceeded the user-specified time limit in the request`,
          dns: `kafka: client has run out of available brokers to talk to: dial tcp: ${lookup}`,
          tls: `kafka: client has run out of available brokers to talk to: tls: failed to verify certificate: ${x509}`,
          pool: `kafka: Failed to produce message to topic ${topic}: producer buffer full`,
          unavailable: `kafka: client has run out of available brokers to talk to: ${dialErr}`,
          http500: `kafka: Failed to produce message to topic ${topic}: kafka server: Messages are rejected since there are fewer in-sync replicas than required`,
          overflow: `kafka: Failed to produce message to topic ${topic}: kafka server: Throttled`,
          shed: `kafka: Failed to produce message to topic ${topic}: kafka server: Throttled`,
          rateLimit: `kafka: Failed to produce message to topic ${topic}: kafka server: Throttled`,
        };
        return { type: 'sarama.ProducerError', message: m[cause] };
      }
      const verb = M[0] + M.slice(1).toLowerCase();
      const m: Record<AttemptCause, string> = {
        timeout: c.zoneDown ? `${verb} "${url}": dial tcp ${c.ip}:${c.port}: i/o timeout` : `${verb} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        dns: `${verb} "${url}": dial tcp: ${lookup}`,
        tls: `${verb} "${url}": tls: failed to verify certificate: ${x509}`,
        pool: `${verb} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
        unavailable: `${verb} "${url}": ${dialErr}`,
        http500: `${c.calleeId} responded 500 Internal Server Error`,
        overflow: `${c.calleeId} responded 503 Service Unavailable: upstream connect error or disconnect/reset before headers. reset reason: overflow`,
        shed: `${c.calleeId} responded 429 Too Many Requests (Retry-After: ${ra})`,
        rateLimit: `${c.calleeId} responded 429 Too Many Requests (Retry-After: ${ra})`,
      };
      return { type: cause === 'timeout' || cause === 'pool' ? 'context.deadlineExceededError' : cause === 'dns' ? '*net.DNSError' : cause === 'tls' ? 'x509.CertificateInvalidError' : cause === 'unavailable' ? '*net.OpError' : '*errors.errorString', message: m[cause] };
    }
    case 'node': {
      const m: Record<Kind, Partial<Record<AttemptCause, [string, string]>>> = {
        http: {
          timeout: ['AxiosError', `timeout of ${int(c.timeoutMs)}ms exceeded`],
          pool: ['AxiosError', `timeout of ${int(c.timeoutMs)}ms exceeded`],
          http500: ['AxiosError', 'Request failed with status code 500'],
          overflow: ['AxiosError', 'Request failed with status code 503'],
          shed: ['AxiosError', 'Request failed with status code 429'],
          rateLimit: ['AxiosError', 'Request failed with status code 429'],
        },
        db: {
          timeout: ['Error', 'Query read timeout'],
          pool: ['Error', 'timeout exceeded when trying to connect'],
          http500: ['error', 'deadlock detected'],
          overflow: ['error', 'sorry, too many clients already'],
          shed: ['error', 'remaining connection slots are reserved for non-replication superuser connections'],
          rateLimit: ['error', 'too many connections for role "app"'],
        },
        cache: {
          timeout: ['Error', 'Command timed out'],
          pool: ['Error', 'Command timed out'],
          http500: ['ReplyError', 'LOADING Redis is loading the dataset in memory'],
          overflow: ['ReplyError', 'ERR max number of clients reached'],
        },
        queue: {
          timeout: ['KafkaJSRequestTimeoutError', 'Request Produce(key: 0, version: 7) timed out'],
          pool: ['KafkaJSRequestTimeoutError', 'Request Produce(key: 0, version: 7) timed out'],
          http500: ['KafkaJSProtocolError', 'Messages are rejected since there are fewer in-sync replicas than required'],
          overflow: ['KafkaJSProtocolError', 'Messages are rejected since there are fewer in-sync replicas than required'],
        },
      };
      const common: Record<'dns' | 'tls' | 'unavailable', [string, string]> = {
        dns: ['Error', `getaddrinfo ENOTFOUND ${c.host}`],
        tls: ['Error', 'certificate has expired'],
        unavailable: [kind === 'queue' ? 'KafkaJSConnectionError' : 'Error', `${kind === 'queue' ? 'Connection error: ' : ''}connect ${c.zoneDown ? 'EHOSTUNREACH' : 'ECONNREFUSED'} ${c.ip}:${c.port}`],
      };
      const hit = cause === 'dns' || cause === 'tls' || cause === 'unavailable' ? common[cause] : (m[kind][cause] ?? m[kind].overflow ?? ['Error', 'Request failed']);
      return { type: hit[0], message: hit[1] };
    }
    case 'python': {
      const hp = `HTTP${c.calleeType === 'external' ? 'S' : ''}ConnectionPool(host='${c.host}', port=${c.port})`;
      const obj = `<urllib3.connection.HTTP${c.calleeType === 'external' ? 'S' : ''}Connection object at 0x7f${(c.h % 0xfffffff).toString(16).padStart(7, '0')}0>`;
      if (kind === 'db') {
        const at = `connection to server at "${c.host}" (${c.ip}), port 5432 failed`;
        const m: Record<AttemptCause, [string, string]> = {
          timeout: ['sqlalchemy.exc.OperationalError', '(psycopg2.errors.QueryCanceled) canceling statement due to statement timeout'],
          dns: ['sqlalchemy.exc.OperationalError', `(psycopg2.OperationalError) could not translate host name "${c.host}" to address: Name or service not known`],
          tls: ['sqlalchemy.exc.OperationalError', `(psycopg2.OperationalError) ${at}: SSL error: certificate verify failed`],
          pool: ['sqlalchemy.exc.TimeoutError', `QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout ${fixed(c.timeoutMs / 1000, 2)} (Background on this error at: https://sqlalche.me/e/20/3o7r)`],
          unavailable: ['sqlalchemy.exc.OperationalError', `(psycopg2.OperationalError) ${at}: ${refused}\n\tIs the server running on that host and accepting TCP/IP connections?`],
          http500: ['sqlalchemy.exc.OperationalError', '(psycopg2.errors.DeadlockDetected) deadlock detected'],
          overflow: ['sqlalchemy.exc.OperationalError', `(psycopg2.OperationalError) ${at}: FATAL:  sorry, too many clients already`],
          shed: ['sqlalchemy.exc.OperationalError', `(psycopg2.OperationalError) ${at}: FATAL:  remaining connection slots are reserved for non-replication superuser connections`],
          rateLimit: ['sqlalchemy.exc.OperationalError', `(psycopg2.OperationalError) ${at}: FATAL:  too many connections for role "app"`],
        };
        const [type, message] = m[cause];
        return { type, message };
      }
      if (kind === 'cache') {
        const m: Record<AttemptCause, [string, string]> = {
          timeout: ['redis.exceptions.TimeoutError', 'Timeout reading from socket'],
          dns: ['redis.exceptions.ConnectionError', `Error -2 connecting to ${c.host}:6379. Name or service not known.`],
          tls: ['redis.exceptions.ConnectionError', `Error 1 connecting to ${c.host}:6379. [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006).`],
          pool: ['redis.exceptions.ConnectionError', 'Too many connections'],
          unavailable: ['redis.exceptions.ConnectionError', `Error ${c.zoneDown ? 113 : 111} connecting to ${c.host}:6379. ${refused}.`],
          http500: ['redis.exceptions.BusyLoadingError', 'Redis is loading the dataset in memory'],
          overflow: ['redis.exceptions.ConnectionError', 'max number of clients reached'],
          shed: ['redis.exceptions.ConnectionError', 'max number of clients reached'],
          rateLimit: ['redis.exceptions.ConnectionError', 'max number of clients reached'],
        };
        const [type, message] = m[cause];
        return { type, message };
      }
      if (kind === 'queue') {
        const m: Record<AttemptCause, string> = {
          timeout: 'KafkaError{code=_MSG_TIMED_OUT,val=-192,str="Local: Message timed out"}',
          dns: `KafkaError{code=_RESOLVE,val=-193,str="${c.host}:9092/bootstrap: Failed to resolve '${c.host}:9092': Name or service not known"}`,
          tls: 'KafkaError{code=_SSL,val=-181,str="SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate has expired"}',
          pool: 'KafkaError{code=_QUEUE_FULL,val=-184,str="Local: Queue full"}',
          unavailable: 'KafkaError{code=_TRANSPORT,val=-195,str="Local: Broker transport failure"}',
          http500: 'KafkaError{code=NOT_ENOUGH_REPLICAS,val=19,str="Broker: Not enough in-sync replicas"}',
          overflow: 'KafkaError{code=NOT_ENOUGH_REPLICAS,val=19,str="Broker: Not enough in-sync replicas"}',
          shed: 'KafkaError{code=THROTTLING_QUOTA_EXCEEDED,val=89,str="Broker: Throttling quota has been exceeded"}',
          rateLimit: 'KafkaError{code=THROTTLING_QUOTA_EXCEEDED,val=89,str="Broker: Throttling quota has been exceeded"}',
        };
        return { type: 'cimpl.KafkaException', message: m[cause] };
      }
      const m: Record<AttemptCause, [string, string]> = {
        timeout: c.zoneDown
          ? ['requests.exceptions.ConnectTimeout', `${hp}: Max retries exceeded with url: ${c.route.path} (Caused by ConnectTimeoutError(${obj}, 'Connection to ${c.host} timed out. (connect timeout=${secText(c.timeoutMs)})'))`]
          : ['requests.exceptions.ReadTimeout', `${hp}: Read timed out. (read timeout=${secText(c.timeoutMs)})`],
        dns: ['requests.exceptions.ConnectionError', `${hp}: Max retries exceeded with url: ${c.route.path} (Caused by NameResolutionError("${obj}: Failed to resolve '${c.host}' ([Errno -2] Name or service not known)"))`],
        tls: ['requests.exceptions.SSLError', `${hp}: Max retries exceeded with url: ${c.route.path} (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1006)')))`],
        pool: ['urllib3.exceptions.EmptyPoolError', `${hp}: Pool reached maximum size and no more connections are allowed.`],
        unavailable: ['requests.exceptions.ConnectionError', `${hp}: Max retries exceeded with url: ${c.route.path} (Caused by NewConnectionError('${obj}: Failed to establish a new connection: [Errno ${c.zoneDown ? 113 : 111}] ${refused}'))`],
        http500: ['requests.exceptions.HTTPError', `500 Server Error: Internal Server Error for url: ${url}`],
        overflow: ['requests.exceptions.HTTPError', `503 Server Error: Service Unavailable for url: ${url}`],
        shed: ['requests.exceptions.HTTPError', `429 Client Error: Too Many Requests for url: ${url}`],
        rateLimit: ['requests.exceptions.HTTPError', `429 Client Error: Too Many Requests for url: ${url}`],
      };
      const [type, message] = m[cause];
      return { type, message };
    }
    case 'java':
    default:
      return javaCore(c, cause, kind);
  }
}

function javaCore(c: CallInfo, cause: AttemptCause, kind: Kind): { type: string; message: string; causes?: { type: string; message: string }[] } {
  const url = urlOf(c);
  const io = (m: string) => `I/O error on ${c.route.method} request for "${url}": ${m}`;
  const pkix = 'PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed';
  const expired = { type: 'java.security.cert.CertificateExpiredException', message: `NotAfter: ${c.notAfterJava}` };
  const refused = c.zoneDown ? { type: 'java.net.NoRouteToHostException', message: 'No route to host' } : { type: 'java.net.ConnectException', message: 'Connection refused' };
  const ra = retryAfterSec(c.h);
  if (kind === 'db') {
    const psql = 'org.postgresql.util.PSQLException';
    switch (cause) {
      case 'timeout':
        return { type: 'org.springframework.dao.QueryTimeoutException', message: `PreparedStatementCallback; SQL [${statementOf(c.table, c.h).replace(/\$\d/g, '?')}]; ERROR: canceling statement due to statement timeout`, causes: [{ type: psql, message: 'ERROR: canceling statement due to statement timeout' }] };
      case 'pool':
        return { type: 'org.springframework.jdbc.CannotGetJdbcConnectionException', message: 'Failed to obtain JDBC Connection', causes: [{ type: 'java.sql.SQLTransientConnectionException', message: `HikariPool-1 - Connection is not available, request timed out after ${int(c.timeoutMs)}ms.` }] };
      case 'dns':
        return { type: psql, message: 'The connection attempt failed.', causes: [{ type: 'java.net.UnknownHostException', message: c.host }] };
      case 'tls':
        return { type: psql, message: 'SSL error: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed', causes: [{ type: 'javax.net.ssl.SSLHandshakeException', message: pkix }, expired] };
      case 'unavailable':
        return c.zoneDown
          ? { type: psql, message: 'The connection attempt failed.', causes: [refused] }
          : { type: psql, message: `Connection to ${c.host}:5432 refused. Check that the hostname and port are correct and that the postmaster is accepting TCP/IP connections.`, causes: [refused] };
      case 'http500':
        return c.h % 2 === 0
          ? { type: psql, message: `ERROR: deadlock detected\n  Detail: Process ${4000 + (c.h % 900)} waits for ShareLock on transaction ${900_000 + (c.h % 99_999)}; blocked by process ${5000 + (c.h % 900)}.` }
          : { type: psql, message: 'ERROR: could not serialize access due to concurrent update' };
      case 'overflow':
        return { type: psql, message: 'FATAL: sorry, too many clients already' };
      default:
        return { type: psql, message: 'FATAL: remaining connection slots are reserved for non-replication superuser connections' };
    }
  }
  if (kind === 'cache') {
    const addr = `${c.host}/${c.ip}:6379`;
    switch (cause) {
      case 'timeout':
      case 'pool':
        return { type: 'io.lettuce.core.RedisCommandTimeoutException', message: `Command timed out after ${int(c.timeoutMs)} millisecond(s)` };
      case 'dns':
        return { type: 'io.lettuce.core.RedisConnectionException', message: `Unable to connect to ${c.host}/<unresolved>:6379`, causes: [{ type: 'java.net.UnknownHostException', message: `${c.host}: Name or service not known` }] };
      case 'tls':
        return { type: 'io.lettuce.core.RedisConnectionException', message: `Unable to connect to ${addr}`, causes: [{ type: 'javax.net.ssl.SSLHandshakeException', message: pkix }, expired] };
      case 'unavailable':
        return { type: 'io.lettuce.core.RedisConnectionException', message: `Unable to connect to ${addr}`, causes: [{ type: 'io.netty.channel.AbstractChannel$AnnotatedConnectException', message: `${refused.message}: ${addr}` }] };
      case 'http500':
        return { type: 'io.lettuce.core.RedisCommandExecutionException', message: 'LOADING Redis is loading the dataset in memory' };
      default:
        return { type: 'io.lettuce.core.RedisCommandExecutionException', message: 'ERR max number of clients reached' };
    }
  }
  if (kind === 'queue') {
    const topic = resourceOf(c.calleeId);
    switch (cause) {
      case 'timeout':
        return { type: 'org.apache.kafka.common.errors.TimeoutException', message: `Expiring ${1 + (c.h % 40)} record(s) for ${topic}-${c.h % 6}:${int(c.timeoutMs)} ms has passed since batch creation` };
      case 'pool':
        return { type: 'org.apache.kafka.clients.producer.BufferExhaustedException', message: `Failed to allocate 16384 bytes within the configured max blocking time ${int(c.timeoutMs)} ms. Total memory: 33554432 bytes. Available memory: 0 bytes. Poolable size: 16384 bytes` };
      case 'http500':
      case 'overflow':
        return { type: 'org.apache.kafka.common.errors.NotEnoughReplicasException', message: 'Messages are rejected since there are fewer in-sync replicas than required.' };
      default:
        return { type: 'org.apache.kafka.common.errors.TimeoutException', message: `Topic ${topic} not present in metadata after ${int(c.timeoutMs)} ms.` };
    }
  }
  const rae = 'org.springframework.web.client.ResourceAccessException';
  switch (cause) {
    case 'timeout':
      return c.zoneDown
        ? { type: rae, message: io('Connect timed out'), causes: [{ type: 'java.net.SocketTimeoutException', message: 'Connect timed out' }] }
        : { type: rae, message: io('Read timed out'), causes: [{ type: 'java.net.SocketTimeoutException', message: 'Read timed out' }] };
    case 'dns':
      return { type: rae, message: io(c.host), causes: [{ type: 'java.net.UnknownHostException', message: `${c.host}: Name or service not known` }] };
    case 'tls':
      return { type: rae, message: io(pkix), causes: [{ type: 'javax.net.ssl.SSLHandshakeException', message: pkix }, expired] };
    case 'pool':
      return { type: rae, message: io('Timeout waiting for connection from pool'), causes: [{ type: 'org.apache.http.conn.ConnectionPoolTimeoutException', message: 'Timeout waiting for connection from pool' }] };
    case 'unavailable':
      return { type: rae, message: io(refused.message), causes: [refused] };
    case 'http500':
      return { type: 'org.springframework.web.client.HttpServerErrorException$InternalServerError', message: c.calleeType === 'external' ? '500 Internal Server Error: [no body]' : `500 Internal Server Error: "{"timestamp":"${c.wallIso}","status":500,"error":"Internal Server Error","path":"${c.route.path}"}"` };
    case 'overflow':
      return { type: 'org.springframework.web.client.HttpServerErrorException$ServiceUnavailable', message: '503 Service Unavailable: "upstream connect error or disconnect/reset before headers. reset reason: overflow"' };
    case 'shed':
      return { type: 'org.springframework.web.client.HttpClientErrorException$TooManyRequests', message: `429 Too Many Requests: "{"error":"load shedding in effect","retryAfter":${ra}}"` };
    case 'rateLimit':
      return { type: 'org.springframework.web.client.HttpClientErrorException$TooManyRequests', message: `429 Too Many Requests: "{"error":{"code":429,"message":"Rate limit exceeded. Retry after ${ra} seconds.","status":"RESOURCE_EXHAUSTED"}}"` };
  }
}

/** Envoy's own words for a failed upstream, with the response flag its access log prints. */
function envoy(c: CallInfo, cause: AttemptCause): { status: number; flags: string; message: string } {
  const connFail = (errno: number) => `upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: ${errno}`;
  switch (cause) {
    case 'timeout':
      return { status: 504, flags: 'UT', message: 'upstream request timeout' };
    case 'overflow':
    case 'pool':
      return { status: 503, flags: 'UO', message: 'upstream connect error or disconnect/reset before headers. reset reason: overflow' };
    case 'unavailable':
      return c.noEndpoints ? { status: 503, flags: 'UH', message: 'no healthy upstream' } : { status: 503, flags: 'UF', message: connFail(c.zoneDown ? 113 : 111) };
    case 'dns':
      return { status: 503, flags: 'UH', message: 'no healthy upstream' };
    case 'tls':
      return { status: 503, flags: 'UF', message: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: TLS_error:|268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end' };
    case 'http500':
      return { status: 500, flags: '-', message: `upstream ${c.calleeId} returned 500 Internal Server Error` };
    case 'shed':
    case 'rateLimit':
      return { status: 429, flags: '-', message: `upstream ${c.calleeId} returned 429 Too Many Requests` };
  }
}

/** Status the caller answers its own client with when this call fails for good. */
export function statusForFailedCall(callerGateway: boolean, cause: AttemptCause): number {
  if (!callerGateway) return cause === 'overflow' ? 503 : 500;
  return cause === 'timeout' ? 504 : cause === 'http500' ? 500 : 503;
}

/** The client span's status code for an attempt that got an answer (undefined when none came). */
export function attemptStatus(cause: AttemptCause | null): number | undefined {
  switch (cause) {
    case null:
      return 200;
    case 'http500':
      return 500;
    case 'overflow':
      return 503;
    case 'shed':
    case 'rateLimit':
      return 429;
    default:
      return undefined;
  }
}

export function exceptionOf(c: CallInfo, cause: AttemptCause): ExceptionInfo {
  if (c.callerGateway && kindOf(c.calleeType) === 'http') {
    const e = envoy(c, cause);
    return { type: `envoy.${e.flags}`, message: e.message };
  }
  const k = core(c, cause);
  const last = k.causes?.at(-1);
  return { type: k.type, message: last ? `${k.message}; nested exception is ${last.type}: ${last.message}` : k.message };
}

export type CallStage = 'retry' | 'final' | 'fallback';

/**
 * The severity of callFailureLine, from what decides it: a WARN before a retry, and before a
 * fallback except at a gateway (Envoy logs a failed upstream request as an error), else an ERROR.
 */
export function callFailureSeverity(callerGateway: boolean, calleeType: ServiceDef['type'], stage: CallStage): 'WARN' | 'ERROR' {
  if (stage === 'retry') return 'WARN';
  if (callerGateway && kindOf(calleeType) === 'http') return 'ERROR';
  return stage === 'fallback' ? 'WARN' : 'ERROR';
}

/** The caller's log line for a failed attempt: a WARN before a retry or a fallback, an ERROR when the request fails. */
export function callFailureLine(c: CallInfo, cause: AttemptCause, stage: CallStage): Line {
  const attrs: Record<string, string | number> = { 'peer.service': c.calleeId, 'error.type': cause, attempt: c.attempt, 'attempt.max': c.maxAttempts };
  if (cause === 'rateLimit' || cause === 'shed') attrs['http.response.header.retry-after'] = retryAfterSec(c.h);
  const kind = kindOf(c.calleeType);
  if (c.callerGateway && kind === 'http') {
    const e = envoy(c, cause);
    attrs['http.response.status_code'] = e.status;
    attrs['envoy.response_flags'] = e.flags;
    attrs['upstream_cluster'] = `outbound|${c.port}||${c.host}`;
    if (stage === 'retry') return { severity: callFailureSeverity(true, c.calleeType, stage), body: `Retrying request (attempt ${c.attempt + 1}/${c.maxAttempts}) to ${c.calleeId}: ${e.message}`, attrs };
    return { severity: callFailureSeverity(true, c.calleeType, stage), body: e.message, attrs };
  }
  const k = core(c, cause);
  const deepest = k.causes?.at(-1);
  // Spring-style chaining names the root cause; other runtimes' messages already contain it.
  const full = deepest ? `${k.message}; nested exception is ${deepest.type}: ${deepest.message}` : k.message;
  const short = deepest ? `${deepest.type}: ${deepest.message}` : k.message;
  const ra = cause === 'rateLimit' || cause === 'shed' ? `, Retry-After: ${retryAfterSec(c.h)}` : '';
  const severity = callFailureSeverity(c.callerGateway, c.calleeType, stage);
  if (stage === 'retry') return { severity, body: `Retrying request (attempt ${c.attempt + 1}/${c.maxAttempts}) to ${c.calleeId} after: ${short}${ra}`, attrs };
  if (stage === 'fallback') return { severity, body: `${c.calleeId} unavailable, serving fallback response: ${short}${ra}`, attrs };
  attrs['exception.type'] = k.type;
  const logger = loggerFor(c.callerLang, c.callerId);
  if (logger) attrs['logger'] = logger;
  switch (c.callerLang) {
    case 'java': {
      const pkg = javaPkg(c.callerId);
      const Callee = pascal(resourceOf(c.calleeId));
      const clientFrame = `${pkg}.client.${Callee}Client.${kind === 'db' ? 'query' : 'call'}(${Callee}Client.java:${40 + (hashWords(c.h, 7) % 120)})`;
      const top: JavaCause = { type: k.type, message: k.message, frames: [...libFrames(kind, cause), clientFrame, ...javaAppFrames(c.callerId, c.h), ...SPRING_MVC_FRAMES] };
      const causes: JavaCause[] = (k.causes ?? []).map((x) => ({ type: x.type, message: x.message, frames: causeFrames(x.type) }));
      return { severity: 'ERROR', body: `Request processing failed: ${k.type}: ${full}${ra}`, stack: javaStack(top, causes), attrs };
    }
    case 'node': {
      const stack = nodeStack(`${k.type}: ${k.message}`, [...nodeLibFrames(kind), `${pascal(resourceOf(c.calleeId))}Client.call (/app/src/clients/${resourceOf(c.calleeId)}.js:${20 + (c.h % 60)}:${9 + (c.h % 20)})`, ...nodeAppFrames(c.callerId, c.h)]);
      return { severity: 'ERROR', body: `Request to ${c.calleeId} failed: ${k.type}: ${k.message}${ra}`, stack, attrs };
    }
    case 'python': {
      const frame = pyAppFrame(c.callerId, c.h, kind === 'db' ? 'rows = session.execute(query).all()' : kind === 'cache' ? 'cached = self.redis.get(key)' : kind === 'queue' ? 'self.producer.flush(timeout=5)' : `resp = self.session.${c.route.method.toLowerCase()}(url, json=payload, timeout=${secText(c.timeoutMs)})`);
      return { severity: 'ERROR', body: `Error calling ${c.calleeId}: ${k.message}${ra}`, stack: pythonTraceback([frame, ...pyLibFrames(kind)], `${k.type}: ${k.message}`), attrs };
    }
    default:
      attrs['error'] = k.message;
      return { severity: 'ERROR', body: `${c.calleeId} call failed: ${k.message}${ra}`, attrs };
  }
}

function libFrames(kind: Kind, cause: AttemptCause): string[] {
  if (kind === 'db') {
    return cause === 'pool'
      ? [
          'org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)',
          'org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:653)',
          'org.springframework.jdbc.core.JdbcTemplate.query(JdbcTemplate.java:723)',
        ]
      : ['org.springframework.jdbc.core.JdbcTemplate.execute(JdbcTemplate.java:667)', 'org.springframework.jdbc.core.JdbcTemplate.query(JdbcTemplate.java:723)'];
  }
  if (kind === 'cache') return ['io.lettuce.core.internal.Exceptions.bubble(Exceptions.java:83)', 'io.lettuce.core.FutureSyncInvocationHandler.handleInvocation(FutureSyncInvocationHandler.java:75)', 'jdk.proxy2/jdk.proxy2.$Proxy142.get(Unknown Source)'];
  if (kind === 'queue') return ['org.apache.kafka.clients.producer.internals.FutureRecordMetadata.valueOrError(FutureRecordMetadata.java:98)', 'org.apache.kafka.clients.producer.internals.FutureRecordMetadata.get(FutureRecordMetadata.java:67)'];
  return [
    'org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:915)',
    'org.springframework.web.client.RestTemplate.execute(RestTemplate.java:872)',
    'org.springframework.web.client.RestTemplate.exchange(RestTemplate.java:760)',
  ];
}

function causeFrames(type: string): string[] {
  switch (type) {
    case 'java.net.SocketTimeoutException':
      return ['java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)', 'java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:304)', 'java.base/sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:346)', 'java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)'];
    case 'java.net.ConnectException':
    case 'java.net.NoRouteToHostException':
      return ['java.base/sun.nio.ch.Net.pollConnect(Native Method)', 'java.base/sun.nio.ch.Net.pollConnectNow(Net.java:682)', 'java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:542)', 'java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:592)', 'java.base/java.net.Socket.connect(Socket.java:751)'];
    case 'java.net.UnknownHostException':
      return ['java.base/java.net.InetAddress$CachedLookup.get(InetAddress.java:988)', 'java.base/java.net.InetAddress.getAllByName0(InetAddress.java:1818)', 'java.base/java.net.InetAddress.getAllByName(InetAddress.java:1688)'];
    case 'java.sql.SQLTransientConnectionException':
      return ['com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)', 'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)', 'com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:146)', 'com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)'];
    case 'javax.net.ssl.SSLHandshakeException':
      return ['java.base/sun.security.ssl.Alert.createSSLException(Alert.java:130)', 'java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:378)', 'java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1357)'];
    case 'java.security.cert.CertificateExpiredException':
      return ['java.base/sun.security.x509.CertificateValidity.valid(CertificateValidity.java:182)', 'java.base/sun.security.x509.X509CertImpl.checkValidity(X509CertImpl.java:618)', 'java.base/sun.security.provider.certpath.BasicChecker.verifyValidity(BasicChecker.java:190)'];
    case 'org.postgresql.util.PSQLException':
      return ['org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2725)', 'org.postgresql.core.v3.QueryExecutorImpl.processResults(QueryExecutorImpl.java:2412)', 'org.postgresql.jdbc.PgStatement.executeInternal(PgStatement.java:517)'];
    default:
      return ['io.netty.channel.socket.nio.NioSocketChannel.doFinishConnect(NioSocketChannel.java:337)', 'io.netty.channel.nio.NioEventLoop.processSelectedKey(NioEventLoop.java:776)'];
  }
}

function nodeLibFrames(kind: Kind): string[] {
  if (kind === 'db') return ['/app/node_modules/pg-pool/index.js:45:11', 'process.processTicksAndRejections (node:internal/process/task_queues:95:5)'];
  if (kind === 'cache') return ['Timeout._onTimeout (/app/node_modules/ioredis/built/Command.js:192:33)', 'listOnTimeout (node:internal/timers:581:17)'];
  if (kind === 'queue') return ['/app/node_modules/kafkajs/src/network/requestQueue/index.js:126:29', 'process.processTicksAndRejections (node:internal/process/task_queues:95:5)'];
  return ['RedirectableRequest.handleRequestTimeout (/app/node_modules/axios/dist/node/axios.cjs:3141:16)', 'Axios.request (/app/node_modules/axios/dist/node/axios.cjs:4252:41)', 'process.processTicksAndRejections (node:internal/process/task_queues:95:5)'];
}

function pyLibFrames(kind: Kind): { file: string; line: number; fn: string; code: string }[] {
  const site = '/usr/local/lib/python3.12/site-packages';
  if (kind === 'db') return [{ file: `${site}/sqlalchemy/engine/base.py`, line: 1967, fn: '_exec_single_context', code: 'self.dialect.do_execute(' }];
  if (kind === 'cache') return [{ file: `${site}/redis/connection.py`, line: 513, fn: 'read_response', code: 'response = self._parser.read_response(disable_decoding=disable_decoding)' }];
  if (kind === 'queue') return [{ file: `/app/worker/producer.py`, line: 31, fn: 'publish', code: 'raise KafkaException(err)' }];
  return [
    { file: `${site}/requests/sessions.py`, line: 589, fn: 'request', code: 'resp = self.send(prep, **send_kwargs)' },
    { file: `${site}/requests/adapters.py`, line: 713, fn: 'send', code: 'raise ReadTimeout(e, request=request)' },
  ];
}

