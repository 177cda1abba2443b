// End-to-end harness: builds the app once per test file into a temporary folder, serves it on
// 127.0.0.1 with the same static server `npm run serve` uses, and drives Debian's Chromium with
// playwright-core (never a downloaded browser). Screenshots go to test/e2e/artifacts/.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { startStaticServer } from '../../electron/staticServer.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test/e2e/artifacts');

/** The flags this project's machines need (no sandbox as root, no GPU, nothing phoning home). */
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const env = process.env.FIREDRILL_CHROMIUM;
  if (env) return env;
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`No Chromium found (looked in ${CANDIDATES.join(', ')}). Install it with "apt-get install -y chromium" or set FIREDRILL_CHROMIUM.`);
  return found;
}

/** Builds the renderer into a fresh temporary folder (tests never touch dist/). */
export async function buildApp(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'firedrill-e2e-'));
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  return outDir;
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

export interface E2E {
  browser: Browser;
  served: Served;
  outDir: string;
  /** Uncaught page errors and console errors of every page, for tests to assert there were none. */
  errors: string[];
  newPage(): Promise<Page>;
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startE2E(serve: (root: string) => Promise<Served>): Promise<E2E> {
  const outDir = await buildApp();
  const served = await serve(outDir);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS });
  mkdirSync(ARTIFACTS, { recursive: true });
  const pages: Page[] = [];
  const errors: string[] = [];
  return {
    errors,
    browser,
    served,
    outDir,
    async newPage() {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark' });
      const page = await context.newPage();
      page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !/favicon/.test(msg.text())) errors.push(`console error: ${msg.text()}`);
      });
      pages.push(page);
      return page;
    },
    async shot(page, name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await browser.close();
      await served.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/**
 * For a test file: before its tests, builds the app and serves it with the static server of
 * `npm run serve` (any free port); after them, closes everything. Call it at the top of the
 * file and the returned function inside the tests.
 */
export function e2eSuite(): () => E2E {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E((root) => startStaticServer(root, 0));
  }, 120_000);
  afterAll(async () => {
    await e2e?.close();
  });
  return () => {
    if (!e2e) throw new Error('the app is not served: e2eSuite() registers beforeAll at the top level of a test file');
    return e2e;
  };
}
