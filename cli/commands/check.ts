// `firedrill check <file|dir>...`: hold scenario files to their contract by running them (the same
// checks the built-in library passes in CI): detectable, fixable by the documented mitigation,
// red herrings harmless, harmful actions harmful, evidence real, deterministic.

import { checkContract, formatIssue, loadScenario, type CheckResult, type ScenarioIssue } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { collectScenarioFiles, readTextFile } from '../scenarios.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = {
  flags: { json: { kind: 'boolean' }, seeds: { kind: 'string', valueName: 'n,n,...' } },
  positionals: { min: 1, max: Infinity, name: '<file|dir>' },
} as const;

interface FileReport {
  file: string;
  scenario: string | null;
  valid: boolean;
  issues: ScenarioIssue[];
  checks: CheckResult[];
  pass: boolean;
}

function parseSeeds(text: string | undefined): number[] | undefined | string {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((p) => p.trim());
  const seeds = parts.map(Number);
  if (parts.some((p) => !/^\d+$/.test(p)) || seeds.some((n) => n > 4_294_967_295)) {
    return `--seeds takes comma-separated whole numbers from 0 to 4294967295, got "${text}"`;
  }
  return seeds;
}

export function check(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'check', args.message);
  if (args.help) {
    commandHelp('check').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const seeds = parseSeeds(args.flags.seeds);
  if (typeof seeds === 'string') return usageError(io, 'check', seeds);
  const files = collectScenarioFiles(args.positionals, io, 'check');
  if (typeof files === 'number') return files;

  const reports: FileReport[] = [];
  for (const { abs, shown } of files) {
    const read = readTextFile(abs, 'scenario file', shown);
    const loaded = read.ok ? loadScenario(read.text, shown) : null;
    if (!loaded || !loaded.ok) {
      const issues = loaded ? loaded.issues : [{ file: shown, line: 1, col: 1, path: '(root)', message: read.ok ? '' : read.message, severity: 'error' as const }];
      reports.push({ file: shown, scenario: null, valid: false, issues, checks: [], pass: false });
      if (!args.flags.json) issues.forEach((i) => io.out(formatIssue(i)));
      continue;
    }
    const checks = checkContract(loaded.scenario, seeds ? { seeds } : {});
    const pass = checks.every((c) => c.pass);
    reports.push({ file: shown, scenario: loaded.scenario.metadata.id, valid: true, issues: loaded.warnings, checks, pass });
    if (!args.flags.json) printReport(io, shown, loaded.warnings, checks);
  }

  const failed = reports.filter((r) => !r.pass).length;
  if (args.flags.json) io.out(JSON.stringify({ files: reports }, null, 2));
  else io.out(`${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${reports.length - failed} passed, ${failed} failed`);
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

function printReport(io: Io, file: string, warnings: ScenarioIssue[], checks: CheckResult[]): void {
  io.out(`${file}`);
  warnings.forEach((w) => io.out(`  ${formatIssue({ ...w, message: `warning: ${w.message}` })}`));
  for (const c of checks) io.out(`  ${c.pass ? 'PASS' : 'FAIL'}  seed ${c.seed}  ${c.title}: ${c.reason}`);
  const failed = checks.filter((c) => !c.pass).length;
  io.out(`  ${checks.length - failed}/${checks.length} checks passed`);
}
