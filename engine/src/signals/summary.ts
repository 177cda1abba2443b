// Builds the log index's blocks (logIndex.ts): per unit, the lines it holds by severity and
// what words they can contain, without generating its request lines.
//
// For one block of one environment: the traces sampled in its seconds and the look-back before
// them are generated (not their log lines) to take the census of the lines each unit takes from
// them; then each unit is read "dry" (Unit.dry): its request lines are counted from the same
// plan requestLines draws them from, and its other lines (runtime, infrastructure, lifecycle:
// cheap, few, and not dependent on the request lines' draws for how many there are) are
// generated, counted and their words recorded. A unit the dry reading cannot count exactly is
// generated in full. The tests check every count and filter against generating every unit.
//
// A block is summarised second by second as the horizon allows (a block at the horizon grows
// with it instead of being summarised again), by queries that need it and, ahead of them, by
// warmBlocks, which the app's worker runs in slices between clock ticks.

import { SEVERITIES } from './types.ts';
import { evictRowsOutside, instrumented, type View } from './view.ts';
import { evictTracesOutside, hintSec, secondTraces, traceOf, type HintKind } from './traces.ts';
import { countRequestLines, emptySeen, makeUnit, otherLines, sevIndexOf, unitRecords, type LinkCensus, type SevCounts } from './logs.ts';
import { addText } from './textFilter.ts';
import {
  BLOCK_SEC,
  CAUSES,
  F_OPAQUE,
  F_PLAIN,
  F_WORDS,
  LINK_FAIL_KINDS,
  MAX_INDEXED_UNITS,
  blockKey,
  blockLen,
  storeBlock,
  touchBlock,
  type Block,
  type BlockBuild,
} from './logIndex.ts';

const KINDS: HintKind[] = ['access', 'own', 'retry', 'final', 'fallback', 'reject', 'expired', 'shed', 'rateLimit', 'flag', 'consume'];
const KIND_INDEX = new Map(KINDS.map((k, i) => [k, i]));
const NK = KINDS.length;

/** The block holding (env, sec), summarised for this view (built or extended now if need be). */
export function blockFor(v: View, env: number, sec: number): Block {
  const b = Math.floor(sec / BLOCK_SEC);
  const len = blockLen(v, b);
  const idx = v.logIndex;
  const hit = idx.blocks.get(blockKey(env, b));
  if (hit) touchBlock(idx, hit);
  if (hit && hit.len >= len) return hit;
  const blk = hit ?? newBlock(v, env, b * BLOCK_SEC);
  if (!hit) storeBlock(idx, blk);
  extendBlock(v, blk, len);
  return blk;
}

/**
 * Summarises blocks ahead of queries, newest first, a second at a time while `more()` says so:
 * every environment's block at the horizon (extended as the horizon moves), then the complete
 * blocks below it, down to the start of the run or to as many units as the index keeps. True
 * when nothing is left to summarise. Derived data only: no answer depends on it (logIndex.ts),
 * so a caller may give it whatever slices of its time it likes.
 */
export function warmBlocks(v: View, more: () => boolean): boolean {
  if (v.horizon <= 0) return true;
  const idx = v.logIndex;
  const nEnv = v.model.nEnv;
  const perBlock = BLOCK_SEC * v.model.nSvc;
  let units = 0;
  for (let b = Math.floor((v.horizon - 1) / BLOCK_SEC); b >= 0; b--) {
    const len = blockLen(v, b);
    for (let env = 0; env < nEnv; env++) {
      units += perBlock;
      if (units > MAX_INDEXED_UNITS) return true; // the rest would only evict what was just built
      const hit = idx.blocks.get(blockKey(env, b));
      if (hit && hit.len >= len) continue;
      const blk = hit ?? newBlock(v, env, b * BLOCK_SEC);
      if (!hit) storeBlock(idx, blk);
      if (!extendBlock(v, blk, len, more)) return false;
      if (!more()) return false;
    }
  }
  return true;
}

/** An empty block with room for BLOCK_SEC seconds, to be extended as the horizon allows. */
function newBlock(v: View, env: number, start: number): Block {
  const nSvc = v.model.nSvc;
  const n = BLOCK_SEC * nSvc;
  return {
    env,
    start,
    len: 0,
    counts: new Uint16Array(n * 5),
    big: new Map(),
    bloom: new Uint32Array(n * 2),
    words: new Map(),
    flags: new Uint8Array(n),
    linkInfo: new Uint16Array(n),
    linkAcc: new Uint16Array(n),
    causes: new Uint16Array(n),
    linkFail: new Map(),
    reach: new Uint8Array(BLOCK_SEC),
    secTotals: new Float64Array(BLOCK_SEC * 5),
    svcSevs: new Uint8Array(nSvc),
    svcFlags: new Uint8Array(nSvc),
    svcCauses: new Uint16Array(nSvc),
    svcBloom: new Uint32Array(nSvc * 2),
    build: { seen: new Uint16Array(n * NK), sevs: new Uint16Array(n * 3), traced: Math.max(0, start - v.lookbackSec) },
  };
}

/**
 * Summarises the block's seconds up to `len` (at most the view's horizon), one second at a
 * time: first the traces that write lines into it (the census of step 1), then its units
 * (step 2). A second's units are read only once every trace that can write into them has been
 * counted, so a block extended in any number of steps equals one summarised at once; until
 * its seconds are all read, the block keeps that census (Block.build). With `more`, stops as
 * soon as it returns false; true when the block reached `len`.
 */
function extendBlock(v: View, blk: Block, len: number, more?: () => boolean): boolean {
  const build = blk.build;
  if (!build || blk.len >= len) return blk.len >= len;
  try {
    while (blk.len < len) {
      const sec = blk.start + blk.len;
      while (build.traced <= sec) {
        countTraces(v, blk, build, build.traced);
        build.traced += 1;
        if (more && !more()) return false;
      }
      readUnits(v, blk, build, blk.len);
      blk.len += 1;
      if (blk.len === BLOCK_SEC) blk.build = undefined;
      if (more && blk.len < len && !more()) return false;
    }
    return true;
  } finally {
    // Keep what a neighbouring block (either way) or a search in this one needs.
    evictTracesOutside(v, blk.start - v.lookbackSec, blk.start + blk.len);
    evictRowsOutside(v, blk.start - v.lookbackSec, blk.start + blk.len);
  }
}

/** Step 1, for the traces sampled in second `s`: the hints they write into the block's units. */
function countTraces(v: View, blk: Block, build: BlockBuild, s: number): void {
  const nSvc = v.model.nSvc;
  const lookback = v.lookbackSec;
  const start = blk.start;
  const end = start + BLOCK_SEC;
  const { seen, sevs } = build;
  const st = secondTraces(v, s, blk.env);
  let reach = 0;
  for (let k = 0; k < st.keys.length; k++) {
    const g = traceOf(v, st, k);
    if (!g) continue;
    for (const h of g.hints) {
      const at = hintSec(h);
      const d = at - s;
      if (d > reach) reach = d;
      if (at < start || at >= end || d > lookback || !instrumented(v, h.svc)) continue;
      const u = (at - start) * nSvc + h.svc;
      const ki = KIND_INDEX.get(h.kind) ?? 0;
      seen[u * NK + ki] = (seen[u * NK + ki] ?? 0) + 1;
      const si = h.sev === 'INFO' || h.sev === 'DEBUG' ? 0 : h.sev === 'WARN' ? 1 : 2;
      sevs[u * 3 + si] = (sevs[u * 3 + si] ?? 0) + 1;
      if (h.kind === 'final' || h.kind === 'retry' || h.kind === 'fallback') {
        // A failed attempt's client span names its cause.
        const c = CAUSES.indexOf(h.span.attributes['error.type'] as (typeof CAUSES)[number]);
        blk.causes[u] = (blk.causes[u] ?? 0) | (c >= 0 ? 1 << c : 0x1ff);
      }
    }
  }
  if (s >= start) blk.reach[s - start] = Math.min(255, reach);
}

/** Step 2, for second `k` of the block: each unit, dry. */
function readUnits(v: View, blk: Block, build: BlockBuild, k: number): void {
  const nSvc = v.model.nSvc;
  const env = blk.env;
  const sec = blk.start + k;
  const { seen, sevs } = build;
  for (let svc = 0; svc < nSvc; svc++) {
    const u = k * nSvc + svc;
    const inst = env * nSvc + svc;
    const unit = makeUnit(v, inst, sec, true);
    if (!unit) continue;
    const counts: SevCounts = [0, 0, 0, 0, 0];
    let flags = 0;
    if (instrumented(v, svc)) {
      const census: LinkCensus = { seen: emptySeen(), err: sevs[u * 3 + 2] ?? 0, warn: sevs[u * 3 + 1] ?? 0 };
      for (let ki = 0; ki < NK; ki++) census.seen[KINDS[ki] as HintKind] = seen[u * NK + ki] ?? 0;
      const info = sevs[u * 3] ?? 0;
      const rc = countRequestLines(unit, census, info, counts);
      flags |= rc.failures;
      blk.causes[u] = (blk.causes[u] ?? 0) | rc.causes;
      if (rc.plain > 0) flags |= F_PLAIN;
      blk.linkInfo[u] = info;
      blk.linkAcc[u] = unit.def.consumes ? census.seen.consume : census.seen.access;
      if (census.err + census.warn > 0) {
        const fail = new Uint16Array(LINK_FAIL_KINDS.length + 2);
        LINK_FAIL_KINDS.forEach((kind, i) => (fail[i] = census.seen[kind]));
        fail[LINK_FAIL_KINDS.length] = census.err;
        fail[LINK_FAIL_KINDS.length + 1] = census.warn;
        blk.linkFail.set(u, fail);
      }
    }
    for (const p of otherLines(unit)) {
      counts[sevIndexOf(p.line.severity)] = (counts[sevIndexOf(p.line.severity)] ?? 0) + 1;
      flags |= F_WORDS;
      if (!addText(blk, u, p.line.body)) flags |= F_OPAQUE;
      if (p.line.stack !== undefined && !addText(blk, u, p.line.stack)) flags |= F_OPAQUE;
    }
    for (const t of unit.extraText) if (!addText(blk, u, t)) flags |= F_OPAQUE;
    if (unit.inexact) {
      // Generate it: the counts are then exact, and any text may be in its lines.
      counts.fill(0);
      for (const r of unitRecords(v, inst, sec, 'linked')) counts[sevIndexOf(r.severity)] = (counts[sevIndexOf(r.severity)] ?? 0) + 1;
      flags = F_OPAQUE;
    }
    blk.flags[u] = flags;
    for (let si = 0; si < SEVERITIES.length; si++) {
      const c = counts[si] ?? 0;
      if (c >= 0xffff) blk.big.set(u * 5 + si, c);
      blk.counts[u * 5 + si] = Math.min(0xffff, c);
      blk.secTotals[k * 5 + si] = (blk.secTotals[k * 5 + si] ?? 0) + c;
      if (c > 0) blk.svcSevs[svc] = (blk.svcSevs[svc] ?? 0) | (1 << si);
    }
    blk.svcFlags[svc] = (blk.svcFlags[svc] ?? 0) | flags;
    blk.svcCauses[svc] = (blk.svcCauses[svc] ?? 0) | (blk.causes[u] ?? 0);
    blk.svcBloom[svc * 2] = (blk.svcBloom[svc * 2] ?? 0) | (blk.bloom[u * 2] ?? 0);
    blk.svcBloom[svc * 2 + 1] = (blk.svcBloom[svc * 2 + 1] ?? 0) | (blk.bloom[u * 2 + 1] ?? 0);
  }
}
