// What `validate` and `check` read: scenario files, folders and .zip archives, each loaded as a
// scenario pack (engine/src/pack). A folder is one pack: its .yaml/.yml files are scenarios,
// except those marked `kind: Fragment`, which are shared parts checked on their own terms. A
// single file is a pack rooted at its own folder, so its `extends`/`include` resolve too. Names
// in the output are the paths as the user typed them: `dir/sub/file.yaml`, `pack.zip/file.yaml`.

import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import {
  checkFragment,
  loadPack,
  packFileKind,
  readZipPack,
  resolvePack,
  ZIP_LIMITS,
  type Scenario,
  type ScenarioIssue,
} from '../engine/src/index.ts';
import { EXIT_USAGE, type Io } from './io.ts';
import { describeError, findScenarioFiles, folderReader, readTextFile } from './scenarios.ts';

export interface PackTarget {
  kind: 'file' | 'dir' | 'zip';
  abs: string;
  shown: string;
}

export interface LoadedFile {
  /** The file as the user would name it. */
  file: string;
  role: 'scenario' | 'fragment';
  valid: boolean;
  /** Errors and warnings, file names as the user would name them. */
  issues: ScenarioIssue[];
  scenario?: Scenario;
  /** Fragments: the scenarios built from them. */
  usedBy?: string[];
}

/**
 * The targets named on a command line. A path that names nothing is a usage error (exit 2),
 * reported before any work; a folder without YAML files is a warning.
 */
export function collectTargets(paths: readonly string[], io: Io, command: string): PackTarget[] | number {
  const targets: PackTarget[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const arg of paths) {
    const abs = resolve(io.cwd, arg);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      missing.push(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${arg}` : `cannot read ${arg}: ${describeError(err)}`);
      continue;
    }
    if (seen.has(abs)) continue;
    seen.add(abs);
    targets.push({ kind: isDir ? 'dir' : extname(abs).toLowerCase() === '.zip' ? 'zip' : 'file', abs, shown: arg });
  }
  if (missing.length > 0) {
    missing.forEach((m) => io.err(`firedrill ${command}: ${m}`));
    return EXIT_USAGE;
  }
  return targets;
}

/** Loads every target; each scenario and fragment once, in the order given. */
export function loadTargets(targets: readonly PackTarget[], io: Io): LoadedFile[] {
  const out: LoadedFile[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const files = t.kind === 'dir' ? loadFolder(t, io) : t.kind === 'zip' ? loadZip(t) : [loadFile(t)];
    for (const f of files) {
      if (seen.has(f.file)) continue;
      seen.add(f.file);
      out.push(f);
    }
  }
  return out;
}

function problem(file: string, message: string): LoadedFile {
  return { file, role: 'scenario', valid: false, issues: [{ file, line: 1, col: 1, path: '(root)', message, severity: 'error' }] };
}

function loadFile(t: PackTarget): LoadedFile {
  const read = readTextFile(t.abs, 'scenario file', t.shown);
  if (!read.ok) return problem(t.shown, read.message);
  const name = basename(t.abs);
  const outer = folderReader(dirname(t.abs));
  const reader = (p: string) => (p === name ? read.text : outer(p));
  const show = (i: ScenarioIssue): ScenarioIssue => ({ ...i, file: i.file === name ? t.shown : join(dirname(t.shown), i.file) });
  if (packFileKind(read.text) === 'fragment') {
    const f = checkFragment(name, reader);
    return { file: t.shown, role: 'fragment', valid: !f.issues.some((i) => i.severity === 'error'), issues: f.issues.map(show), usedBy: [] };
  }
  const s = resolvePack(name, reader);
  return { file: t.shown, role: 'scenario', valid: s.ok, issues: s.issues.map(show), ...(s.scenario ? { scenario: s.scenario } : {}) };
}

function loadFolder(t: PackTarget, io: Io): LoadedFile[] {
  let paths: string[];
  try {
    paths = findScenarioFiles(t.abs);
  } catch (err) {
    return [problem(t.shown, `cannot read directory ${t.shown}: ${describeError(err)}`)];
  }
  if (paths.length === 0) io.err(`warning: no .yaml or .yml files under ${t.shown}`);
  const texts = new Map<string, string>();
  const problems: LoadedFile[] = [];
  for (const abs of paths) {
    const rel = relative(t.abs, abs).split(sep).join('/');
    const shown = join(t.shown, rel);
    const read = readTextFile(abs, 'scenario file', shown);
    if (!read.ok) problems.push(problem(shown, read.message));
    else texts.set(rel, read.text);
  }
  return [...problems, ...fromPack(texts, (p) => join(t.shown, p))];
}

function loadZip(t: PackTarget): LoadedFile[] {
  let bytes: Uint8Array;
  try {
    const size = statSync(t.abs).size;
    if (size > ZIP_LIMITS.maxArchiveBytes) return [problem(t.shown, `${t.shown} is ${(size / 1024 / 1024).toFixed(1)} MB; a pack archive may be at most ${ZIP_LIMITS.maxArchiveBytes / 1024 / 1024} MB`)];
    bytes = readFileSync(t.abs);
  } catch (err) {
    return [problem(t.shown, `cannot read ${t.shown}: ${describeError(err)}`)];
  }
  const zip = readZipPack(bytes);
  if (!zip.ok) return [problem(t.shown, `${t.shown}: ${zip.message}`)];
  const show = (p: string) => `${t.shown}/${p}`;
  const skipped = zip.skipped.map((s) => problem(show(s.path), `left out of the pack: ${s.reason}`));
  if (zip.files.size === 0) return [...skipped, problem(t.shown, `${t.shown} holds no .yaml or .yml files`)];
  return [...skipped, ...fromPack(zip.files, show)];
}

function fromPack(files: Map<string, string>, show: (packPath: string) => string): LoadedFile[] {
  const pack = loadPack(files);
  const fix = (i: ScenarioIssue): ScenarioIssue => ({ ...i, file: show(i.file) });
  const out: LoadedFile[] = pack.issues.map((i) => ({ file: show(i.file), role: 'scenario', valid: false, issues: [fix(i)] }));
  for (const s of pack.scenarios) {
    out.push({ file: show(s.path), role: 'scenario', valid: s.ok, issues: s.issues.map(fix), ...(s.scenario ? { scenario: s.scenario } : {}) });
  }
  for (const f of pack.fragments) {
    out.push({ file: show(f.path), role: 'fragment', valid: !f.issues.some((i) => i.severity === 'error'), issues: f.issues.map(fix), usedBy: f.usedBy.map(show) });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

