// pack/load: a scenario pack as the library imports it. The platform hands over what the user
// picked (a folder's YAML files by path inside it, or a .zip's bytes); the engine reads the .zip
// with its caps and resolves every scenario's extends/include inside the pack (paths that leave
// it are refused at the line that names them). Each scenario comes back with its card (id, title,
// difficulty...) and its self-contained YAML text, or with its issues at file:line:col.

import { loadPack, loadScenario, readZipPack, type ScenarioIssue } from '../../../engine/src/index.ts';
import type { PackLoadArgs, PackLoadResult, PackScenarioView } from './protocol.ts';
import { scenarioInfo } from './scenarioInfo.ts';

/** The pack's name as the library shows it: the folder's, or the .zip's without its extension. */
export function packName(name: string): string {
  const base = name.replace(/\.zip$/i, '').trim();
  return base || 'pack';
}

const packIssue = (file: string, message: string, severity: 'error' | 'warning' = 'warning'): ScenarioIssue => ({ file, line: 1, col: 1, path: '(root)', message, severity });

/** Line and column of `metadata.id`'s value in a scenario file (block style), else 1:1. */
function idLine(text: string): { line: number; col: number } {
  const lines = text.split('\n');
  const meta = lines.findIndex((l) => /^metadata:\s*(#.*)?$/.test(l));
  for (let i = meta + 1; meta >= 0 && i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (/^\S/.test(l)) break;
    const m = /^(\s+id:\s*)\S/.exec(l);
    if (m) return { line: i + 1, col: (m[1]?.length ?? 0) + 1 };
  }
  return { line: 1, col: 1 };
}

export function loadPackFiles(args: PackLoadArgs): PackLoadResult {
  const pack = packName(args.name);
  const issues: ScenarioIssue[] = [];
  let files: Map<string, string>;
  if ('zip' in args) {
    const read = readZipPack(args.zip);
    if (!read.ok) return { ok: false, pack, message: `${args.name}: ${read.message}` };
    files = read.files;
    for (const s of read.skipped) issues.push(packIssue(s.path, `left out of the pack: ${s.reason}`));
  } else {
    files = new Map();
    for (const f of args.files) {
      if (files.has(f.path)) issues.push(packIssue(f.path, 'the pack holds this file twice; the first one is used', 'error'));
      else files.set(f.path, f.text);
    }
    for (const s of args.skipped ?? []) issues.push(packIssue(s.path, `left out of the pack: ${s.reason}`));
  }
  if (![...files.keys()].some((p) => /\.ya?ml$/i.test(p))) {
    return { ok: false, pack, message: `${args.name} holds no scenario files (.yaml or .yml)` };
  }

  const loaded = loadPack(files);
  issues.push(...loaded.issues);
  const byId = new Map<string, string>();
  const scenarios = loaded.scenarios.map((s): PackScenarioView => {
    const base = { path: s.path, files: [...s.files] };
    if (!s.ok || !s.scenario) return { ...base, ok: false, issues: s.issues };
    // What the library stores is the resolved text: it must load on its own to the same scenario.
    const again = loadScenario(s.text, `${pack}/${s.path}`);
    if (!again.ok) return { ...base, ok: false, issues: [...s.issues, ...again.issues] };
    const info = scenarioInfo(again.scenario);
    const own = [...s.issues];
    const twin = byId.get(info.id);
    if (twin !== undefined) own.push({ ...packIssue(s.path, `the id "${info.id}" is also the id of ${twin} in this pack; best scores and saved runs of the two are counted together`), ...idLine(files.get(s.path) ?? ''), path: 'metadata.id' });
    else byId.set(info.id, s.path);
    return { ...base, ok: true, info, issues: own, text: s.text };
  });
  return {
    ok: true,
    pack,
    scenarios,
    fragments: loaded.fragments.map((f) => ({ path: f.path, issues: f.issues, usedBy: [...f.usedBy] })),
    issues,
  };
}
