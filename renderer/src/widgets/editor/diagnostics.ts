// The worker's validation messages (the same `file:line:col: path: message (hint: …)` as
// `firedrill validate`) as editor diagnostics: each issue's line and column become a range over
// the token there (a key, a scalar, a quoted string, a flow collection's bracket), so the squiggle
// sits under what is wrong rather than on a single character.

import type { ScenarioIssue } from '../../../../engine/src/index.ts';

export interface EditorDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
  /** The issue as `firedrill validate` prints it, without the file name. */
  issue: ScenarioIssue;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The range of the token at 1-based `line`:`col` in `text`. Always within the text. */
export function issueRange(text: string, line: number, col: number, starts: number[] = lineStarts(text)): { from: number; to: number } {
  const l = Math.max(1, Math.min(line, starts.length)) - 1;
  const lineStart = starts[l] as number;
  const lineEnd = l + 1 < starts.length ? (starts[l + 1] as number) - 1 : text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  let c = Math.max(0, Math.min(col - 1, lineText.length));
  // Past the end of the line (or on its indentation): the line's content.
  // Past the end of the line: its last token.
  if (c >= lineText.trimEnd().length) {
    c = Math.max(0, lineText.trimEnd().length - 1);
    while (c > 0 && !/[\s:,{[]/.test(lineText[c - 1] as string)) c--;
  }
  while (c < lineText.length && lineText[c] === ' ' && c < lineText.trimEnd().length - 1) c++;
  const ch = lineText[c];
  let end = c + 1;
  if (ch === '"' || ch === "'") {
    end = c + 1;
    while (end < lineText.length && lineText[end] !== ch) end += lineText[end] === '\\' && ch === '"' ? 2 : 1;
    end = Math.min(lineText.length, end + 1);
  } else if (ch === '{' || ch === '[' || ch === '|' || ch === '>' || ch === '-') {
    end = c + 1;
  } else if (ch !== undefined) {
    // A plain scalar or key: up to `: `, a comma or bracket of a flow collection, or a comment.
    while (end < lineText.length) {
      const x = lineText[end];
      if (x === ',' || x === '}' || x === ']') break;
      if (x === ':' && (end + 1 >= lineText.length || lineText[end + 1] === ' ')) break;
      if (x === '#' && lineText[end - 1] === ' ') break;
      end++;
    }
    while (end > c + 1 && lineText[end - 1] === ' ') end--;
  }
  const from = lineStart + c;
  const to = Math.max(from, Math.min(lineStart + end, lineEnd));
  return { from, to: to === from && lineEnd > from ? from + 1 : to };
}

/** One diagnostic per issue, in the text's order; the message reads as the CLI prints it. */
export function toDiagnostics(text: string, issues: readonly ScenarioIssue[]): EditorDiagnostic[] {
  const starts = lineStarts(text);
  return issues.map((issue) => {
    const { from, to } = issueRange(text, issue.line, issue.col, starts);
    const head = `${issue.path}: ${issue.message}`;
    return { from, to, severity: issue.severity, message: issue.hint === undefined ? head : `${head} (hint: ${issue.hint})`, issue };
  });
}
