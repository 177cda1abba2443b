// Security settings checked inside a real Electron window (main.ts's FIREDRILL_SELF_TEST mode).
// Needs the Electron binary, which an offline `npm install` cannot download: then these tests are
// skipped and say so. Everything that does not need the binary is tested in node next door
// (ipc.test.ts, fileStore.test.ts, windowConfig.test.ts).

import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, REPO_ROOT } from './build.ts';
import { CSP } from './csp.ts';
import { findElectronBinary, hasDisplay } from './launchPlan.ts';

const binary = findElectronBinary(() => createRequire(import.meta.url)('electron') as unknown, (p) => existsSync(p) && statSync(p).isFile());
const xvfb = spawnSync('sh', ['-c', 'command -v xvfb-run'], { encoding: 'utf8' }).stdout.trim() || null;
const display = hasDisplay(process.platform, process.env);
const skipReason = !binary
  ? 'Electron binary not installed (offline install): security-settings tests skipped'
  : !display && !xvfb
    ? 'No display and no xvfb-run: Electron security-settings tests skipped'
    : null;
if (skipReason) console.warn(skipReason);

describe.skipIf(skipReason !== null)(skipReason ?? 'Electron window security (needs the Electron binary)', () => {
  it('serves the page from app://firedrill (module worker, IndexedDB, CSP header), isolates it, exposes only firedrillDesktop, validates IPC and denies navigation, popups and permissions', async () => {
    await ensureBuilt({ electron: true, log: () => undefined });
    const userData = mkdtempSync(join(tmpdir(), 'firedrill-electron-'));
    try {
      const args = [REPO_ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])];
      const [cmd, cmdArgs] = display ? [binary as string, args] : [xvfb as string, ['-a', binary as string, ...args]];
      const env: NodeJS.ProcessEnv = { ...process.env, FIREDRILL_SELF_TEST: '1', FIREDRILL_USER_DATA: userData };
      delete env.ELECTRON_RUN_AS_NODE;
      const out = await new Promise<string>((done, fail) => {
        const child = spawn(cmd, cmdArgs, { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let text = '';
        child.stdout.on('data', (c: Buffer) => (text += c.toString()));
        child.stderr.on('data', (c: Buffer) => (text += c.toString()));
        child.on('error', fail);
        child.on('exit', () => done(text));
      });
      const line = /FIREDRILL_SELF_TEST (\{.*\})/.exec(out)?.[1];
      expect(line, out).toBeDefined();
      const r = JSON.parse(line as string) as Record<string, unknown>;
      expect(r).toMatchObject({
        typeofRequire: 'undefined',
        typeofProcess: 'undefined',
        typeofModule: 'undefined',
        apiKeys: ['get', 'kind', 'list', 'onMenuCommand', 'openFile', 'openPack', 'put', 'quarantine', 'remove', 'saveFile'],
        kind: 'electron',
        windowOpenBlocked: true,
        badStoreRejected: true,
        badKeyRejected: true,
        badKindRejected: true,
        badPackSourceRejected: true,
        badSaveNameRejected: true,
        roundTrip: { ok: true, value: { ok: true } },
        notificationPermission: 'denied',
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
        navigationBlocked: true,
        origin: 'app://firedrill',
        secureContext: true,
        cspHeader: CSP,
        missingStatus: 404,
        traversalStatus: 403,
        indexedDb: true,
        scriptType: 'text/javascript; charset=utf-8',
        moduleWorker: true,
      });
      expect(existsSync(join(userData, 'stores', 'prefs', 'self-test.json'))).toBe(true);
    } finally {
      rmSync(userData, { recursive: true, force: true });
    }
  }, 180_000);
});
