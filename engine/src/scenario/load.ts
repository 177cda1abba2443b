// The only entry point for untrusted scenario text. Turns YAML (or JSON, which is YAML) into a
// checked Scenario, or into issues that say what is wrong, where (file:line:col and the field
// path) and what to do. It never throws, whatever the input: a scenario may come from anyone.
//
// Hardening, in the order it applies:
//   - size: texts over 2 MB are refused before parsing (parse time grows with size);
//   - shape: the YAML library composes nodes recursively, and checks duplicate keys in time
//     quadratic in a map's size, so the concrete syntax tree, which its parser builds without
//     recursion, is vetted first: nesting deeper than 64 levels, or a map with more than 100
//     entries, is refused before composition could overflow the stack or take minutes;
//   - aliases: expansion is capped (`maxAliasCount`), which stops "billion laughs" documents;
//   - tags: YAML 1.2 core schema only, known tags not resolved (no !!binary, !!set, ...), custom
//     tags refused, so nothing but plain data comes out and timestamps stay strings;
//   - keys: unique, strings only; `__proto__` becomes an own property (the YAML library defines
//     it rather than assigning it) and is then refused as an unknown field.

import { Composer, LineCounter, Parser, isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { CST, Document, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
import { z } from 'zod';
import { ScenarioSchema } from './schema.ts';
import type { Scenario } from './schema.ts';
import { checkSemantics, closestMatch, listNames } from './semantics.ts';
import type { IssuePath } from './semantics.ts';
import { migrateScenario, type MigrationStep } from './migrate.ts';

export interface ScenarioIssue {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

export type LoadResult = { ok: true; scenario: Scenario; warnings: ScenarioIssue[] } | { ok: false; issues: ScenarioIssue[] };

export interface LoadOptions {
  /** The apiVersion migration steps (default: migrate.ts's MIGRATIONS); tests pass their own. */
  migrations?: readonly MigrationStep[];
}

export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;
export const MAX_NESTING = 64;
/** No map in the format has more than 25 fields; the YAML library's duplicate-key check is quadratic. */
export const MAX_MAP_ENTRIES = 100;
const MAX_ALIASES = 100;
const MAX_ISSUES = 200;

const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.2',
  schema: 'core',
  resolveKnownTags: false,
  uniqueKeys: true,
  stringKeys: true,
  merge: false,
  prettyErrors: false,
  logLevel: 'error', // the library would otherwise print warnings through the console
};

/** An issue before it has a position: either a data path or a raw offset in the text. */
interface Draft {
  path: IssuePath;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /** Point at the key of the last path segment rather than its value (unknown fields). */
  onKey?: boolean;
  offset?: number;
}

/** Where a draft is: its line and column, and its file when it is not the one being loaded (packs). */
type Locate = (draft: Draft) => { line: number; col: number; file?: string; path?: IssuePath };

const NOWHERE: Locate = () => ({ line: 1, col: 1 });

// ---------------------------------------------------------------------------------------------
// Public API

/** Parses and checks scenario text. Any input yields a result; nothing throws. */
export function loadScenario(text: string, file: string, opts: LoadOptions = {}): LoadResult {
  try {
    return loadText(text, file, opts);
  } catch (err) {
    return failed(file, [internalDraft(err)], NOWHERE);
  }
}

/** Checks data that is already parsed (say from JSON.parse); there are no positions, so 1:1. */
export function validateScenarioObject(value: unknown, file: string, opts: LoadOptions = {}): LoadResult {
  try {
    return validate(value, file, NOWHERE, [], opts);
  } catch (err) {
    return failed(file, [internalDraft(err)], NOWHERE);
  }
}

/** `file:line:col: path: message (hint: …)`, the shape editors and CI annotate from. */
export function formatIssue(issue: ScenarioIssue): string {
  const head = `${issue.file}:${issue.line}:${issue.col}: ${issue.path}: ${issue.message}`;
  return issue.hint === undefined ? head : `${head} (hint: ${issue.hint})`;
}

/** `services[2].calls[0].to`; `(root)` for the whole document. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(root)' : out;
}

// ---------------------------------------------------------------------------------------------
// Text to data

function loadText(text: string, file: string, opts: LoadOptions): LoadResult {
  const parsed = parseText(text);
  if (!parsed.ok) return failed(file, parsed.drafts, parsed.locate);
  return validate(parsed.data, file, parsed.locate, parsed.drafts, opts);
}

type Parsed = { ok: true; data: unknown; locate: Locate; drafts: Draft[] } | { ok: false; drafts: Draft[]; locate: Locate };

/** Text to plain data with every hardening above, and a way to find any data path in the text. */
function parseText(text: string): Parsed {
  if (typeof text !== 'string') return { ok: false, drafts: [{ path: [], severity: 'error', message: 'scenario text must be a string' }], locate: NOWHERE };
  const size = sizeIssue(text);
  if (size) return { ok: false, drafts: [size], locate: NOWHERE };

  const lines = lineCounterOf(text);
  const locateOffset = (offset: number) => {
    const pos = lines.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line: Math.max(1, pos.line), col: Math.max(1, pos.col) };
  };
  const parsed = parseOne(text);
  if ('refused' in parsed) {
    return { ok: false, drafts: [{ path: [], severity: 'error', ...parsed.refused }], locate: (d) => locateOffset(d.offset ?? 0) };
  }
  const { doc, extraDocAt } = parsed;
  const locate: Locate = (d) => locateOffset(d.offset ?? nodeOffset(doc, d.path, d.onKey === true));

  const yamlIssues = yamlDrafts(doc, extraDocAt);
  if (yamlIssues.some((d) => d.severity === 'error')) return { ok: false, drafts: yamlIssues, locate };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    return { ok: false, drafts: [toJsDraft(doc, err)], locate };
  }
  return { ok: true, data, locate, drafts: yamlIssues };
}

// ---------------------------------------------------------------------------------------------
// For scenario packs (pack/resolve.ts), which merge several files before checking the result

/** A parsed YAML file: its data, and where any data path of it is in its text. */
export interface ParsedFile {
  file: string;
  /** The text it was parsed from. */
  text: string;
  data: unknown;
  /** Line and column of the node at `path` (of its key when `onKey`), or of the deepest node on the way. */
  locate(path: IssuePath, onKey?: boolean): { line: number; col: number };
  /** YAML warnings, positioned. */
  warnings: ScenarioIssue[];
}

/** Parses one file of a pack with the same hardening as loadScenario; never throws. */
export function parseFile(text: string, file: string): { ok: true; parsed: ParsedFile } | { ok: false; issues: ScenarioIssue[] } {
  try {
    const p = parseText(text);
    if (!p.ok) return { ok: false, issues: finish(file, p.drafts, p.locate) };
    const locate = p.locate;
    return {
      ok: true,
      parsed: {
        file,
        text,
        data: p.data,
        locate: (path, onKey = false) => {
          const at = safeLocate(locate, { path, onKey, message: '', severity: 'error' });
          return { line: at.line, col: at.col };
        },
        warnings: finish(file, p.drafts, locate),
      },
    };
  } catch (err) {
    return { ok: false, issues: finish(file, [internalDraft(err)], NOWHERE) };
  }
}

/**
 * Checks data merged from several files: `where` says which file, position and path in that
 * file the node at a data path of the merged data came from. Issues already found (the pack's own) are kept in front.
 */
export function validateMerged(
  data: unknown,
  file: string,
  where: (path: IssuePath, onKey: boolean) => { file: string; line: number; col: number; path: IssuePath },
  earlier: ScenarioIssue[],
  opts: LoadOptions = {},
): LoadResult {
  try {
    const result = validate(data, file, (d) => where(d.path, d.onKey === true), [], opts);
    if (result.ok) return { ...result, warnings: sortIssues(file, [...earlier, ...result.warnings]) };
    return { ok: false, issues: sortIssues(file, [...earlier, ...result.issues]) };
  } catch (err) {
    return failed(file, [internalDraft(err)], NOWHERE);
  }
}

/** By file (`first`, then in order of appearance), then line and column. */
function sortIssues(first: string, issues: ScenarioIssue[]): ScenarioIssue[] {
  const order = new Map<string, number>([[first, 0]]);
  for (const i of issues) if (!order.has(i.file)) order.set(i.file, order.size);
  return [...issues].sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.col - b.col);
}

/** Refuses big texts before any parsing: counting UTF-8 bytes stops as soon as the limit is passed. */
function sizeIssue(text: string): Draft | undefined {
  const over = text.length > MAX_SCENARIO_BYTES || utf8Length(text, MAX_SCENARIO_BYTES) > MAX_SCENARIO_BYTES;
  if (!over) return undefined;
  return {
    path: [],
    severity: 'error',
    message: `the file is larger than ${MAX_SCENARIO_BYTES / (1024 * 1024)} MB, the most a scenario may be`,
    hint: 'a scenario is usually a few kilobytes; split generated data out of it',
  };
}

function utf8Length(text: string, stopAbove: number): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      bytes += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Line starts from the text itself. The parser can report them as it goes, but skips the newlines
 * inside tokens it cannot place after a syntax error, which would put later issues on wrong lines.
 */
function lineCounterOf(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

interface Refusal {
  message: string;
  offset: number;
}

type ParseOutcome = { refused: Refusal } | { doc: Document.Parsed; extraDocAt: number | undefined };

/**
 * What `parseDocument` does (Parser, then Composer), split open so that each document's syntax
 * tree is vetted between the two steps: parsing twice would double the cost of big files.
 */
function parseOne(text: string): ParseOutcome {
  let refused: Refusal | undefined;
  function* vetted(tokens: Iterable<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      refused = vetShape(token);
      if (refused) return;
      yield token;
    }
  }
  const composer = new Composer(YAML_OPTIONS);
  let doc: Document.Parsed | undefined;
  let extraDocAt: number | undefined;
  for (const next of composer.compose(vetted(new Parser().parse(text)), true, text.length)) {
    if (doc) {
      extraDocAt = next.range[0];
      break;
    }
    doc = next;
  }
  if (refused) return { refused };
  // compose(…, forceDoc = true) always yields a document, even for empty text.
  if (!doc) throw new Error('the YAML composer produced no document');
  return { doc, extraDocAt };
}

/**
 * Refuses shapes that would make composing the document expensive or overflow the stack:
 * collections nested deeper than MAX_NESTING, maps with more than MAX_MAP_ENTRIES entries.
 * Walks the syntax tree with an explicit stack, as it may be 10 000 levels deep.
 */
function vetShape(token: CST.Token): Refusal | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = [{ token, depth: 0 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const t = top.token;
    if (t.type === 'document') {
      if (t.value) stack.push({ token: t.value, depth: top.depth });
      continue;
    }
    if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') continue;
    const depth = top.depth + 1;
    if (depth > MAX_NESTING) {
      return { offset: t.offset, message: `nesting is deeper than ${MAX_NESTING} levels; a scenario needs fewer than 10` };
    }
    const isMapToken = t.type === 'block-map' || (t.type === 'flow-collection' && t.start.source === '{');
    if (isMapToken && t.items.length > MAX_MAP_ENTRIES) {
      return { offset: t.offset, message: `a map with ${t.items.length} entries; no map in a scenario has more than ${MAX_MAP_ENTRIES}` };
    }
    for (const item of t.items) {
      if (item.key) stack.push({ token: item.key, depth });
      if (item.value) stack.push({ token: item.value, depth });
    }
  }
  return undefined;
}

/** YAML errors and warnings as drafts; tags are errors: only plain data belongs in a scenario. */
function yamlDrafts(doc: Document.Parsed, extraDocAt: number | undefined): Draft[] {
  const drafts: Draft[] = [];
  for (const err of doc.errors) drafts.push(yamlDraft(doc, err.code, err.message, err.pos[0], 'error'));
  for (const warn of doc.warnings) {
    const isTag = warn.code === 'TAG_RESOLVE_FAILED' || warn.code === 'BAD_COLLECTION_TYPE';
    drafts.push(yamlDraft(doc, warn.code, warn.message, warn.pos[0], isTag ? 'error' : 'warning'));
  }
  if (extraDocAt !== undefined) {
    drafts.push({
      path: [],
      severity: 'error',
      offset: extraDocAt,
      message: 'a scenario file holds exactly one YAML document, and a second one starts here',
      hint: 'remove the `---` line, or split the file',
    });
  }
  return drafts;
}

function yamlDraft(doc: Document.Parsed, code: string, message: string, offset: number, severity: Draft['severity']): Draft {
  const path = pathAt(doc, offset);
  const draft: Draft = { path, severity, offset, message: `YAML: ${message}` };
  if (code === 'DUPLICATE_KEY') {
    draft.message = `duplicate field "${String(path[path.length - 1] ?? '')}"`;
    draft.hint = 'a field may appear once per map; remove one of them';
  } else if (code === 'TAG_RESOLVE_FAILED' || code === 'BAD_COLLECTION_TYPE') {
    draft.message = `YAML tags are not allowed in scenarios (${message.replaceAll('tag:yaml.org,2002:', '!!')})`;
    draft.hint = 'remove the tag: scenarios hold plain strings, numbers, booleans, lists and maps';
  } else if (code === 'NON_STRING_KEY') {
    draft.message = 'map keys must be plain words, not lists or maps';
  } else if (code === 'TAB_AS_INDENT') {
    draft.hint = 'indent with spaces';
  }
  return draft;
}

/** toJS throws for two alias problems, both told apart only by the library's message. */
function toJsDraft(doc: Document.Parsed, err: unknown): Draft {
  const text = err instanceof Error ? err.message : String(err);
  const unresolved = /^Unresolved alias[^:]*: (.*)$/.exec(text);
  if (unresolved) {
    const name = unresolved[1] ?? '';
    const offset = firstAliasAt(doc, name);
    return {
      path: pathAt(doc, offset),
      severity: 'error',
      offset,
      message: `alias *${name} refers to no anchor`,
      hint: `define &${name} on a value before the first *${name}`,
    };
  }
  if (/alias count/i.test(text)) {
    const offset = firstAliasAt(doc);
    return {
      path: pathAt(doc, offset),
      severity: 'error',
      offset,
      message: `the document expands too many aliases (more than ${MAX_ALIASES} *references), like an "alias bomb"`,
      hint: 'write the repeated values out instead of nesting aliases',
    };
  }
  return internalDraft(err);
}

/** Offset of the first alias (named `name`, if given); composition bounded the depth visited. */
function firstAliasAt(doc: Document.Parsed, name?: string): number {
  let offset = 0;
  visit(doc, {
    Alias(_, node) {
      if (name !== undefined && node.source !== name) return undefined;
      offset = rangeStart(node) ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function internalDraft(err: unknown): Draft {
  if (err instanceof RangeError) {
    return { path: [], severity: 'error', message: 'the document is nested or aliased too deeply to read' };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { path: [], severity: 'error', message: `the scenario could not be read: ${text}` };
}

// ---------------------------------------------------------------------------------------------
// Data to scenario

function validate(value: unknown, file: string, locate: Locate, earlier: Draft[], opts: LoadOptions): LoadResult {
  // Older formats are brought up to date first; a newer one stops here with a clear message.
  const migration = migrateScenario(value, opts.migrations);
  if (migration.error) {
    return failed(file, [...earlier, { path: ['apiVersion'], severity: 'error', message: migration.error.message, hint: migration.error.hint }], locate);
  }
  if (migration.notes.length > 0) {
    earlier = [
      ...earlier,
      ...migration.notes.map((note): Draft => ({ path: ['apiVersion'], severity: 'warning', message: `migrated from ${migration.from}: ${note}`, hint: 'update the file to the current format to silence this' })),
    ];
  }
  value = migration.doc;
  const parsed = ScenarioSchema.safeParse(value);
  if (!parsed.success) {
    const drafts = parsed.error.issues.flatMap((issue) => fromZod(issue, value));
    return failed(file, [...earlier, ...drafts], locate);
  }
  const drafts: Draft[] = [...earlier, ...checkSemantics(parsed.data)];
  if (drafts.some((d) => d.severity === 'error')) return failed(file, drafts, locate);
  return { ok: true, scenario: parsed.data, warnings: finish(file, drafts, locate) };
}

function failed(file: string, drafts: Draft[], locate: Locate): LoadResult {
  return { ok: false, issues: finish(file, drafts, locate) };
}

/** Positions, sorts by line then column (stable), and caps the list so a broken file stays readable. */
function finish(file: string, drafts: Draft[], locate: Locate): ScenarioIssue[] {
  const issues = drafts.map((d): ScenarioIssue => {
    const { line, col, file: from, path } = safeLocate(locate, d);
    const issue: ScenarioIssue = { file: from ?? file, line, col, path: formatPath(path ?? d.path), message: d.message, severity: d.severity };
    if (d.hint !== undefined) issue.hint = d.hint;
    return issue;
  });
  issues.sort((a, b) => a.line - b.line || a.col - b.col);
  if (issues.length <= MAX_ISSUES) return issues;
  const kept = issues.slice(0, MAX_ISSUES - 1);
  const first = issues[MAX_ISSUES - 1];
  kept.push({
    file,
    line: first?.line ?? 1,
    col: first?.col ?? 1,
    path: '(root)',
    message: `… and ${issues.length - kept.length} more`,
    hint: 'fix the issues above first; many of the rest usually follow from them',
    severity: 'error',
  });
  return kept;
}

function safeLocate(locate: Locate, d: Draft): ReturnType<Locate> {
  try {
    return locate(d);
  } catch {
    return { line: 1, col: 1 };
  }
}

// ---------------------------------------------------------------------------------------------
// Paths to positions

type AnyNode = unknown;

/** Start offset of the node at `path`, or of the deepest node on the way that exists. */
function nodeOffset(doc: Document.Parsed, path: IssuePath, onKey: boolean): number {
  let node: AnyNode = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    node = deref(doc, node);
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (!pair) break;
      const keyAt = rangeStart(pair.key);
      if (onKey && i === path.length - 1 && keyAt !== undefined) return keyAt;
      node = pair.value;
      offset = rangeStart(pair.value) ?? keyAt ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** The data path of the deepest node whose text contains `offset`: names the field a YAML error is in. */
function pathAt(doc: Document.Parsed, offset: number): IssuePath {
  const path: IssuePath = [];
  let node: AnyNode = doc.contents;
  for (let guard = 0; guard <= MAX_NESTING && node; guard++) {
    if (isMap(node)) {
      // From the key to the end of the value, so that tags and anchors before a value count too.
      const pair = node.items.find((p) => isPair(p) && within(offset, rangeStart(p.key), rangeEnd(p.value) ?? rangeEnd(p.key)));
      if (!pair) break;
      path.push(keyText(pair.key) ?? '?');
      if (within(offset, rangeStart(pair.key), rangeEnd(pair.key))) break;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, offset));
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else {
      break;
    }
  }
  return path;
}

function deref(doc: Document.Parsed, node: AnyNode): AnyNode {
  return isAlias(node) ? node.resolve(doc) : node;
}

function rangeStart(node: AnyNode): number | undefined {
  const range = (node as { range?: unknown } | null | undefined)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

function rangeEnd(node: AnyNode): number | undefined {
  const range = (node as { range?: unknown } | null | undefined)?.range;
  return Array.isArray(range) && typeof range[1] === 'number' ? range[1] : undefined;
}

function within(offset: number, start: number | undefined, end: number | undefined): boolean {
  return start !== undefined && end !== undefined && start <= offset && offset <= end;
}

function contains(node: AnyNode, offset: number): boolean {
  return within(offset, rangeStart(node), rangeEnd(node));
}

function keyText(key: AnyNode): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Zod issues to friendly drafts

type ZodIssue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

function fromZod(issue: ZodIssue, root: unknown, prefix: IssuePath = []): Draft[] {
  const path: IssuePath = [...prefix, ...issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)))];
  const at = (message: string, hint?: string): Draft[] => [withHint({ path, severity: 'error', message }, hint)];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownField(path, key, root));
    case 'invalid_type':
      return [invalidType(issue.expected, path, root)];
    case 'too_small':
    case 'too_big':
      return at(outOfRange(issue, lookup(root, path).value));
    case 'invalid_value':
      return [invalidValue(issue.values, path, root)];
    case 'invalid_union':
      return invalidUnion(issue, path, root);
    case 'invalid_format':
      return at(`${issue.message}; got ${describe(lookup(root, path).value)}`);
    default:
      return at(issue.message);
  }
}

function withHint(draft: Draft, hint: string | undefined): Draft {
  if (hint !== undefined) draft.hint = hint;
  return draft;
}

function unknownField(parent: IssuePath, key: string, root: unknown): Draft {
  const draft: Draft = { path: [...parent, key], severity: 'error', message: `unknown field "${key}"`, onKey: true };
  if (key === '<<') return withHint(draft, 'YAML merge keys (<<) are not supported; write the fields out');
  const allowed = allowedKeys(parent, root);
  const guess = closestMatch(key, allowed);
  if (guess !== undefined) return withHint(draft, `did you mean "${guess}"?`);
  return withHint(draft, allowed.length > 0 ? `allowed here: ${listNames(allowed)}` : undefined);
}

function invalidType(expected: string, path: IssuePath, root: unknown): Draft {
  const { found, value } = lookup(root, path);
  const draft: Draft = { path, severity: 'error', message: '' };
  if (path.length === 0) {
    draft.message =
      value === null || value === undefined
        ? 'the file is empty; a scenario is a map that starts with apiVersion: firedrill/v1'
        : `a scenario is a map of fields (apiVersion, kind, metadata, …), got ${describe(value)}`;
    return draft;
  }
  if (!found) {
    draft.message = `missing required field "${String(path[path.length - 1])}"`;
    return draft;
  }
  draft.message = `expected ${EXPECTED[expected] ?? expected}, got ${describe(value)}`;
  return withHint(draft, typeHint(expected, value, path, root));
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map (field: value pairs)',
};

/** Hints for the mistakes YAML makes easy: yes/no booleans, quoted numbers, durations without units. */
function typeHint(expected: string, value: unknown, path: IssuePath, root: unknown): string | undefined {
  if (expected === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)) {
    return 'YAML 1.2 reads only true and false as booleans';
  }
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && /^\s*[-+]?\.?\d/.test(value)) {
    return 'write a plain number, without quotes or units';
  }
  if (expected === 'string' && typeof value === 'number') {
    const schema = schemaAt(path, root);
    if (schema && isTransform(schema)) return `durations need a unit, like ${value}s or ${value}m`;
    return `put it in quotes to make it text: "${value}"`;
  }
  return undefined;
}

function outOfRange(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, value: unknown): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set': {
      const count = Array.isArray(value) ? `, got ${value.length}` : '';
      const bound = issue.exact ? 'exactly' : small ? 'at least' : 'at most';
      return `needs ${bound} ${limit} item${limit === '1' ? '' : 's'}${count}`;
    }
    case 'string': {
      if (small && limit === '1') return 'must not be empty';
      const length = typeof value === 'string' ? `, got ${value.length}` : '';
      return `must be ${small ? 'at least' : 'at most'} ${limit} characters long${length}`;
    }
    default: {
      const bound = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
      return `must be ${bound} ${limit}, got ${describe(value)}`;
    }
  }
}

function invalidValue(values: readonly unknown[], path: IssuePath, root: unknown): Draft {
  const { found, value } = lookup(root, path);
  const draft: Draft = { path, severity: 'error', message: '' };
  const names = values.map((v) => (typeof v === 'string' ? v : String(v)));
  if (!found) {
    const field = String(path[path.length - 1]);
    draft.message = `missing required field "${field}"`;
    if (names.length === 1) return withHint(draft, `add ${field}: ${names[0]}`);
    return withHint(draft, `one of ${names.join(', ')}`);
  }
  draft.message =
    values.length === 1
      ? `expected ${JSON.stringify(values[0])}, got ${describe(value)}`
      : `expected one of ${names.join(', ')}; got ${describe(value)}`;
  if (path.length === 1 && path[0] === 'apiVersion') return withHint(draft, 'this version of Firedrill reads firedrill/v1 scenarios');
  const guess = typeof value === 'string' ? closestMatch(value, names) : undefined;
  return withHint(draft, guess === undefined ? undefined : `did you mean "${guess}"?`);
}

function invalidUnion(issue: z.core.$ZodIssueInvalidUnion, path: IssuePath, root: unknown): Draft[] {
  if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
    const names = issue.options.map(String);
    const what = `${listItemWord(path)} type${issue.discriminator === 'type' ? '' : ` (${issue.discriminator})`}`;
    const { found, value } = lookup(root, path);
    const known = `${what}s are: ${names.join(', ')}`;
    const message = !found
      ? `missing required field "${issue.discriminator}"; ${known}`
      : typeof value === 'string'
        ? `unknown ${what} ${quote(value)}; ${known}`
        : `expected a ${what}, got ${describe(value)}; ${known}`;
    const guess = typeof value === 'string' ? closestMatch(value, names) : undefined;
    return [withHint({ path, severity: 'error', message }, guess === undefined ? undefined : `did you mean "${guess}"?`)];
  }
  // A plain union (an id or "*"): the first alternative's complaint is the most useful one.
  const first = issue.errors[0];
  if (first && first.length > 0) return first.flatMap((inner) => fromZod(inner, root, path));
  return [{ path, severity: 'error', message: `does not match any allowed form; got ${describe(lookup(root, path).value)}` }];
}

/** `faults[3].type` -> "fault": the list an item belongs to, in the singular. */
function listItemWord(path: IssuePath): string {
  for (let i = path.length - 1; i > 0; i--) {
    const seg = path[i - 1];
    if (typeof path[i] === 'number' && typeof seg === 'string') return seg.endsWith('s') ? seg.slice(0, -1) : seg;
  }
  return 'the';
}

/** How a value reads in a message: `a string "abc"`, `the number 3`, `a list`. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return `a string ${quote(value)}`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN (not a number)';
    return Number.isFinite(value) ? `the number ${value}` : 'an infinite number';
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

// ---------------------------------------------------------------------------------------------
// Walking the data and the schema along a path

function lookup(root: unknown, path: IssuePath): { found: boolean; value: unknown } {
  let value = root;
  for (const seg of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, seg)) return { found: false, value: undefined };
    value = (value as Record<string | number, unknown>)[seg];
  }
  return { found: true, value };
}

/** The field names allowed where the data at `path` is, from the schema itself. */
function allowedKeys(path: IssuePath, root: unknown): string[] {
  const schema = schemaAt(path, root);
  const object = schema ? pickVariant(unwrap(schema), lookup(root, path).value) : undefined;
  return object instanceof z.ZodObject ? Object.keys(object.shape) : [];
}

/** The schema for the data at `path`; discriminated unions are resolved by the data's `type`. */
function schemaAt(path: IssuePath, root: unknown): Schema | undefined {
  let schema: Schema | undefined = ScenarioSchema;
  let value = root;
  for (const seg of path) {
    if (!schema) return undefined;
    const current = pickVariant(unwrap(schema), value);
    if (current instanceof z.ZodArray && typeof seg === 'number') schema = current.element;
    else if (current instanceof z.ZodObject && typeof seg === 'string' && Object.hasOwn(current.shape, seg)) schema = current.shape[seg];
    else return undefined;
    value = lookup(value, [seg]).value;
  }
  return schema;
}

/** Strips wrappers that do not change the shape: defaults, optionals, transform pipes. */
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap();
    else if (s instanceof z.ZodPipe) s = s.in;
    else break;
  }
  return s;
}

function isTransform(schema: Schema): boolean {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap();
  return s instanceof z.ZodPipe;
}

function pickVariant(schema: Schema, value: unknown): Schema {
  if (!(schema instanceof z.ZodDiscriminatedUnion)) return schema;
  const key = schema.def.discriminator;
  const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  for (const option of schema.options) {
    const literal = option instanceof z.ZodObject ? unwrap(option.shape[key]) : undefined;
    if (literal instanceof z.ZodLiteral && literal.values.has(tag as z.core.util.Literal)) return option;
  }
  return schema;
}
