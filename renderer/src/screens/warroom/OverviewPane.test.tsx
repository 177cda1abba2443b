// @vitest-environment jsdom
// The overview on the beginner scenario at 900 s, against the real worker (in-process): SLOs,
// the services table, and a service's dashboard that records one observation when opened and
// none on its refreshes.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, startedHarness } from '../../app/testing.tsx';
import { OverviewPane } from './OverviewPane.tsx';

afterEach(disposeHarnesses);

describe('OverviewPane', () => {
  it('shows the SLOs and the services of checkout-bad-deploy at 900 s', async () => {
    const h = await startedHarness();
    h.mount(<OverviewPane />);

    const availability = screen.getByRole('article', { name: 'checkout-availability' });
    expect(within(availability).getByText('Fast burn')).toBeTruthy();
    expect(within(availability).getByRole('meter', { name: 'checkout-availability error budget left' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'checkout-latency' })).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'catalog-availability' })).getByText('Within budget')).toBeTruthy();
    // The SLI chart fills in from query/sloSeries.
    expect(await within(availability).findByRole('img', { name: /^SLI, 5 m rolling, checkout · prod: last SLI \d+(\.\d+)?%$/ })).toBeTruthy();

    const table = screen.getByRole('table', { name: 'Services in prod' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(10);
    // Sorted by health: the broken checkout first.
    expect(within(rows[0] as HTMLElement).getByText('Critical')).toBeTruthy();
    expect(within(rows[0] as HTMLElement).getByRole('button', { name: 'Open checkout dashboard' })).toBeTruthy();
    expect(rows[0]?.textContent).toMatch(/\d+(\.\d+)?%/);
  });

  it('sorts by a column and switches environment', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<OverviewPane />);
    await user.click(screen.getByRole('button', { name: /^Service/ }));
    const header = screen.getByRole('columnheader', { name: /^Service/ });
    expect(header.getAttribute('aria-sort')).toBe('ascending');
    const first = within(screen.getByRole('table', { name: 'Services in prod' })).getAllByRole('row')[1] as HTMLElement;
    expect(within(first).getByRole('button', { name: 'Open cart-cache dashboard' })).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Environment' }), 'staging');
    expect(screen.getByRole('table', { name: 'Services in staging' })).toBeTruthy();
    expect(h.store.getState().focus.env).toBe('staging');
  });

  it('opens a service dashboard with one observation, refreshes without more, and goes back', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<OverviewPane />);
    const before = (await h.observations()).length;

    await user.click(screen.getByRole('button', { name: 'Open checkout dashboard' }));
    const grid = await screen.findByRole('region', { name: 'checkout dashboard' });
    expect(h.store.getState().focus.service).toBe('checkout');
    expect(await within(grid).findByRole('img', { name: /^Error ratio, checkout · prod: last errors \d+(\.\d+)?%$/ })).toBeTruthy();
    for (const title of ['Requests by status', 'Latency', 'CPU', 'Memory', 'Connection pool', 'Ready replicas', 'Restarts']) {
      expect(within(grid).getByRole('heading', { name: title })).toBeTruthy();
    }
    expect(within(grid).getByRole('img', { name: /^Latency, checkout · prod: last p50 .* ms, p95 .*, p99 .*/ })).toBeTruthy();

    // Refreshes on the next scrapes record nothing.
    await h.advanceTo(960);
    await waitFor(() => expect(h.store.getState().scrape).toBeGreaterThan(2));
    await h.advanceWall(50);
    const obs = await h.observations();
    expect(obs.length - before).toBe(1);
    const opened = obs.at(-1);
    expect(opened).toMatchObject({ atSec: 900, target: 'metrics', params: { service: 'checkout', env: 'prod' } });
    expect(opened?.params.metrics).toEqual(expect.arrayContaining(['error_ratio', 'latency_p99_ms', 'http_server_requests_5xx_total']));

    // Pin a chart as evidence.
    await user.click(within(grid).getByRole('button', { name: 'Pin as evidence: Error ratio, checkout · prod' }));
    expect(h.store.getState().pinned.map((p) => p.ref)).toContainEqual({ kind: 'metric', service: 'checkout', env: 'prod', metric: 'error_ratio' });
    expect(within(grid).getByRole('button', { name: 'Pin as evidence: Error ratio, checkout · prod' }).getAttribute('aria-pressed')).toBe('true');

    // "Explore" hands the chart's metric to the metric explorer.
    await user.click(within(grid).getByRole('button', { name: 'Explore Latency, checkout · prod' }));
    expect(h.store.getState()).toMatchObject({ pane: 'metrics', explorer: { metric: 'latency_p99_ms', services: ['checkout'], envs: ['prod'] } });

    await user.click(screen.getByRole('button', { name: 'Back to overview' }));
    expect(screen.getByRole('table', { name: 'Services in prod' })).toBeTruthy();
    expect((await h.observations()).length - before).toBe(1);
  });

  it('draws the zoomed range and resets it', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<OverviewPane />);
    const reset = screen.getByRole('button', { name: 'Reset zoom' });
    expect(reset).toHaveProperty('disabled', true);
    h.store.setState({ range: { fromSec: 100, toSec: 400 } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Reset zoom' })).toHaveProperty('disabled', false));
    expect(screen.getByRole('group', { name: 'Time range' }).textContent).toContain('09:31:40 → 09:36:40');
    await user.click(screen.getByRole('button', { name: 'Reset zoom' }));
    expect(h.store.getState().range).toEqual({ fromSec: 0, toSec: null });
  });
});
