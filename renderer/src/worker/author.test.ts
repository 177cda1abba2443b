// The scenario editor's worker commands on a built-in scenario: validation, the headless preview
// (its series, alerts, fault windows, log samples and how long it takes), the contract checks
// seed by seed, the difficulty estimate and the starter templates; none touches the run in play.

import { describe, expect, it } from 'vitest';
import { createSimHost } from './handlers.ts';
import { CHECKOUT_FILE, checkoutText, startedHost } from './testKit.ts';

describe('author/validate', () => {
  it('reports the same issues as firedrill validate, with line and column', () => {
    const host = createSimHost();
    expect(host.handle('author/validate', { text: checkoutText, file: CHECKOUT_FILE })).toEqual({ ok: true, issues: [] });
    const broken = checkoutText.replace('  durationMinutes: 45', '  durationMinutes: soon');
    const r = host.handle('author/validate', { text: broken, file: CHECKOUT_FILE });
    expect(r.ok).toBe(false);
    expect(r.issues[0]).toMatchObject({ file: CHECKOUT_FILE, line: 12, col: 20, path: 'metadata.durationMinutes', severity: 'error' });
  });

  it('serves the scenario JSON Schema', () => {
    const schema = createSimHost().handle('author/schema', {});
    expect(schema.$id).toBe('https://firedrill.dev/schemas/scenario-v1.json');
    expect(Object.keys(schema.properties as object)).toContain('faults');
  });
});

describe('author/preview', () => {
  it('runs checkout-bad-deploy headless and summarises it for the charts, the timeline and the logs', () => {
    const host = createSimHost();
    const t0 = performance.now();
    const r = host.handle('author/preview', { text: checkoutText, file: CHECKOUT_FILE });
    const wallMs = performance.now() - t0;
    if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
    // Measured for the record (the editor shows the worker's own figure).
    console.log(`author/preview of checkout-bad-deploy: ${Math.round(wallMs)} ms (worker says ${r.elapsedMs} ms) for ${r.previewSec} s simulated`);
    expect(r.durationSec).toBe(2700);
    expect(r.previewSec).toBe(2700);
    expect(r.times.length).toBe(270);
    expect(r.times[0]).toBe(10);
    expect(r.slos.map((s) => s.id)).toEqual(['checkout-availability', 'checkout-latency', 'catalog-availability']);
    const avail = r.slos[0];
    if (!avail) throw new Error('no SLO');
    expect(avail.sli.length).toBe(270);
    expect(avail.burnAlerts.map((a) => a.id)).toEqual(['checkout-fast-burn', 'checkout-slow-burn']);
    // Before the bad deploy the SLI is at objective; after it, well below, burning far above 14.4x.
    expect(avail.sli[5]).toBeGreaterThan(0.999);
    expect(Math.min(...avail.sli.slice(60, 100))).toBeLessThan(0.9);
    expect(Math.max(...avail.burn5m)).toBeGreaterThan(14.4);
    // The page fires within the 10 minutes the scenario promises; the fault and the changes are on the timeline.
    const page = r.alerts.find((a) => a.id === 'checkout-fast-burn');
    expect(page?.firedAtSec).toBeLessThanOrEqual(600);
    expect(r.events.some((e) => e.kind === 'change')).toBe(true);
    expect(r.changes.map((c) => c.id)).toEqual(['deploy-search-311', 'deploy-checkout-142-staging', 'deploy-checkout-142', 'deploy-catalog-908']);
    expect(r.injects.map((i) => i.id)).toEqual(['ticket-1', 'stakeholder-eta']);
    const fault = r.faults[0];
    expect(fault).toMatchObject({ id: 'coupon-npe', type: 'errorRate', target: 'checkout', endSec: null, active: true, logsService: 'checkout' });
    // Active from when the bad version's first pods serve (the deploy starts at 2m).
    expect(fault?.startSec).toBeGreaterThanOrEqual(120);
    expect(fault?.startSec).toBeLessThan(300);
    expect(fault?.logs.length).toBeGreaterThan(0);
    expect(fault?.logs.some((l) => /NullPointerException/.test(`${l.body} ${l.stackHead ?? ''}`))).toBe(true);
    // The map's health once a minute: checkout turns critical.
    expect(r.health.length).toBe(45);
    expect(r.health.some((h) => h.services.some((s) => s.service === 'checkout' && s.env === 'prod' && s.health === 'critical'))).toBe(true);
    expect(r.info.services.length).toBe(10);
  });

  it('stops at maxSec, and answers an invalid text with its issues', () => {
    const host = createSimHost();
    const short = host.handle('author/preview', { text: checkoutText, file: CHECKOUT_FILE, maxSec: 600 });
    expect(short.ok && short.previewSec).toBe(600);
    expect(short.ok && short.times.length).toBe(60);
    const bad = host.handle('author/preview', { text: checkoutText.replace('target: checkout', 'target: chekout'), file: CHECKOUT_FILE });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.some((i) => i.path === 'faults[0].target')).toBe(true);
  });

  it('leaves the scenario in play and its run alone', () => {
    const host = startedHost();
    host.handle('clock/advance', { toSec: 300 });
    const before = host.handle('sim/hash', {});
    host.handle('author/preview', { text: checkoutText.replace('ratio: 0.22', 'ratio: 0.5'), file: 'other.yaml', maxSec: 600 });
    host.handle('author/check', { text: checkoutText, file: CHECKOUT_FILE, seedIndex: 0 });
    expect(host.handle('sim/hash', {})).toEqual(before);
  });
});

describe('author/check', () => {
  it('runs the contract checks seed by seed and they pass on the built-in scenario', () => {
    const host = createSimHost();
    const seeds: number[] = [];
    for (let k = 0; k < 3; k++) {
      const r = host.handle('author/check', { text: checkoutText, file: CHECKOUT_FILE, seedIndex: k });
      if (!r.ok) throw new Error('does not load');
      seeds.push(r.seed);
      expect(r.results.length).toBeGreaterThan(5);
      expect(r.results.filter((c) => !c.pass)).toEqual([]);
      expect(r.results.map((c) => c.id)).toEqual(expect.arrayContaining(['deterministic', 'detectable', 'fix-restores-slos', 'evidence:npe']));
    }
    expect(seeds).toEqual([42, 43, 44]);
  });

  it('fails a check with its reason when the scenario breaks its promise', () => {
    // A fix that does not fix: restarting checkout runs the same bad code.
    const text = checkoutText.replace("  - action: {type: rollback, target: checkout}\n    effect: fixes", "  - action: {type: restart, target: catalog}\n    effect: fixes");
    const r = createSimHost().handle('author/check', { text, file: CHECKOUT_FILE, seedIndex: 0 });
    if (!r.ok) throw new Error('does not load');
    const fix = r.results.find((c) => c.id === 'fix-restores-slos');
    expect(fix?.pass).toBe(false);
    expect(fix?.reason).toMatch(/checkout-availability/);
  });
});

describe('author/difficulty', () => {
  it('measures the difficulty beside the declared one, with its factors', () => {
    const r = createSimHost().handle('author/difficulty', { text: checkoutText, file: CHECKOUT_FILE });
    if (!r.ok) throw new Error('does not load');
    expect(r.difficulty.declared).toBe('beginner');
    expect(['beginner', 'intermediate', 'advanced']).toContain(r.difficulty.measured);
    expect(r.difficulty.factors.length).toBeGreaterThan(0);
    for (const f of r.difficulty.factors) expect(f.name.length).toBeGreaterThan(0);
  });
});

describe('author/templates', () => {
  it('lists topologies and faults, and renders a starter that loads and previews', () => {
    const host = createSimHost();
    const list = host.handle('author/templates', {});
    expect(list.topologies.length).toBeGreaterThan(0);
    expect(list.faults.length).toBeGreaterThan(0);
    const topology = list.topologies[0]?.id ?? '';
    const fault = list.faults[0]?.id ?? '';
    const made = host.handle('author/fromTemplate', { topology, fault, id: 'my-first-scenario', title: 'My first scenario' });
    if (!made.ok) throw new Error(made.message);
    expect(made.text).toContain('id: my-first-scenario');
    expect(host.handle('author/validate', { text: made.text, file: 'my-first-scenario.yaml' }).ok).toBe(true);
    const preview = host.handle('author/preview', { text: made.text, file: 'my-first-scenario.yaml' });
    expect(preview.ok && preview.alerts.length).toBeGreaterThan(0);
    expect(host.handle('author/fromTemplate', { topology, fault, id: 'Not An Id' }).ok).toBe(false);
  });
});
