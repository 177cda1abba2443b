// Completion and hover from the scenario JSON Schema: the YAML path at the cursor in nested maps,
// lists of maps (block and flow), half-typed lines; field names with descriptions, enum values,
// discriminated unions (a fault's params by its type), and ids collected from the document.

import { describe, expect, it } from 'vitest';
import checkoutYaml from '../../../../scenarios/checkout-bad-deploy.yaml?raw';
import schemaJson from '../../../../scenarios/scenario.schema.json';
import { indexDocument, refKindsAt } from './docIndex.ts';
import { complete, hover } from './language.ts';
import type { JsonSchema } from './schemaNav.ts';
import { contextAt } from './yamlContext.ts';

const schema = schemaJson as JsonSchema;
const CURSOR = '‸';

/** Text with the cursor marker removed, and the cursor's offset. */
function at(text: string): { text: string; pos: number } {
  const pos = text.indexOf(CURSOR);
  if (pos < 0) throw new Error('no cursor in the text');
  return { text: text.replace(CURSOR, ''), pos };
}

function labels(text: string): string[] {
  const c = at(text);
  return complete(c.text, c.pos, schema)?.items.map((i) => i.label) ?? [];
}

function edit(find: string, replace: string): string {
  if (!checkoutYaml.includes(find)) throw new Error(`fixture lacks ${find}`);
  return checkoutYaml.replace(find, replace);
}

describe('the YAML path at the cursor', () => {
  it('reads nested block maps and lists of maps, half-typed keys included', () => {
    const c = at('services:\n  - id: a\n    calls:\n      - to: b\n        time‸\n');
    expect(contextAt(c.text, c.pos)).toMatchObject({ kind: 'key', path: ['services', 0, 'calls', 0], prefix: 'time', siblings: ['to'] });
    const d = at('services:\n  - id: a\n  - id: b\n    ty‸\n');
    expect(contextAt(d.text, d.pos)).toMatchObject({ kind: 'key', path: ['services', 1], prefix: 'ty', siblings: ['id'] });
  });

  it('reads compact lists (dashes at the key column) and keys after a dash', () => {
    const c = at('services:\n- id: a\n  calls:\n  - to: b\n  tim‸\n');
    expect(contextAt(c.text, c.pos)).toMatchObject({ kind: 'key', path: ['services', 0], siblings: ['calls', 'id'] });
    const d = at('slos:\n  - id: x\n  - ser‸\n');
    expect(contextAt(d.text, d.pos)).toMatchObject({ kind: 'key', path: ['slos', 1], prefix: 'ser', afterDash: true });
  });

  it('reads flow maps and flow lists on the cursor line', () => {
    const c = at('services:\n  - id: a\n    calls:\n      - {to: b, perRequest: 2, time‸}\n');
    expect(contextAt(c.text, c.pos)).toMatchObject({ kind: 'key', path: ['services', 0, 'calls', 0], prefix: 'time', flow: true, siblings: ['to', 'perRequest'] });
    const d = at('mitigations:\n  - action: {type: rollback, target: chec‸}\n');
    expect(contextAt(d.text, d.pos)).toMatchObject({ kind: 'value', path: ['mitigations', 0, 'action', 'target'], prefix: 'chec' });
    const e = at('debrief:\n  evidencePath: [page, np‸]\n');
    expect(contextAt(e.text, e.pos)).toMatchObject({ kind: 'value', path: ['debrief', 'evidencePath', 1], prefix: 'np' });
  });

  it('skips block scalars whose text looks like keys, and offers nothing inside them', () => {
    const text = 'runbooks:\n  - id: r\n    body: |\n      1. Open: the dashboard\n      2. Check: the feed\n    ‸\n';
    const c = at(text);
    expect(contextAt(c.text, c.pos)).toMatchObject({ kind: 'key', path: ['runbooks', 0], siblings: ['body', 'id'] });
    const inside = at('runbooks:\n  - id: r\n    body: |\n      1. Open: the dashboard\n      ‸\n');
    expect(contextAt(inside.text, inside.pos)).toBeNull();
    const comment = at('# a com‸ment\n');
    expect(contextAt(comment.text, comment.pos)).toBeNull();
  });
});

describe('completion', () => {
  it('offers the fields valid at the top level, with descriptions from the schema', () => {
    const c = at(`${CURSOR}`);
    const answer = complete(c.text, c.pos, schema);
    expect(answer?.items.map((i) => i.label)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'services', 'faults', 'expectations']));
    const exp = answer?.items.find((i) => i.label === 'expectations');
    expect(exp?.info).toContain('The claims the contract checks');
    // Maps and lists open a new indented line.
    expect(exp?.apply).toBe('expectations:\n  ');
    expect(answer?.items.find((i) => i.label === 'services')?.apply).toBe('services:\n  - ');
  });

  it('leaves out fields already in the map and puts required ones first', () => {
    const items = labels(edit('  fixAt: 12m\n', '  fixAt: 12m\n  ‸\n'));
    expect(items).not.toContain('detectWithin');
    expect(items).not.toContain('fixAt');
    expect(items).toEqual(expect.arrayContaining(['incident', 'detectBy', 'harmfulAt']));
    const c = at('slos:\n  - ‸\n');
    const answer = complete(c.text, c.pos, schema);
    const required = answer?.items.filter((i) => i.detail?.includes('required')).map((i) => i.label);
    expect(required).toEqual(expect.arrayContaining(['id', 'service', 'indicator', 'objective']));
    const top = [...(answer?.items ?? [])].sort((a, b) => (b.boost ?? 0) - (a.boost ?? 0))[0];
    expect(top?.detail).toContain('required');
  });

  it('offers the params of the fault type the fault declares (a discriminated union)', () => {
    const items = labels(edit('    params: {ratio: 0.22, endpoint: "POST /api/checkout"}', `    params: {ratio: 0.22, ${CURSOR}}`));
    expect(items).toEqual(['endpoint', 'aboveRps']);
    const latency = labels('faults:\n  - id: f\n    type: latency\n    params:\n      ‸\n');
    expect(latency).toEqual(['addMs', 'multiplier']);
  });

  it('offers every fault type for `type:`, and enum values where the schema has them', () => {
    const types = labels(edit('  - id: coupon-npe\n    type: errorRate', `  - id: coupon-npe\n    type: ${CURSOR}`));
    expect(types).toEqual(expect.arrayContaining(['errorRate', 'latency', 'memoryLeak', 'badFeatureFlag']));
    expect(types.length).toBeGreaterThanOrEqual(18);
    expect(labels('metadata:\n  difficulty: ‸\n')).toEqual(['beginner', 'intermediate', 'advanced']);
    expect(labels(edit('    effect: harmful', `    effect: ${CURSOR}`))).toEqual(['fixes', 'temporary', 'none', 'harmful']);
  });

  it('offers the ids the document defines where a field refers to one', () => {
    const services = ['edge', 'checkout', 'catalog', 'search', 'cart-cache', 'orders-db', 'catalog-db', 'payments', 'order-events', 'fulfilment'];
    // A block field (`target:`), with the zone-outage "*".
    const target = at(edit('    target: checkout\n    start: 2m', `    target: ${CURSOR}\n    start: 2m`));
    const answer = complete(target.text, target.pos, schema);
    expect(answer?.items.map((i) => i.label)).toEqual([...services, '*']);
    expect(answer?.items.find((i) => i.label === 'checkout')?.detail).toBe('service · api · Checkout API');
    // Changes for `causedBy:`, SLOs for `slo:` in a flow map, evidence in a flow list.
    expect(labels(edit('    causedBy: deploy-checkout-142', `    causedBy: dep${CURSOR}`))).toEqual(['deploy-search-311', 'deploy-checkout-142-staging', 'deploy-checkout-142', 'deploy-catalog-908']);
    expect(labels(edit('type: burnRate, slo: checkout-availability, longWindow: 6h', `type: burnRate, slo: ${CURSOR}, longWindow: 6h`))).toEqual(['checkout-availability', 'checkout-latency', 'catalog-availability']);
    expect(labels(edit('  evidencePath: [page, error-spike, culprit-deploy, npe]', `  evidencePath: [page, ${CURSOR}]`))).toEqual(['page', 'error-spike', 'culprit-deploy', 'npe', 'innocent-deploy']);
    // Calls between services, in a list of flow maps.
    expect(labels(edit('      - {to: orders-db, perRequest: 1, timeoutMs: 2000, pool: 10}', `      - {to: ${CURSOR}}`))).toEqual(services);
    // rootCause.change and the mitigation's target (services and flags).
    expect(labels(edit('  change: deploy-checkout-142\n  summary', `  change: ${CURSOR}\n  summary`))).toContain('deploy-checkout-142');
    expect(labels(edit('  - action: {type: rollback, target: checkout}', `  - action: {type: rollback, target: ${CURSOR}}`))).toEqual(services);
  });

  it('collects ids from a document that does not parse everywhere', () => {
    const broken = `${checkoutYaml}\nbroken: [unclosed\n`;
    const index = indexDocument(broken);
    expect(index.ids.get('service')?.map((s) => s.id)).toContain('checkout');
    expect(index.ids.get('change')?.find((c) => c.id === 'deploy-checkout-142')?.line).toBeGreaterThan(100);
    expect(refKindsAt(['faults', 3, 'causedBy'])).toEqual(['change']);
    expect(refKindsAt(['metadata', 'title'])).toBeNull();
  });

  it('suggests durations for duration fields and nothing for free text', () => {
    expect(labels(edit('  fixAt: 12m', `  fixAt: ${CURSOR}`))).toEqual(expect.arrayContaining(['5m', '1h']));
    expect(labels(edit('  title: "Checkout errors after the Tuesday morning deploy"', `  title: ${CURSOR}`))).toEqual([]);
  });
});

describe('hover', () => {
  const hoverAt = (needle: string, offset: number) => {
    const i = checkoutYaml.indexOf(needle);
    if (i < 0) throw new Error(`no ${needle}`);
    return hover(checkoutYaml, i + offset, schema);
  };

  it('documents a field: description, type, limits, required', () => {
    const h = hoverAt('durationMinutes: 45', 3);
    expect(h?.title).toBe('metadata.durationMinutes');
    expect(h?.summary?.description).toBe('How long the exercise runs in simulated minutes.');
    expect(h?.summary?.type).toBe('integer');
    expect(h?.summary?.limits).toBe('1 to 10080');
    expect(h?.required).toBe(true);
  });

  it('documents a field in a flow map inside a list, with its default', () => {
    const h = hoverAt('timeoutMs: 2000', 2);
    expect(h?.title).toBe('services[1].calls[1].timeoutMs');
    expect(h?.summary?.description).toBe('Client timeout of one attempt.');
    expect(h?.summary?.default).toBe(1000);
  });

  it('documents every field, filling gaps in the schema, with allowed values', () => {
    const h = hoverAt('  difficulty: beginner', 4);
    expect(h?.title).toBe('metadata.difficulty');
    expect(h?.summary?.description).toMatch(/Declared difficulty/);
    expect(h?.summary?.values).toEqual(['beginner', 'intermediate', 'advanced']);
    const ratio = hoverAt('ratio: 0.22', 1);
    expect(ratio?.title).toBe('faults[0].params.ratio');
    expect(ratio?.summary?.description).toMatch(/Share of requests/);
    expect(ratio?.summary?.limits).toBe('0 to 1');
  });

  it('says what an id refers to, or that nothing has that id', () => {
    const h = hoverAt('causedBy: deploy-checkout-142', 14);
    expect(h?.ref?.found).toMatchObject({ id: 'deploy-checkout-142', kind: 'change' });
    const broken = checkoutYaml.replace('causedBy: deploy-checkout-142', 'causedBy: deploy-checkout-999');
    const i = broken.indexOf('deploy-checkout-999');
    expect(hover(broken, i + 3, schema)?.ref).toEqual({ kinds: ['change'], id: 'deploy-checkout-999', found: null });
  });

  it('names the fields allowed where an unknown one is written', () => {
    const text = checkoutYaml.replace('  durationMinutes: 45', '  durationMinutez: 45');
    const h = hover(text, text.indexOf('durationMinutez') + 2, schema);
    expect(h?.unknownField).toContain('durationMinutes');
  });
});
