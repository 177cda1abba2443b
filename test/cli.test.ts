// The command line as scripts and users meet it: spawned `node --import tsx cli/main.ts ...` from
// the repository root, checking exit codes (0 ok, 1 invalid input, 2 usage) and output shapes.
// Plus in-process tests of the strict flag parser.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../cli/args.ts';
import { memoryIo, userCwd } from '../cli/io.ts';
import { logLines, unitRecords } from '../cli/logExport.ts';
import { createSim, formatIssue, loadScenario } from '../engine/src/index.ts';
import { schema } from '../cli/commands/schema.ts';
import { main } from '../cli/main.ts';
import { parseSession } from '../cli/session.ts';
import { ActionListSchema, draftPostmortem, measureRun, runRecorded, SESSION_FORMAT } from '../engine/src/index.ts';
import { builtin, CHECKOUT_RIGHT, goodCheckoutPostmortem } from './postmortemKit.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = 'test/fixtures/cli-checkout.yaml';
const BROKEN = 'test/fixtures/cli-broken.yaml';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, from the repository root, with `input` on stdin. */
function cli(args: string[], input = ''): Promise<Run> {
  const env = { ...process.env };
  // Not started by `npm run firedrill`: relative paths resolve against cwd.
  delete env.npm_lifecycle_event;
  delete env.INIT_CWD;
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', ...args],
      { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = child.exitCode;
        if (code === null) reject(err ?? new Error('the CLI did not exit'));
        else resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}

const tmp = () => mkdtempSync(join(tmpdir(), 'firedrill-cli-'));

describe('firedrill help and dispatch', () => {
  it('prints usage for every command with no arguments, help and --help', async () => {
    for (const args of [[], ['help'], ['--help']]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      for (const cmd of ['list', 'validate', 'check', 'new', 'simulate', 'replay', 'record', 'schema', 'play', 'score', 'counterfactual', 'report']) expect(r.stdout).toContain(`firedrill ${cmd}`);
    }
  });

  it('exits 2 on an unknown command, suggesting the near one', async () => {
    const io = memoryIo();
    expect(await main(['simulat'], io)).toBe(2);
    expect(io.stderr.join('')).toContain('did you mean simulate?');
  });
});

describe('firedrill list', () => {
  it('lists the built-in scenarios as a table and as JSON', async () => {
    const table = await cli(['list']);
    expect(table.code).toBe(0);
    const json = await cli(['list', '--json']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(Array.isArray(rows)).toBe(true);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['difficulty', 'durationMinutes', 'file', 'id', 'tags', 'title']);
      expect(table.stdout).toContain(String(row.id));
    }
  });
});

describe('firedrill validate', () => {
  it('exits 0 for a valid file', async () => {
    const r = await cli(['validate', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 file checked: 1 valid, 0 invalid');
  });

  it('exits 1 with file:line:col: path: message lines and a summary for an invalid file', async () => {
    const r = await cli(['validate', FIXTURE, BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^test\/fixtures\/cli-broken\.yaml:\d+:\d+: services\[0\]\.replicas: .+$/m);
    expect(r.stdout).toMatch(/^test\/fixtures\/cli-broken\.yaml:\d+:\d+: services\[0\]\.colour: .+$/m);
    expect(r.stdout).toMatch(/^2 files checked: 1 valid, 1 invalid \(\d+ errors?\)$/m);
  });

  it('walks directories and reports JSON', async () => {
    const r = await cli(['validate', 'test/fixtures', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { files: { file: string; valid: boolean; issues: { line: number; path: string }[] }[] };
    const byName = new Map(out.files.map((f) => [f.file, f]));
    expect(byName.get(FIXTURE)?.valid).toBe(true);
    expect(byName.get(BROKEN)?.valid).toBe(false);
    expect(byName.get(BROKEN)?.issues.some((i) => i.path === 'services[0].replicas' && i.line > 1)).toBe(true);
  });

  it('exits 2 on usage errors: no arguments, unknown flag, missing file (named)', async () => {
    expect((await cli(['validate'])).code).toBe(2);
    expect((await cli(['validate', FIXTURE, '--strict'])).code).toBe(2);
    const missing = await cli(['validate', 'test/fixtures/no-such-file.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('test/fixtures/no-such-file.yaml');
  });
});

interface SimJson {
  scenario: string;
  seed: number;
  durationSec: number;
  stateHash: string;
  services: { id: string; requests: number; errors: number; latencyMsMean: number; latencyMsP95: number }[];
  slos: { id: string; objective: number; good: number; total: number; sli: number; budgetConsumedPercent: number }[];
  alerts: { id: string; firedAtSec: number; resolvedAtSec: number | null }[];
  actions: { atSec: number; type: string; target: string; result: string }[];
}

describe('firedrill simulate', () => {
  it('prints one JSON object with the contract fields', async () => {
    const r = await cli(['simulate', FIXTURE, '--minutes', '10', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as SimJson;
    expect(s.scenario).toBe('checkout-bad-deploy');
    expect(s.seed).toBe(42);
    expect(s.durationSec).toBe(600);
    expect(s.stateHash).toMatch(/^[0-9a-f]+$/);
    expect(s.services.map((x) => x.id).sort()).toEqual(['checkout', 'payments']);
    for (const svc of s.services) {
      for (const k of ['requests', 'errors', 'latencyMsMean', 'latencyMsP95'] as const) expect(typeof svc[k]).toBe('number');
    }
    const checkout = s.services.find((x) => x.id === 'checkout');
    expect(checkout?.requests).toBeGreaterThan(0);
    expect(checkout?.errors).toBeGreaterThan(0); // the bad build fails 15% from minute 5
    expect(s.slos).toHaveLength(1);
    expect(s.slos[0]).toMatchObject({ id: 'checkout-availability', objective: 0.999 });
    for (const k of ['good', 'total', 'sli', 'budgetConsumedPercent'] as const) expect(typeof s.slos[0]?.[k]).toBe('number');
    expect(Array.isArray(s.alerts)).toBe(true);
    for (const a of s.alerts) expect(a.resolvedAtSec === null || typeof a.resolvedAtSec === 'number').toBe(true);
    expect(s.actions).toEqual([]);
  });

  it('is deterministic: same seed, same hash; another seed, another hash', async () => {
    const run = async (seed: string) => (JSON.parse((await cli(['simulate', FIXTURE, '--minutes', '10', '--seed', seed, '--json'])).stdout) as SimJson).stateHash;
    const [a, b, c] = await Promise.all([run('7'), run('7'), run('8')]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('prints a readable summary without --json', async () => {
    const r = await cli(['simulate', FIXTURE, '--minutes', '10']);
    expect(r.code).toBe(0);
    for (const text of ['checkout-bad-deploy', 'Seed      42', 'checkout-availability', 'payments', 'State hash']) expect(r.stdout).toContain(text);
  });

  it('writes the metrics CSV and the log lines', async () => {
    const dir = tmp();
    const csv = join(dir, 'metrics.csv');
    const jsonl = join(dir, 'logs.jsonl');
    const r = await cli(['simulate', FIXTURE, '--minutes', '2', '--json', '--metrics-csv', csv, '--logs-jsonl', jsonl]);
    expect(r.code).toBe(0);
    JSON.parse(r.stdout); // stdout stays one JSON object
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('time_sec,service,env,metric,value');
    expect(rows.length).toBeGreaterThan(1);
    const logs = readFileSync(jsonl, 'utf8').trimEnd().split('\n').filter(Boolean);
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      const rec = JSON.parse(line) as { service: string; body: string };
      expect(typeof rec.service).toBe('string');
      expect(typeof rec.body).toBe('string');
    }
  });

  it('takes actions from a file and reports their results', async () => {
    const r = await cli(['simulate', FIXTURE, '--minutes', '10', '--actions', 'test/fixtures/cli-actions.json', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as SimJson;
    expect(s.actions.map((a) => [a.atSec, a.type, a.target, a.result])).toEqual([
      [420, 'acknowledge', 'checkout-fast-burn', 'applied'],
      [480, 'rollback', 'checkout', 'applied'],
    ]);
  });

  it('exits 1 naming the index of an invalid action', async () => {
    const r = await cli(['simulate', FIXTURE, '--minutes', '10', '--actions', 'test/fixtures/cli-actions-bad.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cli-actions-bad\.json:1: type: /);
    expect(r.stderr).not.toMatch(/cli-actions-bad\.json:0:/);
  });

  it('exits 1 with the issue lines for an invalid scenario', async () => {
    const r = await cli(['simulate', BROKEN, '--minutes', '10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/fixtures\/cli-broken\.yaml:\d+:\d+: services\[0\]\.replicas: /m);
  });

  it('exits 2 on bad flags, with a message and a usage hint', async () => {
    const cases: [string[], RegExp][] = [
      [['--seed', 'abc'], /--seed must be a whole number/],
      [['--minutes', '-5'], /--minutes must not be negative/],
      [['--minutes', '1.5'], /--minutes must be a whole number/],
      [['--seed'], /--seed needs a value/],
      [['--frobnicate'], /unknown flag --frobnicate/],
    ];
    const results = await Promise.all(cases.map(([flags]) => cli(['simulate', FIXTURE, ...flags])));
    results.forEach((r, k) => {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(cases[k]?.[1] ?? /./);
      expect(r.stderr).toContain('usage: firedrill simulate');
    });
    const noScenario = await cli(['simulate', 'no-such-scenario-id']);
    expect(noScenario.code).toBe(2);
    expect(noScenario.stderr).toContain('no-such-scenario-id');
  });
});

describe('firedrill record and replay', () => {
  it('replays a recorded session (OK), and fails on a tampered hash', async () => {
    const dir = tmp();
    const session = join(dir, 'session.json');
    const rec = await cli(['record', FIXTURE, '--minutes', '10', '--actions', 'test/fixtures/cli-actions.json', '--out', session]);
    expect(rec.code).toBe(0);
    const saved = JSON.parse(readFileSync(session, 'utf8')) as { format: string; stateHash: string; actions: unknown[]; durationSec: number };
    expect(saved.format).toBe('firedrill-session/v1');
    expect(saved.actions).toHaveLength(2);
    expect(saved.durationSec).toBe(600);

    const ok = await cli(['replay', session]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(`replay OK: ${saved.stateHash}`);

    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, JSON.stringify({ ...saved, stateHash: '0123456789abcdef' }));
    const bad = await cli(['replay', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('expected 0123456789abcdef');
    expect(bad.stdout).toContain(`actual   ${saved.stateHash}`);
  });

  it('exits 1 on a malformed session, saying what and where', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ format: 'firedrill-session/v1', scenario: '../x.yaml', seed: 'forty-two', actions: [], stateHash: 'abc' }));
    const r = await cli(['replay', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.json: seed:');
  });

  it('checks session files in-process', () => {
    const bad = parseSession('{"format": "firedrill-session/v1", "scenario": "x", "seed": 1, "actions": [{"atSec": 5, "type": "nope"}], "stateHash": "ab"}', 's.json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.lines[0]).toMatch(/^s\.json: actions\[0\]\.type: /);
    const json = parseSession('{"format": ', 's.json');
    expect(json.ok).toBe(false);
    if (!json.ok) expect(json.lines[0]).toMatch(/^s\.json: invalid JSON: /);
  });
});

describe('firedrill schema', () => {
  it('prints the JSON Schema', async () => {
    const io = memoryIo();
    expect(await main(['schema'], io)).toBe(0);
    const schema = JSON.parse(io.text()) as Record<string, unknown>;
    expect(schema.$id).toBe('https://firedrill.dev/schemas/scenario-v1.json');
  });

  it('writes it with 2-space indentation and a trailing newline', () => {
    const target = join(tmp(), 'scenario.schema.json');
    const io = memoryIo();
    expect(schema(['--write'], io, target)).toBe(0);
    const text = readFileSync(target, 'utf8');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(schema(['--writ'], memoryIo())).toBe(2);
  });
});

describe('firedrill play', () => {
  it('does not hang without a terminal: lists scenarios (or says there are none) and explains how to start one', async () => {
    const r = await cli(['play']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('npm run firedrill -- play ');
  });

  it('plays a scenario from piped commands', async () => {
    const commands = ['', 'run 6', 'status', 'changes', 'alerts', 'logs checkout error', 'act rollback checkout', 'act frobnicate', 'run 2', 'quit'].join('\n');
    const r = await cli(['play', FIXTURE], `${commands}\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Checkout errors after a deploy'); // briefing
    expect(r.stdout).toContain('Customers cannot pay'); // the inject at 7m
    expect(r.stdout).toContain('deploy-142');
    expect(r.stdout).toMatch(/OK: rolling back checkout/);
    expect(r.stdout).toContain('unknown action "frobnicate"');
    expect(r.stdout).toContain('State hash');
  });
});

describe('args.ts', () => {
  const spec = {
    flags: {
      seed: { kind: 'int', min: 0, max: 4_294_967_295 },
      minutes: { kind: 'int', min: 1 },
      out: { kind: 'string' },
      json: { kind: 'boolean' },
    },
    positionals: { min: 1, max: 1, name: '<file|id>' },
  } as const;
  const parse = (...argv: string[]) => parseArgs(argv, spec);

  it('reads flags in both forms, in any order', () => {
    expect(parse('x.yaml', '--seed', '7', '--json', '--out=s.json')).toEqual({ ok: true, help: false, flags: { seed: 7, json: true, out: 's.json' }, positionals: ['x.yaml'] });
    expect(parse('--minutes=3', 'x.yaml')).toMatchObject({ ok: true, flags: { minutes: 3 }, positionals: ['x.yaml'] });
  });

  it('treats everything after -- as positional', () => {
    expect(parse('--', '--json')).toMatchObject({ ok: true, flags: {}, positionals: ['--json'] });
  });

  it('recognises help anywhere and skips the positional check', () => {
    expect(parse('--help')).toMatchObject({ ok: true, help: true });
    expect(parse('x', '-h')).toMatchObject({ ok: true, help: true });
  });

  const errors: [string[], string][] = [
    [['x', '--sed', '1'], 'unknown flag --sed (did you mean --seed?)'],
    [['x', '-s'], 'unknown option -s'],
    [['x', '--seed'], '--seed needs a value: --seed <n>'],
    [['x', '--seed', '--json'], '--seed needs a value: --seed <n>'],
    [['x', '--out='], '--out needs a value: --out <value>'],
    [['x', '--seed', 'abc'], '--seed must be a whole number, got "abc"'],
    [['x', '--seed', '1e3'], '--seed must be a whole number, got "1e3"'],
    [['x', '--seed', '-1'], '--seed must not be negative, got -1'],
    [['x', '--seed=4294967296'], '--seed must be at most 4294967295, got 4294967296'],
    [['x', '--minutes', '0'], '--minutes must be at least 1, got 0'],
    [['x', '--json=yes'], '--json takes no value (got --json=yes)'],
    [['x', '--seed', '1', '--seed', '2'], '--seed is given more than once'],
    [[], 'missing <file|id>'],
    [['x', 'y'], 'unexpected argument "y" (expected one <file|id>)'],
  ];
  it.each(errors)('refuses %j', (argv, message) => {
    expect(parseArgs(argv, spec)).toEqual({ ok: false, message });
  });
});

describe('logExport.ts', () => {
  it('exports exactly the lines logsAt gives, in time order, whatever the search limits', () => {
    const loaded = loadScenario(readFileSync(join(ROOT, FIXTURE), 'utf8'), FIXTURE);
    if (!loaded.ok) throw new Error(loaded.issues.map(formatIssue).join('\n'));
    const sim = createSim(loaded.scenario, { durationSec: 60 });
    sim.runUntil(60);
    const expected: string[] = [];
    for (let sec = 0; sec < 60; sec++) for (const r of unitRecords(sim, sec)) expected.push(JSON.stringify(r));
    expect(expected.length).toBeGreaterThan(0);
    expect([...logLines(sim)]).toEqual(expected);
    // Small limits force the resume-inside-a-second and the unit-by-unit paths.
    expect([...logLines(sim, { limit: 7, windowSec: 5 })]).toEqual(expected);
    expect([...logLines(sim, { limit: 1, windowSec: 60 })]).toEqual(expected);
  });
});

describe('io.ts', () => {
  it('resolves paths from where the user typed `npm run firedrill`, and only for our scripts', () => {
    expect(userCwd({ INIT_CWD: '/home/u/scen', npm_lifecycle_event: 'firedrill' }, '/repo')).toBe('/home/u/scen');
    expect(userCwd({ INIT_CWD: '/home/u/scen', npm_lifecycle_event: 'test' }, '/repo')).toBe('/repo');
    expect(userCwd({}, '/repo')).toBe('/repo');
  });
});

describe('firedrill check', () => {
  it('passes a scenario that keeps its contract, printing each check with its reason', async () => {
    const r = await cli(['check', 'scenarios/checkout-bad-deploy.yaml', '--seeds', '42']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS {2}seed 42 {2}rollback checkout at 12m restores every SLO within 10m: all SLOs at objective/);
    expect(r.stdout).toMatch(/PASS {2}seed 42 {2}rollback catalog \(a red herring\) does not restore the SLOs: still at 22m/);
    expect(r.stdout).toContain('1 file checked: 1 passed, 0 failed');
  });

  it('fails (exit 1) a scenario whose claims do not hold, saying why, and reports JSON', async () => {
    const dir = tmp();
    const text = readFileSync(join(ROOT, 'scenarios/checkout-bad-deploy.yaml'), 'utf8').replace(
      '  - action: {type: rollback, target: checkout}\n    effect: fixes',
      '  - action: {type: rollback, target: checkout}\n    effect: none',
    ).replace('  - action: {type: rollback, target: catalog}\n    effect: none', '  - action: {type: rollback, target: catalog}\n    effect: fixes');
    writeFileSync(join(dir, 'swapped.yaml'), text);
    const r = await cli(['check', join(dir, 'swapped.yaml'), '--seeds', '42', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: { pass: boolean; checks: { id: string; pass: boolean; reason: string }[] }[] };
    const fix = report.files[0]?.checks.find((c) => c.id === 'fix-restores-slos');
    expect(fix?.pass).toBe(false);
    expect(fix?.reason).toMatch(/checkout-availability/);
    expect(report.files[0]?.checks.find((c) => c.id === 'red-herring:rollback:checkout')?.pass).toBe(false);

    // --failures prints only what fails, and the summary.
    const quiet = await cli(['check', join(dir, 'swapped.yaml'), '--seeds', '42', '--failures']);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toMatch(/FAIL {2}seed 42 {2}/);
    expect(quiet.stdout).not.toMatch(/\bPASS\b/);
    expect(quiet.stdout).toMatch(/checks passed/);
  });

  it('exits 1 for an invalid file and 2 for bad flags', async () => {
    expect((await cli(['check', BROKEN])).code).toBe(1);
    expect((await cli(['check', FIXTURE, '--seeds', 'x'])).code).toBe(2);
    expect((await cli(['check', 'no/such/file.yaml'])).code).toBe(2);
  });
});

describe('firedrill new', () => {
  it('lists the templates and fault types', async () => {
    const r = await cli(['new', '--list']);
    expect(r.code).toBe(0);
    for (const id of ['three-tier', 'web-shop', 'event-pipeline', 'bad-deploy', 'slow-database', 'memory-leak', 'pool-exhaustion', 'cert-expiry', 'disk-full']) expect(r.stdout).toContain(id);
  });

  it('writes a commented starter that validates and keeps its contract', async () => {
    const dir = tmp();
    const file = join(dir, 'orders-slow-db.yaml');
    const r = await cli(['new', 'three-tier', file, '--fault', 'slow-database']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(id orders-slow-db)');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=/);
    expect(text).toContain('  id: orders-slow-db');
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('#')).length).toBeGreaterThan(20);
    const [validate, check] = await Promise.all([cli(['validate', file]), cli(['check', file, '--seeds', '42', '--json'])]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('1 file checked: 1 valid, 0 invalid');
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as { files: { pass: boolean; difficulty: { declared: string; level: string; score: number; factors: { id: string }[] } }[] };
    expect(report.files[0]?.pass).toBe(true);
    expect(report.files[0]?.difficulty.declared).toBe('intermediate');
    expect(report.files[0]?.difficulty.factors.map((f) => f.id)).toContain('hops');
  });

  it('refuses to overwrite without --force (exit 1), and overwrites with it', async () => {
    const dir = tmp();
    const file = join(dir, 'x.yaml');
    writeFileSync(file, 'mine\n');
    const refused = await cli(['new', 'web-shop', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists; pass --force');
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    const forced = await cli(['new', 'web-shop', file, '--force', '--id', 'shop-drill', '--fault', 'bad-flag']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('  id: shop-drill');
  });

  it('exits 2 on usage errors: unknown template or fault, missing file, bad id', async () => {
    const dir = tmp();
    const results = await Promise.all([
      cli(['new', 'four-tier', join(dir, 'a.yaml')]),
      cli(['new', 'three-tier', join(dir, 'a.yaml'), '--fault', 'meteor']),
      cli(['new', 'three-tier']),
      cli(['new', 'three-tier', join(dir, 'a.yaml'), '--id', 'Bad_Id']),
      cli(['new', 'three-tier', join(dir, 'a.txt')]),
    ]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: firedrill new');
    }
    expect(results[0]?.stderr).toContain('templates: three-tier, web-shop, event-pipeline');
  });
});

describe('scenario packs in validate and check', () => {
  const EXAMPLE = 'scenarios/packs/example';

  it('validates the example pack folder: two scenarios, two shared fragments', async () => {
    const [text, json] = await Promise.all([cli(['validate', EXAMPLE]), cli(['validate', EXAMPLE, '--json'])]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('4 files checked (2 shared fragments among them): 4 valid, 0 invalid');
    const out = JSON.parse(json.stdout) as { files: { file: string; valid: boolean }[]; fragments: { file: string; valid: boolean; usedBy: string[] }[] };
    expect(out.files.map((f) => [f.file, f.valid])).toEqual([
      [`${EXAMPLE}/orders-bad-deploy.yaml`, true],
      [`${EXAMPLE}/orders-pool-config.yaml`, true],
    ]);
    expect(out.fragments.map((f) => f.file)).toEqual([`${EXAMPLE}/shared/runbooks.yaml`, `${EXAMPLE}/shared/topology.yaml`]);
    expect(out.fragments[1]?.usedBy).toHaveLength(2);
  });

  it('checks the example pack: both scenarios keep their contract', async () => {
    const r = await cli(['check', EXAMPLE, '--seeds', '42']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 files checked: 4 passed, 0 failed');
    expect(r.stdout).toMatch(/difficulty: declared beginner, estimated \w+ \(\d+\/100: /);
  });

  it('resolves extends for a single pack file, in validate and simulate', async () => {
    const file = `${EXAMPLE}/orders-bad-deploy.yaml`;
    const [v, s] = await Promise.all([cli(['validate', file]), cli(['simulate', file, '--minutes', '5', '--json'])]);
    expect(v.code).toBe(0);
    expect(s.code).toBe(0);
    expect((JSON.parse(s.stdout) as SimJson).scenario).toBe('orders-bad-deploy');
  });

  it('points at the shared file for its own problems and at the reference line for bad paths', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'pack', 'shared'), { recursive: true });
    const topo = readFileSync(join(ROOT, EXAMPLE, 'shared/topology.yaml'), 'utf8').replace('    replicas: 3\n', '    replicas: -3\n');
    writeFileSync(join(dir, 'pack', 'shared', 'topology.yaml'), topo);
    writeFileSync(join(dir, 'pack', 'shared', 'runbooks.yaml'), readFileSync(join(ROOT, EXAMPLE, 'shared/runbooks.yaml'), 'utf8'));
    const scenario = readFileSync(join(ROOT, EXAMPLE, 'orders-bad-deploy.yaml'), 'utf8');
    writeFileSync(join(dir, 'pack', 'a.yaml'), scenario);
    writeFileSync(join(dir, 'pack', 'b.yaml'), scenario.replace('include: [shared/runbooks.yaml]', 'include: [shared/runbooks.yaml, ../outside.yaml]').replace('id: orders-bad-deploy', 'id: orders-b'));
    writeFileSync(join(dir, 'outside.yaml'), 'apiVersion: firedrill/v1\nkind: Fragment\n');
    const r = await cli(['validate', join(dir, 'pack')]);
    expect(r.code).toBe(1);
    const shown = join(dir, 'pack');
    expect(r.stdout).toMatch(new RegExp(`^${shown.replace(/[/\\.]/g, '\\$&')}/shared/topology\\.yaml:\\d+:\\d+: services\\[1\\]\\.replicas: must be at least 0`, 'm'));
    expect(r.stdout).toContain(`${shown}/b.yaml:7:33: include[1]: "../outside.yaml" leads outside the pack`);
    // Reported once, though both scenarios are built from the broken fragment.
    expect(r.stdout.match(/services\[1\]\.replicas/g)).toHaveLength(1);
  });

  it('reads a pack from a .zip, naming files inside it, and fails on a broken one', async () => {
    const dir = tmp();
    const files = Object.fromEntries(['orders-bad-deploy.yaml', 'orders-pool-config.yaml', 'shared/topology.yaml', 'shared/runbooks.yaml'].map((p) => [`example/${p}`, strToU8(readFileSync(join(ROOT, EXAMPLE, p), 'utf8'))]));
    const good = join(dir, 'example.zip');
    writeFileSync(good, zipSync(files));
    const ok = await cli(['validate', good, '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { files: { file: string }[] }).files.map((f) => f.file)).toEqual([`${good}/orders-bad-deploy.yaml`, `${good}/orders-pool-config.yaml`]);
    const bad = join(dir, 'bad.zip');
    writeFileSync(bad, zipSync({ ...files, 'example/shared/topology.yaml': strToU8('apiVersion: firedrill/v1\nkind: Fragment\nservices: 3\n') }));
    const broken = await cli(['validate', bad]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`${bad}/shared/topology.yaml:3:11: services: expected a list, got the number 3`);
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'hello');
    const garbage = await cli(['validate', notZip]);
    expect(garbage.code).toBe(1);
    expect(garbage.stdout).toContain('not a .zip file');
  });
});

describe('firedrill score --postmortem, counterfactual and report', () => {
  // One session of the right path through checkout-bad-deploy, with and without its postmortem.
  const dir = tmp();
  const scenario = builtin('checkout-bad-deploy');
  const { sim } = runRecorded(scenario, { actions: ActionListSchema.parse(CHECKOUT_RIGHT) });
  const facts = measureRun(scenario, { actions: CHECKOUT_RIGHT });
  const pm = goodCheckoutPostmortem(draftPostmortem(scenario, facts), facts);
  const base = { format: SESSION_FORMAT, scenario: 'checkout-bad-deploy', seed: 42, durationSec: sim.durationSec, actions: CHECKOUT_RIGHT, stateHash: sim.hash() };
  const plain = join(dir, 'plain.session.json');
  const withPm = join(dir, 'pm.session.json');
  const pmFile = join(dir, 'pm.json');
  const badPm = join(dir, 'bad-pm.json');
  writeFileSync(plain, JSON.stringify(base));
  writeFileSync(withPm, JSON.stringify({ ...base, postmortem: pm }));
  writeFileSync(pmFile, JSON.stringify({ ...pm, rootCause: { ...pm.rootCause, text: 'm.rossi broke checkout.' } }));
  writeFileSync(badPm, JSON.stringify({ ...pm, status: 'done', actionItems: [{ title: 'x' }] }));

  it('score adds the postmortem rubric from the session, or from --postmortem', async () => {
    const [own, given, plainRun] = await Promise.all([cli(['score', withPm, '--json']), cli(['score', plain, '--postmortem', pmFile]), cli(['score', plain, '--json'])]);
    expect(own.code).toBe(0);
    const a = JSON.parse(own.stdout) as { total: number; postmortem: { format: string; total: number; items: { id: string; reason: string }[] } };
    expect(a.postmortem.format).toBe('firedrill-postmortem-score/v1');
    expect(a.postmortem.total).toBeGreaterThanOrEqual(90);
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(/^Postmortem: \d+\/100 \([A-F]\) — capped at 50: a person is named as the cause$/m);
    expect(given.stdout).toContain('names m.rossi in the root cause');
    expect((JSON.parse(plainRun.stdout) as Record<string, unknown>).postmortem).toBeUndefined();
  });

  it('score exits 1 on an invalid postmortem (file: path: message) and 2 on a missing one', async () => {
    const [bad, missing] = await Promise.all([cli(['score', plain, '--postmortem', badPm]), cli(['score', plain, '--postmortem', join(dir, 'nope.json')])]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-pm\.json: status: /);
    expect(bad.stderr).toMatch(/bad-pm\.json: actionItems\[0\]\.category: /);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('postmortem file not found');
  });

  it('counterfactual: repeated --item, side by side as JSON; the gate saves the budget, the alert pages earlier', async () => {
    const alert = '{"type":"alert","rule":{"type":"threshold","service":"checkout","metric":"error_ratio","value":0.05,"for":"1m"}}';
    const [r, t] = await Promise.all([
      cli(['counterfactual', plain, '--item', '{"type":"gate"}', '--json']),
      cli(['counterfactual', plain, `--item=${alert}`, '--item', '{"type":"timeout","service":"checkout","dependency":"payments","timeoutMs":1000}']),
    ]);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout) as { format: string; original: { budgetConsumedPercent: number }; comparison: { budgetSaved: number; failedRequestsSaved: number }; rejectedActions: { type: string }[] };
    expect(g.format).toBe('firedrill-counterfactual/v1');
    expect(g.comparison.budgetSaved).toBeGreaterThan(0.95 * g.original.budgetConsumedPercent);
    expect(g.rejectedActions.map((x) => x.type)).toEqual(['rollback']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^ {2}first page .* earlier$/m);
    expect(t.stdout).toContain('2. timeout of checkout → payments 4000 ms → 1000 ms');
  });

  it("counterfactual falls back to the postmortem's replayable action items", async () => {
    const r = await cli(['counterfactual', withPm, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { items: { item: { type: string } }[] }).items.map((i) => i.item.type)).toEqual(['gate', 'alert']);
  });

  it('counterfactual errors: no items 2, bad JSON 1, an item that does not apply 1, a circuit breaker explained 1', async () => {
    const [none, json, unknown, cb, missing] = await Promise.all([
      cli(['counterfactual', plain]),
      cli(['counterfactual', plain, '--item', '{gate']),
      cli(['counterfactual', plain, '--item', '{"type":"gate","change":"deploy-nope"}']),
      cli(['counterfactual', plain, '--item', '{"type":"circuitBreaker","service":"checkout"}']),
      cli(['counterfactual', plain, '--items', join(dir, 'nope.json')]),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no items');
    expect(json.code).toBe(1);
    expect(json.stderr).toMatch(/^--item 1: invalid JSON/m);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown change "deploy-nope"');
    expect(cb.code).toBe(1);
    expect(cb.stderr).toContain('circuit breakers are not simulated');
    expect(missing.code).toBe(2);
  });

  it('report: Markdown on stdout, self-contained HTML to a file, JSON; usage errors exit 2', async () => {
    const out = join(dir, 'report.html');
    const [md, html, json, pdf, missing] = await Promise.all([
      cli(['report', withPm]),
      cli(['report', plain, '--postmortem', pmFile, '--format', 'html', '--out', out]),
      cli(['report', plain, '--format', 'json']),
      cli(['report', plain, '--format', 'pdf']),
      cli(['report', join(dir, 'nope.session.json')]),
    ]);
    expect(md.code).toBe(0);
    for (const h of ['# After-action report: ', '## Score: ', '## SLO impact', '## Response times', '## Your path and the expert path', '## Postmortem: ', '### Postmortem rubric: ', '## Counterfactual replay']) expect(md.stdout).toContain(h);
    expect(html.code).toBe(0);
    expect(html.stdout).toBe('');
    const page = readFileSync(out, 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('Postmortem rubric');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'firedrill-report/v1', postmortem: null, counterfactual: null });
    expect(pdf.code).toBe(2);
    expect(missing.code).toBe(2);
  });
});
