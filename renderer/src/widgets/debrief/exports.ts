// The debrief's files, through the platform's save dialog (desktop) or a download (browser): the
// after-action report as Markdown, print-ready HTML or JSON, the postmortem as Markdown, and the
// session (replayable with `firedrill replay`, the postmortem kept in it).

import type { Postmortem, Session } from '../../../../engine/src/index.ts';
import type { SimClient } from '../../bridge/simClient.ts';
import type { DesktopApi, SaveResult } from '../../bridge/desktop-api.ts';

export const EXPORTS = [
  { id: 'report-md', label: 'Report as Markdown' },
  { id: 'report-html', label: 'Report as HTML (print-ready)' },
  { id: 'report-json', label: 'Report as JSON' },
  { id: 'postmortem-md', label: 'Postmortem as Markdown' },
  { id: 'session', label: 'Session file (replayable)' },
] as const;
export type ExportId = (typeof EXPORTS)[number]['id'];

export interface ExportContext {
  sim: SimClient;
  platform: DesktopApi;
  /** The postmortem when it passes the schema (null: left out, and said so). */
  postmortem: Postmortem | null;
  /** Whether a postmortem exists but has errors. */
  postmortemInvalid: boolean;
  session: Session;
  base: string;
}

export interface ExportOutcome {
  result: SaveResult;
  name: string;
  /** Something the trainee should know about what went into the file. */
  note: string | null;
}

export async function exportFile(id: ExportId, c: ExportContext): Promise<ExportOutcome> {
  const pm = c.postmortem ? { postmortem: c.postmortem } : {};
  const leftOut = c.postmortemInvalid ? 'the postmortem has errors and was left out' : null;
  const save = async (name: string, text: string, mime: string, kind: 'report' | 'session', note: string | null): Promise<ExportOutcome> => ({
    result: await c.platform.saveFile({ kind, suggestedName: name, text, mime }),
    name,
    note,
  });
  switch (id) {
    case 'report-md':
      return save(`${c.base}-report.md`, await c.sim.call('debrief/render', { ...pm, format: 'md' }), 'text/markdown', 'report', leftOut);
    case 'report-html':
      return save(`${c.base}-report.html`, await c.sim.call('debrief/render', { ...pm, format: 'html' }), 'text/html', 'report', leftOut);
    case 'report-json':
      return save(`${c.base}-report.json`, await c.sim.call('debrief/render', { ...pm, format: 'json' }), 'application/json', 'report', leftOut);
    case 'postmortem-md':
      if (!c.postmortem) throw new Error(c.postmortemInvalid ? 'the postmortem has errors: fix the fields marked in red first' : 'there is no postmortem yet');
      return save(`${c.base}-postmortem.md`, await c.sim.call('debrief/render', { postmortem: c.postmortem, format: 'postmortem-md' }), 'text/markdown', 'report', null);
    case 'session':
      return save(`${c.base}.session.json`, `${JSON.stringify({ ...c.session, ...pm }, null, 2)}\n`, 'application/json', 'session', leftOut);
  }
}
