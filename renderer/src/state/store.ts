// The app's state: one zustand store in slices (session, clock, feeds, view), created per app
// instance with its services so tests can build one against an in-process worker. The store
// holds what every screen shares; widgets fetch their own series from the worker on each new
// scrape (`scrape` increments) rather than keeping copies here.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ActionRecord, AlertEpisode, Postmortem, ScenarioIssue, TimelineEvent } from '../../../engine/src/index.ts';
import type { SimClient } from '../bridge/simClient.ts';
import type { DesktopApi } from '../bridge/desktop-api.ts';
import type { ClockState, Frame, InjectView, ScenarioInfo, Speed } from '../worker/protocol.ts';

export type Screen = 'library' | 'briefing' | 'warroom' | 'debrief' | 'progress' | 'author';

/** The war room's main panes (keyboard 1..9 switch between them). */
export const PANES = ['overview', 'metrics', 'logs', 'traces', 'changes', 'topology', 'runbooks'] as const;
export type Pane = (typeof PANES)[number];

export interface Services {
  sim: SimClient;
  platform: DesktopApi;
  /** Wall clock for autosave stamps and status lines (injected for tests). */
  now(): number;
}

/** Where the scenario came from: a built-in id, or a file the user opened. */
export interface ScenarioSource {
  kind: 'builtin' | 'file';
  /** File name shown in messages (built-ins: "<id>.yaml"). */
  file: string;
  text: string;
}

export interface AlertState extends AlertEpisode {
  /** Index of the episode in the run's alert list (stable id). */
  index: number;
  acknowledgedAtSec: number | null;
}

export interface InboxItem extends InjectView {
  read: boolean;
}

/** A piece of evidence pinned from a chart, a log line, a trace or a change. */
export interface PinnedEvidence {
  /** What scoring reads: `{kind, ...}` as in engine/src/score/conventions.ts. */
  ref: { kind: string; [k: string]: string | number | boolean | null };
  /** One line for the board. */
  label: string;
  atSec: number;
}

/** The metric explorer's picks, kept across pane switches. */
export interface ExplorerSelection {
  metric: string;
  services: string[];
  envs: string[];
}

/** A hint given during the run, with its text (kept in the autosave: the worker tells it once). */
export interface GivenHint {
  index: number;
  level: number;
  text: string;
  atSec: number;
}

/** The time window the charts and the log explorer share; null `toSec` follows the clock. */
export interface TimeRange {
  fromSec: number;
  toSec: number | null;
}

/** The scenario editor's document: kept in the store so a play-test and back keeps the text. */
export interface AuthorDoc {
  /** Its draft's key in the platform store 'drafts' (autosaved while editing). */
  draftKey: string;
  /** The file name it is saved as. */
  file: string;
  text: string;
  /** The text as last saved to or opened from a file; null when never saved. */
  savedText: string | null;
  /** A play-test of it is running: leaving the run goes back to the editor. */
  playTesting: boolean;
}

export interface AppState {
  screen: Screen;
  source: ScenarioSource | null;
  scenario: ScenarioInfo | null;
  /** Validation messages of a scenario that failed to load (file:line:col: path: message). */
  loadIssues: ScenarioIssue[] | null;
  seed: number | null;
  /** The autosave key of the run in progress. */
  runKey: string | null;

  clock: ClockState;
  frame: Frame | null;
  /** Increments on each new scrape: widgets refetch their series when it changes. */
  scrape: number;
  alerts: AlertState[];
  inbox: InboxItem[];
  events: TimelineEvent[];
  actions: ActionRecord[];

  pane: Pane;
  /** The service and environment the explorers are focused on. */
  focus: { service: string | null; env: string };
  range: TimeRange;
  /** The second under the pointer on any chart (shared crosshair), or null. */
  crosshairSec: number | null;
  /** The service whose dashboard the overview pane shows (null: the overview itself). */
  dashboardService: string | null;
  /** The metric explorer's picks, or null before its first visit. */
  explorer: ExplorerSelection | null;
  /** Cross-pane navigation requests (e.g. a trace id clicked in the logs). */
  openTraceId: string | null;
  logFilter: string;
  pinned: PinnedEvidence[];
  /** Hints given in this run, in order. */
  hints: GivenHint[];

  /** The postmortem being written in the debrief (kept in the autosave, then in the finished session). */
  postmortem: Postmortem | null;
  /** Its last rubric total, stored with the finished session for the progress screen. */
  postmortemScore: { total: number; grade: string } | null;
  /** When this run was written to the finished sessions (ctl.finish), or null. */
  finishedAt: number | null;

  /** One-line messages (saved, failed to save, errors), newest last. */
  /** `screen`: where it was raised; a toast belongs to that screen and leaves with it. */
  toasts: { id: number; tone: 'info' | 'error'; text: string; screen: Screen }[];
  /** Set when the worker reported an engine error: the clock is paused. */
  simError: string | null;
  lastSavedAt: number | null;
  /** The state hash and second of the last save: the same hash after a resume means nothing was lost. */
  saved: { hash: string; atSec: number } | null;
  /** The scenario editor's document, or null before the editor was opened. */
  author: AuthorDoc | null;
  /** The library's "New scenario…" opens the editor with the template picker up. */
  authorIntent: 'new' | null;
}

export const initialClock: ClockState = { nowSec: 0, speed: 0, durationSec: 0, ended: false };

export function initialState(): AppState {
  return {
    screen: 'library',
    source: null,
    scenario: null,
    loadIssues: null,
    seed: null,
    runKey: null,
    clock: initialClock,
    frame: null,
    scrape: 0,
    alerts: [],
    inbox: [],
    events: [],
    actions: [],
    pane: 'overview',
    focus: { service: null, env: 'prod' },
    range: { fromSec: 0, toSec: null },
    crosshairSec: null,
    dashboardService: null,
    explorer: null,
    openTraceId: null,
    logFilter: '',
    pinned: [],
    hints: [],
    postmortem: null,
    postmortemScore: null,
    finishedAt: null,
    toasts: [],
    simError: null,
    lastSavedAt: null,
    saved: null,
    author: null,
    authorIntent: null,
  };
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()(() => initialState());
}

export const SPEED_CHOICES: readonly Speed[] = [1, 2, 5, 10, 30];
