// `npm run golden:rerecord`: rewrite every golden session's hashes from a fresh run. Only for an
// intended change of engine behaviour; say so in the commit message.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_DIR, goldenFiles, readGolden, replayGolden } from './golden.ts';

for (const file of goldenFiles()) {
  const session = readGolden(file);
  const { sim, checkpoints } = replayGolden(session, file);
  const next = { ...session, durationSec: sim.durationSec, stateHash: sim.hash(), checkpoints };
  writeFileSync(join(GOLDEN_DIR, file), `${JSON.stringify(next, null, 2)}\n`);
  console.log(`${file}: ${session.stateHash} -> ${next.stateHash}`);
}
