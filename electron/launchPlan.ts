// What `npm start` does on this machine, decided by pure functions (the file system and the
// environment are injected, so every branch is tested): the Electron binary if there is one and
// a display to show it on; else the app served on 127.0.0.1 and opened in an installed
// Chromium/Chrome/Edge as an app window; else just the URL.

import { delimiter as posixDelimiter, join as posixJoin } from 'node:path/posix';
import { join as winJoin } from 'node:path/win32';

export type Exists = (path: string) => boolean;

/**
 * The Electron binary, or null. In node, `require('electron')` returns the path of the binary
 * the package downloaded at install time, and throws when the download never happened (offline
 * installs); the path is also checked on disk.
 */
export function findElectronBinary(requireElectron: () => unknown, exists: Exists): string | null {
  let path: unknown;
  try {
    path = requireElectron();
  } catch {
    return null;
  }
  return typeof path === 'string' && path.length > 0 && exists(path) ? path : null;
}

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'];

/** Candidate browser executables for this platform, most preferred first. */
export function browserCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  const own = env.FIREDRILL_BROWSER ? [env.FIREDRILL_BROWSER] : [];
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Brave Browser.app/Contents/MacOS/Brave Browser',
    ];
    const roots = ['/Applications', ...(env.HOME ? [posixJoin(env.HOME, 'Applications')] : [])];
    return [...own, ...roots.flatMap((r) => apps.map((a) => posixJoin(r, a)))];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const exes = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return [...own, ...exes.flatMap((e) => roots.map((r) => winJoin(r, e)))];
  }
  // Linux and the BSDs: the usual fixed places, then the same names on PATH.
  const fixed = LINUX_NAMES.map((n) => `/usr/bin/${n}`).concat('/snap/bin/chromium');
  const onPath = (env.PATH ?? '')
    .split(posixDelimiter)
    .filter((d) => d.startsWith('/'))
    .flatMap((d) => LINUX_NAMES.map((n) => posixJoin(d, n)));
  return [...new Set([...own, ...fixed, ...onPath])];
}

/** The first installed browser that can open an `--app=` window, or null. */
export function findBrowser(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, exists: Exists): string | null {
  return browserCandidates(platform, env).find((p) => exists(p)) ?? null;
}

/** Whether a window can be shown: on Linux and the BSDs only with an X11 or Wayland display. */
export function hasDisplay(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return !!(env.DISPLAY?.trim() || env.WAYLAND_DISPLAY?.trim());
}

export type LaunchPlan =
  | { mode: 'electron'; binary: string }
  | { mode: 'browser'; browser: string }
  | { mode: 'url'; reason: 'no-display' | 'no-browser' };

export function planLaunch(input: { electron: string | null; browser: string | null; display: boolean }): LaunchPlan {
  if (!input.display) return { mode: 'url', reason: 'no-display' };
  if (input.electron) return { mode: 'electron', binary: input.electron };
  if (input.browser) return { mode: 'browser', browser: input.browser };
  return { mode: 'url', reason: 'no-browser' };
}

/** The one line `npm start` prints when it serves the app instead of starting Electron. */
export function fallbackMessage(plan: LaunchPlan, url: string, electronInstalled: boolean): string {
  const why = electronInstalled ? 'Electron is installed' : 'Electron is not installed (offline?)';
  switch (plan.mode) {
    case 'electron':
      return `Starting Firedrill in Electron (${plan.binary}).`;
    case 'browser':
      return `${why}; serving Firedrill at ${url} and opening it in ${plan.browser} as an app window.`;
    case 'url':
      return plan.reason === 'no-display'
        ? `${why} but there is no display (DISPLAY and WAYLAND_DISPLAY are unset); serving Firedrill at ${url}, open it in a browser. Ctrl-C stops.`
        : `${why} and no Chromium, Chrome or Edge was found; serving Firedrill at ${url}, open it in your browser. Ctrl-C stops.`;
  }
}

/** Arguments for an app window on a fresh, throw-away profile. */
export function browserArgs(url: string, profileDir: string): string[] {
  return [`--app=${url}`, `--user-data-dir=${profileDir}`, '--no-first-run', '--no-default-browser-check', '--disable-sync', '--window-size=1440,900'];
}
