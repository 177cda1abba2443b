// @vitest-environment jsdom
// The topology pane against the real worker: one accessible node per service with its live health,
// opening the pane records one observation, selecting a service (mouse or keyboard) shows its
// details and "Open dashboard" focuses it in the overview.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, startedHarness, trackedHarness } from '../../app/testing.tsx';
import { TopologyMap, nodeLabel } from '../../widgets/topology/TopologyMap.tsx';
import { TopologyPane } from './TopologyPane.tsx';

afterEach(disposeHarnesses);

const NODE_NAME = /^[a-z0-9-]+: (ok|warning|critical|unknown), /;

describe('TopologyPane', () => {
  it('draws one accessible node per service of checkout-bad-deploy, checkout critical at 900 s', async () => {
    const h = await startedHarness('checkout-bad-deploy', 900);
    h.mount(<TopologyPane />);
    const services = h.store.getState().scenario?.services ?? [];
    const map = screen.getByRole('group', { name: 'Service map, prod' });
    const nodes = within(map).getAllByRole('button', { name: NODE_NAME });
    expect(nodes).toHaveLength(services.length);
    for (const s of services) expect(within(map).getByRole('button', { name: new RegExp(`^${s.id}: `) })).toBeTruthy();
    const checkout = within(map).getByRole('button', { name: /^checkout: / });
    expect(checkout.getAttribute('aria-label')).toMatch(/^checkout: critical, \d+(\.\d+)?\/s, \d+(\.\d+)?% errors$/);
    expect(checkout.getAttribute('tabindex')).toBe('0');
    expect(within(map).getByRole('button', { name: /^catalog: ok, / })).toBeTruthy();

    await waitFor(async () => expect(await h.observations('topology')).toHaveLength(1));
    expect((await h.observations('topology'))[0]?.params).toEqual({ env: 'prod' });
  });

  it('selects a service of game-retry-storm mid-incident and opens its dashboard', async () => {
    const h = await startedHarness('game-retry-storm', 1200);
    h.mount(<TopologyPane />);
    const services = h.store.getState().scenario?.services ?? [];
    expect(services.length).toBeGreaterThan(20);
    const map = screen.getByRole('group', { name: 'Service map, prod' });
    expect(within(map).getAllByRole('button', { name: NODE_NAME })).toHaveLength(services.length);
    // The retry storm: auth is failing and receives more calls than login-edge gets requests.
    const auth = within(map).getByRole('button', { name: /^auth: / });
    expect(auth.getAttribute('aria-label')).toMatch(/^auth: (critical|warning), /);

    const user = userEvent.setup();
    await user.click(auth);
    expect(auth.getAttribute('aria-pressed')).toBe('true');
    const details = screen.getByRole('complementary', { name: 'Service auth' });
    expect(within(details).getByText('v5.8.1')).toBeTruthy();
    expect(within(details).getByText('java')).toBeTruthy();
    expect(within(details).getByRole('button', { name: /accounts-db/ })).toBeTruthy();
    expect(within(details).getByText(/800 ms timeout, pool 10/)).toBeTruthy();
    expect(within(within(details).getByRole('list', { name: 'Key numbers' })).getAllByRole('listitem')).toHaveLength(8);

    await user.click(within(details).getByRole('button', { name: 'Open dashboard' }));
    const s = h.store.getState();
    expect(s.focus).toEqual({ service: 'auth', env: 'prod' });
    expect(s.dashboardService).toBe('auth');
    expect(s.pane).toBe('overview');
  });

  it('is keyboard friendly: arrows move between nodes, Enter selects, Escape closes', async () => {
    const h = await startedHarness('checkout-bad-deploy', 900);
    h.mount(<TopologyPane />);
    const user = userEvent.setup();
    const map = screen.getByRole('group', { name: 'Service map, prod' });
    const edge = within(map).getByRole('button', { name: /^edge: / });
    edge.focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^(checkout|catalog): /);
    await user.keyboard('{Enter}');
    const picked = (document.activeElement?.getAttribute('aria-label') ?? '').split(':')[0] as string;
    const details = screen.getByRole('complementary', { name: `Service ${picked}` });
    within(details).getByRole('button', { name: 'Open dashboard' }).focus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('complementary', { name: `Service ${picked}` })).toBeNull();
  });

  it('records another observation when the trainee switches environment', async () => {
    const h = await startedHarness('checkout-bad-deploy', 900);
    h.mount(<TopologyPane />);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Environment' }), 'staging');
    expect(screen.getByRole('group', { name: 'Service map, staging' })).toBeTruthy();
    await waitFor(async () => expect((await h.observations('topology')).map((o) => o.params.env)).toEqual(['prod', 'staging']));
  });
});

describe('TopologyMap', () => {
  it('works without health (the briefing) and names nodes without data', () => {
    const h = trackedHarness();
    h.mount(
      <TopologyMap
        services={[
          { id: 'gw', type: 'gateway', version: 'v1', replicas: 2, zones: [], calls: [{ to: 'db', perRequest: 1, timeoutMs: 100, retries: 0, critical: true }] },
          { id: 'db', type: 'database', version: '15', replicas: 1, zones: [], calls: [] },
        ]}
      />,
    );
    expect(screen.getByRole('button', { name: 'gw: unknown, no data yet' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'db: unknown, no data yet' })).toBeTruthy();
    expect(nodeLabel('x', { service: 'x', env: 'prod', ratePerSec: 1234, errorRatio: 0.2153, p50Ms: 1, p95Ms: 2, p99Ms: 3, saturation: 0, readyReplicas: 1, desiredReplicas: 1, pagesFiring: 0, health: 'critical' })).toBe(
      'x: critical, 1234/s, 21.5% errors',
    );
  });
});
