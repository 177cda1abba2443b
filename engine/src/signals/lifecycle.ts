// Pod lifecycle lines: Kubernetes events and the application's own startup, shutdown and last
// words, at the seconds the replayed pod history (pods.ts) says they happened. A rollout shows
// new pods starting one by one ("Started CheckoutApplication in 28.4 seconds"), an OOM kill shows
// the runtime's out-of-memory error then "OOMKilled (exit code 137)", a crash loop its back-off.

import type { PodLife, PodRecord } from './pods.ts';
import type { Line } from './templates.ts';
import type { Pending, Unit } from './unit.ts';
import { fixed, kubeBytes, pascal, resourceOf, snake } from './format.ts';
import { hashWords } from './ids.ts';
import { hash32 } from '../random/rng.ts';
import { formatIsoSec } from '../core/time.ts';
import { podIp } from './routes.ts';
import { faultOfType, metric } from './view.ts';
import { javaPkg } from './stacks.ts';

function k8s(reason: string, type: 'Normal' | 'Warning', body: string): Line {
  return { severity: type === 'Warning' ? 'WARN' : 'INFO', body, attrs: { 'log.source': 'kubernetes', 'k8s.event.reason': reason, 'k8s.event.type': type } };
}

function app(severity: Line['severity'], body: string, attrs: Record<string, string | number> = {}, stack?: string): Line {
  return stack ? { severity, body, attrs, stack } : { severity, body, attrs };
}

function nodeName(p: PodRecord): string {
  const h = hash32(p.name);
  return `ip-10-${p.zone + 1}-${(h >>> 8) % 256}-${h % 256}.ec2.internal`;
}

/** Startup lines of one container run, at offsets (ms) from its start; the last lands at readiness. */
function startupPlan(u: Unit, p: PodRecord, life: PodLife): { atMs: number; line: Line }[] {
  const s = life.startedAt * 1000;
  const ready = life.readyAt * 1000;
  const span = Math.max(1000, ready - s);
  const at = (f: number) => Math.min(ready - 1, s + 200 + f * (span - 400));
  const v = u.v;
  const hasDb = (v.model.outEdges[u.svc] ?? []).some((e) => v.model.services[v.model.edges[e]?.to ?? -1]?.type === 'database');
  const out: { atMs: number; line: Line }[] = [];
  const first = life === p.lives[0];
  if (first) {
    out.push({ atMs: s + 20, line: k8s('Scheduled', 'Normal', `Successfully assigned ${u.envId}/${p.name} to ${nodeName(p)}`) });
    out.push({ atMs: s + 60, line: k8s('Pulled', 'Normal', `Container image "registry.acme.internal/${u.svcId}:${p.version}" already present on machine`) });
    out.push({ atMs: s + 80, line: k8s('Created', 'Normal', `Created container ${u.svcId}`) });
  }
  out.push({ atMs: s + 110, line: k8s('Started', 'Normal', `Started container ${u.svcId}`) });
  const secs = fixed((ready - s) / 1000 - 0.6, 3);
  const App = `${pascal(resourceOf(u.svcId))}Application`;
  switch (u.lang) {
    case 'java':
      out.push(
        { atMs: at(0), line: app('INFO', `Starting ${App} v${p.version.replace(/^v/, '')} using Java 21.0.3 with PID 1 (/app/app.jar started by app in /app)`, { logger: `${javaPkg(u.svcId)}.${App}`, 'service.version': p.version }) },
        { atMs: at(0.02), line: app('INFO', `The following 1 profile is active: "${u.envId}"`, { logger: `${javaPkg(u.svcId)}.${App}` }) },
        { atMs: at(0.3), line: app('INFO', 'Tomcat initialized with port 8080 (http)', { logger: 'o.s.b.w.embedded.tomcat.TomcatWebServer' }) },
      );
      if (hasDb) {
        out.push({ atMs: at(0.5), line: app('INFO', 'HikariPool-1 - Starting...', { logger: 'com.zaxxer.hikari.HikariDataSource' }) }, { atMs: at(0.55), line: app('INFO', 'HikariPool-1 - Start completed.', { logger: 'com.zaxxer.hikari.HikariDataSource' }) });
        out.push({ atMs: at(0.7), line: app('WARN', 'spring.jpa.open-in-view is enabled by default. Therefore, database queries may be performed during view rendering. Explicitly configure spring.jpa.open-in-view to disable this warning', { logger: 'JpaBaseConfiguration$JpaWebConfiguration' }) });
      }
      out.push({ atMs: at(0.95), line: app('INFO', "Tomcat started on port 8080 (http) with context path '/'", { logger: 'o.s.b.w.embedded.tomcat.TomcatWebServer' }) });
      out.push({ atMs: ready - 1, line: app('INFO', `Started ${App} in ${secs} seconds (process running for ${fixed((ready - s) / 1000, 3)})`, { logger: `${javaPkg(u.svcId)}.${App}`, 'service.version': p.version }) });
      break;
    case 'go':
      out.push({ atMs: at(0), line: app('INFO', `starting ${u.svcId} version=${p.version} go=go1.22.3`, { 'service.version': p.version }) });
      if (hasDb) out.push({ atMs: at(0.5), line: app('INFO', 'database pool ready max_conns=20') });
      out.push({ atMs: ready - 1, line: app('INFO', `listening on :8080 version=${p.version} startup=${secs}s`, { 'service.version': p.version }) });
      break;
    case 'node':
      out.push({ atMs: at(0), line: app('INFO', `Starting ${u.svcId}@${p.version.replace(/^v/, '')} (node v20.12.2, NODE_ENV=production)`, { 'service.version': p.version }) });
      out.push({ atMs: at(0.1), line: app('WARN', '(node:1) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.') });
      out.push({ atMs: ready - 1, line: app('INFO', `Server listening at http://0.0.0.0:8080 (version ${p.version})`, { 'service.version': p.version }) });
      break;
    case 'python':
      if (u.def.consumes) {
        out.push({ atMs: at(0), line: app('INFO', `Starting ${u.svcId} worker ${p.version}`, { 'service.version': p.version }) });
        out.push({ atMs: ready - 1, line: app('INFO', `Subscribed to topic(s): ${u.def.consumes}; partitions assigned, consuming (version ${p.version})`, { 'service.version': p.version }) });
      } else {
        out.push(
          { atMs: at(0), line: app('INFO', '[1] [INFO] Starting gunicorn 22.0.0') },
          { atMs: at(0.05), line: app('INFO', '[1] [INFO] Listening at: http://0.0.0.0:8080 (1)') },
          { atMs: at(0.1), line: app('INFO', '[1] [INFO] Using worker: gthread') },
          { atMs: ready - 1, line: app('INFO', `[7] [INFO] Booting worker with pid: 7 (${snake(u.svcId)} ${p.version})`, { 'service.version': p.version }) },
        );
      }
      break;
    case 'postgres':
      out.push(
        { atMs: at(0), line: app('INFO', 'starting PostgreSQL 16.3 on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit') },
        { atMs: at(0.1), line: app('INFO', 'listening on IPv4 address "0.0.0.0", port 5432') },
        { atMs: at(0.6), line: app('INFO', `database system was shut down at ${formatIsoSec(u.v.model.startEpochSec + life.startedAt - 1).replace('T', ' ').replace('Z', ' UTC')}`) },
        { atMs: ready - 1, line: app('INFO', 'database system is ready to accept connections') },
      );
      break;
    case 'redis':
      out.push(
        { atMs: at(0), line: app('INFO', '1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo') },
        { atMs: at(0.05), line: app('INFO', '1:C * Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started') },
        { atMs: at(0.5), line: app('INFO', '1:M * Server initialized') },
        { atMs: ready - 1, line: app('INFO', '1:M * Ready to accept connections tcp') },
      );
      break;
    case 'kafka':
      out.push({ atMs: at(0), line: app('INFO', 'Registered kafka:type=kafka.Log4jController MBean (kafka.utils.Log4jControllerRegistration$)') }, { atMs: ready - 1, line: app('INFO', `[KafkaServer id=${1 + (hash32(p.name) % 3)}] started (kafka.server.KafkaServer)`) });
      break;
  }
  return out;
}

/** What the process says as it dies, then what Kubernetes records. */
function deathLines(u: Unit, p: PodRecord, life: PodLife): { atMs: number; line: Line }[] {
  const t = (life.endAt ?? u.sec) * 1000;
  const h = hash32(p.name) ^ life.startedAt;
  const out: { atMs: number; line: Line }[] = [];
  const limitMb = metric(u.v, 'container_memory_limit_bytes', u.inst, u.sec) / (1024 * 1024) || u.def.memory.limitMb;
  if (life.endReason === 'OOMKilled') {
    switch (u.lang) {
      case 'java': {
        const thread = `http-nio-8080-exec-${1 + (h % 200)}`;
        out.push({
          atMs: t + 150,
          line: app('ERROR', `Exception in thread "${thread}" java.lang.OutOfMemoryError: Java heap space`, { 'exception.type': 'java.lang.OutOfMemoryError', 'thread.name': thread }, [
            'java.lang.OutOfMemoryError: Java heap space',
            '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)',
            '\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:242)',
            '\tat java.base/java.lang.StringBuilder.append(StringBuilder.java:179)',
            `\tat ${javaPkg(u.svcId)}.cache.ResponseCache.put(ResponseCache.java:77)`,
            `\tat ${javaPkg(u.svcId)}.web.${pascal(resourceOf(u.svcId))}Controller.handle(${pascal(resourceOf(u.svcId))}Controller.java:61)`,
          ].join('\n')),
        });
        out.push({ atMs: t + 400, line: app('FATAL', 'Terminating due to java.lang.OutOfMemoryError: Java heap space') });
        break;
      }
      case 'node':
        out.push({
          atMs: t + 300,
          line: app('FATAL', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory', { 'exception.type': 'OutOfMemory' }, [
            '<--- Last few GCs --->',
            '',
            `[1:0x5c1f0a0] ${1_000_000 + (h % 8_000_000)} ms: Mark-Compact ${fixed(limitMb * 0.97, 1)} (${fixed(limitMb, 1)}) -> ${fixed(limitMb * 0.96, 1)} (${fixed(limitMb, 1)}) MB, 1543.21 / 0.00 ms  (average mu = 0.123, current mu = 0.045) allocation failure; scavenge might not succeed`,
            '',
            '<--- JS stacktrace --->',
            '',
            'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
            ' 1: 0xb85bc0 node::Abort() [node]',
            ' 2: 0xa94834  [node]',
            ' 3: 0xd66d30 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, bool) [node]',
            ' 4: 0xf3e5d5 v8::internal::Heap::FatalProcessOutOfMemory(char const*) [node]',
          ].join('\n')),
        });
        break;
      case 'go':
        out.push({ atMs: t + 300, line: app('FATAL', 'fatal error: runtime: out of memory', {}, ['runtime stack:', 'runtime.throw({0x9a1b2c?, 0x2000?})', '\t/usr/local/go/src/runtime/panic.go:1023 +0x5c', 'runtime.sysMap(0xc040000000, 0x4000000, 0x1a3c4e8?)', '\t/usr/local/go/src/runtime/mem_linux.go:167 +0xc5'].join('\n')) });
        break;
      case 'python':
        out.push({ atMs: t + 300, line: app('ERROR', 'MemoryError', { 'exception.type': 'MemoryError' }, ['Traceback (most recent call last):', `  File "/app/${snake(u.svcId)}/handlers.py", line 112, in handle`, '    rows = list(cursor.fetchall())', 'MemoryError'].join('\n')) });
        break;
      default:
        break;
    }
    out.push({ atMs: t + 700, line: k8s('OOMKilled', 'Warning', `Container ${u.svcId} in pod ${p.name} was OOMKilled (exit code 137): Last State: Terminated, Reason: OOMKilled, Exit Code: 137 (memory limit ${fixed(limitMb, 0)}Mi)`) });
  } else if (life.endReason === 'DiskFull') {
    out.push({ atMs: t + 200, line: app('FATAL', enospc(u)) });
    const used = metric(u.v, 'container_fs_usage_bytes', u.inst, u.sec);
    out.push({ atMs: t + 700, line: k8s('Evicted', 'Warning', `The node was low on resource: ephemeral-storage. Container ${u.svcId} was using ${kubeBytes(used)}, which exceeds its request of 0. Evicted pod ${p.name}`) });
  } else {
    out.push({ atMs: t + 200, line: k8s('Killing', 'Warning', `Stopping container ${u.svcId} in pod ${p.name}`) });
    out.push({ atMs: t + 600, line: k8s('Terminated', 'Warning', `Container ${u.svcId} in pod ${p.name} terminated: Reason: Error, Exit Code: 137`) });
  }
  return out;
}

export function enospc(u: Unit): string {
  switch (u.lang) {
    case 'java':
      return 'Failed to write log event: java.io.IOException: No space left on device';
    case 'node':
      return "Error: ENOSPC: no space left on device, write '/var/log/app/app.log'";
    case 'python':
      return "OSError: [Errno 28] No space left on device: '/var/log/app/app.log'";
    case 'postgres':
      return 'could not write to file "pg_wal/xlogtemp.42": No space left on device';
    default:
      return 'write /var/log/app/app.log: no space left on device';
  }
}

function shutdownLines(u: Unit, p: PodRecord): { atMs: number; line: Line }[] {
  const t = p.goneAt * 1000;
  const out = [{ atMs: t + 10, line: k8s('Killing', 'Normal', `Stopping container ${u.svcId}`) }];
  const say = (body: string) => out.push({ atMs: t + 40, line: app('INFO', body) });
  switch (u.lang) {
    case 'java':
      say('Commencing graceful shutdown. Waiting for active requests to complete');
      out.push({ atMs: t + 300, line: app('INFO', 'Graceful shutdown complete') });
      break;
    case 'go':
      say('shutting down server: signal terminated');
      break;
    case 'node':
      say('Received SIGTERM, closing server');
      break;
    case 'python':
      say('[1] [INFO] Handling signal: term');
      break;
    case 'postgres':
      say('received fast shutdown request');
      break;
    case 'redis':
      say('1:signal-handler * Received SIGTERM scheduling shutdown...');
      break;
    default:
      say('[KafkaServer id=1] shutting down (kafka.server.KafkaServer)');
  }
  return out;
}

/** The Deployment controller's events as a rollout moves pods between ReplicaSets. */
function replicaSetLines(u: Unit, pods: readonly PodRecord[], p: PodRecord): { atMs: number; line: Line }[] {
  const rs = p.name.slice(0, p.name.lastIndexOf('-'));
  const same = (q: PodRecord) => q.name.startsWith(`${rs}-`);
  const out: { atMs: number; line: Line }[] = [];
  const born = p.lives[0]?.startedAt ?? -Infinity;
  if (p.createdAt !== -Infinity && born === u.sec) {
    const n = pods.filter((q) => same(q) && (q.lives[0]?.startedAt ?? -Infinity) <= u.sec && q.goneAt > u.sec).length;
    out.push({ atMs: u.sec * 1000 + 5, line: k8s('ScalingReplicaSet', 'Normal', `Scaled up replica set ${rs} to ${n}`) });
  }
  if (p.goneAt === u.sec) {
    const n = pods.filter((q) => same(q) && q.goneAt > u.sec && (q.lives[0]?.startedAt ?? -Infinity) <= u.sec).length;
    out.push({ atMs: u.sec * 1000 + 5, line: k8s('ScalingReplicaSet', 'Normal', `Scaled down replica set ${rs} to ${n}`) });
  }
  return out;
}

/** Lifecycle lines of every pod of the unit's instance that land in its second. */
export function lifecycleLines(u: Unit): Pending[] {
  const out: Pending[] = [];
  const lo = u.sec * 1000;
  const hi = lo + 1000;
  const pods = u.v.pods.byInst[u.inst] ?? [];
  const outage = faultOfType(u.v, u.env, u.svc, u.sec, 'outage') !== undefined;
  for (const p of pods) {
    const add = (items: { atMs: number; line: Line }[]) => {
      for (const it of items) if (it.atMs >= lo && it.atMs < hi) out.push({ timeMs: it.atMs, line: it.line, pod: p.name });
    };
    if (p.goneAt !== Infinity && p.goneAt === u.sec) add(shutdownLines(u, p));
    add(replicaSetLines(u, pods, p));
    for (const life of p.lives) {
      if (life.startedAt > u.sec + 1) break;
      if (life.startedAt * 1000 < hi && life.readyAt * 1000 >= lo) add(startupPlan(u, p, life));
      if (life.endAt === u.sec) add(deathLines(u, p, life));
    }
    // Crash-loop back-off: Kubernetes keeps saying so while it waits.
    for (let k = 1; k < p.lives.length; k++) {
      const l = p.lives[k] as PodLife;
      const crashAt = (p.lives[k - 1] as PodLife).endAt;
      if (l.backoffBefore > 0 && u.sec > crashAt && u.sec < l.startedAt && (u.sec - crashAt) % 10 === 5) {
        out.push({ timeMs: lo + 500, line: k8s('BackOff', 'Warning', `Back-off restarting failed container ${u.svcId} in pod ${p.name}`), pod: p.name });
      }
    }
    // An outage: the pods run but do not answer; the kubelet's readiness probe says so.
    if (outage && u.sec % 10 === hashWords(hash32(p.name)) % 10 && u.serving.includes(p)) {
      const ip = podIp(p.name, u.env);
      out.push({ timeMs: lo + 250, line: k8s('Unhealthy', 'Warning', `Readiness probe failed: Get "http://${ip}:8080/ready": dial tcp ${ip}:8080: connect: connection refused`), pod: p.name });
    }
  }
  return out;
}
