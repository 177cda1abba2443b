// Logs of the infrastructure services the scenario models: PostgreSQL (log_min_duration_statement
// = 200 ms, connection logging, checkpoints, autovacuum), Redis (RDB saves) and Kafka brokers
// (segment rolls, consumer group rebalances). They carry no trace ids: these servers do not
// propagate trace context, which is also true in production.

import type { Line } from './templates.ts';
import { statementOf } from './templates.ts';
import type { Pending, Unit } from './unit.ts';
import { every, phaseFor, within } from './unit.ts';
import { fixed, int, resourceOf } from './format.ts';
import { binomial } from '../random/rng.ts';
import { tail } from '../sim/queueing.ts';
import { distAt, faultOfType, metric, secCounts } from './view.ts';
import { sampleLatency } from './sampling.ts';
import { podIp } from './routes.ts';
import { hashWords } from './ids.ts';

const LOG_MIN_DURATION_MS = 200;
const MAX_SLOW_PER_SEC = 10;
const MAX_REFUSALS_PER_SEC = 10;

function line(severity: Line['severity'], body: string, attrs: Record<string, string | number> = {}): Line {
  return { severity, body, attrs };
}

export function infraLines(u: Unit): Pending[] {
  if (u.running.length === 0) return [];
  if (u.lang === 'postgres') return postgres(u);
  if (u.lang === 'redis') return redis(u);
  if (u.lang === 'kafka') return kafka(u);
  return [];
}

function pods(u: Unit): string[] {
  return (u.serving.length > 0 ? u.serving : u.running).map((p) => p.name);
}

function pickPod(u: Unit): string {
  const ps = pods(u);
  return ps[Math.floor(u.r.next() * ps.length)] ?? '';
}

function callers(u: Unit): string[] {
  const m = u.v.model;
  return (m.inEdges[u.svc] ?? []).map((e) => m.svcIds[m.edges[e]?.from ?? 0] ?? 'app');
}

function postgres(u: Unit): Pending[] {
  const out: Pending[] = [];
  const add = (l: Line, lo = 0, hi = 1) => out.push({ timeMs: within(u, lo, hi), line: l, pod: pickPod(u) });
  const table = resourceOf(u.svcId);
  const c = secCounts(u.v, u.inst, u.sec);
  const who = callers(u);
  const pid = () => 1000 + Math.floor(u.r.next() * 60_000);

  // Pool churn: a new backend connection now and then.
  if (u.serving.length > 0 && u.r.next() < 0.08) {
    const app = who[Math.floor(u.r.next() * who.length)] ?? 'app';
    const ip = podIp(`${app}-${u.sec % 7}`, u.env);
    const t = within(u, 0, 0.9);
    out.push({ timeMs: t, pod: pickPod(u), line: line('INFO', `connection received: host=${ip} port=${40_000 + Math.floor(u.r.next() * 20_000)}`, { 'process.pid': pid() }) });
    out.push({ timeMs: t + 2, pod: pickPod(u), line: line('INFO', `connection authorized: user=app database=app application_name=${app}`) });
  }
  // Statements slower than log_min_duration_statement, drawn from this second's latency distribution.
  const d = distAt(u.v, u.inst, u.sec);
  const pSlow = tail(d, LOG_MIN_DURATION_MS);
  if (pSlow > 0 && c.served > 0) {
    const n = binomial(u.r, c.served, pSlow);
    for (let k = 0; k < Math.min(n, MAX_SLOW_PER_SEC); k++) {
      let ms = 0;
      for (let tries = 0; tries < 8 && ms <= LOG_MIN_DURATION_MS; tries++) ms = sampleLatency(u.r, d);
      if (ms <= LOG_MIN_DURATION_MS) ms = LOG_MIN_DURATION_MS + 1 + u.r.next() * d.serviceMeanMs;
      const l = line('INFO', `duration: ${fixed(ms, 3)} ms  statement: ${statementOf(table, Math.floor(u.r.next() * 1e9))}`, { 'db.duration_ms': Math.round(ms * 1000) / 1000 });
      if (n > MAX_SLOW_PER_SEC) l.attrs['slow_statements_in_second'] = n;
      add(l);
    }
  }
  // The red herring: a report query just over the threshold, every few minutes.
  if (every(u, 'pg201', 240)) add(line('INFO', `duration: ${fixed(200.5 + u.r.next() * 9, 3)} ms  statement: SELECT date_trunc('day', created_at) AS day, count(*), sum(total) FROM ${table} WHERE created_at > now() - interval '30 days' GROUP BY 1 ORDER BY 1 DESC`));
  if (every(u, 'checkpoint', 300)) add(line('INFO', 'checkpoint starting: time'));
  if ((u.sec - phaseFor(u.svcId, u.envId, 'checkpoint', 300) - 27) % 300 === 0) {
    const buf = 800 + Math.floor(u.r.next() * 3000);
    add(line('INFO', `checkpoint complete: wrote ${buf} buffers (${fixed(buf / 163.84, 1)}%); 0 WAL file(s) added, 0 removed, 1 recycled; write=26.912 s, sync=0.008 s, total=26.931 s; sync files=41, longest=0.003 s, average=0.001 s; distance=${8000 + buf * 8} kB, estimate=${9000 + buf * 8} kB`));
  }
  if (every(u, 'autovacuum', 600)) add(line('INFO', `automatic vacuum of table "app.public.${table}": index scans: 1`));
  // Refusals and errors the server itself reports.
  const refuse = Math.min(MAX_REFUSALS_PER_SEC, c.failedReject);
  for (let k = 0; k < refuse; k++) {
    const l = line('FATAL', 'sorry, too many clients already', { 'db.response.status_code': '53300' });
    if (c.failedReject > MAX_REFUSALS_PER_SEC) l.attrs['errors_in_second'] = c.failedReject;
    add(l);
  }
  const own = Math.min(MAX_REFUSALS_PER_SEC, c.failedOwn);
  for (let k = 0; k < own; k++) {
    const h = Math.floor(u.r.next() * 1e9);
    const l = h % 2 === 0
      ? line('ERROR', 'deadlock detected', { 'db.response.status_code': '40P01', detail: `Process ${pid()} waits for ShareLock on transaction ${900_000 + (h % 99_999)}; blocked by process ${pid()}.`, statement: statementOf(table, 2) })
      : line('ERROR', 'could not serialize access due to concurrent update', { 'db.response.status_code': '40001', statement: statementOf(table, 2) });
    if (c.failedOwn > MAX_REFUSALS_PER_SEC) l.attrs['errors_in_second'] = c.failedOwn;
    add(l);
  }
  const expired = Math.min(MAX_REFUSALS_PER_SEC, c.failedTimeout);
  for (let k = 0; k < expired; k++) add(line('ERROR', 'canceling statement due to user request', { 'db.response.status_code': '57014', statement: statementOf(table, 1) }));
  return out;
}

function redis(u: Unit): Pending[] {
  const out: Pending[] = [];
  const pid = 1;
  const add = (l: Line, lo = 0, hi = 1) => out.push({ timeMs: within(u, lo, hi), line: l, pod: pickPod(u) });
  const phase = phaseFor(u.svcId, u.envId, 'bgsave', 300);
  const k = (((u.sec - phase) % 300) + 300) % 300;
  if (k === 0) {
    const changes = 10 + Math.floor(u.r.next() * 5000);
    const child = 100 + (hashWords(u.sec) % 900);
    add(line('INFO', `${pid}:M * ${changes} changes in 300 seconds. Saving...`), 0, 0.4);
    add(line('INFO', `${pid}:M * Background saving started by pid ${child}`), 0.5, 0.9);
  } else if (k === 1) {
    const child = 100 + (hashWords(u.sec - 1) % 900);
    add(line('INFO', `${child}:C * DB saved on disk`), 0, 0.3);
    add(line('INFO', `${child}:C * Fork CoW for RDB: current 2 MB, peak 2 MB, average 1 MB`), 0.3, 0.5);
    add(line('INFO', `${pid}:M * Background saving terminated with success`), 0.6, 0.9);
  }
  const ep = faultOfType(u.v, u.env, u.svc, u.sec, 'cacheFailure');
  if (ep && u.sec === ep.start) {
    add(line('WARN', `${pid}:M # Connection with replica client id #${1000 + (u.sec % 9000)} lost.`), 0, 0.1);
    add(line('INFO', `${pid}:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`), 0.2, 0.3);
    add(line('WARN', `${pid}:M # WARNING: no RDB file found, starting with an empty dataset`), 0.4, 0.5);
    add(line('INFO', `${pid}:M * Ready to accept connections tcp`), 0.6, 0.7);
  }
  const c = secCounts(u.v, u.inst, u.sec);
  if (c.failedReject > 0 && every(u, 'maxclients', 5)) add(line('WARN', `${pid}:M # Error accepting a client connection: max number of clients reached (maxclients 10000)`, { errors_in_second: c.failedReject }));
  const mem = metric(u.v, 'process_resident_memory_bytes', u.inst, u.sec);
  const lim = metric(u.v, 'container_memory_limit_bytes', u.inst, u.sec);
  if (lim > 0 && mem / lim > 0.9 && every(u, 'maxmemory', 30)) add(line('WARN', `${pid}:M # WARNING: used memory is ${int((mem / lim) * 100)}% of maxmemory, evicting keys (allkeys-lru)`));
  return out;
}

function kafka(u: Unit): Pending[] {
  const out: Pending[] = [];
  const add = (l: Line, lo = 0, hi = 1) => out.push({ timeMs: within(u, lo, hi), line: l, pod: pickPod(u) });
  const topic = resourceOf(u.svcId);
  const parts = u.def.partitions ?? 6;
  const broker = 1 + (hashWords(u.inst) % 3);
  if (every(u, 'roll', 120)) {
    const p = Math.floor(u.r.next() * parts);
    add(line('INFO', `[LocalLog partition=${topic}-${p}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${1_000_000 + u.sec * 40 + p} in ${1 + Math.floor(u.r.next() * 6)} ms. (kafka.log.LocalLog)`));
  }
  if (every(u, 'offsets', 600)) add(line('INFO', `[GroupMetadataManager brokerId=${broker}] Removed 0 expired offsets in 1 milliseconds. (kafka.coordinator.group.GroupMetadataManager)`));
  // Consumers of this topic that stopped polling in time get evicted and the group rebalances.
  const m = u.v.model;
  for (const w of m.consumers[u.svc] ?? []) {
    const wInst = u.env * m.nSvc + w;
    const slow = faultOfType(u.v, u.env, w, u.sec, 'queueConsumerSlowdown');
    const lag = metric(u.v, 'consumer_lag_seconds', wInst, u.sec);
    const wid = m.svcIds[w] ?? 'worker';
    if (!slow && lag < 120) continue;
    const group = `${wid}-group`;
    const phase = phaseFor(wid, u.envId, 'maxpoll', 45);
    const gen = 10 + Math.floor(u.sec / 45);
    const slot = hashWords(u.inst, w) % 50;
    if ((u.sec - phase - 1) % 45 === 0) add(line('INFO', `[GroupCoordinator ${broker}]: Preparing to rebalance group ${group} in state PreparingRebalance with old generation ${gen} (__consumer_offsets-${slot}) (reason: Removing member consumer-${group}-1-${hashWords(gen, w).toString(16)} on heartbeat expiration) (kafka.coordinator.group.GroupCoordinator)`, { 'messaging.consumer.group.name': group }));
    if ((u.sec - phase - 4) % 45 === 0) add(line('INFO', `[GroupCoordinator ${broker}]: Stabilized group ${group} generation ${gen + 1} (__consumer_offsets-${slot}) with ${Math.max(1, metric(u.v, 'kube_deployment_status_replicas_ready', wInst, u.sec))} members (kafka.coordinator.group.GroupCoordinator)`, { 'messaging.consumer.group.name': group }));
  }
  return out;
}
