// Golden sessions: recorded runs (scenario + seed + actions => hashes along the way) that must
// replay bit for bit. Shared by the golden test and `npm run golden:rerecord`, which re-baselines
// them deliberately after an intended change to the engine's behaviour.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runRecorded, SessionSchema, type RecordedRun, type Session } from '../../engine/src/index.ts';
import { resolveScenario } from '../../cli/scenarios.ts';

export const GOLDEN_DIR = import.meta.dirname;

export function goldenFiles(): string[] {
  return readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.session.json')).sort();
}

export function readGolden(file: string): Session {
  return SessionSchema.parse(JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')));
}

/** Re-runs a golden session from its own scenario reference, seed, duration and actions. */
export function replayGolden(session: Session, file: string): RecordedRun {
  const resolved = resolveScenario(session.scenario, dirname(join(GOLDEN_DIR, file)));
  if (!resolved.ok) throw new Error(`${file}: ${resolved.lines.join('; ')}`);
  return runRecorded(resolved.scenario, session);
}
