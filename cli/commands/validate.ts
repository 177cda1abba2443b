// `firedrill validate <file|dir>...`: check scenario files the way CI and editors want it, one
// `file:line:col: path: message` line per problem and a one-line summary.

import { statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatIssue, loadScenario, type ScenarioIssue } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io } from '../io.ts';
import { describeError, findScenarioFiles, readTextFile } from '../scenarios.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { json: { kind: 'boolean' } }, positionals: { min: 1, max: Infinity, name: '<file|dir>' } } as const;

interface FileResult {
  file: string;
  valid: boolean;
  issues: ScenarioIssue[];
}

export function validate(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'validate', args.message);
  if (args.help) {
    commandHelp('validate').forEach((l) => io.out(l));
    return EXIT_OK;
  }

  // Collect the files first: a path that names nothing is a usage error, before any checking.
  const files: { abs: string; shown: string }[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const arg of args.positionals) {
    const abs = resolve(io.cwd, arg);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      missing.push(code === 'ENOENT' || code === 'ENOTDIR' ? `no such file or directory: ${arg}` : `cannot read ${arg}: ${describeError(err)}`);
      continue;
    }
    let found: { abs: string; shown: string }[] = [{ abs, shown: arg }];
    if (isDir) {
      try {
        found = findScenarioFiles(abs).map((f) => ({ abs: f, shown: join(arg, relative(abs, f)) }));
      } catch (err) {
        missing.push(`cannot read directory ${arg}: ${describeError(err)}`);
        continue;
      }
      if (found.length === 0) io.err(`warning: no .yaml or .yml files under ${arg}`);
    }
    for (const f of found) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      files.push(f);
    }
  }
  if (missing.length > 0) {
    missing.forEach((m) => io.err(`firedrill validate: ${m}`));
    return EXIT_USAGE;
  }

  const results: FileResult[] = files.map(({ abs, shown }) => {
    const read = readTextFile(abs, 'scenario file', shown);
    if (!read.ok) {
      return { file: shown, valid: false, issues: [{ file: shown, line: 1, col: 1, path: '(root)', message: read.message, severity: 'error' }] };
    }
    const loaded = loadScenario(read.text, shown);
    return loaded.ok ? { file: shown, valid: true, issues: loaded.warnings } : { file: shown, valid: false, issues: loaded.issues };
  });

  const invalid = results.filter((r) => !r.valid).length;
  if (args.flags.json) {
    io.out(JSON.stringify({ files: results }, null, 2));
  } else {
    let errors = 0;
    let warnings = 0;
    for (const r of results) {
      for (const issue of r.issues) {
        if (issue.severity === 'error') {
          errors += 1;
          io.out(formatIssue(issue));
        } else {
          warnings += 1;
          io.out(formatIssue({ ...issue, message: `warning: ${issue.message}` }));
        }
      }
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const extra = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
    io.out(`${plural(results.length, 'file')} checked: ${results.length - invalid} valid, ${invalid} invalid${extra ? ` (${extra})` : ''}`);
  }
  return invalid > 0 ? EXIT_FAILED : EXIT_OK;
}
