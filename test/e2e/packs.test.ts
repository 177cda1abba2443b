// End to end in headless Chromium: import scenarios/packs/example as a .zip through the file
// chooser, see what loaded, find its two scenarios under Imported (kept across a reload, in
// IndexedDB), and open one to its briefing. Screenshots: test/e2e/artifacts/packs-*.png.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { e2eSuite, ROOT } from './harness.ts';

const e2e = e2eSuite();

const T = { timeout: 30_000 };

/** scenarios/packs/example zipped as a user zips a folder: one top folder holding the pack. */
function exampleZip(): Buffer {
  const dir = join(ROOT, 'scenarios', 'packs', 'example');
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[`example/${relative(dir, p).split(sep).join('/')}`] = readFileSync(p);
    }
  };
  walk(dir);
  return Buffer.from(zipSync(files));
}

describe('scenario packs in Chromium', () => {
  it('imports the example pack as a .zip, lists its scenarios under Imported and opens one', async () => {
    const page = await e2e().newPage();
    await page.goto(e2e().served.url);

    await page.getByRole('button', { name: 'Import pack…' }).click(T);
    const dialog = page.getByRole('dialog', { name: 'Import a scenario pack' });
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Choose .zip…' }).click();
    await (await chooser).setFiles({ name: 'example.zip', mimeType: 'application/zip', buffer: exampleZip() });

    await dialog.getByText('Imported 2 of 2 scenarios from example.').waitFor(T);
    const loaded = dialog.getByRole('region', { name: 'Loaded' });
    expect(await loaded.textContent()).toMatch(/Orders API fails after the morning deploy.*orders-bad-deploy\.yaml/);
    expect(await loaded.textContent()).toMatch(/Orders API starves for database connections.*orders-pool-config\.yaml/);
    await e2e().shot(page, 'packs-1-import-dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    const imported = page.getByRole('region', { name: 'Imported scenarios' });
    await imported.getByRole('button', { name: 'Open Orders API fails after the morning deploy' }).waitFor(T);
    await imported.getByRole('button', { name: 'Open Orders API starves for database connections' }).waitFor(T);
    await imported.scrollIntoViewIfNeeded();
    await e2e().shot(page, 'packs-2-imported-cards');

    // Kept on this machine: still there after a reload.
    await page.reload();
    await imported.getByRole('button', { name: 'Open Orders API starves for database connections' }).waitFor(T);

    await imported.getByRole('button', { name: 'Open Orders API fails after the morning deploy' }).click();
    await page.getByRole('button', { name: 'Start the shift' }).waitFor(T);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Orders API fails after the morning deploy');
    await e2e().shot(page, 'packs-3-briefing');
    expect(e2e().errors).toEqual([]);
  }, 120_000);
});
