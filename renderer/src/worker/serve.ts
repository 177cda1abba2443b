// Connects a SimHost to a message port: requests in, replies out, and a timer loop that moves
// the clock and posts tick pushes. Transport-agnostic (a Worker's global scope, a MessagePort, a
// fake pair in tests), with the timer injected so tests can step it by hand.

import { isCommand } from './argSchemas.ts';
import type { SimHost } from './handlers.ts';
import type { CommandName, Push, Reply } from './protocol.ts';

export interface ServerPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
}

export interface Timer {
  /** Wall milliseconds from any fixed origin (performance.now in the worker). */
  now(): number;
  later(fn: () => void, ms: number): void;
}

/** Pushes at most this often: about two animation frames, plenty for a clock and dashboards. */
export const TICK_MS = 25;

/** Commands whose results own their typed arrays outright: transferred, not copied. */
const TRANSFER: ReadonlySet<CommandName> = new Set<CommandName>(['query/metrics', 'query/sloSeries']);

function buffersOf(value: unknown): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const visit = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && !out.includes(v.buffer)) out.push(v.buffer);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(value);
  return out;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One request to one reply. Never throws: whatever arrives gets an answer. */
export function answer(host: SimHost, data: unknown): { reply: Reply; transfer: ArrayBuffer[] } {
  const msg = typeof data === 'object' && data !== null ? (data as { id?: unknown; name?: unknown; args?: unknown }) : {};
  const id = typeof msg.id === 'number' && Number.isFinite(msg.id) ? msg.id : -1;
  if (id < 0) return { reply: { type: 'error', id, message: 'malformed request: expected {id: number, name: string, args: object}' }, transfer: [] };
  const name = msg.name;
  if (!isCommand(name)) return { reply: { type: 'error', id, message: `unknown command "${String(name)}"` }, transfer: [] };
  try {
    const result = host.handle(name, msg.args as never);
    return { reply: { type: 'reply', id, result }, transfer: TRANSFER.has(name) ? buffersOf(result) : [] };
  } catch (err) {
    return { reply: { type: 'error', id, message: messageOf(err) }, transfer: [] };
  }
}

/** Serves `host` on `port` until the worker ends; returns a stop function (for tests). */
export function serve(port: ServerPort, host: SimHost, timer: Timer): () => void {
  let stopped = false;
  port.addEventListener('message', (ev) => {
    const { reply, transfer } = answer(host, ev.data);
    port.postMessage(reply, transfer);
  });
  let last = timer.now();
  let failing = false;
  const loop = (): void => {
    if (stopped) return;
    const now = timer.now();
    try {
      const push = host.tick(now - last);
      if (push) port.postMessage({ type: 'push', name: 'tick', args: push } satisfies Push<'tick'>);
      failing = false;
    } catch (err) {
      // Say so once and pause, rather than failing silently or flooding the UI every frame.
      if (!failing) port.postMessage({ type: 'push', name: 'simError', args: { message: `simulation error, clock paused: ${messageOf(err)}` } } satisfies Push<'simError'>);
      failing = true;
      try {
        host.handle('clock/set', { speed: 0 });
      } catch {
        // no run to pause
      }
    }
    last = now;
    timer.later(loop, TICK_MS);
  };
  timer.later(loop, TICK_MS);
  return () => {
    stopped = true;
  };
}
