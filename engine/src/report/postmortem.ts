// A postmortem document as readable blocks (and Markdown), in the order of Google's example.

import { formatIsoSec, parseIsoSec } from '../core/time.ts';
import { formatOffset } from '../scenario/duration.ts';
import type { Postmortem } from '../postmortem/schema.ts';
import type { PostmortemScore } from '../postmortem/rubric.ts';
import { fixed, pts, renderMarkdown, whole, type Block } from './blocks.ts';

const orDash = (s: string) => (s.trim() === '' ? '-' : s.trim());
const numOr = (n: number | null, f: (x: number) => string) => (n === null ? 'not stated' : f(n));

/** `09:36:10 (+00:06:10)` with a known start, else `+00:06:10`. */
export function rowTime(atSec: number | null, startEpochSec: number | null): string {
  if (atSec === null) return 'no time';
  return startEpochSec === null ? formatOffset(atSec) : `${formatIsoSec(startEpochSec + atSec).slice(11, 19)} (${formatOffset(atSec)})`;
}

/** `scenarioStart`: the scenario's `start` (ISO), to print timeline rows as wall-clock times. */
export function postmortemBlocks(doc: Postmortem, opts: { scenarioStart?: string; level?: 1 | 2 } = {}): Block[] {
  const start = opts.scenarioStart ? parseIsoSec(opts.scenarioStart) : null;
  const top = opts.level ?? 1;
  const sub = (top + 1) as 2 | 3;
  const b: Block[] = [];
  const section = (title: string, text: string) => {
    b.push({ kind: 'h', level: sub, text: title });
    b.push(text.trim() ? { kind: 'p', text: text.trim() } : { kind: 'note', text: '(empty)' });
  };
  const list = (title: string, items: string[]) => {
    b.push({ kind: 'h', level: sub, text: title });
    b.push({ kind: 'list', items: items.filter((x) => x.trim() !== '') });
  };
  b.push({ kind: 'h', level: top, text: `Postmortem: ${orDash(doc.title)}` });
  b.push({ kind: 'kv', rows: [['Owner', orDash(doc.owner)], ['Status', doc.status], ['Incident start', orDash(doc.incidentStart)]] });
  section('Summary', doc.summary);
  b.push({ kind: 'h', level: sub, text: 'Impact' });
  if (doc.impact.text.trim()) b.push({ kind: 'p', text: doc.impact.text.trim() });
  b.push({
    kind: 'kv',
    rows: [
      ['Duration', numOr(doc.impact.durationMin, (x) => `${fixed(x, 1)} min`)],
      ['Failed requests', numOr(doc.impact.failedRequests, whole)],
      ['Error budget consumed', numOr(doc.impact.budgetConsumedPercent, (x) => `${fixed(x, 2)}%${doc.impact.budgetSlo ? ` of ${doc.impact.budgetSlo}` : ''}`)],
      ['Customers affected', numOr(doc.impact.customersAffected, whole)],
    ],
  });
  section('Root cause', `${doc.rootCause.component || doc.rootCause.category ? `${doc.rootCause.component || '?'} (${doc.rootCause.category || '?'})${doc.rootCause.text.trim() ? ': ' : ''}` : ''}${doc.rootCause.text.trim()}`);
  section('Trigger', doc.trigger);
  section('Detection', doc.detection);
  section('Resolution', doc.resolution);
  list('Contributing factors', doc.contributingFactors);
  b.push({ kind: 'h', level: sub, text: 'Lessons learned' });
  b.push({ kind: 'p', text: 'What went well' });
  b.push({ kind: 'list', items: doc.wentWell.filter((x) => x.trim()) });
  b.push({ kind: 'p', text: 'What went poorly' });
  b.push({ kind: 'list', items: doc.wentPoorly.filter((x) => x.trim()) });
  b.push({ kind: 'p', text: 'Where we got lucky' });
  b.push({ kind: 'list', items: doc.gotLucky.filter((x) => x.trim()) });
  b.push({ kind: 'h', level: sub, text: 'Why?' });
  b.push(doc.whyAnswers.length ? { kind: 'kv', rows: doc.whyAnswers.map((w) => [w.question, orDash(w.answer)]) } : { kind: 'note', text: '(none)' });
  b.push({ kind: 'h', level: sub, text: 'Action items' });
  b.push({ kind: 'table', head: ['Action item', 'Kind', 'Category', 'Priority', 'Owner', 'Due', 'Replayable'], rows: doc.actionItems.map((a) => [a.title, a.kind, a.category, a.priority, orDash(a.owner), orDash(a.dueDate), a.counterfactual ? a.counterfactual.type : '-']) });
  b.push({ kind: 'h', level: sub, text: `Timeline${start === null ? ' (offsets from the scenario start)' : ' (UTC)'}` });
  b.push({ kind: 'table', head: ['Time', 'Event'], rows: doc.timeline.map((r) => [rowTime(r.atSec, start), `${r.marker ? `[${r.marker}] ` : ''}${r.text}`]) });
  return b;
}

export function rubricBlocks(score: PostmortemScore, level: 2 | 3 = 2): Block[] {
  const b: Block[] = [];
  b.push({ kind: 'h', level, text: `Postmortem rubric: ${score.total}/100 (${score.grade})` });
  if (score.caps.length) b.push({ kind: 'note', text: `Capped at 50: ${score.caps.join('; ')}.` });
  b.push({ kind: 'table', head: ['Check', 'Points', 'Max', 'Why'], right: [1, 2], rows: score.items.map((i) => [i.id, pts(i.points), String(i.max), i.reason]) });
  const details = score.items.flatMap((i) => i.details.map((d) => `${i.id}: ${d}`));
  if (details.length) b.push({ kind: 'list', items: details });
  return b;
}

/** The postmortem as Markdown. `scenarioStart` (ISO) prints timeline rows as UTC times. */
export function postmortemMarkdown(doc: Postmortem, opts: { scenarioStart?: string } = {}): string {
  return renderMarkdown(postmortemBlocks(doc, { scenarioStart: opts.scenarioStart, level: 1 }));
}
