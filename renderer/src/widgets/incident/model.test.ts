// The incident panel's pure parts: the board and summary rebuilt from actions, mitigation plans
// and states, the timeline, the status-update templates.

import { describe, expect, it } from 'vitest';
import type { ActionRecord, TimelineEvent } from '../../../../engine/src/index.ts';
import type { ChangeView, ScenarioInfo, ServiceInfo, SloStatus } from '../../worker/protocol.ts';
import { buildBoard, describeRef, incidentSummary, nextHypothesisId, promisedNextUpdateSec } from './model.ts';
import { defaultForm, planMitigation, takenMitigations, type MitigationContext } from './mitigations.ts';
import { buildTimeline } from './timeline.ts';
import { impactLine, template } from './templates.ts';

const rec = (atSec: number, type: ActionRecord['type'], params: ActionRecord['params'] = {}, extra: Partial<ActionRecord> = {}): ActionRecord => ({
  atSec,
  type,
  target: '',
  params,
  result: 'applied',
  message: 'recorded',
  effectiveAtSec: null,
  ...extra,
});

const svc = (id: string, more: Partial<ServiceInfo> = {}): ServiceInfo => ({ id, type: 'api', version: 'v1', replicas: 4, zones: ['a', 'b'], calls: [], ...more });

const scenario = {
  id: 's',
  title: 'S',
  summary: '',
  difficulty: 'beginner',
  objectives: [],
  tags: [],
  seed: 1,
  durationSec: 3600,
  start: '2026-03-10T09:30:00Z',
  startEpochSec: Date.UTC(2026, 2, 10, 9, 30) / 1000,
  environments: [{ id: 'prod', trafficScale: 1 }],
  services: [svc('web', { type: 'gateway' }), svc('api', { calls: [{ to: 'db', perRequest: 1, timeoutMs: 500, retries: 0, pool: 10, critical: true }] }), svc('cache', { type: 'cache', zones: ['c'] }), svc('db', { type: 'database' })],
  slos: [],
  alerts: [],
  flags: [{ id: 'new-ui', service: 'web', default: false, disablesRetries: false }],
  runbooks: [],
  hintsCount: 0,
} as ScenarioInfo;

const deploy = (id: string, atSec: number, version: string, previousVersion: string): ChangeView => ({ id, atSec, type: 'deploy', service: 'api', env: 'prod', version, previousVersion, author: 'a', summary: `ship ${version}`, ci: 'passed' });

const ctx = (more: Partial<MitigationContext> = {}): MitigationContext => ({ scenario, changes: [deploy('d1', -600, 'v2', 'v1'), deploy('d2', 60, 'v3', 'v2')], overview: null, actions: [], events: [], ...more });

describe('buildBoard / incidentSummary', () => {
  it('folds updates by id: latest status, evidence accumulated once, component kept', () => {
    const ref = { kind: 'log', service: 'api', text: 'NPE' };
    const board = buildBoard([
      rec(100, 'hypothesis', { id: 'h1', text: 'api bug', status: 'open', component: 'api', category: 'code-bug', evidence: [ref] }),
      rec(110, 'hypothesis', { id: 'h2', text: 'db slow', status: 'open', evidence: [] }),
      rec(120, 'hypothesis', { id: 'h1', text: 'api bug', status: 'confirmed', evidence: [ref, 'ev-1'] }),
      rec(130, 'hypothesis', { id: 'h2', text: 'db slow', status: 'ruledOut' }, { result: 'rejected' }),
    ]);
    expect(board.map((h) => [h.id, h.status, h.component, h.category, h.evidence.length])).toEqual([
      ['h1', 'confirmed', 'api', 'code-bug', 2],
      ['h2', 'open', null, null, 0],
    ]);
    expect(nextHypothesisId(board)).toBe('h3');
    expect(describeRef(ref, [])).toBe('log: api · "NPE"');
    expect(describeRef(ref, [{ ref, label: 'api ERROR NPE', atSec: 1 }])).toBe('api ERROR NPE');
  });

  it('derives status and severity from the declarations and close-out', () => {
    expect(incidentSummary([]).status).toBe('undeclared');
    const s = incidentSummary([rec(10, 'declareIncident', { severity: 'SEV3' }), rec(20, 'declareIncident', { severity: 'sev 1' }), rec(30, 'mitigated')]);
    expect(s).toMatchObject({ declaredAtSec: 10, severity: 'SEV1', mitigatedAtSec: 30, status: 'mitigated' });
    expect(incidentSummary([rec(40, 'resolve', { component: 'api', category: 'config', summary: 'x' })]).resolved).toMatchObject({ component: 'api', category: 'config' });
  });
});

describe('planMitigation', () => {
  it('states what a rollback does, from the latest live deploy', () => {
    const f = { ...defaultForm('rollback', ctx(), 'prod'), target: 'api' };
    expect(planMitigation('rollback', f, ctx())).toMatchObject({ ok: true, args: { type: 'rollback', target: 'api', params: { env: 'prod' } }, sentence: 'Roll back api in prod from v3 to v2?' });
    // After one rollback the next one undoes the deploy before it.
    const after = ctx({ actions: [rec(200, 'rollback', { env: 'prod' }, { target: 'api' })] });
    expect(planMitigation('rollback', f, after)).toMatchObject({ sentence: 'Roll back api in prod from v2 to v1?' });
  });

  it('checks numbers and builds the params each action needs', () => {
    const c = ctx();
    const base = defaultForm('scale', c, 'prod');
    expect(base.replicas).toBe('8');
    expect(planMitigation('scale', { ...base, target: 'api', replicas: '2.5' }, c)).toEqual({ ok: false, problem: 'Replicas must be a whole number from 0 to 500.' });
    expect(planMitigation('scale', { ...base, target: 'api', replicas: '6' }, c)).toMatchObject({ ok: true, args: { params: { env: 'prod', replicas: 6 } }, sentence: 'Scale api in prod from 4 to 6 replicas?' });
    expect(planMitigation('raiseLimit', { ...base, target: 'api', resource: 'pool', amount: '30', dependency: 'db' }, c)).toMatchObject({
      ok: true,
      args: { params: { env: 'prod', resource: 'pool', value: 30, dependency: 'db' } },
    });
    expect(planMitigation('shedLoad', { ...base, target: 'web', percent: '25' }, c)).toMatchObject({ args: { params: { env: 'prod', ratio: 0.25 } } });
    const flag = defaultForm('toggleFlag', c, 'prod');
    expect(flag).toMatchObject({ target: 'new-ui', flagValue: 'on' });
    expect(planMitigation('toggleFlag', flag, c)).toMatchObject({ args: { type: 'toggleFlag', target: 'new-ui', params: { value: true } } });
    expect(defaultForm('clearCache', c, 'prod').target).toBe('cache');
    expect(defaultForm('drainZone', c, 'prod').target).toBe('a');
    expect(planMitigation('revertConfig', defaultForm('revertConfig', c, 'prod'), c)).toEqual({ ok: false, problem: 'Choose a change to revert.' });
  });
});

describe('takenMitigations', () => {
  const rollback = rec(900, 'rollback', { env: 'prod' }, { target: 'api', message: 'rolling back api', effectiveAtSec: 930 });
  const rollout: TimelineEvent = { atSec: 930, kind: 'rollout', service: 'api', env: 'prod', text: 'rollout to v2 started, complete at 1090s', ref: 'v2' };

  it('is in progress through the pipeline and the rollout, then done', () => {
    expect(takenMitigations([rollback], [], 910, null)[0]).toMatchObject({ phase: 'inProgress', detail: 'Pipeline running; pods start rolling at 930s' });
    expect(takenMitigations([rollback], [rollout], 1000, null)[0]).toMatchObject({ phase: 'inProgress', doneSec: 1090 });
    expect(takenMitigations([rollback], [rollout], 1090, null)[0]).toMatchObject({ phase: 'done', doneSec: 1090, progress: 1 });
  });

  it('shows rejections with the engine’s reason and waits for scaled replicas', () => {
    const rejected = rec(900, 'restart', {}, { target: 'nope', result: 'rejected', message: 'unknown service "nope"' });
    expect(takenMitigations([rejected], [], 900, null)[0]).toMatchObject({ phase: 'rejected', detail: 'unknown service "nope"' });
    const scale = rec(900, 'scale', { env: 'prod', replicas: 8 }, { target: 'api', effectiveAtSec: 920 });
    const overview = (ready: number) => ({ atSec: 950, edges: [], services: [{ service: 'api', env: 'prod', ratePerSec: 1, errorRatio: 0, p50Ms: 1, p95Ms: 1, p99Ms: 1, saturation: 0, readyReplicas: ready, desiredReplicas: 8, pagesFiring: 0, health: 'ok' as const }] });
    expect(takenMitigations([scale], [], 950, overview(5))[0]).toMatchObject({ phase: 'inProgress', detail: '5 of 8 replicas ready' });
    expect(takenMitigations([scale], [], 990, overview(8))[0]).toMatchObject({ phase: 'done' });
  });
});

describe('buildTimeline', () => {
  it('merges events and actions newest first, without the engine’s copies of actions or hidden observations', () => {
    const events: TimelineEvent[] = [
      { atSec: 120, kind: 'change', service: 'api', env: 'prod', text: 'd2: deploying v3 started on api', ref: 'd2' },
      { atSec: 300, kind: 'alert', service: '', env: '', text: 'api-burn firing (page)' },
      { atSec: 400, kind: 'action:declareIncident', service: '', env: '', text: 'declareIncident: recorded' },
    ];
    const actions = [rec(400, 'declareIncident', { severity: 'SEV2' }), rec(410, 'observe', { service: 'api' }, { target: 'logs' }), rec(420, 'declareIncident', { severity: 'SEV1' })];
    const items = buildTimeline(events, actions, [], false);
    expect(items.map((i) => i.title)).toEqual(['Severity changed to SEV1', 'Declared incident SEV2', 'api-burn firing (page)', 'd2: deploying v3 started on api']);
    expect(buildTimeline(events, actions, [], true).map((i) => i.title)).toContain('Looked at logs: api');
  });
});

describe('templates', () => {
  const slo = (sli5m: number): SloStatus => ({ id: 'api-avail', service: 'api', env: 'prod', indicator: 'availability', objective: 0.999, sliWindow: sli5m, sli5m, sli1h: sli5m, burn5m: 1, burn1h: 1, sliRun: sli5m, budgetLeftPercent: 50 });
  it('states the impact from the worst SLO and promises the next update 30 minutes on', () => {
    expect(impactLine([slo(0.9995)], [], 'internal')).toBeNull();
    expect(impactLine([slo(0.8)], [], 'external')).toBe('about 20% of api requests are failing');
    const text = template('investigating', { audience: 'internal', startEpochSec: scenario.startEpochSec, nowSec: 900, slos: [slo(0.8)], sloDefs: [], incident: incidentSummary([rec(800, 'declareIncident', { severity: 'SEV2' })]), board: [], taken: [] });
    expect(text).toBe('Impact: 20% of api requests failing in prod over the last 5 min (api-avail: SLI 80% vs objective 99.900%).\nStatus: SEV2 incident, investigating.\nNext update at 10:15 UTC.');
  });
});

describe('promisedNextUpdateSec', () => {
  // A run starting 2026-03-10T18:30:00Z.
  const start = Date.UTC(2026, 2, 10, 18, 30) / 1000;
  it('reads the promised clock time as a second of the run', () => {
    expect(promisedNextUpdateSec('Rolling back. Next update at 19:20 UTC.', 1200, start)).toBe(50 * 60);
    expect(promisedNextUpdateSec('next update 19:05', 1200, start)).toBe(35 * 60);
  });
  it('rolls past midnight and ignores texts without a time', () => {
    expect(promisedNextUpdateSec('Next update at 00:10', 5 * 3600, start)).toBe(5 * 3600 + 40 * 60);
    expect(promisedNextUpdateSec('We will keep you posted.', 0, start)).toBeNull();
    expect(promisedNextUpdateSec('Next update at 25:00', 0, start)).toBeNull();
  });
});
