// Small helpers to write commented YAML by hand: the templates are text, not serialised data,
// because the comments are the point. Every value that is not an id or a number goes through
// `quoted` (a JSON string is a valid YAML double-quoted scalar) or a block scalar.

const WIDTH = 98;

/** A YAML double-quoted scalar. */
export function quoted(text: string): string {
  return JSON.stringify(text);
}

/** Greedy word wrap; a word longer than the width gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `key: >` and the text folded under it (YAML joins the lines with spaces). */
export function folded(indent: string, key: string, text: string): string[] {
  return [`${indent}${key}: >`, ...wrap(text, WIDTH - indent.length - 2).map((l) => `${indent}  ${l}`)];
}

/** `key: |` and the text as is, line by line. */
export function literal(indent: string, key: string, text: string): string[] {
  return [`${indent}${key}: |`, ...text.split('\n').map((l) => (l === '' ? '' : `${indent}  ${l}`))];
}

/** `# …` lines, wrapped. */
export function comment(indent: string, text: string): string[] {
  return wrap(text, WIDTH - indent.length - 2).map((l) => `${indent}# ${l}`);
}

/** A section banner: a blank line, a rule with the title, and the explanation under it. */
export function banner(title: string, text: string): string[] {
  const head = `# --- ${title} `;
  return ['', `${head}${'-'.repeat(Math.max(3, WIDTH - head.length))}`, ...comment('', text)];
}

/** `{a: 1, b: "x"}` from ordered pairs; undefined values are left out. Values must be ids, numbers or booleans unless quoted by the caller. */
export function flow(pairs: [string, string | number | boolean | undefined][]): string {
  return `{${pairs.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${String(v)}`).join(', ')}}`;
}

/** A plain scalar when it is safe to leave unquoted, else a quoted one. */
export function scalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  return /^[a-z][a-z0-9-]*$/.test(value) && !['true', 'false', 'null', 'yes', 'no', 'on', 'off'].includes(value) ? value : quoted(value);
}
