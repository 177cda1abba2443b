// A per-request discrete-event simulation, the benchmark's ground truth for the engine's
// queueing. Written to be obviously right rather than fast, and independent of the engine's
// formulas: it shares no code with engine/ beyond reading a scenario's numbers.
//
// Model: Poisson arrivals at the entry services; each service has c = replicas x concurrency
// servers and a FIFO queue. A request takes a server, works for an exponential own time, then
// makes its synchronous calls one after another (each a request to the callee, waited for),
// and only then frees the server. No faults, timeouts, retries, caches or queues.

import type { Scenario } from '../engine/src/index.ts';
import { mulberry32 } from './prng.ts';

export interface DesService {
  id: string;
  servers: number;
  meanMs: number;
  /** Synchronous calls, in order; a fractional perRequest makes the extra call with that probability. */
  calls: { to: number; perRequest: number }[];
}

export interface DesModel {
  services: DesService[];
  entries: { service: number; rps: number }[];
}

export interface DesOptions {
  seed: number;
  /** Simulated seconds run before measuring, so the queues start from steady state. */
  warmupSec: number;
  /** Simulated seconds measured: requests arriving in this window are recorded. */
  measureSec: number;
}

export interface DesServiceRun {
  /** Response times (arrival to response) of requests arriving in the window, ms. */
  latencies: Float64Array;
  /** Server-milliseconds busy inside the window. */
  busyMs: number;
}

export interface DesRun {
  services: DesServiceRun[];
  measureMs: number;
  /** Events processed (arrivals and own-work completions): the DES's unit of cost. */
  events: number;
  /** Request visits (one per request per service). */
  visits: number;
}

/** The DES's view of a scenario; throws on features it does not model rather than ignoring them. */
export function desModelFromScenario(s: Scenario): DesModel {
  const index = new Map(s.services.map((svc, i) => [svc.id, i]));
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`des: unknown service ${id}`);
    return i;
  };
  if (s.faults.length > 0) throw new Error('des: faults are not modelled');
  if (s.environments.length !== 1) throw new Error('des: one environment only');
  const services = s.services.map((svc): DesService => {
    if (svc.type === 'queue' || svc.type === 'cache' || svc.consumes) throw new Error(`des: ${svc.type} ${svc.id} is not modelled`);
    for (const c of svc.calls) if (c.onMiss || c.pool !== undefined) throw new Error(`des: ${svc.id}: pools and cache misses are not modelled`);
    return { id: svc.id, servers: svc.replicas * svc.concurrency, meanMs: svc.serviceTimeMs, calls: svc.calls.map((c) => ({ to: at(c.to), perRequest: c.perRequest })) };
  });
  const entries = s.traffic.map((t) => {
    if (t.pattern !== 'constant' || t.noise > 0 || t.spikes.length > 0) throw new Error('des: constant, noise-free traffic only');
    return { service: at(t.entry), rps: t.rps };
  });
  return { services, entries };
}

// ---------------------------------------------------------------------------------------------
// Event queue: a binary min-heap on (time, sequence); the sequence keeps ties first-in first-out.

interface Request {
  svc: number;
  arrivedMs: number;
  parent: Request | null;
  /** Callees still to call, in order (filled when own work completes). */
  plan: number[];
  next: number;
  measured: boolean;
}

const ARRIVAL = 0;
const OWN_DONE = 1;

interface Event {
  t: number;
  seq: number;
  kind: number;
  /** ARRIVAL: the entry index; OWN_DONE: unused. */
  entry: number;
  req: Request | null;
}

class EventHeap {
  private items: Event[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(t: number, kind: number, entry: number, req: Request | null): void {
    const items = this.items;
    items.push({ t, seq: this.seq++, kind, entry, req });
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(k, parent)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  pop(): Event {
    const items = this.items;
    const top = items[0] as Event;
    const last = items.pop() as Event;
    if (items.length > 0) {
      items[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < items.length && this.less(l, m)) m = l;
        if (r < items.length && this.less(r, m)) m = r;
        if (m === k) break;
        this.swap(k, m);
        k = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a] as Event;
    const y = this.items[b] as Event;
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.items[a] as Event;
    this.items[a] = this.items[b] as Event;
    this.items[b] = x;
  }
}

/** A FIFO of waiting requests with O(1) amortised dequeue. */
class Fifo {
  private items: Request[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(r: Request): void {
    this.items.push(r);
  }

  shift(): Request {
    const r = this.items[this.head++] as Request;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return r;
  }
}

/** A growable Float64Array: tens of millions of samples without boxing. */
class Samples {
  private data = new Float64Array(1024);
  private n = 0;

  push(x: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = x;
  }

  values(): Float64Array {
    return this.data.slice(0, this.n);
  }
}

// ---------------------------------------------------------------------------------------------
// The simulation

/** Per-service mutable state. */
interface Station {
  def: DesService;
  busy: number;
  queue: Fifo;
  /** Last time `busy` changed, for the busy-time integral. */
  lastMs: number;
  busyMs: number;
  samples: Samples;
}

export function runDes(model: DesModel, opts: DesOptions): DesRun {
  const rng = mulberry32(opts.seed);
  const startMs = opts.warmupSec * 1000;
  const endMs = startMs + opts.measureSec * 1000;
  const heap = new EventHeap();
  const stations: Station[] = model.services.map((def) => ({ def, busy: 0, queue: new Fifo(), lastMs: 0, busyMs: 0, samples: new Samples() }));
  let events = 0;
  let visits = 0;

  // Busy server-time, clipped to the measurement window.
  const integrate = (st: Station, t: number) => {
    const lo = Math.max(st.lastMs, startMs);
    const hi = Math.min(t, endMs);
    if (hi > lo) st.busyMs += st.busy * (hi - lo);
    st.lastMs = t;
  };

  const start = (req: Request, t: number) => {
    const st = stations[req.svc] as Station;
    integrate(st, t);
    st.busy += 1;
    heap.push(t + rng.exp(st.def.meanMs), OWN_DONE, -1, req);
  };

  const arrive = (svc: number, parent: Request | null, t: number) => {
    visits += 1;
    const req: Request = { svc, arrivedMs: t, parent, plan: [], next: 0, measured: t >= startMs && t < endMs };
    const st = stations[svc] as Station;
    if (st.busy < st.def.servers) start(req, t);
    else st.queue.push(req);
  };

  const finish = (req: Request, t: number) => {
    const st = stations[req.svc] as Station;
    if (req.measured) st.samples.push(t - req.arrivedMs);
    integrate(st, t);
    st.busy -= 1;
    if (st.queue.length > 0) start(st.queue.shift(), t);
    if (req.parent) proceed(req.parent, t);
  };

  // The next synchronous call, or the response once all calls have returned.
  const proceed = (req: Request, t: number) => {
    const callee = req.plan[req.next];
    if (callee === undefined) {
      finish(req, t);
      return;
    }
    req.next += 1;
    arrive(callee, req, t);
  };

  const planCalls = (req: Request) => {
    for (const c of (stations[req.svc] as Station).def.calls) {
      const n = Math.floor(c.perRequest) + (rng.chance(c.perRequest % 1) ? 1 : 0);
      for (let k = 0; k < n; k++) req.plan.push(c.to);
    }
  };

  model.entries.forEach((e, k) => {
    if (e.rps > 0) heap.push(rng.exp(1000 / e.rps), ARRIVAL, k, null);
  });
  while (heap.size > 0) {
    const ev = heap.pop();
    events += 1;
    if (ev.kind === ARRIVAL) {
      const e = model.entries[ev.entry] as DesModel['entries'][number];
      arrive(e.service, null, ev.t);
      // Arrivals stop at the end of the window; requests in flight run to completion.
      const nextT = ev.t + rng.exp(1000 / e.rps);
      if (nextT < endMs) heap.push(nextT, ARRIVAL, ev.entry, null);
    } else {
      const req = ev.req as Request;
      planCalls(req);
      proceed(req, ev.t);
    }
  }
  for (const st of stations) integrate(st, endMs);
  return {
    services: stations.map((st) => ({ latencies: st.samples.values(), busyMs: st.busyMs })),
    measureMs: endMs - startMs,
    events,
    visits,
  };
}

// ---------------------------------------------------------------------------------------------
// Statistics over independent replications

export interface DesStats {
  id: string;
  samples: number;
  meanMs: number;
  /** Half-width of the 95% confidence interval of the mean, from the spread between replications. */
  meanCiMs: number;
  /** Exact 95th percentile (nearest rank) of all recorded samples. */
  p95Ms: number;
  utilisation: number;
}

/** Pools replications: mean and p95 over every sample, utilisation over every window. */
export function desStats(model: DesModel, runs: readonly DesRun[]): DesStats[] {
  return model.services.map((svc, s) => {
    const per = runs.map((r) => r.services[s] as DesServiceRun);
    const all = concat(per.map((p) => p.latencies));
    const means = per.map((p) => meanOf(p.latencies));
    const busy = per.reduce((sum, p) => sum + p.busyMs, 0);
    const window = runs.reduce((sum, r) => sum + r.measureMs, 0);
    return {
      id: svc.id,
      samples: all.length,
      meanMs: meanOf(all),
      meanCiMs: ciHalfWidth(means),
      p95Ms: percentile(all, 0.95),
      utilisation: busy / (svc.servers * window),
    };
  });
}

function concat(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function meanOf(xs: Float64Array | readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return xs.length > 0 ? sum / xs.length : 0;
}

/** Nearest-rank percentile: the smallest sample with at least q of the samples at or below it. */
export function percentile(xs: Float64Array, q: number): number {
  if (xs.length === 0) return 0;
  const sorted = xs.slice().sort();
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

/** Student t 0.975 quantiles for 1..10 degrees of freedom; 1.96 beyond. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

function ciHalfWidth(means: readonly number[]): number {
  const n = means.length;
  if (n < 2) return NaN;
  const m = meanOf(means);
  const variance = means.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1);
  return (T975[n - 2] ?? 1.96) * Math.sqrt(variance / n);
}
