// @vitest-environment jsdom
// The controller against the real worker host: start, pushes into the store, actions, autosave
// and an exact resume (same state hash), and saved documents that are not ours kept untouched.

import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../app/testing.tsx';
import { readAutosave } from './records.ts';

let h: Harness | null = null;
afterEach(() => {
  h?.dispose();
  h = null;
});

describe('controller', () => {
  it('starts a run, fills the store from pushes and autosaves', async () => {
    h = createHarness();
    await h.startBuiltin('checkout-bad-deploy');
    const s0 = h.store.getState();
    expect(s0.screen).toBe('warroom');
    expect(s0.clock).toMatchObject({ nowSec: 0, durationSec: 2700 });
    expect(h.platform.raw.size).toBe(1); // saved on start

    await h.ctl.setSpeed(30);
    await h.advanceWall(2000); // 60 simulated seconds
    const s1 = h.store.getState();
    expect(s1.clock.nowSec).toBe(60);
    expect(s1.frame?.overview.services.length).toBeGreaterThan(5);
    expect(s1.scrape).toBeGreaterThan(3);

    await h.ctl.setSpeed(0);
    const record = await h.ctl.act({ type: 'note', params: { text: 'looking at checkout' } });
    expect(record).toMatchObject({ type: 'note', atSec: 60, result: 'applied' });
    await h.ctl.save();
    const key = s1.runKey as string;
    const got = await h.platform.get('autosave', key);
    const doc = got?.ok ? readAutosave(got.value) : null;
    expect(doc?.ok && doc.doc.session.actions.map((a) => a.type)).toEqual(['note']);
    expect(h.store.getState().saved?.hash).toMatch(/^[0-9a-f]+$/);
  });

  it('resumes an autosave exactly where it was (same state hash) and keeps saving under its key', async () => {
    h = createHarness();
    await h.startBuiltin('checkout-bad-deploy', 600);
    await h.ctl.act({ type: 'declareIncident', params: { severity: 'SEV2' } });
    h.ctl.pin({ ref: { kind: 'change', change: 'x' }, label: 'a change', atSec: 600 });
    await h.ctl.save();
    const before = h.store.getState();
    const key = before.runKey as string;
    const hash = before.saved?.hash;
    const got = await h.platform.get('autosave', key);
    const read = got?.ok ? readAutosave(got.value) : null;
    if (!read?.ok) throw new Error('autosave unreadable');

    // A new app instance on the same machine (same platform storage).
    const raw = new Map(h.platform.raw);
    h.dispose();
    h = createHarness();
    for (const [k, v] of raw) h.platform.raw.set(k, v);
    expect(await h.ctl.resume(read.doc)).toBe(true);
    const after = h.store.getState();
    expect(after.screen).toBe('warroom');
    expect(after.runKey).toBe(key);
    expect(after.pinned.map((p) => p.label)).toEqual(['a change']);
    expect(after.actions.map((a) => a.type)).toEqual(['declareIncident']);
    const { stateHash } = await h.services.sim.call('sim/hash');
    expect(stateHash).toBe(hash);
    await h.ctl.save();
    expect([...h.platform.raw.keys()].filter((k) => k.startsWith('autosave/'))).toEqual([`autosave/${key}`]);
  });

  it('refuses a tampered session with a message and keeps the autosave', async () => {
    h = createHarness();
    await h.startBuiltin('checkout-bad-deploy', 300);
    await h.ctl.act({ type: 'note', params: { text: 'x' } });
    await h.ctl.save();
    const key = h.store.getState().runKey as string;
    const got = await h.platform.get('autosave', key);
    const read = got?.ok ? readAutosave(got.value) : null;
    if (!read?.ok) throw new Error('autosave unreadable');
    const tampered = { ...read.doc, session: { ...read.doc.session, stateHash: '0'.repeat(16) } };
    expect(await h.ctl.resume(tampered)).toBe(false);
    expect(h.store.getState().screen).toBe('library');
    expect(h.store.getState().toasts.at(-1)?.text).toMatch(/Cannot resume: .*autosave is kept/);
    expect(h.platform.raw.has(`autosave/${key}`)).toBe(true);
  });

  it('reports documents that are not autosaves, without touching them', () => {
    expect(readAutosave('x')).toEqual({ ok: false, message: 'not a JSON object' });
    expect(readAutosave({ format: 'other' })).toMatchObject({ ok: false, message: expect.stringMatching(/unknown format "other"/) });
    expect(readAutosave({ format: 'firedrill-autosave/v1', source: {} })).toMatchObject({ ok: false, message: expect.stringMatching(/source/) });
  });
});
