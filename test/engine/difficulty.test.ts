// The measured difficulty estimate against the built-in library's declared difficulties. The
// estimate is not tuned to agree: the test reports the agreement and holds it to "most of them",
// so a change that makes the measure worse shows up.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadScenario } from '../../engine/src/scenario/load.ts';
import type { Scenario } from '../../engine/src/scenario/schema.ts';
import { renderTemplate } from '../../engine/src/templates/index.ts';
import { DIFFICULTY_LEVELS, DIFFICULTY_WEIGHTS, estimateDifficulty } from '../../engine/src/check/difficulty.ts';

const dir = join(import.meta.dirname, '..', '..', 'scenarios');
const builtins = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => {
    const loaded = loadScenario(readFileSync(join(dir, f), 'utf8'), f);
    if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
    return loaded.scenario;
  });

function template(topology: string, fault: string): Scenario {
  const r = renderTemplate(topology, fault);
  if (!r.ok) throw new Error(r.message);
  const loaded = loadScenario(r.text, 'template.yaml');
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.scenario;
}

describe('estimateDifficulty', () => {
  it('explains a score from weighted factors, deterministically', () => {
    const s = template('three-tier', 'bad-deploy');
    const a = estimateDifficulty(s);
    expect(estimateDifficulty(s)).toEqual(a);
    expect(a.factors.map((f) => f.id)).toEqual(Object.keys(DIFFICULTY_WEIGHTS));
    for (const f of a.factors) {
      expect(f.value).toBeGreaterThanOrEqual(0);
      expect(f.value).toBeLessThanOrEqual(1);
      expect(f.explanation.length).toBeGreaterThan(10);
    }
    const total = a.factors.reduce((n, f) => n + f.weight, 0);
    expect(a.score).toBe(Math.round((100 * a.factors.reduce((n, f) => n + f.weight * f.value, 0)) / total));
    expect(a.level).toBe(a.score >= DIFFICULTY_LEVELS.advanced ? 'advanced' : a.score >= DIFFICULTY_LEVELS.intermediate ? 'intermediate' : 'beginner');
  });

  it('measures hops from the paging service to the cause in the call graph', () => {
    const deploy = estimateDifficulty(template('three-tier', 'bad-deploy')).factors.find((f) => f.id === 'hops');
    const cert = estimateDifficulty(template('three-tier', 'cert-expiry')).factors.find((f) => f.id === 'hops');
    expect(deploy?.measured).toBe(1); // web pages, the bug is in api
    expect(cert?.measured).toBe(2); // web pages, the certificate is db's
    expect(cert?.explanation).toContain('web pages first; the cause is in db: 2 hops');
  });

  it('rates the simplest template beginner, and counts decoys and traps from the file', () => {
    const e = estimateDifficulty(template('three-tier', 'bad-deploy'));
    expect(e.level).toBe('beginner');
    expect(e.factors.find((f) => f.id === 'decoy-changes')?.measured).toBe(1);
    expect(e.factors.find((f) => f.id === 'traps')?.measured).toBe(2);
    expect(e.factors.find((f) => f.id === 'breadth')?.measured).toBe(3);
  });

  it('agrees with the declared difficulty of most built-in scenarios', () => {
    const rows = builtins.map((s) => {
      const e = estimateDifficulty(s);
      return { id: s.metadata.id, declared: s.metadata.difficulty, estimated: e.level, score: e.score };
    });
    const agree = rows.filter((r) => r.declared === r.estimated).length;
    // Reported, not tuned: see the README (at the time of writing 9 of 14).
    console.log(`difficulty agreement: ${agree}/${rows.length}\n${rows.map((r) => `  ${r.id.padEnd(28)} declared ${r.declared.padEnd(12)} estimated ${r.estimated.padEnd(12)} ${r.score}`).join('\n')}`);
    expect(agree).toBeGreaterThan(rows.length / 2);
    // Never two levels apart on the clearest cases: the beginner scenarios are not rated advanced.
    for (const r of rows.filter((x) => x.declared === 'beginner')) expect(r.estimated).not.toBe('advanced');
  }, 60_000);
});
