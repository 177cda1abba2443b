// The app's verbs: everything that talks to the worker or the platform and then updates the
// store. Screens call these; they never call the worker for state changes themselves (queries
// for charts and explorers go through `services.sim` directly, see widgets/useSimQuery.ts).

import type { ActionRecord, Session } from '../../../engine/src/index.ts';
import type { AutosaveDoc } from './records.ts';
import type { ActArgs, HintResult, Speed, TickPush } from '../worker/protocol.ts';
import { initialState, type AppStore, type AlertState, type PinnedEvidence, type ScenarioSource, type Services } from './store.ts';

export type { AutosaveDoc } from './records.ts';

export const AUTOSAVE_EVERY_MS = 10_000;

export interface Controller {
  loadScenario(source: ScenarioSource): Promise<boolean>;
  /** Asks for a scenario file (dialog or file input) and loads it; errors land in loadIssues. */
  openScenarioFile(): Promise<void>;
  /** Starts a fresh run of the loaded scenario and opens the war room. */
  start(seed?: number): Promise<void>;
  /** Resumes an autosaved or exported session; false (with a toast) when it cannot. */
  resume(doc: AutosaveDoc): Promise<boolean>;
  setSpeed(speed: Speed): Promise<void>;
  /** Jumps the clock to the next visible event (alert, change, inject...) within the hour. */
  skipToNextEvent(): Promise<string>;
  act(args: ActArgs): Promise<ActionRecord | null>;
  acknowledge(alert: AlertState): Promise<void>;
  requestHint(): Promise<HintResult | null>;
  pin(evidence: PinnedEvidence): void;
  unpin(index: number): void;
  markRead(injectId: string): void;
  /** Writes the autosave now (also runs every 10 s and after every action). */
  save(): Promise<void>;
  exportSession(): Promise<Session | null>;
  toast(text: string, tone?: 'info' | 'error'): void;
  /** Back to the library; the run stays in autosave. */
  leave(): void;
  dispose(): void;
}

export function createController(store: AppStore, services: Services): Controller {
  const { sim, platform } = services;
  let toastId = 0;
  let saveTimer: ReturnType<typeof setInterval> | null = null;
  let saving: Promise<void> | null = null;

  const set = store.setState;
  const get = store.getState;

  const toast = (text: string, tone: 'info' | 'error' = 'info'): void => {
    const id = ++toastId;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, tone, text }] }));
    setTimeout(() => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), tone === 'error' ? 12_000 : 4_000);
  };

  const onTick = (p: TickPush): void => {
    set((s) => {
      const alerts = s.alerts.slice();
      for (const ep of p.alertsFired) alerts.push({ ...ep, index: alerts.length, acknowledgedAtSec: null });
      for (const ep of p.alertsResolved) {
        const i = alerts.findIndex((a) => a.id === ep.id && a.firedAtSec === ep.firedAtSec);
        const prev = alerts[i];
        if (prev) alerts[i] = { ...prev, resolvedAtSec: ep.resolvedAtSec };
      }
      return {
        clock: p.clock,
        frame: p.frame ?? s.frame,
        scrape: p.frame ? s.scrape + 1 : s.scrape,
        alerts,
        inbox: p.injects.length ? [...s.inbox, ...p.injects.map((i) => ({ ...i, read: false }))] : s.inbox,
        events: p.events.length ? [...s.events, ...p.events] : s.events,
        actions: p.actions.length ? [...s.actions, ...p.actions] : s.actions,
      };
    });
    if (p.clock.ended && get().clock.speed !== 0) void sim.call('clock/set', { speed: 0 });
  };
  const unsubs = [
    sim.subscribe('tick', onTick),
    sim.subscribe('simError', ({ message }) => {
      set({ simError: message });
      toast(message, 'error');
    }),
  ];

  async function writeAutosave(): Promise<void> {
    const s = get();
    if (!s.runKey || !s.source || !s.scenario || s.screen !== 'warroom') return;
    const session = await sim.call('session/export', { scenario: s.scenario.id });
    const doc: AutosaveDoc = {
      format: 'firedrill-autosave/v1',
      key: s.runKey,
      source: s.source,
      title: s.scenario.title,
      session,
      pinned: s.pinned,
      hints: s.hints,
      readInjects: s.inbox.filter((i) => i.read).map((i) => i.id),
      savedAt: services.now(),
    };
    await platform.put('autosave', s.runKey, doc);
    set({ lastSavedAt: doc.savedAt, saved: { hash: session.stateHash, atSec: session.durationSec ?? 0 } });
  }

  const save = async (): Promise<void> => {
    // One write at a time; a save asked for during a write runs right after it.
    while (saving) await saving;
    saving = writeAutosave()
      .catch((err: unknown) => toast(`Autosave failed: ${err instanceof Error ? err.message : String(err)}`, 'error'))
      .finally(() => {
        saving = null;
      });
    await saving;
  };

  const startAutosave = (): void => {
    if (saveTimer) clearInterval(saveTimer);
    saveTimer = setInterval(() => {
      void save();
    }, AUTOSAVE_EVERY_MS);
  };

  const enterRun = (seed: number, actions: ActionRecord[], runKey: string, clock: TickPush['clock']): void => {
    const s = get();
    const firstEnv = s.scenario?.environments[0]?.id ?? 'prod';
    set({
      screen: 'warroom',
      seed,
      runKey,
      clock,
      frame: null,
      scrape: 0,
      alerts: [],
      inbox: [],
      events: [],
      actions,
      pane: 'overview',
      focus: { service: null, env: s.scenario?.environments.some((e) => e.id === 'prod') ? 'prod' : firstEnv },
      range: { fromSec: 0, toSec: null },
      crosshairSec: null,
      openTraceId: null,
      simError: null,
    });
    startAutosave();
  };

  /** Rebuilds the feeds (alerts, inbox, timeline) from the worker after a start or resume. */
  async function refreshFeeds(readInjects: ReadonlySet<string>): Promise<void> {
    const [alerts, injects, timeline, overview, slos] = await Promise.all([
      sim.call('query/alerts'),
      sim.call('query/injects'),
      sim.call('query/timeline'),
      sim.call('query/overview'),
      sim.call('query/slos'),
    ]);
    set((s) => ({
      alerts: alerts.episodes.map((ep, index) => ({ ...ep, index })),
      inbox: injects.map((i) => ({ ...i, read: readInjects.has(i.id) })),
      events: timeline.events,
      actions: timeline.actions,
      frame: overview.atSec === null ? null : { overview, slos },
      scrape: s.scrape + 1,
    }));
  }

  const runKeyFor = (scenarioId: string): string => `${scenarioId}-${Math.floor(services.now())}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);

  return {
    async loadScenario(source) {
      const loaded = await sim.call('scenario/load', { text: source.text, file: source.file });
      if (!loaded.ok) {
        set({ source, scenario: null, loadIssues: loaded.issues, screen: 'library' });
        return false;
      }
      set({ source, scenario: loaded.scenario, loadIssues: null, seed: loaded.scenario.seed, screen: 'briefing' });
      return true;
    },

    async openScenarioFile() {
      const file = await platform.openFile('scenario');
      if (!file) return;
      if (get().screen === 'warroom') this.leave();
      await this.loadScenario({ kind: 'file', file: file.name, text: file.text });
    },

    async start(seed) {
      const s = get();
      if (!s.scenario) throw new Error('no scenario loaded');
      const started = await sim.call('sim/start', seed === undefined ? {} : { seed });
      if (!started.ok) throw new Error(started.message);
      set({ pinned: [], hints: [] });
      enterRun(started.seed, started.actions, runKeyFor(s.scenario.id), started.clock);
      await refreshFeeds(new Set());
      await save();
    },

    async resume(doc) {
      const ok = await this.loadScenario(doc.source);
      if (!ok) {
        toast(`The saved run's scenario (${doc.source.file}) no longer loads; the autosave is kept.`, 'error');
        return false;
      }
      const started = await sim.call('sim/start', { resume: doc.session });
      if (!started.ok) {
        set({ screen: 'library' });
        const where = started.divergence ? ` (first difference between ${started.divergence.sinceSec} s and ${started.divergence.atSec} s)` : '';
        toast(`Cannot resume: ${started.message}${where}. The autosave is kept.`, 'error');
        return false;
      }
      set({ pinned: doc.pinned, hints: Array.isArray(doc.hints) ? doc.hints : [] });
      enterRun(started.seed, started.actions, doc.key, started.clock);
      await refreshFeeds(new Set(doc.readInjects));
      return true;
    },

    async setSpeed(speed) {
      const clock = await sim.call('clock/set', { speed });
      set({ clock });
    },

    async skipToNextEvent() {
      const next = await sim.call('clock/nextEvent', {});
      if (next.atSec === null) {
        const clock = await sim.call('clock/advance', { toSec: next.searchedToSec });
        set({ clock });
        return `Nothing new happens before ${next.searchedToSec} s; skipped there.`;
      }
      const clock = await sim.call('clock/advance', { toSec: next.atSec });
      set({ clock });
      return next.events.map((e) => e.text).join('; ');
    },

    async act(args) {
      try {
        const record = await sim.call('sim/act', args);
        if (record.result === 'rejected') toast(`${args.type} was rejected: ${record.message ?? 'not applicable'}`, 'error');
        void save();
        return record;
      } catch (err) {
        toast(err instanceof Error ? err.message : String(err), 'error');
        return null;
      }
    },

    async acknowledge(alert) {
      const record = await this.act({ type: 'acknowledge', target: alert.id });
      if (record && record.result === 'applied') {
        set((s) => ({ alerts: s.alerts.map((a) => (a.index === alert.index ? { ...a, acknowledgedAtSec: record.atSec } : a)) }));
      }
    },

    async requestHint() {
      try {
        const r = await sim.call('hint/request');
        const { hint, action } = r;
        if (hint && action) set((s) => ({ hints: [...s.hints, { index: hint.index, level: hint.level, text: hint.text, atSec: action.atSec }] }));
        void save();
        return r;
      } catch (err) {
        toast(err instanceof Error ? err.message : String(err), 'error');
        return null;
      }
    },

    pin(evidence) {
      set((s) => (s.pinned.some((p) => JSON.stringify(p.ref) === JSON.stringify(evidence.ref)) ? s : { pinned: [...s.pinned, evidence] }));
    },
    unpin(index) {
      set((s) => ({ pinned: s.pinned.filter((_, i) => i !== index) }));
    },
    markRead(injectId) {
      set((s) => ({ inbox: s.inbox.map((i) => (i.id === injectId ? { ...i, read: true } : i)) }));
    },

    save,

    async exportSession() {
      const s = get();
      if (!s.scenario || !s.runKey) return null;
      return sim.call('session/export', { scenario: s.scenario.id });
    },

    toast,

    leave() {
      if (saveTimer) clearInterval(saveTimer);
      saveTimer = null;
      const { toasts } = get();
      void sim.call('clock/set', { speed: 0 }).catch(() => undefined);
      set({ ...initialState(), toasts });
    },

    dispose() {
      if (saveTimer) clearInterval(saveTimer);
      for (const u of unsubs) u();
    },
  };
}
