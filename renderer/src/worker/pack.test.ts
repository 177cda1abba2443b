// pack/load through the sim host: the example pack as a folder's files and as a .zip (built here
// with fflate), each scenario with its card and a self-contained text the library can load, and
// paths that leave the pack refused with an issue at the line that names them.

import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createSimHost } from './handlers.ts';
import { EXAMPLE_FILES, exampleZip } from './packKit.ts';
import type { PackLoadResult } from './protocol.ts';

function ok(r: PackLoadResult): Extract<PackLoadResult, { ok: true }> {
  if (!r.ok) throw new Error(r.message);
  return r;
}

const lines = (issues: { file: string; line: number; col: number; path: string; message: string }[]) => issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.path}: ${i.message}`);

describe('pack/load', () => {
  it('reads the example pack from a folder: two scenarios with their cards and self-contained texts', () => {
    const host = createSimHost();
    expect(EXAMPLE_FILES.map((f) => f.path)).toEqual(['orders-bad-deploy.yaml', 'orders-pool-config.yaml', 'shared/runbooks.yaml', 'shared/topology.yaml']);
    const r = ok(host.handle('pack/load', { name: 'example', files: EXAMPLE_FILES }));
    expect(r.pack).toBe('example');
    expect(r.issues).toEqual([]);
    expect(r.scenarios.map((s) => [s.path, s.ok, s.info?.id, s.info?.difficulty])).toEqual([
      ['orders-bad-deploy.yaml', true, 'orders-bad-deploy', 'beginner'],
      ['orders-pool-config.yaml', true, 'orders-pool-config', 'intermediate'],
    ]);
    const first = r.scenarios[0];
    expect(first?.info?.title).toBe('Orders API fails after the morning deploy');
    expect(first?.files).toEqual(['orders-bad-deploy.yaml', 'shared/topology.yaml', 'shared/runbooks.yaml']);
    expect(first?.text).not.toMatch(/^(extends|include):/m);
    expect(r.fragments.map((f) => [f.path, f.usedBy.length, f.issues.length])).toEqual([
      ['shared/runbooks.yaml', 2, 0],
      ['shared/topology.yaml', 2, 0],
    ]);
    // The stored text loads on its own to the same card: what the library's Open does.
    const loaded = host.handle('scenario/load', { text: first?.text ?? '', file: 'example/orders-bad-deploy.yaml' });
    expect(loaded.ok && loaded.scenario).toEqual(first?.info);
  });

  it('reads the same pack from a .zip, stripping its top folder and ".zip" from the name', () => {
    const host = createSimHost();
    const folder = ok(host.handle('pack/load', { name: 'example', files: EXAMPLE_FILES }));
    const zipped = ok(host.handle('pack/load', { name: 'example.zip', zip: exampleZip() }));
    expect(zipped.pack).toBe('example');
    expect(zipped.scenarios).toEqual(folder.scenarios);
    expect(zipped.fragments).toEqual(folder.fragments);
  });

  it('refuses paths that leave the pack, at the line that names them, and file names outside it', () => {
    const host = createSimHost();
    const bad = EXAMPLE_FILES.map((f) => (f.path === 'orders-bad-deploy.yaml' ? { ...f, text: f.text.replace('extends: shared/topology.yaml', 'extends: ../../secrets/topology.yaml') } : f));
    const r = ok(host.handle('pack/load', { name: 'example', files: [...bad, { path: '../outside.yaml', text: 'apiVersion: firedrill/v1\n' }] }));
    const broken = r.scenarios.find((s) => s.path === 'orders-bad-deploy.yaml');
    expect(broken?.ok).toBe(false);
    expect(broken?.info).toBeUndefined();
    expect(broken?.text).toBeUndefined();
    expect(lines(broken?.issues ?? [])[0]).toBe('orders-bad-deploy.yaml:6:10: extends: "../../secrets/topology.yaml" leads outside the pack');
    expect(r.scenarios.find((s) => s.path === 'orders-pool-config.yaml')?.ok).toBe(true);
    expect(r.scenarios.map((s) => s.path)).not.toContain('../outside.yaml');
    expect(lines(r.issues)).toEqual(['../outside.yaml:1:1: (root): this file cannot be part of a pack: "../outside.yaml" leads outside the pack']);

    // The same in a .zip: an entry named outside the pack is left out, and said so.
    const zip = zipSync({ ...Object.fromEntries(EXAMPLE_FILES.map((f) => [f.path, strToU8(f.text)])), '../outside.yaml': strToU8('apiVersion: firedrill/v1\n') });
    const z = ok(host.handle('pack/load', { name: 'example.zip', zip }));
    expect(z.scenarios.map((s) => [s.path, s.ok])).toEqual([['orders-bad-deploy.yaml', true], ['orders-pool-config.yaml', true]]);
    expect(lines(z.issues)).toEqual(['../outside.yaml:1:1: (root): left out of the pack: "../outside.yaml" leads outside the pack']);
  });

  it('reports files a platform left out, a .zip that is not one, and a pack without YAML', () => {
    const host = createSimHost();
    const r = ok(host.handle('pack/load', { name: 'example', files: EXAMPLE_FILES, skipped: [{ path: 'huge.yaml', reason: '3 MB; a pack file may be at most 2 MB' }] }));
    expect(r.issues).toEqual([{ file: 'huge.yaml', line: 1, col: 1, path: '(root)', message: 'left out of the pack: 3 MB; a pack file may be at most 2 MB', severity: 'warning' }]);
    expect(host.handle('pack/load', { name: 'notes.zip', zip: strToU8('not a zip, just some text that is long enough') })).toMatchObject({ ok: false, pack: 'notes', message: expect.stringMatching(/^notes\.zip: not a \.zip file/) });
    expect(host.handle('pack/load', { name: 'docs', files: [] })).toEqual({ ok: false, pack: 'docs', message: 'docs holds no scenario files (.yaml or .yml)' });
  });

  it('flags two scenarios of one pack with the same id', () => {
    const host = createSimHost();
    const twin = EXAMPLE_FILES.find((f) => f.path === 'orders-bad-deploy.yaml');
    const r = ok(host.handle('pack/load', { name: 'example', files: [...EXAMPLE_FILES, { path: 'copy/again.yaml', text: (twin?.text ?? '').replace('extends: shared/', 'extends: ../shared/').replace('include: [shared/', 'include: [../shared/') }] }));
    // Paths in order: the later one carries the warning; both load.
    expect(r.scenarios.map((s) => [s.path, s.ok])).toEqual([['copy/again.yaml', true], ['orders-bad-deploy.yaml', true], ['orders-pool-config.yaml', true]]);
    expect(r.scenarios[0]?.issues).toEqual([]);
    expect(lines(r.scenarios[1]?.issues ?? [])).toEqual(['orders-bad-deploy.yaml:10:7: metadata.id: the id "orders-bad-deploy" is also the id of copy/again.yaml in this pack; best scores and saved runs of the two are counted together']);
  });

  it('checks its arguments', () => {
    const host = createSimHost();
    expect(() => host.handle('pack/load', { name: '', files: [] })).toThrow(/bad arguments for pack\/load/);
    expect(() => host.handle('pack/load', { name: 'x', zip: 'UEsDBA==' } as never)).toThrow(/bad arguments for pack\/load/);
    expect(() => host.handle('pack/load', { name: 'x', files: [{ path: 'a.yaml', text: 'x'.repeat(2 * 1024 * 1024 + 1) }] })).toThrow(/bad arguments/);
  });
});
