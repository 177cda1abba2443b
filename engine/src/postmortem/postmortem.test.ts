// The postmortem model and rubric on checkout-bad-deploy: the draft from a played session, a good
// postmortem, and bad ones (blame, vague actions, wrong impact numbers, missing sections, an
// out-of-order timeline, late due dates).
import { describe, expect, it } from 'vitest';
import { builtin, CHECKOUT_RIGHT, goodCheckoutPostmortem } from '../../../test/postmortemKit.ts';
import { scoreSession } from '../score/score.ts';
import { SessionSchema } from '../session.ts';
import { addBusinessDays, dateOfDay, dayOf, weekday } from './dates.ts';
import { draftPostmortem } from './draft.ts';
import { measureRun } from './facts.ts';
import { knownNames, titleProblems } from './language.ts';
import { scorePostmortem, type PostmortemScore, type RubricId } from './rubric.ts';
import { PostmortemSchema, type Postmortem } from './schema.ts';

const scenario = builtin('checkout-bad-deploy');
const facts = measureRun(scenario, { actions: CHECKOUT_RIGHT });
const draft = draftPostmortem(scenario, facts);
const good = goodCheckoutPostmortem(draft, facts);
const item = (s: PostmortemScore, id: RubricId) => {
  const found = s.items.find((i) => i.id === id);
  if (!found) throw new Error(`no rubric item ${id}`);
  return found;
};
const full = (s: PostmortemScore, id: RubricId) => item(s, id).points === item(s, id).max;

describe('run facts', () => {
  it('use the same moments as scoring', () => {
    const { declaredMitigatedSec: _ignored, ...events } = scoreSession(scenario, { actions: CHECKOUT_RIGHT }).events;
    expect(facts.events).toEqual(events);
    expect(facts.impact.budgetSlo).toBe('checkout-availability');
    expect(facts.impact.failedRequests).toBeGreaterThan(1000);
    expect(facts.impact.customersAffected).toBe(Math.ceil(facts.impact.failedRequests / 10));
    expect(facts.impact.durationMin).toBe(((facts.events.restoreSec ?? 0) - (facts.events.impactSec ?? 0)) / 60);
  });
});

describe('draftPostmortem', () => {
  it('pre-fills facts (real times, measured numbers, the why questions) and leaves judgement empty', () => {
    expect(PostmortemSchema.parse(draft)).toEqual(draft);
    expect(draft.impact.failedRequests).toBe(Math.round(facts.impact.failedRequests));
    expect(draft.incidentStart).toBe('2026-03-10T09:32:50Z');
    expect(draft.timeline.find((r) => r.text.includes('deploy-checkout-142 in prod'))?.atSec).toBe(120);
    expect(draft.timeline.find((r) => r.marker === 'detected')?.atSec).toBe(460);
    expect(draft.timeline.find((r) => r.marker === 'declared')?.atSec).toBe(580);
    // The SLI-derived moments are the trainee's to find; no fault (the answer) is listed.
    expect(draft.timeline.some((r) => r.marker === 'impact-start' || r.marker === 'mitigated' || r.marker === 'ended')).toBe(false);
    expect(draft.timeline.some((r) => /coupon-npe|NullPointer/.test(r.text))).toBe(false);
    const times = draft.timeline.map((r) => r.atSec ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(draft.whyAnswers.map((w) => w.question)).toEqual(scenario.debrief?.why.map((w) => w.question));
    expect(draft.whyAnswers.every((w) => w.answer === '')).toBe(true);
    for (const k of ['owner', 'summary', 'trigger', 'detection', 'resolution'] as const) expect(draft[k]).toBe('');
    expect(draft.actionItems).toEqual([]);
    expect(draft.rootCause).toEqual({ component: 'checkout', category: 'code-bug', text: '' }); // as the trainee resolved it
  });

  it('an accepted draft scores low: capped without action items', () => {
    const s = scorePostmortem(draft, scenario, facts);
    expect(s.total).toBeLessThanOrEqual(50);
    expect(s.caps).toContain('no action items');
    expect(item(s, 'timeline-markers').details.join('\n')).toMatch(/impact start: no row/);
    expect(item(s, 'blameless').points).toBe(0);
  });
});

describe('scorePostmortem', () => {
  it('a good postmortem scores high, every point with a reason', () => {
    const s = scorePostmortem(good, scenario, facts);
    const lost = s.items.filter((i) => i.points < i.max).map((i) => `${i.id} ${i.points}/${i.max}: ${i.reason} ${i.details.join(' | ')}`);
    expect(s.total, lost.join('\n')).toBeGreaterThanOrEqual(95);
    expect(s.items.reduce((a, i) => a + i.max, 0)).toBe(100);
    expect(s.items.every((i) => i.reason.length > 0)).toBe(true);
    expect(s.flagged).toEqual([]);
    expect(s.caps).toEqual([]);
    expect(s.actionItems.every((a) => a.specific && a.owned && a.dated)).toBe(true);
    expect(JSON.stringify(scorePostmortem(good, scenario, facts))).toBe(JSON.stringify(s));
  });

  it('flags blame with the sentence: a person named as the cause caps the score', () => {
    const bad: Postmortem = {
      ...good,
      rootCause: { ...good.rootCause, text: 'm.rossi pushed a broken coupon refactor. The null check was dropped.' },
      wentPoorly: ['The on-call was careless and should have known better.', 'Rossi forgot to test orders without a coupon.'],
      summary: `${good.summary} This was human error.`,
    };
    const s = scorePostmortem(bad, scenario, facts);
    expect(s.caps).toContain('a person is named as the cause');
    expect(s.total).toBeLessThanOrEqual(50);
    expect(item(s, 'blameless').points).toBe(0);
    const said = s.flagged.map((f) => `${f.section}: ${f.sentence}`);
    expect(said).toContain('rootCause: m.rossi pushed a broken coupon refactor.');
    expect(said).toContain('wentPoorly[1]: Rossi forgot to test orders without a coupon.');
    expect(said).toContain('wentPoorly[0]: The on-call was careless and should have known better.');
    expect(said).toContain('summary: This was human error.');
    expect(said.some((x) => x.includes('The null check was dropped'))).toBe(false);
    // Names in a neutral sentence outside the root cause are fine.
    const neutral = scorePostmortem({ ...good, wentWell: ['Priya got a status update within ten minutes.'] }, scenario, facts);
    expect(neutral.flagged).toEqual([]);
  });

  it('vague, unowned, undated action items lose points, each with the problem', () => {
    const bad: Postmortem = {
      ...good,
      actionItems: [
        { title: 'Investigate monitoring', owner: '', category: 'visibility', priority: 'P2', dueDate: '', kind: 'mitigate' },
        { title: 'Improve testing of checkout', owner: 'TBD', category: 'test', priority: 'P2', dueDate: '2026-04-30', kind: 'prevent' },
        { title: 'Be more careful with deploys on Tuesdays', owner: 'team', category: 'documentation', priority: 'P3', dueDate: '2026-03-11', kind: 'prevent' },
      ],
    };
    const s = scorePostmortem(bad, scenario, facts);
    const ai = item(s, 'action-items');
    expect(ai.points).toBeLessThan(ai.max / 2);
    expect(ai.reason).toMatch(/at least one detect item: no/);
    expect(ai.reason).toMatch(/at least one P0\/P1 item \(users were affected\): no/);
    expect(s.actionItems.map((a) => a.specific)).toEqual([false, false, false]);
    const problems = s.actionItems.map((a) => a.problems.join('; '));
    expect(problems[0]).toMatch(/"Investigate" without a measurable end state/);
    expect(problems[0]).toMatch(/no owner/);
    expect(problems[0]).toMatch(/no due date/);
    expect(problems[1]).toMatch(/later than 5 business days after the incident \(Tuesday 2026-03-17\)/);
    expect(problems[2]).toMatch(/asks people to behave differently/);
    // A vague verb with an end state is fine.
    expect(titleProblems('Improve the checkout alert so that it pages above 2% errors')).toEqual([]);
    expect(titleProblems('Monitoring improvements')).toEqual(['does not start with a verb ("Monitoring")', 'too short to say what will be done']);
  });

  it('wrong impact numbers are named with what the run measured', () => {
    const bad: Postmortem = { ...good, impact: { ...good.impact, durationMin: 45, failedRequests: Math.round(facts.impact.failedRequests * 1.08), customersAffected: null } };
    const s = scorePostmortem(bad, scenario, facts);
    const im = item(s, 'impact-numbers');
    expect(im.points).toBe(6);
    expect(im.details.join('\n')).toMatch(/duration \(minutes\): 45, but the run measured 10/);
    expect(im.details.join('\n')).toMatch(/failed requests: \d+, measured \d+: within 10%/);
    expect(im.details.join('\n')).toMatch(/customers affected: not stated/);
    // The budget of a named SLO is compared with that SLO.
    const latency = facts.slos.find((x) => x.id === 'checkout-latency');
    const named = scorePostmortem({ ...good, impact: { ...good.impact, budgetSlo: 'checkout-latency', budgetConsumedPercent: latency?.budgetConsumedPercent ?? 0 } }, scenario, facts);
    expect(full(named, 'impact-numbers')).toBe(true);
  });

  it('missing sections are listed; no timeline caps the score', () => {
    const bad: Postmortem = { ...good, summary: '', trigger: 'TBD', gotLucky: [], whyAnswers: [], contributingFactors: ['Staging always sends a coupon code.'] };
    const s = scorePostmortem(bad, scenario, facts);
    expect(item(s, 'sections').reason).toMatch(/missing or empty: summary, trigger, lessons learned .*, why questions/);
    expect(item(s, 'contributing-factors').points).toBe(2);
    expect(item(s, 'why').points).toBe(0);
    const none = scorePostmortem({ ...good, timeline: [] }, scenario, facts);
    expect(none.caps).toContain('no timeline');
    expect(none.total).toBeLessThanOrEqual(50);
  });

  it('an out-of-order or untimed timeline and markers more than 2 minutes off lose points', () => {
    const rows = [...good.timeline];
    const [a, b] = [rows[3], rows[4]];
    if (!a || !b) throw new Error('short timeline');
    rows[3] = b;
    rows[4] = a;
    const s = scorePostmortem({ ...good, timeline: rows }, scenario, facts);
    expect(item(s, 'timeline-order').points).toBe(2);
    expect(item(s, 'timeline-order').reason).toMatch(/out of order: row 5 \(.*\) comes after row 4/);
    const late = good.timeline.map((r) => (r.marker === 'impact-start' ? { ...r, atSec: (r.atSec ?? 0) + 180 } : r.marker === 'ended' ? { ...r, atSec: null } : r));
    const t = scorePostmortem({ ...good, timeline: late }, scenario, facts);
    expect(item(t, 'timeline-markers').points).toBe(9);
    expect(item(t, 'timeline-markers').details.join('\n')).toMatch(/impact start: .* but the run says 09:32:50 \(2m50s\) \(more than 2 minutes off\)/);
    expect(item(t, 'timeline-order').reason).toMatch(/^\d+ of \d+ rows timestamped/);
  });

  it('wrong root cause', () => {
    const s = scorePostmortem({ ...good, rootCause: { ...good.rootCause, component: 'catalog', category: 'code-bug' } }, scenario, facts);
    expect(item(s, 'root-cause').points).toBe(5);
    expect(item(s, 'root-cause').reason).toMatch(/wrong, it was checkout/);
  });
});

describe('language and dates', () => {
  it('knows the people the scenario names', () => {
    expect(knownNames(scenario).map((n) => n.name)).toEqual(['Priya', 'a.lindqvist', 'j.okafor', 'm.rossi']);
  });

  it('counts business days without Date', () => {
    const tue = dayOf('2026-03-10');
    expect(tue).not.toBeNull();
    expect(weekday(tue ?? 0)).toBe(1);
    expect(dateOfDay(addBusinessDays(tue ?? 0, 5))).toBe('2026-03-17');
    expect(dateOfDay(addBusinessDays(dayOf('2026-03-13') ?? 0, 1))).toBe('2026-03-16'); // Friday → Monday
    expect(dayOf('2026-02-30')).toBeNull();
  });
});

describe('sessions keep the postmortem', () => {
  it('is optional (old sessions stay valid) and round-trips through JSON', () => {
    const base = { format: 'firedrill-session/v1', scenario: 'checkout-bad-deploy', seed: 42, actions: [], stateHash: 'abc' };
    expect(SessionSchema.safeParse(base).success).toBe(true);
    const parsed = SessionSchema.parse({ ...base, postmortem: good });
    expect(SessionSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
    expect(parsed.postmortem).toEqual(good);
    const minimal = PostmortemSchema.parse({ title: 'x' });
    expect(minimal.impact.durationMin).toBeNull();
    expect(minimal.status).toBe('draft');
    expect(PostmortemSchema.safeParse({ ...good, actionItems: [{ ...good.actionItems[0], kind: 'blame' }] }).success).toBe(false);
  });
});

describe('every built-in scenario', () => {
  const ids = ['checkout-bad-deploy', 'game-no-incident', 'game-retry-storm', 'game-silent-inventory', 'game-zone-outage', 'payments-pool-prod-config', 'payments-two-changes', 'store-cache-stampede', 'store-debug-logging-disk', 'stream-internal-cert-expiry', 'stream-load-dependent-bug', 'stream-slow-drm-provider', 'stream-transcode-lag', 'stream-transcoder-leak'];
  it.each(ids)('%s: the draft of doing nothing is valid and scores at most 50, with reasons', (id) => {
    const s = builtin(id);
    const f = measureRun(s, { actions: [] });
    const d = draftPostmortem(s, f);
    expect(PostmortemSchema.parse(d)).toEqual(d);
    const r = scorePostmortem(d, s, f);
    expect(r.total).toBeLessThanOrEqual(50);
    expect(r.items.every((i) => i.reason !== '' && i.points >= 0 && i.points <= i.max)).toBe(true);
  });
});
