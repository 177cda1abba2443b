// The app's performance targets (issue 4), measured in headless Chromium on a production build
// served the way `npm run serve` serves it. Run on its own (`tsx bench/ui.ts`, prints one JSON
// line) or through `npm run bench -- --only ui`.
//
//   start:  navigation → the library's first "Open" button is enabled (cold page, 5 times)
//   warroom: deep link → the war room's clock shows (scenario parsed, run started, first frame)
//   fps:    a service dashboard (≥ 12 charts) at 30× for 5 s: requestAnimationFrame intervals
//   clicks: in-page click → next paint (two animation frames), for tabs, speeds, pager, inbox

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { startStaticServer } from '../electron/staticServer.ts';

export const UI_TARGETS = { startMs: 2000, frameP95Ms: 20, fps: 50, clickMs: 100 } as const;

const ROOT = resolve(import.meta.dirname, '..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const CHROMIUM = process.env.FIREDRILL_CHROMIUM ?? '/usr/bin/chromium';

export interface UiBenchResult {
  startMs: number[];
  warroomMs: number[];
  frames: { view: string; charts: number; fps: number; p50Ms: number; p95Ms: number; maxMs: number; simSecondsPerWallSecond: number }[];
  clicks: { control: string; ms: number }[];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};
const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

// In-page code is passed as text: tsx compiles functions with helpers (__name) the page lacks
// (hence bypassCSP on the bench's pages: the app's CSP rightly forbids evaluating strings).
async function frameTimes(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`new Promise((done) => {
    const out = [];
    let last = performance.now();
    const end = last + ${ms};
    const step = (t) => { out.push(t - last); last = t; if (t < end) requestAnimationFrame(step); else done(out); };
    requestAnimationFrame(step);
  })`);
}

/** Clicks in the page and waits for the next paint: what the user perceives as the answer. */
async function clickToPaint(page: Page, role: string, name: string): Promise<number> {
  const target = page.getByRole(role as 'button', { name, exact: true });
  await target.evaluate((el) => el.setAttribute('data-bench-target', ''));
  return page.evaluate(`new Promise((done) => {
    const el = document.querySelector('[data-bench-target]');
    el.removeAttribute('data-bench-target');
    const t0 = performance.now();
    el.click();
    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
  })`);
}

const clockText = (page: Page): Promise<string> => page.evaluate(`document.querySelector('.clock-time')?.textContent ?? ''`);

export async function runUiBench(): Promise<UiBenchResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'firedrill-uibench-'));
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server = await startStaticServer(outDir, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const result: UiBenchResult = { startMs: [], warroomMs: [], frames: [], clicks: [] };
  try {
    const fresh = async () => (await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'dark', bypassCSP: true })).newPage();

    for (let i = 0; i < 5; i++) {
      const page = await fresh();
      const t0 = Date.now();
      await page.goto(server.url);
      await page.getByRole('button', { name: /^Open / }).first().waitFor({ state: 'visible' });
      await page.waitForFunction(`[...document.querySelectorAll('button')].some((b) => b.textContent === 'Open' && !b.disabled)`);
      result.startMs.push(Date.now() - t0);
      await page.context().close();
    }
    for (let i = 0; i < 3; i++) {
      const page = await fresh();
      const t0 = Date.now();
      await page.goto(`${server.url}?play=checkout-bad-deploy`);
      await page.getByRole('timer', { name: 'Simulated time' }).waitFor();
      await page.getByRole('tab', { name: 'Overview' }).waitFor();
      result.warroomMs.push(Date.now() - t0);
      await page.context().close();
    }

    const views = [
      { view: 'service dashboard (checkout)', query: '?play=checkout-bad-deploy&at=900&pane=overview&service=checkout' },
      { view: 'overview', query: '?play=checkout-bad-deploy&at=900&pane=overview' },
    ];
    for (const v of views) {
      const page = await fresh();
      await page.goto(`${server.url}${v.query}`);
      await page.getByRole('timer', { name: 'Simulated time' }).waitFor();
      await page.waitForTimeout(1500);
      // Charts are role="img" with a canvas inside; count those at least half in the viewport.
      const charts = await page.evaluate<number>(`[...document.querySelectorAll('main [role="img"]')].filter((el) => {
        if (!el.querySelector('canvas')) return false;
        const r = el.getBoundingClientRect();
        const visible = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);
        return visible >= r.height / 2;
      }).length`);
      await page.getByRole('button', { name: 'Speed 30×', exact: true }).click();
      await page.waitForTimeout(500);
      const simBefore = await clockText(page);
      const wall0 = Date.now();
      const times = (await frameTimes(page, 5000)).slice(1);
      const wall = (Date.now() - wall0) / 1000;
      const simAfter = await clockText(page);
      const toSec = (t: string) => t.split(':').reduce((a, x) => a * 60 + Number(x), 0);
      const total = times.reduce((a, b) => a + b, 0);
      result.frames.push({
        view: v.view,
        charts,
        fps: (times.length / total) * 1000,
        p50Ms: median(times),
        p95Ms: quantile(times, 0.95),
        maxMs: Math.max(...times),
        simSecondsPerWallSecond: (toSec(simAfter) - toSec(simBefore)) / wall,
      });

      if (v.view === 'overview') {
        await page.getByRole('button', { name: 'Pause', exact: true }).click();
        const controls: [string, string][] = [
          ['tab', 'Logs'],
          ['tab', 'Traces'],
          ['tab', 'Changes'],
          ['tab', 'Topology'],
          ['tab', 'Runbooks'],
          ['tab', 'Metrics'],
          ['tab', 'Overview'],
          ['button', 'Speed 5×'],
          ['button', 'Pause'],
        ];
        for (const [role, name] of controls) {
          await page.waitForTimeout(300);
          result.clicks.push({ control: `${role} "${name}"`, ms: await clickToPaint(page, role, name) });
        }
        for (const name of [/^Pager/, /^Inbox/]) {
          await page.waitForTimeout(300);
          const label = (await page.getByRole('button', { name }).getAttribute('aria-label')) ?? '';
          result.clicks.push({ control: `button "${label.split(':')[0]}"`, ms: await clickToPaint(page, 'button', label) });
          await page.keyboard.press('Escape');
        }
      }
      await page.context().close();
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  }
  return result;
}

export function uiBenchMarkdown(r: UiBenchResult): string {
  const f1 = (x: number) => x.toFixed(1);
  const lines = [
    `| measure | result | target |`,
    `|---|---|---|`,
    `| start to interactive (library), median of ${r.startMs.length} cold loads | ${median(r.startMs)} ms (${r.startMs.join(', ')}) | ≤ ${UI_TARGETS.startMs} ms |`,
    `| deep link to war room, median of ${r.warroomMs.length} | ${median(r.warroomMs)} ms (${r.warroomMs.join(', ')}) | ≤ ${UI_TARGETS.startMs} ms |`,
    ...r.frames.map(
      (f) =>
        `| ${f.view}, ${f.charts} charts in view at 30× for 5 s | ${f1(f.fps)} fps, frame p50 ${f1(f.p50Ms)} ms, p95 ${f1(f.p95Ms)} ms, max ${f1(f.maxMs)} ms (clock moved ${f1(f.simSecondsPerWallSecond)} sim-s per s) | ≥ ${UI_TARGETS.fps} fps, p95 ≤ ${UI_TARGETS.frameP95Ms} ms |`,
    ),
    `| click to next paint, worst of ${r.clicks.length} controls | ${f1(Math.max(...r.clicks.map((c) => c.ms)))} ms (median ${f1(median(r.clicks.map((c) => c.ms)))} ms) | ≤ ${UI_TARGETS.clickMs} ms |`,
  ];
  const detail = r.clicks.map((c) => `${c.control} ${f1(c.ms)} ms`).join('; ');
  return `${lines.join('\n')}\n\nClicks: ${detail}.`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const r = await runUiBench();
  process.stderr.write(`${uiBenchMarkdown(r)}\n`);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
