// The log index: per (service, environment, second) unit, a summary of the lines it holds,
// computed without generating them (summary.ts) and kept with the view so that searches skip
// units that cannot match and histograms add up counts instead of generating lines.
//
// A unit's summary: how many lines at each severity; which kinds of lines it has (failure lines
// and access/processing lines, not generated, whose words come from vocabularies of what they
// can say: textFilter.ts; and the other lines, whose words are hashed into a 64-bit Bloom filter);
// and the census of the lines of sampled requests it takes from traces, so that a search can
// generate the unit's other lines without the traces. Per second, how far the traces sampled in
// it reach (so generating a unit skips look-back seconds whose traces all ended before it).
//
// Summaries are kept in blocks of BLOCK_SEC seconds of one environment, least recently used
// dropped beyond MAX_INDEXED_UNITS units: 25 bytes a unit, plus per block its word list (a few
// hundred words) and per-second and per-service totals, so some 30 MB at the bound. Data before
// the horizon is final (view.ts), so the index outlives a view: the next view of the same run
// inherits it, and a block cut short by the old horizon is extended (summary.ts), second by
// second, to the new one.
//
// No answer depends on what the index holds: a summary is a function of the run's data alone,
// and a query decides from the blocks of the units it reads, so only its speed depends on what
// was asked before.

import type { View } from './view.ts';

export const BLOCK_SEC = 64;
/**
 * Units the index keeps, and units of blocks one search or histogram may read (beyond that a
 * search returns truncated with resumeSec and a histogram falls back to its strided estimate).
 * Summarising costs some 15-30 us a unit (the traces of its seconds included), reading a
 * summary well under 0.1 us: a million units is seconds cold, milliseconds warm.
 */
export const MAX_INDEXED_UNITS = 1_000_000;
/** Distinct words a block remembers; a unit with further words matches any text. */
export const MAX_BLOCK_WORDS = 4096;

/** Unit flags: what lines a unit has, and so where the words of a text must be for it to match. */
export const F_OWN = 1; // the service's own errors (not generated): words of its own-error vocabulary
export const F_PLAIN = 2; // access, message-processing or flag lines (not generated): the dry vocabulary
export const F_WORDS = 4; // other lines, generated while summarising: their words are in the Bloom filter
export const F_OPAQUE = 8; // generated in full (or too many words): any text may be in it
export const F_CALL = 16; // failed calls that failed the request (not generated): words of its final failed-call vocabulary
export const F_REFUSE = 32; // requests it turned away (not generated): words of its refusal vocabulary
export const F_RETRY = 64; // failed calls retried (not generated): words of its retry vocabulary
export const F_FALLBACK = 128; // failed optional calls (not generated): words of its fallback vocabulary
/** Any failed-call lines. The stages word a failure differently (only the final line names the top exception and has a stack). */
export const F_CALLS = F_CALL | F_RETRY | F_FALLBACK;

/** Why a call failed (AttemptCause), in the order of the bits of Block.causes. */
export const CAUSES = ['dns', 'tls', 'pool', 'timeout', 'http500', 'overflow', 'unavailable', 'shed', 'rateLimit'] as const;

/** Kinds of failure lines of sampled requests, then how many of them were ERROR/FATAL and WARN. */
export const LINK_FAIL_KINDS = ['own', 'final', 'reject', 'expired', 'retry', 'fallback', 'shed', 'rateLimit'] as const;

export interface Block {
  env: number;
  start: number;
  /** Seconds summarised: BLOCK_SEC, or fewer when the horizon cut the block. */
  len: number;
  /** Unit u = (sec - start) * nSvc + svc. Lines per severity: counts[u * 5 + severity]. */
  counts: Uint16Array;
  /** Counts that did not fit 16 bits, by u * 5 + severity. */
  big: Map<number, number>;
  /** Two 32-bit words per unit: the Bloom filter of its generated lines' words (two bits per word). */
  bloom: Uint32Array;
  /** The words of the block's generated lines (hex words aside), with their hashes. */
  words: Map<string, number>;
  flags: Uint8Array;
  /** Lines of sampled requests at INFO (access, processing, flag evaluations). */
  linkInfo: Uint16Array;
  /** Access lines (processing lines for a consumer) of sampled requests: the census requestLines needs. */
  linkAcc: Uint16Array;
  /** Per unit with failed-call lines (F_CALLS): the causes they can give, bit k for CAUSES[k] (whatever the stage). */
  causes: Uint16Array;
  /** Units with failure lines of sampled requests: counts per LINK_FAIL_KINDS, then ERROR/FATAL and WARN lines. */
  linkFail: Map<number, Uint16Array>;
  /** Per second: how many seconds after it its traces still write lines (255: beyond the look-back). */
  reach: Uint8Array;
  /** Per second, lines per severity over every service: (sec - start) * 5 + severity. */
  secTotals: Float64Array;
  /** Per service, over the block: severities present (bit per severity), flags, causes and Bloom filters ORed. */
  svcSevs: Uint8Array;
  svcFlags: Uint8Array;
  svcCauses: Uint16Array;
  svcBloom: Uint32Array;
  /** While the block is shorter than BLOCK_SEC: what summarising its next seconds needs. */
  build?: BlockBuild;
}

/** The census of the lines of sampled requests taken so far (summary.ts, step 1). */
export interface BlockBuild {
  /** Hints per unit and kind: seen[u * kinds + kind]. */
  seen: Uint16Array;
  /** Hints per unit at INFO/DEBUG, WARN, ERROR/FATAL: sevs[u * 3 + k]. */
  sevs: Uint16Array;
  /** The next second whose traces are to be counted. */
  traced: number;
}

export interface LogIndex {
  /** By blockKey; in least-recently-used order (Map insertion order). */
  blocks: Map<number, Block>;
  units: number;
  /** Vocabularies of failure lines by instance and kind or cause (textFilter.ts), made on first use. */
  failWords: Map<number, Set<string>>;
}

export function newLogIndex(): LogIndex {
  return { blocks: new Map(), units: 0, failWords: new Map() };
}

export function blockKey(env: number, b: number): number {
  return b * 256 + env;
}

/** Seconds of block `b` the view's data covers. */
export function blockLen(v: View, b: number): number {
  return Math.max(0, Math.min(BLOCK_SEC, v.horizon - b * BLOCK_SEC));
}

/** The block of (env, second) if summarised for this view's horizon, else undefined. */
export function cachedBlock(v: View, env: number, sec: number): Block | undefined {
  const b = Math.floor(sec / BLOCK_SEC);
  const blk = v.logIndex.blocks.get(blockKey(env, b));
  return blk && blk.len >= blockLen(v, b) ? blk : undefined;
}

export function storeBlock(idx: LogIndex, blk: Block): void {
  const key = blockKey(blk.env, Math.floor(blk.start / BLOCK_SEC));
  const old = idx.blocks.get(key);
  if (old) {
    idx.blocks.delete(key);
    idx.units -= old.flags.length;
  }
  idx.blocks.set(key, blk);
  idx.units += blk.flags.length;
  for (const [k, b] of idx.blocks) {
    if (idx.units <= MAX_INDEXED_UNITS || b === blk) break;
    idx.blocks.delete(k);
    idx.units -= b.flags.length;
  }
}

/** Marks a block as recently used. */
export function touchBlock(idx: LogIndex, blk: Block): void {
  const key = blockKey(blk.env, Math.floor(blk.start / BLOCK_SEC));
  if (idx.blocks.get(key) !== blk) return;
  idx.blocks.delete(key);
  idx.blocks.set(key, blk);
}

/** How many seconds after `sec` the traces sampled in it write lines, when the index knows. */
export function traceReach(v: View, env: number, sec: number): number | undefined {
  const blk = cachedBlock(v, env, sec);
  return blk ? blk.reach[sec - blk.start] : undefined;
}

export function unitCount(blk: Block, u: number, sev: number): number {
  const c = blk.counts[u * 5 + sev] ?? 0;
  return c === 0xffff ? (blk.big.get(u * 5 + sev) ?? c) : c;
}
