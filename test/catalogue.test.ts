// scenarios/README.md lists every built-in scenario: a new file without a catalogue row fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../engine/src/index.ts';

const dir = join(import.meta.dirname, '..', 'scenarios');

describe('scenario catalogue', () => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  it.each(files)('lists %s with its title and difficulty', (file) => {
    const loaded = loadScenario(readFileSync(join(dir, file), 'utf8'), file);
    if (!loaded.ok) throw new Error(`${file} does not load`);
    const m = loaded.scenario.metadata;
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${m.id}\` — `));
    expect(row, `no catalogue row for ${m.id}`).toBeDefined();
    expect(row).toContain(m.title);
    expect(row).toContain(`| ${m.difficulty} |`);
  });
});
