// The debrief commands against a run played through the host as the UI plays it.

import { describe, expect, it } from 'vitest';
import { startedHost } from './testKit.ts';
import type { SimHost } from './handlers.ts';

function rightPath(): SimHost {
  const host = startedHost();
  host.handle('clock/advance', { toSec: 400 });
  host.handle('sim/act', { type: 'acknowledge', target: 'checkout-fast-burn' });
  host.handle('sim/act', { type: 'declareIncident', params: { severity: 'SEV2' } });
  host.handle('query/changes', { observe: true });
  host.handle('query/logs', { fromSec: 0, toSec: 400, service: 'checkout', env: 'prod', minSeverity: 'ERROR', observe: true });
  host.handle('clock/advance', { toSec: 500 });
  host.handle('sim/act', { type: 'hypothesis', params: { id: 'h1', text: 'checkout v1.42.0 throws on orders without a coupon', status: 'confirmed', component: 'checkout', category: 'code-bug', evidence: [{ kind: 'change', change: 'deploy-checkout-142' }] } });
  host.handle('sim/act', { type: 'statusUpdate', params: { audience: 'internal', text: 'About 5% of checkouts fail since 09:32; rolling back checkout. Next update at 10:00.' } });
  host.handle('sim/act', { type: 'rollback', target: 'checkout' });
  host.handle('clock/advance', { toSec: 1300 });
  host.handle('sim/act', { type: 'mitigated' });
  host.handle('sim/act', { type: 'resolve', params: { component: 'checkout', category: 'code-bug', summary: 'v1.42.0 dropped a null check' } });
  return host;
}

describe('debrief commands', () => {
  it('reports the run played to the end: score, facts, paths', () => {
    const host = rightPath();
    const r = host.handle('debrief/report', {});
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.session.durationSec).toBe(2700);
    expect(r.report.score.total).toBeGreaterThan(60);
    expect(r.report.path.trainee.some((s) => /rollback/.test(s.text))).toBe(true);
    expect(r.report.path.expert.length).toBeGreaterThan(0);
    expect(r.report.postmortem).toBeNull();
    // The clock of the run itself did not move: the debrief replays a copy.
    expect(host.handle('clock/advance', { toSec: 0 }).nowSec).toBe(1300);
  });

  it('drafts a postmortem, scores it with reasons and renders the report', () => {
    const host = rightPath();
    const draft = host.handle('debrief/draft', {});
    expect(draft.impact.text ?? '').toBeDefined();
    const rubric = host.handle('debrief/rubric', { postmortem: draft });
    if (!rubric.ok) throw new Error(rubric.errors.join('; '));
    expect(rubric.score.total).toBeLessThan(50); // an accepted draft is not a postmortem
    expect(rubric.score.items.every((i) => i.reason.length > 0)).toBe(true);
    const md = host.handle('debrief/render', { postmortem: draft, format: 'md' });
    expect(md).toContain('Checkout errors after the Tuesday morning deploy');
    const html = host.handle('debrief/render', { format: 'html' });
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script/i);
    expect(host.handle('debrief/render', { postmortem: draft, format: 'postmortem-md' })).toMatch(/^# /);
  });

  it('runs the counterfactual of a gate', () => {
    const host = rightPath();
    const r = host.handle('debrief/report', { items: [{ type: 'gate' }] });
    if (!r.ok) throw new Error(r.errors.join('; '));
    expect(r.report.counterfactual?.comparison).toBeDefined();
    expect(r.report.counterfactual?.notes.length).toBeGreaterThan(0);
  });

  it('says what is wrong with a broken postmortem or item, never throws', () => {
    const host = rightPath();
    const r = host.handle('debrief/report', { postmortem: { title: 3 }, items: [{ type: 'teleport' }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.some((e) => e.startsWith('postmortem: '))).toBe(true);
      expect(r.errors.some((e) => /item/.test(e))).toBe(true);
    }
  });
});
