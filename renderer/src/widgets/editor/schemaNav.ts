// Walking the scenario's JSON Schema (generated from the engine's zod definition, served by the
// worker) along a data path: which fields a map may have there, what a field's type, default and
// allowed values are, and what it says about itself. Discriminated unions (faults and alerts by
// `type`) resolve by the data when it names its type, and offer every variant when it does not.

import type { Seg } from './yamlContext.ts';

export type JsonSchema = { [key: string]: unknown };

/** Looks up data already in the document at a path (for discriminators like a fault's `type`). */
export type DataLookup = (path: readonly Seg[]) => unknown;

const isObj = (v: unknown): v is JsonSchema => v !== null && typeof v === 'object' && !Array.isArray(v);

function deref(root: JsonSchema, s: JsonSchema): JsonSchema {
  let cur = s;
  for (let guard = 0; guard < 8 && typeof cur.$ref === 'string'; guard++) {
    const ref = cur.$ref as string;
    if (!ref.startsWith('#/')) break;
    let target: unknown = root;
    for (const part of ref.slice(2).split('/')) target = isObj(target) ? target[part] : undefined;
    if (!isObj(target)) break;
    cur = target;
  }
  return cur;
}

/** The alternatives of a union, flattened; a plain schema is its own single alternative. */
function alternatives(root: JsonSchema, s: JsonSchema): JsonSchema[] {
  const d = deref(root, s);
  const list = (d.oneOf ?? d.anyOf) as unknown;
  if (Array.isArray(list)) return list.filter(isObj).flatMap((x) => alternatives(root, x));
  return [d];
}

/** The `const` of a variant's discriminator property, if it has one. */
function constOf(s: JsonSchema, prop: string): unknown {
  const props = s.properties;
  if (!isObj(props)) return undefined;
  const p = props[prop];
  return isObj(p) ? p.const : undefined;
}

/** The object variants that fit the data at `path` (by its `type`), or all of them. */
function pick(root: JsonSchema, s: JsonSchema, data: unknown): JsonSchema[] {
  const alts = alternatives(root, s);
  if (alts.length <= 1) return alts;
  const tag = isObj(data) ? data.type : undefined;
  if (tag !== undefined) {
    const match = alts.filter((a) => constOf(a, 'type') === tag);
    if (match.length > 0) return match;
  }
  return alts;
}

/** The candidate schemas for the data at `path` (several while a union's type is unknown). */
export function schemaAt(root: JsonSchema, path: readonly Seg[], lookup: DataLookup): JsonSchema[] {
  let cands: JsonSchema[] = [root];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as Seg;
    const here = path.slice(0, i);
    const next: JsonSchema[] = [];
    for (const c of cands) {
      // The discriminator itself may change: offer every variant's type, not only the current one.
      const data = i === path.length - 1 && seg === 'type' ? undefined : lookup(here);
      for (const v of pick(root, c, data)) {
        if (typeof seg === 'number') {
          if (isObj(v.items)) next.push(v.items);
        } else if (isObj(v.properties) && isObj(v.properties[seg])) {
          next.push(v.properties[seg] as JsonSchema);
        } else if (isObj(v.additionalProperties)) {
          next.push(v.additionalProperties);
        }
      }
    }
    if (next.length === 0) return [];
    cands = next;
  }
  return cands;
}

export interface FieldDoc {
  name: string;
  schema: JsonSchema;
  required: boolean;
  /** Order in the schema, for sorting completions like the format reads. */
  order: number;
}

/** The fields a map at `path` may have (the variants' union while its type is unknown). */
export function fieldsAt(root: JsonSchema, path: readonly Seg[], lookup: DataLookup): FieldDoc[] {
  const out = new Map<string, FieldDoc>();
  const data = lookup(path);
  let order = 0;
  for (const c of schemaAt(root, path, lookup)) {
    const variants = pick(root, c, data);
    for (const v of variants) {
      if (!isObj(v.properties)) continue;
      const required = new Set(Array.isArray(v.required) ? (v.required as string[]) : []);
      for (const [name, s] of Object.entries(v.properties)) {
        if (!isObj(s)) continue;
        const prev = out.get(name);
        if (prev) {
          prev.required = prev.required && required.has(name);
          continue;
        }
        // The discriminator first: it decides the rest.
        const o = name === 'type' && variants.length > 1 ? -1 : order++;
        out.set(name, { name, schema: s, required: required.has(name), order: o });
      }
    }
  }
  return [...out.values()].sort((a, b) => a.order - b.order);
}

export interface SchemaSummary {
  /** "string", "integer", "number", "boolean", "map", "list of maps", "string | \"*\"", ... */
  type: string;
  description: string | null;
  default: unknown;
  /** Allowed values (enums, consts, booleans). */
  values: string[];
  /** Range or length limits, e.g. "1 to 10080", "at most 200 characters". */
  limits: string | null;
  /** The value is a duration or an offset (a string like 5m). */
  duration: boolean;
  /** Objects: what a list item or map is, shallowly. */
  kind: 'scalar' | 'object' | 'array';
  /** Arrays: the kind of the items. */
  itemKind: 'scalar' | 'object' | null;
}

function typeName(root: JsonSchema, s: JsonSchema, depth = 0): string {
  const d = deref(root, s);
  const alts = (d.oneOf ?? d.anyOf) as unknown;
  if (Array.isArray(alts)) {
    const names = [...new Set(alts.filter(isObj).map((a) => typeName(root, a, depth + 1)))];
    if (alts.length > 4 && names.every((n) => n === 'map')) return `map (${alts.length} kinds, by type)`;
    return names.join(' | ');
  }
  if (d.const !== undefined) return JSON.stringify(d.const);
  if (Array.isArray(d.enum)) return 'enum';
  const t = d.type;
  if (t === 'object') return 'map';
  if (t === 'array') {
    if (depth > 2 || !isObj(d.items)) return 'list';
    const inner = typeName(root, d.items, depth + 1);
    return `list of ${inner === 'map' || inner.startsWith('map (') ? 'maps' : inner === 'enum' ? 'enum values' : `${inner}s`}`;
  }
  if (t === 'string' && typeof d.pattern === 'string' && d.pattern.includes('[dhms]')) return 'duration';
  if (t === 'string' && typeof d.pattern === 'string' && d.pattern.includes('[a-z0-9]')) return 'id';
  if (typeof t === 'string') return t;
  return 'any value';
}

function valuesOf(root: JsonSchema, s: JsonSchema): string[] {
  const out: string[] = [];
  for (const a of alternatives(root, s)) {
    if (Array.isArray(a.enum)) for (const v of a.enum) out.push(String(v));
    if (a.const !== undefined) out.push(String(a.const));
    if (a.type === 'boolean') out.push('true', 'false');
  }
  return [...new Set(out)];
}

function limitsOf(s: JsonSchema): string | null {
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  const min = num('minimum');
  const max = num('maximum');
  const xmin = num('exclusiveMinimum');
  const xmax = num('exclusiveMaximum');
  if (s.type === 'number' || s.type === 'integer') {
    const lo = min !== undefined ? { text: `${min}`, word: `at least ${min}` } : xmin !== undefined ? { text: `above ${xmin}`, word: `above ${xmin}` } : null;
    const hi = max !== undefined ? { text: `${max}`, word: `at most ${max}` } : xmax !== undefined ? { text: `below ${xmax}`, word: `below ${xmax}` } : null;
    if (lo && hi) return min !== undefined && max !== undefined ? `${lo.text} to ${hi.text}` : `${lo.word}, ${hi.word}`;
    return lo?.word ?? hi?.word ?? null;
  }
  if (s.type === 'string') {
    const a = num('minLength');
    const b = num('maxLength');
    if (a !== undefined && a > 0 && b !== undefined) return `${a} to ${b} characters`;
    if (b !== undefined) return `at most ${b} characters`;
    return null;
  }
  if (s.type === 'array') {
    const a = num('minItems');
    const b = num('maxItems');
    if (a !== undefined && a > 0 && b !== undefined) return `${a} to ${b} items`;
    if (b !== undefined) return `at most ${b} items`;
  }
  return null;
}

export function summarize(root: JsonSchema, schema: JsonSchema): SchemaSummary {
  const d = deref(root, schema);
  const alts = alternatives(root, d);
  const first = alts[0] ?? d;
  const description = [d, ...alts].map((x) => x.description).find((x): x is string => typeof x === 'string') ?? null;
  const kind: SchemaSummary['kind'] = alts.every((a) => a.type === 'object') ? 'object' : alts.every((a) => a.type === 'array') ? 'array' : 'scalar';
  let itemKind: SchemaSummary['itemKind'] = null;
  if (kind === 'array' && isObj(first.items)) itemKind = alternatives(root, first.items).every((a) => a.type === 'object') ? 'object' : 'scalar';
  const isDuration = alts.some((a) => typeof a.pattern === 'string' && a.pattern.includes('[dhms]'));
  return {
    type: typeName(root, d),
    description,
    default: d.default,
    values: valuesOf(root, d),
    limits: alts.length === 1 ? limitsOf(first) : null,
    duration: isDuration,
    kind,
    itemKind,
  };
}

/** The values allowed at `path` (enums, consts, booleans), over every candidate schema. */
export function valuesAt(root: JsonSchema, path: readonly Seg[], lookup: DataLookup): string[] {
  const out = new Set<string>();
  // A union's discriminator: the types of every variant.
  for (const s of schemaAt(root, path, lookup)) for (const v of valuesOf(root, s)) out.add(v);
  return [...out];
}
