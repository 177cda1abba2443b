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
  blockKey,
  blockLen,
  storeBlock,
  touchBlock,
  type Block,
} from './logIndex.ts';

const KINDS: HintKind[] = ['access', 'own', 'retry', 'final', 'fallback', 'reject', 'expired', 'shed', 'rateLimit', 'flag', 'consume'];
const KIND_INDEX = new Map(KINDS.map((k, i) => [k, i]));
const NK = KINDS.length;

/** The block holding (env, sec), summarised for this view (built now if need be). */
export function blockFor(v: View, env: number, sec: number): Block {
  const b = Math.floor(sec / BLOCK_SEC);
  const len = blockLen(v, b);
  const idx = v.logIndex;
  const hit = idx.blocks.get(blockKey(env, b));
  if (hit && hit.len >= len) {
    touchBlock(idx, hit);
    return hit;
  }
  const blk = buildBlock(v, env, b * BLOCK_SEC, len);
  storeBlock(idx, blk);
  return blk;
}

function buildBlock(v: View, env: number, start: number, len: number): Block {
  const nSvc = v.model.nSvc;
  const n = len * nSvc;
  const blk: Block = {
    env,
    start,
    len,
    counts: new Uint16Array(n * 5),
    big: new Map(),
    bloom: new Uint32Array(n * 2),
    words: new Map(),
    flags: new Uint8Array(n),
    linkInfo: new Uint16Array(n),
    linkAcc: new Uint16Array(n),
    causes: new Uint16Array(n),
    linkFail: new Map(),
    reach: new Uint8Array(len),
    secTotals: new Float64Array(len * 5),
    svcSevs: new Uint8Array(nSvc),
    svcFlags: new Uint8Array(nSvc),
    svcCauses: new Uint16Array(nSvc),
    svcBloom: new Uint32Array(nSvc * 2),
  };
  if (len === 0) return blk;

  // 1. The census of lines taken from traces: per unit, hints by kind and by severity.
  const seen = new Uint16Array(n * NK);
  const sevs = new Uint16Array(n * 3); // INFO, WARN, ERROR/FATAL
  const lookback = v.lookbackSec;
  const end = start + len;
  for (let s = Math.max(0, start - lookback); s < end; s++) {
    const st = secondTraces(v, s, env);
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

  // 2. Each unit, dry.
  for (let k = 0; k < len; k++) {
    const sec = start + k;
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
  // Keep what a neighbouring block (either way) or a search in this one needs.
  evictTracesOutside(v, start - lookback, end);
  evictRowsOutside(v, start - lookback, end);
  return blk;
}
