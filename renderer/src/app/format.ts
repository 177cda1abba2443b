// Formatting shared by every screen: simulated wall time, durations, numbers with units.
// Simulated time is shown as the scenario's wall clock (UTC, as incident tools do) plus the
// offset from the start, e.g. "14:07:30" and "T+7m30s".

const pad = (n: number): string => String(n).padStart(2, '0');

/** "HH:MM:SS" (UTC) of second `sec` of a run that starts at `startEpochSec`. */
export function clockTime(startEpochSec: number, sec: number): string {
  const t = (((Math.floor(startEpochSec + sec) % 86400) + 86400) % 86400);
  return `${pad(Math.floor(t / 3600))}:${pad(Math.floor((t % 3600) / 60))}:${pad(t % 60)}`;
}

/** "HH:MM" (UTC). */
export function clockMinute(startEpochSec: number, sec: number): string {
  return clockTime(startEpochSec, sec).slice(0, 5);
}

/** A real wall-clock moment (epoch ms) in UTC, "2026-03-01 09:05", or "2026-03-01 09:05:07" with seconds. */
export function utcStamp(epochMs: number, seconds = false): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
}

/** "T+7m30s", "T+1h02m", "T+0s"; before the start (changes made earlier): "T−50m". */
export function offset(sec: number): string {
  return sec < 0 ? `T−${duration(-sec)}` : `T+${duration(sec)}`;
}

/** "45s", "7m30s", "1h02m". */
export function duration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${pad(s % 60)}s` : ''}`;
  return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
}

/** Compact number: 0.0123 → "0.0123", 1234 → "1.23k", 2.5e6 → "2.50M". */
export function num(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toPrecision(digits)}G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(digits)}M`;
  if (a >= 1e4) return `${(v / 1e3).toPrecision(digits)}k`;
  if (a >= 100) return v.toFixed(0);
  // Below a millionth, JavaScript would print an exponent ("1.35e-7"): that is zero on a dashboard.
  if (a < 1e-6) return '0';
  return String(Number(v.toPrecision(digits)));
}

/** Percent with enough digits for SLOs: 0.99934 → "99.934%", 0.5 → "50%". */
export function pct(ratio: number, digits = 3): string {
  if (!Number.isFinite(ratio)) return '–';
  const p = ratio * 100;
  return `${p >= 99 ? p.toFixed(digits) : Number(p.toPrecision(3))}%`;
}

/** Milliseconds: 12.3 → "12 ms", 1530 → "1.53 s". */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return '–';
  return v >= 1000 ? `${Number((v / 1000).toPrecision(3))} s` : `${Math.round(v)} ms`;
}

/** A value with its metric unit, for axes and tooltips. */
export function withUnit(v: number, unit: string): string {
  switch (unit) {
    case 'ratio':
      return pct(v, 1);
    case 'seconds':
      return ms(v * 1000);
    case 'ms':
      return ms(v);
    case 'bytes':
      return bytes(v);
    case 'per_second':
    case '1/s':
      return `${num(v)}/s`;
    default:
      // Rates of counters come as "<unit>/s" (requests/s, restarts/s): the number per second.
      return unit.endsWith('/s') ? `${num(v)}/s` : num(v);
  }
}

export function bytes(v: number): string {
  if (!Number.isFinite(v)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${Number(x.toPrecision(3))} ${units[i]}`;
}
