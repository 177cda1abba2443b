// @vitest-environment jsdom
// The library imports a scenario pack: the example pack picked through the (memory) platform
// shows what loaded in a dialog, its two scenarios appear under Imported as cards, one opens to
// its briefing, Remove takes one away, importing again replaces rather than duplicates, a broken
// pack says which file and line failed, and an unreadable library document is listed and kept.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../app/App.tsx';
import { disposeHarnesses, trackedHarness } from '../app/testing.tsx';
import { libraryKey } from '../state/packs.ts';
import { EXAMPLE_FILES, exampleZip } from '../worker/packKit.ts';

afterEach(disposeHarnesses);

const SLOW = { timeout: 20_000 };
const BAD_DEPLOY = 'Orders API fails after the morning deploy';
const POOL = 'Orders API starves for database connections';

async function importVia(user: ReturnType<typeof userEvent.setup>, choice: 'Choose folder…' | 'Choose .zip…') {
  await user.click(screen.getByRole('button', { name: 'Import pack…' }));
  const dialog = screen.getByRole('dialog', { name: 'Import a scenario pack' });
  await user.click(within(dialog).getByRole('button', { name: choice }));
  return dialog;
}

describe('Library: scenario packs', () => {
  it('imports the example pack, opens an imported scenario, removes one, and re-imports without duplicates', async () => {
    const h = trackedHarness();
    const user = userEvent.setup();
    h.mount(<App />);
    await screen.findByRole('button', { name: /^Open Checkout errors after the Tuesday morning deploy$/ }, SLOW);
    expect(screen.queryByRole('region', { name: 'Imported scenarios' })).toBeNull();

    h.platform.queuePack({ name: 'example', files: EXAMPLE_FILES });
    const dialog = await importVia(user, 'Choose folder…');
    expect(h.platform.packAsks).toEqual(['folder']);
    await within(dialog).findByText('Imported 2 of 2 scenarios from example.', {}, SLOW);
    const loaded = within(dialog).getByRole('region', { name: 'Loaded' });
    expect(loaded.textContent).toMatch(new RegExp(`beginner${BAD_DEPLOY}orders-bad-deploy\\.yaml`));
    expect(loaded.textContent).toMatch(new RegExp(`intermediate${POOL}orders-pool-config\\.yaml`));
    expect(within(dialog).getByRole('region', { name: 'Shared files' }).textContent).toMatch(/shared\/runbooks\.yaml.*used by 2 scenarios.*shared\/topology\.yaml.*used by 2 scenarios/);
    expect(within(dialog).queryByRole('region', { name: 'Not loaded' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Import pack…' })));

    // Two cards, as the built-ins look: difficulty, title, where it came from, Open and Remove.
    const section = screen.getByRole('region', { name: 'Imported scenarios' });
    await within(section).findByRole('button', { name: `Open ${BAD_DEPLOY}` }, SLOW);
    await within(section).findByRole('button', { name: `Open ${POOL}` }, SLOW);
    expect(within(section).getAllByRole('listitem').filter((li) => li.classList.contains('card'))).toHaveLength(2);
    expect(section.textContent).toMatch(/2 from 1 pack/);
    expect(section.textContent).toContain('example/orders-bad-deploy.yaml');
    expect([...h.platform.raw.keys()].filter((k) => k.startsWith('library/')).sort()).toEqual([`library/${libraryKey('example', 'orders-bad-deploy.yaml')}`, `library/${libraryKey('example', 'orders-pool-config.yaml')}`].sort());

    // Filtering reaches imported cards too.
    await user.type(screen.getByRole('searchbox', { name: 'Filter scenarios' }), 'starves');
    expect(within(section).queryByRole('button', { name: `Open ${BAD_DEPLOY}` })).toBeNull();
    expect(within(section).getByRole('button', { name: `Open ${POOL}` })).toBeTruthy();
    await user.clear(screen.getByRole('searchbox', { name: 'Filter scenarios' }));

    // Remove one: its card goes, the other stays.
    await user.click(within(section).getByRole('button', { name: `Remove ${POOL} from the library` }));
    await waitFor(() => expect(within(section).queryByRole('button', { name: `Open ${POOL}` })).toBeNull());
    expect(section.textContent).toMatch(/1 from 1 pack/);

    // Importing the pack again (as a .zip this time) replaces its scenarios: two cards, not three.
    h.platform.queuePack({ name: 'example.zip', zip: exampleZip() });
    const again = await importVia(user, 'Choose .zip…');
    await within(again).findByText(/^Imported 2 of 2 scenarios from example\. They replace the 1 scenario imported from example before\.$/, {}, SLOW);
    await user.click(within(again).getByRole('button', { name: 'Close' }));
    await within(section).findByRole('button', { name: `Open ${POOL}` }, SLOW);
    expect(within(section).getAllByRole('button', { name: /^Open / })).toHaveLength(2);

    // Open one: the briefing of the resolved scenario (its shared topology included).
    await user.click(within(section).getByRole('button', { name: `Open ${BAD_DEPLOY}` }));
    await screen.findByRole('button', { name: 'Start the shift' }, SLOW);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(BAD_DEPLOY);
    expect(h.store.getState().source).toMatchObject({ kind: 'file', file: 'example/orders-bad-deploy.yaml' });
    expect(h.store.getState().scenario?.services.map((s) => s.id)).toContain('api');
  }, 60_000);

  it('shows what did not load with file:line:col, keeps earlier imports when nothing loads, and reports a bad .zip', async () => {
    const h = trackedHarness();
    const user = userEvent.setup();
    h.mount(<App />);
    h.platform.queuePack({ name: 'example', files: EXAMPLE_FILES });
    let dialog = await importVia(user, 'Choose folder…');
    await within(dialog).findByText('Imported 2 of 2 scenarios from example.', {}, SLOW);
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));

    // Every scenario now extends a file outside the pack: nothing loads, the earlier two stay.
    const escaping = EXAMPLE_FILES.map((f) => ({ ...f, text: f.text.replace('extends: shared/topology.yaml', 'extends: ../../etc/topology.yaml') }));
    h.platform.queuePack({ name: 'example', files: escaping });
    dialog = await importVia(user, 'Choose folder…');
    await within(dialog).findByText(/^None of the 2 scenarios of example loaded; nothing was imported\. The 2 scenarios imported from example before are kept\.$/, {}, SLOW);
    const failed = within(dialog).getByRole('region', { name: 'Not loaded' });
    expect(failed.textContent).toContain('orders-bad-deploy.yaml:6:10');
    expect(failed.textContent).toContain('"../../etc/topology.yaml" leads outside the pack');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    const section = screen.getByRole('region', { name: 'Imported scenarios' });
    await within(section).findByRole('button', { name: `Open ${POOL}` }, SLOW);

    // Not a zip: the message, and the choices stay to try again.
    h.platform.queuePack({ name: 'notes.zip', zip: new TextEncoder().encode('just some text, long enough to look for a zip directory') });
    dialog = await importVia(user, 'Choose .zip…');
    expect((await within(dialog).findByRole('alert', {}, SLOW)).textContent).toMatch(/^notes\.zip: not a \.zip file/);
    expect(within(dialog).getByRole('button', { name: 'Choose .zip…' })).toBeTruthy();
    // Cancelling the picker changes nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Choose folder…' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/notes\.zip/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  }, 60_000);

  it('lists an unreadable library document with why, keeps it, and deletes it only when asked', async () => {
    const h = trackedHarness();
    const user = userEvent.setup();
    h.platform.raw.set('library/torn', '{"format": "firedrill-library/v1", ');
    h.mount(<App />);
    const table = await screen.findByRole('table', { name: 'Unreadable imported scenarios' }, SLOW);
    expect(table.textContent).toMatch(/unreadable torn: not valid JSON.*Kept as it is; nothing overwrites it\./);
    expect(h.platform.raw.has('library/torn')).toBe(true);
    await user.click(within(table).getByRole('button', { name: 'Delete unreadable imported scenario torn' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Imported scenarios' })).toBeNull());
    expect(h.platform.raw.has('library/torn')).toBe(false);
  });
});
