// @vitest-environment jsdom
// Progress: finished sessions listed with their points per area, an unreadable one listed with
// why (and kept), personal bests, what to practise next from the weakest area, and a finished
// session's debrief replayed with its postmortem as it was left.

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Postmortem } from '../../../engine/src/index.ts';
import { App } from '../app/App.tsx';
import { BUILTINS } from '../app/builtins.ts';
import { disposeHarnesses, trackedHarness, type Harness } from '../app/testing.tsx';
import type { FinishedDoc } from '../state/records.ts';

afterEach(disposeHarnesses);

const SLOW = { timeout: 20_000 };

async function finishedDocs(h: Harness): Promise<FinishedDoc[]> {
  await h.startBuiltin('checkout-bad-deploy', 600);
  await h.ctl.act({ type: 'rollback', target: 'checkout' });
  const session = await h.ctl.exportSession();
  if (!session) throw new Error('no session');
  h.ctl.leave();
  const source = BUILTINS.find((b) => b.id === 'checkout-bad-deploy');
  if (!source) throw new Error('no built-in');
  const draft = await h.services.sim.call('debrief/draft', {});
  const postmortem: Postmortem = { ...draft, title: 'Checkout 500s after v1.42.0' };
  const base = { format: 'firedrill-finished/v1' as const, scenarioId: 'checkout-bad-deploy', title: 'Checkout errors after the Tuesday morning deploy', source, session };
  return [
    { ...base, key: 'run-a', finishedAt: Date.UTC(2026, 2, 1, 9), score: { total: 55, grade: 'F', areas: { impact: 25, response: 15, diagnosis: 12, actions: 3, communication: 0, hints: 0 }, max: { impact: 30, response: 20, diagnosis: 20, actions: 15, communication: 15, hints: 0 } } },
    { ...base, key: 'run-b', finishedAt: Date.UTC(2026, 2, 2, 9), score: { total: 72, grade: 'C', areas: { impact: 28, response: 18, diagnosis: 14, actions: 9, communication: 3, hints: 0 } }, postmortem, postmortemScore: { total: 31, grade: 'F' } },
  ];
}

describe('Progress', () => {
  it('lists finished sessions, keeps unreadable ones, suggests the weakest area and replays a debrief', async () => {
    const h = trackedHarness();
    for (const doc of await finishedDocs(h)) await h.platform.put('finished', doc.key, doc);
    h.platform.raw.set('finished/broken', '{"format": "firedrill-finished/v1", ');
    const user = userEvent.setup();
    h.mount(<App />);
    await user.click(await screen.findByRole('button', { name: 'Progress' }));

    const sessions = await screen.findByRole('region', { name: 'Finished sessions' }, SLOW);
    const rows = within(sessions).getAllByRole('row');
    expect(rows).toHaveLength(4); // head, two sessions, the unreadable one
    expect(rows[1]?.textContent).toMatch(/2026-03-02 09:00.*72 C.*28\/30.*18\/20.*14\/20.*9\/15.*3\/15.*31 F/);
    expect(rows[2]?.textContent).toMatch(/55 F.*not written/);
    expect(sessions.textContent).toMatch(/unreadable broken: not valid JSON/);
    expect(h.platform.raw.has('finished/broken')).toBe(true);

    const bests = screen.getByRole('region', { name: 'Personal bests' });
    expect(bests.textContent).toMatch(/Checkout errors after the Tuesday morning deploy72 C2×/);

    // Communication: 0/15 and 3/15 is the weakest on average; the scenario that exercises it.
    const next = screen.getByRole('region', { name: 'Practise next' });
    expect(next.textContent).toContain('Your weakest area: Communication (10% of its points on average over 2 sessions)');
    const open = await within(next).findByRole('button', { name: 'Open Season 4 launch night: everything is on fire (or is it?)' }, SLOW);
    expect(next.textContent).toMatch(/tagged no-incident, judgement, communication/);
    expect(open).toBeTruthy();

    // Replay the debrief of the later session: its postmortem comes back as it was left.
    await user.click(screen.getByRole('button', { name: /^Replay debrief of .*2026-03-02/ }));
    await waitFor(() => expect(h.store.getState().screen).toBe('debrief'), SLOW);
    await screen.findByRole('region', { name: 'Every point, with its reason' }, SLOW);
    await user.click(screen.getByRole('tab', { name: /Postmortem/ }));
    expect(((await screen.findByRole('textbox', { name: 'Title' })) as HTMLInputElement).value).toBe('Checkout 500s after v1.42.0');
    // Re-finished under the same key, with the real score of the run played to its end.
    await waitFor(async () => {
      const got = await h.platform.get('finished', 'run-b');
      expect(got?.ok && (got.value as FinishedDoc).session.durationSec).toBe(2700);
    }, SLOW);
    expect((await h.platform.list('finished')).map((i) => i.key).sort()).toEqual(['broken', 'run-a', 'run-b']);
  }, 60_000);

  it('says there is nothing yet when no session was finished', async () => {
    const h = trackedHarness();
    h.store.setState({ screen: 'progress' });
    h.mount(<App />);
    expect(await screen.findByRole('heading', { name: 'No finished session yet' })).toBeTruthy();
  });
});
