// The platform interface: everything the UI needs from outside the browser sandbox (files and
// durable storage). Two implementations satisfy it: the Electron preload (`electron/preload.ts`,
// file dialogs and a user-data folder, reached over validated IPC) and the browser one
// (`browserPlatform.ts`: IndexedDB, downloads and a file input).
// electron/ may import this file (types and a few constants, no imports) and nothing else of renderer/.

/** A file the user picked. `name` is the file name only (never a path into their disk). */
export interface PickedFile {
  name: string;
  text: string;
}

/** What kind of file a dialog is for: sets the filters and the default folder. */
export type FileKind = 'scenario' | 'session' | 'report';

/**
 * What a scenario pack is picked as: a folder, or one .zip of it. Two choices because no platform
 * offers both in one dialog (Windows' and Linux's dialogs pick a folder or files, a browser's file
 * input likewise).
 */
export type PackSource = 'folder' | 'zip';

/**
 * A scenario pack the user picked, never a path into their disk: `name` is the folder's or the
 * .zip file's own name. A folder comes as its YAML files (`path` relative to the folder, with `/`,
 * only regular files, symlinks never followed, within `PACK_LIMITS`); a .zip as its bytes, which
 * the worker reads with its own caps.
 */
export type PickedPack =
  | {
      name: string;
      files: { path: string; text: string }[];
      /** YAML files of the folder left out, and why (too big, unreadable, a symlink). */
      skipped?: { path: string; reason: string }[];
    }
  | { name: string; zip: Uint8Array };

/** What a picked pack may hold (the same caps the engine's .zip reader enforces). */
export const PACK_LIMITS = {
  /** YAML files of a folder. */
  maxFiles: 500,
  /** One YAML file, bytes. */
  maxFileBytes: 2 * 1024 * 1024,
  /** All YAML files of a folder together, bytes. */
  maxTotalBytes: 20 * 1024 * 1024,
  /** A .zip file, bytes. */
  maxZipBytes: 20 * 1024 * 1024,
  /** Folder entries looked at (files of any kind and folders), so a huge folder is refused early. */
  maxEntries: 5000,
  /** Folder levels below the pack's own. */
  maxDepth: 16,
} as const;

export interface SaveRequest {
  kind: FileKind;
  /** A file name without directories, e.g. "checkout-bad-deploy.session.json". */
  suggestedName: string;
  text: string;
  /** MIME type for browser downloads, e.g. "application/json", "text/markdown", "text/html". */
  mime: string;
}

/** `saved: false` means the user cancelled; `where` says where it went, for a status message. */
export interface SaveResult {
  saved: boolean;
  where?: string;
}

/**
 * Named collections of JSON documents kept on this machine:
 * - `autosave`: the session in progress, one per scenario run (resume after a crash);
 * - `finished`: finished sessions, for the progress screen and replays;
 * - `drafts`: unsaved scenario drafts of the editor;
 * - `prefs`: small settings (last seed, speed, layout);
 * - `library`: scenarios imported from packs, one document per scenario.
 */
export type StoreName = 'autosave' | 'finished' | 'drafts' | 'prefs' | 'library';

export interface StoredItem {
  key: string;
  /** Wall-clock milliseconds since the Unix epoch of the last write. */
  updatedAt: number;
  /** Size of the stored JSON text in bytes. */
  bytes: number;
}

/**
 * A stored document that could not be read back (a torn write, a file edited by hand, another
 * program's file): it is kept untouched and reported, never overwritten.
 */
export interface StoreReadError {
  key: string;
  message: string;
}

/** A menu item of the desktop app that the UI carries out (File › Open Scenario…). */
export type MenuCommand = 'open-scenario';

export interface DesktopApi {
  /** 'electron' in the desktop app, 'browser' when served to a plain browser. */
  readonly kind: 'electron' | 'browser';

  /** Shows an open dialog for one file; null when the user cancelled. */
  openFile(kind: FileKind): Promise<PickedFile | null>;
  /**
   * Asks for a scenario pack, a folder or a .zip as `source` says; null when the user cancelled.
   * Rejects with a message fit for the user when the pick breaks a `PACK_LIMITS` cap.
   */
  openPack(source: PackSource): Promise<PickedPack | null>;
  /** Shows a save dialog (desktop) or downloads the file (browser). */
  saveFile(request: SaveRequest): Promise<SaveResult>;

  /** Writes a JSON document (the value is stored as JSON text; it must be JSON-serialisable). */
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  /**
   * Reads a document. `{ok: false}` when it exists but is unreadable: the caller shows the
   * message; the data stays where it is. `null` when there is no such key.
   */
  get(store: StoreName, key: string): Promise<{ ok: true; value: unknown } | { ok: false; error: StoreReadError } | null>;
  list(store: StoreName): Promise<StoredItem[]>;
  remove(store: StoreName, key: string): Promise<void>;
  /**
   * Moves an unreadable document aside (to a "quarantine" key the UI never overwrites) so a new
   * one can be written under its key. Returns where it went.
   */
  quarantine(store: StoreName, key: string): Promise<string>;

  /**
   * Desktop only (absent in the browser, which has no app menu): calls `listener` when the user
   * picks a menu item the UI carries out, e.g. 'open-scenario' → the same flow as the library's
   * "Open scenario file" button. Returns a function that stops listening.
   */
  onMenuCommand?(listener: (command: MenuCommand) => void): () => void;
}

/** Keys are file-name safe in both implementations: letters, digits, dot, dash, underscore. */
export const STORE_KEY = /^[A-Za-z0-9._-]{1,128}$/;
export const STORE_NAMES: readonly StoreName[] = ['autosave', 'finished', 'drafts', 'prefs', 'library'];
export const PACK_SOURCES: readonly PackSource[] = ['folder', 'zip'];
export const MENU_COMMANDS: readonly MenuCommand[] = ['open-scenario'];
