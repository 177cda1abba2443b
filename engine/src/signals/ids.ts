// Trace and span ids that look random but decode back to where they came from. A trace id is
// four 32-bit words (second, environment/entry/kind, slot, check) pushed through an 8-round
// generalised Feistel permutation keyed by the seed: reversible, so searching logs by trace
// id reads the few seconds the trace touched instead of scanning the run; keyed, so ids differ
// between seeds; checked, so an id from elsewhere decodes to null instead of garbage.

import { fmix32, hashWords } from '../random/hash.ts';
import { hex8 } from './format.ts';

export { fmix32, hashWords };

/** A uniform draw in [0, 1) from a hash: stateless randomness for one-off choices. */
export function unit(h: number): number {
  return (h >>> 0) / 0x1_0000_0000;
}

const ROUNDS = 8;
const KIND_SAMPLED = 0x5a;
const KIND_UNSAMPLED = 0xa5;

export interface TraceKey {
  /** Second of the scenario the trace (or the logged request) started in. */
  sec: number;
  env: number;
  /** Sampled: traffic entry index, or traffic count + service index for queue consumers. Unsampled: service index. */
  entry: number;
  /** Sampled: 0 = head-sampled, 1.. = tail-sampled error traces. Unsampled: a line hash. */
  slot: number;
  sampled: boolean;
}

function roundKeys(seed: number): number[] {
  const keys: number[] = [];
  for (let r = 0; r < ROUNDS; r++) keys.push(fmix32((seed >>> 0) ^ Math.imul(r + 1, 0x9e3779b9)));
  return keys;
}

const keyCache = new Map<number, number[]>();
function keysFor(seed: number): number[] {
  let k = keyCache.get(seed >>> 0);
  if (!k) {
    k = roundKeys(seed);
    if (keyCache.size > 64) keyCache.clear();
    keyCache.set(seed >>> 0, k);
  }
  return k;
}

function permute(w: number[], keys: number[]): void {
  for (let r = 0; r < ROUNDS; r++) w[(r + 1) & 3] = ((w[(r + 1) & 3] ?? 0) ^ fmix32(((w[r & 3] ?? 0) + (keys[r] ?? 0)) >>> 0)) >>> 0;
}

function unpermute(w: number[], keys: number[]): void {
  // Each round XORs one word with a function of another word it leaves alone: undo in reverse.
  for (let r = ROUNDS - 1; r >= 0; r--) w[(r + 1) & 3] = ((w[(r + 1) & 3] ?? 0) ^ fmix32(((w[r & 3] ?? 0) + (keys[r] ?? 0)) >>> 0)) >>> 0;
}

export function encodeTraceId(seed: number, k: TraceKey): string {
  const w0 = k.sec >>> 0;
  const w1 = (((k.env & 0xff) << 24) | ((k.entry & 0xffff) << 8) | (k.sampled ? KIND_SAMPLED : KIND_UNSAMPLED)) >>> 0;
  const w2 = k.slot >>> 0;
  const w = [w0, w1, w2, hashWords(seed >>> 0, w0, w1, w2)];
  permute(w, keysFor(seed));
  return w.map(hex8).join('');
}

export function decodeTraceId(seed: number, id: string): TraceKey | null {
  if (!/^[0-9a-f]{32}$/i.test(id)) return null;
  const w = [0, 1, 2, 3].map((i) => parseInt(id.slice(i * 8, i * 8 + 8), 16) >>> 0);
  unpermute(w, keysFor(seed));
  const [w0, w1, w2, w3] = w as [number, number, number, number];
  if (hashWords(seed >>> 0, w0, w1, w2) !== w3) return null;
  const kind = w1 & 0xff;
  if (kind !== KIND_SAMPLED && kind !== KIND_UNSAMPLED) return null;
  return { sec: w0, env: w1 >>> 24, entry: (w1 >>> 8) & 0xffff, slot: w2, sampled: kind === KIND_SAMPLED };
}

/** The n-th span id of a trace: 16 hex chars, never all zero. */
export function spanIdOf(traceId: string, n: number): string {
  const a = hashWords(parseInt(traceId.slice(0, 8), 16), parseInt(traceId.slice(24, 32), 16), n);
  const b = hashWords(a, n, 0x51ed27);
  return hex8(a) + hex8(b === 0 ? 1 : b);
}
