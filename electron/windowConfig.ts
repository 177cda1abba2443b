// The window's security settings and the app menu as plain data, so they can be checked in node
// without the Electron binary. main.ts hands them to BrowserWindow and Menu unchanged.

import { join } from 'node:path';
import { APP_INDEX_URL } from './appProtocol.ts';

/** The settings every Firedrill window is created with. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
  } as const;
}

export interface AppPaths {
  /** dist/renderer: what app://firedrill/ serves. */
  rendererRoot: string;
  /** dist/renderer/index.html */
  indexHtml: string;
  /** dist/electron/preload.cjs */
  preload: string;
  /** app://firedrill/index.html: what the window loads, the only page allowed to call IPC. */
  indexUrl: string;
}

/** Paths of the built app, from the directory of the built main (dist/electron). */
export function appPaths(mainDir: string): AppPaths {
  const rendererRoot = join(mainDir, '..', 'renderer');
  return { rendererRoot, indexHtml: join(rendererRoot, 'index.html'), preload: join(mainDir, 'preload.cjs'), indexUrl: APP_INDEX_URL };
}

/** The subset of Electron's MenuItemConstructorOptions used here. */
export interface MenuItemSpec {
  label?: string;
  role?: 'appMenu' | 'editMenu' | 'windowMenu' | 'quit' | 'reload' | 'togglefullscreen' | 'toggleDevTools' | 'zoomIn' | 'zoomOut' | 'resetZoom' | 'about';
  accelerator?: string;
  type?: 'separator' | 'submenu' | 'normal';
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface MenuOptions {
  isMac: boolean;
  /** Developer tools entry (development builds only). */
  devTools: boolean;
  openScenario: () => void;
}

/** File (Open Scenario…, Quit), Edit (clipboard in text fields), View (full screen, zoom), Window. */
export function menuTemplate(opts: MenuOptions): MenuItemSpec[] {
  const view: MenuItemSpec[] = [
    { role: 'togglefullscreen' },
    { type: 'separator' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { role: 'resetZoom' },
  ];
  if (opts.devTools) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  const file: MenuItemSpec[] = [{ label: 'Open Scenario…', accelerator: 'CmdOrCtrl+O', click: opts.openScenario }];
  if (!opts.isMac) file.push({ type: 'separator' }, { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' });
  return [
    ...(opts.isMac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: file },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
