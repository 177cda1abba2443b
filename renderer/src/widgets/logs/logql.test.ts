import { describe, expect, it } from 'vitest';
import { formatLogQl, parseLogQl, type LogFilter } from './logql.ts';

const ok = (src: string): LogFilter => {
  const r = parseLogQl(src);
  if (!r.ok) throw new Error(`${src}: column ${r.error.column}: ${r.error.message}`);
  return r.filter;
};
const bad = (src: string) => {
  const r = parseLogQl(src);
  if (r.ok) throw new Error(`${src} parsed: ${JSON.stringify(r.filter)}`);
  return r.error;
};

const ID = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('parseLogQl: queries that work', () => {
  it.each<[string, LogFilter]>([
    ['', {}],
    ['   ', {}],
    ['{}', {}],
    ['{service="checkout"}', { service: 'checkout' }],
    [`{service="checkout", env="prod"} |= "timeout" | level>=ERROR | trace_id="${ID}"`, { service: 'checkout', env: 'prod', text: 'timeout', minSeverity: 'ERROR', traceId: ID }],
    ['{ env = "staging" , service = "edge" }', { env: 'staging', service: 'edge' }],
    ['{environment="prod"}', { env: 'prod' }],
    ['|= "connection refused"', { text: 'connection refused' }],
    ['|= `a "quoted" \\ path`', { text: 'a "quoted" \\ path' }],
    ['|= "say \\"hi\\"\\tnow"', { text: 'say "hi"\tnow' }],
    ['| level>=warn', { minSeverity: 'WARN' }],
    ['| level >= "Warning"', { minSeverity: 'WARN' }],
    ['| level>WARN', { minSeverity: 'ERROR' }],
    ['| level=FATAL', { minSeverity: 'FATAL' }],
    ['| severity>=err', { minSeverity: 'ERROR' }],
    [`| trace_id=${ID.toUpperCase()}`, { traceId: ID }],
    ['| service="checkout" | env="prod"', { service: 'checkout', env: 'prod' }],
    ['{service="checkout"} | service="checkout"', { service: 'checkout' }],
  ])('%s', (src, want) => {
    expect(ok(src)).toEqual(want);
  });
});

describe('parseLogQl: mistakes, with the column at fault', () => {
  it.each<[string, number, RegExp]>([
    ['{service="checkout"', 20, /missing }/],
    ['{service=checkout}', 10, /quoted value, e\.g\. service="checkout"/],
    ['{level="error"}', 2, /unknown label "level".*\| level>=ERROR/],
    ['{pod="x"}', 2, /unknown label "pod": the selector takes service and env/],
    ['{service!="x"}', 9, /!= is not supported in the selector/],
    ['{service=~"chk.*"}', 9, /=~ is not supported/],
    ['{service="a" env="b"}', 14, /expected , or }/],
    ['|= "a" |= "b"', 8, /only one \|= text filter/],
    ['|= ""', 4, /empty/],
    ['|=', 3, /quoted text after \|=/],
    ['|= timeout', 4, /quoted text after \|=, e\.g\. \|= "timeout"/],
    ['| level=ERROR', 8, /only minimum levels.*level>=ERROR/],
    ['| level<ERROR', 8, /< is not supported/],
    ['| level>=loud', 10, /unknown level "loud"/],
    ['| level>FATAL', 9, /no level is above FATAL/],
    ['| level>=ERROR | level>=WARN', 18, /level is filtered twice/],
    ['| trace_id="4bf9"', 12, /32 hex digits \(got 4 characters\)/],
    ['| trace_id="zzzz2f3577b34da6a3ce929d0e0e4736"', 12, /not all hex/],
    ['| trace_id>="x"', 11, />= is not supported for trace_id/],
    ['timeout', 1, /to search for text write \|= "timeout"/],
    ['"timeout"', 1, /write \|= "timeout"/],
    ['|= "unterminated', 4, /unterminated string/],
    ['|= "bad \\q escape"', 9, /unknown escape \\q/],
    ['| json', 3, /\| json is not needed/],
    ['!= "debug"', 1, /!= is not supported: only \|= "text"/],
    ['|~ "time.*out"', 1, /\|~ is not supported/],
    ['| foo="x"', 3, /unknown field "foo"/],
    ['|', 2, /expected a filter after \|/],
    ['| level', 8, /expected an operator after level/],
    ['{service="a"} | service="b"', 25, /service is set twice \("a" and "b"\)/],
    ['{service="a"} {env="b"}', 15, /selector must come first/],
    ['| level>=ERROR $', 16, /unexpected character "\$"/],
    ['{service=""}', 10, /service is empty/],
  ])('%s → column %i', (src, column, message) => {
    const e = bad(src);
    expect(e.message).toMatch(message);
    expect(e.column).toBe(column);
    expect(e.length).toBeGreaterThan(0);
  });
});

describe('formatLogQl', () => {
  it.each<LogFilter>([
    {},
    { service: 'checkout' },
    { env: 'prod', minSeverity: 'WARN' },
    { service: 'checkout', env: 'prod', text: 'say "hi"\\ now', minSeverity: 'ERROR', traceId: ID },
    { text: 'tab\there\nnewline' },
  ])('writes text that parses back to the same filter: %j', (f) => {
    expect(ok(formatLogQl(f))).toEqual(f);
  });

  it('writes the canonical form', () => {
    expect(formatLogQl({ service: 'checkout', env: 'prod', text: 'timeout', minSeverity: 'ERROR' })).toBe('{service="checkout", env="prod"} |= "timeout" | level>=ERROR');
    expect(formatLogQl({ traceId: ID })).toBe(`| trace_id="${ID}"`);
    expect(formatLogQl({})).toBe('');
  });
});
