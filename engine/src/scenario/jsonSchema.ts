// The JSON Schema of the scenario format, generated from the zod definition so the two cannot
// drift apart. Editors use it for completion and checking (yaml-language-server reads it);
// scenarios/scenario.schema.json holds a copy, and a test fails when that copy is stale.

import { z } from 'zod';
import { ScenarioSchema } from './schema.ts';

export const SCENARIO_SCHEMA_ID = 'https://firedrill.dev/schemas/scenario-v1.json';

/**
 * The schema of what authors write (`io: 'input'`): durations are strings and defaulted fields
 * optional, rather than the parsed seconds and filled-in values the engine receives.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(ScenarioSchema, { io: 'input' }) as Record<string, unknown>;
  return { $schema, $id: SCENARIO_SCHEMA_ID, title: 'Firedrill scenario (firedrill/v1)', ...rest };
}
