// Counterfactual replay on checkout-bad-deploy: a new alert rule detects earlier, a pre-production
// gate saves (nearly) all of the budget, invalid items are refused with reasons, and the result
// is deterministic.
import { describe, expect, it } from 'vitest';
import { builtin, CHECKOUT_RIGHT } from '../../../test/postmortemKit.ts';
import { createSim } from '../sim/sim.ts';
import { applyItems } from './apply.ts';
import { parseCounterfactualItems, type CounterfactualItem } from './items.ts';
import { counterfactual, outcomeOf, type CounterfactualResult } from './replay.ts';

const scenario = builtin('checkout-bad-deploy');
const session = { actions: CHECKOUT_RIGHT };
const ALERT: CounterfactualItem = { type: 'alert', rule: { type: 'threshold', service: 'checkout', metric: 'error_ratio', op: '>', value: 0.05, for: '1m', severity: 'page' } };

function ok(items: CounterfactualItem[]): CounterfactualResult {
  const r = counterfactual(scenario, session, items);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.result;
}

describe('counterfactual', () => {
  it('a 5xx-ratio page detects earlier; responding as fast after it saves budget', () => {
    const r = ok([ALERT]);
    expect(r.original.detectAlert).toBe('checkout-fast-burn');
    expect(r.counterfactual.detectAlert).toBe('cf-alert-1');
    expect(r.comparison.detectionEarlierSec).toBeGreaterThanOrEqual(120);
    // Same actions at the same times: an alert only watches, nothing else changes.
    expect(r.comparison.budgetSaved).toBe(0);
    expect(r.comparison.failedRequestsSaved).toBe(0);
    expect(r.rejectedActions).toEqual([]);
    expect(r.items[0]?.notes.join(' ')).toMatch(/^fires at 09:3\d:\d\d/);
    expect(r.notes.join('\n')).toMatch(/cf-alert-1 pages at .* earlier than checkout-fast-burn/);
    const e = r.earlierResponse;
    expect(e?.shiftSec).toBe(r.comparison.detectionEarlierSec);
    expect(e?.comparison.budgetSaved).toBeGreaterThan(0);
    expect(e?.comparison.failedRequestsSaved).toBeGreaterThan(0);
  });

  it('the one-run shortcut for alert-only items equals a real re-run of the original', () => {
    const r = ok([ALERT]);
    const sim = createSim(scenario, {});
    sim.schedule(session.actions);
    sim.runUntil(sim.durationSec);
    expect(r.original).toEqual(outcomeOf(sim));
  });

  it('a pre-production gate keeps the bad deploy out: (nearly) all budget saved, the rollback rejected', () => {
    const r = ok([{ type: 'gate' }]);
    expect(r.counterfactual.impactSec).toBeNull();
    expect(r.counterfactual.detectSec).toBeNull();
    expect(r.comparison.budgetSaved).toBeGreaterThan(0.95 * r.original.budgetConsumedPercent);
    expect(r.comparison.failedRequestsSaved).toBe(r.original.failedRequests);
    const avail = r.comparison.slos.find((s) => s.id === 'checkout-availability');
    expect(avail?.badCounterfactual).toBe(0);
    expect(r.items[0]?.notes[0]).toBe('the gate keeps deploy-checkout-142 (deploy of checkout v1.42.0 in prod) out of production: coupon-npe, which it caused, never starts');
    expect(r.rejectedActions.map((a) => `${a.type} ${a.target}`)).toEqual(['rollback checkout']);
    expect(r.notes.join('\n')).toMatch(/the incident does not happen/);
    expect(r.notes.join('\n')).toMatch(/1 of your actions is rejected .*rollback checkout/);
    expect(r.earlierResponse).toBeNull();
  });

  it('is deterministic: twice, the same result', () => {
    const items: CounterfactualItem[] = [ALERT, { type: 'timeout', service: 'checkout', dependency: 'payments', timeoutMs: 1000 }];
    expect(JSON.stringify(ok(items))).toBe(JSON.stringify(ok(items)));
  });

  it('timeouts and retries change one call; the scenario itself is not modified', () => {
    const before = JSON.stringify(scenario);
    const r = applyItems(scenario, [
      { type: 'timeout', service: 'checkout', dependency: 'payments', timeoutMs: 800 },
      { type: 'retries', service: 'edge', dependency: 'catalog', retries: 0 },
    ]);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.scenario.services.find((s) => s.id === 'checkout')?.calls.find((c) => c.to === 'payments')?.timeoutMs).toBe(800);
    expect(r.scenario.services.find((s) => s.id === 'edge')?.calls.find((c) => c.to === 'catalog')?.retries).toBe(0);
    expect(r.applied.map((a) => a.label)).toEqual(['timeout of checkout → payments 4000 ms → 800 ms', 'retries of edge → catalog 1 → 0']);
    expect(JSON.stringify(scenario)).toBe(before);
  });

  it('refuses invalid items with reasons', () => {
    const bad = (items: CounterfactualItem[]) => {
      const r = counterfactual(scenario, session, items);
      return r.ok ? [] : r.errors;
    };
    expect(bad([{ type: 'configValidation' }])[0]).toMatch(/deploy-checkout-142 is a deploy change; config validation rejects config changes/);
    expect(bad([{ type: 'gate', change: 'deploy-checkout-142-staging' }])[0]).toMatch(/is in staging, not production/);
    expect(bad([{ type: 'gate', change: 'nope' }])[0]).toMatch(/unknown change "nope"; known: /);
    expect(bad([{ type: 'alert', rule: { type: 'burnRate', slo: 'checkout-availability', longWindow: '5m', shortWindow: '1h', burnRate: 14.4, severity: 'page' } }])[0]).toMatch(/shortWindow .* must be shorter than longWindow/);
    expect(bad([{ type: 'alert', rule: { type: 'burnRate', slo: 'checkout-availability', longWindow: '1h', shortWindow: '5m', burnRate: 2000, severity: 'page' } }])[0]).toMatch(/can never fire/);
    expect(bad([{ type: 'alert', rule: { id: 'checkout-fast-burn', type: 'threshold', service: 'checkout', metric: 'error_ratio', value: 0.1, severity: 'page' } }])[0]).toMatch(/duplicate id/);
    expect(bad([{ type: 'alert', rule: { type: 'threshold', service: 'checkout', severity: 'page' } }]).join('\n')).toMatch(/rule\.metric/);
    expect(bad([{ type: 'timeout', service: 'checkout', dependency: 'search', timeoutMs: 100 }])[0]).toMatch(/checkout does not call search \(it calls cart-cache, orders-db, payments, order-events\)/);
    expect(bad([])[0]).toMatch(/no action items/);
  });

  it('parses untrusted items and explains what is not simulated', () => {
    expect(parseCounterfactualItems({ type: 'gate' })).toEqual({ ok: true, items: [{ type: 'gate' }] });
    const cb = parseCounterfactualItems([{ type: 'circuitBreaker', service: 'checkout' }]);
    expect(cb.ok ? '' : cb.errors[0]).toMatch(/^item 1: circuit breakers are not simulated/);
    const typo = parseCounterfactualItems([{ type: 'gate' }, { type: 'gates' }]);
    expect(typo.ok ? '' : typo.errors.join('\n')).toMatch(/^item 2: /);
    const extra = parseCounterfactualItems({ type: 'gate', colour: 'red' });
    expect(extra.ok).toBe(false);
  });
});
