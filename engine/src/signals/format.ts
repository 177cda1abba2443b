// Deterministic text helpers for log bodies. No Intl, no toLocaleString: the same number must
// print the same on every machine (DESIGN.md "Determinism"). toFixed is locale-independent.

import { civilFromDays } from '../core/time.ts';

const WEEKDAYS = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed']; // 1970-01-01 was a Thursday
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `x` with `d` decimals; non-finite values print as 0 rather than "NaN" in a log line. */
export function fixed(x: number, d: number): string {
  return Number.isFinite(x) ? x.toFixed(d) : (0).toFixed(d);
}

/** Whole number, rounded. */
export function int(x: number): string {
  return String(Number.isFinite(x) ? Math.round(x) : 0);
}

/** Milliseconds as Go prints a time.Duration: 850ms, 1.5s, 2m3s. */
export function goDuration(ms: number): string {
  if (ms < 1) return `${fixed(ms * 1000, 0)}µs`;
  if (ms < 1000) return `${fixed(ms, ms < 10 ? 3 : 1).replace(/\.?0+$/, '')}ms`;
  const s = ms / 1000;
  if (s < 60) return `${fixed(s, 3).replace(/\.?0+$/, '')}s`;
  const m = Math.floor(s / 60);
  return `${m}m${fixed(s - m * 60, 0)}s`;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 8 lower-case hex digits of a 32-bit word (a table: ids are formatted by the million). */
export function hex8(n: number): string {
  const x = n >>> 0;
  return (BYTE_HEX[x >>> 24] as string) + (BYTE_HEX[(x >>> 16) & 255] as string) + (BYTE_HEX[(x >>> 8) & 255] as string) + (BYTE_HEX[x & 255] as string);
}

/** checkout-api -> CheckoutApi (class and application names). */
export function pascal(id: string): string {
  return id
    .split(/[^a-z0-9]+/i)
    .filter((p) => p.length > 0)
    .map((p) => (p[0] ?? '').toUpperCase() + p.slice(1))
    .join('');
}

/** checkout-api -> checkoutapi (Java package segment). */
export function packageSegment(id: string): string {
  const s = id.replace(/[^a-z0-9]/g, '');
  return /^[0-9]/.test(s) ? `s${s}` : s || 'app';
}

/** checkout-api -> checkout_api (Python module). */
export function snake(id: string): string {
  return id.replace(/[^a-z0-9]+/g, '_');
}

const resources = new Map<string, string>();

/** The resource a service is about: orders-api -> orders, payment-service -> payment. */
export function resourceOf(id: string): string {
  let r = resources.get(id);
  if (r === undefined) {
    r = id.replace(/-(api|svc|service|server|app|web|backend|db|database|cache|redis|queue|kafka|worker|consumer)$/, '') || id;
    // Ids come from scenarios and routes: bounded, but keep the memo small regardless.
    if (resources.size > 10_000) resources.clear();
    resources.set(id, r);
  }
  return r;
}

/** Java's Date.toString() in UTC, as CertificateExpiredException prints it: Tue Mar 10 12:00:00 UTC 2026. */
export function javaDate(epochSec: number): string {
  const days = Math.floor(epochSec / 86_400);
  const rest = epochSec - days * 86_400;
  const { y, m, d } = civil(days);
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0');
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0');
  const ss = String(Math.floor(rest % 60)).padStart(2, '0');
  const wd = WEEKDAYS[((days % 7) + 7) % 7] ?? 'Mon';
  return `${wd} ${MONTHS[m - 1] ?? 'Jan'} ${String(d).padStart(2, '0')} ${hh}:${mm}:${ss} UTC ${y}`;
}

function civil(days: number): { y: number; m: number; d: number } {
  const [y, m, d] = civilFromDays(days);
  return { y, m, d };
}

/** Bytes as Kubernetes prints quantities: 9Gi, 512Mi. */
export function kubeBytes(bytes: number): string {
  const gi = bytes / 1024 ** 3;
  if (gi >= 1) return `${fixed(gi, gi >= 10 ? 0 : 1).replace(/\.0$/, '')}Gi`;
  return `${fixed(bytes / 1024 ** 2, 0)}Mi`;
}
