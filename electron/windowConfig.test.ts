import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CSP, SECURITY_HEADERS } from './csp.ts';
import { appPaths, menuTemplate, secureWebPreferences, type MenuItemSpec } from './windowConfig.ts';

const repo = resolve(import.meta.dirname, '..');

describe('window security settings', () => {
  it('sandboxes the renderer and isolates the preload', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('serves the built renderer next to the built main, as app://firedrill/index.html', () => {
    const p = appPaths('/app/dist/electron');
    expect(p).toEqual({
      rendererRoot: join('/app/dist/renderer'),
      indexHtml: join('/app/dist/renderer/index.html'),
      preload: join('/app/dist/electron/preload.cjs'),
      indexUrl: 'app://firedrill/index.html',
    });
  });

  it('uses the same CSP as renderer/index.html, plus nosniff', async () => {
    const html = await readFile(join(repo, 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CSP);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).not.toContain('unsafe-eval');
  });
});

describe('app menu', () => {
  const labels = (items: MenuItemSpec[]) => items.map((i) => i.label ?? i.role ?? i.type);
  it('has File (Open Scenario…, Quit), Edit, View toggles and Window', () => {
    let opened = 0;
    const t = menuTemplate({ isMac: false, devTools: false, openScenario: () => opened++ });
    expect(labels(t)).toEqual(['File', 'editMenu', 'View', 'windowMenu']);
    const file = t[0]?.submenu ?? [];
    expect(labels(file)).toEqual(['Open Scenario…', 'separator', 'Quit']);
    expect(file[0]?.accelerator).toBe('CmdOrCtrl+O');
    file[0]?.click?.();
    expect(opened).toBe(1);
    expect(labels(t[2]?.submenu ?? [])).toEqual(['togglefullscreen', 'separator', 'zoomIn', 'zoomOut', 'resetZoom']);
  });
  it('puts Quit in the app menu on macOS and offers developer tools in development only', () => {
    const t = menuTemplate({ isMac: true, devTools: true, openScenario: () => undefined });
    expect(labels(t)).toEqual(['appMenu', 'File', 'editMenu', 'View', 'windowMenu']);
    expect(labels(t[1]?.submenu ?? [])).toEqual(['Open Scenario…']);
    expect(labels(t[3]?.submenu ?? [])).toContain('toggleDevTools');
  });
});
