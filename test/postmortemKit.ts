// Test helpers shared by the postmortem, counterfactual, report and CLI tests: the built-in
// checkout-bad-deploy scenario, its scripted "right path", and a good postmortem of it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatIssue, loadScenario, type ActionInput, type Scenario } from '../engine/src/index.ts';
import type { RunFacts, Postmortem } from '../engine/src/index.ts';

const obs = (atSec: number, target: string, params: ActionInput['params'] = {}): ActionInput => ({ atSec, type: 'observe', target, params });
const act = (atSec: number, type: ActionInput['type'], target = '', params: ActionInput['params'] = {}): ActionInput => ({ atSec, type, target, params });

/** The expert path through checkout-bad-deploy (as test/score.test.ts plays it). */
export const CHECKOUT_RIGHT: ActionInput[] = [
  act(460, 'acknowledge', 'checkout-fast-burn'),
  obs(470, 'slos'),
  obs(480, 'metrics', { service: 'checkout', env: 'prod', metrics: ['error_ratio'] }),
  obs(500, 'changes', { env: 'prod' }),
  obs(520, 'logs', { service: 'checkout', env: 'prod', minSeverity: 'ERROR', text: 'NullPointerException' }),
  act(540, 'hypothesis', '', { id: 'h1', text: 'checkout v1.42.0 throws NullPointerException on orders without coupon', status: 'open', component: 'checkout', category: 'code-bug', evidence: ['culprit-deploy', 'npe'] }),
  act(570, 'rollback', 'checkout'),
  act(580, 'declareIncident', '', { severity: 'SEV2' }),
  act(600, 'statusUpdate', '', { audience: 'internal', text: 'About 20% of checkout requests fail since 09:32 after checkout v1.42.0; rolling back now. Next update in 15 minutes.' }),
  act(900, 'hypothesis', '', { id: 'h1', status: 'confirmed', evidence: ['error-spike'] }),
  act(1200, 'statusUpdate', '', { audience: 'external', text: 'Checkout errors are back to 0% after the rollback; customers can order again. Next update at 10:05 UTC.' }),
  act(1500, 'resolve', '', { component: 'checkout', category: 'code-bug', summary: 'v1.42.0 dropped a null check in CouponService; rolled back to v1.41.2' }),
];

/** A good postmortem of CHECKOUT_RIGHT, built on the draft with the run's real numbers and times. */
export function goodCheckoutPostmortem(draft: Postmortem, facts: RunFacts): Postmortem {
  const e = facts.events;
  const extra = [
    { atSec: e.impactSec ?? 0, text: "Checkout's 5-minute availability drops below 99.9%: impact starts", marker: 'impact-start' as const },
    { atSec: e.mitigateSec ?? 0, text: 'Checkout availability back within objective after the rollback', marker: 'mitigated' as const },
    { atSec: e.restoreSec ?? 0, text: 'Last failing scrape: impact ends', marker: 'ended' as const },
  ];
  const timeline = [...draft.timeline, ...extra].map((r, i) => ({ r, i })).sort((a, b) => (a.r.atSec ?? 0) - (b.r.atSec ?? 0) || a.i - b.i).map((x) => x.r);
  return {
    ...draft,
    title: 'Checkout requests failed after checkout v1.42.0',
    owner: 'alex.trainee',
    status: 'in-review',
    summary: 'For about ten minutes on 2026-03-10, about a fifth of checkout requests failed with HTTP 500 after checkout v1.42.0 rolled out. Rolling back to v1.41.2 ended the errors.',
    impact: { ...draft.impact, text: 'Customers without a coupon code could not complete their orders; checkout availability fell to about 78% while v1.42.0 served.' },
    timeline,
    rootCause: { component: 'checkout', category: 'code-bug', text: 'CouponService.apply in checkout v1.42.0 calls trim() on the coupon code without a null check, so every order without a coupon throws a NullPointerException.' },
    trigger: 'The rollout of checkout v1.42.0 (deploy-checkout-142) to production at 09:32.',
    detection: 'The checkout-fast-burn page fired at 09:37:30 and was acknowledged ten seconds later.',
    resolution: 'Checkout was rolled back to v1.41.2; the 5-minute SLI recovered within three minutes.',
    contributingFactors: [
      'The staging synthetic checkout always sends a coupon code, so the null path never ran before production.',
      'The unit tests of CouponService mock the request with a coupon, so the missing null check passed CI.',
    ],
    wentWell: ['The burn-rate page fired within five minutes of the first errors.'],
    wentPoorly: ['The catalog deploy four minutes later drew attention away from the real culprit.'],
    gotLucky: ['The newsletter pointing at checkout had not gone out yet.'],
    whyAnswers: draft.whyAnswers.map((w) => ({
      ...w,
      answer: w.question.startsWith('Why did the pipeline')
        ? 'Staging traffic always carries a coupon code and the unit tests mock one, so nothing exercised the null path.'
        : 'The catalog deploy landed four minutes after the errors began and catalog itself stayed healthy.',
    })),
    actionItems: [
      { title: 'Add a staging synthetic checkout without a coupon code that blocks the deploy on any 5xx', owner: 'alex.trainee', category: 'test', priority: 'P1', dueDate: '2026-03-13', kind: 'prevent', counterfactual: { type: 'gate' } },
      {
        title: 'Add a page when the checkout 5xx ratio stays above 5% for 1 minute',
        owner: 'sam.oncall',
        category: 'alert',
        priority: 'P1',
        dueDate: '2026-03-12',
        kind: 'detect',
        counterfactual: { type: 'alert', rule: { type: 'threshold', service: 'checkout', metric: 'error_ratio', op: '>', value: 0.05, for: '1m', severity: 'page' } },
      },
      { title: 'Write a CouponService unit test with a null coupon so that the build fails on the NullPointerException', owner: 'alex.trainee', category: 'test', priority: 'P2', dueDate: '2026-03-17', kind: 'prevent' },
    ],
  };
}

/** A built-in scenario, loaded and checked. */
export function builtin(id: string): Scenario {
  const file = join(import.meta.dirname, '..', 'scenarios', `${id}.yaml`);
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.scenario;
}
