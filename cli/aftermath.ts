// Files of the after-action commands (score, counterfactual, report): a session with its
// postmortem (its own or a firedrill-postmortem/v1 JSON file) and counterfactual items, read
// with clear errors.
// Exit codes as everywhere: 2 when a named file does not exist, 1 when its content is invalid.

import { resolve } from 'node:path';
import { parseCounterfactualItems, PostmortemSchema, type CounterfactualItem, type Postmortem, type Scenario, type Session } from '../engine/src/index.ts';
import { parseJson } from './actionsFile.ts';
import { EXIT_FAILED, EXIT_USAGE, type Io } from './io.ts';
import { readTextFile } from './scenarios.ts';
import { loadSessionFile } from './session.ts';

const where = (path: readonly PropertyKey[]) => (path.length ? path.map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k ? '.' : ''}${String(p)}`)).join('') : '(root)');

/** Reads a JSON file named on the command line (`what`: "items file"); prints what is wrong and returns an exit code on failure. */
function readJsonFile(ref: string, what: string, io: Io): { value: unknown } | number {
  const read = readTextFile(resolve(io.cwd, ref), what, ref);
  if (!read.ok) {
    io.err(read.message);
    return read.reason === 'missing' || read.reason === 'directory' ? EXIT_USAGE : EXIT_FAILED;
  }
  const json = parseJson(read.text);
  if (!json.ok) {
    io.err(`${ref}: invalid JSON: ${json.message}`);
    return EXIT_FAILED;
  }
  return { value: json.value };
}

/** Reads a postmortem JSON file; prints `file: path: message` lines and returns an exit code on failure. */
function loadPostmortemFile(ref: string, io: Io): Postmortem | number {
  const json = readJsonFile(ref, 'postmortem file', io);
  if (typeof json === 'number') return json;
  const parsed = PostmortemSchema.safeParse(json.value);
  if (!parsed.success) {
    parsed.error.issues.forEach((i) => io.err(`${ref}: ${where(i.path)}: ${i.message}`));
    return EXIT_FAILED;
  }
  return parsed.data;
}

/**
 * A session file, its scenario and its postmortem: `--postmortem FILE` when given, else the
 * session's own, else null. Prints what is wrong and returns an exit code on failure.
 */
export function loadSessionAndPostmortem(ref: string, postmortemRef: string | undefined, io: Io): { session: Session; scenario: Scenario; postmortem: Postmortem | null } | number {
  const loaded = loadSessionFile(ref, io);
  if (typeof loaded === 'number') return loaded;
  if (postmortemRef === undefined) return { ...loaded, postmortem: loaded.session.postmortem ?? null };
  const postmortem = loadPostmortemFile(postmortemRef, io);
  return typeof postmortem === 'number' ? postmortem : { ...loaded, postmortem };
}

/** Counterfactual items from `--item JSON` values and an `--items FILE`; exit code on failure. */
export function loadItems(inline: readonly string[], file: string | undefined, io: Io): CounterfactualItem[] | number {
  const raw: { name: string; value: unknown }[] = [];
  for (const [i, text] of inline.entries()) {
    const json = parseJson(text);
    if (!json.ok) {
      io.err(`--item ${i + 1}: invalid JSON: ${json.message} (example: --item '{"type":"gate"}')`);
      return EXIT_FAILED;
    }
    raw.push({ name: `--item ${i + 1}`, value: json.value });
  }
  if (file !== undefined) {
    const json = readJsonFile(file, 'items file', io);
    if (typeof json === 'number') return json;
    raw.push({ name: file, value: json.value });
  }
  const items: CounterfactualItem[] = [];
  let bad = false;
  for (const r of raw) {
    const parsed = parseCounterfactualItems(r.value);
    if (parsed.ok) items.push(...parsed.items);
    else {
      bad = true;
      parsed.errors.forEach((e) => io.err(`${r.name}: ${e}`));
    }
  }
  return bad ? EXIT_FAILED : items;
}

/** Takes every `--name VALUE` / `--name=VALUE` out of argv (a flag that may repeat). */
export function takeRepeated(argv: readonly string[], name: string): { ok: true; values: string[]; rest: string[] } | { ok: false; message: string } {
  const values: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i] ?? '';
    if (t === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (t === `--${name}`) {
      const v = argv[i + 1];
      if (v === undefined || v === '') return { ok: false, message: `--${name} needs a value: --${name} '<json>'` };
      values.push(v);
      i += 1;
    } else if (t.startsWith(`--${name}=`)) {
      const v = t.slice(name.length + 3);
      if (v === '') return { ok: false, message: `--${name} needs a value: --${name} '<json>'` };
      values.push(v);
    } else rest.push(t);
  }
  return { ok: true, values, rest };
}
