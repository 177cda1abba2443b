// The sim host as the war room drives it: load, start, play in real time, investigate, act.
// The key property: whatever the trainee does in the UI, the exported session replays headless
// (runRecorded, as `firedrill replay` does) to the same state hash.

import { describe, expect, it } from 'vitest';
import { SessionSchema, runRecorded, type Session } from '../../../engine/src/index.ts';
import { createSimHost, type SimHost } from './handlers.ts';
import { CHECKOUT_FILE, checkoutScenario, checkoutText, loadedHost, nowOf, playTo, startedHost } from './testKit.ts';

/** A session through JSON, as it goes to disk and back. */
function viaDisk(s: Session): Session {
  return SessionSchema.parse(JSON.parse(JSON.stringify(s)));
}

function replayHash(s: Session): { hash: string; checkpoints: { atSec: number; hash: string }[] } {
  const r = runRecorded(checkoutScenario(), { seed: s.seed, durationSec: s.durationSec, actions: s.actions });
  return { hash: r.sim.hash(), checkpoints: r.checkpoints };
}

function expectReplays(host: SimHost): Session {
  const session = viaDisk(host.handle('session/export', {}));
  const replay = replayHash(session);
  expect(replay.hash).toBe(session.stateHash);
  expect(replay.checkpoints).toEqual(session.checkpoints);
  return session;
}

describe('scenario/describe', () => {
  it('describes a scenario without loading it', () => {
    const host = createSimHost();
    const described = host.handle('scenario/describe', { text: checkoutText, file: CHECKOUT_FILE });
    expect(described.ok && described.scenario.id).toBe('checkout-bad-deploy');
    expect(() => host.handle('sim/start', {})).toThrow(/no scenario loaded/);
    const broken = host.handle('scenario/describe', { text: 'metadata: 3\n', file: 'x.yaml' });
    expect(broken.ok).toBe(false);
  });
});

describe('scenario/load', () => {
  it('returns the briefing: topology, SLOs, alert rules, runbooks; never the answers', () => {
    const host = createSimHost();
    const loaded = host.handle('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
    if (!loaded.ok) throw new Error('expected the fixture to load');
    const s = loaded.scenario;
    expect(s.id).toBe('checkout-bad-deploy');
    expect(s.durationSec).toBe(2700);
    expect(s.start).toBe('2026-03-10T09:30:00Z');
    expect(s.startEpochSec).toBe(Date.UTC(2026, 2, 10, 9, 30) / 1000);
    expect(s.environments.map((e) => e.id)).toEqual(['prod', 'staging']);
    expect(s.services).toHaveLength(10);
    expect(s.services.find((x) => x.id === 'checkout')?.calls.map((c) => c.to)).toEqual(['cart-cache', 'orders-db', 'payments', 'order-events']);
    expect(s.services.find((x) => x.id === 'fulfilment')?.consumes).toBe('order-events');
    expect(s.slos.map((x) => x.id)).toEqual(['checkout-availability', 'checkout-latency', 'catalog-availability']);
    expect(s.alerts[0]).toMatchObject({ id: 'checkout-fast-burn', severity: 'page', service: 'checkout', rule: 'burn > 14.4x on checkout-availability over 1h and 5m' });
    expect(s.alerts[4]?.rule).toBe('pool_utilization > 0.8 on checkout@prod for 5m');
    expect(s.runbooks.map((r) => r.id)).toEqual(['checkout-errors', 'cart-cache']);
    expect(s.hintsCount).toBe(3);
    const text = JSON.stringify(loaded);
    for (const secret of ['coupon-npe', 'NullPointerException', 'rootCause', 'mitigations', 'debrief', 'deploy-checkout-142', 'ticket-1']) expect(text).not.toContain(secret);
  });

  it('answers a broken scenario with its issues and line numbers, not an exception, and keeps the current run', () => {
    const host = startedHost();
    const broken = checkoutText.replace('{to: payments, perRequest: 1', '{to: paymnts, perRequest: 1');
    const result = host.handle('scenario/load', { text: broken, file: 'broken.yaml' });
    if (result.ok) throw new Error('expected issues');
    const line = broken.split('\n').findIndex((l) => l.includes('paymnts')) + 1;
    expect(result.issues).toContainEqual(expect.objectContaining({ file: 'broken.yaml', line, path: 'services[1].calls[2].to', severity: 'error' }));
    const garbage = host.handle('scenario/load', { text: 'services: [\n  {id: x\n', file: 'garbage.yaml' });
    expect(garbage.ok).toBe(false);
    expect(garbage.ok ? [] : garbage.issues.map((i) => i.line)).toContain(3);
    expect(nowOf(host)).toBe(0); // the run is still there
  });
});

describe('playing in real time', () => {
  it('pushes the clock, the frames, the page and the ticket as they happen', () => {
    const host = startedHost();
    const pushes = playTo(host, 600, 10, 100);
    const fired = pushes.flatMap((p) => p.alertsFired);
    expect(fired).toContainEqual({ id: 'checkout-fast-burn', severity: 'page', firedAtSec: 450, resolvedAtSec: null });
    expect(pushes.flatMap((p) => p.injects)).toContainEqual(expect.objectContaining({ id: 'ticket-1', atSec: 480, kind: 'ticket' }));
    expect(pushes.flatMap((p) => p.events).map((e) => e.ref)).toContain('deploy-checkout-142');
    // One simulated second per 100 ms tick at 10x: every push moves the clock by at most one second.
    const times = pushes.map((p) => p.clock.nowSec);
    expect(times.every((t, i) => i === 0 || t - (times[i - 1] ?? 0) <= 1)).toBe(true);
    const frames = pushes.flatMap((p) => (p.frame ? [p.frame] : []));
    expect(frames.length).toBeGreaterThanOrEqual(59);
    const last = frames[frames.length - 1];
    expect(last?.overview.atSec).toBe(600);
    const checkout = last?.overview.services.find((s) => s.service === 'checkout' && s.env === 'prod');
    expect(checkout?.health).toBe('critical');
    expect(checkout?.pagesFiring).toBe(1);
    expect(checkout?.errorRatio).toBeGreaterThan(0.1);
    expect(last?.overview.services.find((s) => s.service === 'catalog' && s.env === 'prod')?.health).not.toBe('critical');
    expect(last?.slos.find((s) => s.id === 'checkout-availability')?.burn5m).toBeGreaterThan(14.4);
    // Paused: nothing new, nothing pushed.
    expect(host.tick(1000)).toBeNull();
  });

  it('pushes the trainee\'s own actions and what they led to, even while paused', () => {
    const host = startedHost();
    playTo(host, 30, 1, 1000);
    const record = host.handle('sim/act', { type: 'note', params: { text: 'looking at the overview' } });
    expect(record).toMatchObject({ atSec: 30, type: 'note', result: 'applied' });
    const push = host.tick(16);
    expect(push?.actions).toEqual([record]);
    expect(push?.events.map((e) => e.kind)).toEqual(['action:note']);
    expect(push?.frame).toBeNull();
  });

  it('does not depend on how wall time was chunked: same actions at the same seconds, same hash', () => {
    const ways: [Parameters<typeof playTo>[2], number][] = [
      [1, 1000],
      [2, 250],
      [10, 16],
      [30, 33],
    ];
    const hashes = ways.map(([speed, chunk]) => {
      const host = startedHost();
      playTo(host, 470, speed, chunk);
      host.handle('sim/act', { type: 'acknowledge', target: 'checkout-fast-burn' });
      playTo(host, 600, speed, chunk);
      host.handle('sim/act', { type: 'rollback', target: 'checkout' });
      host.handle('clock/set', { speed: 30 });
      for (let i = 0; i < 100 && !host.handle('clock/set', { speed: 30 }).ended; i++) host.tick(60_000); // capped at 300 s a call
      expect(nowOf(host)).toBe(2700);
      return host.handle('sim/hash', {}).stateHash;
    });
    expect(new Set(hashes).size).toBe(1);
    const headless = runRecorded(checkoutScenario(), {
      actions: [
        { atSec: 470, type: 'acknowledge', target: 'checkout-fast-burn', params: {} },
        { atSec: 600, type: 'rollback', target: 'checkout', params: {} },
      ],
    });
    expect(headless.sim.hash()).toBe(hashes[0]);
  });
});

describe('investigating and acting', () => {
  it('answers the war room\'s queries and records the deliberate ones as observations', () => {
    const host = startedHost();
    host.handle('clock/advance', { toSec: 100 });
    expect(host.handle('query/changes', {}).map((c) => c.id)).toEqual(['deploy-search-311', 'deploy-checkout-142-staging']);
    host.handle('clock/advance', { toSec: 540 });

    const changes = host.handle('query/changes', { env: 'prod', observe: true });
    expect(changes.map((c) => c.id)).toEqual(['deploy-search-311', 'deploy-checkout-142', 'deploy-catalog-908']);
    expect(changes[1]).toMatchObject({ atSec: 120, version: 'v1.42.0', previousVersion: 'v1.41.2', author: 'm.rossi', ci: 'passed' });
    expect(changes[1]?.diff).toContain('getCoupon().trim()');

    const logs = host.handle('query/logs', { fromSec: 300, toSec: 540, service: 'checkout', env: 'prod', minSeverity: 'ERROR', text: 'NullPointerException', limit: 20, observe: true });
    expect(logs.records.length).toBeGreaterThan(0);
    expect(logs.records[0]?.stack).toContain('CouponService');
    const counts = host.handle('query/logCounts', { fromSec: 0, toSec: 540, service: 'checkout', env: 'prod', bucketSec: 60 });
    expect(counts).toHaveLength(9);
    expect(counts[0]?.counts.ERROR).toBe(0);
    expect(counts[8]?.counts.ERROR).toBeGreaterThan(0);

    const m = host.handle('query/metrics', { service: 'checkout', metrics: ['error_ratio', 'http_server_requests_2xx_total', 'http_server_request_duration_seconds_p95'], fromSec: 0, toSec: 540, observe: true });
    expect(m.times).toBeInstanceOf(Float64Array);
    expect(m.times.length).toBe(54);
    expect(m.times[0]).toBe(10);
    expect(m.times[53]).toBe(540);
    const [errors, ok, p95] = m.series;
    expect(errors).toMatchObject({ kind: 'derived', unit: 'ratio' });
    expect(errors?.values[5]).toBe(0);
    expect(errors?.values[40]).toBeGreaterThan(0.1);
    expect(ok).toMatchObject({ kind: 'counter', unit: 'requests/s' });
    expect(ok?.values[5]).toBeGreaterThan(50); // ~15% of the edge's ~500 rps, per second
    expect(ok?.values[5]).toBeLessThan(300);
    expect(p95).toMatchObject({ kind: 'gauge', unit: 'seconds' });
    expect(() => host.handle('query/metrics', { service: 'checkout', metrics: ['nope'] })).toThrow(/unknown metric "nope"/);
    expect(() => host.handle('query/metrics', { service: 'chekout', metrics: ['error_ratio'] })).toThrow(/unknown service "chekout" \(known: edge, checkout/);

    const traces = host.handle('query/traces', { fromSec: 500, toSec: 540, service: 'checkout', status: 'error', limit: 5 });
    expect(traces.traces.length).toBeGreaterThan(0);
    const id = traces.traces[0]?.traceId ?? '';
    const trace = host.handle('query/trace', { traceId: id, observe: true });
    expect(trace.trace?.spans.some((s) => s.service === 'checkout' && s.status === 'error')).toBe(true);

    const slos = host.handle('query/slos', { windowSec: 300 });
    const avail = slos.find((s) => s.id === 'checkout-availability');
    expect(avail?.sliWindow).toBe(avail?.sli5m);
    expect(avail?.burn5m).toBeGreaterThan(14.4);
    expect(avail?.budgetLeftPercent).toBeLessThan(100);
    const sloSeries = host.handle('query/sloSeries', { slo: 'checkout-availability', fromSec: 400, toSec: 540 });
    expect(sloSeries.times.length).toBe(15);
    expect((sloSeries.good[14] ?? 0) < (sloSeries.total[14] ?? 0)).toBe(true);

    const observed = host.handle('query/timeline', {}).actions.filter((a) => a.type === 'observe');
    expect(observed.map((a) => [a.atSec, a.target])).toEqual([
      [540, 'changes'],
      [540, 'logs'],
      [540, 'metrics'],
      [540, 'trace'],
    ]);
    expect(observed[1]?.params).toEqual({ service: 'checkout', env: 'prod', minSeverity: 'ERROR', text: 'NullPointerException', fromSec: 300, toSec: 540 });
    // An opened trace names the services it crosses, which trace evidence is matched on.
    expect(observed[3]?.params).toMatchObject({ traceId: id, service: 'edge', env: 'prod', services: expect.arrayContaining(['edge', 'checkout']) });
    expectReplays(host);
  });

  it('acknowledges, rolls back, and the alerts resolve; injects and hints arrive in order', () => {
    const host = startedHost();
    host.handle('clock/advance', { toSec: 470 });
    host.handle('sim/act', { type: 'acknowledge', target: 'checkout-fast-burn' });
    const hint = host.handle('hint/request', {});
    expect(hint.hint).toMatchObject({ level: 1, index: 0, total: 3 });
    expect(hint.action).toMatchObject({ type: 'requestHint', atSec: 470, params: { level: 1, index: 0 } });
    host.handle('clock/advance', { toSec: 600 });
    const rollback = host.handle('sim/act', { type: 'rollback', target: 'checkout' });
    expect(rollback.result).toBe('applied');
    expect(rollback.message).toMatch(/rolling back checkout from v1\.42\.0 to v1\.41\.2/);
    expect(rollback.effectiveAtSec).toBe(630);
    const wrong = host.handle('sim/act', { type: 'rollback', target: 'nope' });
    expect(wrong).toMatchObject({ result: 'rejected' });
    host.handle('clock/advance', { toSec: 1800 });

    const alerts = host.handle('query/alerts', {});
    const page = alerts.episodes.find((e) => e.id === 'checkout-fast-burn');
    expect(page?.acknowledgedAtSec).toBe(470);
    expect(page?.resolvedAtSec).not.toBeNull();
    expect(alerts.rules).toHaveLength(5);
    expect(host.handle('query/injects', {}).map((i) => [i.id, i.atSec])).toEqual([
      ['ticket-1', 480],
      ['stakeholder-eta', 900],
    ]);
    const checkout = host.handle('query/overview', {}).services.find((s) => s.service === 'checkout' && s.env === 'prod');
    expect(checkout).toMatchObject({ health: 'ok', errorRatio: 0, readyReplicas: 4, desiredReplicas: 4 });
    expect(host.handle('query/slos', {}).find((s) => s.id === 'checkout-availability')?.burn5m).toBe(0);
    expect(host.handle('hint/request', {}).hint?.level).toBe(2);
    expect(host.handle('hint/request', {}).hint?.level).toBe(3);
    expect(host.handle('hint/request', {})).toEqual({ hint: null, action: null });
    expectReplays(host);
  });

  it('refuses actions after the end, where no replay could take them', () => {
    const host = startedHost();
    host.handle('clock/advance', { toSec: 99_999 });
    expect(host.handle('clock/set', { speed: 1 })).toMatchObject({ nowSec: 2700, ended: true });
    expect(() => host.handle('sim/act', { type: 'resolve' })).toThrow(/the exercise has ended/);
    // Looking is still allowed; it is just not recorded.
    expect(host.handle('query/overview', { observe: true }).atSec).toBe(2700);
    expect(host.handle('query/timeline', {}).actions).toEqual([]);
    const session = expectReplays(host);
    expect(session.durationSec).toBe(2700);
  });

  it('says what is missing when asked too early', () => {
    const host = createSimHost();
    expect(() => host.handle('sim/start', {})).toThrow(/no scenario loaded: send scenario\/load first/);
    const loaded = loadedHost();
    expect(() => loaded.handle('query/overview', {})).toThrow(/no run: send sim\/start first/);
    expect(() => loaded.handle('nope' as never, {} as never)).toThrow(/unknown command "nope"/);
    expect(() => loaded.handle('clock/set', { speed: 3 } as never)).toThrow(/bad arguments for clock\/set: speed/);
  });
});

describe('sessions', () => {
  it('export at any moment replays headless to the same hash: mid-run, right after acting, before the first scrape', () => {
    const early = startedHost();
    early.handle('clock/advance', { toSec: 3 });
    early.handle('query/overview', { observe: true });
    expect(expectReplays(early).durationSec).toBe(10);

    const host = startedHost();
    host.handle('clock/advance', { toSec: 600 });
    expect(expectReplays(host)).toMatchObject({ durationSec: 600, actions: [], checkpoints: [{ atSec: 300 }] });
    host.handle('sim/act', { type: 'rollback', target: 'checkout' });
    host.handle('sim/act', { type: 'statusUpdate', params: { audience: 'internal', text: 'Rolling back checkout v1.42.0', nested: { n: -0, list: [1, 'two', null] } } });
    const hashBefore = host.handle('sim/hash', {}).stateHash;
    const after = expectReplays(host);
    expect(after.durationSec).toBe(601); // the replay must take the actions of second 600
    expect(host.handle('sim/hash', {})).toEqual({ nowSec: 600, stateHash: hashBefore }); // exporting did not move the run
    host.handle('clock/advance', { toSec: 1234 });
    expect(expectReplays(host).checkpoints?.map((c) => c.atSec)).toEqual([300, 600, 900, 1200]);
  });

  it('resumes a saved session at the same hash and continues exactly as the original', () => {
    const original = startedHost(7);
    original.handle('clock/advance', { toSec: 470 });
    original.handle('sim/act', { type: 'acknowledge', target: 'checkout-fast-burn' });
    original.handle('query/logs', { fromSec: 400, toSec: 470, service: 'checkout', minSeverity: 'ERROR', observe: true });
    original.handle('clock/advance', { toSec: 900 });
    original.handle('sim/act', { type: 'rollback', target: 'catalog' });
    const saved = viaDisk(original.handle('session/export', {}));
    expect(saved.durationSec).toBe(901);

    const resumed = loadedHost();
    const start = resumed.handle('sim/start', { resume: saved });
    if (!start.ok) throw new Error(start.message);
    expect(start).toMatchObject({ seed: 7, stateHash: saved.stateHash, clock: { nowSec: 901, speed: 0, ended: false } });
    expect(start.actions.map((a) => a.type)).toEqual(['acknowledge', 'observe', 'rollback']);
    expect(resumed.tick(16)?.alertsFired).toEqual([]); // old pages do not ring again

    for (const host of [original, resumed]) {
      host.handle('clock/advance', { toSec: 1000 });
      host.handle('sim/act', { type: 'rollback', target: 'checkout' });
      host.handle('clock/advance', { toSec: 2700 });
    }
    expect(resumed.handle('sim/hash', {})).toEqual(original.handle('sim/hash', {}));
    expect(viaDisk(resumed.handle('session/export', {}))).toEqual(viaDisk(original.handle('session/export', {})));
  });

  it('refuses a session that does not replay to its hash, and says where it diverged', () => {
    const host = startedHost();
    host.handle('clock/advance', { toSec: 700 });
    host.handle('sim/act', { type: 'rollback', target: 'checkout' });
    host.handle('clock/advance', { toSec: 1000 });
    const saved = viaDisk(host.handle('session/export', {}));

    const other = loadedHost();
    const tampered = { ...saved, actions: saved.actions.map((a) => ({ ...a, atSec: a.atSec - 100 })) };
    const result = other.handle('sim/start', { resume: tampered });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.message).toMatch(/does not replay to the state it saved/);
    expect(result.expectedHash).toBe(saved.stateHash);
    expect(result.divergence).toEqual({ atSec: 900, sinceSec: 600 });
    expect(() => other.handle('sim/hash', {})).toThrow(/no run/);
  });
});

describe('clock/nextEvent', () => {
  it('finds the next thing to see without moving the run', () => {
    const host = startedHost();
    const before = host.handle('sim/hash', {});
    const next = host.handle('clock/nextEvent', {});
    expect(next.atSec).toBe(121);
    expect(next.events.map((e) => e.kind)).toEqual(['change']);
    expect(next.events[0]?.text).toContain('deploy-checkout-142');
    expect(host.handle('sim/hash', {})).toEqual(before);

    host.handle('clock/advance', { toSec: 361 });
    const page = host.handle('clock/nextEvent', {});
    expect(page).toMatchObject({ atSec: 450, events: [{ kind: 'alert' }] });
    expect(host.handle('clock/nextEvent', { withinSec: 30 })).toEqual({ atSec: null, events: [], searchedToSec: 391 });
    host.handle('clock/advance', { toSec: 450 });
    expect(host.handle('query/alerts', {}).episodes.map((e) => e.id)).toEqual(['checkout-fast-burn']);

    // Peeking changed nothing: the same run as one that never peeked.
    const plain = startedHost();
    plain.handle('clock/advance', { toSec: 450 });
    expect(host.handle('sim/hash', {})).toEqual(plain.handle('sim/hash', {}));
    expect(host.handle('session/export', {})).toEqual(plain.handle('session/export', {}));
  });
});
