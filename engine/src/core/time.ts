// Calendar arithmetic without Date (the engine may not read the wall clock, and Date's
// parsing is locale- and engine-dependent). Civil-date algorithms after Howard Hinnant.

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** [year, month 1-12, day 1-31] of a count of days since 1970-01-01. */
export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Seconds since the Unix epoch for an ISO 8601 time with an offset, or null if malformed. */
export function parseIsoSec(text: string): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k]));
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined || s === undefined) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const zone = m[8] ?? 'Z';
  let offsetSec = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    offsetSec = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offsetSec;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** `2026-03-10T09:30:00Z` for epoch seconds (UTC). */
export function formatIsoSec(epochSec: number): string {
  const days = Math.floor(epochSec / 86_400);
  const rest = epochSec - days * 86_400;
  const [y, m, d] = civilFromDays(days);
  const h = Math.floor(rest / 3600);
  const mi = Math.floor((rest % 3600) / 60);
  const s = Math.floor(rest % 60);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`;
}

/** `2026-03-10T09:30:00.123Z` for epoch milliseconds (UTC). */
export function formatIsoMs(epochMs: number): string {
  const sec = Math.floor(epochMs / 1000);
  const ms = Math.floor(epochMs - sec * 1000);
  return `${formatIsoSec(sec).slice(0, -1)}.${pad(ms, 3)}Z`;
}

/** Hour of the day in UTC, fractional, for diurnal traffic. */
export function hourOfDayUtc(epochSec: number): number {
  const r = ((epochSec % 86_400) + 86_400) % 86_400;
  return r / 3600;
}
