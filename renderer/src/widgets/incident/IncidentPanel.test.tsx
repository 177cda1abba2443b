// @vitest-environment jsdom
// The incident panel against the real worker (in-process) on the beginner scenario at 900 s:
// every control records the action scoring reads, and the board survives a resume.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../../../engine/src/index.ts';
import { disposeHarnesses, startedHarness, trackedHarness, type Harness } from '../../app/testing.tsx';
import type { AutosaveDoc } from '../../state/records.ts';
import { IncidentPanel } from '../../screens/warroom/IncidentPanel.tsx';

afterEach(disposeHarnesses);

const last = (h: Harness, type: string): ActionRecord | undefined => h.store.getState().actions.filter((a) => a.type === type).at(-1);

const LOG_REF = { kind: 'log', service: 'checkout', env: 'prod', minSeverity: 'ERROR', text: 'NullPointerException' };
const CHANGE_REF = { kind: 'change', change: 'deploy-catalog-908' };

function pinBoth(h: Harness): void {
  h.ctl.pin({ ref: LOG_REF, label: 'checkout ERROR “NullPointerException”', atSec: 880 });
  h.ctl.pin({ ref: CHANGE_REF, label: 'deploy-catalog-908 (catalog v9.8.0)', atSec: 890 });
}

describe('IncidentPanel', () => {
  it('declares an incident with a severity, then changes it', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    expect(screen.getByRole('button', { name: 'Declare incident' })).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('radio', { name: /SEV2/ }));
    await user.click(screen.getByRole('button', { name: 'Declare incident' }));
    await h.advanceWall(50);
    const declared = last(h, 'declareIncident');
    expect(declared).toMatchObject({ atSec: 900, result: 'applied', params: { severity: 'SEV2' } });
    expect(await screen.findByRole('status', { name: 'Status: Investigating' })).toBeTruthy();

    await h.advanceTo(960);
    expect(screen.getByText('1m')).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Severity' }), 'SEV1');
    await user.click(screen.getByRole('button', { name: 'Change severity' }));
    await h.advanceWall(50);
    expect(h.store.getState().actions.filter((a) => a.type === 'declareIncident').map((a) => a.params.severity)).toEqual(['SEV2', 'SEV1']);
    expect(screen.getByText(/SEV1 · Critical/)).toBeTruthy();
  });

  it('writes a hypothesis with pinned evidence, then rules it out with evidence', async () => {
    const h = await startedHarness();
    pinBoth(h);
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    await user.type(screen.getByRole('textbox', { name: /^Hypothesis/ }), 'The catalog deploy broke checkout');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Component' }), 'svc:catalog');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Category' }), 'code-bug');
    const chips = screen.getByRole('group', { name: 'Evidence to attach' });
    const chip = within(chips).getByRole('button', { name: /NullPointerException/ });
    await user.click(chip);
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'Add hypothesis' }));
    await h.advanceWall(50);
    expect(last(h, 'hypothesis')).toMatchObject({
      result: 'applied',
      params: { id: 'h1', text: 'The catalog deploy broke checkout', status: 'open', component: 'catalog', category: 'code-bug', evidence: [LOG_REF] },
    });

    const card = await screen.findByRole('article', { name: 'Hypothesis h1' });
    expect(within(card).getByText(/NullPointerException/)).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Rule out…' }));
    // The log line is attached already: only the change is offered.
    const offered = within(card).getByRole('group', { name: 'Evidence for h1' });
    expect(within(offered).queryByRole('button', { name: /NullPointerException/ })).toBeNull();
    await user.click(within(offered).getByRole('button', { name: /deploy-catalog-908/ }));
    await user.click(within(card).getByRole('button', { name: 'Mark ruled out' }));
    await h.advanceWall(50);
    expect(last(h, 'hypothesis')).toMatchObject({ params: { id: 'h1', status: 'ruledOut', evidence: [CHANGE_REF] } });
    expect(within(screen.getByRole('article', { name: 'Hypothesis h1' })).getByText('Ruled out')).toBeTruthy();

    // The next one gets the next id.
    await user.click(screen.getByRole('button', { name: '+ New hypothesis' }));
    await user.type(screen.getByRole('textbox', { name: /^Hypothesis/ }), 'checkout v1.42.0 throws on orders without a coupon');
    await user.click(screen.getByRole('button', { name: 'Add hypothesis' }));
    await h.advanceWall(50);
    expect(last(h, 'hypothesis')?.params).toMatchObject({ id: 'h2', status: 'open', evidence: [] });
  });

  it('rolls back checkout through the form and its confirmation, in progress until the rollout completes', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    await user.click(screen.getByRole('button', { name: 'Roll back a deploy' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'checkout');
    await screen.findByRole('option', { name: 'Latest deploy (v1.42.0)' });
    await user.click(screen.getByRole('button', { name: 'Review' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Confirm action' });
    expect(confirm.textContent).toContain('Roll back checkout in prod from v1.42.0 to v1.41.2?');
    await user.click(within(confirm).getByRole('button', { name: 'Roll back' }));
    await h.advanceWall(50);
    expect(last(h, 'rollback')).toMatchObject({ type: 'rollback', target: 'checkout', result: 'applied', params: { env: 'prod' } });

    const taken = screen.getByRole('list', { name: 'Actions taken' });
    expect(within(taken).getByText('in progress')).toBeTruthy();
    await h.advanceTo(1000);
    expect(within(screen.getByRole('list', { name: 'Actions taken' })).getByText('in progress')).toBeTruthy();
    await h.advanceTo(1200);
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Actions taken' })).getByText('done')).toBeTruthy());
  });

  it('shows the engine’s reason when an action is rejected', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    await user.click(screen.getByRole('button', { name: 'Clear a cache' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Environment' }), 'staging');
    await user.click(screen.getByRole('button', { name: 'Review' }));
    await user.click(screen.getByRole('button', { name: 'Flush cache' }));
    await h.advanceWall(50);
    expect(last(h, 'clearCache')).toMatchObject({ target: 'cart-cache', result: 'applied', params: { env: 'staging' } });
    await user.click(screen.getByRole('button', { name: '+ Take another action' }));
    await user.click(screen.getByRole('button', { name: 'Scale queue consumers' }));
    await user.clear(screen.getByRole('spinbutton', { name: 'Replicas' }));
    await user.type(screen.getByRole('spinbutton', { name: 'Replicas' }), '-3');
    await user.click(screen.getByRole('button', { name: 'Review' }));
    expect(screen.getByText('Replicas must be a whole number from 0 to 500.')).toBeTruthy();
    await h.ctl.act({ type: 'rollback', target: 'payments' });
    await h.advanceWall(50);
    const rejected = screen.getByRole('list', { name: 'Actions taken' });
    expect(within(rejected).getByText('rejected')).toBeTruthy();
    expect(within(rejected).getByText(/nothing to roll back: payments in prod/)).toBeTruthy();
  });

  it('posts a status update from a template with its audience', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    await user.click(screen.getByRole('radio', { name: 'External' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Template' }), 'investigating');
    const box = screen.getByRole('textbox', { name: /Update for customers/ }) as HTMLTextAreaElement;
    // 09:30 start + 900 s + 30 min.
    expect(box.value).toMatch(/Next update at 10:15 UTC\./);
    expect(box.value).toMatch(/of checkout requests are failing/);
    await user.clear(box);
    await user.type(box, 'About 20% of checkouts fail. We are rolling back. Next update at 10:15 UTC.');
    await user.click(screen.getByRole('button', { name: 'Post update' }));
    await h.advanceWall(50);
    expect(last(h, 'statusUpdate')).toMatchObject({ params: { audience: 'external', text: 'About 20% of checkouts fail. We are rolling back. Next update at 10:15 UTC.' } });
    const sent = screen.getByRole('list', { name: 'Updates sent' });
    expect(within(sent).getByText(/About 20% of checkouts fail/)).toBeTruthy();
    expect(box.value).toBe('');
  });

  it('records notes and hints, and lists them on the timeline', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    await user.click(screen.getByRole('button', { name: /^Notes/ }));
    await user.type(screen.getByRole('textbox', { name: /^Note/ }), 'Errors began 09:32, right after v1.42.0');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await user.click(screen.getByRole('button', { name: /^Hints/ }));
    await user.click(screen.getByRole('button', { name: 'Get a hint' }));
    expect(screen.getByText(/costs 3 points/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show hint' }));
    await h.advanceWall(50);
    expect(last(h, 'note')?.params).toEqual({ text: 'Errors began 09:32, right after v1.42.0' });
    expect(last(h, 'requestHint')).toMatchObject({ result: 'applied', params: { level: 1 } });
    expect(screen.getByRole('list', { name: 'Hints given' }).textContent).toContain('Which service turned red first');
    const timeline = screen.getByRole('list', { name: 'Incident timeline' });
    expect(within(timeline).getByText('Hint taken (level 1)')).toBeTruthy();
    expect(within(timeline).getAllByText(/deploy-checkout-142/).length).toBeGreaterThan(0);
    // Observations stay out of the timeline unless asked for.
    await h.services.sim.call('query/logs', { service: 'checkout', fromSec: 0, toSec: 960, observe: true });
    await h.advanceWall(50);
    expect(within(timeline).queryByText(/Looked at logs/)).toBeNull();
    await user.click(screen.getByRole('checkbox', { name: 'Show observations' }));
    expect(within(screen.getByRole('list', { name: 'Incident timeline' })).getByText(/Looked at logs: checkout/)).toBeTruthy();
  });

  it('resolves with a root cause and opens the debrief', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<IncidentPanel />);
    expect(screen.queryByRole('button', { name: 'Declare mitigated' })).toBeNull();
    await h.ctl.act({ type: 'declareIncident', params: { severity: 'SEV2' } });
    await h.advanceWall(50);
    await user.click(screen.getByRole('button', { name: 'Declare mitigated' }));
    await h.advanceWall(50);
    expect(last(h, 'mitigated')).toMatchObject({ result: 'applied' });
    await user.click(screen.getByRole('button', { name: 'Resolve…' }));
    const dialog = screen.getByRole('dialog', { name: 'Resolve incident' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Root cause component' }), 'checkout');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Category' }), 'code-bug');
    await within(dialog).findByRole('option', { name: /deploy-checkout-142 —/ });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: /Introduced by change/ }), 'deploy-checkout-142');
    await user.type(within(dialog).getByRole('textbox', { name: 'Summary' }), 'v1.42.0 dropped a null check in CouponService');
    await user.click(within(dialog).getByRole('button', { name: 'Resolve incident' }));
    await waitFor(() => expect(h.store.getState().screen).toBe('debrief'));
    await h.advanceWall(50);
    expect(last(h, 'resolve')).toMatchObject({
      result: 'applied',
      params: { component: 'checkout', category: 'code-bug', change: 'deploy-checkout-142', summary: 'v1.42.0 dropped a null check in CouponService' },
    });
  });

  it('rebuilds the board from the recorded actions after a resume', async () => {
    const h = await startedHarness();
    pinBoth(h);
    await h.ctl.act({ type: 'declareIncident', params: { severity: 'SEV2' } });
    await h.ctl.act({ type: 'hypothesis', params: { id: 'h1', text: 'Catalog deploy', status: 'open', component: 'catalog', evidence: [CHANGE_REF] } });
    await h.ctl.act({ type: 'hypothesis', params: { id: 'h2', text: 'checkout v1.42.0 NPE', status: 'open', component: 'checkout', category: 'code-bug', evidence: [LOG_REF] } });
    await h.ctl.act({ type: 'hypothesis', params: { id: 'h1', text: 'Catalog deploy', status: 'ruledOut', evidence: [] } });
    await h.ctl.act({ type: 'hypothesis', params: { id: 'h2', text: 'checkout v1.42.0 NPE', status: 'confirmed', evidence: [] } });
    await h.ctl.act({ type: 'statusUpdate', params: { audience: 'internal', text: '20% of checkouts failing; next update at 10:15' } });
    await h.ctl.act({ type: 'rollback', target: 'checkout', params: { env: 'prod' } });
    await h.ctl.save();
    const key = h.store.getState().runKey ?? '';
    const stored = await h.platform.get('autosave', key);
    expect(stored?.ok).toBe(true);
    const doc = (stored as { ok: true; value: unknown }).value as AutosaveDoc;

    const fresh = trackedHarness();
    expect(await fresh.ctl.resume(doc)).toBe(true);
    fresh.mount(<IncidentPanel />);
    const h1 = screen.getByRole('article', { name: 'Hypothesis h1' });
    const h2 = screen.getByRole('article', { name: 'Hypothesis h2' });
    expect(within(h1).getByText('Ruled out')).toBeTruthy();
    expect(within(h1).getByText('deploy-catalog-908 (catalog v9.8.0)')).toBeTruthy();
    expect(within(h2).getByText('Confirmed')).toBeTruthy();
    expect(within(h2).getByText(/NullPointerException/)).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Status: Investigating' })).toBeTruthy();
    expect(screen.getByText(/SEV2 · Major/)).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Updates sent' })).getByText(/20% of checkouts failing/)).toBeTruthy();
    expect(within(screen.getByRole('list', { name: 'Actions taken' })).getByText(/Roll back checkout \(prod\)/)).toBeTruthy();
  });
});
