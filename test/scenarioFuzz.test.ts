// Property tests for the scenario loader, the one door for untrusted text: whatever comes in,
// it answers with a result, never an exception, and every issue points inside the text.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, validateScenarioObject } from '../engine/src/scenario/load.ts';
import type { LoadResult } from '../engine/src/scenario/load.ts';

const VALID = `apiVersion: firedrill/v1
kind: Scenario
metadata: {id: checkout-bad-deploy, title: "Bad deploy", summary: "…", difficulty: beginner, durationMinutes: 45, objectives: ["Roll back"], tags: [deploy]}
seed: 42
start: 2026-03-10T09:30:00Z
services:
  - id: checkout
    type: api
    replicas: 3
    concurrency: 8
    serviceTimeMs: 40
    calls: [{to: payments, perRequest: 1, timeoutMs: 2000, retries: 2}]
  - id: payments
    type: external
    replicas: 2
    concurrency: 50
    serviceTimeMs: 120
traffic: [{entry: checkout, rps: 120, pattern: constant}]
slos: [{id: checkout-availability, service: checkout, indicator: availability, objective: 0.999, windowDays: 30}]
alerts: [{id: checkout-fast-burn, type: burnRate, slo: checkout-availability, longWindow: 1h, shortWindow: 5m, burnRate: 14.4, severity: page}]
changes: [{id: deploy-142, at: -20m, type: deploy, service: checkout, version: v1.42.0, summary: "…"}]
faults: [{id: bad-build, type: errorRate, target: checkout, start: 5m, duration: 10m, causedBy: deploy-142, params: {ratio: 0.15}}]
`;

/** The result is one of the two documented shapes, and every issue lies inside `text`. */
function expectWellFormed(result: LoadResult, text: string): void {
  const lines = text.split('\n');
  const issues = result.ok ? result.warnings : result.issues;
  if (!result.ok) expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
  else expect(result.scenario.apiVersion).toBe('firedrill/v1');
  expect(issues.length).toBeLessThanOrEqual(200);
  let last = [0, 0];
  for (const issue of issues) {
    expect(issue.file).toBe('fuzz.yaml');
    expect(issue.message.length).toBeGreaterThan(0);
    expect(issue.path.length).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(issue.severity);
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lines.length);
    expect(issue.col).toBeGreaterThanOrEqual(1);
    expect(issue.col).toBeLessThanOrEqual((lines[issue.line - 1]?.length ?? 0) + 1);
    expect(issue.line > (last[0] ?? 0) || (issue.line === last[0] && issue.col >= (last[1] ?? 0))).toBe(true);
    last = [issue.line, issue.col];
  }
}

function load(text: string): LoadResult {
  const result = loadScenario(text, 'fuzz.yaml');
  expectWellFormed(result, text);
  return result;
}

describe('loadScenario on random input', () => {
  it('accepts the fixture, so mutations start from a valid text', () => {
    expect(load(VALID).ok).toBe(true);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        load(String.fromCharCode(...bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        load(text);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on YAML-looking text built from its punctuation', () => {
    const token = fc.constantFrom('a', ': ', '- ', '\n', '  ', '[', ']', '{', '}', ',', '&x ', '*x', '!t ', '? ', '"', "'", '|\n', '#', '---\n', '<<: ', '__proto__: ', '%YAML 1.1\n', '1e400', '.nan');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => {
        load(parts.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary already-parsed values', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true }), (value) => {
        const result = validateScenarioObject(value, 'obj');
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

type Mutation =
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapChars'; at: number }
  | { kind: 'insertKey'; at: number; key: string; value: string }
  | { kind: 'numberToString'; at: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swapChars' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insertKey' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom('replica', 'tpye', '__proto__', '<<', 'calls', 'id'), fc.string({ minLength: 1, maxLength: 8 })),
    value: fc.oneof(fc.constantFrom('3', 'abc', '[]', '{}', '-5m', 'null', '*nope'), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('numberToString' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = m.at % lines.length;
  switch (m.kind) {
    case 'deleteLine':
      return lines.filter((_, i) => i !== line).join('\n');
    case 'duplicateLine':
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
    case 'swapChars': {
      const i = m.at % Math.max(1, text.length - 1);
      return text.slice(0, i) + text.charAt(i + 1) + text.charAt(i) + text.slice(i + 2);
    }
    case 'insertKey': {
      const indent = /^\s*(?:- )?/.exec(lines[line] ?? '')?.[0].replace('-', ' ') ?? '';
      return [...lines.slice(0, line), `${indent}${m.key}: ${m.value}`, ...lines.slice(line)].join('\n');
    }
    case 'numberToString': {
      const numbers = [...text.matchAll(/\d+(\.\d+)?/g)];
      const hit = numbers[m.at % Math.max(1, numbers.length)];
      if (!hit) return text;
      return text.slice(0, hit.index) + `"n${hit[0]}"` + text.slice(hit.index + hit[0].length);
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
  }
}

describe('loadScenario on mutations of a valid scenario', () => {
  it('never throws and points every issue inside the text', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        load(mutations.reduce(mutate, VALID));
      }),
      { numRuns: 300 },
    );
  });
});

describe('loadScenario against resource exhaustion', () => {
  function elapsedMs(run: () => void): number {
    const start = performance.now();
    run();
    return performance.now() - start;
  }

  it('refuses a billion-laughs alias bomb in well under a second', () => {
    const names = 'abcdefghij';
    let bomb = `${names[0]}: &${names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n`;
    for (let i = 1; i < names.length; i++) {
      const prev = `*${names[i - 1]}`;
      bomb += `${names[i]}: &${names[i]} [${Array(9).fill(prev).join(', ')}]\n`;
    }
    let result: LoadResult | undefined;
    expect(elapsedMs(() => (result = load(bomb)))).toBeLessThan(1000);
    expect(result?.ok).toBe(false);
    expect(!result?.ok && result?.issues[0]?.message).toMatch(/alias bomb/);
  });

  it('refuses a 5 MB file before parsing it', () => {
    const big = `${VALID}injects:\n${'  - {id: x, at: 1m, kind: chat, from: a, subject: b, body: c}\n'.repeat(90_000)}`;
    expect(big.length).toBeGreaterThan(5_000_000);
    let result: LoadResult | undefined;
    expect(elapsedMs(() => (result = load(big)))).toBeLessThan(1000);
    expect(!result?.ok && result?.issues.map((i) => i.message)).toEqual(['the file is larger than 2 MB, the most a scenario may be']);
  });

  it.each([
    ['flow sequences', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['flow maps', '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['block sequences', `${'- '.repeat(10_000)}x\n`],
    ['unclosed brackets', '['.repeat(10_000)],
  ])('refuses 10 000-deep %s without overflowing the stack', (_, text) => {
    const result = load(text);
    expect(!result.ok && result.issues.map((i) => i.message)).toEqual(['nesting is deeper than 64 levels; a scenario needs fewer than 10']);
  });

  it('refuses a map with 150 000 keys without checking them for duplicates', () => {
    const text = Array.from({ length: 150_000 }, (_, i) => `k${i}: x`).join('\n');
    let result: LoadResult | undefined;
    expect(elapsedMs(() => (result = load(text)))).toBeLessThan(5000);
    expect(!result?.ok && result?.issues.map((i) => i.message)).toEqual(['a map with 150000 entries; no map in a scenario has more than 100']);
  });

  it('refuses a 10 000-long alias chain', () => {
    let chain = '- &a0 [x]\n';
    for (let i = 1; i < 10_000; i++) chain += `- &a${i} [*a${i - 1}]\n`;
    const result = load(chain);
    expect(!result.ok && result.issues[0]?.message).toMatch(/alias bomb/);
  });
});
