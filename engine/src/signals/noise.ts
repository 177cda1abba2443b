// Lines an application writes that are not about one request: the harmless WARNs that are
// always there (red herrings: an old probe path's 404s, a deprecated API, a 201 ms slow query
// over a 200 ms threshold, a retry that succeeded), runtime housekeeping (JVM GC, HikariCP pool
// stats) and the resource and fault signatures that grow with the metrics (heap pressure before
// an OOM kill, a filling disk, a cache miss storm, a Kafka consumer that stops polling).

import type { Line } from './templates.ts';
import type { Pending, Unit } from './unit.ts';
import { every, phaseOf, within } from './unit.ts';
import { fixed, goDuration, int, resourceOf, snake } from './format.ts';
import { hashWords } from './ids.ts';
import { hash32 } from '../random/rng.ts';
import { callDisabled, faultOfType, flagOn, maxAttempts, metric } from './view.ts';
import { javaPkg } from './stacks.ts';
import { enospc } from './lifecycle.ts';

const MB = 1024 * 1024;

function line(severity: Line['severity'], body: string, attrs: Record<string, string | number> = {}): Line {
  return { severity, body, attrs };
}

export function appNoise(u: Unit): Pending[] {
  const out: Pending[] = [];
  if (u.serving.length === 0 && u.running.length === 0) return out;
  const pods = u.serving.length > 0 ? u.serving : u.running;
  const pod = (k: number) => (pods[((k % pods.length) + pods.length) % pods.length] ?? pods[0])?.name ?? '';
  const push = (l: Line, k = Math.floor(u.r.next() * pods.length), lo = 0, hi = 1) => out.push({ timeMs: within(u, lo, hi), line: l, pod: pod(k) });
  const v = u.v;
  const model = v.model;
  const res = resourceOf(u.svcId);
  const edges = model.outEdges[u.svc] ?? [];
  const dbEdges = edges.filter((e) => model.services[model.edges[e]?.to ?? -1]?.type === 'database');
  const served = u.serving.length > 0;

  // Red herrings, present in healthy times.
  if (served && every(u, 'probe404', 15)) {
    const ua = 'kube-probe/1.29';
    if (u.gateway) push(line('WARN', `no route matched for GET /healthcheck from ${ua}: 404 NR`, { 'http.response.status_code': 404, 'envoy.response_flags': 'NR' }));
    else if (u.lang === 'java') push(line('WARN', 'No mapping for GET /healthcheck', { logger: 'o.s.web.servlet.PageNotFound', 'user_agent.original': ua }));
    else if (u.lang === 'node') push(line('WARN', 'Route GET:/healthcheck not found', { 'user_agent.original': ua }));
    else if (u.lang === 'python') push(line('WARN', 'Not Found: /healthcheck', { logger: 'django.request', 'user_agent.original': ua }));
    else push(line('WARN', `route not found method=GET path=/healthcheck user_agent=${ua}`));
  }
  if (served && every(u, 'deprecated', u.gateway ? 300 : 120)) {
    if (u.gateway) push(line('WARN', "Deprecated field: type envoy.config.route.v3.RouteAction Using deprecated option 'envoy.config.route.v3.RouteAction.max_grpc_timeout' from file route.proto. This configuration will be removed from Envoy soon."));
    else if (u.lang === 'java') push(line('WARN', `Deprecated API GET /api/v1/${res} called by client mobile-ios/4.2.1; migrate to /api/v2/${res} before 2026-09-30`, { logger: `${javaPkg(u.svcId).replace(/^com\.acme\./, 'c.a.')}.web.DeprecationFilter` }));
    else if (u.lang === 'node') push(line('WARN', "(node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead."));
    else if (u.lang === 'python') push(line('WARN', `/app/${snake(u.svcId)}/utils.py:12: DeprecationWarning: datetime.datetime.utcnow() is deprecated and scheduled for removal in a future version. Use timezone-aware objects to represent datetimes in UTC: datetime.datetime.now(datetime.UTC).`));
    else push(line('WARN', 'config option "http.timeout" is deprecated, use "http.read_timeout" instead'));
  }
  if (served && dbEdges.length > 0 && every(u, 'slow201', 240)) {
    const table = resourceOf(model.svcIds[model.edges[dbEdges[0] ?? 0]?.to ?? 0] ?? 'orders');
    const ms = 200.5 + u.r.next() * 9;
    const q = `select r1_0.id,r1_0.day,r1_0.total from ${table}_daily_report r1_0 where r1_0.day>=? order by r1_0.day desc`;
    if (u.lang === 'java') push(line('WARN', `Slow query took ${int(ms)} milliseconds [${q}]`, { logger: 'org.hibernate.SQL_SLOW', 'db.duration_ms': Math.round(ms * 1000) / 1000, threshold_ms: 200 }));
    else if (u.lang === 'go') push(line('WARN', `slow query duration=${goDuration(ms)} threshold=200ms query="${q}"`));
    else if (u.lang === 'node') push(line('WARN', `Slow query (${int(ms)} ms > 200 ms): ${q}`));
    else push(line('WARN', `Slow query ${fixed(ms / 1000, 3)}s > 0.200s: ${q}`));
  }
  const retrying = edges.filter((e) => (model.edges[e]?.retries ?? 0) > 0);
  if (served && retrying.length > 0 && every(u, 'retryok', 90)) {
    const e = retrying[Math.floor(u.r.next() * retrying.length)] ?? 0;
    // A summary draws from a stand-in stream (see Unit.dry): any of these callees may be named.
    if (u.dry) for (const x of retrying) u.extraText.push(model.svcIds[model.edges[x]?.to ?? 0] ?? '');
    const callee = model.svcIds[model.edges[e]?.to ?? 0] ?? '';
    push(line('INFO', `Request to ${callee} succeeded after 1 retry (attempt 2/${maxAttempts(v, u.env, e, u.sec)})`, { 'peer.service': callee }));
  }

  // Memory: the fullest pod's share of its limit, as the resident-memory panel shows it.
  const limit = metric(v, 'container_memory_limit_bytes', u.inst, u.sec);
  const ratio = limit > 0 ? metric(v, 'process_resident_memory_bytes', u.inst, u.sec) / limit : 0;
  const limitMb = limit / MB;
  if (u.lang === 'java' && served) {
    const period = ratio > 0.92 ? 2 : ratio > 0.85 ? 4 : ratio > 0.75 ? 10 : 20;
    pods.forEach((p, k) => {
      if ((u.sec + k * 7 - phaseOf(u, 'gc', period)) % period !== 0) return;
      const heap = Math.max(64, Math.round(limitMb * 0.75));
      const podRatio = Math.max(0.15, ratio - 0.04 * k);
      const gcN = Math.floor(u.sec / period) + k * 10_000;
      if (podRatio > 0.85) {
        const after = Math.round(heap * Math.min(0.995, podRatio + 0.02));
        out.push({ timeMs: within(u), pod: p.name, line: line('WARN', `[gc] GC(${gcN}) Pause Full (G1 Compaction Pause) ${Math.min(heap, after + 3)}M->${after}M(${heap}M) ${fixed(400 + podRatio * 1500 * (0.8 + 0.4 * u.r.next()), 3)}ms`, { logger: 'gc', 'jvm.memory.used_ratio': Math.round(podRatio * 1000) / 1000 }) });
      } else {
        const after = Math.round(heap * podRatio * 0.8);
        const before = Math.min(heap, after + Math.round(heap * 0.35));
        out.push({ timeMs: within(u), pod: p.name, line: line('INFO', `[gc] GC(${gcN}) Pause Young (Normal) (G1 Evacuation Pause) ${before}M->${after}M(${heap}M) ${fixed(2 + 10 * podRatio * u.r.next() + 2 * u.r.next(), 3)}ms`, { logger: 'gc' }) });
      }
    });
  } else if (ratio > 0.85 && served && every(u, 'memhigh', ratio > 0.93 ? 5 : 15)) {
    if (u.lang === 'node') {
      const used = limitMb * ratio;
      push(line('WARN', `[1:0x5c1f0a0] ${1000 + u.sec * 1000} ms: Mark-Compact ${fixed(used, 1)} (${fixed(limitMb, 1)}) -> ${fixed(used * 0.99, 1)} (${fixed(limitMb, 1)}) MB, ${fixed(300 + ratio * 1200, 2)} / 0.00 ms  (average mu = 0.211, current mu = 0.104) allocation failure; GC in old space requested`, { 'process.memory.ratio': Math.round(ratio * 1000) / 1000 }));
    } else {
      push(line('WARN', `memory usage high: rss=${int(limitMb * ratio)}MiB limit=${int(limitMb)}MiB (${int(ratio * 100)}%)`, { 'process.memory.ratio': Math.round(ratio * 1000) / 1000 }));
    }
  }

  // HikariCP's housekeeper logs pool stats every 30 s per pod at DEBUG.
  if (u.lang === 'java' && served) {
    const pooled = dbEdges.filter((e) => (model.edges[e]?.pool ?? 0) > 0);
    if (pooled.length > 0) {
      const n = Math.max(1, metric(v, 'kube_deployment_status_replicas_ready', u.inst, u.sec));
      const max = Math.round(metric(v, 'db_client_connections_max', u.inst, u.sec) / n);
      const active = Math.min(max, Math.round(metric(v, 'db_client_connections_usage', u.inst, u.sec) / n));
      const waiting = Math.round(metric(v, 'db_client_connections_pending_requests', u.inst, u.sec) / n);
      pods.forEach((p, k) => {
        if ((u.sec + k * 11 - phaseOf(u, 'hikari', 30)) % 30 !== 0) return;
        out.push({ timeMs: within(u), pod: p.name, line: line('DEBUG', `HikariPool-1 - Pool stats (total=${max}, active=${active}, idle=${Math.max(0, max - active)}, waiting=${waiting})`, { logger: 'com.zaxxer.hikari.pool.HikariPool', 'db.client.connections.max': max, 'db.client.connections.usage': active, 'db.client.connections.pending_requests': waiting }) });
      });
    }
    const throttled = metric(v, 'container_cpu_cfs_throttled_ratio', u.inst, u.sec);
    if (pooled.length > 0 && throttled > 0.4 && every(u, 'starve', 60)) push(line('WARN', `HikariPool-1 - Thread starvation or clock leap detected (housekeeper delta=${goDuration(30_000 + throttled * 60_000)}).`, { logger: 'com.zaxxer.hikari.pool.HikariPool' }));
  }
  if (u.lang === 'node' && served && metric(v, 'container_cpu_cfs_throttled_ratio', u.inst, u.sec) > 0.4 && every(u, 'eventloop', 20)) {
    push(line('WARN', `Event loop blocked for ${int(200 + metric(v, 'container_cpu_cfs_throttled_ratio', u.inst, u.sec) * 2000)}ms`));
  }

  // Disk: warnings as it fills, then every write fails.
  const fsLimit = metric(v, 'container_fs_limit_bytes', u.inst, u.sec);
  const fsRatio = fsLimit > 0 ? metric(v, 'container_fs_usage_bytes', u.inst, u.sec) / fsLimit : 0;
  if (u.running.length > 0) {
    if (fsRatio >= 0.999) {
      if (u.dry) u.inexact = true; // how many lines depends on a draw
      const n = 1 + Math.floor(u.r.next() * 3);
      for (let k = 0; k < n; k++) push(line('ERROR', enospc(u), { 'exception.type': u.lang === 'java' ? 'java.io.IOException' : 'ENOSPC' }), k);
    } else if (fsRatio > 0.85 && every(u, 'diskwarn', 60)) {
      push(line('WARN', `Log volume /var/log is ${int(fsRatio * 100)}% full (${fixed((fsRatio * fsLimit) / 1024 ** 3, 1)} of ${fixed(fsLimit / 1024 ** 3, 1)} GiB)`, { 'system.filesystem.utilization': Math.round(fsRatio * 1000) / 1000 }));
    }
  }

  // A cold or failed cache: callers see the hit ratio collapse and reads fall through.
  for (const e of edges) {
    const edge = model.edges[e];
    if (!edge || edge.onMiss < 0 || !served) continue;
    const cInst = u.env * model.nSvc + edge.to;
    const hit = metric(v, 'cache_hit_ratio', cInst, u.sec);
    const base = model.services[edge.to]?.hitRatio ?? 0.95;
    if (hit < base * 0.6 && every(u, `miss:${e}`, 5)) {
      const reads = metric(v, 'http_client_requests_total', u.inst, u.sec);
      const store = model.svcIds[edge.onMiss] ?? 'database';
      push(line('WARN', `cache miss storm: hit ratio ${int(hit * 100)}% over the last 10s (normally ${int(base * 100)}%), ~${int(reads * (1 - hit))} reads fell through to ${store}`, { 'peer.service': model.svcIds[edge.to] ?? '', 'cache.hit_ratio': Math.round(hit * 1000) / 1000 }));
    }
  }

  // Kill switches that are on: the degraded path says so now and then.
  for (const e of edges) {
    const edge = model.edges[e];
    if (!edge || !callDisabled(v, u.svc, edge.to, u.sec) || !served || !every(u, `killswitch:${e}`, 30)) continue;
    const f = model.scenario.flags.find((fl, fi) => fl.disablesCall === model.svcIds[edge.to] && model.svcIndex.get(fl.service) === u.svc && flagOn(v, fi, u.sec));
    push(line('INFO', `flag ${f?.id ?? 'kill-switch'} is on: skipping ${model.svcIds[edge.to] ?? ''}, serving responses without it`, { 'feature_flag.key': f?.id ?? '' }));
  }

  if (u.def.consumes) out.push(...consumerLines(u, pods.map((p) => p.name)));
  return out;
}

/** A consumer that cannot keep up: poll-interval timeouts, partitions revoked, the group rebalancing. */
function consumerLines(u: Unit, pods: string[]): Pending[] {
  const out: Pending[] = [];
  const slow = faultOfType(u.v, u.env, u.svc, u.sec, 'queueConsumerSlowdown');
  const lag = metric(u.v, 'consumer_lag_seconds', u.inst, u.sec);
  if ((!slow && lag < 120) || pods.length === 0 || !every(u, 'maxpoll', 45)) return out;
  const topic = u.def.consumes ?? 'events';
  const group = `${u.svcId}-group`;
  const k = Math.floor(u.r.next() * pods.length);
  const pod = pods[k] ?? '';
  const at = within(u, 0, 0.5);
  const cid = `consumer-${group}-${1 + k}`;
  switch (u.lang) {
    case 'java':
      out.push({ timeMs: at, pod, line: line('WARN', `[Consumer clientId=${cid}, groupId=${group}] consumer poll timeout has expired. This means the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time processing messages. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.`, { logger: 'o.a.k.c.c.internals.ConsumerCoordinator', 'messaging.consumer.group.name': group }) });
      out.push({ timeMs: at + 30, pod, line: line('INFO', `[Consumer clientId=${cid}, groupId=${group}] Revoking previously assigned partitions [${topic}-${k % 6}, ${topic}-${(k + 3) % 6}]`, { logger: 'o.a.k.c.c.internals.ConsumerCoordinator' }) });
      out.push({ timeMs: at + 60, pod, line: line('INFO', `[Consumer clientId=${cid}, groupId=${group}] (Re-)joining group`, { logger: 'o.a.k.c.c.internals.ConsumerCoordinator' }) });
      break;
    case 'python':
      out.push({ timeMs: at, pod, line: line('WARN', `%4|${u.v.model.startEpochSec + u.sec}.${String(at % 1000).padStart(3, '0')}|MAXPOLL|rdkafka#consumer-${1 + k}| [thrd:main]: Application maximum poll interval (300000ms) exceeded by ${int(1000 + lag * 100)}ms (adjust max.poll.interval.ms for long-running message processing): leaving group`, { 'messaging.consumer.group.name': group }) });
      out.push({ timeMs: at + 40, pod, line: line('INFO', `Partitions revoked: [${topic}[${k % 6}], ${topic}[${(k + 3) % 6}]]; rejoining group ${group}`) });
      break;
    case 'node':
      out.push({ timeMs: at, pod, line: line('WARN', `[Consumer] The group is rebalancing, re-joining (groupId: ${group}, memberId: ${cid}-${hashWords(hash32(pod)).toString(16)})`) });
      break;
    default:
      out.push({ timeMs: at, pod, line: line('WARN', `consumer/broker/1 abandoned subscription to ${topic}/${k % 6} because consuming was taking too long`) });
  }
  if (lag > 60) out.push({ timeMs: at + 90, pod, line: line('WARN', `Processing is ${int(lag)}s behind the head of ${topic}`, { 'messaging.kafka.consumer.lag_seconds': Math.round(lag) }) });
  return out;
}

