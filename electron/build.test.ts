import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newestMtime, staleReason, TARGETS, type Target } from './build.ts';

let root: string;
const target: Target = { name: 'renderer', sources: ['src', 'conf.ts'], outputs: ['dist/index.html', 'dist/app.js'] };
const at = (path: string, sec: number) => utimes(join(root, path), sec, sec);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'firedrill-build-'));
  await mkdir(join(root, 'src', 'deep', 'node_modules'), { recursive: true });
  await mkdir(join(root, 'dist'));
  for (const f of ['src/a.ts', 'src/deep/b.ts', 'conf.ts', 'src/deep/node_modules/x.js', 'src/.hidden']) await writeFile(join(root, f), '');
  for (const f of ['src/a.ts', 'src/deep/b.ts', 'conf.ts']) await at(f, 1000);
  await at('src/deep/node_modules/x.js', 9000); // ignored
  await at('src/.hidden', 9000); // ignored
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('build freshness', () => {
  it('finds the newest source, skipping dot files and node_modules', async () => {
    await at('src/deep/b.ts', 1500);
    expect(await newestMtime(join(root, 'src'))).toBe(1_500_000);
    expect(await newestMtime(join(root, 'missing'))).toBe(0);
  });

  it('asks for a build when an output is missing', async () => {
    await writeFile(join(root, 'dist/index.html'), '');
    expect(await staleReason(root, target)).toBe('dist/app.js is missing');
  });

  it('is fresh when every output is newer than every source', async () => {
    await writeFile(join(root, 'dist/index.html'), '');
    await writeFile(join(root, 'dist/app.js'), '');
    await at('dist/index.html', 2000);
    await at('dist/app.js', 2000);
    expect(await staleReason(root, target)).toBeNull();
  });

  it('is stale when a source changed after the oldest output', async () => {
    await writeFile(join(root, 'dist/index.html'), '');
    await writeFile(join(root, 'dist/app.js'), '');
    await at('dist/index.html', 2000);
    await at('dist/app.js', 1200);
    await at('src/deep/b.ts', 1300);
    expect(await staleReason(root, target)).toBe('src changed since the last build');
    await at('src/deep/b.ts', 1000);
    await at('conf.ts', 2500);
    expect(await staleReason(root, target)).toBe('conf.ts changed since the last build');
  });

  it('watches the renderer, the engine and the scenarios for the app, and electron/ for the shell', () => {
    expect(TARGETS.renderer.sources).toEqual(expect.arrayContaining(['renderer', 'engine/src', 'scenarios']));
    expect(TARGETS.electron.outputs).toEqual(['dist/electron/main.cjs', 'dist/electron/preload.cjs']);
  });
});
