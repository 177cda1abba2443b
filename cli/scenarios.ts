// Where scenarios come from: the built-in folder (scenarios/ at the repository root, found
// relative to this file so the working directory does not matter), user files, and the
// `<file|id>` argument that may be either. File reads fail with a message that says which file
// and what to do, never with a stack trace.

import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssue, loadScenario, resolvePack, type PackReader, type Scenario, type ScenarioIssue } from '../engine/src/index.ts';

export const SCENARIOS_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));
export const SCHEMA_FILE = join(SCENARIOS_DIR, 'scenario.schema.json');
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const SCENARIO_EXTENSIONS = ['.yaml', '.yml'];

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'directory' | 'unreadable' | 'too-large'; message: string };

/** Reads a UTF-8 text file of at most 2 MB, with a clear message for each way it can fail. */
export function readTextFile(path: string, what = 'file', shown = path): ReadResult {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, reason: 'directory', message: `${shown} is a directory, expected a ${what}` };
    size = st.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', message: `${what} not found: ${shown}` };
    return { ok: false, reason: 'unreadable', message: `cannot read ${shown}: ${describeError(err)}` };
  }
  if (size > MAX_FILE_BYTES) {
    return { ok: false, reason: 'too-large', message: `${shown} is ${(size / 1024 / 1024).toFixed(1)} MB; a ${what} may be at most 2 MB` };
  }
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: `cannot read ${shown}: ${describeError(err)}` };
  }
}

export function describeError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'it is a directory';
  if (e?.code === 'ENOENT') return 'no such file or directory';
  return e instanceof Error ? e.message : String(err);
}

export function isScenarioFileName(name: string): boolean {
  return SCENARIO_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Every .yaml/.yml file under `dir`, recursively, sorted; skips dot folders and node_modules. */
export function findScenarioFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isScenarioFileName(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface Builtin {
  id: string;
  title: string;
  difficulty: string;
  /** Absolute path. */
  file: string;
  durationMinutes: number;
  tags: string[];
  scenario: Scenario;
}

export interface BuiltinList {
  scenarios: Builtin[];
  /** Problems with the built-in folder itself (broken or duplicate files), as printable lines. */
  problems: string[];
}

/** The built-in scenarios, sorted by difficulty then id. Broken files are reported, not thrown. */
export function listBuiltins(dir = SCENARIOS_DIR): BuiltinList {
  const problems: string[] = [];
  const scenarios: Builtin[] = [];
  let files: string[] = [];
  try {
    // The top of the folder only: packs (scenarios/packs/…) are examples, not built-ins.
    files = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && isScenarioFileName(e.name))
      .map((e) => join(dir, e.name))
      .sort();
  } catch (err) {
    return { scenarios, problems: [`cannot read the built-in scenario folder ${dir}: ${describeError(err)}`] };
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const shown = relative(join(dir, '..'), file) || file;
    const read = readTextFile(file, 'scenario file', shown);
    if (!read.ok) {
      problems.push(read.message);
      continue;
    }
    const loaded = loadScenario(read.text, shown);
    if (!loaded.ok) {
      problems.push(...loaded.issues.filter((i) => i.severity === 'error').map(formatIssue));
      continue;
    }
    const m = loaded.scenario.metadata;
    const other = seen.get(m.id);
    if (other !== undefined) {
      problems.push(`${shown}: metadata.id "${m.id}" is also used by ${other}; built-in ids must be unique`);
      continue;
    }
    seen.set(m.id, shown);
    scenarios.push({ id: m.id, title: m.title, difficulty: m.difficulty, file, durationMinutes: m.durationMinutes, tags: [...m.tags], scenario: loaded.scenario });
  }
  const rank = { beginner: 0, intermediate: 1, advanced: 2 } as Record<string, number>;
  scenarios.sort((a, b) => (rank[a.difficulty] ?? 9) - (rank[b.difficulty] ?? 9) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { scenarios, problems };
}

export type ScenarioSource = { kind: 'builtin'; id: string; file: string } | { kind: 'file'; file: string };

export type Resolved =
  | { ok: true; scenario: Scenario; source: ScenarioSource; warnings: ScenarioIssue[] }
  /** code 2: the reference names nothing (usage); code 1: the file is there but invalid or unreadable. */
  | { ok: false; code: 1 | 2; lines: string[] };

function looksLikePath(ref: string): boolean {
  return ref.includes('/') || ref.includes(sep) || ref.startsWith('.') || /\.(ya?ml|json)$/i.test(ref);
}

/**
 * Loads a scenario file, returning its issues as printable lines when invalid. A file that
 * `extends` or `include`s others is read as part of a pack rooted at its own folder.
 */
export function loadScenarioFile(file: string, shown = file): Resolved {
  const read = readTextFile(file, 'scenario file', shown);
  if (!read.ok) return { ok: false, code: read.reason === 'missing' || read.reason === 'directory' ? 2 : 1, lines: [read.message] };
  const loaded = loadWithPack(file, shown, read.text);
  if (!loaded.ok) return { ok: false, code: 1, lines: loaded.issues.map(formatIssue) };
  return { ok: true, scenario: loaded.scenario, source: { kind: 'file', file: resolve(file) }, warnings: loaded.warnings };
}

/** A scenario file as a one-scenario pack rooted at its folder; issues name files as the user sees them. */
export function loadWithPack(file: string, shown: string, text: string): ReturnType<typeof loadScenario> {
  const name = basename(file);
  const outer = folderReader(dirname(resolve(file)));
  const pack = resolvePack(name, (p) => (p === name ? text : outer(p)));
  const show = (i: ScenarioIssue): ScenarioIssue => ({ ...i, file: i.file === name ? shown : join(dirname(shown), i.file) });
  if (pack.ok && pack.scenario) return { ok: true, scenario: pack.scenario, warnings: pack.issues.map(show) };
  return { ok: false, issues: pack.issues.map(show) };
}

/**
 * Reads pack files under `root` for the engine's pack resolver. It is only asked for normalised
 * in-pack paths; it still refuses symlinks and anything whose real path leaves the root, and
 * files over 2 MB, answering null (no such file).
 */
export function folderReader(root: string): PackReader {
  let realRoot: string | undefined;
  return (path) => {
    try {
      realRoot ??= realpathSync(root);
      const abs = join(root, ...path.split('/'));
      const st = lstatSync(abs);
      if (!st.isFile() || st.size > MAX_FILE_BYTES) return null;
      const real = realpathSync(abs);
      if (!real.startsWith(realRoot + sep)) return null;
      return readFileSync(real, 'utf8');
    } catch {
      return null;
    }
  };
}

/**
 * `<file|id>`: an existing file wins; otherwise a path-like reference is a missing file, and a
 * bare word is looked up among the built-in ids.
 */
export function resolveScenario(ref: string, cwd: string, builtins?: BuiltinList): Resolved {
  const path = resolve(cwd, ref);
  let isFile = false;
  let isDir = false;
  try {
    const st = statSync(path);
    isFile = st.isFile();
    isDir = st.isDirectory();
  } catch {
    // not there: maybe a built-in id
  }
  if (isFile || looksLikePath(ref)) return loadScenarioFile(path, ref);
  const list = builtins ?? listBuiltins();
  const found = list.scenarios.find((b) => b.id === ref);
  if (found) return { ok: true, scenario: found.scenario, source: { kind: 'builtin', id: found.id, file: found.file }, warnings: [] };
  if (isDir) return { ok: false, code: 2, lines: [`${ref} is a directory, expected a scenario file or a built-in id`] };
  const ids = list.scenarios.map((b) => b.id);
  return {
    ok: false,
    code: 2,
    lines: [`no scenario file or built-in id "${ref}"${ids.length ? ` (built-in ids: ${ids.join(', ')})` : ' (there are no built-in scenarios yet)'}`],
  };
}

/** A path as the user would type it from `cwd`. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel === '') return basename(file);
  return rel.startsWith('..') ? file : rel;
}
