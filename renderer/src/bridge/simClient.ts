// The UI side of the sim worker protocol: typed calls that resolve with the command's result,
// and subscriptions to pushes. It lives outside React: stores subscribe to it.
// Transport-agnostic: a Worker, a MessagePort, or an in-process fake in tests.

import type { ArgsOf, CommandName, Request, ResultOf, SimPushes, WorkerMessage } from '../worker/protocol.ts';

export interface MessageEventLike {
  data?: unknown;
  /** Worker error events carry a message. */
  message?: unknown;
}

/** Method syntax makes the parameter bivariant, so a Worker's `(ev: MessageEvent) => any` fits. */
type Handler = { handle(ev: MessageEventLike): void }['handle'];

/** What the client needs of a port: a Worker, a MessagePort, or anything shaped like one. */
export interface SimPort {
  postMessage(message: unknown): void;
  addEventListener?(type: 'message' | 'error' | 'messageerror', listener: (ev: MessageEventLike) => void): void;
  removeEventListener?(type: 'message' | 'error' | 'messageerror', listener: (ev: MessageEventLike) => void): void;
  onmessage?: Handler | null;
}

/** Commands whose args are all optional may be called without them. */
type CallArgs<K extends CommandName> = Record<never, never> extends ArgsOf<K> ? [args?: ArgsOf<K>] : [args: ArgsOf<K>];

export interface SimClient {
  call<K extends CommandName>(name: K, ...args: CallArgs<K>): Promise<ResultOf<K>>;
  subscribe<P extends keyof SimPushes>(name: P, fn: (args: SimPushes[P]) => void): () => void;
  /** Stops listening and rejects what is still pending. */
  close(): void;
}

interface Pending {
  name: string;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
}

export function createSimClient(port: SimPort): SimClient {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const listeners = new Map<keyof SimPushes, Set<(args: never) => void>>();

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new Error(`${p.name}: ${message}`));
    pending.clear();
  };

  const onMessage = (ev: MessageEventLike): void => {
    const msg = ev.data as WorkerMessage | undefined;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'push') {
      const args = msg.args;
      for (const fn of listeners.get(msg.name) ?? []) (fn as (a: typeof args) => void)(args);
      return;
    }
    if (msg.type !== 'reply' && msg.type !== 'error') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.type === 'reply') p.resolve(msg.result);
    else p.reject(new Error(msg.message));
  };
  // A worker that fails to load or throws at top level never answers: fail the waiting calls.
  const onError = (ev: MessageEventLike): void => failAll(`the simulation worker failed${typeof ev.message === 'string' && ev.message ? `: ${ev.message}` : ''}`);
  const onMessageError = (): void => failAll('a reply from the simulation worker could not be read');

  if (port.addEventListener) {
    port.addEventListener('message', onMessage);
    port.addEventListener('error', onError);
    port.addEventListener('messageerror', onMessageError);
  } else {
    port.onmessage = onMessage;
  }

  return {
    call<K extends CommandName>(name: K, ...rest: CallArgs<K>): Promise<ResultOf<K>> {
      if (closed) return Promise.reject(new Error(`${name}: the simulation client is closed`));
      const id = nextId++;
      const request: Request<K> = { id, name, args: (rest[0] ?? {}) as ArgsOf<K> };
      return new Promise<ResultOf<K>>((resolve, reject) => {
        pending.set(id, { name, resolve: resolve as (r: unknown) => void, reject });
        try {
          port.postMessage(request);
        } catch (err) {
          pending.delete(id);
          reject(new Error(`${name}: could not send to the simulation worker: ${err instanceof Error ? err.message : String(err)}`));
        }
      });
    },
    subscribe(name, fn) {
      const set = listeners.get(name) ?? new Set();
      set.add(fn as (args: never) => void);
      listeners.set(name, set);
      return () => {
        set.delete(fn as (args: never) => void);
      };
    },
    close() {
      closed = true;
      failAll('the simulation client is closed');
      listeners.clear();
      if (port.removeEventListener) {
        port.removeEventListener('message', onMessage);
        port.removeEventListener('error', onError);
        port.removeEventListener('messageerror', onMessageError);
      } else if (port.onmessage === onMessage) {
        port.onmessage = null;
      }
    },
  };
}
