import { describe, expect, it } from 'vitest';
import { MAX_SEC_PER_TICK, secondsFor } from './clock.ts';

describe('secondsFor', () => {
  it('turns wall time into whole simulated seconds, carrying the fraction', () => {
    const carry = { ms: 0 };
    const got = Array.from({ length: 8 }, () => secondsFor(carry, 1, 250));
    expect(got).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(carry.ms).toBe(0);
  });

  it('scales by speed and stands still when paused or given nonsense', () => {
    const carry = { ms: 0 };
    expect(secondsFor(carry, 30, 100)).toBe(3);
    expect(secondsFor(carry, 0, 1000)).toBe(0);
    expect(secondsFor(carry, 5, -20)).toBe(0);
    expect(secondsFor(carry, 5, Number.NaN)).toBe(0);
    expect(carry.ms).toBe(0);
  });

  it('runs at most MAX_SEC_PER_TICK per call and drops the backlog instead of lurching later', () => {
    const carry = { ms: 0 };
    expect(secondsFor(carry, 30, 60_000)).toBe(MAX_SEC_PER_TICK);
    expect(carry.ms).toBe(0);
    expect(secondsFor(carry, 30, 100)).toBe(3);
  });
});
