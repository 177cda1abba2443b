// @vitest-environment jsdom
// The scenario editor against the real worker: a broken field shows its error inline (the
// squiggle in the editor and the problems list, with `firedrill validate`'s message) and the
// preview says it is of the last valid version; the fix clears both. Drafts are kept and offered
// again; Play-test opens the war room and leaving it comes back to the editor with the text.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { forEachDiagnostic } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../app/App.tsx';
import { BUILTINS } from '../app/builtins.ts';
import { trackedHarness, type Harness } from '../app/testing.tsx';
import { readDraft } from '../widgets/editor/drafts.ts';
import { Author } from './Author.tsx';

const SLOW = { timeout: 15_000 };
const harnesses: Harness[] = [];

beforeAll(() => {
  // jsdom has no layout: CodeMirror measures text through ranges.
  const rect = { x: 0, y: 0, top: 0, left: 0, bottom: 0, right: 0, width: 0, height: 0, toJSON: () => ({}) } as DOMRect;
  const list = Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = () => list;
  Range.prototype.getBoundingClientRect = () => rect;
});

afterEach(() => {
  cleanup();
  for (const h of harnesses.splice(0)) h.dispose();
});

const checkout = BUILTINS.find((b) => b.id === 'checkout-bad-deploy');
if (!checkout) throw new Error('no checkout-bad-deploy');

function open(text = checkout?.text ?? ''): Harness {
  const h = trackedHarness();
  h.store.setState({ screen: 'author', author: { draftKey: 'draft-test', file: 'checkout-bad-deploy.yaml', text, savedText: null, playTesting: false } });
  return h;
}

function view(): EditorView {
  const content = document.querySelector('.cm-content');
  const v = content ? EditorView.findFromDOM(content as HTMLElement) : null;
  if (!v) throw new Error('no editor');
  return v;
}

function replace(find: string, by: string): void {
  const v = view();
  const at = v.state.doc.toString().indexOf(find);
  if (at < 0) throw new Error(`no ${find} in the editor`);
  v.dispatch({ changes: { from: at, to: at + find.length, insert: by } });
}

describe('the scenario editor', () => {
  it('shows an inline error for a broken field and clears it after the fix', async () => {
    const h = open();
    h.mount(<Author />);
    // The text loads: no errors, and the preview of it appears.
    await screen.findByText('✓ No errors', undefined, SLOW);
    await screen.findByRole('region', { name: 'SLOs' }, SLOW);
    expect(screen.getByText(/simulated in \d+ ms/)).toBeTruthy();

    // A broken field in the lines on screen: a squiggle under the value, the message in the problems.
    replace('  durationMinutes: 45', '  durationMinutes: soon');
    await waitFor(() => expect(document.querySelector('.cm-lintRange-error')?.textContent).toBe('soon'), SLOW);
    const problems = screen.getByRole('region', { name: 'Problems' });
    expect(within(problems).getByText('1 error')).toBeTruthy();
    expect(within(problems).getByText('metadata.durationMinutes')).toBeTruthy();
    expect(within(problems).getByText('expected a number, got a string "soon"')).toBeTruthy();
    // The preview stays, marked as the last valid version.
    expect(screen.getByText(/Preview of the last valid version: the text now has 1 error/)).toBeTruthy();
    replace('  durationMinutes: soon', '  durationMinutes: 45');
    await within(problems).findByText('✓ No errors', undefined, SLOW);
    await waitFor(() => expect(document.querySelector('.cm-lintRange-error')).toBeNull(), SLOW);
    await waitFor(() => expect(screen.queryByText(/Preview of the last valid version/)).toBeNull(), SLOW);

    // Anywhere in the file: the diagnostic covers the value, and the problem takes the cursor there.
    const marked = (): string[] => {
      const out: string[] = [];
      forEachDiagnostic(view().state, (d, from, to) => out.push(`${d.severity} ${view().state.sliceDoc(from, to)}: ${d.message}`));
      return out;
    };
    replace('    replicas: 4\n', '    replicas: four\n');
    await waitFor(() => expect(marked()).toEqual(['error four: services[1].replicas: expected a number, got a string "four"']), SLOW);
    await userEvent.click(within(problems).getByRole('button', { name: /expected a number, got a string "four"/ }));
    const sel = view().state.selection.main;
    expect(view().state.sliceDoc(sel.from, sel.to)).toBe('four');
    replace('    replicas: four\n', '    replicas: 4\n');
    await within(problems).findByText('✓ No errors', undefined, SLOW);
    await waitFor(() => expect(marked()).toEqual([]), SLOW);
  }, 60_000);

  it('keeps a draft of every edit and offers it again when the editor opens', async () => {
    const h = open();
    h.mount(<Author />);
    await screen.findByText('✓ No errors', undefined, SLOW);
    replace('  durationMinutes: 45', '  durationMinutes: 50');
    await waitFor(
      async () => {
        const got = await h.platform.get('drafts', 'draft-test');
        const read = got?.ok ? readDraft(got.value) : null;
        expect(read?.ok && read.doc.text.includes('durationMinutes: 50') && read.doc.dirty).toBe(true);
      },
      SLOW,
    );
    cleanup();
    // A new session of the app: no document, the draft is offered.
    h.store.setState({ author: null });
    h.mount(<Author />);
    const drafts = await screen.findByRole('region', { name: 'Drafts' });
    const restore = await within(drafts).findByRole('button', { name: 'Restore draft Checkout errors after the Tuesday morning deploy' });
    expect(within(drafts).getByText('unsaved changes')).toBeTruthy();
    await userEvent.click(restore);
    await screen.findByText('✓ No errors', undefined, SLOW);
    expect(view().state.doc.toString()).toContain('durationMinutes: 50');
    expect(screen.getByText('unsaved')).toBeTruthy();
  }, 60_000);

  it('asks before leaving with unsaved changes', async () => {
    const h = open();
    h.mount(<App />);
    await screen.findByText('✓ No errors', undefined, SLOW);
    replace('  durationMinutes: 45', '  durationMinutes: 40');
    await userEvent.click(screen.getByRole('button', { name: 'Back to the library' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave with unsaved changes?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep editing' }));
    expect(h.store.getState().screen).toBe('author');
    await userEvent.click(screen.getByRole('button', { name: 'Back to the library' }));
    await userEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Leave' }));
    expect(h.store.getState().screen).toBe('library');
    expect(h.store.getState().author?.text).toContain('durationMinutes: 40');
  }, 60_000);

  it('play-tests the text in the war room and comes back to it', async () => {
    const h = open(checkout.text.replace('  durationMinutes: 45', '  durationMinutes: 30'));
    h.mount(<App />);
    await screen.findByText('✓ No errors', undefined, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Play-test' }));
    await waitFor(() => expect(h.store.getState().screen).toBe('warroom'), SLOW);
    expect(h.store.getState().source).toMatchObject({ kind: 'file', file: 'checkout-bad-deploy.yaml' });
    expect(h.store.getState().clock.durationSec).toBe(1800);
    h.ctl.leave();
    await waitFor(() => expect(h.store.getState().screen).toBe('author'));
    await screen.findByText('✓ No errors', undefined, SLOW);
    expect(view().state.doc.toString()).toContain('durationMinutes: 30');
  }, 60_000);

  it('formats and saves through the platform', async () => {
    const h = open('apiVersion: firedrill/v1\nmetadata:\n    id: tiny   # comment\n');
    h.mount(<Author />);
    await screen.findByText(/errors?$/, undefined, SLOW);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(h.platform.saved.length).toBe(1));
    expect(h.platform.saved[0]).toMatchObject({ kind: 'scenario', suggestedName: 'tiny.yaml', text: 'apiVersion: firedrill/v1\nmetadata:\n  id: tiny # comment\n' });
    expect(screen.getByText('saved')).toBeTruthy();
  }, 60_000);
});
