// Stateless integer hashing (MurmurHash3's finalizer): stable ids and one-off choices that must
// not consume a seeded stream. Pure.

/** murmur3's 32-bit finaliser: a cheap bijective scrambler. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive hash of 32-bit words. */
export function hashWords(...words: number[]): number {
  let h = 0x9747b28c;
  for (const w of words) h = fmix32((h ^ (w >>> 0)) + 0x9e3779b9 + (h << 6) + (h >>> 2));
  return h >>> 0;
}
