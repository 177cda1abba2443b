// The readable summary of a run (simulate without --json, and the end of play).

import type { RunSummary, Sim } from '../engine/src/index.ts';
import { count, fixed, humanDuration, mmss, percent, table, wallDateTime, wallTime } from './format.ts';

export function renderSummary(sim: Sim, s: RunSummary): string[] {
  const start = sim.model.startEpochSec;
  const at = (sec: number) => `${mmss(sec)} (${wallTime(start, sec)})`;
  const out: string[] = [];
  out.push(`Scenario  ${s.scenario}: ${s.title}`);
  out.push(`Seed      ${s.seed}`);
  out.push(`Duration  ${humanDuration(s.durationSec)} simulated (${s.durationSec} s), from ${wallDateTime(start, 0)} to ${wallTime(start, s.durationSec)}`);

  const multiEnv = new Set(s.services.map((x) => x.env)).size > 1;
  out.push('', 'Services');
  out.push(
    ...indent(
      table(
        [...(multiEnv ? ['ENV'] : []), 'SERVICE', 'REQUESTS', 'ERRORS', 'ERROR%', 'MEAN ms', 'P95 ms'],
        s.services.map((x) => [
          ...(multiEnv ? [x.env] : []),
          x.id,
          count(x.requests),
          count(x.errors),
          x.requests > 0 ? percent(x.errors / x.requests, 2) : '-',
          fixed(x.latencyMsMean, 1),
          fixed(x.latencyMsP95, 1),
        ]),
        multiEnv ? [2, 3, 4, 5, 6] : [1, 2, 3, 4, 5],
      ),
    ),
  );

  out.push('', 'SLOs');
  if (s.slos.length === 0) out.push('  (none defined)');
  else {
    out.push(
      ...indent(
        table(
          ['SLO', 'SERVICE', 'OBJECTIVE', 'SLI', 'GOOD/TOTAL', 'BUDGET USED', ''],
          s.slos.map((x) => [
            x.id,
            `${x.service}${multiEnv ? `@${x.env}` : ''}`,
            percent(x.objective, 2),
            percent(x.sli, 3),
            `${count(x.good)}/${count(x.total)}`,
            `${fixed(x.budgetConsumedPercent, 2)}%`,
            x.sli < x.objective ? 'below objective' : '',
          ]),
          [2, 3, 4, 5],
        ),
      ),
    );
  }

  out.push('', 'Alerts');
  if (s.alerts.length === 0) out.push('  (none fired)');
  else {
    out.push(
      ...indent(
        table(
          ['ALERT', 'SEVERITY', 'FIRED', 'RESOLVED'],
          s.alerts.map((a) => [a.id, a.severity, at(a.firedAtSec), a.resolvedAtSec === null ? 'still firing' : at(a.resolvedAtSec)]),
        ),
      ),
    );
  }

  if (s.faults.length > 0) {
    out.push('', 'Faults (what really happened)');
    out.push(...indent(table(['FAULT', 'ACTIVE FROM', 'UNTIL'], s.faults.map((f) => [f.fault, at(f.startSec), f.endSec === null ? 'end of run' : at(f.endSec)]))));
  }

  out.push('', 'Actions');
  if (s.actions.length === 0) out.push('  (none taken)');
  else out.push(...indent(table(['AT', 'ACTION', 'TARGET', 'RESULT', 'MESSAGE'], s.actions.map((a) => [at(a.atSec), a.type, a.target || '-', a.result, a.message]))));

  out.push('', `State hash  ${s.stateHash}`);
  return out;
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}
