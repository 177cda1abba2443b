// `firedrill counterfactual <session.json> [--item '<json>']... [--items items.json] [--json]`:
// apply action items the simulator understands to the session's scenario and re-run the session
// with the same seed and actions, side by side. The replay is the engine's (counterfactual).
// `--item` may repeat, so it is taken out of argv before the strict parser sees the rest.

import { counterfactual as replayItems, formatDuration, parseIsoSec, type CounterfactualResult } from '../../engine/src/index.ts';
import { loadItems, takeRepeated } from '../aftermath.ts';
import { parseArgs } from '../args.ts';
import { count, fixed, table, wallTime } from '../format.ts';
import { EXIT_FAILED, EXIT_OK, type Io } from '../io.ts';
import { loadSessionFile } from '../session.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { json: { kind: 'boolean' }, items: { kind: 'string', valueName: 'items.json' } }, positionals: { min: 1, max: 1, name: '<session.json>' } } as const;

export function counterfactual(argv: readonly string[], io: Io): number {
  const taken = takeRepeated(argv, 'item');
  if (!taken.ok) return usageError(io, 'counterfactual', taken.message);
  const args = parseArgs(taken.rest, SPEC);
  if (!args.ok) return usageError(io, 'counterfactual', args.message);
  if (args.help) {
    commandHelp('counterfactual').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const ref = args.positionals[0] ?? '';
  const loaded = loadSessionFile(ref, io);
  if (typeof loaded === 'number') return loaded;
  const { session, scenario } = loaded;

  let items = loadItems(taken.values, args.flags.items, io);
  if (typeof items === 'number') return items;
  if (items.length === 0) {
    items = (session.postmortem?.actionItems ?? []).flatMap((a) => (a.counterfactual ? [a.counterfactual] : []));
    if (items.length === 0) return usageError(io, 'counterfactual', `no items: give --item '<json>' or --items FILE (${ref} has no postmortem action item with a "counterfactual")`);
  }

  const result = replayItems(scenario, session, items);
  if (!result.ok) {
    result.errors.forEach((e) => io.err(`${ref}: ${e}`));
    return EXIT_FAILED;
  }
  if (args.flags.json) io.out(JSON.stringify(result.result, null, 2));
  else print(io, result.result, parseIsoSec(scenario.start) ?? 0);
  return EXIT_OK;
}

function print(io: Io, r: CounterfactualResult, startEpochSec: number): void {
  const at = (sec: number | null) => (sec === null ? 'never' : `${wallTime(startEpochSec, sec)} (${formatDuration(sec)})`);
  const c = r.comparison;
  io.out(`Counterfactual replay: ${r.scenario}, seed ${r.seed}, ${formatDuration(r.durationSec)}, same actions at the same times`);
  io.out('');
  io.out('Items:');
  r.items.forEach((it, i) => {
    io.out(`  ${i + 1}. ${it.label}`);
    it.notes.forEach((n) => io.out(`     - ${n}`));
  });
  io.out('');
  const rows = [
    ['first page', at(r.original.detectSec), at(r.counterfactual.detectSec), c.detectionEarlierSec === null ? '-' : c.detectionEarlierSec >= 0 ? `${formatDuration(c.detectionEarlierSec)} earlier` : `${formatDuration(-c.detectionEarlierSec)} later`],
    ['impact start', at(r.original.impactSec), at(r.counterfactual.impactSec), ''],
    ['error budget (all SLOs)', `${fixed(r.original.budgetConsumedPercent, 2)}%`, `${fixed(r.counterfactual.budgetConsumedPercent, 2)}%`, `${fixed(c.budgetSaved, 2)} points saved`],
    ['failed requests', count(r.original.failedRequests), count(r.counterfactual.failedRequests), `${count(c.failedRequestsSaved)} saved`],
    ...c.slos.map((s) => [`  budget ${s.id}`, `${fixed(s.budgetOriginal, 2)}%`, `${fixed(s.budgetCounterfactual, 2)}%`, `${fixed(s.budgetSaved, 2)} saved`]),
  ];
  table(['', 'your run', 'with the items', 'difference'], rows, [1, 2, 3]).forEach((l) => io.out(`  ${l}`));
  io.out('');
  io.out('Notes:');
  r.notes.forEach((n) => io.out(`  - ${n}`));
}
