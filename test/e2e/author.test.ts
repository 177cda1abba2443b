// End to end in headless Chromium: author a scenario in the app. Create one from a template,
// break a field and see the error inline, fix it, watch the preview follow the edit, run the
// contract checks, and play-test it in the war room.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eSuite } from './harness.ts';

const e2e = e2eSuite();

const T = { timeout: 30_000 };

/** Puts the caret at the end of the first line matching `find`, through the editor's own search. */
async function caretAfter(page: Page, find: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+f');
  const box = page.getByRole('textbox', { name: 'Find' });
  await box.pressSequentially(find); // the panel reads its query on key events
  await box.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
}

describe('authoring in Chromium', () => {
  it('creates a scenario from a template, sees an error inline, fixes it, checks it and play-tests it', async () => {
    const page = await e2e().newPage();
    await page.goto(e2e().served.url);
    await page.getByRole('button', { name: 'New scenario…' }).click(T);

    const dialog = page.getByRole('dialog', { name: 'New scenario from a template' });
    await dialog.getByRole('radio', { name: /^Three tiers/ }).check(T);
    await dialog.getByRole('radio', { name: /^Bad deploy/ }).check();
    await dialog.getByRole('textbox', { name: 'Scenario id' }).fill('orders-e2e');
    await dialog.getByRole('textbox', { name: 'Title (optional)' }).fill('Orders fail after the deploy');
    await dialog.getByRole('button', { name: 'Create scenario' }).click();

    const preview = page.getByRole('tabpanel', { name: 'Preview' });
    const problems = page.getByRole('region', { name: 'Problems' });
    await preview.getByText('Orders fail after the deploy').first().waitFor(T);
    await expect.poll(() => problems.textContent(), T).toMatch(/No errors/);
    await e2e().shot(page, '20-author-template');

    // Break a field: the api's "replicas: 3" becomes "replicas: 3x".
    await caretAfter(page, 'replicas: 3'); // the api's line (the first one carries a comment)
    await page.keyboard.type('x');
    await expect.poll(() => problems.textContent(), T).toMatch(/expected (a whole number|a number|an integer)/);
    await page.locator('.cm-lintRange-error').first().waitFor(T);
    await preview.getByText(/Preview of the last valid version: the text now has 1 error/).waitFor(T);
    await e2e().shot(page, '21-author-error');

    // Fix it; the error goes away.
    await page.keyboard.press('Backspace');
    await expect.poll(() => problems.textContent(), T).toMatch(/No errors/);

    // The preview follows an edit: rename the scenario's title in the YAML.
    await caretAfter(page, 'title: ');
    const quoted = /"\s*$/.test((await page.locator('.cm-activeLine').textContent()) ?? '');
    if (quoted) await page.keyboard.press('ArrowLeft'); // before the closing quote
    await page.keyboard.type(' (edited)');
    await preview.getByText(/Orders fail after the deploy.*\(edited\)/).first().waitFor(T);
    await preview.getByRole('img').first().waitFor(T);
    await e2e().shot(page, '22-author-preview');

    // Check: the contract, seed by seed.
    await page.getByRole('tab', { name: 'Check' }).click();
    await page.getByRole('button', { name: 'Run checks' }).click();
    const status = page.getByRole('tabpanel', { name: 'Check' }).getByRole('status').first();
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toMatch(/^All \d+ checks pass on seeds/);
    await e2e().shot(page, '23-author-check');

    // Play-test: straight into the war room, and back to the editor with the text kept.
    await page.getByRole('button', { name: 'Play-test' }).click();
    await page.getByRole('timer', { name: 'Simulated time' }).waitFor(T);
    await page.getByRole('button', { name: 'Back to the editor (the play-test is saved)' }).click();
    await page.locator('.cm-line').filter({ hasText: /\(edited\)/ }).first().waitFor(T);
    expect(e2e().errors).toEqual([]);
  }, 240_000);
});
