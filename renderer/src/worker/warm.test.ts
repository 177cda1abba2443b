// The worker summarises logs in slices between ticks (handlers.ts, warmLogIndex): derived data
// only. A host that does it and one that does not must push the same ticks, reach the same state
// hash, export the same session and answer every query the same, actions and observations included.

import { describe, expect, it } from 'vitest';
import { createSimHost, type SimHost } from './handlers.ts';
import type { ArgsOf, CommandName } from './protocol.ts';
import { CHECKOUT_FILE, checkoutText } from './testKit.ts';

function host(warm: boolean): SimHost {
  // A generous slice, so the warm host really summarises (and a long one while paused).
  const h = createSimHost(warm ? { warmMs: { running: 40, paused: 200 } } : { warmMs: { running: 0, paused: 0 } });
  const loaded = h.handle('scenario/load', { text: checkoutText, file: CHECKOUT_FILE });
  if (!loaded.ok) throw new Error('fixture does not load');
  h.handle('sim/start', {});
  return h;
}

describe('log summaries warmed between ticks', () => {
  it('change nothing a trainee or a replay can see', () => {
    const hosts = [host(true), host(false)] as const;
    const both = <K extends CommandName>(name: K, args: ArgsOf<K>) => hosts.map((h) => h.handle(name, args));
    const tickBoth = (wallMs: number) => hosts.map((h) => h.tick(wallMs));

    both('clock/set', { speed: 30 });
    for (let i = 0; i < 400; i++) {
      const [a, b] = tickBoth(25); // 300 simulated seconds
      expect(a).toEqual(b);
    }
    both('clock/set', { speed: 0 });
    const [pa, pb] = tickBoth(25); // the pause itself
    expect(pa).toEqual(pb);
    for (let i = 0; i < 20; i++) expect(tickBoth(25)).toEqual([null, null]); // paused: the warm host catches up, silently
    both('sim/act', { type: 'rollback', target: 'checkout' });
    const queries: [CommandName, object][] = [
      ['query/logs', { fromSec: 0, toSec: 301, minSeverity: 'ERROR', order: 'desc', limit: 200, observe: true }],
      ['query/logs', { fromSec: 60, toSec: 240, text: 'NullPointerException', limit: 300 }],
      ['query/logs', { fromSec: 0, toSec: 301, service: 'checkout', minSeverity: 'WARN', order: 'desc', limit: 50 }],
      ['query/logCounts', { fromSec: 0, toSec: 301, bucketSec: 10, observe: true }],
      ['query/logCounts', { fromSec: 0, toSec: 301, text: 'timeout', bucketSec: 30 }],
      ['query/traces', { fromSec: 200, toSec: 301, status: 'error', limit: 20 }],
    ];
    for (const [name, args] of queries) {
      const [a, b] = both(name, args as never);
      expect(a).toEqual(b);
    }
    both('clock/set', { speed: 30 });
    for (let i = 0; i < 200; i++) {
      const [a, b] = tickBoth(25);
      expect(a).toEqual(b);
    }
    const [ha, hb] = both('sim/hash', {});
    expect(ha).toEqual(hb);
    const [sa, sb] = both('session/export', {});
    expect(sa).toEqual(sb);
  });
});
