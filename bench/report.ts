// Markdown for the benchmark's results: one table per section, PASS/FAIL next to each target.
// Pure formatting of measured numbers; nothing here measures anything.

import type { PerfCaseResult } from './case.ts';
import { ACCURACY_TOLERANCE, relError, servicePasses, SPEED_TARGET, type CaseResult } from './accuracy.ts';

/** Wall-time and memory targets. */
export const TARGETS = {
  smallHourMs: 200,
  bigDayMs: 30_000,
  bigDayHeapMb: 500,
  linearRatio: 2,
} as const;

export type PerfRow = { label: string; result: PerfCaseResult } | { label: string; error: string };

// ---------------------------------------------------------------------------------------------
// Formatting helpers

/** A markdown table; `right` marks the columns to right-align (numbers). */
export function table(headers: string[], rows: string[][], right: boolean[] = headers.map(() => true)): string {
  const align = right.map((r) => (r ? '---:' : ':---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(align), ...rows.map(line)].join('\n');
}

/** Fixed decimals with thousands separators, independent of the machine's locale. */
export function num(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return String(x);
  const [int = '', frac] = Math.abs(x).toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Three significant digits or so: 0.0123, 1.23, 12.3, 1,234. */
export function sig(x: number): string {
  const a = Math.abs(x);
  return num(x, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
}

export function pct(x: number, decimals = 1): string {
  return `${x >= 0 ? '+' : ''}${num(100 * x, decimals)}%`;
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

// ---------------------------------------------------------------------------------------------
// Performance

export function nsPerServiceTick(r: PerfCaseResult): number {
  return (r.wallMs * 1e6) / (r.services * r.ticks);
}

export function perfTable(rows: PerfRow[]): string {
  const headers = ['topology', 'calls', 'sim h', 'wall ms', 'sim s / wall s', 'ns / service-tick', 'first hour, cold process ms', 'peak heap MB', 'live heap MB', 'entry errors'];
  const body = rows.map((row) => {
    if ('error' in row) return [row.label, '', '', `failed: ${row.error}`, '', '', '', '', '', ''];
    const r = row.result;
    return [
      `${r.services} services`,
      num(r.calls),
      num(r.hours),
      num(r.wallMs),
      num((r.ticks * 1000) / r.wallMs),
      num(nsPerServiceTick(r)),
      num(r.coldHourMs),
      num(r.peakHeapMb),
      r.gcExposed ? num(r.liveHeapMb) : 'n/a',
      pct(r.entryErrorRatio, 2).replace('+', ''),
    ];
  });
  return table(headers, body, [false, true, true, true, true, true, true, true, true, true]);
}

function find(rows: PerfRow[], services: number, hours: number): PerfCaseResult | undefined {
  for (const row of rows) if ('result' in row && row.result.services === services && row.result.hours === hours) return row.result;
  return undefined;
}

export function targetsTable(rows: PerfRow[]): string {
  const lines: string[][] = [];
  const target = (name: string, r: PerfCaseResult | undefined, measure: (r: PerfCaseResult) => number, limit: number, unit: string) => {
    if (!r) return lines.push([name, 'not run', '']);
    const v = measure(r);
    return lines.push([name, `${num(v)} ${unit}`, verdict(v <= limit)]);
  };
  target(`30 services x 1 h <= ${num(TARGETS.smallHourMs)} ms`, find(rows, 30, 1), (r) => r.wallMs, TARGETS.smallHourMs, 'ms');
  target(`200 services x 24 h <= ${num(TARGETS.bigDayMs / 1000)} s`, find(rows, 200, 24), (r) => r.wallMs, TARGETS.bigDayMs, 'ms');
  target(`200 services x 24 h peak heap <= ${num(TARGETS.bigDayHeapMb)} MB`, find(rows, 200, 24), (r) => r.peakHeapMb, TARGETS.bigDayHeapMb, 'MB');
  for (const hours of [...new Set(rows.flatMap((row) => ('result' in row ? [row.result.hours] : [])))]) {
    const ns = rows.flatMap((row) => ('result' in row && row.result.hours === hours ? [nsPerServiceTick(row.result)] : []));
    const name = `linear in service-ticks (${num(hours)} h rows): max/min ns per service-tick <= ${TARGETS.linearRatio}`;
    if (ns.length < 2) {
      lines.push([name, 'needs two rows', '']);
      continue;
    }
    const ratio = Math.max(...ns) / Math.min(...ns);
    lines.push([name, `${num(ratio, 2)}x (${num(Math.min(...ns))}-${num(Math.max(...ns))} ns)`, ratio <= TARGETS.linearRatio ? 'PASS (linear)' : 'FAIL (not linear)']);
  }
  return table(['target', 'measured', 'result'], lines, [false, true, false]);
}

// ---------------------------------------------------------------------------------------------
// Accuracy and speed against the DES

export function accuracyTable(results: CaseResult[]): string {
  const headers = [
    'case', 'service', 'c',
    'mean engine', 'mean DES (95% CI)', 'mean M/M/c', 'err mean',
    'p95 engine', 'p95 DES', 'p95 M/M/c', 'err p95',
    'util engine', 'util DES', 'err util', `within ${num(100 * ACCURACY_TOLERANCE)}%`,
  ];
  const rows = results.flatMap((r) =>
    r.services.map((s) => [
      r.case.name, s.id, num(s.servers),
      sig(s.engine.meanMs), `${sig(s.des.meanMs)} ± ${sig(s.des.meanCiMs)}`, s.theory ? sig(s.theory.meanMs) : '', pct(relError(s.engine.meanMs, s.des.meanMs)),
      sig(s.engine.p95Ms), sig(s.des.p95Ms), s.theory ? sig(s.theory.p95Ms) : '', pct(relError(s.engine.p95Ms, s.des.p95Ms)),
      num(s.engine.utilisation, 3), num(s.des.utilisation, 3), pct(relError(s.engine.utilisation, s.des.utilisation)),
      verdict(servicePasses(s)),
    ]),
  );
  return table(headers, rows, headers.map((_, k) => k > 1 && k < headers.length - 1));
}

export function speedTable(results: CaseResult[]): string {
  const rows = results.map((r) => {
    const ratio = r.desMsPerHour / r.engineMsPerHour;
    return [r.case.name, r.case.description, num(r.engineMsPerHour, 1), num(r.desMsPerHour, 1), num(r.desVisitsPerHour), `${num(ratio, 1)}x`, verdict(ratio >= SPEED_TARGET)];
  });
  return table(['case', 'system', 'engine ms / sim h', 'DES ms / sim h', 'DES request visits / sim h', 'DES / engine', `>= ${SPEED_TARGET}x`], rows, [false, false, true, true, true, true, false]);
}

/** Where the speed target would hold: the DES pays per request, the engine per service-tick. */
export function breakEven(results: CaseResult[]): string {
  if (results.length === 0) return '';
  const desNs = sum(results.map((r) => r.desMsPerHour)) / sum(results.map((r) => r.desVisitsPerHour)) * 1e6;
  const engineNs = sum(results.map((r) => r.engineMsPerHour)) / sum(results.map((r) => r.engineServiceTicksPerHour)) * 1e6;
  const rps = (SPEED_TARGET * engineNs) / desNs;
  return (
    `Cost per unit over these cases: the DES ${num(desNs)} ns per request visit, the engine ${num(engineNs)} ns per service-tick ` +
    `(createSim + run + summarize). The DES's cost grows with traffic and the engine's does not, so on these systems the engine ` +
    `would be ${SPEED_TARGET}x faster once each service handles about ${num(rps)} requests/s on average.`
  );
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
