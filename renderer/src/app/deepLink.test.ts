import { describe, expect, it } from 'vitest';
import { parseDeepLink } from './deepLink.ts';

describe('parseDeepLink', () => {
  it('reads a full link', () => {
    expect(parseDeepLink('?play=checkout-bad-deploy&seed=7&at=900&pane=logs&speed=30&service=checkout')).toEqual({
      link: { play: 'checkout-bad-deploy', seed: 7, at: 900, pane: 'logs', speed: 30, service: 'checkout' },
      problems: [],
    });
  });
  it('ignores pages without a link', () => {
    expect(parseDeepLink('')).toEqual({ link: null, problems: [] });
  });
  it('names every bad parameter and keeps the good ones', () => {
    const { link, problems } = parseDeepLink('?play=checkout-bad-deploy&seed=-1&pane=nope&speed=3');
    expect(link).toEqual({ play: 'checkout-bad-deploy' });
    expect(problems).toEqual(['?seed=-1: expected a whole number ≥ 0', expect.stringMatching(/^\?pane=nope: expected one of overview, metrics/), '?speed=3: expected one of 0, 1, 2, 5, 10, 30']);
  });
  it('refuses unknown scenarios', () => {
    expect(parseDeepLink('?play=nope')).toEqual({ link: null, problems: ['?play=nope: no built-in scenario has that id'] });
  });
});
