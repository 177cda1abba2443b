// Scenario packs: extends/include, paths that must stay inside the pack, issues at the line of
// the reference or of the shared definition, fragments, and .zip archives with their caps.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkContract } from '../../engine/src/check/contract.ts';
import { formatIssue, loadScenario } from '../../engine/src/scenario/load.ts';
import type { MigrationStep } from '../../engine/src/scenario/migrate.ts';
import { checkFragment, loadPack, normalisePackPath, packFileKind, readZipPack, resolvePack, resolvePackPath, ZIP_LIMITS } from '../../engine/src/pack/index.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'scenarios', 'packs', 'example');

function folder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const TOPOLOGY = `apiVersion: firedrill/v1
kind: Fragment
seed: 7
start: 2026-03-10T09:30:00Z
services:
  - {id: web, type: gateway, replicas: 2, concurrency: 64, serviceTimeMs: 2, calls: [{to: api}]}
  - {id: api, type: api, replicas: 2, concurrency: 8, serviceTimeMs: 10}
traffic: [{entry: web, rps: 50}]
slos: [{id: web-availability, service: web, indicator: availability, objective: 0.99}]
`;

const SHARED_ALERTS = `apiVersion: firedrill/v1
kind: Fragment
alerts:
  - {id: web-burn, type: burnRate, slo: web-availability, longWindow: 1h, shortWindow: 5m, burnRate: 14.4, severity: page}
runbooks:
  - {id: basics, title: "Basics", body: "Look at the SLO first."}
`;

const SCENARIO = `apiVersion: firedrill/v1
kind: Scenario
extends: shared/topology.yaml
include: [shared/alerts.yaml]
metadata: {id: tiny, title: Tiny, summary: A tiny scenario., difficulty: beginner, durationMinutes: 10, objectives: [Read it]}
runbooks:
  - {id: own, title: "Own", body: "The scenario's own runbook."}
`;

function pack(extra: Record<string, string> = {}): Map<string, string> {
  return new Map(Object.entries({ 'shared/topology.yaml': TOPOLOGY, 'shared/alerts.yaml': SHARED_ALERTS, 'tiny.yaml': SCENARIO, ...extra }));
}

function reader(files: Map<string, string>, asked: string[] = []) {
  return (p: string) => {
    asked.push(p);
    return files.get(p) ?? null;
  };
}

/** Issues as `file:line:col: path: message`, hints left out. */
const lines = (issues: { file: string; line: number; col: number; path: string; message: string }[]) => issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`);

describe('pack paths', () => {
  it('resolves references against the naming file and normalises them', () => {
    expect(resolvePackPath('a/b/s.yaml', '../shared/t.yaml')).toEqual({ ok: true, path: 'a/shared/t.yaml' });
    expect(resolvePackPath('s.yaml', './shared/./t.yml')).toEqual({ ok: true, path: 'shared/t.yml' });
    expect(normalisePackPath('x/../y.yaml')).toEqual({ ok: true, path: 'y.yaml' });
  });

  it.each([
    ['../t.yaml', 'leads outside the pack'],
    ['shared/../../t.yaml', 'leads outside the pack'],
    ['/etc/passwd.yaml', 'absolute path'],
    ['~/t.yaml', 'absolute path'],
    ['C:/t.yaml', 'URL or a drive path'],
    ['https://example.com/t.yaml', 'URL or a drive path'],
    ['shared\\t.yaml', 'backslash'],
    ['shared//t.yaml', 'empty folder name'],
    ['shared/', 'names a folder'],
    ['', 'empty'],
    ['t.json', 'not a YAML file'],
    ['t\u0000.yaml', 'control characters'],
  ])('refuses %j', (ref, message) => {
    const r = resolvePackPath('s.yaml', ref);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('refuses a reference that is not a string', () => {
    expect(resolvePackPath('s.yaml', 3)).toMatchObject({ ok: false, message: expect.stringContaining('expected a path') });
  });
});

describe('resolvePack: extends and include', () => {
  it('inherits whole sections, puts included list entries first, and checks the result', () => {
    const asked: string[] = [];
    const r = resolvePack('tiny.yaml', reader(pack(), asked));
    if (!r.ok) throw new Error(lines(r.issues).join('\n'));
    const s = r.scenario;
    expect(s?.seed).toBe(7);
    expect(s?.services.map((x) => x.id)).toEqual(['web', 'api']);
    expect(s?.alerts.map((x) => x.id)).toEqual(['web-burn']);
    expect(s?.runbooks.map((x) => x.id)).toEqual(['basics', 'own']);
    expect(r.files).toEqual(['tiny.yaml', 'shared/topology.yaml', 'shared/alerts.yaml']);
    expect(asked.every((p) => normalisePackPath(p).ok && !p.includes('..'))).toBe(true);
  });

  it('lets a scenario replace an inherited section whole, and never inherits apiVersion or kind', () => {
    const own = SCENARIO.replace('metadata:', 'seed: 99\nmetadata:');
    const r = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': own })));
    expect(r.scenario?.seed).toBe(99);
    const noKind = SCENARIO.replace('kind: Scenario\n', '');
    const k = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': noKind })));
    expect(k.ok).toBe(false);
    expect(lines(k.issues).join('\n')).toContain('tiny.yaml:1:1: kind: missing required field "kind"');
  });

  it('gives a self-contained text that loads to the same scenario', () => {
    const r = resolvePack('tiny.yaml', reader(pack()));
    expect(r.text.startsWith('# tiny.yaml from a scenario pack')).toBe(true);
    expect(r.text).not.toMatch(/^(extends|include):/m);
    const again = loadScenario(r.text, 'resolved.yaml');
    if (!again.ok) throw new Error(again.issues.map(formatIssue).join('\n'));
    expect(again.scenario).toEqual(r.scenario);
  });

  it('reports a problem in a shared file at its own file, line and path', () => {
    const r = resolvePack('tiny.yaml', reader(pack({ 'shared/topology.yaml': TOPOLOGY.replace('replicas: 2, concurrency: 8', 'replicas: -2, concurrency: 8') })));
    expect(r.ok).toBe(false);
    expect(lines(r.issues)).toEqual(['shared/topology.yaml:7:36: services[1].replicas: must be at least 0, got the number -2']);
    const inc = resolvePack('tiny.yaml', reader(pack({ 'shared/alerts.yaml': SHARED_ALERTS.replace('slo: web-availability', 'slo: web-avail') })));
    expect(lines(inc.issues)[0]).toMatch(/^shared\/alerts\.yaml:4:41: alerts\[0\]\.slo: unknown SLO "web-avail"/);
  });

  it('reports bad references at their extends/include line', () => {
    const outside = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('include: [shared/alerts.yaml]', 'include: [shared/alerts.yaml, ../secrets.yaml]') })));
    expect(lines(outside.issues)).toContain('tiny.yaml:4:31: include[1]: "../secrets.yaml" leads outside the pack');
    const missing = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('extends: shared/topology.yaml', 'extends: shared/topolgy.yaml') })));
    expect(lines(missing.issues)[0]).toBe('tiny.yaml:3:10: extends: no file shared/topolgy.yaml in this pack');
    const notList = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('include: [shared/alerts.yaml]', 'include: shared/alerts.yaml') })));
    expect(lines(notList.issues)[0]).toBe('tiny.yaml:4:10: include: include takes a list of files');
  });

  it('detects cycles through extends and include', () => {
    const a = 'apiVersion: firedrill/v1\nkind: Fragment\nextends: b.yaml\n';
    const b = 'apiVersion: firedrill/v1\nkind: Fragment\ninclude: [a.yaml]\n';
    const r = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('extends: shared/topology.yaml', 'extends: a.yaml'), 'a.yaml': a, 'b.yaml': b })));
    expect(r.ok).toBe(false);
    expect(lines(r.issues)).toContain('b.yaml:3:11: include[0]: include makes a cycle: a.yaml → b.yaml → a.yaml');
    const self = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('extends: shared/topology.yaml', 'extends: ./tiny.yaml') })));
    expect(lines(self.issues)[0]).toBe('tiny.yaml:3:10: extends: extends makes a cycle: tiny.yaml → tiny.yaml');
  });

  it('makes an id defined in two files an error at the include line', () => {
    const dup = SCENARIO.replace('runbooks:\n  - {id: own', 'runbooks:\n  - {id: basics');
    const r = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': dup })));
    expect(r.ok).toBe(false);
    expect(lines(r.issues)).toEqual(['tiny.yaml:7:5: runbooks[0]: runbook "basics" is defined twice: in shared/alerts.yaml:6:5 and in tiny.yaml']);
    const twice = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('include: [shared/alerts.yaml]', 'include: [shared/alerts.yaml, shared/more.yaml]'), 'shared/more.yaml': SHARED_ALERTS.replace('id: basics', 'id: more') })));
    expect(lines(twice.issues)).toEqual(['tiny.yaml:4:31: include[1]: alert "web-burn" is defined twice: in shared/alerts.yaml:4:5 and in shared/more.yaml']);
  });

  it('takes only list sections from included files', () => {
    const r = resolvePack('tiny.yaml', reader(pack({ 'tiny.yaml': SCENARIO.replace('include: [shared/alerts.yaml]', 'include: [shared/alerts.yaml, shared/topology.yaml]').replace('extends: shared/topology.yaml\n', '') })));
    expect(lines(r.issues).some((l) => /^tiny\.yaml:3:31: include\[1\]: include takes only list sections .*, and shared\/topology\.yaml also sets seed, start$/.test(l))).toBe(true);
  });

  it('refuses unknown sections in a fragment, and a fragment without apiVersion', () => {
    const f = checkFragment('shared/topology.yaml', reader(pack({ 'shared/topology.yaml': `${TOPOLOGY}servces: []\n` })));
    expect(lines(f.issues)).toEqual(['shared/topology.yaml:10:1: servces: unknown section "servces"']);
    const v = checkFragment('f.yaml', reader(new Map([['f.yaml', 'kind: Fragment\nslos: []\n']])));
    expect(lines(v.issues)[0]).toBe('f.yaml:1:1: (root): a fragment starts with apiVersion: firedrill/v1 and kind: Fragment');
  });

  it('migrates each file of a pack from the version it declares', () => {
    const step: MigrationStep = { from: 'firedrill/v0', to: 'firedrill/v1', migrate: (doc) => ({ doc, notes: ['nothing to change'] }) };
    const r = resolvePack('tiny.yaml', reader(pack({ 'shared/topology.yaml': TOPOLOGY.replace('firedrill/v1', 'firedrill/v0') })), { migrations: [step] });
    expect(r.ok).toBe(true);
    expect(r.issues.map((i) => `${i.file}:${i.line} ${i.severity} ${i.message}`)).toEqual(['shared/topology.yaml:1 warning migrated from firedrill/v0: firedrill/v0 → firedrill/v1: nothing to change']);
    const newer = resolvePack('tiny.yaml', reader(pack({ 'shared/alerts.yaml': SHARED_ALERTS.replace('firedrill/v1', 'firedrill/v3') })));
    expect(lines(newer.issues)).toContain('shared/alerts.yaml:1:13: apiVersion: this scenario needs a newer Firedrill: apiVersion firedrill/v3, and this version reads firedrill/v1');
  });

  it('never throws, whatever the reader or the files', () => {
    const throwing = () => {
      throw new Error('disk on fire');
    };
    expect(resolvePack('tiny.yaml', throwing).ok).toBe(false);
    for (const text of ['', ':', '- a\n- b\n', 'extends: [1, 2]\n', 'include: [{a: 1}]\n', '{extends: null}']) {
      expect(resolvePack('x.yaml', reader(new Map([['x.yaml', text]]))).ok).toBe(false);
    }
    expect(resolvePack('../x.yaml', reader(new Map())).issues[0]?.message).toContain('not a pack path');
  });
});

describe('loadPack', () => {
  it('loads the example pack: two scenarios sharing one topology, both passing their contract', () => {
    const r = loadPack(folder(EXAMPLE));
    expect(r.issues).toEqual([]);
    expect(r.scenarios.map((s) => s.path)).toEqual(['orders-bad-deploy.yaml', 'orders-pool-config.yaml']);
    for (const s of r.scenarios) {
      if (!s.ok || !s.scenario) throw new Error(lines(s.issues).join('\n'));
      expect(s.issues).toEqual([]);
      expect(s.files).toContain('shared/topology.yaml');
      const failed = checkContract(s.scenario, { seeds: [s.scenario.seed] }).filter((c) => !c.pass);
      expect(failed.map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
      expect(loadScenario(s.text, s.path).ok).toBe(true);
    }
    expect(r.fragments.map((f) => [f.path, f.issues.length, f.usedBy.length])).toEqual([
      ['shared/runbooks.yaml', 0, 2],
      ['shared/topology.yaml', 0, 2],
    ]);
  });

  it('classifies by kind, ignores other files, and refuses names that cannot be pack paths', () => {
    expect(packFileKind(TOPOLOGY)).toBe('fragment');
    expect(packFileKind(SCENARIO)).toBe('scenario');
    expect(packFileKind('{{{')).toBe('scenario');
    const r = loadPack(pack({ 'README.md': '# hello', '../evil.yaml': SCENARIO }));
    expect(r.scenarios.map((s) => s.path)).toEqual(['tiny.yaml']);
    expect(r.scenarios[0]?.ok).toBe(true);
    expect(r.issues.map((i) => `${i.file}: ${i.message}`)).toEqual(['../evil.yaml: this file cannot be part of a pack: "../evil.yaml" leads outside the pack']);
  });

  it('gives a broken scenario its own text back', () => {
    const r = loadPack(pack({ 'tiny.yaml': SCENARIO.replace('extends: shared/topology.yaml', 'extends: gone.yaml') }));
    expect(r.scenarios[0]?.ok).toBe(false);
    expect(r.scenarios[0]?.text).toContain('extends: gone.yaml');
  });
});

describe('readZipPack', () => {
  const zip = (files: Record<string, string | Uint8Array>, level: 0 | 6 = 6) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [typeof v === 'string' ? strToU8(v) : v, { level }]])));

  it('reads the YAML files, strips one top folder, and loads as a pack', () => {
    const bytes = zip({ 'example/tiny.yaml': SCENARIO, 'example/shared/topology.yaml': TOPOLOGY, 'example/shared/alerts.yaml': SHARED_ALERTS, 'example/README.md': 'hi', 'example/.hidden.yaml': 'x' });
    const r = readZipPack(bytes);
    if (!r.ok) throw new Error(r.message);
    expect([...r.files.keys()].sort()).toEqual(['shared/alerts.yaml', 'shared/topology.yaml', 'tiny.yaml']);
    expect(loadPack(r.files).scenarios[0]?.ok).toBe(true);
    const stored = readZipPack(zip({ 'tiny.yaml': SCENARIO }, 0));
    expect(stored.ok && stored.files.get('tiny.yaml')).toBe(SCENARIO);
  });

  it('leaves out entries whose names leave the pack', () => {
    const r = readZipPack(zip({ '../evil.yaml': SCENARIO, 'ok.yaml': SCENARIO, '/abs.yaml': SCENARIO }));
    if (!r.ok) throw new Error(r.message);
    expect([...r.files.keys()]).toEqual(['ok.yaml']);
    expect(r.skipped.map((s) => s.path).sort()).toEqual(['../evil.yaml', '/abs.yaml']);
  });

  it('stops a zip bomb at the cap, even when the archive lies about the size', () => {
    const big = new Uint8Array(40 * 1024 * 1024); // 40 MB of zeros: ~40 KB compressed
    const bytes = zip({ 'bomb.yaml': big, 'ok.yaml': SCENARIO });
    expect(bytes.length).toBeLessThan(200 * 1024);
    const honest = readZipPack(bytes);
    expect(honest.ok && honest.skipped[0]?.reason).toContain('MB');
    // Rewrite the uncompressed size in the central directory to 100 bytes: inflation must still stop.
    const lying = bytes.slice();
    const view = new DataView(lying.buffer);
    for (let at = lying.length - 22; at >= 0; at--) {
      if (view.getUint32(at, true) !== 0x02014b50) continue;
      view.setUint32(at + 24, 100, true);
    }
    const started = performance.now();
    const r = readZipPack(lying);
    expect(performance.now() - started).toBeLessThan(5000);
    if (!r.ok) throw new Error(r.message);
    expect(r.skipped).toEqual([{ path: 'bomb.yaml', reason: `it expands to more than ${ZIP_LIMITS.maxFileBytes / 1024 / 1024} MB, the most a pack file may be` }]);
    expect(r.files.has('ok.yaml')).toBe(true);
  });

  it('caps the total, the file count and the archive size', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) files[`f${i}.yaml`] = new Uint8Array(1024 * 1024).fill(35); // '#' lines: valid YAML comments
    const total = readZipPack(zip(files), { ...ZIP_LIMITS, maxTotalBytes: 5 * 1024 * 1024 });
    expect(total).toMatchObject({ ok: false, message: expect.stringContaining('expands to more than 5 MB') });
    expect(readZipPack(zip(files), { ...ZIP_LIMITS, maxFiles: 3 })).toMatchObject({ ok: false, message: expect.stringContaining('more than 3 YAML files') });
    expect(readZipPack(zip({ 'a.yaml': 'a: 1' }), { ...ZIP_LIMITS, maxArchiveBytes: 10 })).toMatchObject({ ok: false });
  });

  it('refuses what is not a zip, without throwing', () => {
    expect(readZipPack(strToU8('not a zip at all, just text that is long enough'))).toMatchObject({ ok: false, message: expect.stringContaining('not a .zip') });
    expect(readZipPack(new Uint8Array(0)).ok).toBe(false);
    const truncated = zip({ 'a.yaml': SCENARIO }).slice(0, 40);
    expect(readZipPack(truncated).ok).toBe(false);
  });
});
