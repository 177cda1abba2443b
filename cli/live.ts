// What an on-call engineer sees mid-run: recent SLI and burn rate per SLO, per-service request
// rate, errors and latency over the last minute, firing alerts, the change feed and log lines.
// Read-only views over a running Sim, used by `play`.

import { formatDuration, SCRAPE_SEC, searchLogs, seriesAt, type LogRecord, type Sim } from '../engine/src/index.ts';
import { fixed, mmss, percent, table, wallTime } from './format.ts';

/** Scrape rows covering the last `sec` seconds that have been recorded. */
function lastRows(sim: Sim, sec: number): [number, number] {
  const to = sim.recorder.written;
  return [Math.max(0, to - Math.ceil(sec / SCRAPE_SEC)), to];
}

export interface SloNow {
  id: string;
  objective: number;
  /** SLI over the last minute, or null when there was no traffic. */
  recentSli: number | null;
  /** Error-budget burn rate over the last minute (1 = exactly on budget). */
  burn: number;
  /** SLI since the start of the run. */
  runSli: number;
}

export function slosNow(sim: Sim, windowSec = 60): SloNow[] {
  const rec = sim.recorder;
  const [from, to] = lastRows(sim, windowSec);
  return sim.model.scenario.slos.map((slo, s) => {
    let good = 0;
    let total = 0;
    let runGood = 0;
    let runTotal = 0;
    for (let r = 0; r < to; r++) {
      const g = rec.sloGood[s]?.[r] ?? 0;
      const t = rec.sloTotal[s]?.[r] ?? 0;
      runGood += g;
      runTotal += t;
      if (r >= from) {
        good += g;
        total += t;
      }
    }
    const recentSli = total > 0 ? good / total : null;
    return {
      id: slo.id,
      objective: slo.objective,
      recentSli,
      burn: recentSli === null ? 0 : (1 - recentSli) / (1 - slo.objective),
      runSli: runTotal > 0 ? runGood / runTotal : 1,
    };
  });
}

export function sloLines(sim: Sim): string[] {
  return slosNow(sim).map((s) => {
    const flag = s.burn >= 14.4 ? '  !! fast burn' : s.burn >= 1 ? '  ! burning' : '';
    const recent = s.recentSli === null ? 'no traffic' : percent(s.recentSli, 2);
    return `SLO ${s.id}: last 1m ${recent}, burn ${fixed(s.burn, 1)}x, since start ${percent(s.runSli, 3)} (objective ${percent(s.objective, 2)})${flag}`;
  });
}

export function firingAlerts(sim: Sim): string[] {
  const start = sim.model.startEpochSec;
  return sim.recorder.alerts.filter((a) => a.resolvedAtSec === null).map((a) => `${a.id} (${a.severity}) since ${wallTime(start, a.firedAtSec)}`);
}

/** Per service and environment, the last minute: request rate, error ratio, p95, ready replicas, CPU. */
export function serviceTable(sim: Sim): string[] {
  const { model } = sim;
  const rec = sim.recorder;
  const [from, to] = lastRows(sim, 60);
  const seconds = Math.max(1, (to - from) * SCRAPE_SEC);
  const multiEnv = model.nEnv > 1;
  const rows: string[][] = [];
  for (let env = 0; env < model.nEnv; env++) {
    for (let svc = 0; svc < model.nSvc; svc++) {
      const i = env * model.nSvc + svc;
      const at = (name: keyof typeof rec.metrics, r: number) => seriesAt(rec.metrics[name], r, i);
      let ok = 0;
      let client = 0;
      let server = 0;
      for (let r = from; r < to; r++) {
        ok += at('http_server_requests_2xx_total', r);
        client += at('http_server_requests_4xx_total', r);
        server += at('http_server_requests_5xx_total', r);
      }
      const total = ok + client + server;
      const last = to - 1;
      rows.push([
        ...(multiEnv ? [model.envIds[env] ?? ''] : []),
        model.svcIds[svc] ?? '',
        fixed(total / seconds, 1),
        total > 0 ? percent(server / total, 2) : '-',
        total > 0 ? percent(client / total, 2) : '-',
        last >= 0 ? fixed(at('http_server_request_duration_seconds_p95', last) * 1000, 0) : '-',
        last >= 0 ? `${at('kube_deployment_status_replicas_ready', last)}/${sim.state.inst.desiredReplicas[i] ?? 0}` : '-',
        last >= 0 ? percent(at('container_cpu_usage_ratio', last), 0) : '-',
      ]);
    }
  }
  const header = [...(multiEnv ? ['ENV'] : []), 'SERVICE', 'REQ/S', '5XX', '429', 'P95 ms', 'READY', 'CPU'];
  const offset = multiEnv ? 1 : 0;
  return table(header, rows, [1, 2, 3, 4, 5, 6].map((c) => c + offset));
}

/** Changes that have happened by now (the change feed), oldest first. */
export function changeLines(sim: Sim): string[] {
  const start = sim.model.startEpochSec;
  const now = sim.nowSec;
  const changes = sim.model.scenario.changes.filter((c) => c.at <= now).sort((a, b) => a.at - b.at);
  if (changes.length === 0) return ['(no changes yet)'];
  return table(
    ['WHEN', 'ID', 'TYPE', 'TARGET', 'WHAT', 'BY', 'CI'],
    changes.map((c) => [
      `${mmss(c.at)} ${wallTime(start, c.at)}`,
      c.id,
      c.type,
      `${c.service ?? (c.flag ? `flag ${c.flag}` : '-')}@${c.env}`,
      `${c.version ? `${c.version}: ` : ''}${c.type === 'flag' && c.value !== undefined ? `${c.flag ?? ''} -> ${c.value ? 'on' : 'off'}: ` : ''}${c.summary}`,
      c.author,
      c.ci,
    ]),
  );
}

export function alertLines(sim: Sim): string[] {
  const start = sim.model.startEpochSec;
  const rules = sim.model.scenario.alerts;
  if (rules.length === 0) return ['(this scenario defines no alert rules)'];
  const eps = sim.recorder.alerts;
  return table(
    ['ALERT', 'SEVERITY', 'RULE', 'STATE', 'HISTORY'],
    rules.map((a) => {
      const mine = eps.filter((e) => e.id === a.id);
      const open = mine.find((e) => e.resolvedAtSec === null);
      const rule =
        a.type === 'burnRate'
          ? `burn > ${a.burnRate}x on ${a.slo} over ${formatDuration(a.longWindow)} and ${formatDuration(a.shortWindow)}`
          : `${a.metric} ${a.op} ${a.value} on ${a.service}@${a.env}${a.for ? ` for ${formatDuration(a.for)}` : ''}`;
      const history = mine.map((e) => `${wallTime(start, e.firedAtSec)}-${e.resolvedAtSec === null ? 'now' : wallTime(start, e.resolvedAtSec)}`).join(', ');
      return [a.id, a.severity, rule, open ? 'FIRING' : 'ok', history || '-'];
    }),
  );
}

export function logLine(sim: Sim, r: LogRecord): string {
  const t = r.timestamp.length >= 23 ? r.timestamp.slice(11, 23) : wallTime(sim.model.startEpochSec, Math.floor(r.timeMs / 1000));
  return `${t} ${String(r.severity).padEnd(5)} ${r.pod}  ${r.body}${r.traceId ? `  trace_id=${r.traceId}` : ''}`;
}

/** The latest `limit` log lines of the last minute, oldest first, with the top of each distinct stack trace. */
export function recentLogs(sim: Sim, service: string, env: string, errorsOnly: boolean, limit = 30): string[] {
  const now = sim.nowSec;
  const result = searchLogs(sim, { fromSec: Math.max(0, now - 60), toSec: now, service, env, limit, order: 'desc', ...(errorsOnly ? { minSeverity: 'ERROR' as const } : {}) });
  if (result.records.length === 0) return [`(no ${errorsOnly ? 'error ' : ''}log lines from ${service} in the last minute)`];
  const lines: string[] = [];
  if (result.truncated) lines.push(`(the latest ${result.records.length} lines; older ones in the last minute not shown)`);
  const stacksShown = new Set<string>();
  for (const r of [...result.records].reverse()) {
    lines.push(logLine(sim, r));
    // The top of a stack trace once per distinct message: the rest would repeat it.
    if (r.stack && !stacksShown.has(r.body)) {
      stacksShown.add(r.body);
      const stack = r.stack.split('\n');
      lines.push(...stack.slice(0, 4).map((l) => `    ${l}`));
      if (stack.length > 4) lines.push(`    ... ${stack.length - 4} more lines`);
    }
  }
  return lines;
}
