// The sim host: one loaded scenario and at most one run, driven by commands and by tick(wallMs).
// No transport here (serve.ts does messages), so tests drive it directly, in-process.
// Every input that changes the run is an action taken at the current simulated second;
// wall time only decides how fast the clock moves (clock.ts) and how much of each tick goes to
// summarising logs ahead of queries (warmLogIndex: derived data, never part of the run).

import { loadScenario, logCounts, listTraces, searchLogs, traceLookup, warmLogIndex, type Scenario } from '../../../engine/src/index.ts';
import { isCommand, parseArgs } from './argSchemas.ts';
import { secondsFor, type Carry } from './clock.ts';
import { overview, sloSeries, sloStatus } from './dashboards.ts';
import { alerts, changes, copyAction, injectsFrom, timeline } from './feeds.ts';
import { queryMetrics } from './metrics.ts';
import { observationOf } from './observe.ts';
import type { ArgsOf, ClockState, CommandName, Observable, ResultOf, Speed, TickPush } from './protocol.ts';
import { act, advance, createRun, ended, exportSession, peekNextEvent, resumeRun, type Run } from './run.ts';
import { scenarioInfo } from './scenarioInfo.ts';
import { createDebrief } from './debrief.ts';
import { createAuthor } from './author.ts';
import { loadPackFiles } from './pack.ts';

export interface SimHostOptions {
  /** Wall milliseconds from any origin, to bound the background work of a tick (performance.now). */
  now?: () => number;
  /**
   * Wall ms per tick given to summarising the run's logs for the log index, so that a log query
   * at any moment finds them built: while the clock runs (the tick's own work comes first) and
   * while it is paused or ended (catching up, e.g. after resuming a long session). 0 turns it off.
   */
  warmMs?: { running: number; paused: number };
}

/**
 * Ticks come every 25 ms (serve.ts): a slice this short keeps the clock's pushes on time, and
 * summarising (~20 us per service-second) keeps up with 30x on hundreds of services.
 */
export const WARM_MS = { running: 6, paused: 16 } as const;

export interface SimHost {
  /** Runs one command; throws an Error with a message fit for the UI when it cannot. */
  handle<K extends CommandName>(name: K, args: ArgsOf<K>): ResultOf<K>;
  /** Moves the clock by `wallMsElapsed` of wall time at the current speed; what changed, or null. */
  tick(wallMsElapsed: number): TickPush | null;
}

/** What the last push covered, so the next one sends only what is new. */
interface Seen {
  timeline: number;
  alerts: number;
  open: Set<number>;
  actions: number;
  written: number;
  nowSec: number;
  clockChanged: boolean;
}

const DEFAULT_PEEK_SEC = 3600;

export function createSimHost(options: SimHostOptions = {}): SimHost {
  const now = options.now ?? (() => performance.now());
  const warmMs = options.warmMs ?? WARM_MS;
  /** The second at which the log index was last found complete (nothing to summarise until the clock moves). */
  let warmedAt = -1;
  let scenario: Scenario | null = null;
  let run: Run | null = null;
  let speed: Speed = 0;
  const carry: Carry = { ms: 0 };
  let seen: Seen = { timeline: 0, alerts: 0, open: new Set(), actions: 0, written: -1, nowSec: -1, clockChanged: true };

  const needScenario = (): Scenario => {
    if (!scenario) throw new Error('no scenario loaded: send scenario/load first');
    return scenario;
  };
  const needRun = (): Run => {
    if (!run) throw new Error('no run: send sim/start first');
    return run;
  };
  const clock = (r: Run): ClockState => ({ nowSec: r.sim.nowSec, speed, durationSec: r.sim.durationSec, ended: ended(r) });

  function begin(r: Run): void {
    run = r;
    speed = 0;
    warmedAt = -1;
    carry.ms = 0;
    const rec = r.sim.recorder;
    // History before a resume is for queries to fetch, not for the pager to ring again.
    seen = {
      timeline: rec.timeline.length,
      alerts: rec.alerts.length,
      open: new Set(rec.alerts.flatMap((a, i) => (a.resolvedAtSec === null ? [i] : []))),
      actions: r.sim.actions.length,
      written: -1,
      nowSec: -1,
      clockChanged: true,
    };
  }

  const debrief = createDebrief(() => ({ run: needRun(), scenario: needScenario() }));
  const author = createAuthor(now);

  const commands: { [K in CommandName]: (a: ArgsOf<K>) => ResultOf<K> } = {
    'scenario/load': (a) => {
      const loaded = loadScenario(a.text, a.file);
      if (!loaded.ok) return { ok: false, issues: loaded.issues };
      scenario = loaded.scenario;
      run = null; // a run belongs to the scenario it started with
      return { ok: true, scenario: scenarioInfo(loaded.scenario), warnings: loaded.warnings };
    },
    'scenario/describe': (a) => {
      const loaded = loadScenario(a.text, a.file);
      return loaded.ok ? { ok: true, scenario: scenarioInfo(loaded.scenario), warnings: loaded.warnings } : { ok: false, issues: loaded.issues };
    },
    'sim/start': (a) => {
      const s = needScenario();
      if (a.resume) {
        const resumed = resumeRun(s, a.resume);
        if (resumed.run) begin(resumed.run);
        return resumed.result;
      }
      const r = createRun(s, a.seed ?? s.seed);
      begin(r);
      return { ok: true, seed: r.sim.seed, clock: clock(r), stateHash: r.sim.hash(), actions: [] };
    },
    'sim/hash': () => {
      const r = needRun();
      return { nowSec: r.sim.nowSec, stateHash: r.sim.hash() };
    },
    'sim/act': (a) => copyAction(act(needRun(), { type: a.type, target: a.target ?? '', params: a.params ?? {} })),
    'hint/request': () => {
      const r = needRun();
      const hints = needScenario()
        .hints.map((h, k) => ({ h, k }))
        .sort((x, y) => x.h.level - y.h.level || x.k - y.k);
      const given = r.sim.actions.filter((x) => x.type === 'requestHint' && x.result === 'applied').length;
      const next = hints[given];
      if (!next) return { hint: null, action: null };
      const action = act(r, { type: 'requestHint', target: '', params: { level: next.h.level, index: given } });
      return { hint: { level: next.h.level, text: next.h.text, index: given, total: hints.length }, action: copyAction(action) };
    },
    'clock/set': (a) => {
      const r = needRun();
      speed = a.speed;
      if (speed === 0) carry.ms = 0;
      seen.clockChanged = true;
      return clock(r);
    },
    'clock/advance': (a) => {
      const r = needRun();
      advance(r, a.toSec); // never backwards: a stale target is a no-op
      return clock(r);
    },
    'clock/nextEvent': (a) => peekNextEvent(needRun(), a.withinSec ?? DEFAULT_PEEK_SEC),
    'query/metrics': (a) => queryMetrics(needRun().sim, a),
    'query/overview': () => overview(needRun().sim),
    'query/slos': (a) => sloStatus(needRun().sim, a.windowSec),
    'query/sloSeries': (a) => sloSeries(needRun().sim, a),
    'query/logs': (a) => searchLogs(needRun().sim, a),
    'query/logCounts': (a) => logCounts(needRun().sim, a, a.bucketSec),
    'query/traces': (a) => listTraces(needRun().sim, a),
    'query/trace': (a) => traceLookup(needRun().sim, a.traceId),
    'query/changes': (a) => changes(needRun().sim, a.env),
    'query/timeline': (a) => timeline(needRun().sim, a.sinceIndex),
    'query/alerts': () => alerts(needRun().sim),
    'query/injects': () => injectsFrom(needRun().sim, 0),
    'session/export': (a) => exportSession(needRun(), a.scenario ?? needScenario().metadata.id),
    'debrief/report': (a) => debrief.report(a),
    'debrief/draft': () => debrief.draft(),
    'debrief/rubric': (a) => debrief.rubric(a),
    'debrief/render': (a) => debrief.render(a),
    'author/schema': () => author.schema(),
    'author/validate': (a) => author.validate(a),
    'author/preview': (a) => author.preview(a),
    'author/check': (a) => author.check(a),
    'author/difficulty': (a) => author.difficulty(a),
    'author/templates': () => author.templates(),
    'author/fromTemplate': (a) => author.fromTemplate(a),
    'pack/load': (a) => loadPackFiles(a),
  };

  function handle<K extends CommandName>(name: K, args: ArgsOf<K>): ResultOf<K> {
    if (!isCommand(name)) throw new Error(`unknown command "${String(name)}" (known: ${Object.keys(commands).join(', ')})`);
    const parsed = parseArgs(name, args);
    const result = (commands[name] as (a: ArgsOf<K>) => ResultOf<K>)(parsed);
    // Recorded after answering, so a query that fails records nothing; same second either way.
    if ((parsed as Observable).observe === true && run && !ended(run)) {
      const o = observationOf(name, parsed, result);
      if (o) act(run, o);
    }
    return result;
  }

  function tick(wallMs: number): TickPush | null {
    const r = run;
    if (!r) return null;
    const n = secondsFor(carry, speed, wallMs);
    if (n > 0 && !ended(r)) advance(r, r.sim.nowSec + n);
    const push = collect(r);
    warm(r);
    return push;
  }

  /** One slice of summarising logs ahead of queries (newest seconds first). */
  function warm(r: Run): void {
    const budget = speed === 0 || ended(r) ? warmMs.paused : warmMs.running;
    if (budget <= 0 || warmedAt === r.sim.nowSec) return;
    const t0 = now();
    try {
      if (warmLogIndex(r.sim, () => now() - t0 < budget)) warmedAt = r.sim.nowSec;
    } catch {
      // Background work only: a query that needs the same summary reports the error itself.
      warmedAt = r.sim.nowSec;
    }
  }

  function collect(r: Run): TickPush | null {
    const { sim } = r;
    const rec = sim.recorder;
    const quiet =
      sim.nowSec === seen.nowSec &&
      !seen.clockChanged &&
      rec.timeline.length === seen.timeline &&
      rec.alerts.length === seen.alerts &&
      sim.actions.length === seen.actions &&
      rec.written === seen.written &&
      [...seen.open].every((i) => rec.alerts[i]?.resolvedAtSec === null);
    if (quiet) return null;
    const alertsResolved = [...seen.open].flatMap((i) => {
      const ep = rec.alerts[i];
      if (!ep || ep.resolvedAtSec === null) return [];
      seen.open.delete(i);
      return [{ ...ep }];
    });
    const alertsFired = rec.alerts.slice(seen.alerts).map((ep, k) => {
      if (ep.resolvedAtSec === null) seen.open.add(seen.alerts + k);
      else alertsResolved.push({ ...ep });
      return { ...ep };
    });
    const push: TickPush = {
      clock: clock(r),
      frame: rec.written !== seen.written ? { overview: overview(sim), slos: sloStatus(sim) } : null,
      alertsFired,
      alertsResolved,
      injects: injectsFrom(sim, seen.timeline),
      events: rec.timeline.slice(seen.timeline).map((e) => ({ ...e })),
      actions: sim.actions.slice(seen.actions).map(copyAction),
    };
    seen = { ...seen, timeline: rec.timeline.length, alerts: rec.alerts.length, actions: sim.actions.length, written: rec.written, nowSec: sim.nowSec, clockChanged: false };
    return push;
  }

  return { handle, tick };
}
