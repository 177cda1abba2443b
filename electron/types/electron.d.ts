// A minimal, hand-written declaration of the parts of Electron's API that main.ts and preload.ts
// use. electron/tsconfig.json maps the module 'electron' here (compilerOptions.paths), so the
// shell type-checks the same way whether or not the `electron` package (which ships its own
// electron.d.ts) could be installed: it is an optional dependency whose download fails offline.
// Signatures follow Electron 41's documentation; keep them a strict subset of the real ones.

import type { MenuItemSpec } from '../windowConfig.ts';

export interface Event {
  preventDefault(): void;
}

export interface WebFrameMain {
  readonly url: string;
  readonly parent: WebFrameMain | null;
}

export interface IpcMainInvokeEvent extends Event {
  readonly senderFrame: WebFrameMain | null;
  readonly sender: WebContents;
}

export interface IpcRendererEvent extends Event {
  readonly senderId: number;
}

export interface WebPreferences {
  preload?: string;
  sandbox?: boolean;
  contextIsolation?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  experimentalFeatures?: boolean;
  webviewTag?: boolean;
  navigateOnDragDrop?: boolean;
  spellcheck?: boolean;
  safeDialogs?: boolean;
}

export interface HandlerDetails {
  url: string;
}

export interface WebContents {
  readonly id: number;
  readonly mainFrame: WebFrameMain;
  readonly session: Session;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: Event, url: string) => void): this;
  on(event: 'will-attach-webview', listener: (event: Event) => void): this;
  on(event: 'did-finish-load', listener: () => void): this;
  once(event: 'did-finish-load', listener: () => void): this;
  on(event: 'render-process-gone', listener: (event: Event, details: { reason: string; exitCode: number }) => void): this;
  /** The page's beforeunload asked to stay; `event.preventDefault()` leaves anyway. */
  on(event: 'will-prevent-unload', listener: (event: Event) => void): this;
  setWindowOpenHandler(handler: (details: HandlerDetails) => { action: 'deny' }): void;
  send(channel: string, ...args: unknown[]): void;
  executeJavaScript(code: string, userGesture?: boolean): Promise<unknown>;
  getURL(): string;
  getLastWebPreferences(): WebPreferences | null;
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  backgroundColor?: string;
  autoHideMenuBar?: boolean;
  webPreferences?: WebPreferences;
}

export class BrowserWindow {
  constructor(options?: BrowserWindowConstructorOptions);
  static getAllWindows(): BrowserWindow[];
  static fromWebContents(webContents: WebContents): BrowserWindow | null;
  readonly webContents: WebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): this;
  on(event: 'closed', listener: () => void): this;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export interface OnHeadersReceivedListenerDetails {
  url: string;
  resourceType: string;
  responseHeaders?: Record<string, string[]>;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
}

export interface WebRequest {
  onHeadersReceived(listener: (details: OnHeadersReceivedListenerDetails, callback: (response: HeadersReceivedResponse) => void) => void): void;
}

export interface Session {
  readonly webRequest: WebRequest;
  setPermissionRequestHandler(handler: ((webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
}

export const session: { readonly defaultSession: Session };

/** Electron's CustomScheme, with only the privileges main.ts sets (appProtocol.ts). */
export interface CustomScheme {
  scheme: string;
  privileges?: {
    standard?: boolean;
    secure?: boolean;
    supportFetchAPI?: boolean;
  };
}

export const protocol: {
  /** Before the app's ready event, and only once. */
  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void;
  /** After ready: answers every request to `scheme://…` of the default session. */
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};

export const net: {
  /** fetch() over Chromium's network stack; reads file: URLs (inside app.asar too) and custom schemes. */
  fetch(input: string): Promise<Response>;
};

type PathName = 'home' | 'appData' | 'userData' | 'temp' | 'documents' | 'downloads' | 'desktop' | 'logs';

export const app: {
  readonly isPackaged: boolean;
  whenReady(): Promise<void>;
  on(event: 'window-all-closed' | 'activate', listener: () => void): void;
  on(event: 'second-instance', listener: (event: Event, argv: string[]) => void): void;
  on(event: 'web-contents-created', listener: (event: Event, contents: WebContents) => void): void;
  quit(): void;
  exit(exitCode?: number): void;
  getPath(name: PathName): string;
  setPath(name: PathName, path: string): void;
  requestSingleInstanceLock(): boolean;
  enableSandbox(): void;
  setName(name: string): void;
};

export interface FileFilter {
  name: string;
  extensions: string[];
}

export const dialog: {
  showOpenDialog(window: BrowserWindow, options: { title?: string; defaultPath?: string; filters?: FileFilter[]; properties?: ('openFile' | 'openDirectory')[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(window: BrowserWindow, options: { title?: string; defaultPath?: string; filters?: FileFilter[] }): Promise<{ canceled: boolean; filePath?: string }>;
  showErrorBox(title: string, content: string): void;
  showMessageBoxSync(window: BrowserWindow, options: { type?: 'none' | 'info' | 'error' | 'question' | 'warning'; buttons: string[]; defaultId?: number; cancelId?: number; title?: string; message: string; detail?: string }): number;
};

export class Menu {
  static buildFromTemplate(template: MenuItemSpec[]): Menu;
  static setApplicationMenu(menu: Menu | null): void;
}

export const ipcMain: {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
};

export const ipcRenderer: {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
};

export const contextBridge: {
  exposeInMainWorld(apiKey: string, api: unknown): void;
};
