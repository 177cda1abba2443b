// main.ts wired against a stand-in for the electron module (no binary needed): the app:// scheme
// (registered before ready, handled after), the window's settings and URL, the session's policies,
// navigation and popup denial, every IPC handler's sender and payload checks, the dialogs and the
// user-data stores. desktop.test.ts repeats the security
// part inside a real Electron window where the binary exists.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CSP } from './csp.ts';
import type { MenuItemSpec } from './windowConfig.ts';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const state = {
    userData: '',
    handlers: new Map<string, Handler>(),
    appListeners: new Map<string, (...args: unknown[]) => void>(),
    windows: [] as { options: Record<string, unknown>; loaded: string[] }[],
    menu: [] as unknown[],
    sent: [] as unknown[][],
    sandboxEnabled: false,
    permissionRequest: null as null | ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void),
    permissionCheck: null as null | ((wc: unknown, permission: string) => boolean),
    headers: null as null | ((details: { url: string; resourceType: string; responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void),
    openResult: { canceled: true, filePaths: [] as string[] },
    saveResult: { canceled: true } as { canceled: boolean; filePath?: string },
    dialogCalls: [] as unknown[],
    /** What happened, in order: 'ready', 'registerSchemesAsPrivileged', 'handle:app', 'loadURL'. */
    events: [] as string[],
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    netFetched: [] as string[],
  };
  const webContents = { send: (...args: unknown[]) => state.sent.push(args), on: () => webContents, once: () => webContents };
  class BrowserWindow {
    webContents = webContents;
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      state.windows.push({ options, loaded: this.loaded });
    }
    static fromWebContents() {
      return { id: 1 };
    }
    async loadURL(url: string) {
      state.events.push('loadURL');
      this.loaded.push(url);
    }
    once() {
      return this;
    }
    on() {
      return this;
    }
    isDestroyed() {
      return false;
    }
  }
  const electron = {
    app: {
      isPackaged: true,
      // Ready a tick after main.ts asks, as in Electron: whatever main.ts does synchronously at
      // load time happens before it.
      whenReady: () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            state.events.push('ready');
            done();
          }, 0),
        ),
      on: (event: string, fn: (...args: unknown[]) => void) => state.appListeners.set(event, fn),
      quit: () => undefined,
      exit: () => undefined,
      getPath: (name: string) => (name === 'userData' ? state.userData : join(state.userData, name)),
      setPath: () => undefined,
      requestSingleInstanceLock: () => true,
      enableSandbox: () => {
        state.sandboxEnabled = true;
      },
    },
    BrowserWindow,
    dialog: {
      showOpenDialog: async (_w: unknown, opts: unknown) => {
        state.dialogCalls.push(opts);
        return state.openResult;
      },
      showSaveDialog: async (_w: unknown, opts: unknown) => {
        state.dialogCalls.push(opts);
        return state.saveResult;
      },
      showErrorBox: () => undefined,
    },
    ipcMain: { handle: (channel: string, fn: Handler) => state.handlers.set(channel, fn) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        state.events.push('registerSchemesAsPrivileged');
        state.privileged.push(...schemes);
      },
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => {
        state.events.push(`handle:${scheme}`);
        state.protocolHandlers.set(scheme, fn);
      },
    },
    net: {
      // file: URLs only, like what main.ts hands it.
      fetch: async (url: string) => {
        state.netFetched.push(url);
        return new Response(await readFile(fileURLToPath(url)));
      },
    },
    Menu: { buildFromTemplate: (t: unknown[]) => t, setApplicationMenu: (m: unknown[]) => (state.menu = m) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof state.permissionRequest) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof state.permissionCheck) => (state.permissionCheck = h),
        webRequest: { onHeadersReceived: (h: typeof state.headers) => (state.headers = h) },
      },
    },
  };
  return { state, electron };
});

vi.mock('electron', () => fake.electron);

const { state } = fake;
const indexUrl = 'app://firedrill/index.html';
const trusted = { senderFrame: { url: `${indexUrl}?play=checkout-bad-deploy`, parent: null }, sender: {} };
const call = (channel: string, event: unknown, ...args: unknown[]) => {
  const h = state.handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return h(event, ...args);
};

beforeAll(async () => {
  state.userData = mkdtempSync(join(tmpdir(), 'firedrill-main-'));
  await import('./main.ts');
  // Ready, app:// handled, the window loaded.
  await vi.waitFor(() => expect(state.events).toContain('loadURL'));
});
afterAll(() => rmSync(state.userData, { recursive: true, force: true }));

describe('main process (with a stand-in electron module)', () => {
  it('registers app:// as a privileged scheme before ready, and handles it after', () => {
    expect(state.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(state.events.filter((e) => e !== 'loadURL')).toEqual(['registerSchemesAsPrivileged', 'ready', 'handle:app']);
  });

  it('opens one sandboxed, isolated window on app://firedrill/index.html, once app:// is handled', () => {
    expect(state.sandboxEnabled).toBe(true);
    expect(state.windows).toHaveLength(1);
    const prefs = state.windows[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(state.windows[0]?.loaded).toEqual(['app://firedrill/index.html']);
    expect(state.events.indexOf('loadURL')).toBeGreaterThan(state.events.indexOf('handle:app'));
  });

  it('serves the renderer folder over app:// through net.fetch, with the CSP header, and nothing outside it', async () => {
    const handler = state.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    const res = await handler!(new Request('app://firedrill/index.html?play=x'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toBe(readFileSync(join(import.meta.dirname, '..', 'renderer', 'index.html'), 'utf8'));
    expect(state.netFetched).toEqual([pathToFileURL(join(import.meta.dirname, '..', 'renderer', 'index.html')).href]);
    expect((await handler!(new Request('app://firedrill/..%2fpackage.json'))).status).toBe(403);
    expect((await handler!(new Request('app://firedrill/no-such-file.js'))).status).toBe(404);
    expect(state.netFetched).toHaveLength(1);
  });

  it('denies every permission and sends the CSP header', () => {
    let granted: boolean | null = null;
    state.permissionRequest?.({}, 'notifications', (g) => (granted = g));
    expect(granted).toBe(false);
    expect(state.permissionCheck?.({}, 'clipboard-read')).toBe(false);
    let response: { responseHeaders?: Record<string, unknown> } = {};
    state.headers?.({ url: 'https://x/', resourceType: 'mainFrame', responseHeaders: { 'X-A': ['1'] } }, (r) => (response = r as typeof response));
    expect(response.responseHeaders).toMatchObject({ 'X-A': ['1'], 'Content-Security-Policy': [CSP], 'X-Content-Type-Options': ['nosniff'] });
  });

  it('denies navigation, redirects, webviews and new windows for every web contents', () => {
    const listeners = new Map<string, (e: { preventDefault: () => void }) => void>();
    let openHandler: (() => unknown) | null = null;
    const contents = {
      on: (ev: string, fn: (e: { preventDefault: () => void }) => void) => listeners.set(ev, fn),
      setWindowOpenHandler: (fn: () => unknown) => (openHandler = fn),
    };
    state.appListeners.get('web-contents-created')?.({}, contents);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const prevent = vi.fn();
      listeners.get(ev)?.({ preventDefault: prevent });
      expect(prevent, ev).toHaveBeenCalled();
    }
    expect(openHandler).not.toBeNull();
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('has File › Open Scenario… which tells the page to open a scenario', () => {
    const file = (state.menu as MenuItemSpec[]).find((m) => m.label === 'File');
    file?.submenu?.find((i) => i.label === 'Open Scenario…')?.click?.();
    expect(state.sent).toEqual([['firedrill:menu', 'open-scenario']]);
  });

  it('registers one handler per channel', () => {
    expect([...state.handlers.keys()].sort()).toEqual(['firedrill:get', 'firedrill:list', 'firedrill:openFile', 'firedrill:openPack', 'firedrill:put', 'firedrill:quarantine', 'firedrill:remove', 'firedrill:saveFile']);
  });

  it('refuses calls from any other frame or with bad arguments', async () => {
    await expect(call('firedrill:put', { senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} }, 'prefs', 'k', 1)).rejects.toThrow(/refused/);
    await expect(call('firedrill:put', { senderFrame: { url: indexUrl, parent: { url: indexUrl } }, sender: {} }, 'prefs', 'k', 1)).rejects.toThrow(/refused/);
    await expect(call('firedrill:put', { senderFrame: null, sender: {} }, 'prefs', 'k', 1)).rejects.toThrow(/refused/);
    await expect(call('firedrill:put', trusted, 'prefs', '../../k', 1)).rejects.toThrow(/invalid arguments/);
    await expect(call('firedrill:openFile', trusted, 'exe')).rejects.toThrow(/invalid arguments/);
    await expect(call('firedrill:openPack', trusted, '/etc')).rejects.toThrow(/invalid arguments/);
    await expect(call('firedrill:openPack', { senderFrame: { url: 'https://evil.example/', parent: null }, sender: {} }, 'folder')).rejects.toThrow(/refused/);
  });

  it('imports a pack through the dialog: a folder as its YAML files, a .zip as its bytes', async () => {
    const pack = join(state.userData, 'my-pack');
    mkdirSync(join(pack, 'shared'), { recursive: true });
    writeFileSync(join(pack, 'a.yaml'), 'kind: Scenario\n');
    writeFileSync(join(pack, 'shared', 't.yaml'), 'kind: Fragment\n');
    writeFileSync(join(pack, 'notes.txt'), 'not part of it');
    state.openResult = { canceled: false, filePaths: [pack] };
    expect(await call('firedrill:openPack', trusted, 'folder')).toEqual({ name: 'my-pack', files: [{ path: 'a.yaml', text: 'kind: Scenario\n' }, { path: 'shared/t.yaml', text: 'kind: Fragment\n' }] });
    expect(state.dialogCalls.at(-1)).toMatchObject({ properties: ['openDirectory'] });
    expect(state.dialogCalls.at(-1)).not.toHaveProperty('filters');

    const zip = join(state.userData, 'my-pack.zip');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    state.openResult = { canceled: false, filePaths: [zip] };
    const got = (await call('firedrill:openPack', trusted, 'zip')) as { name: string; zip: Uint8Array };
    expect(got.name).toBe('my-pack.zip');
    expect([...got.zip]).toEqual([0x50, 0x4b, 0x05, 0x06]);
    expect(state.dialogCalls.at(-1)).toMatchObject({ filters: [{ extensions: ['zip'] }], properties: ['openFile'], defaultPath: state.userData });
    state.openResult = { canceled: true, filePaths: [] };
    expect(await call('firedrill:openPack', trusted, 'folder')).toBeNull();
  });

  it('keeps documents in userData/stores/<store>/<key>.json', async () => {
    await call('firedrill:put', trusted, 'autosave', 'run-1', { seed: 3 });
    expect(readFileSync(join(state.userData, 'stores', 'autosave', 'run-1.json'), 'utf8')).toBe('{"seed":3}');
    expect(await call('firedrill:get', trusted, 'autosave', 'run-1')).toEqual({ ok: true, value: { seed: 3 } });
    expect(await call('firedrill:list', trusted, 'autosave')).toMatchObject([{ key: 'run-1', bytes: 10 }]);
    writeFileSync(join(state.userData, 'stores', 'autosave', 'run-1.json'), '{');
    expect(await call('firedrill:get', trusted, 'autosave', 'run-1')).toMatchObject({ ok: false });
    expect(await call('firedrill:quarantine', trusted, 'autosave', 'run-1')).toBe('autosave/run-1.corrupt-1');
    await call('firedrill:remove', trusted, 'autosave', 'run-1.corrupt-1');
    expect(await call('firedrill:list', trusted, 'autosave')).toEqual([]);
  });

  it('opens files through the dialog, with the filters of their kind', async () => {
    const path = join(state.userData, 'demo.yaml');
    writeFileSync(path, 'id: demo\n');
    state.openResult = { canceled: false, filePaths: [path] };
    expect(await call('firedrill:openFile', trusted, 'scenario')).toEqual({ name: 'demo.yaml', text: 'id: demo\n' });
    expect(state.dialogCalls.at(-1)).toMatchObject({ filters: [{ extensions: ['yaml', 'yml'] }], properties: ['openFile'] });
    state.openResult = { canceled: true, filePaths: [] };
    expect(await call('firedrill:openFile', trusted, 'session')).toBeNull();
  });

  it('saves files where the user chose, or reports the cancel', async () => {
    const path = join(state.userData, 'postmortem.md');
    state.saveResult = { canceled: false, filePath: path };
    const req = { kind: 'report', suggestedName: 'postmortem.md', text: '# PM\n', mime: 'text/markdown' };
    expect(await call('firedrill:saveFile', trusted, req)).toEqual({ saved: true, where: path });
    expect(readFileSync(path, 'utf8')).toBe('# PM\n');
    expect(state.dialogCalls.at(-1)).toMatchObject({ defaultPath: expect.stringMatching(/postmortem\.md$/) });
    state.saveResult = { canceled: true };
    expect(await call('firedrill:saveFile', trusted, req)).toEqual({ saved: false });
  });
});
