// The app's verbs: everything that talks to the worker or the platform and then updates the
// store. Screens call these; they never call the worker for state changes themselves (queries
// for charts and explorers go through `services.sim` directly, see widgets/useSimQuery.ts).

import type { ActionRecord, Postmortem, ScoreReport, Session } from '../../../engine/src/index.ts';
import type { AutosaveDoc, FinishedDoc } from './records.ts';
import type { ActArgs, HintResult, Speed, TickPush } from '../worker/protocol.ts';
import { initialState, type AppState, type AppStore, type AlertState, type PinnedEvidence, type ScenarioSource, type Services } from './store.ts';

export type { AutosaveDoc, FinishedDoc } from './records.ts';

export const AUTOSAVE_EVERY_MS = 10_000;
/** A postmortem edit is saved this long after the last keystroke. */
export const POSTMORTEM_SAVE_MS = 1_500;

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
  /** Pauses and plays the run on to the scenario's end with no more actions (what the debrief judges). */
  endRun(): Promise<void>;
  /** The postmortem being written: kept in the store, saved 1.5 s after the last change. */
  setPostmortem(doc: Postmortem): void;
  /** Its latest rubric total (saved with it). */
  setPostmortemScore(score: { total: number; grade: string } | null): void;
  /**
   * Writes the run to the finished sessions (platform store 'finished', under the run's key) with
   * its score and the postmortem so far, and removes its autosave. Later postmortem edits update
   * that document. Null (with a toast) when it cannot be written.
   */
  finish(result: { session: Session; score: ScoreReport }): Promise<FinishedDoc | null>;
  /** Replays a finished session to its end and opens its debrief (the postmortem as it was left). */
  openFinished(doc: FinishedDoc): Promise<boolean>;
  toast(text: string, tone?: 'info' | 'error'): void;
  /**
   * Play-tests the scenario editor's text: loads it as a file scenario and starts it in the war
   * room. Leaving that run goes back to the editor with its text. False (with a toast, back in the
   * editor) when the text does not load.
   */
  playTest(text: string, file: string): Promise<boolean>;
  /** Back to the library (or to the scenario editor after a play-test); the run stays in autosave. */
  leave(): void;
  dispose(): void;
}

export function createController(store: AppStore, services: Services): Controller {
  const { sim, platform } = services;
  let toastId = 0;
  let saveTimer: ReturnType<typeof setInterval> | null = null;
  let saving: Promise<void> | null = null;
  let postmortemTimer: ReturnType<typeof setTimeout> | null = null;
  /** The finished-session document of the run on screen, once written: later saves update it. */
  let finished: FinishedDoc | null = null;

  const set = store.setState;
  const get = store.getState;

  const toast = (text: string, tone: 'info' | 'error' = 'info'): void => {
    const id = ++toastId;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, tone, text, screen: s.screen }] }));
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

  async function writeAutosave(s: AppState, fin: FinishedDoc | null): Promise<void> {
    if (!s.runKey || !s.source || !s.scenario || (s.screen !== 'warroom' && s.screen !== 'debrief')) return;
    const current = (): boolean => get().runKey === s.runKey;
    if (fin && fin.key === s.runKey) {
      // A finished run: only the postmortem still changes.
      const doc: FinishedDoc = { ...fin, ...(s.postmortem ? { postmortem: s.postmortem } : {}), ...(s.postmortemScore ? { postmortemScore: s.postmortemScore } : {}) };
      await platform.put('finished', doc.key, doc);
      if (finished?.key === doc.key) finished = doc;
      if (current()) set({ lastSavedAt: services.now() });
      return;
    }
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
      ...(s.postmortem ? { postmortem: s.postmortem } : {}),
    };
    await platform.put('autosave', s.runKey, doc);
    if (current()) set({ lastSavedAt: doc.savedAt, saved: { hash: session.stateHash, atSec: session.durationSec ?? 0 } });
  }

  /** `snapshot`: the state to write (leaving passes the last one); default: the state when the write starts. */
  const save = async (snapshot?: AppState): Promise<void> => {
    // The finished document as it is when the save is asked for (leaving clears it right after).
    const fin = finished;
    // One write at a time; a save asked for during a write runs right after it.
    while (saving) await saving;
    saving = writeAutosave(snapshot ?? get(), fin)
      .catch((err: unknown) => toast(`Autosave failed: ${err instanceof Error ? err.message : String(err)}`, 'error'))
      .finally(() => {
        saving = null;
      });
    await saving;
  };

  const schedulePostmortemSave = (): void => {
    if (postmortemTimer) clearTimeout(postmortemTimer);
    postmortemTimer = setTimeout(() => {
      postmortemTimer = null;
      void save();
    }, POSTMORTEM_SAVE_MS);
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
      finished = null;
      set({ pinned: [], hints: [], postmortem: null, postmortemScore: null, finishedAt: null });
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
      finished = null;
      set({ pinned: doc.pinned, hints: Array.isArray(doc.hints) ? doc.hints : [], postmortem: doc.postmortem ?? null, postmortemScore: null, finishedAt: null });
      enterRun(started.seed, started.actions, doc.key, started.clock);
      // A run saved while its postmortem was being written goes back to the debrief.
      if (doc.postmortem) set({ screen: 'debrief' });
      await refreshFeeds(new Set(doc.readInjects));
      return true;
    },

    async openFinished(doc) {
      const ok = await this.loadScenario(doc.source);
      if (!ok) {
        set({ screen: 'progress' });
        toast(`The finished session's scenario (${doc.source.file}) no longer loads; the session is kept.`, 'error');
        return false;
      }
      const started = await sim.call('sim/start', { resume: doc.session });
      if (!started.ok) {
        set({ screen: 'progress' });
        toast(`Cannot replay it: ${started.message}. The session is kept.`, 'error');
        return false;
      }
      set({ pinned: [], hints: [], postmortem: doc.postmortem ?? null, postmortemScore: doc.postmortemScore ?? null, finishedAt: doc.finishedAt });
      enterRun(started.seed, started.actions, doc.key, started.clock);
      if (saveTimer) clearInterval(saveTimer);
      saveTimer = null;
      finished = doc;
      set({ screen: 'debrief' });
      await refreshFeeds(new Set());
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

    async endRun() {
      let clock = await sim.call('clock/set', { speed: 0 });
      if (clock.nowSec < clock.durationSec) clock = await sim.call('clock/advance', { toSec: clock.durationSec });
      set({ clock });
    },

    setPostmortem(doc) {
      set({ postmortem: doc });
      schedulePostmortemSave();
    },

    setPostmortemScore(score) {
      const prev = get().postmortemScore;
      if (prev?.total === score?.total && prev?.grade === score?.grade) return;
      set({ postmortemScore: score });
      schedulePostmortemSave();
    },

    async finish({ session, score }) {
      const s = get();
      if (!s.runKey || !s.source || !s.scenario) return null;
      // No periodic autosave may land after the autosave is removed.
      if (saveTimer) clearInterval(saveTimer);
      saveTimer = null;
      while (saving) await saving;
      const doc: FinishedDoc = {
        format: 'firedrill-finished/v1',
        key: s.runKey,
        scenarioId: s.scenario.id,
        title: s.scenario.title,
        source: s.source,
        finishedAt: finished?.key === s.runKey ? finished.finishedAt : services.now(),
        session,
        score: {
          total: score.total,
          grade: score.grade,
          areas: Object.fromEntries(score.areas.map((a) => [a.area, a.points])),
          max: Object.fromEntries(score.areas.map((a) => [a.area, a.max])),
        },
        ...(s.postmortem ? { postmortem: s.postmortem } : {}),
        ...(s.postmortemScore ? { postmortemScore: s.postmortemScore } : {}),
      };
      try {
        await platform.put('finished', doc.key, doc);
        await platform.remove('autosave', doc.key);
      } catch (err) {
        toast(`Could not save the finished session: ${err instanceof Error ? err.message : String(err)}`, 'error');
        return null;
      }
      finished = doc;
      if (get().runKey === doc.key) set({ finishedAt: doc.finishedAt, lastSavedAt: services.now() });
      return doc;
    },

    toast,

    leave() {
      if (saveTimer) clearInterval(saveTimer);
      saveTimer = null;
      // A postmortem edit not saved yet is written from the state as it is now.
      if (postmortemTimer) {
        clearTimeout(postmortemTimer);
        postmortemTimer = null;
        void save(get());
      }
      finished = null;
      const { toasts, author } = get();
      void sim.call('clock/set', { speed: 0 }).catch(() => undefined);
      set({ ...initialState(), toasts, author: author && { ...author, playTesting: false }, screen: author?.playTesting ? 'author' : 'library' });
    },

    async playTest(text, file) {
      set((s) => ({ author: s.author ? { ...s.author, text, playTesting: true } : null }));
      const back = (message: string): false => {
        set((s) => ({ screen: 'author', loadIssues: null, author: s.author && { ...s.author, playTesting: false } }));
        toast(message, 'error');
        return false;
      };
      if (!(await this.loadScenario({ kind: 'file', file, text }))) {
        const n = get().loadIssues?.filter((i) => i.severity === 'error').length ?? 0;
        return back(`The scenario does not load (${n} error${n === 1 ? '' : 's'}): fix the marked lines first.`);
      }
      try {
        await this.start();
        return true;
      } catch (err) {
        return back(`Could not start the play-test: ${err instanceof Error ? err.message : String(err)}`);
      }
    },

    dispose() {
      if (saveTimer) clearInterval(saveTimer);
      if (postmortemTimer) clearTimeout(postmortemTimer);
      for (const u of unsubs) u();
    },
  };
}
