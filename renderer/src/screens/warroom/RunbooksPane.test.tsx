// @vitest-environment jsdom
// Runbooks: reading one records an observation (once per runbook per visit); the Markdown subset
// renders as elements and never as raw HTML.

import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { disposeHarnesses, startedHarness } from '../../app/testing.tsx';
import { Markdown, parseMarkdown } from './RunbookMarkdown.tsx';
import { RunbooksPane } from './RunbooksPane.tsx';

afterEach(disposeHarnesses);

describe('RunbooksPane', () => {
  it('records the runbook read, once per runbook', async () => {
    const h = await startedHarness('checkout-bad-deploy', 900);
    h.mount(<RunbooksPane />);
    const reader = screen.getByRole('article', { name: 'Runbook: Checkout: elevated 5xx' });
    // The numbered steps, with inline code.
    const steps = within(reader).getAllByRole('listitem');
    expect(steps).toHaveLength(6);
    expect(steps[3]?.textContent).toContain('rollback checkout');
    expect(within(steps[3] as HTMLElement).getByText('rollback checkout').tagName).toBe('CODE');
    await waitFor(async () => expect((await h.observations('runbook')).map((o) => o.params)).toEqual([{ id: 'checkout-errors' }]));

    const user = userEvent.setup();
    const nav = screen.getByRole('navigation', { name: 'Runbooks' });
    await user.click(within(nav).getByRole('button', { name: /Cart cache \(Redis\)/ }));
    expect(screen.getByRole('article', { name: 'Runbook: Cart cache (Redis)' }).textContent).toContain('Never flush the cart cache');
    await user.click(within(nav).getByRole('button', { name: /Checkout: elevated 5xx/ }));
    await h.advanceWall(50);
    const seen = await h.observations('runbook');
    expect(seen.map((o) => o.params)).toEqual([{ id: 'checkout-errors' }, { id: 'cart-cache' }]);
    expect(seen.every((o) => o.result === 'applied' && o.atSec === 900)).toBe(true);
  });

  it('filters the list and marks runbooks of failing services', async () => {
    const h = await startedHarness('game-retry-storm', 1200);
    h.mount(<RunbooksPane />);
    const nav = screen.getByRole('navigation', { name: 'Runbooks' });
    expect(within(nav).getAllByRole('button')).toHaveLength(4);
    expect(within(nav).getByRole('button', { name: /Logins failing.*auth.*critical now/ })).toBeTruthy();
    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: 'Filter runbooks' }), 'retry_budget');
    expect(within(nav).getAllByRole('button')).toHaveLength(1);
    await user.click(within(nav).getByRole('button', { name: /Envoy gateways/ }));
    const reader = screen.getByRole('article', { name: /^Runbook: Envoy gateways/ });
    // The pipe table of runtime flags.
    const table = within(reader).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['flag', 'effect']);
    expect(within(table).getByText('login-edge-retries-off').tagName).toBe('CODE');
    await user.click(within(reader).getByRole('button', { name: 'Open login-edge dashboard' }));
    expect(h.store.getState().dashboardService).toBe('login-edge');
    expect(h.store.getState().pane).toBe('overview');
  });
});

describe('Markdown', () => {
  it('parses headings, nested lists, code, quotes and tables', () => {
    const blocks = parseMarkdown(
      ['# Title', '', 'Some **bold** text', 'continued.', '', '1. one', '   more of one', '   - nested', '2. two', '', '```sh', 'kubectl rollout undo deploy/checkout', '```', '> careful', '', '| a | b |', '|---|--:|', '| 1 | 2 |', '', '---'].join('\n'),
    );
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'para', 'list', 'code', 'quote', 'table', 'rule']);
    expect(blocks[1]).toEqual({ kind: 'para', text: 'Some **bold** text continued.' });
    const list = blocks[2];
    if (list?.kind !== 'list') throw new Error('no list');
    expect(list.ordered).toBe(true);
    expect(list.items).toHaveLength(2);
    expect(list.items[0]?.map((b) => b.kind)).toEqual(['para', 'list']);
    expect(list.items[0]?.[0]).toEqual({ kind: 'para', text: 'one more of one' });
    expect(blocks[3]).toEqual({ kind: 'code', lang: 'sh', text: 'kubectl rollout undo deploy/checkout' });
    const table = blocks[5];
    if (table?.kind !== 'table') throw new Error('no table');
    expect(table.align).toEqual([null, 'right']);
    expect(table.rows).toEqual([['1', '2']]);
  });

  it('renders text, never HTML, and shows links as text with their address', () => {
    const { container } = render(<Markdown text={'<img src=x onerror="alert(1)"> and <script>alert(2)</script>\n\nSee [the wiki](https://wiki.example/runbooks) and *this*.'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('the wiki (https://wiki.example/runbooks)');
    expect(container.querySelector('em')?.textContent).toBe('this');
  });
});
