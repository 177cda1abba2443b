import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatIssue, formatPath, loadScenario, validateScenarioObject } from './load.ts';
import type { LoadResult, ScenarioIssue } from './load.ts';

// The example from the format's design, plus the payments service it calls.
const EXAMPLE = `apiVersion: firedrill/v1
kind: Scenario
metadata: {id: checkout-bad-deploy, title: "Bad deploy", summary: "…", difficulty: beginner, durationMinutes: 45, objectives: ["Roll back"], tags: [deploy]}
seed: 42
start: 2026-03-10T09:30:00Z
services:
  - id: checkout
    type: api            # gateway | api | worker | database | cache | queue | external
    replicas: 3
    concurrency: 8       # requests one replica serves at once
    serviceTimeMs: 40    # mean, exponential
    calls: [{to: payments, perRequest: 1, timeoutMs: 2000, retries: 2}]
traffic: [{entry: checkout, rps: 120, pattern: constant}]   # or diurnal
slos: [{id: checkout-availability, service: checkout, indicator: availability, objective: 0.999, windowDays: 30}]
alerts: [{id: checkout-fast-burn, type: burnRate, slo: checkout-availability, longWindow: 1h, shortWindow: 5m, burnRate: 14.4, severity: page}]
changes: [{id: deploy-142, at: -20m, type: deploy, service: checkout, version: v1.42.0, summary: "…"}]
faults: [{id: bad-build, type: errorRate, target: checkout, start: 5m, duration: 10m, causedBy: deploy-142, params: {ratio: 0.15}}]
`;

const PAYMENTS = '  - {id: payments, type: external, replicas: 2, concurrency: 50, serviceTimeMs: 120}\n';
const VALID = EXAMPLE.replace('traffic:', `${PAYMENTS}traffic:`);

function lines(result: LoadResult): string[] {
  return (result.ok ? result.warnings : result.issues).map(formatIssue);
}

function errorsOf(text: string): string[] {
  const result = loadScenario(text, 'bad.yaml');
  expect(result.ok).toBe(false);
  return lines(result);
}

describe('loadScenario: the design example', () => {
  it('accepts it with the payments service, resolving durations and defaults', () => {
    const result = loadScenario(VALID, 'example.yaml');
    expect(lines(result)).toEqual([]);
    if (!result.ok) return;
    const s = result.scenario;
    expect(s.start).toBe('2026-03-10T09:30:00Z'); // a string, not a Date: core schema, no timestamps
    expect(s.environments).toEqual([{ id: 'prod', trafficScale: 1, overrides: [] }]);
    expect(s.services.map((svc) => svc.id)).toEqual(['checkout', 'payments']);
    expect(s.services[0]?.calls[0]).toEqual({ to: 'payments', perRequest: 1, timeoutMs: 2000, retries: 2, critical: true });
    expect(s.alerts[0]).toMatchObject({ longWindow: 3600, shortWindow: 300, burnRate: 14.4 });
    expect(s.changes[0]).toMatchObject({ at: -1200, env: 'prod' });
    expect(s.faults[0]).toMatchObject({ type: 'errorRate', start: 300, duration: 600, params: { ratio: 0.15 } });
  });

  it('reports the dangling payments reference as written, naming the known services', () => {
    expect(errorsOf(EXAMPLE)).toEqual(['bad.yaml:12:18: services[0].calls[0].to: unknown service "payments"; known services: checkout']);
  });

  it('accepts the same scenario written as JSON', () => {
    const json = JSON.stringify(parse(VALID), null, 2);
    expect(loadScenario(json, 'example.json').ok).toBe(true);
  });

  it('accepts anchors and aliases used sensibly', () => {
    const text = VALID.replace('calls: [{to: payments', 'calls: [&pay {to: payments').replace(
      PAYMENTS,
      `${PAYMENTS}  - {id: web, type: gateway, replicas: 2, concurrency: 50, serviceTimeMs: 5, calls: [*pay]}\n`,
    );
    const result = loadScenario(text, 'alias.yaml');
    expect(lines(result)).toEqual([]);
    expect(result.ok && result.scenario.services[2]?.calls[0]?.to).toBe('payments');
  });
});

describe('loadScenario: schema errors point at the field', () => {
  it('names an unknown field, suggests the nearest one, and reports the missing one at its map', () => {
    expect(errorsOf(VALID.replace('replicas: 3', 'replica: 3'))).toEqual([
      'bad.yaml:7:5: services[0].replicas: missing required field "replicas"',
      'bad.yaml:9:5: services[0].replica: unknown field "replica" (hint: did you mean "replicas"?)',
    ]);
  });

  it('lists the allowed fields when nothing is close', () => {
    expect(errorsOf(VALID.replace('seed: 42', 'seed: 42\nfoo: 1'))).toEqual([
      'bad.yaml:5:1: foo: unknown field "foo" (hint: allowed here: apiVersion, kind, metadata, seed, start, environments, services, flags, traffic, slos, alerts, changes, … (9 more))',
    ]);
  });

  it('finds allowed fields inside a fault by its type', () => {
    expect(errorsOf(VALID.replace('params: {ratio: 0.15}', 'params: {ratio: 0.15, endpiont: /pay}'))).toEqual([
      'bad.yaml:18:131: faults[0].params.endpiont: unknown field "endpiont" (hint: did you mean "endpoint"?)',
    ]);
  });

  it('says which type it wanted and what it got', () => {
    expect(errorsOf(VALID.replace('seed: 42', 'seed: abc'))).toEqual(['bad.yaml:4:7: seed: expected a number, got a string "abc"']);
    expect(errorsOf(VALID.replace('replicas: 3', 'replicas: 2.5'))).toEqual([
      'bad.yaml:9:15: services[0].replicas: expected a whole number, got the number 2.5',
    ]);
    expect(errorsOf(VALID.replace('objective: 0.999', 'objective: "0.999"'))).toEqual([
      'bad.yaml:15:91: slos[0].objective: expected a number, got a string "0.999" (hint: write a plain number, without quotes or units)',
    ]);
    expect(errorsOf(VALID.replace('start: 5m', 'start: 300'))).toEqual([
      'bad.yaml:18:68: faults[0].start: expected a string, got the number 300 (hint: durations need a unit, like 300s or 300m)',
    ]);
    expect(errorsOf(VALID.replace('replicas: 3', 'replicas:'))).toEqual([
      'bad.yaml:9:14: services[0].replicas: expected a number, got an empty value (null)',
    ]);
  });

  it('lists the allowed values of an enum', () => {
    expect(errorsOf(VALID.replace('type: api ', 'type: apii '))).toEqual([
      'bad.yaml:8:11: services[0].type: expected one of gateway, api, worker, database, cache, queue, external; got a string "apii" (hint: did you mean "api"?)',
    ]);
    expect(errorsOf(VALID.replace('firedrill/v1', 'firedrill/v2'))).toEqual([
      'bad.yaml:1:13: apiVersion: this scenario needs a newer Firedrill: apiVersion firedrill/v2, and this version reads firedrill/v1 (hint: update Firedrill, or write the scenario for firedrill/v1)',
    ]);
    expect(errorsOf(VALID.replace('firedrill/v1', 'firedrill/beta'))).toEqual([
      'bad.yaml:1:13: apiVersion: expected "firedrill/v1", got a string "firedrill/beta" (hint: this version of Firedrill reads firedrill/v1 scenarios)',
    ]);
  });

  it('lists the fault types for an unknown one', () => {
    const [issue] = errorsOf(VALID.replace('type: errorRate', 'type: errorRat'));
    expect(issue).toBe(
      'bad.yaml:18:32: faults[0].type: unknown fault type "errorRat"; fault types are: errorRate, latency, outage, memoryLeak, cpuSaturation, ' +
        'dependencyLatency, connectionPoolExhaustion, trafficSpike, retryStorm, cacheFailure, certificateExpiry, diskFull, ' +
        'queueConsumerSlowdown, podCrash, zoneOutage, dnsFailure, rateLimited, badFeatureFlag (hint: did you mean "errorRate"?)',
    );
    expect(errorsOf(VALID.replace('type: burnRate, ', ''))).toEqual([
      'bad.yaml:16:10: alerts[0].type: missing required field "type"; alert types are: burnRate, threshold',
    ]);
  });

  it('explains ranges and formats', () => {
    expect(errorsOf(VALID.replace('ratio: 0.15', 'ratio: 1.5'))).toEqual(['bad.yaml:18:125: faults[0].params.ratio: must be at most 1, got the number 1.5']);
    expect(errorsOf(VALID.replace('objective: 0.999', 'objective: 1'))).toEqual(['bad.yaml:15:91: slos[0].objective: must be less than 1, got the number 1']);
    expect(errorsOf(VALID.replace('objectives: ["Roll back"]', 'objectives: []'))).toEqual([
      'bad.yaml:3:127: metadata.objectives: needs at least 1 item, got 0',
    ]);
    expect(errorsOf(VALID.replace('title: "Bad deploy"', 'title: ""'))).toEqual(['bad.yaml:3:44: metadata.title: must not be empty']);
    expect(errorsOf(VALID.replace('at: -20m', 'at: 20 minutes'))).toEqual([
      'bad.yaml:17:32: changes[0].at: an offset is written like 90s, 5m, 1h30m, -20m or 00:12:30; got a string "20 minutes"',
    ]);
    expect(errorsOf(VALID.replace('id: checkout\n', 'id: Checkout\n'))).toContain(
      'bad.yaml:7:9: services[0].id: ids are lower-case letters, digits and dashes (like checkout-api), at most 64 characters; got a string "Checkout"',
    );
  });

  it('explains an empty file and a document that is not a map', () => {
    expect(errorsOf('')).toEqual(['bad.yaml:1:1: (root): the file is empty; a scenario is a map that starts with apiVersion: firedrill/v1']);
    expect(errorsOf('# only a comment\n')).toHaveLength(1);
    expect(errorsOf('[1, 2]')).toEqual(['bad.yaml:1:1: (root): a scenario is a map of fields (apiVersion, kind, metadata, …), got a list']);
  });

  it('sorts issues by line, then column', () => {
    const text = VALID.replace('seed: 42', 'seed: x').replace('replicas: 3', 'replicas: y').replace('kind: Scenario', 'kind: Scenery');
    const result = loadScenario(text, 'bad.yaml');
    const positions = result.ok ? [] : result.issues.map((i) => [i.line, i.col]);
    expect(positions).toEqual([
      [2, 7],
      [4, 7],
      [9, 15],
    ]);
  });

  it('caps the list at 200 issues, the last one counting the rest', () => {
    const services = Array.from({ length: 300 }, (_, i) => `  - {id: s${i}, type: api, replicas: 1, concurrency: 1, serviceTimeMs: 1, bogus: 1}`).join('\n');
    const text = VALID.replace(/services:\n[\s\S]*?traffic:/, `services:\n${services}\ntraffic:`);
    const result = loadScenario(text, 'big.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(200);
    expect(result.issues[198]?.message).toBe('unknown field "bogus"');
    expect(result.issues[199]?.message).toBe('… and 101 more');
  });
});

describe('loadScenario: YAML problems', () => {
  it('reports syntax errors with their position', () => {
    expect(errorsOf(VALID.replace('title: "Bad deploy"', 'title: "Bad deploy'))[0]).toMatch(/^bad\.yaml:3:\d+: metadata(\.\w+)?: YAML: /);
    expect(errorsOf('a:\n\t- x\n')).toEqual(['bad.yaml:2:1: a: YAML: Tabs are not allowed as indentation (hint: indent with spaces)']);
  });

  it('refuses duplicate keys, naming the field', () => {
    expect(errorsOf(VALID.replace('seed: 42', 'seed: 42\nseed: 43'))).toEqual([
      'bad.yaml:5:1: seed: duplicate field "seed" (hint: a field may appear once per map; remove one of them)',
    ]);
  });

  it('refuses a second document', () => {
    expect(errorsOf(`${VALID}---\nkind: Scenario\n`)).toEqual([
      'bad.yaml:19:1: (root): a scenario file holds exactly one YAML document, and a second one starts here (hint: remove the `---` line, or split the file)',
    ]);
  });

  it('refuses tags, known and custom, so nothing but plain data is built', () => {
    expect(errorsOf(VALID.replace('seed: 42', 'seed: !!binary aGk='))).toEqual([
      'bad.yaml:4:7: seed: YAML tags are not allowed in scenarios (Unresolved tag: !!binary) (hint: remove the tag: scenarios hold plain strings, numbers, booleans, lists and maps)',
    ]);
    expect(errorsOf(VALID.replace('seed: 42', 'seed: !<tag:yaml.org,2002:js/function> "function () {}"'))[0]).toContain('YAML tags are not allowed');
    expect(errorsOf(VALID.replace('seed: 42', 'seed: !foo 42'))[0]).toContain('YAML tags are not allowed');
  });

  it('keeps __proto__ as data and refuses it as an unknown field', () => {
    const text = VALID.replace('seed: 42', 'seed: 42\n__proto__: {polluted: true}');
    expect(errorsOf(text)[0]).toMatch(/^bad\.yaml:5:1: __proto__: unknown field "__proto__"/);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses merge keys', () => {
    expect(errorsOf(VALID.replace('seed: 42', 'seed: 42\n<<: {kind: Scenario}'))).toEqual([
      'bad.yaml:5:1: ["<<"]: unknown field "<<" (hint: YAML merge keys (<<) are not supported; write the fields out)',
    ]);
  });

  it('names an alias without an anchor', () => {
    expect(errorsOf(VALID.replace('seed: 42', 'seed: *answer'))).toEqual([
      'bad.yaml:4:7: seed: alias *answer refers to no anchor (hint: define &answer on a value before the first *answer)',
    ]);
  });

  it('refuses keys that are not plain strings', () => {
    expect(errorsOf('? [a, b]\n: 1\n')[0]).toContain('map keys must be plain words');
  });

  it('refuses alias bombs, oversize texts and deep nesting with a clear message', () => {
    let bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) bomb += `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]\n`;
    expect(errorsOf(bomb)).toEqual([
      'bad.yaml:2:8: b[0]: the document expands too many aliases (more than 100 *references), like an "alias bomb" (hint: write the repeated values out instead of nesting aliases)',
    ]);
    expect(errorsOf(`a: ${'x'.repeat(2 * 1024 * 1024)}`)).toEqual([
      'bad.yaml:1:1: (root): the file is larger than 2 MB, the most a scenario may be (hint: a scenario is usually a few kilobytes; split generated data out of it)',
    ]);
    expect(errorsOf(`a: ${'é'.repeat(1024 * 1024)}`)).toHaveLength(1); // 2 MB of UTF-8 in 1 M characters
    expect(errorsOf(`${'['.repeat(65)}${']'.repeat(65)}`)).toEqual(['bad.yaml:1:65: (root): nesting is deeper than 64 levels; a scenario needs fewer than 10']);
    expect(errorsOf(`${'['.repeat(64)}${']'.repeat(64)}`)[0]).toContain('a scenario is a map of fields');
  });

  it('refuses maps too big for any part of a scenario, as checking their keys is quadratic', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: x`).join('\n');
    expect(errorsOf(`seed: 1\nbig:\n  ${keys(101).replaceAll('\n', '\n  ')}`)).toEqual([
      'bad.yaml:3:3: (root): a map with 101 entries; no map in a scenario has more than 100',
    ]);
    expect(errorsOf(`{${keys(101).replaceAll('\n', ', ')}}`)).toHaveLength(1);
    expect(errorsOf(keys(100)).length).toBeGreaterThan(1); // allowed through, then 100 unknown fields
  });
});

describe('loadScenario: semantic checks', () => {
  it('maps their paths to positions, pointing at the item when a defaulted field is at fault', () => {
    const text = VALID.replace('seed: 42', 'seed: 42\nenvironments: [{id: staging}]');
    const issues = errorsOf(text);
    expect(issues[0]).toBe(
      'bad.yaml:16:8: slos[0].env: environment "prod" does not exist (env defaults to prod when omitted); known environments: staging (hint: set env on this item, or add an environment with id: prod)',
    );
    expect(issues.map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      'bad.yaml:16:8: slos[0].env',
      'bad.yaml:18:11: changes[0].env',
      'bad.yaml:19:10: faults[0].env',
    ]);
  });

  it('returns warnings with an accepted scenario', () => {
    const text = VALID.replace('seed: 42', 'seed: 42\ninjects: [{id: late, at: 2h, kind: chat, from: Ann, subject: hi, body: hello}]');
    const result = loadScenario(text, 'warn.yaml');
    expect(result.ok).toBe(true);
    expect(lines(result)).toEqual(['warn.yaml:5:26: injects[0].at: inject at 2h falls outside the scenario (0s to 45m), so no player will see it']);
    expect(result.ok && result.warnings[0]?.severity).toBe('warning');
  });
});

describe('validateScenarioObject', () => {
  it('accepts parsed data and reports at 1:1 without positions', () => {
    const data = parse(VALID) as Record<string, unknown>;
    expect(validateScenarioObject(data, 'mem').ok).toBe(true);
    const result = validateScenarioObject({ ...data, seed: -1 }, 'mem');
    expect(lines(result)).toEqual(['mem:1:1: seed: must be at least 0, got the number -1']);
  });

  it('never throws, even for hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    for (const value of [undefined, null, 42, 'x', [], hostile, { apiVersion: 'firedrill/v1', services: 'none' }]) {
      const result = validateScenarioObject(value, 'mem');
      expect(result.ok).toBe(false);
    }
  });
});

describe('formatIssue and formatPath', () => {
  const issue: ScenarioIssue = { file: 'f.yaml', line: 3, col: 7, path: 'seed', message: 'bad', severity: 'error' };
  it('prints file:line:col: path: message, with the hint when there is one', () => {
    expect(formatIssue(issue)).toBe('f.yaml:3:7: seed: bad');
    expect(formatIssue({ ...issue, hint: 'fix it' })).toBe('f.yaml:3:7: seed: bad (hint: fix it)');
  });
  it('writes paths like services[2].calls[0].to and (root)', () => {
    expect(formatPath(['services', 2, 'calls', 0, 'to'])).toBe('services[2].calls[0].to');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['a b', 1])).toBe('["a b"][1]');
  });
});
