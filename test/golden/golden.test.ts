// Golden replays: each recorded session must reproduce its hashes exactly, twice. A mismatch
// names the 5-minute window where the run first diverged.
import { describe, expect, it } from 'vitest';
import { firstDivergence, formatDuration } from '../../engine/src/index.ts';
import { goldenFiles, readGolden, replayGolden } from './golden.ts';

describe('golden replays', () => {
  it('has golden sessions', () => {
    expect(goldenFiles().length).toBeGreaterThanOrEqual(3);
  });

  it.each(goldenFiles())('%s replays bit for bit, twice', (file) => {
    const session = readGolden(file);
    for (let run = 1; run <= 2; run++) {
      const { sim, checkpoints } = replayGolden(session, file);
      const diverged = firstDivergence(session.checkpoints ?? [], checkpoints);
      const where = diverged ? `first diverged between ${formatDuration(diverged.sinceSec)} and ${formatDuration(diverged.atSec)}` : 'checkpoints match';
      const hint = 'if the engine change was intended, re-baseline with `npm run golden:rerecord` and say so in the commit';
      expect(`${sim.hash()} (${where})`, `${file}, run ${run}: ${hint}`).toBe(`${session.stateHash} (checkpoints match)`);
    }
  });
});
