// Draws for synthetic requests: response times from a service's latency distribution (the same
// mixture queueing.ts describes analytically), own work under the latency faults standing, and
// the clients, user agents and request ids an access log shows.

import { normal, type Stream } from '../random/rng.ts';
import type { LatencyDist } from '../sim/queueing.ts';
import { hashWords } from './ids.ts';
import { faultsOn, langOf, metric, type View } from './view.ts';

export function expo(r: Stream, mean: number): number {
  return -Math.log(1 - r.next()) * mean;
}

/** Gamma by the Wilson–Hilferty transform, the same approximation queueing.ts uses for its CDF. */
function gamma(r: Stream, mean: number, variance: number): number {
  if (mean <= 0) return 0;
  if (variance <= mean * mean * 1e-6) return mean;
  const k = (mean * mean) / variance;
  const h = 1 / (9 * k);
  const b = 1 - h + normal(r) * Math.sqrt(h);
  return b <= 0.05 ? mean * 0.0001 : mean * b * b * b;
}

export function waitOf(r: Stream, d: LatencyDist): number {
  return d.delayMs + (r.next() < d.waitProb ? expo(r, d.waitMeanMs) : 0);
}

/** One response time from the distribution (queueing wait plus service time). */
export function sampleLatency(r: Stream, d: LatencyDist): number {
  return waitOf(r, d) + gamma(r, d.serviceMeanMs, d.serviceVarMs2);
}

export const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Mean own work per request: base service time with the latency faults standing at `sec`. */
export function ownMeanMs(v: View, env: number, svc: number, sec: number): number {
  const inst = env * v.model.nSvc + svc;
  let ms = v.model.serviceTimeMs[inst] ?? 1;
  for (const ep of faultsOn(v, env, svc, sec)) {
    const d = ep.def;
    if (d.type === 'latency') ms = ms * d.params.multiplier + d.params.addMs;
    else if (d.type === 'badFeatureFlag') ms += d.params.addMs;
    else if (d.type === 'queueConsumerSlowdown') ms *= d.params.factor;
  }
  return ms * (1 + 2 * metric(v, 'container_cpu_cfs_throttled_ratio', inst, sec));
}

const BROWSERS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'okhttp/4.12.0',
];

export function publicClient(h: number): { ip: string; ua: string } {
  const nets = ['203.0.113', '198.51.100', '192.0.2'];
  return { ip: `${nets[h % 3]}.${(h >>> 4) % 254 + 1}`, ua: BROWSERS[(h >>> 12) % BROWSERS.length] as string };
}

export function internalAgent(v: View, svc: number): string {
  switch (langOf(v, svc)) {
    case 'go':
      return 'Go-http-client/1.1';
    case 'node':
      return 'axios/1.7.2';
    case 'python':
      return 'python-requests/2.31.0';
    default:
      return 'Apache-HttpClient/5.3.1 (Java/21.0.3)';
  }
}

export function requestId(h: number): string {
  const a = hashWords(h, 1).toString(16).padStart(8, '0');
  const b = hashWords(h, 2).toString(16).padStart(8, '0');
  const c = hashWords(h, 3).toString(16).padStart(8, '0');
  const d = hashWords(h, 4).toString(16).padStart(8, '0');
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

