// The debrief's arithmetic: the expert pace, merged paths, typed clock times, messages routed to
// fields, the error budget over time, due dates, the weakest area and the scenario suggested.

import { describe, expect, it } from 'vitest';
import type { Postmortem } from '../../../../engine/src/index.ts';
import {
  areaShares,
  budgetOverTime,
  counterfactualErrorsByActionItem,
  dueBy,
  errorsByPath,
  errorsUnder,
  expertPace,
  mergePaths,
  parseClock,
  suggestScenario,
  whole,
} from './model.ts';

const pace = { incident: true, detectWithinSec: 600, detectBy: 'alert' as const, fixAtSec: 720, recoverWithinSec: 600 };

describe('expertPace', () => {
  it('puts the first step at the page, the fix by fixAt, the last at recovery and spaces the rest', () => {
    const p = expertPace(['ack', 'see', 'confirm', 'roll back', 'resolve'], { alertSec: 450, impactSec: 170 }, pace);
    expect(p?.steps.map((s) => [s.atSec, s.paced])).toEqual([
      [450, false],
      [540, true],
      [630, true],
      [720, false],
      [1320, false],
    ]);
  });
  it('starts at impact + detectWithin when nothing paged, never after the fix', () => {
    expect(expertPace(['a', 'b', 'c'], { alertSec: null, impactSec: 60 }, pace)?.steps.map((s) => s.atSec)).toEqual([660, 720, 1320]);
    expect(expertPace(['a', 'b'], { alertSec: 900, impactSec: 60 }, pace)?.steps.map((s) => s.atSec)).toEqual([720, 1320]);
  });
  it('gives no pace without expectations or steps', () => {
    expect(expertPace(['a'], { alertSec: 1, impactSec: 1 }, null)).toBeNull();
    expect(expertPace([], { alertSec: 1, impactSec: 1 }, pace)).toBeNull();
  });
});

describe('mergePaths', () => {
  it('puts both lanes on one row per second, in time order', () => {
    const rows = mergePaths(
      [
        { atSec: 400, text: 'ack' },
        { atSec: 400, text: 'declare' },
        { atSec: 500, text: 'rollback' },
      ],
      [{ atSec: 450, text: 'expert ack', paced: false }, { atSec: 500, text: 'expert rollback', paced: false }],
    );
    expect(rows.map((r) => [r.atSec, r.trainee.length, r.expert.length])).toEqual([
      [400, 2, 0],
      [450, 0, 1],
      [500, 1, 1],
    ]);
  });
});

describe('parseClock', () => {
  const start = Date.UTC(2026, 2, 10, 9, 30) / 1000;
  it('reads HH:MM and HH:MM:SS as run seconds, before the start negative', () => {
    expect(parseClock('09:32:50', start)).toBe(170);
    expect(parseClock('9:45', start)).toBe(900);
    expect(parseClock('08:40', start)).toBe(-3000);
    expect(parseClock('00:10', Date.UTC(2026, 2, 10, 23, 50) / 1000)).toBe(1200);
  });
  it('refuses anything else', () => {
    for (const bad of ['', '9', '25:00', '09:60', '09:32:50Z', 'noon']) expect(parseClock(bad, start)).toBeNull();
  });
});

describe('messages by field', () => {
  it('routes schema messages to their path and collects those under a path', () => {
    const m = errorsByPath(['postmortem: actionItems.0.dueDate: Invalid ISO date', 'postmortem: title: Too big', 'postmortem: missing']);
    expect(m.get('actionItems.0.dueDate')).toEqual(['Invalid ISO date']);
    expect(m.get('')).toEqual(['missing']);
    expect(errorsUnder(m, 'actionItems.0')).toEqual(['dueDate: Invalid ISO date']);
    expect(errorsUnder(m, 'title')).toEqual(['Too big']);
  });
  it('routes replay errors to the action item their spec came from', () => {
    const doc = {
      actionItems: [
        { title: 'a', owner: '', category: 'software', priority: 'P1', dueDate: '', kind: 'prevent' },
        { title: 'b', owner: '', category: 'alert', priority: 'P1', dueDate: '', kind: 'detect', counterfactual: { type: 'alert', rule: { type: 'threshold', severity: 'page' } } },
      ],
    } as unknown as Postmortem;
    const m = counterfactualErrorsByActionItem(['item 1 (alert): service: required', 'no items'], doc);
    expect(m.get(1)).toEqual(['service: required']);
    expect(m.get(-1)).toEqual(['no items']);
  });
});

describe('budgetOverTime', () => {
  it('accumulates bad events against the window budget, ending at the run figure', () => {
    // 100 requests per 10 s scrape over 40 s, 99.9% over 30 days: window volume 10/s × 2,592,000 s.
    const b = budgetOverTime([100, 90, 100, 95], [100, 100, 100, 100], 0.999, 30, 40);
    const budget = 0.001 * 10 * 30 * 86_400;
    expect(b[0]).toBe(0);
    expect(b[1]).toBeCloseTo((100 * 10) / budget, 9);
    expect(b[3]).toBeCloseTo((100 * 15) / budget, 9);
  });
});

describe('dueBy', () => {
  it('counts five business days, skipping the weekend', () => {
    expect(dueBy(Date.UTC(2026, 2, 10, 9, 32) / 1000)).toBe('2026-03-17'); // Tuesday → next Tuesday
    expect(dueBy(Date.UTC(2026, 2, 13, 12) / 1000)).toBe('2026-03-20'); // Friday → next Friday
  });
});

describe('practise next', () => {
  it('finds the weakest area on average as a share of each maximum', () => {
    const s = areaShares([
      { scenarioId: 'a', areas: { impact: 30, response: 20, diagnosis: 8, actions: 15, communication: 15 } },
      { scenarioId: 'b', areas: { impact: 15, response: 20, diagnosis: 20, actions: 15, communication: 15 } },
    ]);
    expect(s[0]).toEqual({ area: 'diagnosis', share: 0.7, n: 2 });
    expect(s.find((x) => x.area === 'impact')?.share).toBe(0.75);
    expect(areaShares([])).toEqual([]);
  });
  it('suggests the scenario with the most matching tags, unplayed first, then the lowest best', () => {
    const cands = [
      { id: 'one', title: 'One', tags: ['red-herring'], difficulty: 'beginner' },
      { id: 'two', title: 'Two', tags: ['red-herring', 'change-correlation'], difficulty: 'advanced' },
      { id: 'three', title: 'Three', tags: ['red-herring', 'environments'], difficulty: 'intermediate' },
      { id: 'four', title: 'Four', tags: ['cache'], difficulty: 'beginner' },
    ];
    expect(suggestScenario('diagnosis', cands, new Map())?.scenario.id).toBe('three');
    expect(suggestScenario('diagnosis', cands, new Map([['three', 90]]))?.scenario.id).toBe('two');
    expect(suggestScenario('diagnosis', cands, new Map([['three', 90], ['two', 40]]))?.scenario.id).toBe('two');
    expect(suggestScenario('communication', cands, new Map())).toBeNull();
  });
  it('formats whole numbers with thousands separators', () => {
    expect(whole(9484)).toBe('9,484');
    expect(whole(1234567.4)).toBe('1,234,567');
  });
});
