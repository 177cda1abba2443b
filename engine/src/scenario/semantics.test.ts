import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from './schema.ts';
import type { ScenarioInput } from './schema.ts';
import { checkSemantics, closestMatch, editDistance } from './semantics.ts';
import type { SemanticIssue } from './semantics.ts';

// A small but complete system: every service type, a cache with onMiss, a queue and its worker.
function base(): ScenarioInput {
  const svc = { replicas: 2, concurrency: 10, serviceTimeMs: 20 };
  return {
    apiVersion: 'firedrill/v1',
    kind: 'Scenario',
    metadata: { id: 'shop', title: 'Shop', summary: 'A shop.', difficulty: 'intermediate', durationMinutes: 60, objectives: ['Find it'] },
    seed: 1,
    start: '2026-03-10T09:30:00Z',
    environments: [{ id: 'prod' }, { id: 'staging', trafficScale: 0.05 }],
    services: [
      { id: 'web', type: 'gateway', ...svc, calls: [{ to: 'checkout' }] },
      { id: 'checkout', type: 'api', ...svc, calls: [{ to: 'cart-cache', onMiss: 'db' }, { to: 'payments' }, { to: 'orders' }] },
      { id: 'cart-cache', type: 'cache', ...svc, hitRatio: 0.9 },
      { id: 'db', type: 'database', ...svc, zones: ['a', 'b'] },
      { id: 'payments', type: 'external', ...svc },
      { id: 'orders', type: 'queue', ...svc, partitions: 6 },
      { id: 'fulfil', type: 'worker', ...svc, consumes: 'orders' },
    ],
    flags: [{ id: 'new-pricing', service: 'checkout', disablesCall: 'payments' }],
    traffic: [{ entry: 'web', rps: 100 }],
    slos: [
      { id: 'web-availability', service: 'web', indicator: 'availability', objective: 0.999 },
      { id: 'web-latency', service: 'web', indicator: 'latency', objective: 0.99, thresholdMs: 300 },
    ],
    alerts: [
      { id: 'fast-burn', type: 'burnRate', slo: 'web-availability', longWindow: '1h', shortWindow: '5m', burnRate: 14.4, severity: 'page' },
      { id: 'db-cpu', type: 'threshold', service: 'db', metric: 'cpu_utilization', value: 0.9, severity: 'ticket' },
    ],
    changes: [
      { id: 'deploy-1', at: '-20m', type: 'deploy', service: 'checkout', version: 'v2', summary: 'Deploy' },
      { id: 'flip', at: '2m', type: 'flag', flag: 'new-pricing', value: true, summary: 'Flip' },
    ],
    faults: [
      { id: 'bad-build', type: 'errorRate', target: 'checkout', start: '5m', causedBy: 'deploy-1', params: { ratio: 0.1 } },
      { id: 'slow-db', type: 'dependencyLatency', target: 'checkout', params: { dependency: 'payments', addMs: 200 } },
      { id: 'zone', type: 'zoneOutage', target: '*', start: '10m', params: { zone: 'b' } },
      { id: 'flag-bug', type: 'badFeatureFlag', target: 'checkout', params: { flag: 'new-pricing', errorRatio: 0.2 } },
    ],
    injects: [{ id: 'ticket', at: '15m', kind: 'ticket', from: 'Support', subject: 'Slow', body: 'Customers say checkout is slow.' }],
  };
}

function issuesAfter(edit: (s: ScenarioInput) => void): SemanticIssue[] {
  const input = base();
  edit(input);
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) throw new Error(`fixture edit broke the schema: ${parsed.error.message}`);
  return checkSemantics(parsed.data);
}

/** `path: message` lines, the shape a reader compares most easily. */
function linesAfter(edit: (s: ScenarioInput) => void): string[] {
  return issuesAfter(edit).map((i) => `${i.severity} ${i.path.join('.')}: ${i.message}${i.hint ? ` (hint: ${i.hint})` : ''}`);
}

const services = (s: ScenarioInput) => s.services;
const svc = (s: ScenarioInput, id: string) => {
  const found = s.services.find((x) => x.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('checkSemantics', () => {
  it('accepts the base fixture without issues', () => {
    expect(linesAfter(() => {})).toEqual([]);
  });

  it('reports duplicate ids at the second occurrence, naming the first index', () => {
    expect(
      linesAfter((s) => {
        services(s).push({ id: 'db', type: 'database', replicas: 1, concurrency: 1, serviceTimeMs: 1 });
        s.injects?.push({ id: 'ticket', at: '20m', kind: 'chat', from: 'a', subject: 'b', body: 'c' });
      }),
    ).toEqual([
      'error services.7.id: duplicate id "db": services[3] already uses it (hint: ids must be unique within a list)',
      'error injects.1.id: duplicate id "ticket": injects[0] already uses it (hint: ids must be unique within a list)',
    ]);
  });

  it('reports dangling references with the known ids and a suggestion', () => {
    expect(linesAfter((s) => (svc(s, 'web').calls = [{ to: 'chekout' }]))).toEqual([
      'error services.0.calls.0.to: unknown service "chekout"; known services: web, checkout, cart-cache, db, payments, orders, fulfil (hint: did you mean "checkout"?)',
    ]);
    expect(linesAfter((s) => (s.traffic[0] = { entry: 'web', rps: 1, env: 'qa' }))).toEqual([
      'error traffic.0.env: unknown environment "qa"; known environments: prod, staging',
    ]);
    expect(linesAfter((s) => (s.environments = [{ id: 'prod', overrides: [{ service: 'nope', replicas: 1 }] }]))).toEqual([
      'error environments.0.overrides.0.service: unknown service "nope"; known services: web, checkout, cart-cache, db, payments, orders, fulfil',
    ]);
    expect(linesAfter((s) => (s.faults![0] = { id: 'x', type: 'outage', target: 'checkout', causedBy: 'deploy-2', params: {} }))).toEqual([
      'error faults.0.causedBy: unknown change "deploy-2"; known changes: deploy-1, flip (hint: did you mean "deploy-1"?)',
    ]);
    expect(linesAfter((s) => (s.alerts![0] = { id: 'a', type: 'burnRate', slo: 'web', longWindow: '1h', shortWindow: '5m', burnRate: 2, severity: 'page' }))).toEqual([
      'error alerts.0.slo: unknown SLO "web"; known SLOs: web-availability, web-latency',
    ]);
    expect(linesAfter((s) => (s.flags = []))).toEqual([
      'error changes.1.flag: unknown flag "new-pricing"; no flags are defined',
      'error faults.3.params.flag: unknown flag "new-pricing"; no flags are defined',
    ]);
  });

  it('checks every other reference field', () => {
    const lines = linesAfter((s) => {
      s.slos![0]!.service = 'x1';
      s.slos![0]!.env = 'x2';
      s.alerts![1] = { id: 'db-cpu', type: 'threshold', service: 'x3', env: 'x4', metric: 'restarts', value: 1, severity: 'info' };
      s.changes![0]!.service = 'x5';
      s.changes![0]!.env = 'x6';
      s.flags![0]!.service = 'x7';
      s.faults![1]!.env = 'x8';
      s.faults![1]!.target = 'x9';
    });
    expect(lines.map((l) => l.split(';')[0])).toEqual([
      'error flags.0.service: unknown service "x7"',
      'error slos.0.service: unknown service "x1"',
      'error slos.0.env: unknown environment "x2"',
      'error alerts.1.service: unknown service "x3"',
      'error alerts.1.env: unknown environment "x4"',
      'error changes.0.service: unknown service "x5"',
      'error changes.0.env: unknown environment "x6"',
      'error faults.1.env: unknown environment "x8"',
      'error faults.1.target: unknown service "x9"',
    ]);
  });

  it('allows target "*" only for zoneOutage', () => {
    expect(linesAfter((s) => (s.faults![0]!.target = '*'))).toEqual([
      'error faults.0.target: target "*" (every service) is only allowed for zoneOutage faults, not errorRate (hint: name the one service this fault hits)',
    ]);
  });

  it('checks fault parameters against the target', () => {
    expect(linesAfter((s) => (s.faults![1] = { id: 'slow', type: 'dependencyLatency', target: 'checkout', params: { dependency: 'web', addMs: 5 } }))).toEqual([
      'error faults.1.params.dependency: checkout does not call "web"; it calls: cart-cache, payments, orders (hint: name one of the services checkout calls)',
    ]);
    expect(linesAfter((s) => (s.faults![1] = { id: 'pool', type: 'connectionPoolExhaustion', target: 'db', params: { dependency: 'web' } }))).toEqual([
      'error faults.1.params.dependency: db does not call "web"; it calls nothing (hint: name one of the services db calls)',
    ]);
    expect(linesAfter((s) => (s.faults![3]!.target = 'web'))).toEqual([
      'error faults.3.params.flag: flag "new-pricing" belongs to checkout, not to the fault\'s target web (hint: target checkout, or use a flag of web)',
    ]);
    expect(linesAfter((s) => (s.faults![2] = { id: 'zone', type: 'zoneOutage', target: 'db', params: { zone: 'c' } }))).toEqual([
      'error faults.2.params.zone: zone "c" is not a zone of db; zones: a, b',
    ]);
    expect(linesAfter((s) => (s.faults![2] = { id: 'zone', type: 'zoneOutage', target: '*', params: { zone: 'd' } }))).toEqual([
      'error faults.2.params.zone: zone "d" is not a zone of any service; zones: a, b, c',
    ]);
  });

  it('checks kill-switch flags against the calls of their service', () => {
    expect(linesAfter((s) => (s.flags![0]!.disablesCall = 'web'))).toEqual([
      'error flags.0.disablesCall: checkout does not call "web"; it calls: cart-cache, payments, orders (hint: name one of the services checkout calls)',
    ]);
  });

  it('requires a worker to consume a queue, and type-only fields on their type', () => {
    expect(
      linesAfter((s) => {
        svc(s, 'fulfil').consumes = 'db';
        svc(s, 'db').hitRatio = 0.5;
        svc(s, 'db').partitions = 3;
        svc(s, 'web').consumes = 'orders';
        svc(s, 'web').calls = [{ to: 'checkout', onMiss: 'db' }];
      }),
    ).toEqual([
      'error services.0.consumes: consumes only applies to services of type worker, but web is of type gateway',
      'error services.0.calls.0.onMiss: onMiss only applies to calls to a cache, but checkout is of type api (hint: remove onMiss, or make the call go to the cache in front of this service)',
      'error services.3.hitRatio: hitRatio only applies to services of type cache, but db is of type database',
      'error services.3.partitions: partitions only applies to services of type queue, but db is of type database',
      'error services.6.consumes: consumes must name a service of type queue, but db is of type database',
    ]);
  });

  it('names call cycles, including through onMiss, and self calls', () => {
    expect(linesAfter((s) => (svc(s, 'db').calls = [{ to: 'web' }]))).toEqual([
      'error services.3.calls.0.to: call cycle: web -> checkout -> db -> web (hint: a request would go round forever; remove one of these calls)',
    ]);
    expect(linesAfter((s) => (svc(s, 'payments').calls = [{ to: 'payments' }]))).toEqual([
      'error services.4.calls.0.to: payments calls itself: payments -> payments (hint: a request would go round forever; remove one of these calls)',
    ]);
  });

  it('finds cycles in a long chain without recursion', () => {
    const issues = issuesAfter((s) => {
      const n = 3000;
      for (let i = 0; i < n; i++) services(s).push({ id: `s${i}`, type: 'api', replicas: 1, concurrency: 1, serviceTimeMs: 1, calls: [{ to: `s${(i + 1) % n}` }] });
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/^call cycle: s0 -> s1 -> .* -> s2999 -> s0$/);
  });

  it('checks SLO thresholds against the indicator', () => {
    expect(
      linesAfter((s) => {
        delete s.slos![1]!.thresholdMs;
        s.slos![0]!.thresholdMs = 100;
      }),
    ).toEqual([
      'error slos.0.thresholdMs: thresholdMs only applies to latency SLOs; an availability SLO counts successful requests (hint: remove thresholdMs, or set indicator: latency)',
      'error slos.1.thresholdMs: a latency SLO needs thresholdMs: a request is good when faster than it (hint: add thresholdMs, e.g. thresholdMs: 300)',
    ]);
  });

  it('refuses burn-rate alerts that can never fire, and inverted windows', () => {
    expect(
      linesAfter((s) => {
        s.slos![0]!.objective = 0.9;
        s.alerts![0] = { id: 'fast-burn', type: 'burnRate', slo: 'web-availability', longWindow: '5m', shortWindow: '1h', burnRate: 14.4, severity: 'page' };
      }),
    ).toEqual([
      'error alerts.0.shortWindow: shortWindow (1h) must be shorter than longWindow (5m) (hint: the SRE workbook pairs 1h with 5m and 6h with 30m)',
      'error alerts.0.burnRate: burn rate 14.4 can never be reached by SLO "web-availability" (objective 0.9): even 100% errors burn its budget at most 10x, so this alert can never fire (hint: burnRate x (1 - objective) must be at most 1; as the SRE workbook notes, a 90% SLO cannot page at 14.4x)',
    ]);
  });

  it('accepts a burn rate exactly at the limit despite floating point', () => {
    expect(linesAfter((s) => (s.alerts![0] = { id: 'a', type: 'burnRate', slo: 'web-availability', longWindow: '1h', shortWindow: '5m', burnRate: 1000, severity: 'page' }))).toEqual([]);
    expect(linesAfter((s) => (s.alerts![0] = { id: 'a', type: 'burnRate', slo: 'web-availability', longWindow: '1h', shortWindow: '5m', burnRate: 1001, severity: 'page' }))).toHaveLength(1);
  });

  it('checks resources', () => {
    expect(
      linesAfter((s) => {
        svc(s, 'web').memory = { baselineMb: 600 };
        svc(s, 'db').disk = { sizeGb: 10, usedGb: 11 };
      }),
    ).toEqual([
      'error services.0.memory.baselineMb: memory.baselineMb (600) must be below memory.limitMb (512): a fresh replica would be OOM-killed at once (hint: memory.limitMb defaults to 512 when omitted)',
      'error services.3.disk.usedGb: disk.usedGb (11) cannot exceed disk.sizeGb (10) (hint: disk.sizeGb defaults to 20 when omitted)',
    ]);
    expect(linesAfter((s) => (svc(s, 'db').disk = { sizeGb: 10, usedGb: 10 }))).toEqual([]);
  });

  it('requires the fields each change type needs', () => {
    expect(
      linesAfter((s) => {
        s.changes = [
          { id: 'd', at: '0s', type: 'deploy', summary: 'x' },
          { id: 'c', at: '0s', type: 'config', summary: 'x' },
          { id: 'f', at: '0s', type: 'flag', summary: 'x' },
          { id: 'i', at: '0s', type: 'infra', summary: 'x' },
        ];
        s.faults = [];
      }),
    ).toEqual([
      'error changes.0.service: a deploy change needs service (hint: name the service deployed and the version rolled out, e.g. service: checkout, version: v1.42.0)',
      'error changes.0.version: a deploy change needs version (hint: name the service deployed and the version rolled out, e.g. service: checkout, version: v1.42.0)',
      'error changes.1.service: a config change needs service (hint: name the service whose configuration changed)',
      'error changes.2.flag: a flag change needs flag (hint: name the flag flipped and its new value, e.g. flag: new-pricing, value: true)',
      'error changes.2.value: a flag change needs value (hint: name the flag flipped and its new value, e.g. flag: new-pricing, value: true)',
    ]);
  });

  it('keeps faults inside the scenario and causes before effects', () => {
    expect(
      linesAfter((s) => {
        s.faults![0]!.start = '-1m';
        s.faults![1]!.start = '1h';
      }),
    ).toEqual([
      'error faults.0.start: fault start -1m is outside the scenario: faults start at or after the scenario start (0s) (hint: to model an earlier cause, use a change with a negative at and causedBy)',
      'error faults.1.start: fault start 1h is outside the scenario: the scenario ends at 1h (metadata.durationMinutes) (hint: to model an earlier cause, use a change with a negative at and causedBy)',
    ]);
    expect(linesAfter((s) => (s.changes![0]!.at = '6m'))).toEqual([
      'warning faults.0.causedBy: change "deploy-1" happens at 6m, after the fault it causes starts (5m) (hint: a cause comes before its effect: move the change earlier or the fault later)',
    ]);
  });

  it('warns about pod-level faults on external services and traffic entering at a backend', () => {
    expect(
      linesAfter((s) => {
        s.faults!.push({ id: 'leak', type: 'memoryLeak', target: 'payments', params: { mbPerMinute: 5 } });
        s.traffic.push({ entry: 'db', rps: 5 });
      }),
    ).toEqual([
      'warning traffic.1.entry: traffic enters at db, a database: end users do not call a database directly (hint: point traffic at a gateway or api service)',
      "warning faults.4.type: a memoryLeak fault on payments, an external service: we do not run the provider's pods, so this has no visible cause (hint: model a provider failure as outage, latency, errorRate, rateLimited or dnsFailure)",
    ]);
  });

  it('warns about injects outside the scenario', () => {
    expect(linesAfter((s) => (s.injects![0]!.at = '61m'))).toEqual([
      'warning injects.0.at: inject at 1h1m falls outside the scenario (0s to 1h), so no player will see it',
    ]);
  });

  it('requires a prod environment when something defaults to it', () => {
    expect(linesAfter((s) => (s.environments = [{ id: 'staging' }])).filter((l) => l.includes('"prod"'))).toEqual([
      'error slos.0.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error slos.1.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error alerts.1.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error changes.0.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error changes.1.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error faults.0.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error faults.1.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error faults.2.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
      'error faults.3.env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
    ]);
  });
});

describe('suggestions', () => {
  it('measures edits, counting a swap of neighbours as one', () => {
    expect(editDistance('replica', 'replicas')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('suggests only plausible typos', () => {
    expect(closestMatch('replica', ['id', 'replicas', 'calls'])).toBe('replicas');
    expect(closestMatch('Replicas', ['replicas'])).toBe('replicas');
    expect(closestMatch('foo', ['replicas', 'calls'])).toBeUndefined();
    expect(closestMatch('x', ['y'])).toBeUndefined();
  });
});
