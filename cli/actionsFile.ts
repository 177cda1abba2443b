// Reads an actions file (`--actions actions.json`): a JSON array of player actions checked with
// the engine's ActionListSchema. Each problem is reported as `actions.json:<index>: message`.

import { resolve } from 'node:path';
import { ActionListSchema, ACTION_TYPES, type Action } from '../engine/src/index.ts';
import { readTextFile } from './scenarios.ts';

export type ActionsLoad = { ok: true; actions: Action[] } | { ok: false; code: 1 | 2; lines: string[] };

const EXAMPLE = '[{"atSec": 900, "type": "rollback", "target": "checkout", "params": {}}]';

export function loadActionsFile(ref: string, cwd: string): ActionsLoad {
  const read = readTextFile(resolve(cwd, ref), 'actions file', ref);
  if (!read.ok) return { ok: false, code: read.reason === 'missing' || read.reason === 'directory' ? 2 : 1, lines: [read.message] };
  const parsed = parseJson(read.text);
  if (!parsed.ok) return { ok: false, code: 1, lines: [`${ref}: invalid JSON: ${parsed.message}`] };
  return checkActions(parsed.value, ref);
}

/** Checks parsed actions; `name` prefixes each message. */
export function checkActions(value: unknown, name: string): ActionsLoad {
  if (!Array.isArray(value)) return { ok: false, code: 1, lines: [`${name}: expected a JSON array of actions, like ${EXAMPLE}`] };
  const result = ActionListSchema.safeParse(value);
  if (result.success) return { ok: true, actions: result.data };
  const lines = result.error.issues.map((issue) => {
    const [index, ...rest] = issue.path;
    const where = typeof index === 'number' ? `${name}:${index}` : name;
    const field = rest.length ? `${rest.map(String).join('.')}: ` : '';
    let message = issue.message;
    if (rest[0] === 'type' && issue.code === 'invalid_value') message = `unknown action type ${JSON.stringify((value[index as number] as { type?: unknown })?.type)}; one of ${ACTION_TYPES.join(', ')}`;
    return `${where}: ${field}${message}`;
  });
  return { ok: false, code: 1, lines };
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse with the error's position turned into line and column. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /at position (\d+)/.exec(message);
    if (pos && !/\(line \d+ column \d+\)/.test(message)) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset).split('\n');
      return { ok: false, message: `${message} (line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1})` };
    }
    return { ok: false, message };
  }
}
