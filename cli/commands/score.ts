// `firedrill score <session.json> [--postmortem pm.json] [--json]`: re-run a recorded session and
// score it: SLO impact, response times, diagnosis, actions, communication and hints, every point
// with its reason; plus the postmortem rubric when the session holds a postmortem or one is given.
// The scoring is the engine's (scoreSession, scorePostmortem); this file reads the files and prints.

import { measureRun, scorePostmortem, scoreSession, type PostmortemScore, type ScoreReport } from '../../engine/src/index.ts';
import { loadSessionAndPostmortem } from '../aftermath.ts';
import { parseArgs } from '../args.ts';
import { count, fixed, humanDuration, mmss, percent, table } from '../format.ts';
import { EXIT_OK, type Io } from '../io.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { json: { kind: 'boolean' }, postmortem: { kind: 'string', valueName: 'pm.json' } }, positionals: { min: 1, max: 1, name: '<session.json>' } } as const;

const dur = (sec: number | null) => (sec === null ? '-' : humanDuration(Math.round(sec)));
const at = (sec: number | null) => (sec === null ? '-' : mmss(sec));
const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function score(argv: readonly string[], io: Io): number {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'score', args.message);
  if (args.help) {
    commandHelp('score').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const loaded = loadSessionAndPostmortem(args.positionals[0] ?? '', args.flags.postmortem, io);
  if (typeof loaded === 'number') return loaded;
  const { session, scenario, postmortem: doc } = loaded;

  const report = scoreSession(scenario, session);
  const rubric = doc === null ? null : scorePostmortem(doc, scenario, measureRun(scenario, session));
  if (args.flags.json) io.out(JSON.stringify(rubric === null ? report : { ...report, postmortem: rubric }, null, 2));
  else {
    printReport(io, report);
    if (rubric) printRubric(io, rubric);
  }
  return EXIT_OK;
}

function printRubric(io: Io, r: PostmortemScore): void {
  io.out('');
  io.out(`Postmortem: ${r.total}/100 (${r.grade})${r.caps.length ? ` — capped at 50: ${r.caps.join('; ')}` : ''}`);
  for (const i of r.items) {
    io.out(`  ${pts(i.points).padStart(5)}/${String(i.max).padEnd(2)}  ${i.id}: ${i.reason}`);
    i.details.forEach((d) => io.out(`           ${d}`));
  }
}

function printReport(io: Io, r: ScoreReport): void {
  io.out(`Score: ${r.total}/100 (${r.grade}) — ${r.scenario}, seed ${r.seed}, ${humanDuration(r.durationSec)}${r.incident ? '' : ' (nothing was broken)'}`);
  io.out('');
  table(['area', 'points', 'max'], r.areas.filter((a) => a.area !== 'hints' || a.points !== 0).map((a) => [a.area, pts(a.points), String(a.max)]), [1, 2]).forEach((l) => io.out(`  ${l}`));
  io.out('');
  io.out('SLO impact:');
  table(
    ['slo', 'sli', 'objective', 'budget', 'peak burn', 'min violated', 'bad events', 'customers'],
    r.impact.slos.map((s) => [s.id, percent(s.sli), percent(s.objective), `${fixed(s.budgetConsumedPercent, 2)}%`, fixed(s.peakBurnRate, 1), fixed(s.minutesInViolation, 1), count(s.failedRequests), count(s.customersAffected)]),
    [1, 2, 3, 4, 5, 6, 7],
  ).forEach((l) => io.out(`  ${l}`));
  io.out(`  budget consumed ${fixed(r.impact.budgetConsumedPercent, 2)}% (doing nothing: ${fixed(r.impact.baselineBudgetPercent, 2)}%${r.impact.referenceBudgetPercent === null ? '' : `, documented fix: ${fixed(r.impact.referenceBudgetPercent, 2)}%`}); severity deserved: ${r.impact.expectedSeverity}`);
  io.out('');
  const e = r.events;
  const t = r.times;
  io.out(`Times: impact ${at(e.impactSec)}, first alert ${at(e.alertSec)}, ack ${at(e.ackSec)}, declared ${at(e.declareSec)}, mitigated ${at(e.mitigateSec)}, restored ${at(e.restoreSec)}, resolved ${at(e.resolveSec)}`);
  io.out(`  TTD ${dur(t.ttdSec)}  TTA ${dur(t.ttaSec)}  TTM ${dur(t.ttmSec)}  outage ${dur(t.outageSec)}  TTR ${dur(t.ttrSec)}`);
  io.out('');
  io.out('Points:');
  for (const i of r.items) io.out(`  ${pts(i.points).padStart(5)}/${String(i.max).padEnd(2)}  ${i.area}/${i.id}: ${i.reason}`);
  if (r.problems.length) {
    io.out('');
    io.out('Recorded actions with problems:');
    r.problems.forEach((p) => io.out(`  ${p}`));
  }
  if (r.expert.differences.length) {
    io.out('');
    io.out('What an expert would have done differently:');
    r.expert.differences.forEach((d) => io.out(`  - ${d}`));
  }
}
