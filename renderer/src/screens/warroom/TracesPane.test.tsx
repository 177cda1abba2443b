// @vitest-environment jsdom
// The traces pane against the real worker (in process) on checkout-bad-deploy at 15 minutes.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, startedHarness, type Harness } from '../../app/testing.tsx';
import { TracesPane } from './TracesPane.tsx';

let h: Harness;

beforeEach(async () => {
  h = await startedHarness('checkout-bad-deploy', 900);
});

afterEach(disposeHarnesses);

const WAIT = { timeout: 15_000 };

/** A listed trace's duration, from its row's name ("…, 889 ms, started …" or "…, 1.53 s, …"). */
function durationMs(row: HTMLElement): number {
  const m = /, ([\d.]+) (ms|s),/.exec(row.getAttribute('aria-label') ?? '');
  return m ? Number(m[1]) * (m[2] === 's' ? 1000 : 1) : NaN;
}

async function traceRows(): Promise<HTMLElement[]> {
  const table = await screen.findByRole('table', { name: 'Traces' }, WAIT);
  return within(table).getAllByRole('row').slice(1);
}

describe('TracesPane', () => {
  it('lists traces newest first, filters them on purpose, and opens one as a waterfall', async () => {
    const user = userEvent.setup();
    h.mount(<TracesPane />);
    await waitFor(async () => expect((await traceRows()).length).toBeGreaterThan(5), WAIT);
    expect(await h.observations('traces')).toEqual([]); // opening the pane is not an observation

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'error');
    await waitFor(async () => {
      const rows = await traceRows();
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) expect(r.textContent).toContain('error');
    }, WAIT);
    const obs = await h.observations('traces');
    expect(obs).toHaveLength(1);
    expect(obs[0]?.params).toEqual({ env: 'prod', status: 'error', fromSec: 0, toSec: 901 });

    const first = (await traceRows())[0] as HTMLElement;
    expect(first.getAttribute('aria-label')).toMatch(/^Error trace edge POST \/api\/checkout, /);
    await user.click(first);
    const waterfall = await screen.findByRole('group', { name: /^Waterfall of trace [0-9a-f]{32}$/ }, WAIT);
    const traceId = (waterfall.getAttribute('aria-label') ?? '').slice(-32);
    expect((await h.observations('trace')).map((a) => a.params)).toEqual([expect.objectContaining({ traceId, services: expect.any(Array) })]);

    // Spans in tree order: the root first, its callee indented under it; errors marked.
    const spans = within(waterfall).getAllByRole('button', { name: /ms, error$|ms$|s, error$|s$/ });
    expect(spans[0]?.getAttribute('aria-label')).toMatch(/^edge POST \/api\/checkout, /);
    const failing = within(waterfall).getByRole('button', { name: /^checkout POST \/api\/checkout, .*, error$/ });
    await user.click(failing);
    const details = await screen.findByRole('region', { name: 'Span checkout POST /api/checkout' });
    expect(details.textContent).toContain('java.lang.NullPointerException');
    expect(details.textContent).toContain('exception');
    // Its log lines, with the stack trace.
    await waitFor(() => expect(details.textContent).toContain('CouponService.apply'), WAIT);

    // Collapse the root: only it stays.
    await user.click(within(waterfall).getByRole('button', { name: /^Collapse edge POST \/api\/checkout/ }));
    expect(within(waterfall).getAllByRole('button', { name: /, \d[\d.]* m?s(, error)?$/ })).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Pin as evidence' }));
    expect(h.store.getState().pinned.map((p) => p.ref)).toEqual([{ kind: 'trace', traceId }]);
    expect(screen.getByRole('button', { name: 'Pinned' })).toHaveProperty('disabled', true);
  });

  it('filters by a minimum duration once typed and submitted', async () => {
    const user = userEvent.setup();
    h.mount(<TracesPane />);
    await waitFor(async () => expect((await traceRows()).length).toBeGreaterThan(5), WAIT);
    await user.type(screen.getByRole('spinbutton', { name: 'Min duration (ms)' }), '500{Enter}');
    await waitFor(async () => {
      const rows = await traceRows();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(durationMs(r)).toBeGreaterThanOrEqual(500);
    }, WAIT);
    const obs = await h.observations('traces');
    expect(obs).toHaveLength(1); // typing alone searched nothing
  });

  it('opens a trace requested from elsewhere and clears the request', async () => {
    const { records } = await h.sim.client.call('query/logs', { fromSec: 0, toSec: 901, service: 'checkout', minSeverity: 'ERROR', order: 'desc', limit: 5 });
    const traceId = records.find((r) => r.traceId)?.traceId as string;
    h.store.setState({ openTraceId: traceId, pane: 'traces' });
    h.mount(<TracesPane />);
    await screen.findByRole('group', { name: `Waterfall of trace ${traceId}` }, WAIT);
    expect(h.store.getState().openTraceId).toBeNull();
    expect((await h.observations('trace')).map((a) => a.params)).toEqual([expect.objectContaining({ traceId, services: expect.any(Array) })]);
  });

  it('says why a trace cannot be shown', async () => {
    h.store.setState({ openTraceId: '0123456789abcdef0123456789abcdef' });
    h.mount(<TracesPane />);
    expect((await screen.findByText(/No trace to show:/, undefined, WAIT)).textContent).toMatch(/not a trace id of this run/);
  });
});
