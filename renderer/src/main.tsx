// Boot: the platform (Electron preload or the browser), the sim worker, the store, then React.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { openDeepLink, parseDeepLink } from './app/deepLink.ts';
import { FiredrillProvider } from './app/context.tsx';
import { createBrowserPlatform } from './bridge/browserPlatform.ts';
import type { DesktopApi } from './bridge/desktop-api.ts';
import { createSimClient } from './bridge/simClient.ts';
import { createController } from './state/controller.ts';
import { createAppStore, type Services } from './state/store.ts';
import './styles/theme.css';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    firedrillDesktop?: DesktopApi;
  }
}

const worker = new Worker(new URL('./worker/sim.worker.ts', import.meta.url), { type: 'module', name: 'firedrill-sim' });
const services: Services = {
  sim: createSimClient(worker),
  platform: window.firedrillDesktop ?? createBrowserPlatform(),
  now: () => Date.now(),
};
const store = createAppStore();
const ctl = createController(store, services);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <FiredrillProvider value={{ store, ctl, services }}>
      <App />
    </FiredrillProvider>
  </StrictMode>,
);

const { link, problems } = parseDeepLink(window.location.search);
for (const p of problems) ctl.toast(p, 'error');
if (link) {
  openDeepLink(link, store, ctl, services.sim).catch((err: unknown) => ctl.toast(`Could not open the link: ${err instanceof Error ? err.message : String(err)}`, 'error'));
}
