// The scenario language's completion and hover, from the JSON Schema and the document itself:
// field names valid at the cursor (with their descriptions), allowed values, ids where a field
// refers to one, and documentation for any field or id under the pointer. Pure: text, offset
// and schema in, plain data out; cmSetup.ts turns it into CodeMirror extensions.

import { indexDocument, refKindsAt, type DocIndex, type IdInfo, type RefKind } from './docIndex.ts';
import { FIELD_DOCS, isGenericDescription } from './fieldDocs.ts';
import { fieldsAt, schemaAt, summarize as summarizeSchema, valuesAt, type FieldDoc, type JsonSchema, type SchemaSummary } from './schemaNav.ts';
import { contextAt, formatPath, lineModel, wordAt, type CursorContext, type Seg } from './yamlContext.ts';

export interface CompletionItem {
  label: string;
  /** CodeMirror's completion icon kinds. */
  type: 'property' | 'enum' | 'variable' | 'constant' | 'keyword' | 'text';
  detail?: string;
  info?: string;
  /** Text inserted instead of the label. */
  apply?: string;
  boost?: number;
  section?: string;
}

export interface CompletionAnswer {
  from: number;
  to: number;
  items: CompletionItem[];
  /** While the typed text still matches, CodeMirror filters these without asking again. */
  validFor: RegExp;
}

export interface HoverDoc {
  from: number;
  to: number;
  /** The field's path, e.g. `services[1].calls[0].timeoutMs`. */
  title: string;
  summary: SchemaSummary | null;
  required: boolean;
  /** Hovering an id where a field refers to one: what it is, or null when nothing has that id. */
  ref?: { kinds: RefKind[]; id: string; found: IdInfo | null };
  /** Not a field of the map it is in: the fields that are. */
  unknownField?: string[];
}

const COMMON_DURATIONS = ['30s', '1m', '2m', '5m', '10m', '15m', '30m', '1h'];
const KIND_LABEL: Record<RefKind, string> = {
  service: 'service',
  env: 'environment',
  change: 'change',
  slo: 'SLO',
  fault: 'fault',
  flag: 'flag',
  alert: 'alert',
  runbook: 'runbook',
  evidence: 'evidence',
  inject: 'inject',
  zone: 'zone',
};

/** The schema's summary of the field at `path`, its description filled in from FIELD_DOCS when the schema has none of its own. */
function summarize(root: JsonSchema, schema: JsonSchema, path?: readonly Seg[]): SchemaSummary {
  const s = summarizeSchema(root, schema);
  if (!path || !isGenericDescription(s.description)) return s;
  const extra = FIELD_DOCS[formatPath(path, true)];
  if (!extra) return s;
  return { ...s, description: s.description ? `${extra}\n${s.description}` : extra };
}

export function refKindLabel(kind: RefKind): string {
  return KIND_LABEL[kind];
}

/** Plain-text documentation of a field, for completion info and hover. */
export function describeField(s: SchemaSummary, required: boolean): string {
  const lines: string[] = [];
  if (s.description) lines.push(s.description);
  const facts: string[] = [`Type: ${s.type}`];
  if (required) facts.push('required');
  if (s.default !== undefined) facts.push(`default: ${JSON.stringify(s.default)}`);
  if (s.limits) facts.push(s.limits);
  lines.push(facts.join(' · '));
  if (s.values.length > 0 && !(s.values.length === 2 && s.values.includes('true'))) lines.push(`${/\bid\b/.test(s.type) ? 'Or' : 'Allowed'}: ${s.values.join(', ')}`);
  return lines.join('\n');
}

function keyApply(f: FieldDoc, root: JsonSchema, ctx: CursorContext, col: number): string {
  if (ctx.flow) return `${f.name}: `;
  const s = summarize(root, f.schema);
  const inner = ' '.repeat(col + 2);
  if (s.kind === 'object') return `${f.name}:\n${inner}`;
  if (s.kind === 'array') return `${f.name}:\n${inner}- `;
  return `${f.name}: `;
}

function fieldItems(root: JsonSchema, path: readonly Seg[], fields: FieldDoc[], ctx: CursorContext, col: number, dash: boolean): CompletionItem[] {
  const present = new Set(ctx.siblings);
  return fields
    .filter((f) => !present.has(f.name) || f.name === ctx.prefix)
    .map((f, k) => {
      const s = summarize(root, f.schema, [...path, f.name]);
      const apply = keyApply(f, root, ctx, col);
      return {
        label: f.name,
        type: 'property' as const,
        detail: `${s.type}${f.required ? ' · required' : ''}`,
        info: describeField(s, f.required),
        apply: dash ? `- ${apply}` : apply,
        // Required fields first, then in the order the format documents them.
        boost: (f.required ? 50 : 0) - Math.min(49, k),
      };
    });
}

function valueItems(root: JsonSchema, path: readonly Seg[], index: DocIndex, prefix: string): CompletionItem[] {
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const push = (item: CompletionItem) => {
    if (seen.has(item.label)) return;
    seen.add(item.label);
    items.push(item);
  };
  const kinds = refKindsAt(path);
  if (kinds) {
    for (const kind of kinds) {
      // In the order the document defines them.
      (index.ids.get(kind) ?? []).forEach((info, k) => {
        push({ label: info.id, type: 'variable', detail: `${KIND_LABEL[kind]}${info.detail ? ` · ${info.detail}` : ''}`, info: info.line > 0 ? `Defined on line ${info.line}.` : undefined, boost: 40 - Math.min(30, k), section: KIND_LABEL[kind] });
      });
    }
  }
  for (const v of valuesAt(root, path, index.lookup)) push({ label: v, type: v === 'true' || v === 'false' ? 'keyword' : 'enum', boost: 5 });
  const cands = schemaAt(root, path, index.lookup);
  const s = cands[0] ? summarize(root, cands[0]) : null;
  if (s && s.default !== undefined && typeof s.default !== 'object' && !seen.has(String(s.default))) push({ label: String(s.default), type: 'constant', detail: 'default', boost: 3 });
  if (s?.duration && !kinds) for (const d of COMMON_DURATIONS) if (d.startsWith(prefix) || prefix === '') push({ label: d, type: 'constant', detail: 'duration', boost: 0 });
  return items.filter((i) => i.label !== '' && (i.detail === 'default' || !/\s/.test(i.label) || i.type === 'enum'));
}

function isScalarAt(root: JsonSchema, path: readonly Seg[], index: DocIndex): boolean {
  const cands = schemaAt(root, path, index.lookup);
  return cands.length > 0 && cands.every((c) => summarize(root, c).kind === 'scalar');
}

/** Completions at `pos`, or null where there is nothing to offer. */
export function complete(text: string, pos: number, root: JsonSchema, index: DocIndex = indexDocument(text)): CompletionAnswer | null {
  const ctx = contextAt(text, pos);
  if (!ctx) return null;
  const validFor = /^[\w\-./*]*$/;
  // `- ` followed by text in a list of scalars (tags, evidencePath): a value.
  if (ctx.kind === 'value' || (ctx.afterDash && isScalarAt(root, ctx.path, index))) {
    // After a dash, ctx.path is the list item itself.
    const items = valueItems(root, ctx.path, index, ctx.prefix);
    return items.length > 0 ? { from: ctx.from, to: pos, items, validFor } : null;
  }
  if (!/^[\w-]*$/.test(ctx.prefix)) return null;
  const container = schemaAt(root, ctx.path, index.lookup);
  const summary = container[0] ? summarize(root, container[0]) : null;
  // A new line at a list's own indentation: the items' fields, each starting a new item.
  if (summary?.kind === 'array' && summary.itemKind === 'object' && !ctx.flow) {
    const count = Array.isArray(index.lookup(ctx.path)) ? (index.lookup(ctx.path) as unknown[]).length : 0;
    const itemPath = [...ctx.path, count];
    const fields = fieldsAt(root, itemPath, index.lookup);
    const items = fieldItems(root, itemPath, fields, { ...ctx, siblings: [] }, ctx.col + 2, true);
    return items.length > 0 ? { from: ctx.from, to: pos, items, validFor } : null;
  }
  const fields = fieldsAt(root, ctx.path, index.lookup);
  if (fields.length === 0) return null;
  return { from: ctx.from, to: pos, items: fieldItems(root, ctx.path, fields, ctx, ctx.col, false), validFor };
}

/** Documentation for the field or id under `pos`, or null. */
export function hover(text: string, pos: number, root: JsonSchema, index: DocIndex = indexDocument(text)): HoverDoc | null {
  const model = lineModel(text);
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const [a, b] = wordAt(line, pos - lineStart);
  if (a === b) return null;
  const word = line.slice(a, b);
  const ctx = contextAt(text, lineStart + b, model, lineStart + b);
  if (!ctx) return null;
  const from = lineStart + a;
  const to = lineStart + b;

  const asValue = ctx.kind === 'value' || (ctx.afterDash && isScalarAt(root, ctx.path, index));
  if (asValue) {
    const path = ctx.path;
    const cands = schemaAt(root, path, index.lookup);
    const summary = cands[0] ? summarize(root, cands[0], path) : null;
    const parent = path.slice(0, -1);
    const last = path[path.length - 1];
    const field = typeof last === 'string' ? fieldsAt(root, parent, index.lookup).find((f) => f.name === last) : undefined;
    const doc: HoverDoc = { from, to, title: formatPath(path), summary, required: field?.required ?? false };
    const kinds = refKindsAt(path);
    if (kinds) {
      const value = text.slice(ctx.from, to).replace(/["']/g, '').trim() || word;
      const found = kinds.flatMap((k) => index.ids.get(k) ?? []).find((i) => i.id === value) ?? null;
      if (value !== '*') doc.ref = { kinds, id: value, found };
    }
    return summary || doc.ref ? doc : null;
  }
  // A key: the field it names.
  if (ctx.prefix !== word) return null;
  const fields = fieldsAt(root, ctx.path, index.lookup);
  const field = fields.find((f) => f.name === word);
  const title = formatPath([...ctx.path, word]);
  if (!field) {
    if (fields.length === 0) return null;
    return { from, to, title, summary: null, required: false, unknownField: fields.map((f) => f.name) };
  }
  return { from, to, title, summary: summarize(root, field.schema, [...ctx.path, word]), required: field.required };
}
