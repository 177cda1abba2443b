// @vitest-environment jsdom
// The change feed on checkout-bad-deploy at 900 s against the real worker: the bad deploy is
// listed with its versions, opening the feed records one observation (refreshes none), expanding
// the deploy records it and shows its diff, and it can be pinned as evidence.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, startedHarness } from '../../app/testing.tsx';
import { ChangesPane, diffLines } from './ChangesPane.tsx';

afterEach(disposeHarnesses);

const rowOf = (text: RegExp): HTMLElement => {
  const rows = screen.getAllByRole('button', { expanded: false }).filter((b) => text.test(b.textContent ?? ''));
  if (rows.length !== 1) throw new Error(`${rows.length} rows match ${text}`);
  return rows[0] as HTMLElement;
};

describe('ChangesPane', () => {
  it('lists the changes newest first, the bad deploy with its versions, author and CI', async () => {
    const h = await startedHarness();
    h.mount(<ChangesPane />);
    const list = await screen.findByRole('list', { name: 'Changes, newest first' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(4));
    const items = within(list).getAllByRole('listitem');
    // Newest first: the catalog deploy (6 m), the checkout deploy (2 m), staging (−50 m), search (−2 h).
    expect(items[0]?.textContent).toMatch(/catalog/);
    const bad = items[1] as HTMLElement;
    expect(bad.textContent).toContain('09:32:00');
    expect(bad.textContent).toContain('T+2m');
    expect(bad.textContent).toContain('checkout');
    expect(bad.textContent).toContain('v1.41.2 → v1.42.0');
    expect(bad.textContent).toContain('m.rossi');
    expect(bad.textContent).toContain('CI passed');
    expect(bad.textContent).toContain('Coupon refactor');
    // Changes made before the run show a negative offset.
    expect(items[3]?.textContent).toContain('T−2h');
    // Grouped by hour.
    expect(screen.getByText(/09:00–10:00 UTC/)).toBeTruthy();
  });

  it('records one observation when opened, none on refresh, and one when the deploy is expanded', async () => {
    const h = await startedHarness();
    h.mount(<ChangesPane />);
    await screen.findAllByText('v1.41.2 → v1.42.0');
    await waitFor(async () => expect(await h.observations('changes')).toHaveLength(1));
    const [opened] = await h.observations('changes');
    expect(opened?.atSec).toBe(900);
    expect(opened?.params).toEqual({});

    // New scrapes refresh the feed without recording anything.
    const scrape = h.store.getState().scrape;
    await h.advanceTo(960);
    await waitFor(() => expect(h.store.getState().scrape).toBeGreaterThan(scrape));
    await h.advanceWall(50);
    expect(await h.observations('changes')).toHaveLength(1);

    const user = userEvent.setup();
    const row = rowOf(/T\+2m.*checkout.*prod/s);
    await user.click(row);
    expect(row.getAttribute('aria-expanded')).toBe('true');
    await waitFor(async () => expect(await h.observations('change')).toHaveLength(1));
    const [seen] = await h.observations('change');
    // As engine/src/score/evidence.ts matches a change: target 'change', params.change = its id.
    expect(seen?.params).toEqual({ change: 'deploy-checkout-142', env: 'prod' });
    expect(seen?.result).toBe('applied');

    // The diff, as a unified diff.
    const diff = screen.getByLabelText('Diff of deploy-checkout-142');
    expect(diff.textContent).toContain('CouponService.java');
    const added = within(diff).getByText(/\+ String code = request\.getCoupon\(\)\.trim\(\);/);
    expect(added.className).toContain('add');
    expect(within(diff).getByText(/- String code = request\.getCoupon\(\) != null/).className).toContain('del');

    // Collapsing and expanding again records nothing more.
    await user.click(row);
    await user.click(row);
    await h.advanceWall(50);
    expect(await h.observations('change')).toHaveLength(1);

    // Picking an environment is a new look at the feed, for that environment.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Environment' }), 'staging');
    await waitFor(async () => expect(await h.observations('changes')).toHaveLength(2));
    expect((await h.observations('changes'))[1]?.params).toEqual({ env: 'staging' });
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('listitem').textContent).toContain('staging');
  });

  it('pins a change as evidence, filters and searches', async () => {
    const h = await startedHarness();
    h.mount(<ChangesPane />);
    await screen.findAllByText('v1.41.2 → v1.42.0');
    const user = userEvent.setup();
    await user.click(rowOf(/T\+2m.*checkout.*prod/s));
    await user.click(screen.getByRole('button', { name: 'Pin as evidence' }));
    const pinned = h.store.getState().pinned;
    expect(pinned).toHaveLength(1);
    expect(pinned[0]?.ref).toEqual({ kind: 'change', change: 'deploy-checkout-142', env: 'prod' });
    expect(pinned[0]?.atSec).toBe(120);
    expect(screen.getByRole('button', { name: 'Pinned as evidence' }).hasAttribute('disabled')).toBe(true);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'catalog');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), '');
    await user.type(screen.getByRole('searchbox', { name: 'Search changes' }), 'elasticsearch');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('listitem').textContent).toContain('search');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(4));
  });

  it('shows flag, config and infrastructure changes of game-retry-storm', async () => {
    const h = await startedHarness('game-retry-storm', 1200);
    h.mount(<ChangesPane />);
    await screen.findByText(/store-season4-bundles → on/);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'infra');
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('listitem').textContent).toContain('accounts-db');
  });
});

describe('diffLines', () => {
  it('classes a unified diff and leaves plain text plain', () => {
    expect(diffLines('CouponService.java\n- a\n+ b\n  c\n@@ -1 +1 @@\n').map((l) => l.kind)).toEqual(['file', 'del', 'add', 'ctx', 'hunk']);
    expect(diffLines('writer: a -> b\nwindow Sat 18:55').map((l) => l.kind)).toEqual(['text', 'text']);
  });
});
