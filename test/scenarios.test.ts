// The built-in library's contract: every file in scenarios/ is held to the claims it makes
// (detectable, fixable by its documented mitigation, red herrings harmless, harm harmful,
// evidence real, deterministic), for its default seed and two others.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkContract, formatIssue, loadScenario } from '../engine/src/index.ts';

const dir = join(import.meta.dirname, '..', 'scenarios');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();

describe('built-in scenario library', () => {
  it('has scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s satisfies its contract for three seeds', (file) => {
    const loaded = loadScenario(readFileSync(join(dir, file), 'utf8'), `scenarios/${file}`);
    if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
    expect(loaded.warnings.map(formatIssue)).toEqual([]);
    const s = loaded.scenario;
    expect(s.expectations, 'every built-in scenario states its expectations').toBeDefined();
    expect(s.rootCause, 'every built-in scenario names its root cause').toBeDefined();
    expect(s.debrief, 'every built-in scenario has a debrief').toBeDefined();
    const results = checkContract(s);
    const failed = results.filter((r) => !r.pass).map((r) => `seed ${r.seed}: ${r.id}: ${r.title}: ${r.reason}`);
    expect(failed).toEqual([]);
    expect(new Set(results.map((r) => r.seed)).size).toBe(3);
  });
});
