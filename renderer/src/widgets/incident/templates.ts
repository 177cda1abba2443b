// Status update templates: impact (from the SLOs right now), current status (from the board and
// the actions taken) and the next update time, for the trainee to edit before posting.

import type { SloDef } from '../../../../engine/src/index.ts';
import { clockMinute, pct } from '../../app/format.ts';
import type { SloStatus } from '../../worker/protocol.ts';
import type { BoardHypothesis, IncidentSummary } from './model.ts';
import { mitigationTitle, type TakenMitigation } from './mitigations.ts';

export const STAGES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_LABEL: Record<Stage, string> = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' };

export interface TemplateContext {
  audience: 'internal' | 'external';
  startEpochSec: number;
  nowSec: number;
  slos: readonly SloStatus[];
  sloDefs: readonly SloDef[];
  incident: IncidentSummary;
  board: readonly BoardHypothesis[];
  taken: readonly TakenMitigation[];
}

const burn = (s: SloStatus): number => (1 - (s.sli5m ?? 1)) / Math.max(1e-9, 1 - s.objective);

/** The worst SLO in violation right now (5-minute SLI), as a sentence, or null when none is. */
export function impactLine(slos: readonly SloStatus[], defs: readonly SloDef[], audience: 'internal' | 'external'): string | null {
  const bad = slos
    .filter((s) => s.sli5m !== null && s.sli5m < s.objective)
    .sort((a, b) => burn(b) - burn(a));
  const worst = bad[0];
  if (!worst || worst.sli5m === null) return null;
  const share = pct(1 - worst.sli5m, 1);
  const def = defs.find((d) => d.id === worst.id);
  const what = worst.indicator === 'latency' ? `slower than ${def?.thresholdMs ?? '?'} ms` : 'failing';
  const others = bad.length > 1 ? ` (${bad.length - 1} more SLO${bad.length > 2 ? 's' : ''} in violation)` : '';
  return audience === 'external'
    ? `about ${share} of ${worst.service} requests are ${worst.indicator === 'latency' ? 'slow' : 'failing'}`
    : `${share} of ${worst.service} requests ${what} in ${worst.env} over the last 5 min (${worst.id}: SLI ${pct(worst.sli5m)} vs objective ${pct(worst.objective)})${others}`;
}

export function template(stage: Stage, c: TemplateContext): string {
  const next = `${clockMinute(c.startEpochSec, c.nowSec + 1800)} UTC`;
  const impact = impactLine(c.slos, c.sloDefs, c.audience);
  const confirmed = [...c.board].reverse().find((h) => h.status === 'confirmed');
  const running = c.taken.filter((m) => m.phase === 'inProgress').map((m) => mitigationTitle(m.record));
  const done = c.taken.filter((m) => m.phase === 'done').map((m) => mitigationTitle(m.record));
  if (c.audience === 'external') {
    const lead = impact ? `We are aware that ${impact}.` : 'Our systems are currently operating normally.';
    switch (stage) {
      case 'investigating':
        return `${lead} Our engineers are investigating.\nNext update at ${next}.`;
      case 'identified':
        return `${lead} We have identified the cause and are working on a fix.\nNext update at ${next}.`;
      case 'monitoring':
        return `A fix has been applied and we are monitoring the recovery. ${impact ? `Right now ${impact}.` : 'Error rates are back to normal.'}\nNext update at ${next}.`;
      case 'resolved':
        return 'The issue has been resolved and the service is operating normally. We apologise for the disruption.';
    }
  }
  const sev = c.incident.severity ? `${c.incident.severity} ` : '';
  const impactText = `Impact: ${impact ?? 'no SLO in violation right now'}.`;
  switch (stage) {
    case 'investigating':
      return `${impactText}\nStatus: ${sev}incident, investigating.${running.length ? ` In progress: ${running.join('; ')}.` : ''}\nNext update at ${next}.`;
    case 'identified':
      return `${impactText}\nStatus: cause identified${confirmed ? `: ${confirmed.text}` : ''}.${running.length ? ` In progress: ${running.join('; ')}.` : ' Mitigation next.'}\nNext update at ${next}.`;
    case 'monitoring':
      return `${impactText}\nStatus: mitigation applied${done.length ? ` (${done.join('; ')})` : ''}; monitoring recovery.\nNext update at ${next}.`;
    case 'resolved':
      return `${impactText}\nStatus: resolved${confirmed ? `. Root cause: ${confirmed.text}` : ''}. Postmortem to follow.`;
  }
}
