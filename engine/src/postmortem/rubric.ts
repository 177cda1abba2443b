// scorePostmortem: a postmortem document checked against what really happened in the run, with
// a reason for every point. The rubric is the reference's proposal (slo-and-postmortems.md §4.8)
// cut down to what a program can check without judgement; weights and rules in README.md
// ("Postmortem rubric"). Pure and deterministic.

import { formatIsoSec } from '../core/time.ts';
import { formatDuration } from '../scenario/duration.ts';
import type { Scenario } from '../scenario/schema.ts';
import { gradeOf, type Grade } from '../score/score.ts';
import { addBusinessDays, dateOfDay, dayOf, weekdayName } from './dates.ts';
import type { RunFacts } from './facts.ts';
import { blameIn, hasOwner, isEntry, isWritten, knownNames, sentences, titleProblems, type BlameFlag } from './language.ts';
import type { Postmortem, TimelineMarker } from './schema.ts';

export const POSTMORTEM_SCORE_FORMAT = 'firedrill-postmortem-score/v1';

/** Points per rubric item; they add up to 100. */
export const RUBRIC_WEIGHTS = {
  header: 4,
  sections: 12,
  'impact-numbers': 12,
  'timeline-order': 5,
  'timeline-markers': 15,
  'root-cause': 10,
  'contributing-factors': 4,
  why: 6,
  blameless: 12,
  'action-items': 20,
} as const;
/** The score cannot exceed this with a person named as the cause, no action items, or no timeline. */
export const RUBRIC_CAP = 50;
/** Stated impact numbers count when within this share of the measured value. */
export const IMPACT_TOLERANCE = 0.1;
/** Absolute slack for small numbers: minutes, requests, budget points, customers. */
const IMPACT_FLOOR = { durationMin: 1, failedRequests: 1, budgetConsumedPercent: 0.05, customersAffected: 1 } as const;
/** A timeline row marks a moment when within this of the real one. */
export const MARKER_TOLERANCE_SEC = 120;
/** Action items are due within this many business days of the incident's start date. */
export const DUE_BUSINESS_DAYS = 5;
const BLAME_COST = 4;

export type RubricId = keyof typeof RUBRIC_WEIGHTS;

export interface RubricItem {
  id: RubricId;
  points: number;
  max: number;
  reason: string;
  /** The checks behind the points, one line each. */
  details: string[];
}

export interface ActionItemReview {
  index: number;
  title: string;
  specific: boolean;
  owned: boolean;
  dated: boolean;
  problems: string[];
}

export interface PostmortemScore {
  format: typeof POSTMORTEM_SCORE_FORMAT;
  total: number;
  max: 100;
  grade: Grade;
  items: RubricItem[];
  /** Why the total was capped, if it was. */
  caps: string[];
  flagged: BlameFlag[];
  actionItems: ActionItemReview[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const num = (x: number, d = 2) => (Number.isInteger(x) ? String(x) : x.toFixed(d));

/** Markers' keywords, for rows the writer did not tag. */
const MARKER_WORDS: Record<TimelineMarker, RegExp> = {
  'impact-start': /\b(impact (?:starts?|started|began|begins)|outage (?:starts?|began|begins)|errors? (?:start|started|began|begin)|start(?:s|ed)? failing|first (?:failed|bad|errors?)|(?:drops?|dropped|fell|falls) below|below (?:its |the )?(?:objective|slo|target)|slo (?:breach|violat))/i,
  detected: /\b(detect(?:ed|ion)?|paged?|alert(?:ed)?\b.*\bfired|fired|acknowledg(?:ed|es)?|ack(?:ed)?|noticed|declared)\b/i,
  declared: /\b(declared?|incident (?:opened|begins|started)|sev ?\d)\b/i,
  mitigated: /\b(mitigat(?:ed|ion)|recover(?:ed|y)|back (?:within|to|above|under)|errors? (?:stop|stopped|end|ended)|slis? (?:back|recovered))\b/i,
  ended: /\b(ended|ends|restored|all clear|fully recovered|outage (?:over|ends))\b/i,
};

const MARKER_LABEL: Record<TimelineMarker, string> = {
  'impact-start': 'impact start',
  detected: 'detection (first acknowledge or declaration)',
  declared: 'declaration',
  mitigated: 'mitigation',
  ended: 'end of impact (restored)',
};

/** Real time of each marker, as scoring defines it (engine/src/score/times.ts). */
export function markerTimes(facts: RunFacts): Record<TimelineMarker, number | null> {
  const e = facts.events;
  const detect = [e.ackSec, e.declareSec].filter((x): x is number => x !== null);
  return {
    'impact-start': e.impactSec,
    detected: detect.length ? Math.min(...detect) : null,
    declared: e.declareSec,
    mitigated: e.mitigateSec,
    ended: e.restoreSec,
  };
}

export function scorePostmortem(doc: Postmortem, scenario: Scenario, facts: RunFacts): PostmortemScore {
  const items: RubricItem[] = [];
  const caps: string[] = [];
  const clock = (sec: number) => `${formatIsoSec(facts.startEpochSec + sec).slice(11, 19)} (${formatDuration(Math.round(sec))})`;
  const add = (id: RubricId, share: number, reason: string, details: string[] = []) => {
    const max = RUBRIC_WEIGHTS[id];
    items.push({ id, points: round1(clamp(share, 0, 1) * max), max, reason, details });
  };

  // Header -------------------------------------------------------------------------------------
  {
    const checks: [boolean, string][] = [
      [doc.title.trim().split(/\s+/).filter(Boolean).length >= 2, doc.title.trim() ? 'title' : 'no title'],
      [hasOwner(doc.owner) && !/[,;&]|\band\b/.test(doc.owner), !hasOwner(doc.owner) ? 'no owner' : /[,;&]|\band\b/.test(doc.owner) ? `several owners ("${doc.owner}"): one owner, many collaborators` : `owner ${doc.owner}`],
      [true, `status ${doc.status}`],
      [doc.incidentStart !== '', doc.incidentStart ? `incident start ${doc.incidentStart}` : 'no incident start'],
    ];
    const ok = checks.filter((c) => c[0]).length;
    add('header', ok / checks.length, `${ok} of ${checks.length}: ${checks.map((c) => c[1]).join('; ')}`);
  }

  // Sections present ---------------------------------------------------------------------------
  {
    const why = scenario.debrief?.why ?? [];
    const sections: [string, boolean][] = [
      ['summary', isWritten(doc.summary)],
      ['impact', isWritten(doc.impact.text)],
      ['timeline', doc.timeline.length > 0],
      ['root cause', isWritten(doc.rootCause.text)],
      ['trigger', isWritten(doc.trigger)],
      ['detection', isWritten(doc.detection)],
      ['resolution', isWritten(doc.resolution)],
      ['contributing factors', doc.contributingFactors.some(isWritten)],
      ['lessons learned (went well, went poorly, got lucky)', doc.wentWell.some(isEntry) && doc.wentPoorly.some(isEntry) && doc.gotLucky.some(isEntry)],
      ['why questions', why.length === 0 || doc.whyAnswers.some((w) => isWritten(w.answer))],
      ['action items', doc.actionItems.length > 0],
    ];
    const missing = sections.filter((x) => !x[1]).map((x) => x[0]);
    add('sections', (sections.length - missing.length) / sections.length, missing.length ? `${sections.length - missing.length} of ${sections.length} sections written; missing or empty: ${missing.join(', ')}` : `all ${sections.length} sections written`);
  }

  // Impact numbers -----------------------------------------------------------------------------
  {
    const m = facts.impact;
    const sloId = doc.impact.budgetSlo.trim();
    const named = sloId ? facts.slos.find((x) => x.id === sloId) : undefined;
    const budget = named ? named.budgetConsumedPercent : m.budgetConsumedPercent;
    const budgetWhat = named ? `budget of ${named.id}` : `budget of the worst-hit SLO${m.budgetSlo ? ` (${m.budgetSlo})` : ''}`;
    const rows: [keyof typeof IMPACT_FLOOR, string, number][] = [
      ['durationMin', 'duration (minutes)', m.durationMin],
      ['failedRequests', 'failed requests', m.failedRequests],
      ['budgetConsumedPercent', `${budgetWhat} consumed (%)`, budget],
      ['customersAffected', 'customers affected', m.customersAffected],
    ];
    const details: string[] = [];
    let ok = 0;
    if (sloId && !named) details.push(`budgetSlo "${sloId}" is not an SLO of this scenario (${facts.slos.map((x) => x.id).join(', ') || 'none'}); compared with the worst-hit one`);
    for (const [key, label, measured] of rows) {
      const stated = doc.impact[key];
      const slack = Math.max(IMPACT_TOLERANCE * Math.abs(measured), IMPACT_FLOOR[key]);
      if (stated === null) details.push(`${label}: not stated (measured ${num(measured)})`);
      else if (Math.abs(stated - measured) <= slack) {
        ok++;
        details.push(`${label}: ${num(stated)}, measured ${num(measured)}: within 10%`);
      } else details.push(`${label}: ${num(stated)}, but the run measured ${num(measured)} (off by more than 10%)`);
    }
    add('impact-numbers', ok / rows.length, `${ok} of ${rows.length} impact numbers within 10% of the run`, details);
  }

  // Timeline -----------------------------------------------------------------------------------
  const rows = doc.timeline;
  {
    if (rows.length === 0) {
      add('timeline-order', 0, 'no timeline');
      caps.push('no timeline');
    } else {
      const timed = rows.filter((r) => r.atSec !== null).length;
      let inversion: string | null = null;
      let last: { at: number; i: number } | null = null;
      rows.forEach((r, i) => {
        if (r.atSec === null || inversion !== null) return;
        if (last !== null && r.atSec < last.at) inversion = `row ${i + 1} (${clock(r.atSec)}) comes after row ${last.i + 1} (${clock(last.at)})`;
        last = { at: r.atSec, i };
      });
      const share = (2 * (timed / rows.length) + (inversion === null ? 3 : 0)) / 5;
      add('timeline-order', share, `${timed} of ${rows.length} rows timestamped; ${inversion === null ? 'in order' : `out of order: ${String(inversion)}`}`);
    }
    const real = markerTimes(facts);
    const details: string[] = [];
    let got = 0;
    for (const marker of Object.keys(MARKER_WORDS) as TimelineMarker[]) {
      const at = real[marker];
      const tagged = rows.filter((r) => r.marker === marker && r.atSec !== null);
      if (at === null) {
        const claim = tagged[0];
        if (claim) details.push(`${MARKER_LABEL[marker]}: row "${claim.text}" claims it, but the run has none`);
        else {
          got++;
          details.push(`${MARKER_LABEL[marker]}: did not happen in the run, rightly not claimed`);
        }
        continue;
      }
      const tags: (TimelineMarker | undefined)[] = marker === 'detected' ? ['detected', 'declared'] : [marker];
      const candidates = rows.filter((r) => r.atSec !== null && (tags.includes(r.marker) || (r.marker === undefined && MARKER_WORDS[marker].test(r.text))));
      const best = candidates.reduce<(typeof rows)[number] | null>((b, r) => (b === null || Math.abs((r.atSec ?? 0) - at) < Math.abs((b.atSec ?? 0) - at) ? r : b), null);
      if (best === null) details.push(`${MARKER_LABEL[marker]}: no row for it (the run: ${clock(at)})`);
      else if (Math.abs((best.atSec ?? 0) - at) <= MARKER_TOLERANCE_SEC) {
        got++;
        details.push(`${MARKER_LABEL[marker]}: "${best.text}" at ${clock(best.atSec ?? 0)}, the run: ${clock(at)}`);
      } else details.push(`${MARKER_LABEL[marker]}: "${best.text}" at ${clock(best.atSec ?? 0)}, but the run says ${clock(at)} (more than 2 minutes off)`);
    }
    add('timeline-markers', got / 5, `${got} of 5 key moments on the timeline within 2 minutes`, details);
  }

  // Root cause ---------------------------------------------------------------------------------
  {
    const rc = scenario.rootCause;
    const comp = doc.rootCause.component.trim();
    const cat = doc.rootCause.category;
    if (!rc) add('root-cause', 1, 'the scenario names no root cause');
    else if (rc.category === 'none') add('root-cause', cat === 'none' ? 1 : 0, cat === 'none' ? 'rightly says nothing was broken' : `names ${comp || '?'} (${cat || '?'}), but nothing was broken`);
    else {
      const c = comp === rc.component;
      const k = cat === rc.category;
      add('root-cause', ((c ? 1 : 0) + (k ? 1 : 0)) / 2, `component ${comp || '(none)'}: ${c ? 'right' : `wrong, it was ${rc.component}`}; category ${cat || '(none)'}: ${k ? 'right' : `wrong, it was ${rc.category}`}`);
    }
  }

  // Contributing factors -----------------------------------------------------------------------
  {
    const n = doc.contributingFactors.filter(isWritten).length;
    add('contributing-factors', n >= 2 ? 1 : n / 2, `${n} contributing factor${n === 1 ? '' : 's'} (at least 2: there is rarely a single cause)`);
  }

  // Why questions ------------------------------------------------------------------------------
  {
    const why = scenario.debrief?.why ?? [];
    const norm = (q: string) => q.trim().toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    if (why.length === 0) add('why', 1, 'the scenario asks no why questions');
    else {
      const answered = why.filter((w) => doc.whyAnswers.some((a) => norm(a.question) === norm(w.question) && isWritten(a.answer)));
      const open = why.filter((w) => !answered.includes(w)).map((w) => `"${w.question}"`);
      add('why', answered.length / why.length, `${answered.length} of ${why.length} why questions answered${open.length ? `; unanswered: ${open.join(', ')}` : ''}`);
    }
  }

  // Blameless language -------------------------------------------------------------------------
  const names = knownNames(scenario);
  const flagged: BlameFlag[] = [];
  {
    const scan = (section: string, text: string, cause = false) => {
      for (const s of sentences(text)) {
        const f = blameIn(s, section, names, cause);
        if (f) flagged.push(f);
      }
    };
    scan('title', doc.title);
    scan('summary', doc.summary);
    scan('impact', doc.impact.text);
    doc.timeline.forEach((r, i) => scan(`timeline[${i}]`, r.text));
    scan('rootCause', doc.rootCause.text, true);
    scan('trigger', doc.trigger, true);
    scan('detection', doc.detection);
    scan('resolution', doc.resolution);
    doc.contributingFactors.forEach((x, i) => scan(`contributingFactors[${i}]`, x));
    doc.wentWell.forEach((x, i) => scan(`wentWell[${i}]`, x));
    doc.wentPoorly.forEach((x, i) => scan(`wentPoorly[${i}]`, x));
    doc.gotLucky.forEach((x, i) => scan(`gotLucky[${i}]`, x));
    doc.whyAnswers.forEach((x, i) => scan(`whyAnswers[${i}]`, x.answer));
    doc.actionItems.forEach((x, i) => scan(`actionItems[${i}].title`, x.title));
    const prose = [doc.summary, doc.impact.text, doc.rootCause.text, doc.trigger, doc.detection, doc.resolution, ...doc.contributingFactors, ...doc.wentWell, ...doc.wentPoorly, ...doc.gotLucky, ...doc.whyAnswers.map((w) => w.answer)];
    const pts = RUBRIC_WEIGHTS.blameless - BLAME_COST * flagged.length;
    if (!prose.some(isWritten)) add('blameless', 0, 'nothing written to judge yet');
    else add('blameless', pts / RUBRIC_WEIGHTS.blameless, flagged.length ? `${flagged.length} blaming sentence${flagged.length === 1 ? '' : 's'}, ${BLAME_COST} points each` : 'no person named as a cause, no blaming words', flagged.map((f) => `${f.section}: "${f.sentence}": ${f.why}`));
    if (flagged.some((f) => f.personAsCause)) caps.push('a person is named as the cause');
  }

  // Action items -------------------------------------------------------------------------------
  const reviews: ActionItemReview[] = [];
  {
    const startSec = facts.startEpochSec + (facts.events.impactSec ?? 0);
    const startDay = Math.floor(startSec / 86_400);
    const lastDay = addBusinessDays(startDay, DUE_BUSINESS_DAYS);
    doc.actionItems.forEach((a, index) => {
      const problems = titleProblems(a.title);
      const owned = hasOwner(a.owner);
      if (!owned) problems.push('no owner');
      const due = a.dueDate === '' ? null : dayOf(a.dueDate);
      let dated = false;
      if (a.dueDate === '') problems.push('no due date');
      else if (due === null) problems.push(`due date ${a.dueDate} is not a calendar date`);
      else if (due < startDay) problems.push(`due ${a.dueDate}, before the incident (${dateOfDay(startDay)})`);
      else if (due > lastDay) problems.push(`due ${a.dueDate}, later than ${DUE_BUSINESS_DAYS} business days after the incident (${weekdayName(lastDay)} ${dateOfDay(lastDay)})`);
      else dated = true;
      reviews.push({ index, title: a.title, specific: titleProblems(a.title).length === 0, owned, dated, problems });
    });
    const n = reviews.length;
    if (n === 0) {
      add('action-items', 0, 'no action items');
      caps.push('no action items');
    } else {
      const share = (f: (r: ActionItemReview) => boolean) => reviews.filter(f).length / n;
      const kinds = new Set(doc.actionItems.map((a) => a.kind));
      const userFacing = facts.events.impactSec !== null;
      const urgent = doc.actionItems.some((a) => a.priority === 'P0' || a.priority === 'P1');
      const parts: [string, number, number][] = [
        ['specific (verb first, bounded)', 6, share((r) => r.specific)],
        ['owned', 3, share((r) => r.owned)],
        [`due within ${DUE_BUSINESS_DAYS} business days of ${dateOfDay(startDay)} (by ${dateOfDay(lastDay)})`, 3, share((r) => r.dated)],
        ['at least one prevent item', 3, kinds.has('prevent') ? 1 : 0],
        ['at least one detect item', 3, kinds.has('detect') ? 1 : 0],
        [userFacing ? 'at least one P0/P1 item (users were affected)' : 'priorities (no user impact: any)', 2, !userFacing || urgent ? 1 : 0],
      ];
      const pts = parts.reduce((s, p) => s + p[1] * p[2], 0);
      add(
        'action-items',
        pts / RUBRIC_WEIGHTS['action-items'],
        parts.map((p) => `${p[0]}: ${p[2] === 1 ? 'yes' : p[2] === 0 ? 'no' : `${Math.round(p[2] * n)} of ${n}`}`).join('; '),
        reviews.filter((r) => r.problems.length).map((r) => `item ${r.index + 1} "${r.title}": ${r.problems.join('; ')}`),
      );
    }
  }

  const sum = items.reduce((s, i) => s + i.points, 0);
  const total = Math.round(clamp(caps.length ? Math.min(sum, RUBRIC_CAP) : sum, 0, 100));
  return { format: POSTMORTEM_SCORE_FORMAT, total, max: 100, grade: gradeOf(total), items, caps, flagged, actionItems: reviews };
}
