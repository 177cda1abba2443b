// Which units may hold a line containing a text (case-insensitive), from their summaries: a
// sound filter (it never rules out a unit that has a match), so searches may skip the rest.
//
// It works on words, the maximal runs of letters a-z of the lower-cased text. If a line contains
// the text, every word of the text that is inside it (letters neither at its start nor at its
// end) is a word of the line; the first word ends a word of the line, the last one starts one,
// and a text of one word lies inside a word of the line. Runs of hex letters (a-f, after an x
// for a 0x prefix) stand for generated ids and addresses and may appear anywhere. A unit's summary (logIndex.ts) knows:
//   - the words of the lines it generated while summarising, in a Bloom filter, and all such
//     words of its block in a list (to find the words a text's first and last words can be in);
//   - whether it has access, processing or flag lines, whose words all come from the dry
//     vocabulary below: the templates' own words and the scenario's names, routes and agents;
//   - which kinds of failure lines it has (its own errors, failed calls by stage, requests it
//     turned away), not generated: their words come from vocabularies per service and kind
//     (and for failed calls, per stage and cause), rendered from the templates over every choice
//     that puts letters in them (fault, exception variant, callee, zone, statement form) with
//     the scenario's names and routes. The stages are kept apart because they word a failure
//     differently: only the line of a call that failed the request names the client's exception
//     (and carries its stack); a retry or fallback names the root cause alone, and a service
//     that retries timeouts all day must not match a search for the exception it throws when
//     the retries run out.

import { accessLine, consumeLine, flagLine, ownFailureLine, refusalLine, type Line } from './templates.ts';
import { callFailureLine, type CallStage } from './clientErrors.ts';
import { callInfo } from './causes.ts';
import { publicClient, internalAgent } from './sampling.ts';
import { resourceOf } from './format.ts';
import { routesOf } from './routes.ts';
import { hashWords } from './ids.ts';
import { CAUSES, F_CALL, F_CALLS, F_FALLBACK, F_OPAQUE, F_OWN, F_PLAIN, F_REFUSE, F_RETRY, F_WORDS, LINK_FAIL_KINDS, MAX_BLOCK_WORDS, type Block } from './logIndex.ts';
import { langOf, type Lang, type View } from './view.ts';
import type { Model } from '../sim/model.ts';

const A = 97;
const Z = 122;

/** Calls `fn` with each maximal run of a-z in `lower` (already lower-cased), and its bounds. */
export function eachWord(lower: string, fn: (word: string, start: number, end: number) => void): void {
  let i = 0;
  const n = lower.length;
  while (i < n) {
    const ch = lower.charCodeAt(i);
    if (ch < A || ch > Z) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < n) {
      const cj = lower.charCodeAt(j);
      if (cj < A || cj > Z) break;
      j += 1;
    }
    fn(lower.slice(i, j), i, j);
    i = j;
  }
}

const HEX = /^x?[a-f]*$/;

/** Letters of a generated hex number (`0x` prefix included): such words may be in any line. */
export function isHexWord(w: string): boolean {
  return HEX.test(w);
}

export function wordHash(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Adds a word's two bits to the Bloom filter of unit `u`. */
function bloomAdd(bloom: Uint32Array, u: number, h: number): void {
  const b1 = h & 63;
  const b2 = (h >>> 6) & 63;
  bloom[u * 2 + (b1 >>> 5)] = (bloom[u * 2 + (b1 >>> 5)] ?? 0) | (1 << (b1 & 31));
  bloom[u * 2 + (b2 >>> 5)] = (bloom[u * 2 + (b2 >>> 5)] ?? 0) | (1 << (b2 & 31));
}

function bloomHas(bloom: Uint32Array, u: number, h: number): boolean {
  const b1 = h & 63;
  const b2 = (h >>> 6) & 63;
  return ((bloom[u * 2 + (b1 >>> 5)] ?? 0) & (1 << (b1 & 31))) !== 0 && ((bloom[u * 2 + (b2 >>> 5)] ?? 0) & (1 << (b2 & 31))) !== 0;
}

/**
 * Records the words of a generated line of unit `u`: in its Bloom filter and its block's list.
 * Returns false when the list is full and the word is new (the unit must then match any text).
 */
export function addText(blk: Block, u: number, text: string): boolean {
  let ok = true;
  eachWord(text.toLowerCase(), (w) => {
    if (isHexWord(w)) return;
    let h = blk.words.get(w);
    if (h === undefined) {
      if (blk.words.size >= MAX_BLOCK_WORDS) {
        ok = false;
        return;
      }
      h = wordHash(w);
      blk.words.set(w, h);
    }
    bloomAdd(blk.bloom, u, h);
  });
  return ok;
}

// ---------------------------------------------------------------------------------------------
// The dry vocabulary: every word an access, message-processing or flag line can contain.

const dryCache = new WeakMap<Model, Set<string>>();
const LANGS: Lang[] = ['java', 'go', 'node', 'python', 'postgres', 'redis', 'kafka'];
/** Durations that reach every unit goDuration, fixed() and int() can print. */
const DURATIONS = [0, 0.0004, 0.5, 5, 12.5, 50, 500, 999.9, 5000, 59_999, 65_000, 3_700_000];

export function dryVocabulary(v: View): Set<string> {
  const model = v.model;
  let words = dryCache.get(model);
  if (words) return words;
  const set = new Set<string>();
  words = set;
  const add = (text: string) => eachWord(text.toLowerCase(), (w) => set.add(w));
  // The templates' own words, with every field free of letters.
  for (const lang of LANGS) {
    for (const gateway of [false, true]) {
      for (const d of DURATIONS) {
        const line = accessLine(lang, gateway, { route: { method: '', path: '/' }, status: 200, durationMs: d, bytes: 1, clientIp: '0', userAgent: '0', requestId: '0', authority: '0', upstream: '0', flags: '-', isoStart: '0' });
        add(line.body);
        add(consumeLine(lang, '0', 0, 0, d).body);
      }
    }
  }
  for (const on of [false, true]) add(flagLine('0', on, 'u-0', 100).body);
  // The fields' words: endpoints, agents, hosts, response flags, ISO times, topics, flags.
  for (let h = 0; h < 64; h++) add(publicClient(h << 12).ua);
  model.services.forEach((s, i) => {
    add(s.id);
    add(resourceOf(s.id));
    add(internalAgent(v, i));
    if (s.consumes) add(s.consumes);
    for (const r of routesOf(model, i)) add(`${r.method} ${r.path}`);
  });
  for (const f of model.faults) if (f.type === 'errorRate' && f.params.endpoint) add(f.params.endpoint);
  for (const f of model.scenario.flags) add(f.id);
  add('shop.example.com UO UF UT UH 2026-01-01T00:00:00.000Z events queue');
  dryCache.set(model, set);
  return set;
}

// ---------------------------------------------------------------------------------------------
// Failure vocabularies: every word a failure line of one instance can contain.

/** Failed-call vocabularies: slots 2 + 9 * stage + cause, by the stage's index here and the cause's in CAUSES. */
const STAGES: CallStage[] = ['final', 'retry', 'fallback'];
/** The unit flag of each stage of STAGES. */
const STAGE_FLAGS = [F_CALL, F_RETRY, F_FALLBACK];
const SLOTS = 2 + STAGES.length * CAUSES.length;
/** Enough hashes to take every branch a template picks by h modulo 2, 3, 4 or 5. */
const HS = Array.from({ length: 12 }, (_, k) => k);
/** Weekdays and months, which a Java certificate date prints. */
const DATE_WORDS = 'Mon Tue Wed Thu Fri Sat Sun Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec UTC';

const routeCache = new WeakMap<Model, Set<string>>();

/** The words of every endpoint (failure lines name their own, their callee's or a proxied one). */
function routeVocabulary(model: Model): Set<string> {
  let set = routeCache.get(model);
  if (!set) {
    const words = new Set<string>();
    const add = (text: string) => eachWord(text.toLowerCase(), (w) => words.add(w));
    model.services.forEach((_, i) => {
      for (const r of routesOf(model, i)) add(`${r.method} ${r.path}`);
    });
    for (const f of model.faults) if (f.type === 'errorRate' && f.params.endpoint) add(f.params.endpoint);
    set = words;
    routeCache.set(model, set);
  }
  return set;
}

/** Vocabularies kept per run at most (a few hundred words each); beyond, they are made again. */
const MAX_FAILURE_VOCABULARIES = 2048;

function lineWords(set: Set<string>, l: Line): void {
  eachWord(l.body.toLowerCase(), (w) => set.add(w));
  if (l.stack) eachWord(l.stack.toLowerCase(), (w) => set.add(w));
}

/**
 * The words the failure lines of one kind of an instance can contain, besides the endpoints'
 * (routeVocabulary): `slot` 0 its own errors, 1 the requests it turned away, 2 + 9 * s + k its
 * failed calls at stage STAGES[s] for cause CAUSES[k].
 */
export function failureVocabulary(v: View, inst: number, slot: number): Set<string> {
  const key = inst * 32 + slot;
  const cached = v.logIndex.failWords.get(key);
  if (cached) return cached;
  const model = v.model;
  const svc = inst % model.nSvc;
  const env = Math.floor(inst / model.nSvc);
  const def = model.services[svc];
  const svcId = def?.id ?? '';
  const lang = langOf(v, svc);
  const gateway = def?.type === 'gateway';
  const set = new Set<string>();
  const add = (text: string) => eachWord(text.toLowerCase(), (w) => set.add(w));
  const route = { method: 'GET', path: '/' };
  if (slot === 0) {
    // Which fault explains it (ownChoice): a bad flag, an errorRate fault, or the stock bug.
    const choices: { flag?: string; variant: number }[] = [{ variant: hashWords(v.seed, svc) }];
    model.faults.forEach((f, fi) => {
      if (f.target !== svcId && f.target !== '*') return;
      if (f.type === 'badFeatureFlag') choices.push({ flag: f.params.flag, variant: hashWords(fi) });
      if (f.type === 'errorRate') choices.push({ variant: hashWords(fi, 7) });
    });
    for (const c of choices) for (const consumer of [false, true]) for (const h of HS) lineWords(set, ownFailureLine({ svcId, lang, route, flag: c.flag, variant: c.variant, clientIp: '0', consumer, h }));
  } else if (slot === 1) {
    for (const k of ['reject', 'expired', 'shed', 'rateLimit'] as const) for (const h of HS) lineWords(set, refusalLine(lang, gateway, k, route, { waitedMs: 1, deadlineMs: 1, queueLimit: 1, clientIp: '0', h }));
  } else {
    const cause = CAUSES[(slot - 2) % CAUSES.length] ?? 'http500';
    const stage = STAGES[Math.floor((slot - 2) / CAUSES.length)] ?? 'final';
    add(DATE_WORDS);
    for (const e of model.outEdges[svc] ?? []) {
      for (const zoneDown of cause === 'unavailable' || cause === 'timeout' ? [false, true] : [false]) {
        for (const noEndpoints of cause === 'unavailable' ? [false, true] : [false]) {
          for (const h of HS.slice(0, 4)) {
            const info = { ...callInfo(v, env, svc, e, 0, { attempt: 1, maxAttempts: 2, route, ip: '0', zoneDown, atMs: 0, h }), noEndpoints };
            lineWords(set, callFailureLine(info, cause, stage));
          }
        }
      }
    }
  }
  if (v.logIndex.failWords.size >= MAX_FAILURE_VOCABULARIES) v.logIndex.failWords.clear();
  v.logIndex.failWords.set(key, set);
  return set;
}

// ---------------------------------------------------------------------------------------------
// Queries

interface TextWord {
  /** A hex word: it may be in any line. */
  hex: boolean;
  fits: (w: string) => boolean;
}

export interface TextFilter {
  /** No letters: any line may contain it. */
  always: boolean;
  /** An access, processing or flag line may contain it. */
  plain: boolean;
  words: TextWord[];
  /** Per block: for each word of the text, the hashes of the block's words it fits (null: too many to test). */
  blocks: WeakMap<Block, (number[] | null)[]>;
  /**
   * Per instance inst: at inst * 2 the failure-line slots (failureVocabulary) looked at so far,
   * at inst * 2 + 1 those whose words admit the text.
   */
  failures: Map<number, number>;
  v: View;
}

const MAX_FIT_HASHES = 48;

/** Whether every word of the text fits a word of one of the vocabularies. */
function admits(vocabularies: Set<string>[], words: TextWord[]): boolean {
  return words.every((w) => {
    if (w.hex) return true;
    for (const voc of vocabularies) for (const x of voc) if (w.fits(x)) return true;
    return false;
  });
}

/** Whether the failure lines of `inst` in the slots of mask `want` may contain the text (see failureVocabulary). */
function failuresAdmit(f: TextFilter, inst: number, want: number): boolean {
  let known = f.failures.get(inst * 2) ?? 0;
  let ok = f.failures.get(inst * 2 + 1) ?? 0;
  const todo = want & ~known;
  if (todo !== 0) {
    const routes = routeVocabulary(f.v.model);
    for (let slot = 0; slot < SLOTS; slot++) if ((todo & (1 << slot)) !== 0 && admits([failureVocabulary(f.v, inst, slot), routes], f.words)) ok |= 1 << slot;
    known |= todo;
    f.failures.set(inst * 2, known);
    f.failures.set(inst * 2 + 1, ok);
  }
  return (ok & want) !== 0;
}

export function compileText(v: View, text: string): TextFilter {
  const lower = text.toLowerCase();
  const words: TextWord[] = [];
  eachWord(lower, (w, start, end) => {
    const atStart = start === 0;
    const atEnd = end === lower.length;
    const fits = atStart && atEnd ? (x: string) => x.includes(w) : atStart ? (x: string) => x.endsWith(w) : atEnd ? (x: string) => x.startsWith(w) : (x: string) => x === w;
    words.push({ hex: isHexWord(w), fits });
  });
  const dry = dryVocabulary(v);
  const plain = admits([dry], words);
  return { always: words.length === 0, plain, words, blocks: new WeakMap(), failures: new Map(), v };
}

/** For each word of the text, the hashes of the block's words it fits; null when a hex word or too many fit. */
function blockFits(f: TextFilter, blk: Block): (number[] | null)[] {
  let fits = f.blocks.get(blk);
  if (!fits) {
    fits = f.words.map((w) => {
      if (w.hex) return null;
      const hashes: number[] = [];
      for (const [word, h] of blk.words) {
        if (!w.fits(word)) continue;
        hashes.push(h);
        if (hashes.length > MAX_FIT_HASHES) return null;
      }
      return hashes;
    });
    f.blocks.set(blk, fits);
  }
  return fits;
}

/** Whether unit `u` of a block may hold a line containing the text. */
export function unitMayContain(blk: Block, u: number, f: TextFilter): boolean {
  return mayContain(f, blk, blk.flags[u] ?? 0, blk.causes[u] ?? 0, blk.bloom, u, blk.env * f.v.model.nSvc + (u % f.v.model.nSvc));
}

/** Whether any unit of service `svc` in a block may hold a line containing the text (from the block's unions). */
export function serviceMayContain(blk: Block, svc: number, f: TextFilter): boolean {
  return mayContain(f, blk, blk.svcFlags[svc] ?? 0, blk.svcCauses[svc] ?? 0, blk.svcBloom, svc, blk.env * f.v.model.nSvc + svc);
}

/** Per LINK_FAIL_KINDS: its vocabulary, as 0 own, 1 refusal, or 2 + s for failed calls at stage STAGES[s]. */
const LINK_KIND_SLOTS = LINK_FAIL_KINDS.map((k) => (k === 'own' ? 0 : k === 'final' ? 2 : k === 'retry' ? 3 : k === 'fallback' ? 4 : 1));

/**
 * Whether the failure lines of unit `u`'s sampled requests (counts per LINK_FAIL_KINDS, as
 * Block.linkFail keeps them) may contain the text: when not, a search generates the unit
 * without them, and so without its traces.
 */
export function linkedFailuresMayContain(blk: Block, u: number, fail: Uint16Array, f: TextFilter): boolean {
  if (f.always) return true;
  const causes = blk.causes[u] ?? 0;
  let want = 0;
  for (let i = 0; i < LINK_FAIL_KINDS.length; i++) {
    if ((fail[i] ?? 0) === 0) continue;
    const slot = LINK_KIND_SLOTS[i] ?? 0;
    want |= slot < 2 ? 1 << slot : causes << (2 + (slot - 2) * CAUSES.length);
  }
  return want !== 0 && failuresAdmit(f, blk.env * f.v.model.nSvc + (u % f.v.model.nSvc), want);
}

function mayContain(f: TextFilter, blk: Block, flags: number, causes: number, bloom: Uint32Array, at: number, inst: number): boolean {
  if (f.always) return true;
  if ((flags & F_OPAQUE) !== 0) return true;
  if ((flags & F_PLAIN) !== 0 && f.plain) return true;
  if ((flags & (F_OWN | F_CALLS | F_REFUSE)) !== 0) {
    let want = ((flags & F_OWN) !== 0 ? 1 : 0) | ((flags & F_REFUSE) !== 0 ? 2 : 0);
    for (let s = 0; s < STAGES.length; s++) if ((flags & (STAGE_FLAGS[s] ?? 0)) !== 0) want |= causes << (2 + s * CAUSES.length);
    if (failuresAdmit(f, inst, want)) return true;
  }
  if ((flags & F_WORDS) === 0) return false;
  for (const hashes of blockFits(f, blk)) {
    if (hashes === null) continue;
    let hit = false;
    for (const h of hashes) {
      if (bloomHas(bloom, at, h)) {
        hit = true;
        break;
      }
    }
    if (!hit) return false;
  }
  return true;
}
