import { describe, expect, it } from 'vitest';
import type { Span, Trace } from '../../../../engine/src/index.ts';
import { serviceColor, spanMs, timeTicks, treeOrder, visibleRows } from './waterfall.ts';

const span = (spanId: string, parentSpanId: string | undefined, startMs: number, durationMs: number, service = 'api'): Span => ({
  traceId: 't',
  spanId,
  ...(parentSpanId ? { parentSpanId } : {}),
  service,
  env: 'prod',
  name: spanId,
  kind: 'server',
  startMs,
  durationMs,
  status: 'ok',
  attributes: {},
});

const trace = (spans: Span[]): Trace => ({ traceId: 't', rootService: 'api', env: 'prod', startMs: 1000, durationMs: 100, status: 'ok', spans });

describe('waterfall', () => {
  it('orders spans as a tree: each after its parent, siblings by start', () => {
    const rows = treeOrder(trace([span('root', undefined, 1000, 100), span('b', 'root', 1050, 10), span('a', 'root', 1010, 30), span('a1', 'a', 1020, 5), span('orphan', 'missing', 1030, 1)]));
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.span.spanId}`)).toEqual(['root', '  a', '    a1', '  b', 'orphan']);
    expect(rows.map((r) => r.descendants)).toEqual([3, 1, 0, 0, 0]);
    expect(rows[1]?.offsetMs).toBe(10);
  });

  it('hides what a collapsed span called', () => {
    const rows = treeOrder(trace([span('root', undefined, 1000, 100), span('a', 'root', 1010, 30), span('a1', 'a', 1020, 5), span('b', 'root', 1050, 10)]));
    expect(visibleRows(rows, new Set(['a'])).map((r) => r.span.spanId)).toEqual(['root', 'a', 'b']);
    expect(visibleRows(rows, new Set(['root'])).map((r) => r.span.spanId)).toEqual(['root']);
  });

  it('survives a span that is its own parent', () => {
    expect(treeOrder(trace([span('x', 'x', 1000, 1)])).map((r) => r.span.spanId)).toEqual(['x']);
  });

  it('ticks round durations and formats sub-millisecond spans', () => {
    expect(timeTicks(889, 6)).toEqual([0, 200, 400, 600, 800]);
    expect(timeTicks(8.95, 6)).toEqual([0, 2, 4, 6, 8]);
    expect(spanMs(0.71)).toBe('0.71 ms');
    expect(spanMs(20.8)).toBe('20.8 ms');
    expect(spanMs(887)).toBe('887 ms');
    expect(spanMs(1530)).toBe('1.53 s');
  });

  it('gives each service of a scenario its own colour', () => {
    const all = ['edge', 'checkout', 'payments'];
    expect(new Set(all.map((s) => serviceColor(s, all))).size).toBe(3);
    expect(serviceColor('checkout', all)).toBe(serviceColor('checkout', all));
  });
});
