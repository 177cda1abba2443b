// An in-process worker: the real sim host and serve loop behind a port pair that
// structured-clones every message (honouring transfer lists) and delivers it asynchronously, as a
// real Worker does. Used by tests of the client, the stores and the screens.

import { createSimHost } from '../worker/handlers.ts';
import { serve, type Timer } from '../worker/serve.ts';
import { createSimClient, type SimClient } from './simClient.ts';

type Listener = (ev: { data: unknown; message?: unknown }) => void;

/** One end of a connected pair; delivery is asynchronous and copies, like postMessage. */
export function portEnd() {
  const listeners = new Map<string, Set<Listener>>();
  const end = {
    listeners,
    peer: null as { listeners: Map<string, Set<Listener>> } | null,
    postMessage(message: unknown, transfer?: Transferable[]) {
      const data = structuredClone(message, transfer ? { transfer } : undefined);
      setTimeout(() => {
        for (const fn of end.peer?.listeners.get('message') ?? []) fn({ data });
      }, 0);
    },
    addEventListener(type: string, fn: Listener) {
      const set = listeners.get(type) ?? new Set();
      set.add(fn);
      listeners.set(type, set);
    },
    removeEventListener(type: string, fn: Listener) {
      listeners.get(type)?.delete(fn);
    },
    /** Delivers a Worker-style error event to this end's listeners. */
    fail(message: string) {
      for (const fn of listeners.get('error') ?? []) fn({ data: undefined, message });
    },
  };
  return end;
}

export type FakePort = ReturnType<typeof portEnd>;

export function portPair(): [FakePort, FakePort] {
  const a = portEnd();
  const b = portEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** A hand-cranked timer: `step(ms)` moves wall time and runs what was due. */
export function manualTimer(): Timer & { step(ms: number): void } {
  let now = 0;
  let due: (() => void)[] = [];
  return {
    now: () => now,
    later: (fn) => {
      due.push(fn);
    },
    step(ms: number) {
      now += ms;
      const run = due;
      due = [];
      for (const fn of run) fn();
    },
  };
}

export interface InProcessSim {
  client: SimClient;
  ui: FakePort;
  worker: FakePort;
  timer: ReturnType<typeof manualTimer>;
  stop(): void;
}

/** A client connected to a real host; the clock moves only when the test steps `timer`. */
export function inProcessSim(): InProcessSim {
  const [ui, worker] = portPair();
  const timer = manualTimer();
  const stopServe = serve(worker, createSimHost(), timer);
  const client = createSimClient(ui);
  return {
    client,
    ui,
    worker,
    timer,
    stop() {
      stopServe();
      client.close();
    },
  };
}
