// The apiVersion mechanism, exercised with a hypothetical earlier format: firedrill/v0 called the
// title `name` and wrote the duration in seconds. Only these tests know it; the real table is empty.
import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenario, validateScenarioObject } from './load.ts';
import { MIGRATIONS, migrateScenario, type MigrationStep } from './migrate.ts';

const V0_TO_V1: MigrationStep = {
  from: 'firedrill/v0',
  to: 'firedrill/v1',
  migrate(doc) {
    const notes: string[] = [];
    const meta = doc.metadata as Record<string, unknown> | undefined;
    if (meta && 'name' in meta) {
      meta.title = meta.name;
      delete meta.name;
      notes.push('metadata.name is now metadata.title');
    }
    if (meta && typeof meta.durationSec === 'number') {
      meta.durationMinutes = Math.ceil(meta.durationSec / 60);
      delete meta.durationSec;
      notes.push('metadata.durationSec is now metadata.durationMinutes');
    }
    return { doc, notes };
  },
};

const TEST_STEPS = [V0_TO_V1];

const BODY = `kind: Scenario
metadata:
  id: tiny
  name: "A tiny scenario"
  summary: "Two services."
  difficulty: beginner
  durationSec: 600
  objectives: ["Read it"]
seed: 1
start: 2026-03-10T09:30:00Z
services:
  - {id: web, type: gateway, replicas: 1, concurrency: 8, serviceTimeMs: 2, calls: [{to: api}]}
  - {id: api, type: api, replicas: 1, concurrency: 8, serviceTimeMs: 10}
traffic: [{entry: web, rps: 10}]
`;

describe('migrateScenario', () => {
  it('has no real steps yet: firedrill/v1 is the first format', () => {
    expect(MIGRATIONS).toEqual([]);
  });

  it('returns a current document as it is', () => {
    const doc = { apiVersion: 'firedrill/v1', kind: 'Scenario' };
    const r = migrateScenario(doc);
    expect(r).toEqual({ doc, from: 'firedrill/v1', notes: [] });
    expect(r.doc).toBe(doc);
  });

  it('runs the steps from the declared version to the current one, on a copy, with notes', () => {
    const doc = { apiVersion: 'firedrill/v0', metadata: { name: 'Old', durationSec: 90 } };
    const r = migrateScenario(doc, TEST_STEPS);
    expect(r.error).toBeUndefined();
    expect(r.from).toBe('firedrill/v0');
    expect(r.doc).toEqual({ apiVersion: 'firedrill/v1', metadata: { title: 'Old', durationMinutes: 2 } });
    expect(r.notes).toEqual([
      'firedrill/v0 → firedrill/v1: metadata.name is now metadata.title',
      'firedrill/v0 → firedrill/v1: metadata.durationSec is now metadata.durationMinutes',
    ]);
    expect(doc).toEqual({ apiVersion: 'firedrill/v0', metadata: { name: 'Old', durationSec: 90 } });
  });

  it('refuses a newer version with a clear message', () => {
    const r = migrateScenario({ apiVersion: 'firedrill/v2' });
    expect(r.error?.message).toBe('this scenario needs a newer Firedrill: apiVersion firedrill/v2, and this version reads firedrill/v1');
    expect(r.error?.hint).toContain('update Firedrill');
  });

  it('refuses an older version it has no step for', () => {
    expect(migrateScenario({ apiVersion: 'firedrill/v0' }).error?.message).toBe('apiVersion firedrill/v0 cannot be migrated: this version of Firedrill reads firedrill/v1');
  });

  it('leaves what it does not recognise to the schema', () => {
    for (const doc of [null, 'text', [], {}, { apiVersion: 3 }, { apiVersion: 'acme/v1' }]) {
      const r = migrateScenario(doc, TEST_STEPS);
      expect(r.doc).toBe(doc);
      expect(r.error).toBeUndefined();
    }
  });

  it('stops on a table that loops instead of spinning', () => {
    const loop: MigrationStep = { from: 'firedrill/v0', to: 'firedrill/v0', migrate: (doc) => ({ doc, notes: [] }) };
    expect(migrateScenario({ apiVersion: 'firedrill/v0' }, [loop]).error).toBeDefined();
  });
});

describe('the loader migrates before validating', () => {
  it('loads a v0 file through the test step, warning at the apiVersion line', () => {
    const r = loadScenario(`apiVersion: firedrill/v0\n${BODY}`, 'old.yaml', { migrations: TEST_STEPS });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
    expect(r.scenario.metadata.title).toBe('A tiny scenario');
    expect(r.scenario.metadata.durationMinutes).toBe(10);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toMatchObject({ line: 1, col: 13, path: 'apiVersion', severity: 'warning' });
    expect(r.warnings[0]?.message).toBe('migrated from firedrill/v0: firedrill/v0 → firedrill/v1: metadata.name is now metadata.title');
  });

  it('still points at the right line for an error in a migrated file', () => {
    const r = loadScenario(`apiVersion: firedrill/v0\n${BODY.replace('replicas: 1, concurrency: 8, serviceTimeMs: 10', 'replicas: -1, concurrency: 8, serviceTimeMs: 10')}`, 'old.yaml', { migrations: TEST_STEPS });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.filter((i) => i.severity === 'error').map(formatIssue)).toEqual(['old.yaml:14:36: services[1].replicas: must be at least 0, got the number -1']);
  });

  it('refuses a newer file at its apiVersion line, without a list of unknown fields', () => {
    const r = loadScenario(`apiVersion: firedrill/v2\n${BODY.replace('  name:', '  title:').replace('durationSec: 600', 'durationMinutes: 10')}\nnewSection: {a: 1}\n`, 'new.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatIssue)).toEqual([
      'new.yaml:1:13: apiVersion: this scenario needs a newer Firedrill: apiVersion firedrill/v2, and this version reads firedrill/v1 (hint: update Firedrill, or write the scenario for firedrill/v1)',
    ]);
  });

  it('migrates parsed objects too', () => {
    const r = validateScenarioObject({ apiVersion: 'firedrill/v2' }, 'mem');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toContain('needs a newer Firedrill');
  });
});
