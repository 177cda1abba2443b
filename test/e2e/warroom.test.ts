// End to end in headless Chromium, through the UI only, as a trainee plays: open the beginner
// scenario from the library, start, get paged and acknowledge, find the error in the logs, open
// the change feed, pin the bad deploy, form a hypothesis with it, declare, roll back, post a
// status update, reload mid-session and resume with nothing lost (same state hash), resolve and
// reach the debrief, write the postmortem, export the report, and see it on the progress screen.
// And a broken scenario file shows its errors with line numbers.
// Screenshots of each screen: test/e2e/artifacts/*.png.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eSuite } from './harness.ts';

const e2e = e2eSuite();

const T = { timeout: 30_000 };

async function simTime(page: Page): Promise<string> {
  return (await page.getByRole('timer', { name: 'Simulated time' }).locator('.clock-time').textContent()) ?? '';
}

async function stateHash(page: Page): Promise<string> {
  return (await page.getByLabel('State hash').textContent()) ?? '';
}

describe('the app in Chromium', () => {
  it('plays checkout-bad-deploy from the library to the debrief, resuming after a reload', async () => {
    const page = await e2e().newPage();
    await page.goto(e2e().served.url);

    // Library → briefing → war room.
    await page.getByRole('button', { name: /^Open Checkout errors after the Tuesday morning deploy$/ }).click(T);
    await page.getByRole('button', { name: 'Start the shift' }).waitFor(T);
    await e2e().shot(page, '02-briefing');
    await page.getByRole('button', { name: 'Start the shift' }).click();
    await page.getByRole('timer', { name: 'Simulated time' }).waitFor(T);

    // Run at 30x until the pager rings.
    await page.getByRole('button', { name: 'Speed 30×' }).click();
    await page.getByRole('button', { name: /^Pager: [1-9]\d* firing/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await e2e().shot(page, '03-warroom-paged');

    await page.getByRole('button', { name: /^Pager:/ }).click();
    const pager = page.getByRole('dialog', { name: 'Pager' });
    await pager.getByRole('button', { name: /^Acknowledge / }).first().click();
    await pager.getByText(/^acked /).first().waitFor(T);
    await page.keyboard.press('Escape');
    await pager.waitFor({ state: 'detached' });

    // The overview: find the red service and open its dashboard.
    await page.getByRole('button', { name: 'Open checkout dashboard' }).click(T);
    await page.getByRole('img', { name: /^Error ratio, checkout · prod/ }).waitFor(T);
    await e2e().shot(page, '04-dashboard');

    // Logs: search checkout's errors and read the stack trace.
    await page.getByRole('tab', { name: 'Logs' }).click();
    const query = page.getByRole('textbox', { name: 'Log query' });
    await query.fill('{service="checkout", env="prod"} | level>=ERROR');
    await query.press('Enter');
    const firstError = page.getByRole('row', { name: /NullPointerException/ }).first();
    await firstError.waitFor(T);
    await firstError.click();
    await page.getByLabel('Stack trace').first().waitFor(T);
    await e2e().shot(page, '05-logs');

    // Changes: the deploy that lines up with the errors; pin it.
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByRole('button', { name: /checkout.*prod.*v1\.41\.2 → v1\.42\.0/ }).click(T);
    await page.getByLabel('Diff of deploy-checkout-142').waitFor(T);
    await page.getByRole('button', { name: 'Pin as evidence' }).click();
    await e2e().shot(page, '06-changes');

    // Incident: declare SEV2, write a hypothesis backed by the pinned deploy.
    const incident = page.getByRole('complementary', { name: 'Incident' });
    await incident.getByRole('radio', { name: /SEV2/ }).check();
    await incident.getByRole('button', { name: 'Declare incident' }).click();
    await incident.getByRole('status', { name: 'Status: Investigating' }).waitFor(T);
    await incident.getByRole('textbox', { name: /^Hypothesis/ }).fill('checkout v1.42.0 throws NullPointerException on orders without a coupon');
    await incident.getByRole('combobox', { name: 'Component' }).selectOption('checkout');
    await incident.getByRole('combobox', { name: 'Category' }).selectOption('code-bug');
    await incident.getByRole('group', { name: 'Evidence to attach' }).getByRole('button').first().click();
    await incident.getByRole('button', { name: 'Add hypothesis' }).click();
    await incident.getByRole('article', { name: 'Hypothesis h1' }).waitFor(T);

    // Roll back checkout, with the confirmation.
    await incident.getByRole('button', { name: 'Roll back a deploy' }).click();
    await incident.getByRole('combobox', { name: 'Service' }).selectOption('checkout');
    await incident.getByRole('button', { name: 'Review' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm action' });
    await expect.poll(() => confirm.textContent()).toContain('Roll back checkout in prod from v1.42.0 to v1.41.2?');
    await confirm.getByRole('button', { name: 'Roll back' }).click();
    await incident.getByRole('list', { name: 'Actions taken' }).getByText('in progress').waitFor(T);

    // A status update.
    const update = incident.getByRole('textbox', { name: /^Update for/ });
    await update.fill('About 20% of checkouts are failing since 09:32 UTC. We are rolling back checkout. Next update at 10:15 UTC.');
    await incident.getByRole('button', { name: 'Post update' }).click();
    await incident.getByRole('list', { name: 'Updates sent' }).getByText(/About 20% of checkouts/).waitFor(T);
    await e2e().shot(page, '07-incident');

    // Reload mid-session: the library offers the saved run; resuming restores it exactly.
    await page.getByText(/^saved just now/).waitFor(T);
    const before = { time: await simTime(page), hash: await stateHash(page) };
    await page.reload();
    await page.getByRole('button', { name: /^Resume Checkout errors/ }).click(T);
    await page.getByRole('timer', { name: 'Simulated time' }).waitFor(T);
    await page.getByText(/^saved just now/).waitFor(T);
    // Same state hash. The clock may read one second later: a save made in the second of an action
    // ends just after it, so that a replay takes the action (renderer/src/worker/run.ts exportPoint).
    expect(await stateHash(page)).toBe(before.hash);
    const sec = (t: string) => t.split(':').reduce((a, x) => a * 60 + Number(x), 0);
    expect(sec(await simTime(page)) - sec(before.time)).toBeGreaterThanOrEqual(0);
    expect(sec(await simTime(page)) - sec(before.time)).toBeLessThanOrEqual(1);
    await incident.getByRole('article', { name: 'Hypothesis h1' }).waitFor(T);
    await incident.getByRole('list', { name: 'Updates sent' }).getByText(/About 20% of checkouts/).waitFor(T);

    // Let the rollback finish and the SLI recover, then resolve.
    await page.getByRole('button', { name: 'Speed 30×' }).click();
    await incident.getByRole('list', { name: 'Actions taken' }).getByText('done').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await incident.getByRole('button', { name: 'Declare mitigated' }).click();
    await incident.getByRole('button', { name: 'Resolve…' }).click();
    const resolve = page.getByRole('dialog', { name: 'Resolve incident' });
    await resolve.getByRole('combobox', { name: 'Root cause component' }).selectOption('checkout');
    await resolve.getByRole('combobox', { name: 'Category' }).selectOption('code-bug');
    await resolve.getByRole('textbox', { name: 'Summary' }).fill('v1.42.0 dropped a null check in CouponService');
    await resolve.getByRole('button', { name: 'Resolve incident' }).click();
    await page.getByRole('region', { name: 'What an expert would have done differently' }).waitFor(T);
    await e2e().shot(page, '08-debrief-score');

    // The postmortem: curate the draft; the rubric answers live.
    await page.getByRole('tab', { name: /Postmortem/ }).click();
    const rubric = page.getByRole('complementary', { name: 'Postmortem rubric' });
    await rubric.waitFor(T);
    await page.getByRole('textbox', { name: 'Owner' }).fill('Sam Okafor');
    await page.getByRole('textbox', { name: /^Summary/ }).fill('From 09:32 UTC checkout v1.42.0 failed orders without a coupon with HTTP 500; rolling checkout back to v1.41.2 ended the errors.');
    await page.getByRole('textbox', { name: /^Trigger/ }).fill('The rollout of checkout v1.42.0 to production at 09:32 (deploy-checkout-142).');
    // The rubric has read this version of the document (its header item names the owner).
    await expect.poll(async () => (await rubric.textContent()) ?? '', T).toMatch(/owner Sam Okafor/);
    await e2e().shot(page, '09-debrief-postmortem');

    // The report, and its export as a file.
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.getByRole('region', { name: 'Incident timeline' }).waitFor(T);
    await e2e().shot(page, '10-debrief-report');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /^Export/ }).click();
    await page.getByRole('menuitem', { name: 'Report as Markdown' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const text = await readFile((await file.path()) ?? '', 'utf8');
    expect(text).toContain('Checkout errors after the Tuesday morning deploy');
    expect(text).toContain('Sam Okafor');

    // Finished: the progress screen lists it.
    await page.getByRole('button', { name: 'Finish' }).click();
    await page.getByRole('row', { name: /Checkout errors after the Tuesday morning deploy/ }).first().waitFor(T);
    await e2e().shot(page, '11-progress');
    expect(e2e().errors).toEqual([]);
  }, 240_000);

  it('shows the validation errors of a broken scenario file with line numbers', async () => {
    const page = await e2e().newPage();
    await page.goto(e2e().served.url);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open scenario file…' }).click(T);
    await (await chooser).setFiles({
      name: 'broken.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from('metadata:\n  id: broken\n  title: Broken\n  difficulty: impossible\nservices: []\n'),
    });
    const errors = page.getByRole('alert', { name: 'Scenario errors' });
    await errors.waitFor(T);
    await expect.poll(() => errors.textContent()).toMatch(/broken\.yaml:4:\d+/);
    expect(await errors.textContent()).toMatch(/difficulty/);
    await e2e().shot(page, '01-library-errors');
    expect(e2e().errors).toEqual([]);
  }, 60_000);
});
