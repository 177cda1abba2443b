// @vitest-environment jsdom
// The metric explorer on the beginner scenario at 900 s: every pick that brings a series on
// screen records one observation, refreshes and removals record none, the legend shows the
// numbers and pins a series as evidence.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, startedHarness, type Harness } from '../../app/testing.tsx';
import { MetricsPane } from './MetricsPane.tsx';

afterEach(disposeHarnesses);

async function settle(h: Harness): Promise<void> {
  await h.advanceWall(25);
}

describe('MetricsPane', () => {
  it('records an observation for each pick, none for refreshes', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<MetricsPane />);

    // Opening the explorer shows the paging SLO's service: checkout's error ratio, observed once.
    expect(await screen.findByRole('img', { name: /^Error ratio, checkout · prod: last checkout · prod \d+(\.\d+)?%$/ })).toBeTruthy();
    await settle(h);
    let obs = await h.observations('metrics');
    expect(obs.map((o) => o.params)).toEqual([{ service: 'checkout', env: 'prod', metrics: ['error_ratio'] }]);

    // Pick a metric: one observation.
    const list = screen.getByRole('navigation', { name: 'Metrics' });
    await user.click(within(list).getByRole('button', { name: /^Latency p99/ }));
    expect(await screen.findByRole('img', { name: /^Latency p99, checkout · prod: last checkout · prod \d+ ms$/ })).toBeTruthy();
    await settle(h);
    obs = await h.observations('metrics');
    expect(obs).toHaveLength(2);
    expect(obs[1]?.params).toEqual({ service: 'checkout', env: 'prod', metrics: ['latency_p99_ms'] });

    // Overlay another service: one observation, for the added series only.
    await user.click(within(screen.getByRole('group', { name: 'Services' })).getByRole('button', { name: 'catalog' }));
    expect(await screen.findByRole('img', { name: /^Latency p99, 2 series: last checkout · prod .*, catalog · prod .*$/ })).toBeTruthy();
    await settle(h);
    obs = await h.observations('metrics');
    expect(obs).toHaveLength(3);
    expect(obs[2]?.params).toEqual({ service: 'catalog', env: 'prod', metrics: ['latency_p99_ms'] });

    // Overlay staging (prod vs staging): the two new series.
    await user.click(within(screen.getByRole('group', { name: 'Environments' })).getByRole('button', { name: 'staging' }));
    await screen.findByRole('img', { name: /^Latency p99, 4 series/ });
    await settle(h);
    obs = await h.observations('metrics');
    expect(obs.slice(3).map((o) => `${o.params.service}@${o.params.env}`)).toEqual(['checkout@staging', 'catalog@staging']);

    // Removing a series and the scrapes that follow record nothing.
    await user.click(within(screen.getByRole('group', { name: 'Environments' })).getByRole('button', { name: 'staging' }));
    h.store.setState({ clock: await h.sim.client.call('clock/advance', { toSec: 960 }) });
    await h.advanceWall(50);
    await waitFor(() => expect(screen.getByRole('img', { name: /^Latency p99, 2 series/ })).toBeTruthy());
    expect(await h.observations('metrics')).toHaveLength(5);
    expect(h.store.getState().explorer).toEqual({ metric: 'latency_p99_ms', services: ['checkout', 'catalog'], envs: ['prod'] });
  });

  it('lists metrics with their help, filters them, and pins a series from the legend', async () => {
    const h = await startedHarness();
    const user = userEvent.setup();
    h.mount(<MetricsPane />);
    const list = screen.getByRole('navigation', { name: 'Metrics' });
    expect(await within(list).findByText('Share of responses that were 4xx or 5xx.')).toBeTruthy();
    expect(within(list).getByRole('group', { name: 'Saturation' })).toBeTruthy();
    await user.type(within(list).getByRole('searchbox', { name: 'Filter metrics' }), 'pool');
    expect(within(list).queryByRole('button', { name: /^Error ratio/ })).toBeNull();
    expect(within(list).getByRole('button', { name: /^Connection pool utilisation/ })).toBeTruthy();

    const legend = await screen.findByRole('table', { name: 'Series' });
    await waitFor(() => expect(within(legend).getAllByRole('row')).toHaveLength(2));
    const row = within(legend).getAllByRole('row')[1] as HTMLElement;
    // Last, min, max, mean of checkout's error ratio over the run.
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([expect.stringContaining('checkout'), expect.stringMatching(/%$/), '0%', expect.stringMatching(/%$/), expect.stringMatching(/%$/), 'Pin']);
    await user.click(within(row).getByRole('button', { name: 'Pin as evidence: Error ratio, checkout · prod' }));
    expect(h.store.getState().pinned).toEqual([
      { ref: { kind: 'metric', service: 'checkout', env: 'prod', metric: 'error_ratio' }, label: 'Error ratio · checkout · prod (error_ratio)', atSec: 900 },
    ]);
  });
});
