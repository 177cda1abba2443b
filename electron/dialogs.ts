// File dialog filters per kind of file (the same choices the browser's file input offers).
// Pure: used by main.ts, tested in node.

import type { FileKind, PackSource } from '../renderer/src/bridge/desktop-api.ts';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** Largest file the open dialog reads (scenarios and sessions are far smaller). */
export const MAX_OPEN_BYTES = 32 * 1024 * 1024;

/** Filters of the open dialog: scenarios are YAML, sessions JSON, reports anything. */
export function openFilters(kind: FileKind): FileFilter[] {
  switch (kind) {
    case 'scenario':
      return [{ name: 'Firedrill scenario (YAML)', extensions: ['yaml', 'yml'] }];
    case 'session':
      return [{ name: 'Firedrill session (JSON)', extensions: ['json'] }];
    case 'report':
      return [{ name: 'All files', extensions: ['*'] }];
  }
}

/** The open dialog for a scenario pack: a folder, or a .zip file (no platform offers both in one). */
export function packDialog(source: PackSource): { title: string; filters: FileFilter[]; properties: ('openFile' | 'openDirectory')[] } {
  return source === 'folder'
    ? { title: 'Import a scenario pack (folder)', filters: [], properties: ['openDirectory'] }
    : { title: 'Import a scenario pack (.zip)', filters: [{ name: 'Scenario pack (.zip)', extensions: ['zip'] }], properties: ['openFile'] };
}

/** Filters of the save dialog: the suggested name's extension first, then any file. */
export function saveFilters(kind: FileKind, suggestedName: string): FileFilter[] {
  if (kind === 'scenario') return openFilters('scenario');
  if (kind === 'session') return openFilters('session');
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(suggestedName)?.[1]?.toLowerCase();
  const named: Record<string, string> = { md: 'Markdown', html: 'HTML page', json: 'JSON', txt: 'Text', csv: 'CSV' };
  const all = { name: 'All files', extensions: ['*'] };
  if (!ext) return [all];
  return [{ name: named[ext] ?? `.${ext} file`, extensions: [ext] }, all];
}
