// Durations and offsets in scenario files. Pure: parses strings, reads nothing else.
//
// Two spellings are accepted because authors meet both in the wild:
//   Prometheus style  `90s`, `5m`, `1h30m`, `2d`, `-20m` (negative = before the scenario start)
//   clock style       `00:12:30`, `-00:20:00` (hh:mm:ss)
// Everything resolves to whole seconds: the engine ticks once per simulated second.

const PROM = /^(-)?((?:\d+(?:d|h|m|s))+)$/;
const PROM_PART = /(\d+)(d|h|m|s)/g;
const CLOCK = /^(-)?(\d{1,3}):([0-5]\d):([0-5]\d)$/;
const UNIT_SEC: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };
const ORDER = 'dhms';

/** Largest magnitude accepted: 400 days, far beyond any scenario; keeps arithmetic exact. */
export const DURATION_SEC_MAX = 400 * 86_400;

export const DURATION_PATTERN = '^-?(?:(?:\\d+[dhms])+|\\d{1,3}:[0-5]\\d:[0-5]\\d)$';

export type DurationParse = { ok: true; sec: number } | { ok: false; message: string };

/** Parses a duration or offset string into whole seconds, or says why it cannot. */
export function parseDuration(text: string): DurationParse {
  const s = text.trim();
  const clock = CLOCK.exec(s);
  if (clock) {
    const sec = Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]);
    return bounded(clock[1] ? -sec : sec, text);
  }
  const prom = PROM.exec(s);
  if (!prom) {
    return { ok: false, message: `"${text}" is not a duration; write it like 90s, 5m, 1h30m, -20m or 00:12:30` };
  }
  let sec = 0;
  let lastUnit = -1;
  for (const part of (prom[2] ?? '').matchAll(PROM_PART)) {
    const unit = part[2] ?? 's';
    const rank = ORDER.indexOf(unit);
    if (rank <= lastUnit) {
      return { ok: false, message: `"${text}": units must go from largest to smallest, each once (like 1h30m)` };
    }
    lastUnit = rank;
    sec += Number(part[1]) * (UNIT_SEC[unit] ?? 1);
  }
  return bounded(prom[1] ? -sec : sec, text);
}

function bounded(sec: number, text: string): DurationParse {
  if (!Number.isSafeInteger(sec) || Math.abs(sec) > DURATION_SEC_MAX) {
    return { ok: false, message: `"${text}" is longer than the 400 days a scenario can span` };
  }
  return { ok: true, sec };
}

/** Formats seconds the way authors write them: `1h30m`, `-20m`, `0s`. */
export function formatDuration(sec: number): string {
  if (sec === 0) return '0s';
  const sign = sec < 0 ? '-' : '';
  let rest = Math.abs(Math.trunc(sec));
  let out = '';
  for (const unit of ORDER) {
    const size = UNIT_SEC[unit] ?? 1;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return sign + out;
}

/** Formats seconds since the scenario start as a clock offset `+00:12:30`. */
export function formatOffset(sec: number): string {
  const sign = sec < 0 ? '-' : '+';
  const a = Math.abs(Math.trunc(sec));
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return `${sign}${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
