// Input lines for the interactive `play` session. In a terminal: readline with a prompt, line
// editing and history. Piped (CI, scripts): the same commands read one per line, echoed after the
// prompt so the transcript reads like a session; end of input ends the session, never a hang.

import { createInterface } from 'node:readline';
import type { Io } from './io.ts';

export interface LineSource {
  /** The next line, or null at end of input (or Ctrl-C / Ctrl-D in a terminal). */
  next(prompt: string): Promise<string | null>;
  close(): void;
}

export function lineSource(io: Io): LineSource {
  const terminalOut = io.terminal;
  const tty = io.interactive && terminalOut !== undefined;
  const rl = createInterface({ input: io.stdin, output: tty ? terminalOut : undefined, terminal: tty, historySize: tty ? 100 : 0 });
  const queue: string[] = [];
  let closed = false;
  let waiting: ((line: string | null) => void) | null = null;

  rl.on('line', (line) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(line);
    } else queue.push(line);
  });
  rl.on('close', () => {
    closed = true;
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(null);
    }
  });
  // Ctrl-C at the prompt ends the session politely (the summary still prints).
  rl.on('SIGINT', () => rl.close());

  return {
    next(prompt) {
      if (tty) {
        if (closed && queue.length === 0) return Promise.resolve(null);
        rl.setPrompt(prompt);
        rl.prompt();
      } else io.write(prompt);
      const echo = (line: string | null) => {
        if (!tty) io.write(line === null ? '\n' : `${line}\n`);
        return line;
      };
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(echo(queued));
      if (closed) return Promise.resolve(echo(null));
      return new Promise((resolve) => {
        waiting = (line) => resolve(echo(line));
      });
    },
    close() {
      rl.close();
    },
  };
}
