// A tiny seeded PRNG for the benchmark's own randomness (topology generation, the reference DES).
// Deliberately not the engine's streams: the DES must be independent of the engine, and the
// generator must not shift when the engine changes how it draws.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** Integer uniform in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Exponential with the given mean. */
  exp(mean: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: 32-bit state, full period, plenty for simulation at this scale and fast in V8. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p) => next() < p,
    // 1 - u is in (0, 1], so the log is finite.
    exp: (mean) => -mean * Math.log(1 - next()),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(items.length * next())] as T;
    },
  };
}
