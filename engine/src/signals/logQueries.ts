// Log searches and histograms over a run. Filtered queries (a minimum severity or a text) read
// the log index (logIndex.ts, summary.ts): a unit whose summary rules out a match is skipped,
// and histograms add up summarised counts; only units that may match are generated. Unfiltered
// queries and trace-id searches read units directly, as every unit can match.
//
// Bounds: a call generates at most MAX_SCAN_UNITS units (scannedSeconds says how many) and
// reads the index's blocks of at most MAX_INDEXED_UNITS units (every service of the blocks'
// environments, summarised if need be, as a block is built whole); beyond either a search
// returns truncated with resumeSec. A histogram too large for the index, or a text histogram
// whose candidate units are too many to generate, is a strided estimate (estimated: true).
// Both bounds count what the query reads, not what the index happened to hold: answers do not
// depend on earlier calls.

import type { Sim } from '../sim/sim.ts';
import { SEVERITIES, type LogBucket, type LogQuery, type LogRecord, type LogSearchResult, type Severity } from './types.ts';
import { decodeTraceId } from './ids.ts';
import { evictTracesOutside, generate, hintTimeMs } from './traces.ts';
import { evictRowsOutside, withView, type View } from './view.ts';
import { DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT, MAX_SCAN_UNITS, emptySeen, unitLogs, unitRecords, type LinkCensus, type LinkMode } from './logs.ts';
import { BLOCK_SEC, LINK_FAIL_KINDS, MAX_INDEXED_UNITS, blockLen, unitCount, type Block } from './logIndex.ts';
import { blockFor } from './summary.ts';
import { compileText, linkedFailuresMayContain, serviceMayContain, unitMayContain, type TextFilter } from './textFilter.ts';

function sevIndex(s: Severity | undefined): number {
  return s ? SEVERITIES.indexOf(s) : 0;
}

function instances(v: View, q: Pick<LogQuery, 'service' | 'env'>): number[] {
  const svcs = q.service === undefined ? v.model.svcIds.map((_, i) => i) : [v.model.svcIndex.get(q.service) ?? -1].filter((s) => s >= 0);
  const envs = q.env === undefined ? v.model.envIds.map((_, i) => i) : [v.model.envIndex.get(q.env) ?? -1].filter((e) => e >= 0);
  const out: number[] = [];
  for (const e of envs) for (const s of svcs) if (v.model.services[s]?.type !== 'external') out.push(e * v.model.nSvc + s);
  return out;
}

function matcher(q: LogQuery): (r: LogRecord) => boolean {
  const min = sevIndex(q.minSeverity);
  const text = q.text?.toLowerCase();
  return (r) => {
    if (SEVERITIES.indexOf(r.severity) < min) return false;
    if (q.traceId && r.traceId !== q.traceId.toLowerCase()) return false;
    if (text && !r.body.toLowerCase().includes(text) && !(r.stack ?? '').toLowerCase().includes(text)) return false;
    return true;
  };
}

/** The units (instance, second) holding lines of one trace, from its id alone. */
function traceUnits(v: View, traceId: string): [number, number][] {
  const key = decodeTraceId(v.seed, traceId.toLowerCase());
  if (!key) return [];
  if (!key.sampled) return key.sec < v.horizon && key.entry < v.model.nSvc && key.env < v.model.nEnv ? [[key.env * v.model.nSvc + key.entry, key.sec]] : [];
  const g = generate(v, key);
  if (!g) return [];
  const seen = new Set<string>();
  const units: [number, number][] = [];
  for (const h of g.hints) {
    const sec = Math.floor(hintTimeMs(h) / 1000);
    if (sec - key.sec > v.lookbackSec) continue; // beyond the look-back: no line was written for it
    const inst = key.env * v.model.nSvc + h.svc;
    const k = `${inst}:${sec}`;
    if (seen.has(k)) continue;
    seen.add(k);
    units.push([inst, sec]);
  }
  return units.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

/** After a scan step at `sec`: drop memoised traces no later step needs. */
function evictAfter(v: View, sec: number, desc: boolean): void {
  if (desc) {
    evictTracesOutside(v, -Infinity, sec);
    evictRowsOutside(v, -Infinity, sec + 1);
  } else {
    evictTracesOutside(v, sec + 1 - v.lookbackSec, Infinity);
    evictRowsOutside(v, sec + 1 - v.lookbackSec, Infinity);
  }
}

function envsOf(v: View, insts: readonly number[]): number[] {
  return [...new Set(insts.map((i) => Math.floor(i / v.model.nSvc)))];
}

/** Units of the index's blocks covering [from, to) in these environments. */
function indexedUnits(v: View, envs: readonly number[], from: number, to: number): number {
  let n = 0;
  for (let b = Math.floor(from / BLOCK_SEC); b * BLOCK_SEC < to; b++) n += envs.length * v.model.nSvc * blockLen(v, b);
  return n;
}

function range(v: View, q: LogQuery): { from: number; to: number } {
  return { from: Math.max(0, Math.floor(q.fromSec)), to: Math.min(v.horizon, Math.ceil(q.toSec)) };
}

// ---------------------------------------------------------------------------------------------
// Filters over the index

interface IndexFilter {
  minSev: number;
  text?: TextFilter;
}

/** Per environment, the block holding the current second (blocks change every BLOCK_SEC seconds). */
class BlockCursor {
  private readonly blocks: (Block | undefined)[];
  constructor(private readonly v: View) {
    this.blocks = new Array<Block | undefined>(v.model.nEnv);
  }
  at(env: number, sec: number): Block {
    const b = this.blocks[env];
    if (b && sec >= b.start && sec < b.start + b.len) return b;
    const nb = blockFor(this.v, env, sec);
    this.blocks[env] = nb;
    return nb;
  }
}

function unitMatches(blk: Block, u: number, f: IndexFilter): boolean {
  let any = false;
  for (let s = f.minSev; s < 5 && !any; s++) any = unitCount(blk, u, s) > 0;
  return any && (!f.text || unitMayContain(blk, u, f.text));
}

/**
 * Which units of a list of instances may match, second by second: each (block, instance) is
 * first checked against the block's per-service unions, so most of a quiet block is skipped.
 */
class Candidates {
  private readonly cursor: BlockCursor;
  private readonly last: (Block | undefined)[];
  private readonly ok: Uint8Array;
  private readonly nSvc: number;
  /** Set by test(): the block and unit index of the instance tested. */
  blk: Block | undefined;
  u = 0;
  constructor(
    private readonly v: View,
    insts: readonly number[],
    private readonly f: IndexFilter,
  ) {
    this.cursor = new BlockCursor(v);
    this.last = new Array<Block | undefined>(insts.length);
    this.ok = new Uint8Array(insts.length);
    this.nSvc = v.model.nSvc;
  }
  /** Whether the k-th instance (`inst`) may have a matching line at `sec`. */
  test(k: number, inst: number, sec: number): boolean {
    const svc = inst % this.nSvc;
    const blk = this.cursor.at(Math.floor(inst / this.nSvc), sec);
    const f = this.f;
    if (this.last[k] !== blk) {
      this.last[k] = blk;
      this.ok[k] = (blk.svcSevs[svc] ?? 0) >>> f.minSev !== 0 && (!f.text || serviceMayContain(blk, svc, f.text)) ? 1 : 0;
    }
    if (this.ok[k] === 0) return false;
    this.blk = blk;
    this.u = (sec - blk.start) * this.nSvc + svc;
    return unitMatches(blk, this.u, f);
  }
}

/**
 * A candidate unit's lines, generated as cheaply as its summary allows: without its sampled
 * requests' lines (and so without traces) when none of them can match (by level, or by the
 * vocabularies of their kinds for a text), from their census.
 */
function candidateRecords(v: View, blk: Block, u: number, inst: number, sec: number, f: IndexFilter): LogRecord[] {
  const fail = blk.linkFail.get(u);
  const nk = LINK_FAIL_KINDS.length;
  const linkErr = fail?.[nk] ?? 0;
  const linkWarn = fail?.[nk + 1] ?? 0;
  const infoMay = (blk.linkInfo[u] ?? 0) > 0 && f.minSev <= 1 && (!f.text || f.text.always || f.text.plain);
  const failMay = ((linkErr > 0 && f.minSev <= 3) || (linkWarn > 0 && f.minSev <= 2)) && (!f.text || (fail !== undefined && linkedFailuresMayContain(blk, u, fail, f.text)));
  let mode: LinkMode = 'linked';
  if (!infoMay && !failMay) {
    const seen = emptySeen();
    const acc = blk.linkAcc[u] ?? 0;
    if (v.model.services[inst % v.model.nSvc]?.consumes) seen.consume = acc;
    else seen.access = acc;
    LINK_FAIL_KINDS.forEach((k, i) => (seen[k] = fail?.[i] ?? 0));
    const census: LinkCensus = { seen, err: linkErr, warn: linkWarn };
    mode = census;
  }
  return unitRecords(v, inst, sec, mode);
}

function indexFilter(v: View, q: LogQuery): IndexFilter {
  const f: IndexFilter = { minSev: sevIndex(q.minSeverity) };
  if (q.text) f.text = compileText(v, q.text);
  return f;
}

// ---------------------------------------------------------------------------------------------
// Search

export function searchLogsIn(v: View, q: LogQuery): LogSearchResult {
  const limit = Math.max(1, Math.min(MAX_LOG_LIMIT, Math.floor(q.limit ?? DEFAULT_LOG_LIMIT)));
  const { from, to } = range(v, q);
  const desc = q.order === 'desc';
  const match = matcher(q);
  const allowed = new Set(instances(v, q));
  if (q.traceId) {
    const units = traceUnits(v, q.traceId).filter(([inst, sec]) => allowed.has(inst) && sec >= from && sec < to);
    let recs: LogRecord[] = [];
    for (const [inst, sec] of units) recs.push(...unitLogs(v, inst, sec).filter(match));
    recs = recs.sort((a, b) => a.timeMs - b.timeMs);
    if (desc) recs.reverse();
    return { records: recs.slice(0, limit), truncated: recs.length > limit, scannedSeconds: units.length };
  }
  const insts = [...allowed];
  if (sevIndex(q.minSeverity) === 0 && !q.text) return scanAll(v, insts, from, to, desc, limit, match);
  return scanIndexed(v, insts, from, to, desc, limit, match, indexFilter(v, q));
}

/** Every unit in order: for queries every line matches. */
function scanAll(v: View, insts: number[], from: number, to: number, desc: boolean, limit: number, match: (r: LogRecord) => boolean): LogSearchResult {
  const records: LogRecord[] = [];
  let scanned = 0;
  for (let i = 0; i < to - from; i++) {
    const sec = desc ? to - 1 - i : from + i;
    if (scanned + insts.length > MAX_SCAN_UNITS) return { records, truncated: true, scannedSeconds: scanned, resumeSec: desc ? sec + 1 : sec };
    const batch: LogRecord[] = [];
    for (const inst of insts) batch.push(...unitLogs(v, inst, sec).filter(match));
    scanned += insts.length;
    if (appendInOrder(records, batch, desc, limit)) return { records, truncated: true, scannedSeconds: scanned };
    evictAfter(v, sec, desc);
  }
  return { records, truncated: false, scannedSeconds: scanned };
}

/**
 * Appends one second's lines in the query's order until `limit`; true when a line had to be left
 * out (the result is truncated). Shared by the plain and the indexed scan so they cannot disagree.
 */
function appendInOrder(records: LogRecord[], batch: LogRecord[], desc: boolean, limit: number): boolean {
  batch.sort((a, b) => a.timeMs - b.timeMs);
  if (desc) batch.reverse();
  for (const r of batch) {
    if (records.length >= limit) return true;
    records.push(r);
  }
  return false;
}

/** The same scan, generating only the units whose summaries allow a match. */
function scanIndexed(v: View, insts: number[], from: number, to: number, desc: boolean, limit: number, match: (r: LogRecord) => boolean, f: IndexFilter): LogSearchResult {
  const records: LogRecord[] = [];
  const filter = new Candidates(v, insts, f);
  const cands: number[] = [];
  const units: number[] = [];
  const blocks: Block[] = [];
  const envs = envsOf(v, insts);
  let scanned = 0;
  let examined = 0;
  for (let i = 0; i < to - from; i++) {
    const sec = desc ? to - 1 - i : from + i;
    if (i === 0 || sec % BLOCK_SEC === (desc ? BLOCK_SEC - 1 : 0)) {
      // Entering a block: it is read (and summarised if need be) whole.
      const units = envs.length * v.model.nSvc * blockLen(v, Math.floor(sec / BLOCK_SEC));
      if (examined + units > MAX_INDEXED_UNITS) return { records, truncated: true, scannedSeconds: scanned, resumeSec: desc ? sec + 1 : sec };
      examined += units;
    }
    cands.length = 0;
    units.length = 0;
    blocks.length = 0;
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k] ?? 0;
      if (!filter.test(k, inst, sec)) continue;
      cands.push(inst);
      units.push(filter.u);
      blocks.push(filter.blk as Block);
    }
    if (cands.length === 0) continue;
    // Without a text, a unit with lines at the level is a match: the limit is then exceeded.
    if (records.length >= limit && !f.text) return { records, truncated: true, scannedSeconds: scanned };
    if (scanned + cands.length > MAX_SCAN_UNITS) return { records, truncated: true, scannedSeconds: scanned, resumeSec: desc ? sec + 1 : sec };
    const batch: LogRecord[] = [];
    for (let k = 0; k < cands.length; k++) batch.push(...candidateRecords(v, blocks[k] as Block, units[k] ?? 0, cands[k] ?? 0, sec, f).filter(match));
    scanned += cands.length;
    if (appendInOrder(records, batch, desc, limit)) return { records, truncated: true, scannedSeconds: scanned };
    evictAfter(v, sec, desc);
  }
  return { records, truncated: false, scannedSeconds: scanned };
}

// ---------------------------------------------------------------------------------------------
// Histograms

export function logCountsIn(v: View, q: LogQuery, bucketSec: number): LogBucket[] {
  const step = Math.max(1, Math.floor(bucketSec));
  const { from, to } = range(v, q);
  const match = matcher(q);
  const buckets: LogBucket[] = [];
  for (let s = from; s < to; s += step) buckets.push({ startSec: s, counts: { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 } });
  const allowed = new Set(instances(v, q));
  if (q.traceId) {
    for (const [inst, sec] of traceUnits(v, q.traceId)) {
      if (!allowed.has(inst) || sec < from || sec >= to) continue;
      for (const r of unitLogs(v, inst, sec).filter(match)) {
        const b = buckets[Math.floor((sec - from) / step)];
        if (b) b.counts[r.severity] += 1;
      }
    }
    return buckets;
  }
  const insts = [...allowed];
  const units = insts.length * Math.max(0, to - from);
  if (indexedUnits(v, envsOf(v, insts), from, to) <= MAX_INDEXED_UNITS) {
    if (!q.text) return countIndexed(v, insts, from, to, step, buckets, sevIndex(q.minSeverity), q.service === undefined);
    if (countText(v, insts, from, to, step, buckets, match, indexFilter(v, q))) return buckets;
  }
  if (units <= MAX_SCAN_UNITS) {
    for (let sec = from; sec < to; sec++) {
      const b = buckets[Math.floor((sec - from) / step)];
      for (const inst of insts) for (const r of unitLogs(v, inst, sec).filter(match)) if (b) b.counts[r.severity] += 1;
      evictAfter(v, sec, false);
    }
    return buckets;
  }
  // Too many to count: every stride-th second of each bucket (at least one), scaled up, and
  // without trace look-ups (see unitLogs): deterministic, bounded, marked as an estimate.
  const stride = Math.ceil(units / MAX_SCAN_UNITS);
  for (const b of buckets) {
    const end = Math.min(to, b.startSec + step);
    let seen = 0;
    for (let sec = b.startSec; sec < end; sec += stride) {
      seen += 1;
      for (const inst of insts) for (const r of unitLogs(v, inst, sec, false).filter(match)) b.counts[r.severity] += 1;
    }
    const scale = (end - b.startSec) / Math.max(1, seen);
    for (const s of SEVERITIES) b.counts[s] = Math.round(b.counts[s] * scale);
    b.estimated = true;
  }
  return buckets;
}

/** Exact counts from the summaries (per-second totals when every service is counted). */
function countIndexed(v: View, insts: number[], from: number, to: number, step: number, buckets: LogBucket[], minSev: number, everyService: boolean): LogBucket[] {
  const nSvc = v.model.nSvc;
  const cursor = new BlockCursor(v);
  const envs = envsOf(v, insts);
  for (let sec = from; sec < to; sec++) {
    const b = buckets[Math.floor((sec - from) / step)];
    if (!b) continue;
    const c = b.counts;
    if (everyService) {
      for (const env of envs) {
        const blk = cursor.at(env, sec);
        const k = (sec - blk.start) * 5;
        for (let s = minSev; s < 5; s++) c[SEVERITIES[s] as Severity] += blk.secTotals[k + s] ?? 0;
      }
      continue;
    }
    for (const inst of insts) {
      const blk = cursor.at(Math.floor(inst / nSvc), sec);
      const u = (sec - blk.start) * nSvc + (inst % nSvc);
      for (let s = minSev; s < 5; s++) {
        const n = unitCount(blk, u, s);
        if (n > 0) c[SEVERITIES[s] as Severity] += n;
      }
    }
  }
  return buckets;
}

/** Exact counts of a text, generating the candidate units; false when they are too many. */
function countText(v: View, insts: number[], from: number, to: number, step: number, buckets: LogBucket[], match: (r: LogRecord) => boolean, f: IndexFilter): boolean {
  const filter = new Candidates(v, insts, f);
  const found: [number, number][] = [];
  for (let sec = from; sec < to; sec++) {
    for (let k = 0; k < insts.length; k++) {
      const inst = insts[k] ?? 0;
      if (filter.test(k, inst, sec)) found.push([inst, sec]);
      if (found.length > MAX_SCAN_UNITS) return false;
    }
  }
  const nSvc = v.model.nSvc;
  const cursor2 = new BlockCursor(v);
  let last = -1;
  for (const [inst, sec] of found) {
    if (sec !== last) evictAfter(v, sec - 1, false);
    last = sec;
    const blk = cursor2.at(Math.floor(inst / nSvc), sec);
    const u = (sec - blk.start) * nSvc + (inst % nSvc);
    const b = buckets[Math.floor((sec - from) / step)];
    for (const r of candidateRecords(v, blk, u, inst, sec, f).filter(match)) if (b) b.counts[r.severity] += 1;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Public API over a Sim

export function logsAt(sim: Sim, service: string, env: string, sec: number): LogRecord[] {
  return withView(sim, (v) => {
    const s = v.model.svcIndex.get(service);
    const e = v.model.envIndex.get(env);
    if (s === undefined || e === undefined || !Number.isInteger(sec)) return [];
    return unitLogs(v, e * v.model.nSvc + s, sec);
  });
}

export function searchLogs(sim: Sim, q: LogQuery): LogSearchResult {
  return withView(sim, (v) => searchLogsIn(v, q));
}

export function logCounts(sim: Sim, q: LogQuery, bucketSec: number): LogBucket[] {
  return withView(sim, (v) => logCountsIn(v, q, bucketSec));
}
