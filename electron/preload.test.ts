// The preload against a stand-in electron module: it exposes exactly one object, whose
// functions map one to one onto the IPC channels and hand the page nothing but plain data.

import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { DesktopApi } from '../renderer/src/bridge/desktop-api.ts';

const fake = vi.hoisted(() => {
  const state = {
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    listeners: new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>(),
  };
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => {
        state.invoked.push(args);
        return 'answer';
      },
      on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
        if (!state.listeners.has(channel)) state.listeners.set(channel, new Set());
        state.listeners.get(channel)?.add(fn);
      },
      removeListener: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => state.listeners.get(channel)?.delete(fn),
    },
  };
  return { state, electron };
});
vi.mock('electron', () => fake.electron);

const { state } = fake;
let api: DesktopApi;
beforeAll(async () => {
  await import('./preload.ts');
  api = state.exposed.get('firedrillDesktop') as DesktopApi;
});

describe('preload', () => {
  it('exposes window.firedrillDesktop and nothing else', () => {
    expect([...state.exposed.keys()]).toEqual(['firedrillDesktop']);
    expect(Object.keys(api).sort()).toEqual(['get', 'kind', 'list', 'onMenuCommand', 'openFile', 'openPack', 'put', 'quarantine', 'remove', 'saveFile']);
    expect(api.kind).toBe('electron');
  });

  it('sends each method on its own channel with its arguments as given', async () => {
    const req = { kind: 'report' as const, suggestedName: 'a.md', text: 'x', mime: 'text/markdown' };
    await api.openFile('scenario');
    await api.openPack('zip');
    await api.saveFile(req);
    await api.put('prefs', 'k', { v: 1 });
    await api.get('prefs', 'k');
    await api.list('prefs');
    await api.remove('prefs', 'k');
    await api.quarantine('prefs', 'k');
    expect(state.invoked).toEqual([
      ['firedrill:openFile', 'scenario'],
      ['firedrill:openPack', 'zip'],
      ['firedrill:saveFile', req],
      ['firedrill:put', 'prefs', 'k', { v: 1 }],
      ['firedrill:get', 'prefs', 'k'],
      ['firedrill:list', 'prefs'],
      ['firedrill:remove', 'prefs', 'k'],
      ['firedrill:quarantine', 'prefs', 'k'],
    ]);
  });

  it('passes known menu commands only, without the IPC event, and stops on unsubscribe', () => {
    const got: unknown[][] = [];
    const stop = api.onMenuCommand?.((...args) => got.push(args));
    const emit = (...args: unknown[]) => state.listeners.get('firedrill:menu')?.forEach((fn) => fn({ sender: 'ipcRenderer' }, ...args));
    emit('open-scenario');
    emit('format-disk');
    expect(got).toEqual([['open-scenario']]);
    stop?.();
    emit('open-scenario');
    expect(got).toHaveLength(1);
  });
});
