// Seeded randomness, split into named streams so that adding draws in one subsystem never
// shifts another (TigerBeetle's per-component PRNGs). Pure: the only entropy is the seed.
// Every stream's state can be saved and restored, so snapshots round-trip exactly.

import seedrandom from 'seedrandom';

type Alea = ReturnType<typeof seedrandom.alea>;
export type StreamState = object;

export interface Stream {
  /** Uniform in [0, 1). */
  next(): number;
  state(): StreamState;
}

/** A stream named `name` under the root seed. The same (seed, name) always gives the same draws. */
export function stream(seed: number, name: string, state?: StreamState): Stream {
  const prng: Alea = state
    ? seedrandom.alea('', { state: state as seedrandom.State.Alea })
    : seedrandom.alea(`${seed >>> 0}/${name}`, { state: true });
  return {
    next: () => prng(),
    state: () => prng.state(),
  };
}

/** A standard normal draw (Box–Muller; one of the pair is dropped to keep streams simple). */
export function normal(s: Stream): number {
  const u1 = 1 - s.next(); // (0, 1]: log is finite
  const u2 = s.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A Poisson draw with mean `lambda`: exact for small means, normal approximation above 40. */
export function poisson(s: Stream, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 40) {
    const x = Math.round(lambda + Math.sqrt(lambda) * normal(s));
    return x < 0 ? 0 : x;
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = s.next();
  while (p > limit) {
    k += 1;
    p *= s.next();
  }
  return k;
}

/** A binomial draw: n trials with success probability p (normal or Poisson approximation for large n). */
export function binomial(s: Stream, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n <= 20) {
    let k = 0;
    for (let i = 0; i < n; i++) if (s.next() < p) k += 1;
    return k;
  }
  const mean = n * p;
  if (mean < 10) return Math.min(n, poisson(s, mean));
  if (n - mean < 10) return n - Math.min(n, poisson(s, n - mean));
  const x = Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(s));
  return x < 0 ? 0 : x > n ? n : x;
}

/** A 32-bit hash of a string (FNV-1a): stable ids for lazily generated logs and traces. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
