// Where the cursor is in a YAML scenario, as a data path, from the text alone: which map a key
// being typed belongs to (`services[2].calls[0]`), or which field a value being typed is for.
// Works on text that does not parse (a key half typed, a value missing), because that is what
// the text looks like while someone types: lines are read by their indentation, block scalars
// and multi-line values are skipped, and flow collections (`{to: checkout, timeoutMs: 500}`,
// `[a, b]`) on the cursor's line are read token by token. No DOM, no CodeMirror: pure and tested.

export type Seg = string | number;

/** One structural token of a line: a sequence dash, or a key (with its inline value). */
export interface Entry {
  kind: 'key' | 'item';
  /** Column of the key's first character, or of the dash. */
  col: number;
  line: number;
  key?: string;
  /** The inline value after `key:` (comment stripped, trimmed); '' when none. */
  value?: string;
}

export interface CursorContext {
  /**
   * key: a key is being typed in the map at `path`; value: a value for the field at `path`
   * (its last segment is the key, or the index of a sequence item being typed).
   */
  kind: 'key' | 'value';
  path: Seg[];
  /** The text typed so far, and where it starts in the document. */
  prefix: string;
  from: number;
  /** End of the token at the cursor (for hover: the whole word). */
  to: number;
  /** Inside a flow collection (`{...}` or `[...]`): completions insert `key: `, never new lines. */
  flow: boolean;
  /** Block key context: the column keys of this map start at. */
  col: number;
  /** Keys already present in the map (key context), to leave out of completions. */
  siblings: string[];
  /** A key being typed right after `- ` (the item may be a map or a scalar). */
  afterDash: boolean;
}

interface LineScan {
  entries: Entry[];
  /** Lines after this one that belong to a value of this line (block scalar, continuation). */
  owns: 'block' | 'plain' | 'flow' | 'quote' | null;
  /** For `owns`: lines indented more than this belong to the value. */
  ownerCol: number;
  flowDepth: number;
  quote: '"' | "'" | null;
}

const BLOCK_INDICATOR = /^[|>][-+0-9]*\s*(#.*)?$/;

/** Index of the `:` that ends a plain or quoted key at the start of `s`, or -1. */
function keyColon(s: string): number {
  if (s.startsWith('"') || s.startsWith("'")) {
    const q = s[0] as string;
    let i = 1;
    while (i < s.length) {
      if (s[i] === '\\' && q === '"') i += 2;
      else if (s[i] === q) {
        if (q === "'" && s[i + 1] === "'") i += 2;
        else break;
      } else i++;
    }
    let j = i + 1;
    while (s[j] === ' ') j++;
    return s[j] === ':' && (j + 1 >= s.length || s[j + 1] === ' ' || s[j + 1] === '\t') ? j : -1;
  }
  if (s.startsWith('#') || s.startsWith('{') || s.startsWith('[') || s.startsWith('|') || s.startsWith('>')) return -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '#' && i > 0 && (s[i - 1] === ' ' || s[i - 1] === '\t')) return -1;
    if (c === ':' && (i + 1 >= s.length || s[i + 1] === ' ' || s[i + 1] === '\t')) return i;
  }
  return -1;
}

function unquote(key: string): string {
  const k = key.trim();
  if (k.length >= 2 && ((k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'")))) return k.slice(1, -1);
  return k;
}

/** A value with its trailing comment removed (quotes respected). */
export function stripComment(value: string): string {
  let q: string | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = null;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s,[{:]/.test(value[i - 1] as string)) q = c;
    } else if (c === '#' && (i === 0 || value[i - 1] === ' ' || value[i - 1] === '\t')) {
      return value.slice(0, i).trimEnd();
    }
  }
  return value.trimEnd();
}

/** Bracket depth change of a flow value (quotes respected), and an unclosed quote. */
function flowBalance(s: string, depth0: number, quote0: '"' | "'" | null): { depth: number; quote: '"' | "'" | null } {
  let depth = depth0;
  let q = quote0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = null;
      continue;
    }
    if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ')) break;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return { depth, quote: q };
}

/** The structural entries of one full line. */
function scanLine(text: string, line: number): LineScan {
  const none: LineScan = { entries: [], owns: null, ownerCol: 0, flowDepth: 0, quote: null };
  let col = 0;
  while (text[col] === ' ') col++;
  const rest0 = text.slice(col);
  if (rest0 === '' || rest0.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(text)) return none;
  const entries: Entry[] = [];
  let rest = rest0;
  while (rest === '-' || rest.startsWith('- ') || rest.startsWith('-\t')) {
    entries.push({ kind: 'item', col, line });
    let k = 1;
    while (rest[k] === ' ' || rest[k] === '\t') k++;
    col += k;
    rest = rest.slice(k);
  }
  let value = rest;
  let ownerCol = entries.length > 0 ? (entries[entries.length - 1] as Entry).col : col;
  const colon = keyColon(rest);
  if (colon >= 0) {
    const key = unquote(rest.slice(0, colon));
    value = stripComment(rest.slice(colon + 1)).trim();
    entries.push({ kind: 'key', col, line, key, value });
    ownerCol = col;
  } else {
    value = stripComment(rest).trim();
  }
  const out: LineScan = { entries, owns: null, ownerCol, flowDepth: 0, quote: null };
  if (value === '') return out;
  if (BLOCK_INDICATOR.test(value)) return { ...out, owns: 'block' };
  if (value.startsWith('{') || value.startsWith('[')) {
    const b = flowBalance(value, 0, null);
    if (b.depth > 0 || b.quote) return { ...out, owns: 'flow', flowDepth: b.depth, quote: b.quote };
    return out;
  }
  if (value.startsWith('"') || value.startsWith("'")) {
    const b = flowBalance(value, 0, null);
    if (b.quote) return { ...out, owns: 'quote', quote: b.quote };
    return out;
  }
  // A plain scalar may continue on more-indented lines (only meaningful after a key or a dash).
  return entries.length > 0 ? { ...out, owns: 'plain' } : out;
}

export interface LineModel {
  /** Entries per line (empty for blank, comment and continuation lines). */
  perLine: Entry[][];
  /** Lines that are part of a multi-line value of an earlier line: owner column, or -1. */
  ownedBy: number[];
  lineStarts: number[];
}

/** Reads every line's structure, skipping the insides of block scalars and multi-line values. */
export function lineModel(text: string): LineModel {
  const lines = text.split('\n');
  const perLine: Entry[][] = [];
  const ownedBy: number[] = [];
  const lineStarts: number[] = [];
  let at = 0;
  let owner: { kind: LineScan['owns']; col: number; depth: number; quote: '"' | "'" | null } | null = null;
  lines.forEach((raw, n) => {
    lineStarts.push(at);
    at += raw.length + 1;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (owner) {
      const indent = text.length - text.trimStart().length;
      const blank = text.trim() === '';
      if (owner.kind === 'flow' || owner.kind === 'quote') {
        const b = flowBalance(text, owner.depth, owner.quote);
        perLine.push([]);
        ownedBy.push(owner.col);
        if (b.depth <= 0 && !b.quote) owner = null;
        else owner = { ...owner, depth: b.depth, quote: b.quote };
        return;
      }
      if (blank || indent > owner.col) {
        perLine.push([]);
        ownedBy.push(owner.col);
        return;
      }
      owner = null;
    }
    const scan = scanLine(text, n);
    perLine.push(scan.entries);
    ownedBy.push(-1);
    if (scan.owns) owner = { kind: scan.owns, col: scan.ownerCol, depth: scan.flowDepth, quote: scan.quote };
  });
  return { perLine, ownedBy, lineStarts };
}

/** Index of the sequence item `entries[i]` among its siblings. */
function itemIndex(entries: readonly Entry[], i: number): number {
  const e = entries[i] as Entry;
  let idx = 0;
  for (let j = i - 1; j >= 0; j--) {
    const f = entries[j] as Entry;
    if (f.col < e.col || (f.kind === 'key' && f.col === e.col)) break;
    if (f.kind === 'item' && f.col === e.col) idx++;
  }
  return idx;
}

/** The full data path of `entries[i]` (a key: ending in its name; an item: in its index). */
export function pathOf(entries: readonly Entry[], i: number): Seg[] {
  const e = entries[i] as Entry;
  const path: Seg[] = [e.kind === 'key' ? (e.key as string) : itemIndex(entries, i)];
  let t = e.col;
  let leftSeq = e.kind === 'item';
  for (let j = i - 1; j >= 0; j--) {
    const f = entries[j] as Entry;
    if (f.col < t || (leftSeq && f.kind === 'key' && f.col === t)) {
      if (f.kind === 'key') {
        path.unshift(f.key as string);
        leftSeq = false;
      } else {
        path.unshift(itemIndex(entries, j));
        leftSeq = true;
      }
      t = f.col;
    }
  }
  return path;
}

/** Keys of the map whose keys start at `col`, around entry index `i` (exclusive), in `entries`. */
function siblingKeys(entries: readonly Entry[], i: number, col: number): string[] {
  const keys: string[] = [];
  // Items at the map's own column belong to a sibling's compact sequence (`calls:\n- to: x`).
  for (let j = i - 1; j >= 0; j--) {
    const f = entries[j] as Entry;
    if (f.col < col) break;
    if (f.col === col && f.kind === 'key') keys.push(f.key as string);
  }
  for (let j = i; j < entries.length; j++) {
    const f = entries[j] as Entry;
    if (f.col < col) break;
    if (f.col === col && f.kind === 'key') keys.push(f.key as string);
  }
  return keys;
}

interface FlowFrame {
  type: 'map' | 'seq';
  key: string | null;
  afterColon: boolean;
  index: number;
  keys: string[];
}

/** Reads a flow collection from its opening bracket up to the cursor. */
function readFlow(s: string): { frames: FlowFrame[]; token: string; tokenStart: number } {
  const frames: FlowFrame[] = [];
  let token = '';
  let tokenStart = -1;
  let q: string | null = null;
  const reset = (): void => {
    token = '';
    tokenStart = -1;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (q) {
      token += c;
      if (c === '\\' && q === '"') {
        token += s[i + 1] ?? '';
        i++;
      } else if (c === q) q = null;
      continue;
    }
    const top = frames[frames.length - 1];
    if (c === '{' || c === '[') {
      frames.push({ type: c === '{' ? 'map' : 'seq', key: null, afterColon: false, index: 0, keys: [] });
      reset();
    } else if (c === '}' || c === ']') {
      frames.pop();
      reset();
    } else if (c === ',') {
      if (top?.type === 'map') {
        top.key = null;
        top.afterColon = false;
      } else if (top) top.index++;
      reset();
    } else if (c === ':' && top?.type === 'map' && !top.afterColon && (i + 1 >= s.length || s[i + 1] === ' ' || /["']$/.test(token))) {
      top.key = unquote(token);
      top.keys.push(top.key);
      top.afterColon = true;
      reset();
    } else if (c === ' ' && tokenStart < 0) {
      // leading space before a token
    } else {
      if (tokenStart < 0) tokenStart = i;
      if ((c === '"' || c === "'") && token.trim() === '') q = c;
      token += c;
    }
  }
  return { frames, token, tokenStart };
}

const WORD = /[A-Za-z0-9_\-./*@$]/;

/** The word around `pos` in `line` (for hover): [start, end) within the line. */
export function wordAt(line: string, pos: number): [number, number] {
  let a = pos;
  let b = pos;
  while (a > 0 && WORD.test(line[a - 1] as string)) a--;
  while (b < line.length && WORD.test(line[b] as string)) b++;
  return [a, b];
}

function lineOf(model: LineModel, pos: number): number {
  const starts = model.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The context at document offset `pos`. `upto`, when given, is where the token under the cursor
 * ends (hover reads the whole word); by default the cursor itself. Null inside comments, block
 * scalars and other text where nothing can be completed.
 */
export function contextAt(text: string, pos: number, model: LineModel = lineModel(text), upto = pos): CursorContext | null {
  const n = lineOf(model, pos);
  const lineStart = model.lineStarts[n] as number;
  const lineText = text.slice(lineStart, (model.lineStarts[n + 1] ?? text.length + 1) - 1).replace(/\r$/, '');
  const before = lineText.slice(0, upto - lineStart);
  const indent = before.length - before.trimStart().length;
  const owner = model.ownedBy[n] as number;
  // Inside a block scalar or a multi-line value: plain text.
  if (owner >= 0 && indent > owner) return null;
  const above: Entry[] = model.perLine.slice(0, n).flat();
  const below: Entry[] = model.perLine.slice(n + 1).flat();

  // The cursor line's own structure up to the cursor.
  const lineEntries: Entry[] = [];
  let col = indent;
  let rest = before.slice(indent);
  if (rest.startsWith('#')) return null;
  let afterDash = false;
  while (rest === '-' ? false : rest.startsWith('- ') || rest.startsWith('-\t')) {
    lineEntries.push({ kind: 'item', col, line: n });
    let k = 1;
    while (rest[k] === ' ' || rest[k] === '\t') k++;
    col += k;
    rest = rest.slice(k);
    afterDash = true;
  }
  const colon = keyColon(rest);
  let flowAt = -1;
  let key: string | null = null;
  let valueStart = -1;
  if (colon >= 0) {
    key = unquote(rest.slice(0, colon));
    let v = colon + 1;
    while (rest[v] === ' ' || rest[v] === '\t') v++;
    valueStart = col + v;
    if (rest[v] === '{' || rest[v] === '[') flowAt = col + v;
    else if (/(^|\s)#/.test(rest.slice(colon + 1))) return null;
  } else if (rest.startsWith('{') || rest.startsWith('[')) {
    flowAt = col;
  }

  const base = (entries: Entry[]): Seg[] => pathOf(entries, entries.length - 1);

  if (flowAt >= 0) {
    const blockEntries = [...above, ...lineEntries];
    if (key !== null) blockEntries.push({ kind: 'key', col, line: n, key });
    if (blockEntries.length === 0) return null;
    const basePath = base(blockEntries);
    const flow = readFlow(before.slice(flowAt));
    if (flow.frames.length === 0) return null;
    const path = [...basePath];
    flow.frames.forEach((f, k) => {
      const last = k === flow.frames.length - 1;
      if (f.type === 'map') {
        if (!last || f.afterColon) path.push(f.key ?? '');
      } else path.push(f.index);
    });
    const top = flow.frames[flow.frames.length - 1] as FlowFrame;
    const tokenFrom = flow.tokenStart >= 0 ? lineStart + flowAt + flow.tokenStart : upto;
    const prefix = flow.token.trim();
    const from = prefix.startsWith('"') || prefix.startsWith("'") ? tokenFrom + 1 : tokenFrom;
    return {
      kind: top.type === 'map' && !top.afterColon ? 'key' : 'value',
      path,
      prefix: prefix.replace(/^["']/, ''),
      from,
      to: upto,
      flow: true,
      col: flowAt,
      siblings: top.type === 'map' ? top.keys.filter((k) => k !== prefix) : [],
      afterDash: false,
    };
  }

  if (key !== null) {
    const entries = [...above, ...lineEntries, { kind: 'key' as const, col, line: n, key }];
    const raw = before.slice(valueStart);
    if (/^[|>]/.test(raw)) return null;
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    return {
      kind: 'value',
      path: base(entries),
      prefix: quoted ? raw.slice(1) : raw,
      from: lineStart + valueStart + (quoted ? 1 : 0),
      to: upto,
      flow: false,
      col,
      siblings: [],
      afterDash: false,
    };
  }

  // A key (or a scalar item after a dash) being typed.
  if (rest !== '' && !/^[^\s:#,[\]{}][^:#]*$/.test(rest)) return null;
  if (rest.includes(' ') && !afterDash) return null;
  const virtual: Entry = { kind: 'key', col, line: n, key: '' };
  const entries = [...above, ...lineEntries, virtual];
  const path = base(entries).slice(0, -1);
  const all = [...above, ...lineEntries, ...below];
  const siblings = siblingKeys(all, above.length + lineEntries.length, col);
  return {
    kind: 'key',
    path,
    prefix: rest,
    from: lineStart + col,
    to: upto,
    flow: false,
    col,
    siblings,
    afterDash,
  };
}

/** `services[2].calls[0].to` (indices shown), or with `[]` for any index when `generic`. */
export function formatPath(path: readonly Seg[], generic = false): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += generic ? '[]' : `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(root)' : out;
}
