// Format on save: one indentation style, comments kept where they were, the data unchanged, long
// flow maps and strings left on their line, and formatting twice changes nothing more.

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import checkoutYaml from '../../../../scenarios/checkout-bad-deploy.yaml?raw';
import retryStormYaml from '../../../../scenarios/game-retry-storm.yaml?raw';
import { formatYaml } from './format.ts';

const messy = `# yaml-language-server: $schema=./scenario.schema.json
# The top comment stays on top.
apiVersion: firedrill/v1   # the version
metadata:
    id: demo    # id comment
    tags: [ a,  b ]   # flow list comment
    summary: >
      A folded paragraph
      over two lines.
services:
- id: a
  # before calls
  calls:
     - {to: b,   timeoutMs: 5}  # call comment
     - {to: c, perRequest: 0.5, timeoutMs: 250, retries: 2, pool: 10, critical: false, onMiss: d}
  replicas: 3

# before faults
faults: []
# trailing comment
`;

describe('formatYaml', () => {
  it('re-indents consistently and keeps every comment where it was', () => {
    const r = formatYaml(messy);
    if (!r.ok) throw new Error(r.message);
    expect(r.changed).toBe(true);
    expect(r.text).toBe(`# yaml-language-server: $schema=./scenario.schema.json
# The top comment stays on top.
apiVersion: firedrill/v1 # the version
metadata:
  id: demo # id comment
  tags: [a, b] # flow list comment
  summary: >
    A folded paragraph over two lines.
services:
  - id: a
    # before calls
    calls:
      - {to: b, timeoutMs: 5} # call comment
      - {to: c, perRequest: 0.5, timeoutMs: 250, retries: 2, pool: 10, critical: false, onMiss: d}
    replicas: 3

# before faults
faults: []

# trailing comment
`);
    expect(parse(r.text)).toEqual(parse(messy));
  });

  it('leaves the data of the built-in scenarios unchanged, their comments included, and is idempotent', () => {
    for (const text of [checkoutYaml, retryStormYaml]) {
      const r = formatYaml(text);
      if (!r.ok) throw new Error(r.message);
      expect(parse(r.text)).toEqual(parse(text));
      const comments = (s: string) => s.split('\n').filter((l) => /(^|\s)#\s/.test(l)).map((l) => l.slice(l.search(/(^|\s)#\s/)).trim());
      expect(comments(r.text)).toEqual(comments(text));
      const again = formatYaml(r.text);
      expect(again).toEqual({ ok: true, text: r.text, changed: false });
      // Long one-line flow maps stay on one line.
      expect(r.text.split('\n').filter((l) => l.trimStart().startsWith('- {')).length).toBe(text.split('\n').filter((l) => l.trimStart().startsWith('- {')).length);
    }
  });

  it('refuses text that is not valid YAML, saying where', () => {
    const r = formatYaml('a: [1, 2\nb: 3\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^Fix the YAML first/);
  });
});
