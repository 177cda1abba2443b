// Every log line of a run, in time order, for `simulate --logs-jsonl`. The same lines as calling
// the engine's logsAt for each second and (environment, service), merged by time, but read with
// searchLogs over windows of seconds: the engine shares its per-call work (trace look-back)
// within one call, which makes a full export several times faster than one call per unit.

import { logsAt, MAX_LOG_LIMIT, MAX_SCAN_UNITS, searchLogs, type LogRecord, type Sim } from '../engine/src/index.ts';

export interface ExportOptions {
  /** Records per search (the engine caps it at MAX_LOG_LIMIT). */
  limit?: number;
  /** Seconds per search; the default keeps each search under the engine's scan bound. */
  windowSec?: number;
}

export function* logRecords(sim: Sim, opts: ExportOptions = {}): Generator<LogRecord> {
  const end = sim.nowSec;
  const limit = Math.min(MAX_LOG_LIMIT, opts.limit ?? MAX_LOG_LIMIT);
  const windowSec = opts.windowSec ?? Math.max(1, Math.floor(MAX_SCAN_UNITS / Math.max(1, sim.model.nInst)));
  let sec = 0;
  // Records of second `sec` already yielded by the previous, truncated search.
  let skip = 0;
  while (sec < end) {
    const to = Math.min(end, sec + windowSec);
    const { records, truncated } = searchLogs(sim, { fromSec: sec, toSec: to, limit });
    if (!truncated) {
      yield* records.slice(skip);
      sec = to;
      skip = 0;
      continue;
    }
    const last = records.at(-1);
    const lastSec = last === undefined ? sec : Math.floor(last.timeMs / 1000);
    if (lastSec === sec && records.length <= skip) {
      // One second holds more lines than a search returns: read it unit by unit.
      yield* unitRecords(sim, sec).slice(skip);
      sec += 1;
      skip = 0;
      continue;
    }
    yield* records.slice(skip);
    // Resume at the last second seen (it may be incomplete), skipping what was already yielded.
    skip = (lastSec === sec ? skip : 0) + records.slice(skip).filter((r) => Math.floor(r.timeMs / 1000) === lastSec).length;
    sec = lastSec;
  }
}

/** One second of the whole system, merged by time (the order searchLogs uses). */
export function unitRecords(sim: Sim, sec: number): LogRecord[] {
  const batch: LogRecord[] = [];
  for (const env of sim.model.envIds) for (const svc of sim.model.svcIds) batch.push(...logsAt(sim, svc, env, sec));
  return batch.sort((a, b) => a.timeMs - b.timeMs);
}

export function* logLines(sim: Sim, opts: ExportOptions = {}): Generator<string> {
  for (const r of logRecords(sim, opts)) yield JSON.stringify(r);
}
