// The worker's validation issues (`firedrill validate`'s messages, with line and column) become
// editor ranges under the offending token: a key, a value, a quoted string, a flow map's entry.

import { describe, expect, it } from 'vitest';
import checkoutYaml from '../../../../scenarios/checkout-bad-deploy.yaml?raw';
import { createAuthor } from '../../worker/author.ts';
import { issueRange, toDiagnostics } from './diagnostics.ts';

const author = createAuthor();

function diagnose(text: string) {
  const v = author.validate({ text, file: 'x.yaml' });
  return toDiagnostics(text, v.issues);
}

describe('issueRange', () => {
  const text = 'a: 1\n  key: "quoted value" # c\n  - {to: x, timeoutMs: bad}\n\nlast';
  it('covers a plain key or value up to the colon, comma or comment', () => {
    expect(text.slice(issueRange(text, 2, 3).from, issueRange(text, 2, 3).to)).toBe('key');
    expect(text.slice(issueRange(text, 3, 24).from, issueRange(text, 3, 24).to)).toBe('bad');
    expect(text.slice(issueRange(text, 3, 10).from, issueRange(text, 3, 10).to)).toBe('x');
  });
  it('covers a quoted string with its quotes', () => {
    const r = issueRange(text, 2, 8);
    expect(text.slice(r.from, r.to)).toBe('"quoted value"');
  });
  it('stays within the text for positions past a line, an empty line or the end', () => {
    expect(issueRange(text, 1, 99)).toEqual({ from: 3, to: 4 });
    const empty = issueRange(text, 4, 1);
    expect(empty.from).toBeGreaterThanOrEqual(0);
    expect(empty.to).toBeLessThanOrEqual(text.length);
    expect(issueRange(text, 99, 1).to).toBeLessThanOrEqual(text.length);
  });
});

describe('toDiagnostics', () => {
  it('puts a wrong value under the value, with the message firedrill validate prints', () => {
    const text = checkoutYaml.replace('    replicas: 4\n', '    replicas: four\n');
    const [d] = diagnose(text);
    expect(d?.severity).toBe('error');
    expect(text.slice(d?.from, d?.to)).toBe('four');
    expect(d?.message).toBe('services[1].replicas: expected a number, got a string "four"');
  });

  it('puts an unknown field under its key, with the hint', () => {
    const text = checkoutYaml.replace('    concurrency: 16\n', '    concurency: 16\n');
    const ds = diagnose(text);
    const d = ds.find((x) => x.issue.path === 'services[1].concurency');
    // The missing field is marked on the map it belongs to.
    expect(ds.find((x) => x.issue.message === 'missing required field "concurrency"')).toBeDefined();
    expect(text.slice(d?.from, d?.to)).toBe('concurency');
    expect(d?.message).toMatch(/unknown field "concurency" \(hint: did you mean "concurrency"\?\)$/);
  });

  it('puts a dangling reference in a flow map under the id', () => {
    const text = checkoutYaml.replace('{to: payments, perRequest: 1', '{to: paymnts, perRequest: 1');
    const ds = diagnose(text);
    const d = ds.find((x) => x.issue.path.endsWith('.to'));
    expect(d).toBeDefined();
    expect(text.slice(d?.from, d?.to)).toBe('paymnts');
  });

  it('marks a YAML syntax error where the parser stopped', () => {
    const text = checkoutYaml.replace('  tags: [deploy, rollback, beginner]', '  tags: [deploy, rollback, beginner');
    const ds = diagnose(text);
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) {
      expect(d.from).toBeGreaterThanOrEqual(0);
      expect(d.to).toBeLessThanOrEqual(text.length);
    }
  });
});
