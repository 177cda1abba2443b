// Builds the app: the renderer with Vite (dist/renderer) and the Electron main and preload with
// esbuild (dist/electron/main.cjs, preload.cjs; esbuild comes with tsx and Vite). `ensureBuilt`
// rebuilds only what is missing or older than its sources, for `npm start` and `npm run serve`.
//
// CLI: `tsx electron/build.ts` builds the Electron part (`npm run build` runs `vite build` first);
// `tsx electron/build.ts --all` builds both.

import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface Target {
  name: 'renderer' | 'electron';
  /** Files and folders (relative to the repo) whose changes call for a rebuild. */
  sources: string[];
  /** Files (relative to the repo) a complete build writes. */
  outputs: string[];
}

export const TARGETS: Record<Target['name'], Target> = {
  renderer: {
    name: 'renderer',
    sources: ['renderer', 'engine/src', 'scenarios', 'vite.config.ts'],
    outputs: ['dist/renderer/index.html'],
  },
  electron: {
    name: 'electron',
    sources: ['electron', 'renderer/src/bridge/desktop-api.ts'],
    outputs: ['dist/electron/main.cjs', 'dist/electron/preload.cjs'],
  },
};

/** Newest modification time under `path` (a file or a folder, recursively); 0 when missing. */
export async function newestMtime(path: string): Promise<number> {
  let st;
  try {
    st = await stat(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why `target` must be (re)built, or null when its outputs are complete and newer than its sources. */
export async function staleReason(root: string, target: Target): Promise<string | null> {
  let oldestOutput = Infinity;
  for (const out of target.outputs) {
    try {
      oldestOutput = Math.min(oldestOutput, (await stat(join(root, out))).mtimeMs);
    } catch {
      return `${out} is missing`;
    }
  }
  for (const src of target.sources) {
    if ((await newestMtime(join(root, src))) > oldestOutput) return `${src} changed since the last build`;
  }
  return null;
}

export async function buildRenderer(root: string = REPO_ROOT): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), root: join(root, 'renderer'), logLevel: 'warn' });
}

export async function buildElectron(root: string = REPO_ROOT): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
    legalComments: 'none',
  });
}

/**
 * Builds what is missing or stale. `electron: false` for serving to a browser, which needs the
 * renderer only. `log` gets one line per target built.
 */
export async function ensureBuilt(opts: { root?: string; electron: boolean; log?: (line: string) => void }): Promise<void> {
  const root = opts.root ?? REPO_ROOT;
  const log = opts.log ?? ((line: string) => console.log(line));
  const rendererWhy = await staleReason(root, TARGETS.renderer);
  if (rendererWhy) {
    log(`Building the app (${rendererWhy})…`);
    await buildRenderer(root);
  }
  if (opts.electron) {
    const electronWhy = await staleReason(root, TARGETS.electron);
    if (electronWhy) {
      log(`Building the desktop shell (${electronWhy})…`);
      await buildElectron(root);
    }
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const all = process.argv.includes('--all');
  (async () => {
    if (all) await buildRenderer();
    await buildElectron();
    console.log(`Built ${all ? 'dist/renderer and ' : ''}dist/electron (main.cjs, preload.cjs).`);
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
