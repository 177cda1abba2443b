// The IPC channel names, one per `DesktopApi` method. No imports with runtime code: the sandboxed
// preload bundles this file and may load nothing but `electron`.

import type { DesktopApi } from '../renderer/src/bridge/desktop-api.ts';

/** The `DesktopApi` methods that go to main and come back with an answer. */
export type InvokeMethod = Exclude<keyof DesktopApi, 'kind' | 'onMenuCommand'>;

export const CHANNELS = {
  openFile: 'firedrill:openFile',
  openPack: 'firedrill:openPack',
  saveFile: 'firedrill:saveFile',
  put: 'firedrill:put',
  get: 'firedrill:get',
  list: 'firedrill:list',
  remove: 'firedrill:remove',
  quarantine: 'firedrill:quarantine',
} as const satisfies Record<InvokeMethod, `firedrill:${string}`>;

export type Channel = (typeof CHANNELS)[InvokeMethod];

/** Main → renderer: a menu command (`MenuCommand`) for the UI to carry out. */
export const MENU_CHANNEL = 'firedrill:menu';
