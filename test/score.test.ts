// Scoring (engine/src/score): the time definitions against the SRE book's example postmortem,
// the error-budget figures of the SRE Workbook, and scripted sessions on three built-in
// scenarios: the right path scores high, random clicking low, doing nothing lowest, and the
// no-incident scenario rewards restraint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  budgetConsumedPercent,
  expectedSeverity,
  formatIssue,
  loadScenario,
  mentionsImpact,
  mentionsNextUpdate,
  responseTimes,
  scoreSession,
  SCORE_WEIGHTS,
  type ActionInput,
  type ScoreReport,
  type Scenario,
} from '../engine/src/index.ts';

function scenario(id: string): Scenario {
  const file = join(import.meta.dirname, '..', 'scenarios', `${id}.yaml`);
  const loaded = loadScenario(readFileSync(file, 'utf8'), file);
  if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
  return loaded.scenario;
}

const hm = (h: number, m: number) => (h * 60 + m) * 60;

describe('response times (pure arithmetic)', () => {
  it('SRE book App. D: impact 14:54, page 14:55, declared 15:01, mitigated 15:36, ended 16:00, closed 16:30', () => {
    const t = responseTimes({
      impactSec: hm(14, 54),
      alertSec: hm(14, 55),
      ackSec: hm(14, 55),
      declareSec: hm(15, 1),
      mitigateSec: hm(15, 36),
      restoreSec: hm(16, 0),
      resolveSec: null,
      closeSec: hm(16, 30),
    });
    expect(t.ttdSec).toBe(60); // TTD 1 min (page acknowledged at 14:55)
    expect(t.ttaSec).toBe(0);
    expect(t.ttDeclareSec).toBe(7 * 60);
    expect(t.ttmSec).toBe(42 * 60); // TTM 42 min
    expect(t.outageSec).toBe(66 * 60); // "down for 66 minutes"
    expect(t.incidentSec).toBe(89 * 60); // declared 15:01 → exit criterion 16:30
    expect(t.ttrSec).toBeNull();
  });

  it('detection counts a declaration too, never goes negative, and is null when nothing happened', () => {
    const none = { impactSec: 100, alertSec: null, ackSec: null, declareSec: null, mitigateSec: null, restoreSec: null, resolveSec: null, closeSec: null };
    expect(responseTimes(none).ttdSec).toBeNull();
    expect(responseTimes({ ...none, declareSec: 400 }).ttdSec).toBe(300);
    expect(responseTimes({ ...none, ackSec: 50 }).ttdSec).toBe(0);
    expect(responseTimes({ ...none, alertSec: 200, ackSec: 500, resolveSec: 1300 })).toMatchObject({ ttaSec: 300, ttrSec: 1200 });
  });
});

describe('error-budget arithmetic (SRE Workbook ch. 5)', () => {
  it('100% errors on a 99.9% SLO is a burn rate of 1000 and exhausts 30 days of budget in 43.2 minutes', () => {
    // budgetConsumedPercent extrapolates the window's volume from the run's rate: a 43.2-minute
    // run at 100% errors consumes exactly 100% of a 30-day budget.
    const runSec = 43.2 * 60;
    expect(budgetConsumedPercent(1000, 1000, 0.999, 30, runSec)).toBeCloseTo(100, 9);
    // Burn 1000 for one hour of 720: 138.9% (approach 3's "140%").
    expect(budgetConsumedPercent(3600, 3600, 0.999, 30, 3600)).toBeCloseTo(138.888, 2);
    // 0.1% errors for 10 minutes: 0.0231% of the monthly budget.
    expect(budgetConsumedPercent(0.6, 600, 0.999, 30, 600)).toBeCloseTo(0.02315, 4);
  });

  it('expected severity from the share of bad events', () => {
    expect(expectedSeverity(1, true)).toBe('SEV1');
    expect(expectedSeverity(0.22, true)).toBe('SEV2');
    expect(expectedSeverity(0.01, true)).toBe('SEV3');
    expect(expectedSeverity(0, false)).toBe('SEV4');
  });

  it('status update heuristics', () => {
    expect(mentionsImpact('About 20% of checkouts are failing')).toBe(true);
    expect(mentionsImpact('looking into it')).toBe(false);
    expect(mentionsNextUpdate('Next update at 10:05 UTC')).toBe(true);
    expect(mentionsNextUpdate('next update in 30 minutes')).toBe(true);
    expect(mentionsNextUpdate('we will keep you posted')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// Scripted sessions

const obs = (atSec: number, target: string, params: ActionInput['params'] = {}): ActionInput => ({ atSec, type: 'observe', target, params });
const act = (atSec: number, type: ActionInput['type'], target = '', params: ActionInput['params'] = {}): ActionInput => ({ atSec, type, target, params });

/** Clicks everything: every documented mitigation (harmful and red herrings included), every view, no diagnosis. */
function randomClicking(s: Scenario, from: number): ActionInput[] {
  const out: ActionInput[] = [];
  let t = from;
  const [firstM, ...rest] = s.mitigations;
  if (firstM) out.push(act(t, firstM.action.type, firstM.action.target, firstM.action.params));
  for (const target of ['overview', 'slos', 'alerts', 'changes', 'injects']) out.push(obs((t += 5), target));
  for (const svc of s.services) {
    out.push(obs((t += 2), 'metrics', { service: svc.id, env: 'prod', metrics: [] }));
    out.push(obs((t += 2), 'logs', { service: svc.id, env: 'prod' }));
  }
  for (const m of rest) out.push(act((t += 10), m.action.type, m.action.target, m.action.params));
  return out;
}

const RIGHT: Record<string, ActionInput[]> = {
  'checkout-bad-deploy': [
    act(460, 'acknowledge', 'checkout-fast-burn'),
    obs(470, 'slos'),
    obs(480, 'metrics', { service: 'checkout', env: 'prod', metrics: ['error_ratio'] }),
    obs(500, 'changes', { env: 'prod' }),
    obs(520, 'logs', { service: 'checkout', env: 'prod', minSeverity: 'ERROR', text: 'NullPointerException' }),
    act(540, 'hypothesis', '', { id: 'h1', text: 'checkout v1.42.0 throws NullPointerException on orders without coupon', status: 'open', component: 'checkout', category: 'code-bug', evidence: ['culprit-deploy', 'npe'] }),
    act(545, 'hypothesis', '', { id: 'h2', text: 'the catalog deploy broke checkout', status: 'open', component: 'catalog', category: 'code-bug', evidence: [{ kind: 'changes', env: 'prod' }] }),
    act(560, 'hypothesis', '', { id: 'h2', status: 'ruledOut', evidence: ['innocent-deploy'] }),
    act(570, 'rollback', 'checkout'),
    act(580, 'declareIncident', '', { severity: 'SEV2' }),
    act(600, 'statusUpdate', '', { audience: 'internal', text: 'About 20% of checkout requests fail since 09:32 after checkout v1.42.0; rolling back now. Next update in 15 minutes.' }),
    act(900, 'hypothesis', '', { id: 'h1', status: 'confirmed', evidence: ['error-spike'] }),
    act(1200, 'statusUpdate', '', { audience: 'external', text: 'Checkout errors are back to 0% after the rollback; customers can order again. Next update at 10:05 UTC.' }),
    act(1500, 'resolve', '', { component: 'checkout', category: 'code-bug', summary: 'v1.42.0 dropped a null check in CouponService; rolled back to v1.41.2' }),
  ],
  'game-retry-storm': [
    act(380, 'acknowledge', 'login-error-ratio'),
    obs(390, 'slos'),
    obs(400, 'metrics', { service: 'login-edge', env: 'prod', metrics: ['error_ratio', 'request_rate'] }),
    obs(410, 'changes', { env: 'prod' }),
    obs(420, 'metrics', { service: 'auth', env: 'prod', metrics: ['request_rate', 'cpu_utilization'] }),
    act(425, 'hypothesis', '', { id: 'db', text: 'accounts-db failover still broken', status: 'open', component: 'accounts-db', category: 'infrastructure', evidence: ['failover'] }),
    obs(430, 'logs', { service: 'login-edge', env: 'prod', minSeverity: 'WARN', text: 'Retrying request' }),
    obs(440, 'logs', { service: 'auth', env: 'prod', minSeverity: 'ERROR', text: 'RejectedExecutionException' }),
    act(450, 'hypothesis', '', { id: 'db', status: 'ruledOut', evidence: [{ kind: 'metrics', service: 'auth' }] }),
    act(455, 'hypothesis', '', { id: 'storm', text: 'login-edge retries amplify load on auth 3.6x: retry storm', status: 'confirmed', component: 'login-edge', category: 'config', evidence: ['amplified-load', 'retry-logs'] }),
    act(470, 'toggleFlag', 'login-edge-retries-off', { value: true }),
    act(480, 'declareIncident', '', { severity: 'SEV2' }),
    act(500, 'statusUpdate', '', { audience: 'internal', text: 'About 70% of logins fail since 18:56; players in a match are not affected. Turning off gateway retries. Next update in 15 minutes.' }),
    act(1300, 'statusUpdate', '', { audience: 'external', text: 'Logins recovered: 0% errors for 10 minutes. Stormfront can go ahead. Next update at 19:30.' }),
    act(1600, 'resolve', '', { component: 'login-edge', category: 'config', summary: 'retry storm after the accounts-db failover; retries turned off' }),
  ],
  'game-no-incident': [
    obs(60, 'slos'),
    obs(120, 'overview'),
    obs(500, 'changes', { env: 'prod' }),
    obs(1040, 'metrics', { service: 'edge', env: 'prod', metrics: ['request_rate'] }),
    act(1050, 'acknowledge', 'edge-traffic-above-forecast'),
    act(1100, 'statusUpdate', '', { audience: 'internal', text: 'No incident: traffic is 70% above forecast but every SLO is within objective and 0% of players are affected. Next update in 30 minutes.' }),
    act(1230, 'acknowledge', 'matchmaking-cpu-high'),
    act(1235, 'acknowledge', 'chat-log-volume'),
    obs(1240, 'alerts'),
    obs(1330, 'injects'),
    act(2500, 'statusUpdate', '', { audience: 'external', text: 'All players can play; no SLO below objective, 0% errors. Next update in 30 minutes.' }),
    act(3000, 'resolve', '', { component: 'edge', category: 'none', summary: 'launch traffic within pre-scaled capacity; nothing broken' }),
  ],
};

const RANDOM_FROM: Record<string, number> = { 'checkout-bad-deploy': 300, 'game-retry-storm': 300, 'game-no-incident': 600 };

describe('scripted sessions', () => {
  const results: Record<string, { right: ScoreReport; random: ScoreReport; empty: ScoreReport }> = {};
  const get = (id: string) => {
    const s = scenario(id);
    results[id] ??= {
      right: scoreSession(s, { actions: RIGHT[id] ?? [] }),
      random: scoreSession(s, { actions: randomClicking(s, RANDOM_FROM[id] ?? 300) }),
      empty: scoreSession(s, { actions: [] }),
    };
    return results[id];
  };

  it.each(['checkout-bad-deploy', 'game-retry-storm'])('%s: right path high, random clicking low, nothing lowest', (id) => {
    const r = get(id);
    // The numbers the issue asks for, in the test output.
    console.log(`${id}: right ${r.right.total} (${r.right.grade}), random ${r.random.total} (${r.random.grade}), empty ${r.empty.total} (${r.empty.grade})`);
    const lost = r.right.items.filter((i) => i.points < i.max).map((i) => `${i.area}/${i.id} ${i.points}/${i.max}: ${i.reason}`);
    expect(r.right.total, lost.join('\n')).toBeGreaterThanOrEqual(80);
    expect(r.random.total).toBeLessThan(50);
    expect(r.empty.total).toBeLessThan(r.random.total);
    expect(r.right.problems).toEqual([]);
    // Random clicking sees the evidence but loses the actions area.
    expect(r.random.areas.find((a) => a.area === 'actions')?.points).toBe(0);
    expect(r.random.mitigations.some((m) => m.verdict === 'harmful')).toBe(true);
    expect(r.random.mitigations.some((m) => m.blind)).toBe(true);
    // Right path: fix effective, root cause named, every key evidence seen.
    expect(r.right.mitigations.map((m) => m.verdict)).toEqual(['effective']);
    expect(r.right.evidence.filter((e) => e.key && e.seenAtSec === null)).toEqual([]);
    expect(r.right.times.ttmSec).not.toBeNull();
    expect(r.empty.times.ttmSec).toBeNull();
    expect(r.empty.times.ttdSec).toBeNull();
    expect(r.empty.expert.differences.length).toBeGreaterThan(3);
  });

  it('game-no-incident: restraint scores high, clicking everything low', () => {
    const r = get('game-no-incident');
    console.log(`game-no-incident: right ${r.right.total} (${r.right.grade}), random ${r.random.total} (${r.random.grade}), empty ${r.empty.total} (${r.empty.grade})`);
    const lost = r.right.items.filter((i) => i.points < i.max).map((i) => `${i.area}/${i.id} ${i.points}/${i.max}: ${i.reason}`);
    expect(r.right.total, lost.join('\n')).toBeGreaterThanOrEqual(80);
    expect(r.empty.total).toBeGreaterThanOrEqual(50);
    expect(r.empty.areas.find((a) => a.area === 'actions')?.points).toBe(SCORE_WEIGHTS.actions);
    expect(r.random.total).toBeLessThan(r.empty.total);
    expect(r.random.total).toBeLessThan(50);
    expect(r.right.times.ttdSec).toBeNull();
  });

  it('every item is bounded and the areas add up', () => {
    for (const id of Object.keys(results)) {
      for (const rep of Object.values(results[id] ?? {})) {
        for (const a of rep.areas) if (a.area !== 'hints') expect(a.points).toBeLessThanOrEqual(a.max);
        expect(rep.total).toBeGreaterThanOrEqual(0);
        expect(rep.total).toBeLessThanOrEqual(100);
        expect(rep.items.every((i) => i.reason.length > 0)).toBe(true);
      }
    }
  });
});

describe('loose conventions', () => {
  it('odd params cost points with a reason and never throw; hints cost points; deterministic', () => {
    const s = scenario('checkout-bad-deploy');
    const actions: ActionInput[] = [
      act(460, 'acknowledge'),
      act(470, 'declareIncident', '', { severity: 'huge' }),
      act(480, 'hypothesis', '', { evidence: [42, 'nope'] }),
      act(490, 'statusUpdate', '', {}),
      act(500, 'observe', 'nowhere', { service: 7 }),
      act(510, 'resolve', '', { component: 'checkout' }),
      act(520, 'requestHint', '', { level: 1 }),
      act(530, 'requestHint', '', { level: 2 }),
    ];
    const a = scoreSession(s, { actions });
    expect(a.problems.length).toBeGreaterThanOrEqual(6);
    expect(a.items.find((i) => i.area === 'hints')?.points).toBe(-6);
    expect(a.items.find((i) => i.id === 'declare')?.points).toBe(1);
    expect(a.items.find((i) => i.id === 'root-cause')?.points).toBe(0);
    expect(JSON.stringify(scoreSession(s, { actions }))).toBe(JSON.stringify(a));
  });
});
