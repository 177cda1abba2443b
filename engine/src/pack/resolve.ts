// Scenario packs: a folder (or a .zip) of scenarios that share files. Two keys, both resolved
// before the scenario is checked:
//
//   extends: base.yaml          every top-level section this file does not set comes from the
//                               base, whole (no deep merge); apiVersion and kind never do.
//   include: [shared/a.yaml]    the list sections of each file (services, slos, alerts, changes,
//                               runbooks, …) are put in front of this file's own entries, in
//                               order; an id defined twice across files is an error.
//
// Shared files are marked `kind: Fragment` (with `apiVersion` like a scenario) and are never
// loaded on their own. Bases may extend and include further files; cycles are errors. Every path
// is resolved against the file that names it and must stay inside the pack (paths.ts): the
// reader is only ever asked for normalised in-pack paths. Issues point at the file, line and
// column they come from: a reference at its `extends`/`include` line, a bad service in the
// fragment that defines it. Pure: the caller supplies the files.

import { stringify } from 'yaml';
import { formatPath, parseFile, validateMerged, type LoadOptions, type ParsedFile, type ScenarioIssue } from '../scenario/load.ts';
import { migrateScenario } from '../scenario/migrate.ts';
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import { closestMatch, listNames, type IssuePath } from '../scenario/semantics.ts';
import { isPackFile, normalisePackPath, resolvePackPath } from './paths.ts';

/** Returns the text of a pack file, or null when the pack has no such file. */
export type PackReader = (path: string) => string | null;

export interface PackScenario {
  /** The scenario file, as a normalised pack path. */
  path: string;
  /** Every pack file it was built from, the scenario file first. */
  files: string[];
  /** True when it resolved and validated without errors. */
  ok: boolean;
  /** The checked scenario, when ok. */
  scenario?: Scenario;
  /** Errors and warnings, each at the file, line and column it comes from. */
  issues: ScenarioIssue[];
  /**
   * The scenario as one self-contained YAML file, extends and include applied: what the app
   * stores in its library, and what `loadScenario` reads back to the same scenario. When a
   * referenced file is missing or broken, the scenario file's own text.
   */
  text: string;
}

export interface PackFragment {
  path: string;
  /** Its own problems: YAML, apiVersion, unknown sections, its references. */
  issues: ScenarioIssue[];
  /** The scenarios built from it. */
  usedBy: string[];
}

export interface PackLoad {
  /** One per scenario file (kind: Scenario, or anything not marked as a fragment), by path. */
  scenarios: PackScenario[];
  fragments: PackFragment[];
  /** Problems with the pack itself: file names that cannot be pack paths. */
  issues: ScenarioIssue[];
}

export const MAX_PACK_DEPTH = 16;
export const MAX_FILES_PER_SCENARIO = 64;

const FRAGMENT = 'Fragment';
const PACK_KEYS: ReadonlySet<string> = new Set(['extends', 'include']);
const NOT_INHERITED: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'extends', 'include']);
const SECTIONS: readonly string[] = Object.keys(ScenarioSchema.shape);
const LIST_SECTIONS: ReadonlySet<string> = new Set(['environments', 'services', 'flags', 'traffic', 'slos', 'alerts', 'changes', 'faults', 'injects', 'mitigations', 'hints', 'runbooks', 'evidence']);
const ID_LISTS: ReadonlySet<string> = new Set(['environments', 'services', 'flags', 'slos', 'alerts', 'changes', 'faults', 'injects', 'runbooks', 'evidence']);

// ---------------------------------------------------------------------------------------------
// Public API

/** Resolves one scenario of a pack and checks it. Never throws. */
export function resolvePack(entry: string, read: PackReader, opts: LoadOptions = {}): PackScenario {
  return resolveWith(entry, new Session(read, opts));
}

/** Checks one fragment of a pack on its own (its YAML, version, sections and references). */
export function checkFragment(entry: string, read: PackReader, opts: LoadOptions = {}): PackFragment {
  const norm = normalisePackPath(entry);
  if (!norm.ok) return { path: entry, issues: [at(entry, 1, 1, '(root)', `not a pack path: ${norm.message}`, 'error')], usedBy: [] };
  const session = new Session(read, opts);
  if (!session.load(norm.path)) return { path: norm.path, issues: [at(norm.path, 1, 1, '(root)', `no file ${norm.path} in this pack`, 'error')], usedBy: [] };
  return { path: norm.path, issues: session.checkFragment(norm.path), usedBy: [] };
}

/** Whether a pack file is a shared fragment (`kind: Fragment`) or a scenario (anything else). */
export function packFileKind(text: string): 'scenario' | 'fragment' {
  const p = parseFile(text, '');
  return p.ok && isMap(p.parsed.data) && p.parsed.data.kind === FRAGMENT ? 'fragment' : 'scenario';
}

/**
 * Loads every scenario of a pack given as path → text (paths relative to the pack root; only
 * .yaml/.yml files are considered). Files marked `kind: Fragment` are checked as fragments and
 * not as scenarios.
 */
export function loadPack(files: Map<string, string>, opts: LoadOptions = {}): PackLoad {
  const issues: ScenarioIssue[] = [];
  const texts = new Map<string, string>();
  for (const [name, text] of [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isPackFile(name)) continue;
    const norm = normalisePackPath(name);
    if (!norm.ok) {
      issues.push(at(name, 1, 1, '(root)', `this file cannot be part of a pack: ${norm.message}`, 'error'));
      continue;
    }
    if (texts.has(norm.path)) {
      issues.push(at(name, 1, 1, '(root)', `two files are both ${norm.path} once normalised`, 'error'));
      continue;
    }
    texts.set(norm.path, text);
  }
  const session = new Session((p) => texts.get(p) ?? null, opts);
  const scenarios: PackScenario[] = [];
  const fragmentPaths: string[] = [];
  for (const path of texts.keys()) {
    if (session.kindOf(path) === FRAGMENT) fragmentPaths.push(path);
    else scenarios.push(resolveWith(path, session));
  }
  const fragments = fragmentPaths.map((path): PackFragment => {
    const own = session.checkFragment(path);
    return { path, issues: own, usedBy: scenarios.filter((s) => s.files.includes(path)).map((s) => s.path) };
  });
  return { scenarios, fragments, issues };
}

// ---------------------------------------------------------------------------------------------
// Resolution

interface Origin {
  file: ParsedFile;
  path: IssuePath;
}

interface Merged {
  data: Record<string, unknown>;
  /** Where each top-level section came from. */
  sections: Map<string, Origin>;
  /** For list sections: where each entry came from. */
  items: Map<string, Origin[]>;
}

type Resolved = { ok: true; merged: Merged } | { ok: false; missing: boolean };

/** Parses each file once and collects issues for the resolution in progress. */
class Session {
  private readonly parsed = new Map<string, { ok: true; file: ParsedFile; data: Record<string, unknown> | null } | { ok: false; issues: ScenarioIssue[] } | null>();
  private readonly texts = new Map<string, string>();
  issues: ScenarioIssue[] = [];
  files: string[] = [];
  /** A reference could not be followed: the merged data is partial, so it is not validated. */
  broken = false;
  private reported = new Set<string>();

  constructor(
    private readonly read: PackReader,
    readonly opts: LoadOptions,
  ) {}

  begin(): void {
    this.issues = [];
    this.files = [];
    this.broken = false;
    this.reported = new Set();
  }

  add(issue: ScenarioIssue): void {
    const key = `${issue.file}:${issue.line}:${issue.col}:${issue.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.issues.push(issue);
  }

  /** The file's `kind`, when it parses to a map. */
  kindOf(path: string): unknown {
    const p = this.load(path);
    return p && p.ok && p.data ? p.data.kind : undefined;
  }

  /** Reads and parses a file once; null when the pack has no such file. */
  load(path: string) {
    if (this.parsed.has(path)) return this.parsed.get(path) ?? null;
    let text: string | null;
    try {
      text = this.read(path);
    } catch {
      text = null;
    }
    if (text === null || typeof text !== 'string') {
      this.parsed.set(path, null);
      return null;
    }
    this.texts.set(path, text);
    const p = parseFile(text, path);
    const entry = p.ok
      ? { ok: true as const, file: p.parsed, data: isMap(p.parsed.data) ? p.parsed.data : null }
      : { ok: false as const, issues: p.issues };
    this.parsed.set(path, entry);
    return entry;
  }

  /** The text of a file read so far ('' if none). */
  textOf(path: string): string {
    return this.texts.get(path) ?? '';
  }

  /** A fragment on its own: it parses, states its version, names known sections, resolves its references. */
  checkFragment(path: string): ScenarioIssue[] {
    this.begin();
    this.resolveFile(path, []);
    return this.issues;
  }

  resolveFile(path: string, chain: string[]): Resolved {
    const p = this.load(path);
    if (!p) return { ok: false, missing: true };
    if (!this.files.includes(path)) this.files.push(path);
    if (!p.ok) {
      p.issues.forEach((i) => this.add(i));
      return { ok: false, missing: false };
    }
    const file = p.file;
    file.warnings.forEach((w) => this.add(w));
    const here = (sub: IssuePath, message: string, hint?: string, severity: 'error' | 'warning' = 'error', onKey = false) => {
      const pos = file.locate(sub, onKey);
      const issue = at(path, pos.line, pos.col, formatPath(sub), message, severity);
      if (hint !== undefined) issue.hint = hint;
      this.add(issue);
    };
    if (!p.data) {
      here([], 'a pack file is a map of sections that starts with apiVersion: firedrill/v1');
      return { ok: false, missing: false };
    }
    const raw = p.data;
    const isFragment = raw.kind === FRAGMENT;
    if (isFragment && raw.apiVersion === undefined) here([], 'a fragment starts with apiVersion: firedrill/v1 and kind: Fragment', 'add apiVersion: firedrill/v1');
    const migration = migrateScenario(raw, this.opts.migrations);
    if (migration.error) {
      here(['apiVersion'], migration.error.message, migration.error.hint);
      return { ok: false, missing: false };
    }
    for (const note of migration.notes) here(['apiVersion'], `migrated from ${migration.from}: ${note}`, 'update the file to the current format to silence this', 'warning');
    const own = migration.doc as Record<string, unknown>;
    if (chain.length > 0 && own.kind !== FRAGMENT && own.kind !== 'Scenario') {
      here(['kind'], `a shared file is marked kind: Fragment (or is itself a kind: Scenario), got ${JSON.stringify(own.kind) ?? 'nothing'}`, 'add kind: Fragment');
    }

    const merged: Merged = { data: {}, sections: new Map(), items: new Map() };

    // extends: whole sections this file does not set come from the base.
    if (Object.hasOwn(own, 'extends')) {
      const base = this.follow(file, path, chain, ['extends'], own.extends);
      if (base) {
        for (const key of Object.keys(base.data)) {
          if (NOT_INHERITED.has(key)) continue;
          setOwn(merged.data, key, base.data[key]);
          const s = base.sections.get(key);
          if (s) merged.sections.set(key, s);
          const items = base.items.get(key);
          if (items) merged.items.set(key, items);
        }
      }
    }

    // The file's own sections replace inherited ones.
    for (const key of Object.keys(own)) {
      if (PACK_KEYS.has(key)) continue;
      if (isFragment && key !== 'apiVersion' && key !== 'kind' && !SECTIONS.includes(key)) {
        const guess = closestMatch(key, [...SECTIONS, ...PACK_KEYS]);
        here([key], `unknown section "${key}"`, guess !== undefined ? `did you mean "${guess}"?` : `sections: ${listNames(SECTIONS)}`, 'error', true);
        continue;
      }
      setOwn(merged.data, key, own[key]);
      merged.sections.set(key, { file, path: [key] });
      const value = own[key];
      if (Array.isArray(value)) merged.items.set(key, value.map((_, i) => ({ file, path: [key, i] })));
      else merged.items.delete(key);
    }

    // include: list entries of shared files go in front of this file's own, in order.
    if (Object.hasOwn(own, 'include')) this.applyIncludes(file, path, chain, own.include, merged);
    return { ok: true, merged };
  }

  /** Resolves a reference (an extends value or one include entry) to the merged file it names. */
  private follow(file: ParsedFile, path: string, chain: string[], where: IssuePath, ref: unknown): Merged | null {
    const here = (message: string, hint?: string) => {
      this.broken = true;
      const pos = file.locate(where);
      const issue = at(path, pos.line, pos.col, formatPath(where), message, 'error');
      if (hint !== undefined) issue.hint = hint;
      this.add(issue);
    };
    const target = resolvePackPath(path, ref);
    if (!target.ok) {
      here(target.message, target.hint);
      return null;
    }
    const cycle = [...chain, path];
    if (cycle.includes(target.path)) {
      here(`${where[0] === 'extends' ? 'extends' : 'include'} makes a cycle: ${[...cycle.slice(cycle.indexOf(target.path)), target.path].join(' → ')}`, 'a file may not extend or include itself, directly or through others');
      return null;
    }
    if (cycle.length >= MAX_PACK_DEPTH) {
      here(`files extend and include each other more than ${MAX_PACK_DEPTH} levels deep`);
      return null;
    }
    if (!this.files.includes(target.path) && this.files.length >= MAX_FILES_PER_SCENARIO) {
      here(`a scenario may be built from at most ${MAX_FILES_PER_SCENARIO} files`);
      return null;
    }
    const r = this.resolveFile(target.path, cycle);
    if (!r.ok) {
      if (r.missing) here(`no file ${target.path} in this pack${target.path !== ref ? ` (from "${String(ref)}")` : ''}`, 'paths are relative to the file that names them');
      else here(`${target.path} has errors (listed with its name)`);
      return null;
    }
    return r.merged;
  }

  private applyIncludes(file: ParsedFile, path: string, chain: string[], value: unknown, merged: Merged): void {
    const pos = (sub: IssuePath) => file.locate(sub);
    const issueAt = (sub: IssuePath, message: string, hint?: string) => {
      const p = pos(sub);
      const issue = at(path, p.line, p.col, formatPath(sub), message, 'error');
      if (hint !== undefined) issue.hint = hint;
      this.add(issue);
    };
    if (!Array.isArray(value)) {
      this.broken = true;
      issueAt(['include'], 'include takes a list of files', 'include: [shared/topology.yaml]');
      return;
    }
    const front = new Map<string, { value: unknown; origin: Origin; via: IssuePath }[]>();
    value.forEach((ref, i) => {
      const inc = this.follow(file, path, chain, ['include', i], ref);
      if (!inc) return;
      const others = Object.keys(inc.data).filter((key) => !NOT_INHERITED.has(key) && !LIST_SECTIONS.has(key));
      if (others.length > 0) {
        issueAt(['include', i], `include takes only list sections (${[...LIST_SECTIONS].join(', ')}), and ${String(ref)} also sets ${others.join(', ')}`, 'use extends for whole sections like metadata');
      }
      for (const key of Object.keys(inc.data)) {
        if (NOT_INHERITED.has(key) || !LIST_SECTIONS.has(key)) continue;
        const list = inc.data[key];
        if (!Array.isArray(list)) continue; // the schema reports it where it is written
        const origins = inc.items.get(key) ?? [];
        const entries = front.get(key) ?? [];
        list.forEach((v, k) => entries.push({ value: v, origin: origins[k] ?? { file, path: ['include', i] }, via: ['include', i] }));
        front.set(key, entries);
      }
    });
    for (const [key, entries] of front) {
      const ownList = Array.isArray(merged.data[key]) ? (merged.data[key] as unknown[]) : [];
      const ownOrigins = merged.items.get(key) ?? [];
      const all = [
        ...entries,
        ...ownList.map((v, k) => ({ value: v, origin: ownOrigins[k] ?? { file, path: [key, k] }, via: null as IssuePath | null })),
      ];
      const kept: typeof all = [];
      const seen = new Map<string, Origin>();
      for (const e of all) {
        const id = ID_LISTS.has(key) && isMap(e.value) && typeof e.value.id === 'string' ? e.value.id : undefined;
        const first = id === undefined ? undefined : seen.get(id);
        // The same entry reached twice (a file included by two routes) is the same definition.
        if (first && first.file === e.origin.file && samePath(first.path, e.origin.path)) continue;
        if (id !== undefined && first && first.file !== e.origin.file) {
          const there = first.file.locate(first.path);
          const word = key.endsWith('s') ? key.slice(0, -1) : key;
          const msg = `${word} "${id}" is defined twice: in ${first.file.file}:${there.line}:${there.col} and in ${e.origin.file.file}`;
          if (e.via) issueAt(e.via, msg, 'ids must be unique across a scenario and the files it includes: rename one, or leave it out of one file');
          else {
            const p = e.origin.file.locate(e.origin.path);
            this.add({ ...at(e.origin.file.file, p.line, p.col, formatPath(e.origin.path), msg, 'error'), hint: 'ids must be unique across a scenario and the files it includes' });
          }
          continue;
        }
        if (id !== undefined && !first) seen.set(id, e.origin);
        kept.push(e);
      }
      setOwn(merged.data, key, kept.map((e) => e.value));
      merged.items.set(key, kept.map((e) => e.origin));
      if (!merged.sections.has(key)) merged.sections.set(key, { file, path: ['include'] });
    }
  }
}

function resolveWith(entry: string, session: Session): PackScenario {
  session.begin();
  const norm = normalisePackPath(entry);
  if (!norm.ok) {
    return { path: entry, files: [], ok: false, issues: [at(entry, 1, 1, '(root)', `not a pack path: ${norm.message}`, 'error')], text: '' };
  }
  const path = norm.path;
  const own = session.load(path);
  if (!own) return { path, files: [], ok: false, issues: [at(path, 1, 1, '(root)', `no file ${path} in this pack`, 'error')], text: '' };
  const ownText = session.textOf(path);
  const r = session.resolveFile(path, []);
  const files = [...session.files];
  // A reference that could not be followed leaves sections out: checking the rest would only
  // add "missing field" errors that fixing the reference removes.
  if (!r.ok || !own.ok || session.broken) return { path, files, ok: false, issues: [...session.issues], text: ownText };
  const entryFile = own.file;
  const { merged } = r;
  const where = (p: IssuePath, onKey: boolean) => {
    const o = originOf(merged, p);
    if (!o) return { file: path, path: p, ...entryFile.locate(p, onKey) };
    return { file: o.file.file, path: o.path, ...o.file.locate(o.path, onKey) };
  };
  const packErrors = session.issues.filter((i) => i.severity === 'error');
  const result = validateMerged(merged.data, path, where, session.issues, session.opts);
  const usesPack = files.length > 1;
  const text = usesPack ? resolvedText(path, files, merged.data) : ownText;
  if (!result.ok || packErrors.length > 0) return { path, files, ok: false, issues: result.ok ? result.warnings : result.issues, text };
  return { path, files, ok: true, scenario: result.scenario, issues: result.warnings, text };
}

/** Where the node at `path` of the merged document was written. */
function originOf(merged: Merged, path: IssuePath): Origin | undefined {
  const key = path[0];
  if (typeof key !== 'string') return undefined;
  const index = path[1];
  if (typeof index === 'number') {
    const item = merged.items.get(key)?.[index];
    if (item) return { file: item.file, path: [...item.path, ...path.slice(2)] };
  }
  const section = merged.sections.get(key);
  if (!section) return undefined;
  if (section.path[0] === 'include') return section;
  return { file: section.file, path: [...section.path, ...path.slice(1)] };
}

function resolvedText(path: string, files: string[], data: Record<string, unknown>): string {
  const head = [
    `# ${path} from a scenario pack, with extends and include applied:`,
    `# built from ${files.join(', ')}.`,
    '',
  ].join('\n');
  // Sections in the format's order (apiVersion, kind, metadata, …), whatever file they came from.
  const rank = (key: string) => (SECTIONS.includes(key) ? SECTIONS.indexOf(key) : SECTIONS.length);
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort((x, y) => rank(x) - rank(y))) setOwn(ordered, key, data[key]);
  return head + stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}

// ---------------------------------------------------------------------------------------------

function samePath(a: IssuePath, b: IssuePath): boolean {
  return a.length === b.length && a.every((seg, i) => seg === b[i]);
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Defines a key as an own property (a document may carry `__proto__` as a plain key). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function at(file: string, line: number, col: number, path: string, message: string, severity: 'error' | 'warning'): ScenarioIssue {
  return { file, line, col, path, message, severity };
}

