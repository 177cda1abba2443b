import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../engine/src/scenario/jsonSchema.ts';

const COMMITTED = new URL('../scenarios/scenario.schema.json', import.meta.url);

describe('scenarios/scenario.schema.json', () => {
  it('matches the schema generated from engine/src/scenario/schema.ts', () => {
    const expected = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
    const committed = readFileSync(COMMITTED, 'utf8');
    // One clear instruction instead of an 80 kB diff.
    if (committed !== expected) expect.fail('scenarios/scenario.schema.json is stale: run `npm run schema`');
  });

  it('identifies itself and describes what authors write', () => {
    const schema = scenarioJsonSchema();
    expect(schema['$id']).toBe('https://firedrill.dev/schemas/scenario-v1.json');
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['title']).toBe('Firedrill scenario (firedrill/v1)');
    expect(schema['required']).toEqual(['apiVersion', 'kind', 'metadata', 'seed', 'start', 'services', 'traffic']);
  });
});
