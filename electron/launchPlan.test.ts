import { describe, expect, it } from 'vitest';
import { browserArgs, browserCandidates, fallbackMessage, findBrowser, findElectronBinary, hasDisplay, planLaunch } from './launchPlan.ts';

const only = (...paths: string[]) => (p: string) => paths.includes(p);

describe('Electron binary detection', () => {
  it('uses the path require("electron") returns when the file exists', () => {
    expect(findElectronBinary(() => '/repo/node_modules/electron/dist/electron', only('/repo/node_modules/electron/dist/electron'))).toBe('/repo/node_modules/electron/dist/electron');
  });
  it('is null when the package is missing, its download failed, or the file is gone', () => {
    expect(findElectronBinary(() => { throw new Error("Cannot find module 'electron'"); }, () => true)).toBeNull();
    expect(findElectronBinary(() => { throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again'); }, () => true)).toBeNull();
    expect(findElectronBinary(() => '/gone/electron', () => false)).toBeNull();
    expect(findElectronBinary(() => ({ default: 'x' }), () => true)).toBeNull();
  });
});

describe('browser detection', () => {
  const linuxEnv = { PATH: '/home/me/bin:/usr/local/bin:relative/bin' };
  it('prefers /usr/bin/chromium on Linux, then the other usual names', () => {
    expect(findBrowser('linux', linuxEnv, only('/usr/bin/chromium', '/usr/bin/google-chrome'))).toBe('/usr/bin/chromium');
    expect(findBrowser('linux', linuxEnv, only('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
    expect(findBrowser('linux', linuxEnv, only('/usr/bin/google-chrome-stable'))).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser('linux', linuxEnv, only('/snap/bin/chromium'))).toBe('/snap/bin/chromium');
  });
  it('looks on PATH (absolute entries only)', () => {
    expect(findBrowser('linux', linuxEnv, only('/usr/local/bin/google-chrome'))).toBe('/usr/local/bin/google-chrome');
    expect(browserCandidates('linux', linuxEnv).some((p) => p.startsWith('relative'))).toBe(false);
  });
  it('honours FIREDRILL_BROWSER first', () => {
    expect(findBrowser('linux', { FIREDRILL_BROWSER: '/opt/cr/chrome' }, only('/opt/cr/chrome', '/usr/bin/chromium'))).toBe('/opt/cr/chrome');
  });
  it('knows the macOS application bundles', () => {
    expect(findBrowser('darwin', { HOME: '/Users/me' }, only('/Applications/Chromium.app/Contents/MacOS/Chromium'))).toBe('/Applications/Chromium.app/Contents/MacOS/Chromium');
    expect(findBrowser('darwin', { HOME: '/Users/me' }, only('/Users/me/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'))).toBe('/Users/me/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
  });
  it('knows Chrome and Edge on Windows', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' };
    expect(findBrowser('win32', env, only('C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'))).toBe('C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe');
    expect(findBrowser('win32', env, only('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'))).toBe('C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe');
  });
  it('is null when nothing is installed', () => {
    expect(findBrowser('linux', linuxEnv, () => false)).toBeNull();
    expect(findBrowser('win32', {}, () => false)).toBeNull();
  });
});

describe('display detection', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux and the BSDs', () => {
    expect(hasDisplay('linux', {})).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: '' })).toBe(false);
    expect(hasDisplay('linux', { DISPLAY: ':0' })).toBe(true);
    expect(hasDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(hasDisplay('freebsd', {})).toBe(false);
  });
  it('assumes one on macOS and Windows', () => {
    expect(hasDisplay('darwin', {})).toBe(true);
    expect(hasDisplay('win32', {})).toBe(true);
  });
});

describe('launch plan', () => {
  const url = 'http://127.0.0.1:41234/';
  it('starts Electron when there is a binary and a display', () => {
    expect(planLaunch({ electron: '/e', browser: '/usr/bin/chromium', display: true })).toEqual({ mode: 'electron', binary: '/e' });
  });
  it('opens a browser app window without Electron, saying so in one line', () => {
    const plan = planLaunch({ electron: null, browser: '/usr/bin/chromium', display: true });
    expect(plan).toEqual({ mode: 'browser', browser: '/usr/bin/chromium' });
    const line = fallbackMessage(plan, url, false);
    expect(line).toBe('Electron is not installed (offline?); serving Firedrill at http://127.0.0.1:41234/ and opening it in /usr/bin/chromium as an app window.');
    expect(line).not.toContain('\n');
  });
  it('only prints the URL without a display (headless Linux), even with Electron or a browser', () => {
    for (const electron of [null, '/e']) {
      const plan = planLaunch({ electron, browser: '/usr/bin/chromium', display: false });
      expect(plan).toEqual({ mode: 'url', reason: 'no-display' });
      const line = fallbackMessage(plan, url, electron !== null);
      expect(line).toContain(url);
      expect(line).toContain('no display');
      expect(line).not.toContain('\n');
    }
  });
  it('only prints the URL when there is no browser', () => {
    const plan = planLaunch({ electron: null, browser: null, display: true });
    expect(plan).toEqual({ mode: 'url', reason: 'no-browser' });
    expect(fallbackMessage(plan, url, false)).toBe('Electron is not installed (offline?) and no Chromium, Chrome or Edge was found; serving Firedrill at http://127.0.0.1:41234/, open it in your browser. Ctrl-C stops.');
  });
  it('opens the app window on a throw-away profile', () => {
    expect(browserArgs(url, '/tmp/firedrill-browser-x')).toEqual(expect.arrayContaining([`--app=${url}`, '--user-data-dir=/tmp/firedrill-browser-x', '--no-first-run']));
  });
});
