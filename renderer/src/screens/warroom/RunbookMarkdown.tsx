// The Markdown that runbooks are written in, as React elements: headings, paragraphs, ordered and
// bulleted lists (nested by indentation), fenced code, inline code, bold, italics, block quotes,
// rules and pipe tables. Links are shown as text with their address, not followed. Scenario files
// are user input: nothing here becomes HTML, every string is a React text node.

import type { ReactNode } from 'react';

export type MdBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'para'; text: string }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { kind: 'quote'; blocks: MdBlock[] }
  | { kind: 'table'; align: ('left' | 'center' | 'right' | null)[]; head: string[]; rows: string[][] }
  | { kind: 'rule' };

const FENCE = /^\s*(```|~~~)\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

const indentOf = (line: string): number => (line.match(/^\s*/)?.[0] ?? '').replace(/\t/g, '    ').length;

function splitRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      cur += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

function startsBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  return FENCE.test(line) || HEADING.test(line) || ITEM.test(line) || RULE.test(line) || /^\s*>/.test(line) || (line.trim().startsWith('|') && TABLE_SEP.test(lines[i + 1] ?? ''));
}

/** Parses Markdown text into blocks. */
export function parseMarkdown(text: string): MdBlock[] {
  return parseLines(text.replace(/\r\n?/g, '\n').split('\n'));
}

function parseLines(lines: readonly string[]): MdBlock[] {
  const out: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = line.match(FENCE);
    if (fence) {
      const body: string[] = [];
      const indent = indentOf(line);
      i++;
      while (i < lines.length && !(lines[i] as string).trim().startsWith(fence[1] as string)) {
        const l = lines[i++] as string;
        body.push(l.slice(Math.min(indent, indentOf(l))));
      }
      i++; // the closing fence (or the end)
      out.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = line.match(HEADING);
    if (heading) {
      out.push({ kind: 'heading', level: (heading[1] as string).length, text: heading[2] as string });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (line.trim().startsWith('|') && TABLE_SEP.test(lines[i + 1] ?? '')) {
      const head = splitRow(line);
      const align = splitRow(lines[i + 1] as string).map((c) => (c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : c.startsWith(':') ? 'left' : null));
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && (lines[i] as string).trim().startsWith('|')) rows.push(splitRow(lines[i++] as string));
      out.push({ kind: 'table', align, head, rows });
      continue;
    }
    if (/^\s*>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i] as string)) body.push((lines[i++] as string).replace(/^\s*>\s?/, ''));
      out.push({ kind: 'quote', blocks: parseLines(body) });
      continue;
    }
    const item = line.match(ITEM);
    if (item) {
      const base = indentOf(line);
      const ordered = /\d/.test(item[2] as string);
      const items: string[][] = [];
      let cur: string[] | null = null;
      while (i < lines.length) {
        const l = lines[i] as string;
        const m = l.match(ITEM);
        if (m && indentOf(l) === base && /\d/.test(m[2] as string) === ordered) {
          cur = [m[3] as string];
          items.push(cur);
          i++;
          continue;
        }
        if (l.trim() === '') {
          // A blank line continues the list only if what follows is indented or another item.
          const next = lines[i + 1];
          if (next !== undefined && next.trim() !== '' && (indentOf(next) > base || (ITEM.test(next) && indentOf(next) === base))) {
            cur?.push('');
            i++;
            continue;
          }
          break;
        }
        if (indentOf(l) > base && cur) {
          cur.push(l);
          i++;
          continue;
        }
        // A lazy continuation line of the item's paragraph.
        if (cur && !startsBlock(lines, i) && (cur[cur.length - 1] ?? '') !== '') {
          cur.push(l);
          i++;
          continue;
        }
        break;
      }
      const start = ordered ? Number.parseInt(item[2] as string, 10) : 1;
      out.push({ kind: 'list', ordered, start, items: items.map((it) => parseLines(dedent(it))) });
      continue;
    }
    const para: string[] = [line.trim()];
    i++;
    while (i < lines.length && (lines[i] as string).trim() !== '' && !startsBlock(lines, i)) para.push((lines[i++] as string).trim());
    out.push({ kind: 'para', text: para.join(' ') });
  }
  return out;
}

/** The first line as is, the rest dedented by their common indentation. */
function dedent(item: readonly string[]): string[] {
  const rest = item.slice(1);
  const ind = Math.min(...rest.filter((l) => l.trim() !== '').map(indentOf), Infinity);
  return [item[0] as string, ...rest.map((l) => (Number.isFinite(ind) ? l.slice(ind) : l))];
}

/** Inline Markdown as React nodes: `code`, **bold**, *italics*, [links](shown as text). */
export function renderInline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let buf = '';
  let k = 0;
  const flush = (): void => {
    if (buf) out.push(buf);
    buf = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest.startsWith('`')) {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push(<code key={`${keyPrefix}${k++}`}>{text.slice(i + 1, end)}</code>);
        i = end + 1;
        continue;
      }
    }
    const strong = rest.match(/^(\*\*|__)(?=\S)([\s\S]*?\S)\1/);
    if (strong) {
      flush();
      out.push(<strong key={`${keyPrefix}${k++}`}>{renderInline(strong[2] as string, `${keyPrefix}${k}-`)}</strong>);
      i += strong[0].length;
      continue;
    }
    const em = rest.match(/^\*(?=\S)([^*]*?\S)\*/);
    if (em) {
      flush();
      out.push(<em key={`${keyPrefix}${k++}`}>{renderInline(em[1] as string, `${keyPrefix}${k}-`)}</em>);
      i += em[0].length;
      continue;
    }
    const link = rest.match(/^\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/);
    if (link) {
      flush();
      out.push(
        <span key={`${keyPrefix}${k++}`} className="md-link">
          {renderInline(link[1] as string, `${keyPrefix}${k}-`)}
          <span className="md-url"> ({link[2]})</span>
        </span>,
      );
      i += link[0].length;
      continue;
    }
    if (rest.startsWith('\\') && rest.length > 1 && /[\\`*_[\]()#+\-.!|>]/.test(rest[1] as string)) {
      buf += rest[1];
      i += 2;
      continue;
    }
    buf += text[i];
    i++;
  }
  flush();
  return out;
}

function Block({ b, tight }: { b: MdBlock; tight?: boolean }) {
  switch (b.kind) {
    case 'heading': {
      const H = (['h2', 'h3', 'h4', 'h5', 'h5', 'h5'] as const)[b.level - 1] ?? 'h5';
      return <H className={`md-h md-h${b.level}`}>{renderInline(b.text)}</H>;
    }
    case 'para':
      return tight ? <>{renderInline(b.text)}</> : <p>{renderInline(b.text)}</p>;
    case 'code':
      return (
        <pre className="md-code">
          <code>{b.text}</code>
        </pre>
      );
    case 'rule':
      return <hr />;
    case 'quote':
      return (
        <blockquote>
          <Blocks blocks={b.blocks} />
        </blockquote>
      );
    case 'table':
      return (
        <div className="md-table-wrap">
          <table className="md-table">
            <thead>
              <tr>
                {b.head.map((c, j) => (
                  <th key={j} style={b.align[j] ? { textAlign: b.align[j] ?? undefined } : undefined}>
                    {renderInline(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r, ri) => (
                <tr key={ri}>
                  {b.head.map((_, j) => (
                    <td key={j} style={b.align[j] ? { textAlign: b.align[j] ?? undefined } : undefined}>
                      {renderInline(r[j] ?? '')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'list': {
      const items = b.items.map((blocks, j) => {
        const only = blocks.length === 1 && blocks[0]?.kind === 'para';
        return <li key={j}>{only ? <Block b={blocks[0] as MdBlock} tight /> : <Blocks blocks={blocks} tightFirst />}</li>;
      });
      return b.ordered ? <ol start={b.start === 1 ? undefined : b.start}>{items}</ol> : <ul>{items}</ul>;
    }
  }
}

function Blocks({ blocks, tightFirst }: { blocks: MdBlock[]; tightFirst?: boolean }) {
  return (
    <>
      {blocks.map((b, j) => (
        <Block key={j} b={b} tight={tightFirst && j === 0 && b.kind === 'para' && blocks[1]?.kind === 'list'} />
      ))}
    </>
  );
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  const blocks = parseMarkdown(text);
  return (
    <div className={`md${className ? ` ${className}` : ''}`}>
      <Blocks blocks={blocks} />
    </div>
  );
}
