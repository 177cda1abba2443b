// Logs and traces over a Sim, generated on demand: the public surface of engine/src/signals.

import type { Sim } from '../sim/sim.ts';
import type { Trace, TraceList, TraceLookup, TraceQuery } from './types.ts';
import { withView } from './view.ts';
import { findTraces, lookupTrace } from './traceQueries.ts';
import { warmBlocks } from './summary.ts';

export { DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT, MAX_SCAN_UNITS, ERROR_CAP, WARN_CAP, ACCESS_PER_SEC } from './logs.ts';
export { logsAt, searchLogs, logCounts } from './logQueries.ts';
export { MAX_INDEXED_UNITS } from './logIndex.ts';
export { MAX_ERROR_TRACES, MAX_SPANS } from './traces.ts';
export { MAX_TRACE_LIMIT, MAX_TRACES_SCANNED } from './traceQueries.ts';
export { decodeTraceId, type TraceKey } from './ids.ts';
export * from './types.ts';

/** A sampled trace by id, or null (unsampled request, unknown id, or a second not simulated yet). */
export function getTrace(sim: Sim, traceId: string): Trace | null {
  return withView(sim, (v) => lookupTrace(v, traceId).trace);
}

/** Like getTrace, but says why there is no trace (for the UI: "this request was not sampled"). */
export function traceLookup(sim: Sim, traceId: string): TraceLookup {
  return withView(sim, (v) => lookupTrace(v, traceId));
}

/** Sampled traces in a time range, newest first; bounded by `limit` and MAX_TRACES_SCANNED. */
export function listTraces(sim: Sim, q: TraceQuery): TraceList {
  return withView(sim, (v) => findTraces(v, q));
}

/**
 * Summarises log seconds for the log index ahead of queries (newest first) while `more()` says
 * so, checked after each second of work; true when nothing is left to summarise. Reads the run,
 * never changes it, and no query's answer depends on it: only how fast the next queries are.
 */
export function warmLogIndex(sim: Sim, more: () => boolean): boolean {
  return withView(sim, (v) => warmBlocks(v, more));
}
