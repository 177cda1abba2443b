// Format versions. A scenario names its format in `apiVersion`; the loader brings older ones up to
// the current version before validating, one step at a time (v1 → v2 → v3 …), so that a file
// written for any earlier version keeps loading. A file for a newer version than this build reads
// gets a clear error instead of a confusing list of unknown fields.
//
// Adding a format version: bump API_VERSION in schema.ts, then append a step here that turns a
// document of the previous version into one of the new version (rename a field, split one,
// supply a new required field's old implicit value) and says what it did in `notes`. Steps run
// on a copy: the caller's data is never modified.

import { API_VERSION } from './schema.ts';

export interface MigrationStep {
  /** The version this step reads, e.g. `firedrill/v1`. */
  from: string;
  /** The version it writes: the next one. */
  to: string;
  /** Rewrites a document of `from` (already a copy: change it in place or return a new one). */
  migrate(doc: Record<string, unknown>): { doc: Record<string, unknown>; notes: string[] };
}

export interface MigrationResult {
  /** The document in the current format (the input itself when nothing was to do). */
  doc: unknown;
  /** The version the document declared ('' when it declared none). */
  from: string;
  /** What each step changed, for a warning that asks the author to update the file. */
  notes: string[];
  /** Set when the document cannot be brought to the current version; `doc` is then the input. */
  error?: { message: string; hint: string };
}

/** firedrill/v1 is the first format: there is nothing to migrate yet. */
export const MIGRATIONS: readonly MigrationStep[] = [];

const VERSION = /^firedrill\/v(\d{1,6})$/;

function versionNumber(apiVersion: string): number | undefined {
  const m = VERSION.exec(apiVersion);
  return m ? Number(m[1]) : undefined;
}

/**
 * Brings a parsed scenario (or fragment) to the current apiVersion. Documents that are not maps,
 * name no apiVersion or name something other than `firedrill/vN` are returned as they are: the
 * schema then reports what is wrong with them.
 */
export function migrateScenario(doc: unknown, steps: readonly MigrationStep[] = MIGRATIONS): MigrationResult {
  if (!isPlainMap(doc) || typeof doc.apiVersion !== 'string') return { doc, from: '', notes: [] };
  const from = doc.apiVersion;
  const wanted = versionNumber(from);
  const current = versionNumber(API_VERSION) ?? 1;
  if (wanted === undefined || wanted === current) return { doc, from, notes: [] };
  if (wanted > current) {
    return {
      doc,
      from,
      notes: [],
      error: {
        message: `this scenario needs a newer Firedrill: apiVersion ${from}, and this version reads ${API_VERSION}${steps.length > 0 ? ' and older' : ''}`,
        hint: `update Firedrill, or write the scenario for ${API_VERSION}`,
      },
    };
  }
  let version = from;
  let migrated = clone(doc) as Record<string, unknown>;
  const notes: string[] = [];
  // Each step moves one version forward; more iterations than steps would mean a loop in the table.
  for (let i = 0; i <= steps.length && version !== API_VERSION; i++) {
    const step = steps.find((s) => s.from === version);
    if (!step) break;
    const out = step.migrate(migrated);
    migrated = { ...out.doc, apiVersion: step.to };
    notes.push(...out.notes.map((n) => `${step.from} → ${step.to}: ${n}`));
    version = step.to;
  }
  if (version !== API_VERSION) {
    return {
      doc,
      from,
      notes: [],
      error: {
        message: `apiVersion ${from} cannot be migrated: this version of Firedrill reads ${API_VERSION}${version !== from ? ` and got only as far as ${version}` : ''}`,
        hint: `write the scenario for ${API_VERSION}`,
      },
    };
  }
  return { doc: migrated, from, notes };
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy of parsed YAML/JSON data (maps, lists, scalars). */
function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (isPlainMap(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) Object.defineProperty(out, key, { value: clone(value[key]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
