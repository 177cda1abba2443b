// A LogQL-like query language for the log explorer, parsed into the filters the engine's log
// search understands (LogQuery: service, env, minSeverity, text, traceId):
//
//   {service="checkout", env="prod"} |= "timeout" | level>=ERROR | trace_id="4bf92f3577b34da6a3ce929d0e0e4736"
//
// - a stream selector `{label="value", ...}` with the labels service and env (only `=`);
// - `|= "text"`: lines whose body or stack trace contain the text, case-insensitively (one);
// - `| level>=WARN` or `| level>WARN` (debug, info, warn, error, fatal; any case, quoted or not);
// - `| trace_id="<32 hex digits>"`, `| service="..."`, `| env="..."`.
// Everything else is refused with a message and the column where it went wrong, saying what
// would work instead: the engine filters by a minimum level and one text, nothing more.
// Pure: no React, no engine values.

import type { LogSeverity } from '../../../../engine/src/index.ts';

/** Levels in increasing order (the engine's SEVERITIES). */
export const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const satisfies readonly LogSeverity[];

export interface LogFilter {
  service?: string;
  env?: string;
  minSeverity?: LogSeverity;
  /** Case-insensitive substring of the body or the stack trace. */
  text?: string;
  traceId?: string;
}

export interface LogQlError {
  message: string;
  /** 1-based column of the first character at fault. */
  column: number;
  /** Characters at fault (at least 1). */
  length: number;
}

export type LogQlResult = { ok: true; filter: LogFilter } | { ok: false; error: LogQlError };

type Kind = 'lbrace' | 'rbrace' | 'comma' | 'pipe' | 'contains' | 'op' | 'string' | 'word' | 'end';

interface Token {
  kind: Kind;
  /** The token's text; for strings, the unquoted value. */
  text: string;
  /** 0-based offset and length in the source. */
  at: number;
  len: number;
}

class LogQlSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
    readonly len: number,
  ) {
    super(message);
  }
}

const LEVEL_ALIASES: Record<string, LogSeverity> = {
  debug: 'DEBUG',
  trace: 'DEBUG',
  info: 'INFO',
  notice: 'INFO',
  warn: 'WARN',
  warning: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  fatal: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
};

const OPS = ['|=', '!=', '|~', '!~', '=~', '>=', '<=', '==', '=', '>', '<'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '{' || c === '}' || c === ',') {
      out.push({ kind: c === '{' ? 'lbrace' : c === '}' ? 'rbrace' : 'comma', text: c, at: i, len: 1 });
      i += 1;
      continue;
    }
    if (c === '"' || c === '`') {
      const start = i;
      let value = '';
      i += 1;
      for (;;) {
        if (i >= src.length) throw new LogQlSyntaxError(`unterminated string: add a closing ${c}`, start, src.length - start);
        const d = src[i] as string;
        if (d === c) break;
        if (c === '"' && d === '\\') {
          const e = src[i + 1];
          if (e === undefined) throw new LogQlSyntaxError('unterminated string: add a closing "', start, src.length - start);
          const esc: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };
          const v = esc[e];
          if (v === undefined) throw new LogQlSyntaxError(`unknown escape \\${e} (use \\" \\\\ \\n or \\t)`, i, 2);
          value += v;
          i += 2;
          continue;
        }
        value += d;
        i += 1;
      }
      i += 1;
      out.push({ kind: 'string', text: value, at: start, len: i - start });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op) {
      out.push({ kind: op === '|=' ? 'contains' : 'op', text: op, at: i, len: op.length });
      i += op.length;
      continue;
    }
    if (c === '|') {
      out.push({ kind: 'pipe', text: c, at: i, len: 1 });
      i += 1;
      continue;
    }
    const word = /^[A-Za-z0-9_.:\-/]+/.exec(src.slice(i));
    if (word) {
      out.push({ kind: 'word', text: word[0], at: i, len: word[0].length });
      i += word[0].length;
      continue;
    }
    throw new LogQlSyntaxError(`unexpected character "${c}"`, i, 1);
  }
  out.push({ kind: 'end', text: '', at: src.length, len: 1 });
  return out;
}

const show = (t: Token): string => (t.kind === 'end' ? 'the end of the query' : `"${t.kind === 'string' ? (t.text.length > 24 ? `${t.text.slice(0, 24)}…` : t.text) : t.text}"`);

class Parser {
  private k = 0;
  readonly filter: LogFilter = {};
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.k] as Token;
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.k += 1;
    return t;
  }
  private fail(t: Token, message: string): never {
    throw new LogQlSyntaxError(message, t.at, t.len);
  }

  parse(): LogFilter {
    if (this.peek().kind === 'lbrace') this.selector();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end') return this.filter;
      if (t.kind === 'contains') this.lineFilter();
      else if (t.kind === 'pipe') this.labelFilter();
      else if (t.kind === 'op' && ['!=', '|~', '!~'].includes(t.text)) {
        this.fail(t, `${t.text} is not supported: only |= "text" (contains, any case) filters lines`);
      } else if (t.kind === 'lbrace') this.fail(t, 'the {…} selector must come first, once');
      else if (t.kind === 'word' || t.kind === 'string') {
        this.fail(t, `unexpected ${show(t)}: to search for text write |= "${t.text}"`);
      } else this.fail(t, `unexpected ${show(t)}: expected |= "text" or | field>=value`);
    }
  }

  private selector(): void {
    this.next(); // {
    if (this.peek().kind === 'rbrace') {
      this.next();
      return;
    }
    for (;;) {
      const label = this.next();
      if (label.kind !== 'word') this.fail(label, `expected a label (service or env), got ${show(label)}`);
      const field = label.text.toLowerCase();
      if (field !== 'service' && field !== 'env' && field !== 'environment') {
        const hint = field === 'level' || field === 'trace_id' ? `: filter it after the selector, e.g. | ${field === 'level' ? 'level>=ERROR' : 'trace_id="…"'}` : '';
        this.fail(label, `unknown label "${label.text}": the selector takes service and env${hint}`);
      }
      const op = this.next();
      if (op.kind !== 'op' || op.text !== '=') {
        this.fail(op, op.kind === 'op' ? `${op.text} is not supported in the selector: use ${label.text}="value"` : `expected = after ${label.text}, got ${show(op)}`);
      }
      const value = this.next();
      if (value.kind !== 'string') this.fail(value, `expected a quoted value, e.g. ${label.text}="${value.kind === 'word' ? value.text : '…'}"`);
      this.set(field === 'service' ? 'service' : 'env', value.text, value);
      const sep = this.next();
      if (sep.kind === 'rbrace') return;
      if (sep.kind !== 'comma') this.fail(sep, sep.kind === 'end' ? 'missing } at the end of the selector' : `expected , or } in the selector, got ${show(sep)}`);
    }
  }

  private lineFilter(): void {
    const op = this.next();
    const value = this.next();
    if (value.kind !== 'string') this.fail(value, `expected a quoted text after |=, e.g. |= "${value.kind === 'word' ? value.text : 'timeout'}"`);
    if (value.text.trim() === '') this.fail(value, 'the text to search for is empty');
    if (this.filter.text !== undefined) this.fail(op, 'only one |= text filter is supported: search for the most distinctive words');
    this.filter.text = value.text;
  }

  private labelFilter(): void {
    this.next(); // |
    const key = this.next();
    if (key.kind !== 'word') this.fail(key, key.kind === 'end' ? 'expected a filter after |, e.g. | level>=ERROR' : `expected a field after |, got ${show(key)}`);
    const field = key.text.toLowerCase();
    if (field === 'json' || field === 'logfmt' || field === 'pattern' || field === 'regexp' || field === 'line_format' || field === 'label_format') {
      this.fail(key, `| ${key.text} is not needed: lines are already parsed; filter with | level>=…, | trace_id="…" or |= "text"`);
    }
    const op = this.next();
    if (op.kind !== 'op') this.fail(op, `expected an operator after ${key.text}, e.g. ${key.text}${field === 'level' ? '>=ERROR' : '="…"'}`);
    const value = this.next();
    if (value.kind !== 'word' && value.kind !== 'string') this.fail(value, `expected a value after ${key.text}${op.text}`);
    switch (field) {
      case 'level':
      case 'severity':
      case 'lvl': {
        const lvl = LEVEL_ALIASES[value.text.toLowerCase()];
        if (!lvl) this.fail(value, `unknown level ${show(value)}: use debug, info, warn, error or fatal`);
        let min: LogSeverity;
        if (op.text === '>=') min = lvl;
        else if (op.text === '>') {
          const above = LEVELS[LEVELS.indexOf(lvl) + 1];
          if (!above) this.fail(value, 'no level is above FATAL');
          min = above;
        } else if (op.text === '=' || op.text === '==') {
          if (lvl !== 'FATAL') this.fail(op, `only minimum levels are supported: write ${key.text}>=${value.text}`);
          min = lvl;
        } else this.fail(op, `${op.text} is not supported for ${key.text}: write ${key.text}>=${value.text}`);
        if (this.filter.minSeverity !== undefined && this.filter.minSeverity !== min) this.fail(key, 'the level is filtered twice: keep one');
        this.filter.minSeverity = min;
        return;
      }
      case 'trace_id':
      case 'traceid':
      case 'trace': {
        if (op.text !== '=' && op.text !== '==') this.fail(op, `${op.text} is not supported for ${key.text}: write ${key.text}="…"`);
        const id = value.text.trim().toLowerCase();
        if (!/^[0-9a-f]{32}$/.test(id)) this.fail(value, `a trace id is 32 hex digits (got ${id.length} character${id.length === 1 ? '' : 's'}${/^[0-9a-f]*$/.test(id) ? '' : ', not all hex'})`);
        this.set('traceId', id, value);
        return;
      }
      case 'service':
      case 'env':
      case 'environment': {
        if (op.text !== '=' && op.text !== '==') this.fail(op, `${op.text} is not supported for ${key.text}: write ${key.text}="…"`);
        this.set(field === 'service' ? 'service' : 'env', value.text, value);
        return;
      }
      default:
        this.fail(key, `unknown field "${key.text}": filter by level, trace_id, service or env (or |= "text")`);
    }
  }

  private set(field: 'service' | 'env' | 'traceId', value: string, at: Token): void {
    if (value.trim() === '') this.fail(at, `${field === 'traceId' ? 'trace_id' : field} is empty`);
    const prev = this.filter[field];
    if (prev !== undefined && prev !== value) this.fail(at, `${field === 'traceId' ? 'trace_id' : field} is set twice ("${prev}" and "${value}"): keep one`);
    this.filter[field] = value;
  }
}

export function parseLogQl(src: string): LogQlResult {
  try {
    return { ok: true, filter: new Parser(tokenize(src)).parse() };
  } catch (err) {
    if (err instanceof LogQlSyntaxError) return { ok: false, error: { message: err.message, column: err.at + 1, length: Math.max(1, err.len) } };
    throw err;
  }
}

const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;

/** The canonical text of a filter: what the pickers write back into the query bar. */
export function formatLogQl(f: LogFilter): string {
  const parts: string[] = [];
  const sel = [f.service !== undefined ? `service=${quote(f.service)}` : '', f.env !== undefined ? `env=${quote(f.env)}` : ''].filter(Boolean);
  if (sel.length) parts.push(`{${sel.join(', ')}}`);
  if (f.text !== undefined) parts.push(`|= ${quote(f.text)}`);
  if (f.minSeverity !== undefined) parts.push(`| level>=${f.minSeverity}`);
  if (f.traceId !== undefined) parts.push(`| trace_id=${quote(f.traceId)}`);
  return parts.join(' ');
}
