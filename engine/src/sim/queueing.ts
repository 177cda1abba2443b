// Queueing kernels: steady-state waiting in an M/M/c (Erlang C) with an Allen–Cunneen
// correction for non-exponential service, and a response-time distribution cheap enough to
// evaluate per service per tick. Pure functions of their arguments.
//
// Why analytic instead of per-request: the engine must fast-forward hours of a 1,000-service
// system in seconds. Within a tick the steady-state formulas give the right latency under
// Poisson arrivals (checked against a per-request simulation in bench/); across ticks the
// fluid backlog in tick.ts carries overload.

/** Stirling series for ln Γ(x): relative error below 1e-7 from x = 6 up. */
function lnGammaLarge(x: number): number {
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + 0.9189385332046728 + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x2 * x2 * x);
}

/** Probability that an arrival waits (Erlang C) for `c` servers at offered load `a = λ/μ` erlangs. */
export function erlangC(c: number, a: number): number {
  if (c <= 0) return 1;
  if (a <= 0) return 0;
  if (a >= c) return 1;
  if (a > 6) return erlangCLarge(c, a);
  // Erlang B by its stable recurrence, then C = B / (1 - ρ(1 - B)).
  let b = 1;
  const n = Math.min(c, 100_000);
  for (let k = 1; k <= n; k++) {
    b = (a * b) / (k + a * b);
    // Past the load B only falls (by a/k per step): once negligible, waiting is too.
    if (b < 1e-10 && k > a) return 0;
  }
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/**
 * Erlang C for large loads in O(1): Erlang B is the Poisson(a) probability of exactly c over the
 * probability of at most c; the latter is the gamma tail P(Gamma(c+1) > a), which Wilson–Hilferty
 * gives to ~1e-4 at these shapes. The recurrence would cost O(a) per service per tick, and
 * gateways carry hundreds of erlangs.
 */
function erlangCLarge(c: number, a: number): number {
  const logPmf = c * Math.log(a) - a - lnGammaLarge(c + 1);
  if (logPmf < -40) return 0;
  const cdf = 1 - gammaCdf(a, c + 1, c + 1);
  if (cdf <= 0) return 1;
  const b = Math.min(1, Math.exp(logPmf) / cdf);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/**
 * The response-time distribution of one service for one tick:
 *   T = delayMs + W + S
 * where S (service incl. downstream calls) has mean `serviceMeanMs` and variance `serviceVarMs2`,
 * W is 0 with probability 1 - waitProb and exponential with mean `waitMeanMs` otherwise,
 * and delayMs is the fluid backlog delay (overload) ahead of everything.
 */
export interface LatencyDist {
  delayMs: number;
  waitProb: number;
  waitMeanMs: number;
  serviceMeanMs: number;
  serviceVarMs2: number;
}

/** M/M/c steady state with service-time variability (Allen–Cunneen): waiting part only. */
export function steadyWait(
  c: number,
  ratePerMs: number,
  serviceMeanMs: number,
  serviceVarMs2: number,
  rhoCap = 0.98,
): { waitProb: number; waitMeanMs: number } {
  if (c <= 0 || ratePerMs <= 0 || serviceMeanMs <= 0) return { waitProb: 0, waitMeanMs: 0 };
  const a = Math.min(ratePerMs * serviceMeanMs, c * rhoCap);
  const pw = erlangC(c, a);
  if (pw <= 0) return { waitProb: 0, waitMeanMs: 0 };
  const cs2 = serviceVarMs2 / (serviceMeanMs * serviceMeanMs);
  // Mean wait of those who wait, M/M/c: 1/(cμ - λ); scaled by (1 + Cs²)/2 for general service.
  const cMu = c / serviceMeanMs;
  const lambda = a / serviceMeanMs;
  const waitMeanMs = ((1 + cs2) / 2) / (cMu - lambda);
  return { waitProb: pw, waitMeanMs };
}

export function meanOf(d: LatencyDist): number {
  return d.delayMs + d.waitProb * d.waitMeanMs + d.serviceMeanMs;
}

export function varianceOf(d: LatencyDist): number {
  const ew = d.waitProb * d.waitMeanMs;
  const ew2 = 2 * d.waitProb * d.waitMeanMs * d.waitMeanMs;
  return d.serviceVarMs2 + (ew2 - ew * ew);
}

// Gamma tail by the Wilson–Hilferty cube-root normal approximation: a few flops, accurate to
// about 1% at the percentiles dashboards show, and monotone (so bisection is safe).
function gammaCdf(x: number, mean: number, variance: number): number {
  if (x <= 0) return 0;
  if (variance <= mean * mean * 1e-6) return x >= mean ? 1 : 0;
  const k = (mean * mean) / variance;
  const scale = variance / mean;
  const h = 1 / (9 * k);
  const z = (Math.cbrt(x / (k * scale)) - (1 - h)) / Math.sqrt(h);
  return normalCdf(z);
}

/** Φ(z) with the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** P(T ≤ tMs). */
export function cdf(d: LatencyDist, tMs: number): number {
  const x = tMs - d.delayMs;
  if (x <= 0) return 0;
  const noWait = gammaCdf(x, d.serviceMeanMs, d.serviceVarMs2);
  if (d.waitProb <= 0) return noWait;
  const m = d.serviceMeanMs + d.waitMeanMs;
  const v = d.serviceVarMs2 + d.waitMeanMs * d.waitMeanMs;
  const withWait = gammaCdf(x, m, v);
  return (1 - d.waitProb) * noWait + d.waitProb * withWait;
}

/** P(T > tMs), skipping the arithmetic when the tail is certainly negligible. */
export function tail(d: LatencyDist, tMs: number): number {
  const mean = meanOf(d);
  const sd = Math.sqrt(varianceOf(d));
  if (tMs > mean + 14 * sd + 1) return 0;
  return 1 - cdf(d, tMs);
}

/** Standard normal quantiles for the percentiles dashboards show (Acklam's algorithm elsewhere is overkill). */
const Z: Record<string, number> = { '0.5': 0, '0.9': 1.2815515655446004, '0.95': 1.6448536269514722, '0.99': 2.3263478740408408, '0.999': 3.090232306167813 };

/** Inverse of the Wilson–Hilferty gamma CDF: closed form. */
function gammaQuantile(mean: number, variance: number, z: number): number {
  if (variance <= mean * mean * 1e-6) return mean;
  const k = (mean * mean) / variance;
  const h = 1 / (9 * k);
  const base = 1 - h + z * Math.sqrt(h);
  return base <= 0 ? 0 : mean * base * base * base;
}

/**
 * The q-quantile of T in ms. Each mixture component has a closed-form quantile; the mixture's
 * lies between them, so a few steps of regula falsi (Illinois) inside that bracket suffice.
 */
export function quantile(d: LatencyDist, q: number): number {
  const mean = meanOf(d);
  if (mean <= 0) return 0;
  const z = Z[String(q)];
  if (z === undefined) return quantileSearch(d, q, d.delayMs, mean + 12 * Math.sqrt(varianceOf(d)) + 1);
  const q1 = d.delayMs + gammaQuantile(d.serviceMeanMs, d.serviceVarMs2, z);
  if (d.waitProb < 1e-3) return q1;
  const m2 = d.serviceMeanMs + d.waitMeanMs;
  const q2 = d.delayMs + gammaQuantile(m2, d.serviceVarMs2 + d.waitMeanMs * d.waitMeanMs, z);
  if (d.waitProb > 0.999) return q2;
  const lo = Math.min(q1, q2);
  const hi = Math.max(q1, q2);
  if (hi - lo <= 1e-3 * hi) return hi;
  return quantileSearch(d, q, lo, hi);
}

function quantileSearch(d: LatencyDist, q: number, lo0: number, hi0: number): number {
  let lo = lo0;
  let hi = hi0;
  let flo = cdf(d, lo) - q;
  let fhi = cdf(d, hi) - q;
  if (flo >= 0) return lo;
  if (fhi <= 0) return hi;
  let side = 0;
  for (let i = 0; i < 30 && hi - lo > 5e-4 * hi; i++) {
    const mid = (lo * fhi - hi * flo) / (fhi - flo);
    const fm = cdf(d, mid) - q;
    if (fm < 0) {
      lo = mid;
      flo = fm;
      if (side === -1) fhi /= 2;
      side = -1;
    } else {
      hi = mid;
      fhi = fm;
      if (side === 1) flo /= 2;
      side = 1;
    }
  }
  return (lo * fhi - hi * flo) / (fhi - flo);
}
