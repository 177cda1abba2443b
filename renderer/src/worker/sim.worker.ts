// The Web Worker entry: the engine runs here, off the UI thread. Only glue: the worker's global
// scope is the port, performance.now and setTimeout are the timer (the engine itself never sees
// wall time: it only gets simulated seconds from the host).

import { createSimHost } from './handlers.ts';
import { serve, type ServerPort } from './serve.ts';

// Typed structurally rather than with the WebWorker lib, which cannot be combined with the DOM
// lib the rest of renderer/ compiles against.
const scope = globalThis as unknown as ServerPort;

serve(scope, createSimHost(), {
  now: () => performance.now(),
  later: (fn, ms) => {
    setTimeout(fn, ms);
  },
});
