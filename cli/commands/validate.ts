// `firedrill validate <file|dir|pack.zip>...`: check scenario files the way CI and editors want
// it, one `file:line:col: path: message` line per problem and a one-line summary. Folders and
// .zip archives are scenario packs: shared fragments (kind: Fragment) are checked as fragments,
// and `extends`/`include` are resolved inside the pack.

import { formatIssue, type ScenarioIssue } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { collectTargets, loadTargets } from '../packs.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { json: { kind: 'boolean' } }, positionals: { min: 1, max: Infinity, name: '<file|dir|pack.zip>' } } as const;

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

  const targets = collectTargets(args.positionals, io, 'validate');
  if (typeof targets === 'number') return targets;
  const loaded = loadTargets(targets, io);

  const results: FileResult[] = loaded.filter((f) => f.role === 'scenario').map((f) => ({ file: f.file, valid: f.valid, issues: f.issues }));
  const fragments = loaded.filter((f) => f.role === 'fragment').map((f) => ({ file: f.file, valid: f.valid, issues: f.issues, usedBy: f.usedBy ?? [] }));
  const invalid = loaded.filter((r) => !r.valid).length;
  if (args.flags.json) {
    io.out(JSON.stringify({ files: results, fragments }, null, 2));
  } else {
    let errors = 0;
    let warnings = 0;
    const printed = new Set<string>();
    for (const r of loaded) {
      for (const issue of r.issues) {
        // A problem in a shared fragment shows once, not once per scenario built from it.
        const line = issue.severity === 'error' ? formatIssue(issue) : formatIssue({ ...issue, message: `warning: ${issue.message}` });
        if (printed.has(line)) continue;
        printed.add(line);
        if (issue.severity === 'error') errors += 1;
        else warnings += 1;
        io.out(line);
      }
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const extra = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
    const shared = fragments.length > 0 ? ` (${plural(fragments.length, 'shared fragment')} among them)` : '';
    io.out(`${plural(loaded.length, 'file')} checked${shared}: ${loaded.length - invalid} valid, ${invalid} invalid${extra ? ` (${extra})` : ''}`);
  }
  return invalid > 0 ? EXIT_FAILED : EXIT_OK;
}
