// Calendar dates for action-item deadlines, without Date: days since 1970-01-01 (a Thursday).

import { civilFromDays, formatIsoSec, parseIsoSec } from '../core/time.ts';

/** Days since the epoch of `YYYY-MM-DD`, or null when it is not a real date. */
export function dayOf(isoDate: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return null;
  const sec = parseIsoSec(`${isoDate}T00:00:00Z`);
  if (sec === null) return null;
  const day = Math.floor(sec / 86_400);
  const [y, mo, d] = civilFromDays(day);
  return y === Number(m[1]) && mo === Number(m[2]) && d === Number(m[3]) ? day : null;
}

export function dateOfDay(day: number): string {
  return formatIsoSec(day * 86_400).slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The day `n` business days (Monday to Friday; no holidays) after `day`. */
export function addBusinessDays(day: number, n: number): number {
  let d = day;
  let left = n;
  while (left > 0) {
    d += 1;
    if (weekday(d) < 5) left -= 1;
  }
  return d;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const weekdayName = (day: number): string => WEEKDAYS[weekday(day)] ?? '';
