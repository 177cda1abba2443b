// The typed client against the real host and serve loop, over an in-process port pair that
// structured-clones every message (and honours transfer lists) as a real Worker would.

import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createSimHost } from '../worker/handlers.ts';
import type { ClockState, TickPush } from '../worker/protocol.ts';
import { answer, serve, type ServerPort } from '../worker/serve.ts';
import { CHECKOUT_FILE, checkoutText } from '../worker/testKit.ts';
import { createSimClient, type SimPort } from './simClient.ts';
import { manualTimer, portPair } from './inProcess.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

function connected() {
  const [ui, worker] = portPair();
  const timer = manualTimer();
  stops.push(serve(worker, createSimHost(), timer));
  return { client: createSimClient(ui), ui, worker, timer };
}

describe('createSimClient over a port', () => {
  it('round-trips typed commands, typed arrays included', async () => {
    const { client } = connected();
    const loaded = await client.call('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
    expect(loaded.ok && loaded.scenario.id).toBe('checkout-bad-deploy');
    const start = await client.call('sim/start');
    expect(start).toMatchObject({ ok: true, seed: 42, clock: { nowSec: 0, speed: 0, durationSec: 2700, ended: false } });
    expect(await client.call('clock/advance', { toSec: 120 })).toEqual({ nowSec: 120, speed: 0, durationSec: 2700, ended: false });
    const m = await client.call('query/metrics', { service: 'checkout', metrics: ['error_ratio'] });
    expect(m.times).toBeInstanceOf(Float64Array);
    expect(m.series[0]?.values).toBeInstanceOf(Float32Array);
    expect(m.times.length).toBe(12);
    const record = await client.call('sim/act', { type: 'acknowledge', target: 'checkout-fast-burn' });
    expect(record).toMatchObject({ atSec: 120, result: 'applied' });
    const session = await client.call('session/export');
    expect(session).toMatchObject({ format: 'firedrill-session/v1', scenario: 'checkout-bad-deploy', durationSec: 121 });

    expectTypeOf(client.call('sim/hash')).resolves.toEqualTypeOf<{ nowSec: number; stateHash: string }>();
    expectTypeOf(client.call('clock/set', { speed: 5 })).resolves.toEqualTypeOf<ClockState>();
    // @ts-expect-error: args are required for commands that have required fields
    void client.call('query/logs').catch(() => undefined);
    // @ts-expect-error: 3x is not a speed the war room offers
    void client.call('clock/set', { speed: 3 }).catch(() => undefined);
  });

  it('rejects on error replies: unknown command, invalid args, a command out of order', async () => {
    const { client } = connected();
    await expect(client.call('nope' as never, {} as never)).rejects.toThrow(/unknown command "nope"/);
    await expect(client.call('query/logs', { fromSec: -1, toSec: 'soon' } as never)).rejects.toThrow(/bad arguments for query\/logs: fromSec: .*; toSec: /);
    await expect(client.call('scenario/load', { text: checkoutText, file: CHECKOUT_FILE, extra: 1 } as never)).rejects.toThrow(/bad arguments for scenario\/load: \(args\): Unrecognized key/);
    await expect(client.call('sim/act', { type: 'note', params: { when: Number.NaN } })).rejects.toThrow(/params\.when: must be JSON data/);
    await expect(client.call('query/overview')).rejects.toThrow(/no scenario loaded|no run/);
    // The client still works after errors.
    const loaded = await client.call('scenario/load', { text: 'kind: Scenario\n', file: 'bad.yaml' });
    expect(loaded.ok).toBe(false);
  });

  it('delivers tick pushes to subscribers as the clock runs', async () => {
    const { client, timer } = connected();
    await client.call('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
    await client.call('sim/start');
    const got: TickPush[] = [];
    const off = client.subscribe('tick', (p) => got.push(p));
    await client.call('clock/set', { speed: 30 });
    timer.step(100);
    await settle();
    expect(got.at(-1)?.clock).toEqual({ nowSec: 3, speed: 30, durationSec: 2700, ended: false });
    for (let i = 0; i < 200; i++) timer.step(100);
    await settle();
    expect(got.at(-1)?.clock.nowSec).toBe(603);
    expect(got.flatMap((p) => p.alertsFired).map((a) => a.id)).toEqual(['checkout-fast-burn']);
    off();
    const count = got.length;
    timer.step(100);
    await settle();
    expect(got.length).toBe(count);
  });

  it('rejects pending calls when the worker fails, and after close', async () => {
    const [ui] = portPair(); // nobody serves the other end
    const client = createSimClient(ui);
    const waiting = client.call('sim/hash');
    ui.fail('SyntaxError: Unexpected token');
    await expect(waiting).rejects.toThrow('sim/hash: the simulation worker failed: SyntaxError: Unexpected token');
    const later = client.call('sim/hash');
    client.close();
    await expect(later).rejects.toThrow(/closed/);
    await expect(client.call('sim/hash')).rejects.toThrow(/closed/);
  });

  it('works over a port that only has onmessage, and ignores stray messages', async () => {
    const [ui, worker] = portPair();
    stops.push(serve(worker, createSimHost(), manualTimer()));
    const onlyOnmessage: SimPort = { onmessage: null, postMessage: (m) => ui.postMessage(m) };
    ui.addEventListener('message', (ev) => onlyOnmessage.onmessage?.(ev));
    const client = createSimClient(onlyOnmessage);
    const pending = client.call('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
    onlyOnmessage.onmessage?.({ data: { id: 1, name: 'echo of a request' } });
    onlyOnmessage.onmessage?.({ data: 'noise' });
    expect((await pending).ok).toBe(true);
  });

  it('a real Worker or MessagePort is a SimPort, and a worker scope is a ServerPort (compile-time)', () => {
    const ports = [(w: Worker): SimPort => w, (p: MessagePort): SimPort => p, (p: MessagePort): ServerPort => p];
    expect(ports).toHaveLength(3);
  });
});

describe('answer', () => {
  it('answers malformed requests instead of throwing', () => {
    const host = createSimHost();
    expect(answer(host, null).reply).toEqual({ type: 'error', id: -1, message: 'malformed request: expected {id: number, name: string, args: object}' });
    expect(answer(host, { id: 3, name: 42 }).reply).toEqual({ type: 'error', id: 3, message: 'unknown command "42"' });
    expect(answer(host, { id: 4, name: 'sim/hash' }).reply).toEqual({ type: 'error', id: 4, message: 'no run: send sim/start first' });
  });

  it('transfers the typed arrays of metric results, and nothing the engine still owns', () => {
    const host = createSimHost();
    host.handle('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
    host.handle('sim/start', {});
    host.handle('clock/advance', { toSec: 60 });
    const metrics = answer(host, { id: 1, name: 'query/metrics', args: { service: 'edge', metrics: ['request_rate', 'container_cpu_usage_ratio'] } });
    expect(metrics.transfer).toHaveLength(3);
    expect(answer(host, { id: 2, name: 'query/overview', args: {} }).transfer).toEqual([]);
  });
});
