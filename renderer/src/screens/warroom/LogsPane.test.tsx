// @vitest-environment jsdom
// The log explorer against the real worker (in process) on checkout-bad-deploy at 15 minutes:
// a query run on purpose is observed exactly once, refreshes are not; rows expand to their
// stack trace and trace link, which opens the trace's waterfall in the traces pane.

import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useApp } from '../../app/context.tsx';
import { disposeHarnesses, startedHarness, type Harness } from '../../app/testing.tsx';
import { LogsPane } from './LogsPane.tsx';
import { TracesPane } from './TracesPane.tsx';

let h: Harness;

beforeEach(async () => {
  h = await startedHarness('checkout-bad-deploy', 900);
});

afterEach(disposeHarnesses);

/** The logs and traces panes, switched by the store's pane as the war room does. */
function Panes() {
  const pane = useApp((s) => s.pane);
  return pane === 'traces' ? <TracesPane /> : <LogsPane />;
}

const WAIT = { timeout: 15_000 };

async function lineRows(): Promise<HTMLElement[]> {
  const grid = await screen.findByRole('grid', { name: 'Log lines' }, WAIT);
  return within(grid)
    .getAllByRole('row')
    .filter((r) => r.getAttribute('aria-rowindex') !== '1');
}

async function runQuery(text: string): Promise<void> {
  const user = userEvent.setup();
  const box = screen.getByRole('textbox', { name: 'Log query' });
  await user.clear(box);
  // user-event reads { and [ as key names: doubled, they are typed as themselves.
  await user.type(box, `${text.replace(/[{[]/g, '$&$&')}{Enter}`);
}

describe('LogsPane', () => {
  it('runs a typed query on Enter, shows the matching error lines and records one observation', async () => {
    h.mount(<LogsPane />);
    // The pane opens on every line of the range, without recording anything.
    await waitFor(async () => expect((await lineRows()).length).toBeGreaterThan(10), WAIT);
    expect(await h.observations('logs')).toEqual([]);

    await runQuery('{service="checkout", env="prod"} |= "NullPointerException" | level>=ERROR');
    await waitFor(async () => {
      const rows = await lineRows();
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) {
        expect(r?.textContent).toContain('NullPointerException');
        expect(r?.textContent).toContain('ERROR');
        expect(r?.textContent).toContain('checkout');
      }
    }, WAIT);
    // Newest first.
    const times = (await lineRows()).map((r) => r.querySelector('.c-time')?.textContent ?? '');
    expect([...times].sort().reverse()).toEqual(times);

    const obs = await h.observations('logs');
    expect(obs).toHaveLength(1);
    expect(obs[0]?.params).toEqual({ service: 'checkout', env: 'prod', minSeverity: 'ERROR', text: 'NullPointerException', fromSec: 0, toSec: 901 });
    expect(obs[0]?.atSec).toBe(900);

    // Refreshes as the clock moves (Live) fetch again without recording.
    const scrape = h.store.getState().scrape;
    await act(async () => {
      await h.ctl.setSpeed(30);
      await h.advanceWall(500);
      await h.ctl.setSpeed(0);
    });
    expect(h.store.getState().scrape).toBeGreaterThan(scrape);
    await waitFor(() => expect(screen.getByText(/newest first/)?.textContent).toMatch(/09:30:00 – 09:45:1\d/), WAIT);
    expect(await h.observations('logs')).toHaveLength(1);

    // Running it again is a new observation.
    await runQuery('{service="checkout", env="prod"} |= "NullPointerException" | level>=ERROR');
    await waitFor(async () => expect(await h.observations('logs')).toHaveLength(2), WAIT);
  });

  it('explains a query it cannot run, with the column, and records nothing', async () => {
    h.mount(<LogsPane />);
    await screen.findByRole('grid', { name: 'Log lines' }, WAIT);
    await runQuery('{service="checkout"} | level=ERROR');
    const alert = await screen.findByRole('alert');
    expect(alert?.textContent).toContain('Column 29: only minimum levels are supported: write level>=ERROR');
    expect(screen.getByRole('textbox', { name: 'Log query' }).getAttribute('aria-invalid')).toBe('true');
    expect(await h.observations('logs')).toEqual([]);
  });

  it('rewrites and runs the query from the pickers', async () => {
    const user = userEvent.setup();
    h.mount(<LogsPane />);
    await screen.findByRole('grid', { name: 'Log lines' }, WAIT);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service' }), 'checkout');
    expect((screen.getByRole('textbox', { name: 'Log query' }) as HTMLInputElement).value).toBe('{service="checkout"}');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Level' }), 'WARN');
    expect((screen.getByRole('textbox', { name: 'Log query' }) as HTMLInputElement).value).toBe('{service="checkout"} | level>=WARN');
    await waitFor(async () => expect(await h.observations('logs')).toHaveLength(2), WAIT);
    expect((await h.observations('logs'))[1]?.params).toMatchObject({ service: 'checkout', minSeverity: 'WARN' });
    await waitFor(async () => {
      for (const r of await lineRows()) expect(r.querySelector('.c-svc')?.textContent).toMatch(/^checkout/);
    }, WAIT);
  });

  it('renders only the rows in view, and loads more without observing or following the clock', async () => {
    const user = userEvent.setup();
    h.mount(<LogsPane />);
    await runQuery('| level>=ERROR');
    await screen.findByText(/Showing the first 500 lines — narrow the query, or/, undefined, WAIT);
    expect((await lineRows()).length).toBeLessThan(80);
    expect(screen.getByRole('grid', { name: 'Log lines' }).getAttribute('aria-rowcount')).toBe('501');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getByRole('grid', { name: 'Log lines' }).getAttribute('aria-rowcount')).toBe('1001'), WAIT);
    expect(screen.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('false');
    expect(await h.observations('logs')).toHaveLength(1);
  });

  it('expands a line to its fields and stack trace, pins it, and opens its trace in the waterfall', async () => {
    const user = userEvent.setup();
    h.mount(<Panes />);
    await runQuery('{service="checkout", env="prod"} |= "NullPointerException" | level>=ERROR');
    await waitFor(async () => expect((await lineRows())[0]?.textContent).toContain('NullPointerException'), WAIT);
    const row = (await lineRows())[0] as HTMLElement;
    await user.click(row.querySelector('.log-row') as HTMLElement);
    expect(row.getAttribute('aria-expanded')).toBe('true');
    // Reading a line pauses Live, so refreshes do not move it away.
    expect(screen.getByRole('button', { name: 'Live' }).getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText('paused while you read')).toBeTruthy();

    const stack = within(row).getByLabelText('Stack trace');
    expect(stack.tagName).toBe('PRE');
    expect(stack?.textContent).toContain('at com.acme.checkout.pricing.CouponService.apply(CouponService.java:87)');
    expect(within(row).getByText('exception.type')).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Pin as evidence' }));
    expect(h.store.getState().pinned).toEqual([
      expect.objectContaining({ ref: { kind: 'log', service: 'checkout', env: 'prod', severity: 'ERROR', contains: 'NullPointerException' }, atSec: 900 }),
    ]);
    expect(within(row).getByRole('button', { name: 'Pinned as evidence' })).toHaveProperty('disabled', true);

    const link = within(row).getByRole('link', { name: /^Open trace [0-9a-f]{32}$/ });
    const traceId = (link.textContent ?? '').trim();
    await user.click(link);
    // The traces pane takes the request, clears it and shows the waterfall.
    const waterfall = await screen.findByRole('group', { name: `Waterfall of trace ${traceId}` }, WAIT);
    expect(h.store.getState().pane).toBe('traces');
    expect(h.store.getState().openTraceId).toBeNull();
    const spans = within(waterfall).getAllByRole('button', { name: /, \d/ });
    expect(spans.length).toBeGreaterThan(2);
    expect(within(waterfall).getAllByRole('button', { name: /^checkout POST \/api\/checkout, .*, error$/ }).length).toBeGreaterThan(0);
    const obs = await h.observations('trace');
    expect(obs.map((a) => a.params)).toEqual([expect.objectContaining({ traceId, services: expect.arrayContaining(['checkout']) })]);
  });
});
