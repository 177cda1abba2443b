// @vitest-environment jsdom
// The debrief against the real worker: checkout-bad-deploy played on the right path, resolved,
// then scored with reasons, the postmortem drafted, edited and judged live (blame flagged with its
// sentence), a gate action item replayed, the report exported, the session finished and listed
// in Progress with its score and what to practise next.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../app/App.tsx';
import { disposeHarnesses, trackedHarness, type Harness } from '../app/testing.tsx';
import { readFinished, type AutosaveDoc } from '../state/records.ts';
import { Debrief } from './Debrief.tsx';

afterEach(disposeHarnesses);

const SLOW = { timeout: 20_000 };

/** The right path of checkout-bad-deploy (as renderer/src/worker/debrief.test.ts plays it), through the controller. */
async function playRightPath(): Promise<Harness> {
  const h = trackedHarness();
  await h.startBuiltin('checkout-bad-deploy', 400);
  await h.ctl.act({ type: 'acknowledge', target: 'checkout-fast-burn' });
  await h.ctl.act({ type: 'declareIncident', params: { severity: 'SEV2' } });
  await h.services.sim.call('query/changes', { observe: true });
  await h.services.sim.call('query/logs', { fromSec: 0, toSec: 400, service: 'checkout', env: 'prod', minSeverity: 'ERROR', observe: true });
  await h.advanceTo(500, 25);
  await h.ctl.act({
    type: 'hypothesis',
    params: { id: 'h1', text: 'checkout v1.42.0 throws on orders without a coupon', status: 'confirmed', component: 'checkout', category: 'code-bug', evidence: [{ kind: 'change', change: 'deploy-checkout-142' }] },
  });
  await h.ctl.act({ type: 'statusUpdate', params: { audience: 'internal', text: 'About 5% of checkouts fail since 09:32; rolling back checkout. Next update at 10:00.' } });
  await h.ctl.act({ type: 'rollback', target: 'checkout' });
  await h.advanceTo(1300, 25);
  await h.ctl.act({ type: 'mitigated' });
  await h.ctl.act({ type: 'resolve', params: { component: 'checkout', category: 'code-bug', summary: 'v1.42.0 dropped a null check' } });
  await h.advanceWall(25);
  h.store.setState({ screen: 'debrief' });
  return h;
}

describe('the postmortem in the autosave', () => {
  it('is saved while editing before the run is finished, and a resume goes back to the debrief with it', async () => {
    const h = trackedHarness();
    await h.startBuiltin('checkout-bad-deploy', 600);
    await h.ctl.act({ type: 'resolve', params: { component: 'checkout', category: 'code-bug', summary: 'v1.42.0' } });
    h.store.setState({ screen: 'debrief' });
    const draft = await h.services.sim.call('debrief/draft', {});
    h.ctl.setPostmortem({ ...draft, owner: 'Sam Okafor' });
    await h.ctl.save();
    const key = h.store.getState().runKey ?? '';
    const got = await h.platform.get('autosave', key);
    const doc = got?.ok ? (got.value as AutosaveDoc) : null;
    expect(doc?.postmortem?.owner).toBe('Sam Okafor');

    const fresh = trackedHarness();
    if (!doc) throw new Error('no autosave');
    expect(await fresh.ctl.resume(doc)).toBe(true);
    expect(fresh.store.getState().screen).toBe('debrief');
    expect(fresh.store.getState().postmortem?.owner).toBe('Sam Okafor');
  });
});

describe('Debrief', () => {
  it('explains the score, pre-fills the postmortem, judges edits live and flags blame with its sentence', async () => {
    const h = await playRightPath();
    const user = userEvent.setup();
    h.mount(<Debrief />);

    // Score: the total, the areas, and every point with its reason.
    const points = await screen.findByRole('region', { name: 'Every point, with its reason' }, SLOW);
    expect(within(points).getByText('applied a fix')).toBeTruthy();
    expect(within(points).getByText('named checkout (code-bug): component right, category right')).toBeTruthy();
    expect(within(points).getByText(/looked at 2 of 4 key evidence; missed: page, error-spike/)).toBeTruthy();
    const total = h.store.getState().clock;
    expect(total.nowSec).toBe(2700); // played on to the end, paused
    expect(total.speed).toBe(0);
    expect(screen.getByRole('region', { name: 'SLO impact' }).textContent).toContain('checkout-availability');
    expect(screen.getByRole('region', { name: 'What an expert would have done differently' }).textContent).toMatch(/Look at page \(alert\)/);
    const mitigations = screen.getByRole('region', { name: 'Mitigations' });
    expect(within(mitigations).getByText('effective')).toBeTruthy();
    const path = screen.getByRole('table', { name: 'Your path and the expert path, side by side' });
    expect(path.textContent).toContain('rollback checkout');
    expect(path.textContent).toContain('Roll back checkout; declare an incident (SEV2)');
    expect(screen.getAllByTitle(/^Time to detect: Impact start/).length).toBeGreaterThan(0);

    // Postmortem: the draft, pre-filled from the run.
    await user.click(screen.getByRole('tab', { name: /Postmortem/ }));
    const title = (await screen.findByRole('textbox', { name: 'Title' }, SLOW)) as HTMLInputElement;
    expect(title.value).toBe('Checkout errors after the Tuesday morning deploy');
    expect((screen.getByRole('textbox', { name: 'Event of row 2' }) as HTMLInputElement).value).toMatch(/deploy-checkout-142 in prod/);
    expect((screen.getByRole('textbox', { name: 'Time of row 2' }) as HTMLInputElement).value).toBe('09:32:00');
    expect((screen.getByRole('spinbutton', { name: 'Failed requests' }) as HTMLInputElement).value).toBe('9484');

    // The live rubric says what is missing; writing the summary takes it off the list.
    const rubric = screen.getByRole('complementary', { name: 'Postmortem rubric' });
    await waitFor(() => expect(rubric.textContent).toMatch(/missing or empty: summary/), SLOW);
    await user.click(screen.getByRole('textbox', { name: /^Summary/ }));
    await user.paste('Checkout v1.42.0 failed about 22% of orders for nine minutes until it was rolled back.');
    await waitFor(() => expect(rubric.textContent).toMatch(/missing or empty: impact, root cause/), SLOW);
    expect(rubric.textContent).not.toMatch(/missing or empty: summary/);
    // Kept in the autosave while editing.
    await waitFor(async () => {
      const saved = await h.platform.get('finished', h.store.getState().runKey ?? '');
      expect(saved?.ok && readFinished(saved.value).ok && (saved.value as { postmortem?: { summary: string } }).postmortem?.summary).toMatch(/^Checkout v1.42.0 failed/);
    }, SLOW);

    // Blaming language is flagged with its sentence, next to the field and in the rubric.
    await user.click(screen.getByRole('textbox', { name: /^Trigger/ }));
    await user.paste('A careless deploy of v1.42.0 went out. The null check was gone.');
    await waitFor(() => expect(within(rubric).getByRole('region', { name: 'Blaming sentences' }).textContent).toContain('“A careless deploy of v1.42.0 went out.”'), SLOW);
    const trigger = screen.getByRole('textbox', { name: /^Trigger/ });
    const notes = document.getElementById(trigger.getAttribute('aria-describedby') ?? '');
    expect(notes?.textContent).toContain('A careless deploy of v1.42.0 went out.');
    expect(notes?.textContent).toContain('blaming language: "careless"');
  }, 60_000);

  it('replays a gate action item, exports the report, finishes and lists the session in Progress', async () => {
    const h = await playRightPath();
    const user = userEvent.setup();
    h.mount(<App />);
    await screen.findByRole('region', { name: 'Every point, with its reason' }, SLOW);
    // Finished on opening: the library's best score is there already; the autosave is gone.
    await waitFor(async () => expect((await h.platform.list('finished')).length).toBe(1), SLOW);
    expect(await h.platform.list('autosave')).toEqual([]);

    // An action item that simulates a pre-production gate.
    await user.click(screen.getByRole('tab', { name: /Postmortem/ }));
    await user.click(await screen.findByRole('button', { name: 'Add action item' }, SLOW));
    const item = screen.getByRole('region', { name: 'Action item 1' });
    await user.click(within(item).getByRole('textbox', { name: /Title of action item 1/ }));
    await user.paste('Add a staging checkout test without a coupon code so that v1.42.0 fails before prod');
    await user.type(within(item).getByRole('textbox', { name: 'Owner' }), 'checkout team');
    await user.selectOptions(within(item).getByRole('combobox', { name: 'Simulate this' }), 'gate');

    await user.click(screen.getByRole('tab', { name: 'Report' }));
    expect(screen.getByRole('region', { name: 'Incident timeline' }).textContent).toMatch(/Impact started 09:32:50/);
    await user.click(screen.getByRole('button', { name: 'Run counterfactual' }));
    const result = await screen.findByRole('region', { name: 'Counterfactual result' }, SLOW);
    expect(result.textContent).toContain('3.44% saved');
    expect(result.textContent).toContain('9,484 fewer');
    expect(result.textContent).toMatch(/pre-production gate on deploy-checkout-142/);

    // Export the report as Markdown: the platform gets the file; a toast says where it went.
    await user.click(screen.getByRole('button', { name: /^Export/ }));
    await user.click(screen.getByRole('menuitem', { name: 'Report as Markdown' }));
    await waitFor(() => expect(h.platform.saved.length).toBe(1), SLOW);
    const md = h.platform.saved[0];
    expect(md?.suggestedName).toBe('checkout-bad-deploy-2026-03-10-report.md');
    expect(md?.mime).toBe('text/markdown');
    expect(md?.text).toContain('Checkout errors after the Tuesday morning deploy');
    expect(md?.text).toContain('Add a staging checkout test without a coupon code');
    await screen.findByText(/Saved checkout-bad-deploy-2026-03-10-report.md to download/);

    // Finish: the finished session keeps the score, the session and the postmortem; Progress lists it.
    await user.click(screen.getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(h.store.getState().screen).toBe('progress'), SLOW);
    const items = await h.platform.list('finished');
    const got = await h.platform.get('finished', items[0]?.key ?? '');
    const read = got?.ok ? readFinished(got.value) : null;
    if (!read?.ok) throw new Error('no finished session');
    expect(read.doc.score.total).toBeGreaterThan(90);
    expect(read.doc.score.areas.diagnosis).toBe(17);
    expect(read.doc.session.durationSec).toBe(2700);
    expect(read.doc.postmortem?.actionItems[0]?.counterfactual).toEqual({ type: 'gate' });

    const sessions = await screen.findByRole('region', { name: 'Finished sessions' }, SLOW);
    const row = within(sessions).getByRole('row', { name: /Checkout errors after the Tuesday morning deploy/ });
    expect(row.textContent).toContain(String(read.doc.score.total));
    const next = screen.getByRole('region', { name: 'Practise next' });
    expect(next.textContent).toMatch(/Your weakest area: Diagnosis/);
    await within(next).findByRole('button', { name: /^Open / }, SLOW);
    expect(screen.getByRole('region', { name: 'Personal bests' }).textContent).toContain('Checkout errors after the Tuesday morning deploy');
  }, 60_000);
});
