// A tiny document model shared by the Markdown and HTML renderers, so both exports carry the
// same content and escaping lives in one place per format. All text in blocks is plain text.

export type Block =
  | { kind: 'h'; level: 1 | 2 | 3; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'list'; items: string[]; ordered?: boolean }
  | { kind: 'table'; head: string[]; rows: string[][]; right?: number[] }
  | { kind: 'kv'; rows: [string, string][] };

/** `1,234,567`. */
export const whole = (n: number): string => {
  const r = Math.round(n);
  return `${r < 0 ? '-' : ''}${String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
};
export const fixed = (n: number, d: number): string => (Number.isFinite(n) ? n.toFixed(d) : '-');
export const pts = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

// Markdown ---------------------------------------------------------------------------------

/** Inline text: Markdown and HTML syntax characters escaped, line breaks folded. */
export function mdInline(text: string): string {
  return text.replace(/\r?\n+/g, ' ').replace(/([\\`*_[\]<>|~])/g, '\\$1').replace(/&/g, '&amp;');
}

/** One line: inline escaping, and block syntax at its start (a list, heading or quote) neutralised. */
export function mdLine(text: string): string {
  return mdInline(text).replace(/^(\s*)([-+=#])/, '$1\\$2').replace(/^(\s*)(\d+)([.)])/, '$1$2\\$3');
}

/** A paragraph: escaped line by line, with hard line breaks. */
function mdPara(text: string): string {
  return text.split(/\r?\n/).map(mdLine).join('  \n');
}

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h':
        out.push(`${'#'.repeat(b.level)} ${mdInline(b.text)}`);
        break;
      case 'p':
        out.push(mdPara(b.text));
        break;
      case 'note':
        out.push(`_${mdInline(b.text)}_`);
        break;
      case 'list':
        out.push(b.items.length ? b.items.map((x, i) => `${b.ordered ? `${i + 1}.` : '-'} ${mdLine(x)}`).join('\n') : '_(none)_');
        break;
      case 'kv':
        out.push(b.rows.map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`).join('\n'));
        break;
      case 'table': {
        if (b.rows.length === 0) {
          out.push('_(none)_');
          break;
        }
        const line = (cells: string[]) => `| ${cells.map((c) => mdInline(c) || ' ').join(' | ')} |`;
        out.push([line(b.head), `|${b.head.map((_, i) => ((b.right ?? []).includes(i) ? '---:' : '---')).join('|')}|`, ...b.rows.map(line)].join('\n'));
        break;
      }
    }
  }
  return `${out.join('\n\n')}\n`;
}

// HTML -------------------------------------------------------------------------------------

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1f24; margin: 0 auto; max-width: 60rem; padding: 2rem 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
p { margin: .4rem 0; white-space: pre-wrap; }
.note { color: #57606a; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: 12.5px; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
ul, ol { margin: .4rem 0; padding-left: 1.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  table, ul, ol, dl { break-inside: auto; }
  tr { break-inside: avoid; }
  @page { margin: 15mm; }
}`;

export function renderHtml(title: string, blocks: readonly Block[]): string {
  const e = escapeHtml;
  const body: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'h':
        body.push(`<h${b.level}>${e(b.text)}</h${b.level}>`);
        break;
      case 'p':
        body.push(`<p>${e(b.text)}</p>`);
        break;
      case 'note':
        body.push(`<p class="note">${e(b.text)}</p>`);
        break;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        body.push(b.items.length ? `<${tag}>${b.items.map((x) => `<li>${e(x)}</li>`).join('')}</${tag}>` : '<p class="note">(none)</p>');
        break;
      }
      case 'kv':
        body.push(`<dl>${b.rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`);
        break;
      case 'table': {
        if (b.rows.length === 0) {
          body.push('<p class="note">(none)</p>');
          break;
        }
        const cls = (i: number) => ((b.right ?? []).includes(i) ? ' class="r"' : '');
        body.push(
          `<table><thead><tr>${b.head.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${e(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
        );
        break;
      }
    }
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
