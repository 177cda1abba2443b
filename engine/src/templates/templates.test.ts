// Every starter a new author can make (each topology × each fault type) loads without a single
// issue and passes its own contract: detectable, fixed by its documented fix, red herrings
// harmless, temporary fixes temporary, evidence present, deterministic. One seed each.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkContract } from '../check/contract.ts';
import { formatIssue, loadScenario } from '../scenario/load.ts';
import { DEFAULT_FAULT, listTemplates, renderTemplate } from './index.ts';

const { topologies, faults } = listTemplates();
const combos = topologies.flatMap((t) => faults.map((f) => [t.id, f.id] as const));

function render(topology: string, fault: string): string {
  const r = renderTemplate(topology, fault);
  if (!r.ok) throw new Error(r.message);
  return r.text;
}

describe('listTemplates', () => {
  it('offers the three topologies and at least six fault types, bad-deploy the default', () => {
    expect(topologies.map((t) => t.id)).toEqual(['three-tier', 'web-shop', 'event-pipeline']);
    expect(faults.length).toBeGreaterThanOrEqual(6);
    expect(faults.map((f) => f.id)).toContain(DEFAULT_FAULT);
    for (const t of [...topologies, ...faults]) {
      expect(t.title.length).toBeGreaterThan(5);
      expect(t.description.length).toBeGreaterThan(20);
    }
    expect(new Set(topologies.map((t) => t.kind))).toEqual(new Set(['topology']));
    expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(['fault']));
  });

  it('sizes three-tier as the smallest, with 3 services; web-shop about 6', () => {
    const count = (id: string) => (parse(render(id, DEFAULT_FAULT)) as { services: unknown[] }).services.length;
    expect(count('three-tier')).toBe(3);
    expect(count('web-shop')).toBe(6);
    expect(count('event-pipeline')).toBeGreaterThan(3);
  });
});

describe('renderTemplate', () => {
  it('refuses unknown templates, bad ids and titles with a message', () => {
    expect(renderTemplate('four-tier', 'bad-deploy')).toMatchObject({ ok: false, message: expect.stringContaining('three-tier') });
    expect(renderTemplate('three-tier', 'meteor')).toMatchObject({ ok: false, message: expect.stringContaining('bad-deploy') });
    expect(renderTemplate('three-tier', 'bad-deploy', { id: 'Not_An_Id' })).toMatchObject({ ok: false, message: expect.stringContaining('not a valid scenario id') });
    expect(renderTemplate('three-tier', 'bad-deploy', { title: ' ' }).ok).toBe(false);
    expect(renderTemplate('three-tier', 'bad-deploy', { schema: 'a\nb' }).ok).toBe(false);
  });

  it('uses the id, title and schema given, and is the same text every time', () => {
    const r = renderTemplate('three-tier', 'bad-deploy', { id: 'orders-oops', title: 'Orders: "quotes" and colons: fine', schema: './scenario.schema.json' });
    if (!r.ok) throw new Error(r.message);
    expect(r.text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const loaded = loadScenario(r.text, 'x.yaml');
    if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
    expect(loaded.scenario.metadata.id).toBe('orders-oops');
    expect(loaded.scenario.metadata.title).toBe('Orders: "quotes" and colons: fine');
    expect(renderTemplate('three-tier', 'bad-deploy', { id: 'orders-oops', title: 'Orders: "quotes" and colons: fine', schema: './scenario.schema.json' })).toEqual(r);
  });

  it('explains every part in comments and carries every section a newcomer should see', () => {
    const text = render('three-tier', 'bad-deploy');
    const comments = text.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments.length).toBeGreaterThan(25);
    for (const section of ['metadata', 'services', 'traffic', 'slos', 'alerts', 'changes', 'faults', 'injects', 'rootCause', 'mitigations', 'hints', 'runbooks', 'evidence', 'debrief', 'expectations']) {
      expect(text).toMatch(new RegExp(`^${section}:`, 'm'));
    }
    expect(text).toContain('npm run firedrill -- check');
  });

  it.each(combos)('%s × %s loads without issues and passes its contract', (topology, fault) => {
    const text = render(topology, fault);
    const loaded = loadScenario(text, `${topology}-${fault}.yaml`);
    if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
    expect(loaded.warnings.map(formatIssue)).toEqual([]);
    const s = loaded.scenario;
    expect(s.metadata.id).toBe(`${topology}-${fault}`);
    expect(s.mitigations.some((m) => m.effect === 'fixes')).toBe(true);
    expect(s.mitigations.some((m) => m.effect === 'none')).toBe(true);
    expect(s.hints.map((h) => h.level)).toEqual([1, 2, 3]);
    expect(s.runbooks.length).toBeGreaterThan(0);
    expect(s.debrief?.evidencePath.length).toBeGreaterThan(1);
    const results = checkContract(s, { seeds: [s.seed] });
    expect(results.filter((r) => !r.pass).map((r) => `${r.id}: ${r.title}: ${r.reason}`)).toEqual([]);
    for (const id of ['deterministic', 'detectable', 'fix-restores-slos', 'fix-saves-budget']) expect(results.map((r) => r.id)).toContain(id);
    expect(results.some((r) => r.id.startsWith('red-herring:'))).toBe(true);
    expect(results.filter((r) => r.id.startsWith('evidence:')).length).toBe(s.evidence.length);
  });
});
