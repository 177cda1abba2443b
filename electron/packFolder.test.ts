// The desktop app's pack reader against real folders: regular YAML files by path inside the pack,
// symbolic links never followed (to a file or a folder outside it), hidden entries left out, and
// the count and size caps.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACK_LIMITS } from '../renderer/src/bridge/desktop-api.ts';
import { readPackFolder, readPackZip, type PackLimits } from './packFolder.ts';

let tmp: string;
let pack: string;
let outside: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'firedrill-pack-'));
  pack = join(tmp, 'my-pack');
  outside = join(tmp, 'outside');
  await mkdir(join(pack, 'shared'), { recursive: true });
  await mkdir(outside);
  await writeFile(join(pack, 'a.yaml'), 'kind: Scenario\n');
  await writeFile(join(pack, 'shared', 'topology.yml'), '\ufeffkind: Fragment\n');
  await writeFile(join(pack, 'README.md'), '# not part of the pack');
  await writeFile(join(outside, 'secret.yaml'), 'password: hunter2\n');
  await mkdir(join(outside, 'more'));
  await writeFile(join(outside, 'more', 'b.yaml'), 'kind: Scenario\n');
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const limits = (over: Partial<PackLimits> = {}): PackLimits => ({ ...PACK_LIMITS, ...over });

describe('readPackFolder', () => {
  it('reads the YAML files by path inside the folder, BOM stripped, in order', async () => {
    expect(await readPackFolder(pack)).toEqual({
      name: 'my-pack',
      files: [
        { path: 'a.yaml', text: 'kind: Scenario\n' },
        { path: 'shared/topology.yml', text: 'kind: Fragment\n' },
      ],
    });
  });

  it.skipIf(process.platform === 'win32')('never follows a symbolic link, to a file or to a folder outside the pack, and says so', async () => {
    await symlink(join(outside, 'secret.yaml'), join(pack, 'secret.yaml'));
    await symlink(join(outside, 'more'), join(pack, 'more'));
    await symlink(join(outside, 'secret.yaml'), join(pack, 'shared', 'runbooks.yaml'));
    const r = await readPackFolder(pack);
    expect(r).toEqual({
      name: 'my-pack',
      files: [
        { path: 'a.yaml', text: 'kind: Scenario\n' },
        { path: 'shared/topology.yml', text: 'kind: Fragment\n' },
      ],
      skipped: [
        { path: 'more', reason: 'a symbolic link, not followed' },
        { path: 'secret.yaml', reason: 'a symbolic link, not followed' },
        { path: 'shared/runbooks.yaml', reason: 'a symbolic link, not followed' },
      ],
    });
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('leaves out hidden files and folders, and files over the size cap', async () => {
    await mkdir(join(pack, '.git'));
    await writeFile(join(pack, '.git', 'x.yaml'), 'x: 1');
    await writeFile(join(pack, '.draft.yaml'), 'x: 2');
    await writeFile(join(pack, 'big.yaml'), 'x'.repeat(101));
    const r = await readPackFolder(pack, limits({ maxFileBytes: 100 }));
    expect('files' in r && r.files.map((f) => f.path)).toEqual(['a.yaml', 'shared/topology.yml']);
    expect('files' in r && r.skipped).toEqual([{ path: 'big.yaml', reason: 'larger than 100 bytes, the most a pack file may be' }]);
  });

  it('refuses a folder over the file count, the total size or the entry cap, and what is not a folder', async () => {
    await expect(readPackFolder(pack, limits({ maxFiles: 1 }))).rejects.toThrow('my-pack holds more than 1 YAML files, the most a pack may hold');
    await expect(readPackFolder(pack, limits({ maxTotalBytes: 20 }))).rejects.toThrow(/^the YAML files of my-pack come to more than/);
    await expect(readPackFolder(pack, limits({ maxEntries: 2 }))).rejects.toThrow('my-pack holds more than 2 files and folders');
    await expect(readPackFolder(join(pack, 'a.yaml'))).rejects.toThrow('a.yaml is not a folder');
  });

  it('stops at the depth cap', async () => {
    await mkdir(join(pack, 'd1', 'd2'), { recursive: true });
    await writeFile(join(pack, 'd1', 'd2', 'deep.yaml'), 'x: 1');
    const r = await readPackFolder(pack, limits({ maxDepth: 1 }));
    expect('files' in r && r.skipped).toEqual([{ path: 'd1/d2', reason: 'more than 1 folders deep' }]);
  });
});

describe('readPackZip', () => {
  it('reads the bytes of a .zip within the cap', async () => {
    const zip = join(tmp, 'p.zip');
    await writeFile(zip, Buffer.from([1, 2, 3]));
    const r = await readPackZip(zip);
    expect('zip' in r && r.name).toBe('p.zip');
    expect('zip' in r && [...r.zip]).toEqual([1, 2, 3]);
    await expect(readPackZip(zip, limits({ maxZipBytes: 2 }))).rejects.toThrow(/^p\.zip: larger than 2 bytes, the most a pack may be$/);
    await expect(readPackZip(pack)).rejects.toThrow(/^my-pack: not a regular file$/);
  });
});
