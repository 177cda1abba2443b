// Closed-form M/M/c results, for the single-service accuracy cases: a noise-free reference
// that checks the DES itself. Written from the textbook formulas, independent of the engine.

/** Probability that an arrival waits, M/M/c with offered load a = λ/μ erlangs (a < c). */
export function erlangCProb(c: number, a: number): number {
  // Sum of a^k/k! for k < c, and the a^c/c! term, built incrementally to avoid factorials.
  let term = 1;
  let sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const top = term / (1 - a / c);
  return top / (sum + top);
}

export interface MmcResult {
  meanMs: number;
  p95Ms: number;
  utilisation: number;
}

/** Response time T = W + S of M/M/c: W is 0 or exponential with rate cμ - λ, S exponential with rate μ. */
export function mmc(c: number, meanServiceMs: number, rps: number): MmcResult {
  const mu = 1 / meanServiceMs;
  const lambda = rps / 1000;
  const a = lambda / mu;
  const pw = erlangCProb(c, a);
  const theta = c * mu - lambda;
  const meanMs = pw / theta + meanServiceMs;
  // P(T > t) = (1 - pw) e^{-μt} + pw P(W' + S > t), with the hypoexponential tail for W' + S.
  const tail = (t: number) => {
    const both = Math.abs(theta - mu) < 1e-12 ? (1 + mu * t) * Math.exp(-mu * t) : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    return (1 - pw) * Math.exp(-mu * t) + pw * both;
  };
  let lo = 0;
  let hi = 100 * meanMs;
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi);
    if (tail(mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return { meanMs, p95Ms: 0.5 * (lo + hi), utilisation: a / c };
}
