// `npm start`: builds what is missing or stale, then opens Firedrill in Electron; where there is
// no Electron binary (offline installs), serves the app on 127.0.0.1 and opens it in an installed
// Chromium/Chrome/Edge as an app window on a throw-away profile, printing one line that says so;
// with no browser or no display it prints the URL and keeps serving until Ctrl-C.
// The decisions are pure functions in launchPlan.ts (tested); this file does the side effects.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, REPO_ROOT } from './build.ts';
import { browserArgs, fallbackMessage, findBrowser, findElectronBinary, hasDisplay, planLaunch } from './launchPlan.ts';
import { portFromEnv, startStaticServer } from './staticServer.ts';

const isFile = (p: string): boolean => {
  try {
    return existsSync(p) && statSync(p).isFile();
  } catch {
    return false;
  }
};

/** A browser that quits this soon with an error never showed a window (no display, bad profile). */
const FAILED_START_MS = 5000;

async function main(): Promise<void> {
  const require = createRequire(import.meta.url);
  const electron = findElectronBinary(() => require('electron') as unknown, isFile);
  const plan = planLaunch({
    electron,
    browser: findBrowser(process.platform, process.env, isFile),
    display: hasDisplay(process.platform, process.env),
  });
  await ensureBuilt({ electron: plan.mode === 'electron' });

  if (plan.mode === 'electron') {
    console.log(fallbackMessage(plan, '', true));
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(plan.binary, [REPO_ROOT], { stdio: 'inherit', env });
    forwardSignals(child);
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    return;
  }

  const served = await startStaticServer(join(REPO_ROOT, 'dist', 'renderer'), portFromEnv(process.env, 0));
  console.log(fallbackMessage(plan, served.url, electron !== null));
  let browser: ChildProcess | null = null;
  let profile: string | null = null;
  const cleanup = (): void => {
    if (profile) rmSync(profile, { recursive: true, force: true });
    profile = null;
  };
  const stop = (): void => {
    if (browser && browser.exitCode === null) browser.kill();
    cleanup();
    void served.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  if (plan.mode !== 'browser') return;
  profile = mkdtempSync(join(tmpdir(), 'firedrill-browser-'));
  const started = Date.now();
  const child = spawn(plan.browser, browserArgs(served.url, profile), { stdio: 'ignore' });
  browser = child;
  child.on('error', (err) => {
    cleanup();
    console.log(`Could not start ${plan.browser} (${err.message}); Firedrill is still served at ${served.url}. Ctrl-C stops.`);
  });
  child.on('exit', (code) => {
    if (code !== 0 && Date.now() - started < FAILED_START_MS) {
      cleanup();
      console.log(`${plan.browser} quit at once (exit code ${code ?? 'none'}); Firedrill is still served at ${served.url}. Ctrl-C stops.`);
      return;
    }
    stop(); // the app window was closed
  });
}

function forwardSignals(child: ChildProcess): void {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  console.error(code === 'EADDRINUSE' ? `Port ${process.env.PORT ?? ''} is in use; choose another with PORT=<port> npm start.` : err instanceof Error ? err.message : String(err));
  process.exit(1);
});
