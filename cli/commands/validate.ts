// `firedrill validate <file|dir>...`: check scenario files the way CI and editors want it, one
// `file:line:col: path: message` line per problem and a one-line summary.

import { formatIssue, loadScenario, type ScenarioIssue } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { collectScenarioFiles, readTextFile } from '../scenarios.ts';
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

  const files = collectScenarioFiles(args.positionals, io, 'validate');
  if (typeof files === 'number') return files;

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
