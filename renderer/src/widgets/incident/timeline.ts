// The incident timeline: what the system did (alerts, changes, rollouts, crashes, messages) and
// what the trainee did (their recorded actions), merged, newest first.

import type { ActionRecord, TimelineEvent } from '../../../../engine/src/index.ts';
import type { AlertState } from '../../state/store.ts';
import { HYPOTHESIS_STATUS_LABEL } from './model.ts';
import { isMitigation, mitigationTitle } from './mitigations.ts';

export type TimelineIcon = 'alert' | 'resolved' | 'change' | 'deploy' | 'scale' | 'flag' | 'crash' | 'message' | 'system' | 'declare' | 'hypothesis' | 'update' | 'note' | 'mitigation' | 'rejected' | 'observe' | 'hint' | 'ack' | 'close';

export interface TimelineItem {
  key: string;
  atSec: number;
  /** Order among items of the same second (later = higher). */
  seq: number;
  who: 'system' | 'you';
  icon: TimelineIcon;
  title: string;
  detail?: string;
}

const EVENT_ICON: Record<string, TimelineIcon> = {
  alert: 'alert',
  change: 'change',
  rollout: 'deploy',
  restart: 'deploy',
  scale: 'scale',
  flag: 'flag',
  drain: 'system',
  shed: 'system',
  config: 'system',
  quota: 'system',
  certificate: 'system',
  disk: 'system',
  cache: 'system',
  podCrash: 'crash',
  inject: 'message',
};

function eventItem(e: TimelineEvent, i: number): TimelineItem {
  const where = e.service ? `${e.service}${e.env ? ` (${e.env})` : ''}` : '';
  const title = e.kind === 'alert' || e.kind === 'inject' || e.kind === 'change' || e.kind === 'podCrash' || e.kind === 'flag' || !where ? e.text : `${where}: ${e.text}`;
  return { key: `e${i}`, atSec: e.atSec, seq: i, who: 'system', icon: EVENT_ICON[e.kind] ?? 'system', title };
}

const s = (v: unknown): string => (typeof v === 'string' ? v : '');

function observationText(a: ActionRecord): string {
  const p = a.params;
  const parts = [s(p.service), s(p.env), s(p.minSeverity), p.text ? `"${s(p.text)}"` : '', s(p.traceId), s(p.change), s(p.id), Array.isArray(p.metrics) ? p.metrics.join(', ') : ''].filter(Boolean);
  return `Looked at ${a.target}${parts.length ? `: ${parts.join(' · ')}` : ''}`;
}

function actionItem(a: ActionRecord, i: number, seenHypotheses: Set<string>, declared: { n: number }): TimelineItem {
  const base = { key: `a${i}`, atSec: a.atSec, seq: 1_000_000 + i, who: 'you' as const };
  const p = a.params;
  if (isMitigation(a.type)) {
    return a.result === 'rejected'
      ? { ...base, icon: 'rejected', title: `${mitigationTitle(a)}: rejected`, detail: a.message }
      : { ...base, icon: 'mitigation', title: mitigationTitle(a), detail: a.message };
  }
  switch (a.type) {
    case 'acknowledge':
      return { ...base, icon: 'ack', title: `Acknowledged ${a.target}` };
    case 'declareIncident':
      declared.n += 1;
      return { ...base, icon: 'declare', title: declared.n === 1 ? `Declared incident ${s(p.severity)}` : `Severity changed to ${s(p.severity)}` };
    case 'statusUpdate':
      return { ...base, icon: 'update', title: `Status update (${p.audience === 'external' ? 'external' : 'internal'})`, detail: s(p.text) };
    case 'hypothesis': {
      const id = s(p.id) || a.target;
      const status = s(p.status);
      const evidence = Array.isArray(p.evidence) ? p.evidence.length : 0;
      const isNew = !seenHypotheses.has(id);
      seenHypotheses.add(id);
      const what = isNew ? 'opened' : status === 'confirmed' || status === 'ruledOut' ? HYPOTHESIS_STATUS_LABEL[status].toLowerCase() : 'updated';
      return {
        ...base,
        icon: 'hypothesis',
        title: `Hypothesis ${id} ${what}${evidence ? ` with ${evidence} piece${evidence === 1 ? '' : 's'} of evidence` : ''}`,
        detail: isNew ? s(p.text) : undefined,
      };
    }
    case 'observe':
      return { ...base, icon: 'observe', title: observationText(a) };
    case 'escalate':
      return { ...base, icon: 'message', title: `Escalated${a.target ? ` to ${a.target}` : ''}`, detail: s(p.text) || undefined };
    case 'note':
      return { ...base, icon: 'note', title: 'Note', detail: s(p.text) };
    case 'requestHint':
      return { ...base, icon: 'hint', title: `Hint taken (level ${String(p.level ?? '?')})` };
    case 'mitigated':
      return { ...base, icon: 'close', title: 'Declared mitigated' };
    case 'resolve':
      return { ...base, icon: 'close', title: `Resolved: ${s(p.component) || '?'} · ${s(p.category) || '?'}`, detail: s(p.summary) || undefined };
    default:
      return { ...base, icon: 'system', title: `${a.type} ${a.target}` };
  }
}

export function buildTimeline(events: readonly TimelineEvent[], actions: readonly ActionRecord[], alerts: readonly AlertState[], showObservations: boolean): TimelineItem[] {
  const items: TimelineItem[] = [];
  // The engine also writes the trainee's actions into its timeline ("action:<type>"): they come
  // from the action records instead, which carry the params.
  events.forEach((e, i) => {
    if (!e.kind.startsWith('action:')) items.push(eventItem(e, i));
  });
  for (const a of alerts) {
    if (a.resolvedAtSec !== null) items.push({ key: `r${a.index}`, atSec: a.resolvedAtSec, seq: 500_000 + a.index, who: 'system', icon: 'resolved', title: `${a.id} resolved` });
  }
  const seen = new Set<string>();
  const declared = { n: 0 };
  actions.forEach((a, i) => {
    const item = actionItem(a, i, seen, declared);
    if (a.type !== 'observe' || showObservations) items.push(item);
  });
  return items.sort((x, y) => y.atSec - x.atSec || y.seq - x.seq);
}
