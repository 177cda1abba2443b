// Wording checks of the postmortem rubric: blameless language (SRE book ch. 15, PagerDuty's
// "An individual's action should never be considered a root cause", the Workbook's "animated
// language") and action items that are actionable, specific and bounded (PagerDuty, after
// Lunney, Lueder and Beyer). Deterministic word lists, documented in README.md.

import type { Scenario } from '../scenario/schema.ts';

/** Words that blame whoever they are about. */
export const BLAME_WORDS = /\b(careless(?:ly|ness)?|should(?: have|'ve) known|fault of|(?:his|her|their) fault|human error|stupid(?:ity)?|negligen(?:t|ce|tly)|incompeten(?:t|ce)|sloppy|lazy|idiot(?:ic|s)?|ridiculous|dumb|clueless)\b|!!!/i;
/** Words that make a sentence about a person a sentence about the cause. */
const CAUSAL = /\b(caused?|causing|broke|broken by|breaking|responsible|fault|blamed?|because of|due to|mistakes?|error by|forgot|failed to|did ?n[o']t|should have|neglected|messed up|screwed up)\b/i;
const STRONG_CAUSAL = /\b(caused?|causing|broke|broken by|responsible|fault|blamed?|mistakes?|forgot|should have|neglected|messed up|screwed up)\b/i;
const ROLE = /\b(?:(?:the|a|an|our|that|this|one) (?:developer|engineer|dev|author|committer|intern|contractor|operator|on-?caller|dba|employee|person)|someone|somebody)\b/i;
const HANDLE = /\b[a-z]{1,3}\.[a-z]{3,}\b/g;
const NOT_PEOPLE = new Set(['Support', 'Player', 'Customer', 'Merchant', 'Partner', 'Community', 'Sales', 'Marketing', 'Security', 'Finance', 'Legal', 'Status', 'Monitoring', 'Team', 'Ops', 'Billing', 'Engineering', 'Product']);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface KnownName {
  /** As it appears in the scenario: `m.rossi`, `Priya`. */
  name: string;
  pattern: RegExp;
}

/** People the scenario names: change authors and people in the injects (handles and first names). */
export function knownNames(s: Scenario): KnownName[] {
  const out = new Map<string, RegExp>();
  const addHandle = (h: string) => {
    const surname = h.split('.')[1] ?? '';
    const alts = [escapeRe(h), ...(surname.length >= 4 ? [escapeRe(surname)] : [])];
    out.set(h, new RegExp(`(?<![\\w.])(?:${alts.join('|')})(?![\\w])`, 'i'));
  };
  for (const text of [...s.changes.map((c) => c.author), ...s.injects.map((i) => i.from)]) {
    for (const m of text.matchAll(HANDLE)) addHandle(m[0]);
  }
  for (const inj of s.injects) {
    const head = (inj.from.split('(')[0] ?? '').trim();
    if (/^[A-Z][a-z]{2,}$/.test(head) && !NOT_PEOPLE.has(head)) out.set(head, new RegExp(`\\b${escapeRe(head)}\\b`));
  }
  return [...out.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name, pattern]) => ({ name, pattern }));
}

/** Sentences of a text: split after . ! ? followed by a space, and at line breaks. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

export interface BlameFlag {
  /** Where: `summary`, `timeline[3]`, `actionItems[0].title`, … */
  section: string;
  sentence: string;
  why: string;
  /** A person (named, or a role) is presented as the cause: this caps the score. */
  personAsCause: boolean;
}

/** Flags one sentence, or returns null. `causeSection`: root cause and trigger, where naming anyone is blame. */
export function blameIn(sentence: string, section: string, names: readonly KnownName[], causeSection: boolean): BlameFlag | null {
  const named = names.filter((n) => n.pattern.test(sentence)).map((n) => n.name);
  if (named.length && (causeSection || CAUSAL.test(sentence))) {
    return { section, sentence, personAsCause: true, why: causeSection ? `names ${named.join(', ')} in the ${section === 'trigger' ? 'trigger' : 'root cause'}: describe what the system did, not who` : `names ${named.join(', ')} as the cause` };
  }
  const role = ROLE.exec(sentence);
  if (role && STRONG_CAUSAL.test(sentence)) return { section, sentence, personAsCause: true, why: `makes a person ("${role[0]}") the cause` };
  const word = BLAME_WORDS.exec(sentence);
  if (word) return { section, sentence, personAsCause: false, why: `blaming language: "${word[0]}"` };
  return null;
}

// Action items ---------------------------------------------------------------------------------

const VAGUE = /\b(investigat(?:e|ing)|improv(?:e|ing)|look(?:ing)? into|monitor better|better monitoring|make (?:it |things |this )?better|fix the (?:issue|problem|bug)|ensure|make sure|review|revisit|consider|explore|think about|try to|more robust|harden)\b/i;
const PEOPLE = /\b(be (?:more )?careful|pay (?:more )?attention|remind|train (?:engineers|people|developers|humans|the team|staff)|tell (?:engineers|people|developers)|don'?t forget|double[- ]check)\b/i;
const END_STATE = /\d|\b(so that|such that|until)\b/i;
const NOT_VERBS = new Set(['the', 'a', 'an', 'we', 'our', 'they', 'someone', 'somebody', 'maybe', 'perhaps', 'should', 'need', 'needs', 'must', 'more', 'better', 'it', 'this', 'that', 'there', 'all', 'some', 'no', 'new', 'action', 'todo', 'tbd']);

/** Problems with an action item's title; empty when it is actionable, specific and bounded. */
export function titleProblems(title: string): string[] {
  const t = title.trim();
  if (t === '') return ['no title'];
  const words = t.split(/\s+/);
  const first = (words[0] ?? '').toLowerCase().replace(/[^a-z-]/g, '');
  const out: string[] = [];
  if (NOT_VERBS.has(first) || (first.length > 4 && /(ing|tion|sion|ment|ness|ity)$/.test(first))) out.push(`does not start with a verb ("${words[0] ?? ''}")`);
  if (words.length < 4) out.push('too short to say what will be done');
  const people = PEOPLE.exec(t);
  if (people) out.push(`asks people to behave differently ("${people[0]}") instead of changing the system`);
  const vague = VAGUE.exec(t);
  if (vague && !END_STATE.test(t)) out.push(`"${vague[0]}" without a measurable end state (a number, a threshold, "so that …", "until …")`);
  return out;
}

const NO_OWNER = new Set(['', 'tbd', 'todo', '?', 'n/a', 'na', 'none', 'someone', 'anyone', 'nobody', 'unassigned']);
export const hasOwner = (owner: string): boolean => !NO_OWNER.has(owner.trim().toLowerCase());

const PLACEHOLDER = /^(tbd|todo|n\/?a|none|-|\.+|\?+|xxx)$/i;
/** Written: at least three words, not a placeholder. */
export const isWritten = (text: string): boolean => !PLACEHOLDER.test(text.trim()) && text.trim().split(/\s+/).filter((w) => /\w/.test(w)).length >= 3;
/** A list entry counts when it has some words, or says "none" explicitly. */
export const isEntry = (text: string): boolean => text.trim() !== '' && (/^none\b/i.test(text.trim()) || !PLACEHOLDER.test(text.trim()));
