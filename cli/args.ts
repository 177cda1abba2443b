// A small, strict command-line flag parser. Strict because scripts rely on the CLI: a typo in a
// flag must stop the run with a clear message (exit 2), not be silently ignored.
//
// Accepted forms: `--name value`, `--name=value`, boolean `--name`, `--` to end the flags,
// `-h`/`--help` anywhere. A value may start with a single dash (`--seed -1` is read as the value
// -1 and then refused as negative, which is a clearer message than "missing value").

export type FlagSpec =
  | { kind: 'boolean' }
  | { kind: 'string'; valueName?: string }
  | { kind: 'int'; min?: number; max?: number; valueName?: string };

export type FlagSpecs = Record<string, FlagSpec>;

export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]?: F[K] extends { kind: 'boolean' } ? boolean : F[K] extends { kind: 'int' } ? number : string;
};

export interface ArgSpec<F extends FlagSpecs> {
  flags: F;
  /** Positional arguments: how many, and what to call them in messages (`<file|id>`). */
  positionals: { min: number; max: number; name: string };
}

export type ParsedArgs<F extends FlagSpecs> =
  | { ok: true; help: boolean; flags: FlagValues<F>; positionals: string[] }
  | { ok: false; message: string };

export function parseArgs<F extends FlagSpecs>(argv: readonly string[], spec: ArgSpec<F>): ParsedArgs<F> {
  const flags: Record<string, boolean | number | string> = {};
  const positionals: string[] = [];
  let help = false;
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (onlyPositionals || token === '-' || !token.startsWith('-')) {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }
    if (!token.startsWith('--')) {
      return fail(`unknown option ${token}${suggest(token.replace(/^-+/, ''), spec.flags)}`);
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : token.slice(eq + 1);
    const def = Object.prototype.hasOwnProperty.call(spec.flags, name) ? spec.flags[name] : undefined;
    if (def === undefined) return fail(`unknown flag --${name}${suggest(name, spec.flags)}`);
    if (Object.prototype.hasOwnProperty.call(flags, name)) return fail(`--${name} is given more than once`);

    if (def.kind === 'boolean') {
      if (inline !== undefined) return fail(`--${name} takes no value (got --${name}=${inline})`);
      flags[name] = true;
      continue;
    }

    const valueName = def.valueName ?? (def.kind === 'int' ? 'n' : 'value');
    let raw = inline;
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--') || next === '-h') return fail(`--${name} needs a value: --${name} <${valueName}>`);
      raw = next;
      i += 1;
    }
    if (raw === '') return fail(`--${name} needs a value: --${name} <${valueName}>`);

    if (def.kind === 'string') {
      flags[name] = raw;
      continue;
    }
    if (!/^[+-]?\d+$/.test(raw)) return fail(`--${name} must be a whole number, got "${raw}"`);
    const n = Number(raw);
    if (n < 0) return fail(`--${name} must not be negative, got ${raw}`);
    if (!Number.isSafeInteger(n)) return fail(`--${name} is too large: ${raw}`);
    if (def.min !== undefined && n < def.min) return fail(`--${name} must be at least ${def.min}, got ${raw}`);
    if (def.max !== undefined && n > def.max) return fail(`--${name} must be at most ${def.max}, got ${raw}`);
    flags[name] = n;
  }

  if (!help) {
    const { min, max, name } = spec.positionals;
    if (positionals.length < min) return fail(`missing ${name}`);
    if (positionals.length > max) {
      const extra = positionals[max] ?? '';
      return fail(max === 0 ? `unexpected argument "${extra}"` : `unexpected argument "${extra}" (expected ${max === 1 ? 'one' : `at most ${max}`} ${name})`);
    }
  }
  return { ok: true, help, flags: flags as FlagValues<F>, positionals };
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/** ` (did you mean --seed?)` for a near miss, else ''. */
function suggest(name: string, flags: FlagSpecs): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of Object.keys(flags)) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean --${best}?)`;
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
