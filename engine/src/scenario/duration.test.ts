import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DURATION_PATTERN, DURATION_SEC_MAX, formatDuration, formatOffset, parseDuration } from './duration.ts';

describe('parseDuration', () => {
  it.each([
    ['0s', 0],
    ['90s', 90],
    ['5m', 300],
    ['1h30m', 5400],
    ['2d', 172_800],
    ['1d2h3m4s', 93_784],
    ['-20m', -1200],
    ['00:12:30', 750],
    ['-00:20:00', -1200],
    ['100:00:00', 360_000],
  ])('reads %s as %i seconds', (text, sec) => {
    expect(parseDuration(text)).toEqual({ ok: true, sec });
  });

  it.each(['', '5', 'm', '5x', '1.5h', '5 m', '+5m', '00:60:00', '1:2:3', '--5m', '1h-5m'])('refuses %j', (text) => {
    const r = parseDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe(`"${text}" is not a duration; write it like 90s, 5m, 1h30m, -20m or 00:12:30`);
  });

  it('wants units from largest to smallest, each once', () => {
    expect(parseDuration('30m1h')).toEqual({ ok: false, message: '"30m1h": units must go from largest to smallest, each once (like 1h30m)' });
    expect(parseDuration('5m5m').ok).toBe(false);
  });

  it('refuses spans beyond 400 days, including numbers too big to be exact', () => {
    expect(parseDuration('400d')).toEqual({ ok: true, sec: DURATION_SEC_MAX });
    expect(parseDuration('401d')).toEqual({ ok: false, message: '"401d" is longer than the 400 days a scenario can span' });
    expect(parseDuration('99999999999999999999s').ok).toBe(false);
  });

  it('agrees with DURATION_PATTERN, the regex the JSON Schema publishes', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    fc.assert(
      fc.property(fc.stringMatching(/^-?[0-9dhms:]{1,10}$/), (text) => {
        if (parseDuration(text).ok) expect(pattern.test(text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatDuration and formatOffset', () => {
  it.each([
    [0, '0s'],
    [90, '1m30s'],
    [5400, '1h30m'],
    [-1200, '-20m'],
    [93_784, '1d2h3m4s'],
  ])('formats %i as %s', (sec, text) => {
    expect(formatDuration(sec)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    fc.assert(
      fc.property(fc.integer({ min: -DURATION_SEC_MAX, max: DURATION_SEC_MAX }), (sec) => {
        expect(parseDuration(formatDuration(sec))).toEqual({ ok: true, sec });
      }),
      { numRuns: 300 },
    );
  });

  it('formats offsets as signed clock times', () => {
    expect(formatOffset(750)).toBe('+00:12:30');
    expect(formatOffset(-1200)).toBe('-00:20:00');
    expect(formatOffset(0)).toBe('+00:00:00');
    expect(formatOffset(90_000)).toBe('+25:00:00');
  });
});
