// Text formatting for terminal output: aligned tables, clock offsets, simulated wall time.
// Locale-free on purpose, so the same run prints the same text on every machine.

import { formatIsoSec } from '../engine/src/index.ts';

/** Rows of cells as aligned columns; columns named in `right` are right-aligned. */
export function table(header: string[], rows: string[][], right: number[] = []): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (right.includes(c) ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Seconds from the scenario start as `mm:ss` (minutes keep counting past 59; negative gets a sign). */
export function mmss(sec: number): string {
  const sign = sec < 0 ? '-' : '';
  const a = Math.abs(Math.trunc(sec));
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Simulated wall-clock time of an offset: `09:36:10` (UTC). */
export function wallTime(startEpochSec: number, sec: number): string {
  return formatIsoSec(startEpochSec + sec).slice(11, 19);
}

/** `2026-03-10 09:36:10 UTC`. */
export function wallDateTime(startEpochSec: number, sec: number): string {
  const iso = formatIsoSec(startEpochSec + sec);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Whole numbers with thin grouping: 1234567 -> 1,234,567. */
export function count(n: number): string {
  const s = String(Math.round(n));
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function fixed(n: number, digits: number): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}

/** A ratio as a percentage with enough digits to tell 99.9% from 99.95%. */
export function percent(ratio: number, digits = 3): string {
  return `${fixed(ratio * 100, digits)}%`;
}

/** `45m`, `1h30m`, `90s`. */
export function humanDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
