// The Electron main process: one sandboxed window on app://firedrill/index.html (dist/renderer,
// served by our privileged app:// scheme, appProtocol.ts), the app menu, and the file work the
// renderer asks for over validated IPC (dialogs, the user-data stores). Built to
// dist/electron/main.cjs by electron/build.ts; package.json "main" points there.
//
// Environment (for tests and support): FIREDRILL_USER_DATA overrides the user-data folder;
// FIREDRILL_SELF_TEST=1 loads the page, checks the security settings from inside it, prints one
// line "FIREDRILL_SELF_TEST {json}" and quits (electron/desktop.test.ts).

import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileKind } from '../renderer/src/bridge/desktop-api.ts';
import { CHANNELS, MENU_CHANNEL, type InvokeMethod } from './channels.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGED, createAppHandler, withSecurityHeaders } from './appProtocol.ts';
import { MAX_OPEN_BYTES, openFilters, packDialog, saveFilters } from './dialogs.ts';
import { createFileStore, writeFileAtomic } from './fileStore.ts';
import { checkCall, type Payload } from './ipc.ts';
import { readPackFolder, readPackZip } from './packFolder.ts';
import { appPaths, menuTemplate, secureWebPreferences } from './windowConfig.ts';

const paths = appPaths(__dirname);
const selfTest = process.env.FIREDRILL_SELF_TEST === '1';

if (process.env.FIREDRILL_USER_DATA) app.setPath('userData', process.env.FIREDRILL_USER_DATA);
app.enableSandbox();
// Before ready, and only once (Electron's rule): app:// is a standard, secure scheme.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGED]);

// One instance: two windows autosaving the same sessions would overwrite each other.
if (!selfTest && !app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  let mainWindow: BrowserWindow | null = null;
  const stores = createFileStore(join(app.getPath('userData'), 'stores'));
  const lastDir = new Map<FileKind, string>();
  let lastPackDir: string | null = null;

  // Every web contents, whoever creates it: no navigation, no new windows, no <webview>.
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  const windowFor = (event: IpcMainInvokeEvent): BrowserWindow => {
    const win = BrowserWindow.fromWebContents(event.sender);
    if (!win) throw new Error('the window that asked is gone');
    return win;
  };

  const handle = <M extends InvokeMethod>(method: M, run: (args: Payload<M>, event: IpcMainInvokeEvent) => Promise<unknown>): void => {
    const channel = CHANNELS[method];
    ipcMain.handle(channel, async (event, ...args) => {
      const frame = event.senderFrame;
      const check = checkCall(channel, { url: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null }, args, paths.indexUrl);
      if (!check.ok) throw new Error(check.error);
      return run(check.args as Payload<M>, event);
    });
  };

  handle('openFile', async ([kind], event) => {
    const res = await dialog.showOpenDialog(windowFor(event), {
      title: kind === 'scenario' ? 'Open a scenario' : kind === 'session' ? 'Open a session' : 'Open a file',
      defaultPath: lastDir.get(kind) ?? app.getPath('documents'),
      filters: openFilters(kind),
      properties: ['openFile'],
    });
    const path = res.filePaths[0];
    if (res.canceled || !path) return null;
    lastDir.set(kind, dirname(path));
    const size = (await stat(path)).size;
    if (size > MAX_OPEN_BYTES) throw new Error(`${basename(path)} is ${size} bytes, more than the ${MAX_OPEN_BYTES} bytes Firedrill reads`);
    return { name: basename(path), text: await readFile(path, 'utf8') };
  });

  // A scenario pack: the folder's YAML files (regular files only, symlinks never followed, within
  // PACK_LIMITS) or the .zip's bytes, which the worker reads with its own caps.
  handle('openPack', async ([source], event) => {
    const { title, filters, properties } = packDialog(source);
    const res = await dialog.showOpenDialog(windowFor(event), {
      title,
      defaultPath: lastPackDir ?? app.getPath('documents'),
      ...(filters.length > 0 ? { filters } : {}),
      properties,
    });
    const path = res.filePaths[0];
    if (res.canceled || !path) return null;
    lastPackDir = dirname(path);
    return source === 'folder' ? readPackFolder(path) : readPackZip(path);
  });

  handle('saveFile', async ([request], event) => {
    const res = await dialog.showSaveDialog(windowFor(event), {
      title: request.kind === 'report' ? 'Export' : 'Save',
      defaultPath: join(lastDir.get(request.kind) ?? app.getPath('documents'), request.suggestedName),
      filters: saveFilters(request.kind, request.suggestedName),
    });
    if (res.canceled || !res.filePath) return { saved: false };
    lastDir.set(request.kind, dirname(res.filePath));
    await writeFileAtomic(res.filePath, request.text);
    return { saved: true, where: res.filePath };
  });

  handle('put', ([store, key, value]) => stores.put(store, key, value));
  handle('get', ([store, key]) => stores.get(store, key));
  handle('list', ([store]) => stores.list(store));
  handle('remove', ([store, key]) => stores.remove(store, key));
  handle('quarantine', ([store, key]) => stores.quarantine(store, key));

  void app.whenReady().then(async () => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    // The page and its assets: dist/renderer over app://firedrill/, with the security headers.
    protocol.handle(APP_SCHEME, createAppHandler(paths.rendererRoot, (fileUrl) => net.fetch(fileUrl)));
    // app:// responses already carry the CSP (and index.html the same <meta>); this covers
    // anything else the session ever loads.
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
    });

    const win = new BrowserWindow({
      width: 1440,
      height: 900,
      minWidth: 1024,
      minHeight: 640,
      show: false,
      title: 'Firedrill',
      backgroundColor: '#0d1117',
      webPreferences: secureWebPreferences(paths.preload),
    });
    mainWindow = win;
    win.on('closed', () => {
      mainWindow = null;
    });
    win.once('ready-to-show', () => {
      if (!selfTest) win.show();
    });
    // The scenario editor asks before closing with unsaved changes (beforeunload); Electron would
    // otherwise refuse to close without a word. The draft itself is already kept either way.
    win.webContents.on('will-prevent-unload', (event) => {
      const choice = dialog.showMessageBoxSync(win, {
        type: 'question',
        buttons: ['Leave', 'Stay'],
        defaultId: 1,
        cancelId: 1,
        title: 'Unsaved changes',
        message: 'The scenario editor has unsaved changes.',
        detail: 'Your draft is kept and offered again when you open the editor. Leave anyway?',
      });
      if (choice === 0) event.preventDefault();
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      console.error(`Firedrill: the window's renderer stopped (${details.reason}, exit code ${details.exitCode}); the last autosave is kept.`);
    });

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          isMac: process.platform === 'darwin',
          devTools: !app.isPackaged,
          openScenario: () => {
            if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(MENU_CHANNEL, 'open-scenario');
          },
        }),
      ),
    );

    if (selfTest) win.webContents.once('did-finish-load', () => void runSelfTest(win));
    try {
      // A missing build is reported here, not as a 404 page inside the window.
      await stat(paths.indexHtml);
      await win.loadURL(paths.indexUrl);
    } catch (err) {
      dialog.showErrorBox('Firedrill could not start', `Could not load ${paths.indexUrl} (${paths.indexHtml}): ${err instanceof Error ? err.message : String(err)}.\nRun "npm run build" and start again.`);
      app.exit(1);
    }
  });
}

function lockDown(contents: WebContents): void {
  // The app never navigates (deep links are read from the URL it was loaded with; the worker and
  // in-page state do the rest), so every navigation is refused, app:// ones included.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Checks, from inside the loaded page, what a hostile script there could reach. */
async function runSelfTest(win: BrowserWindow): Promise<void> {
  const probe = `(async () => {
    const api = window.firedrillDesktop;
    const rejects = async (f) => { try { await f(); return false; } catch { return true; } };
    const r = {};
    r.typeofRequire = typeof window.require;
    r.typeofProcess = typeof window.process;
    r.typeofModule = typeof window.module;
    r.apiKeys = api ? Object.keys(api).sort() : null;
    r.kind = api ? api.kind : null;
    r.windowOpenBlocked = window.open('https://example.com/') === null;
    r.badStoreRejected = await rejects(() => api.put('nope', 'x', 1));
    r.badKeyRejected = await rejects(() => api.get('prefs', '../../etc/passwd'));
    r.badKindRejected = await rejects(() => api.openFile('exe'));
    r.badPackSourceRejected = await rejects(() => api.openPack('/etc'));
    r.badSaveNameRejected = await rejects(() => api.saveFile({ kind: 'report', suggestedName: '../x.md', text: '', mime: 'text/markdown' }));
    await api.put('prefs', 'self-test', { ok: true });
    r.roundTrip = await api.get('prefs', 'self-test');
    r.notificationPermission = await Notification.requestPermission();
    // Served by app://, not file://: a real, secure origin, our headers, no traversal.
    r.origin = location.origin;
    r.secureContext = window.isSecureContext;
    const page = await fetch(location.href);
    r.cspHeader = page.headers.get('content-security-policy');
    r.missingStatus = (await fetch('/no-such-file.js')).status;
    r.traversalStatus = (await fetch('/..%2f..%2fpackage.json')).status;
    r.indexedDb = await new Promise((done) => {
      try {
        const req = indexedDB.open('firedrill-self-test');
        req.onsuccess = () => { req.result.close(); done(true); };
        req.onerror = () => done(false);
      } catch { done(false); }
    });
    // The module worker the app runs, started again and asked something it must refuse.
    const main = document.querySelector('script[type="module"][src]');
    const bundle = main ? await fetch(main.src) : null;
    r.scriptType = bundle ? bundle.headers.get('content-type') : null;
    const workerName = bundle ? /sim[.]worker-[A-Za-z0-9_-]+[.]js/.exec(await bundle.text()) : null;
    r.moduleWorker = !workerName ? 'no sim.worker in the main bundle' : await new Promise((done) => {
      const w = new Worker(new URL(workerName[0], main.src), { type: 'module' });
      const stop = (v) => { clearTimeout(t); w.terminate(); done(v); };
      const t = setTimeout(() => stop('no answer in 5 s'), 5000);
      w.onerror = (e) => stop('error: ' + (e.message || 'the worker did not load'));
      w.onmessage = (e) => { if (e.data && e.data.type === 'error' && e.data.id === -1) stop(true); };
      w.postMessage({});
    });
    return r;
  })()`;
  let result: Record<string, unknown>;
  try {
    result = (await win.webContents.executeJavaScript(probe)) as Record<string, unknown>;
    const prefs = win.webContents.getLastWebPreferences();
    result.webPreferences = prefs && { sandbox: prefs.sandbox, contextIsolation: prefs.contextIsolation, nodeIntegration: prefs.nodeIntegration, webSecurity: prefs.webSecurity };
    const before = win.webContents.getURL();
    void win.webContents.executeJavaScript("location.href = 'https://example.com/'; 0").catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 750));
    result.navigationBlocked = win.webContents.getURL() === before;
  } catch (err) {
    result = { error: err instanceof Error ? err.message : String(err) };
  }
  process.stdout.write(`FIREDRILL_SELF_TEST ${JSON.stringify(result)}\n`);
  app.exit(0);
}
