// The preload of the sandboxed renderer: exposes exactly `window.firedrillDesktop`, one function
// per IPC channel and nothing else (no ipcRenderer, no events, no Node). Main validates every
// call again (sender and payload): this file is a convenience, not the security boundary.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { MENU_COMMANDS, type DesktopApi, type MenuCommand } from '../renderer/src/bridge/desktop-api.ts';
import { CHANNELS, MENU_CHANNEL } from './channels.ts';

const api: DesktopApi = {
  kind: 'electron',
  openFile: (kind) => ipcRenderer.invoke(CHANNELS.openFile, kind) as ReturnType<DesktopApi['openFile']>,
  openPack: (source) => ipcRenderer.invoke(CHANNELS.openPack, source) as ReturnType<DesktopApi['openPack']>,
  saveFile: (request) => ipcRenderer.invoke(CHANNELS.saveFile, request) as ReturnType<DesktopApi['saveFile']>,
  put: (store, key, value) => ipcRenderer.invoke(CHANNELS.put, store, key, value) as Promise<void>,
  get: (store, key) => ipcRenderer.invoke(CHANNELS.get, store, key) as ReturnType<DesktopApi['get']>,
  list: (store) => ipcRenderer.invoke(CHANNELS.list, store) as ReturnType<DesktopApi['list']>,
  remove: (store, key) => ipcRenderer.invoke(CHANNELS.remove, store, key) as Promise<void>,
  quarantine: (store, key) => ipcRenderer.invoke(CHANNELS.quarantine, store, key) as Promise<string>,
  onMenuCommand: (listener) => {
    // The renderer gets the command string only, never the IPC event (it leads to ipcRenderer).
    const wrapped = (_event: IpcRendererEvent, command: unknown): void => {
      if (MENU_COMMANDS.includes(command as MenuCommand)) listener(command as MenuCommand);
    };
    ipcRenderer.on(MENU_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(MENU_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('firedrillDesktop', api);
