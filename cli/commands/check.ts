// `firedrill check <file|dir|pack.zip>...`: hold scenario files to their contract by running
// them (the same checks the built-in library passes in CI): detectable, fixable by the documented
// mitigation, red herrings harmless, harmful actions harmful, evidence real, deterministic. Each
// scenario also gets the measured difficulty estimate beside the one it declares.

import { checkContract, estimateDifficulty, formatDuration, formatIssue, type CheckResult, type DifficultyEstimate, type DifficultyFactor, type ScenarioIssue } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { collectTargets, loadTargets } from '../packs.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = {
  flags: { json: { kind: 'boolean' }, seeds: { kind: 'string', valueName: 'n,n,...' }, failures: { kind: 'boolean' } },
  positionals: { min: 1, max: Infinity, name: '<file|dir|pack.zip>' },
} as const;

interface FileReport {
  file: string;
  scenario: string | null;
  valid: boolean;
  issues: ScenarioIssue[];
  checks: CheckResult[];
  pass: boolean;
  /** The declared difficulty and the measured estimate (valid scenarios only). */
  difficulty?: { declared: string } & DifficultyEstimate;
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
  const targets = collectTargets(args.positionals, io, 'check');
  if (typeof targets === 'number') return targets;
  const loaded = loadTargets(targets, io);

  const reports: FileReport[] = [];
  const fragments: { file: string; valid: boolean; issues: ScenarioIssue[]; usedBy: string[] }[] = [];
  for (const f of loaded) {
    if (f.role === 'fragment') {
      fragments.push({ file: f.file, valid: f.valid, issues: f.issues, usedBy: f.usedBy ?? [] });
      if (!args.flags.json) printFragment(io, f.file, f.issues, f.usedBy ?? []);
      continue;
    }
    if (!f.valid || !f.scenario) {
      reports.push({ file: f.file, scenario: null, valid: false, issues: f.issues, checks: [], pass: false });
      if (!args.flags.json) f.issues.forEach((i) => io.out(formatIssue(i)));
      continue;
    }
    const checks = checkContract(f.scenario, seeds ? { seeds } : {});
    const difficulty = { declared: f.scenario.metadata.difficulty, ...estimateDifficulty(f.scenario) };
    const pass = checks.every((c) => c.pass);
    reports.push({ file: f.file, scenario: f.scenario.metadata.id, valid: true, issues: f.issues, checks, pass, difficulty });
    if (!args.flags.json) printReport(io, f.file, f.issues, checks, difficulty, args.flags.failures === true);
  }

  const failed = reports.filter((r) => !r.pass).length + fragments.filter((f) => !f.valid).length;
  const total = reports.length + fragments.length;
  if (args.flags.json) io.out(JSON.stringify({ files: reports, fragments }, null, 2));
  else io.out(`${total} file${total === 1 ? '' : 's'} checked: ${total - failed} passed, ${failed} failed`);
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

function printReport(io: Io, file: string, warnings: ScenarioIssue[], checks: CheckResult[], d: { declared: string } & DifficultyEstimate, failuresOnly: boolean): void {
  io.out(`${file}`);
  warnings.forEach((w) => io.out(`  ${formatIssue({ ...w, message: `warning: ${w.message}` })}`));
  for (const c of checks) if (!failuresOnly || !c.pass) io.out(`  ${c.pass ? 'PASS' : 'FAIL'}  seed ${c.seed}  ${c.title}: ${c.reason}`);
  const failed = checks.filter((c) => !c.pass).length;
  io.out(`  ${checks.length - failed}/${checks.length} checks passed`);
  io.out(`  difficulty: declared ${d.declared}, estimated ${d.level} (${d.score}/100: ${d.factors.map(factorText).join(', ')})`);
}

/** One factor in a few words: `1 hop`, `first alert after 4m`. */
export function factorText(f: DifficultyFactor): string {
  const n = f.measured;
  const s = (word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  switch (f.id) {
    case 'hops':
      return s('hop');
    case 'detect':
      return n < 0 ? 'no alert' : `first alert after ${formatDuration(n)}`;
    case 'signal':
      return `${Math.round(n * 100)}% of error lines point at the cause`;
    case 'decoy-changes':
      return s('decoy change');
    case 'traps':
      return s('trap');
    case 'breadth':
      return s('service');
    case 'faults':
      return s('fault');
    default:
      return `${f.label} ${n}`;
  }
}

function printFragment(io: Io, file: string, issues: ScenarioIssue[], usedBy: string[]): void {
  io.out(`${file}`);
  issues.forEach((i) => io.out(`  ${formatIssue(i.severity === 'error' ? i : { ...i, message: `warning: ${i.message}` })}`));
  const errors = issues.filter((i) => i.severity === 'error').length;
  io.out(`  shared fragment${errors > 0 ? ` with ${errors} error${errors === 1 ? '' : 's'}` : ''}, used by ${usedBy.length > 0 ? usedBy.join(', ') : 'no scenario'}`);
}
