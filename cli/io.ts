// Everything a command may touch besides files: output lines, the working directory, stdin.
// Commands receive an Io instead of using process.* so they run in-process in tests.

import { PassThrough } from 'node:stream';

export interface Io {
  /** A line on standard output (a newline is added). */
  out(line?: string): void;
  /** A line on standard error (a newline is added). */
  err(line?: string): void;
  /** Text on standard output as is (prompts). */
  write(text: string): void;
  /** Where relative paths given by the user resolve. */
  cwd: string;
  stdin: NodeJS.ReadableStream;
  /** True when stdin is a terminal a person types into. */
  interactive: boolean;
  /** The terminal to draw prompts on when interactive (line editing needs the stream itself). */
  terminal?: NodeJS.WritableStream;
}

/** Exit codes: the contract scripts rely on. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * The directory the user typed the command in. `npm run` changes to the package root and keeps
 * the original in INIT_CWD; for our own scripts, relative paths should mean what the user meant.
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  const ours = ['firedrill', 'start', 'schema'];
  if (env.INIT_CWD && env.npm_lifecycle_event && ours.includes(env.npm_lifecycle_event)) return env.INIT_CWD;
  return cwd;
}

export function processIo(): Io {
  return {
    out: (line = '') => void process.stdout.write(`${line}\n`),
    err: (line = '') => void process.stderr.write(`${line}\n`),
    write: (text) => void process.stdout.write(text),
    cwd: userCwd(),
    stdin: process.stdin,
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    terminal: process.stdout,
  };
}

export interface MemoryIo extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
  /** Everything written to stdout, joined. */
  text(): string;
}

/** An Io that records output, for tests; `input` becomes stdin (then EOF). */
export function memoryIo(opts: { cwd?: string; input?: string } = {}): MemoryIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const stdin = new PassThrough();
  stdin.end(opts.input ?? '');
  return {
    stdout,
    stderr,
    out: (line = '') => void stdout.push(`${line}\n`),
    err: (line = '') => void stderr.push(`${line}\n`),
    write: (text) => void stdout.push(text),
    text: () => stdout.join(''),
    cwd: opts.cwd ?? process.cwd(),
    stdin,
    interactive: false,
  };
}
