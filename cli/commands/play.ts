// `firedrill play [id|file|number]` (the terminal game day; `npm start` opens the app): an on-call shift in the terminal.
// Pick a scenario, read the briefing, then advance the simulation a minute at a time, watching
// SLOs, alerts, injects and the timeline, and investigate (status, logs, changes, alerts) and
// act (rollback, restart, scale, ...) between steps. Ends with the run summary.
//
// Without a terminal it reads the same commands from stdin lines and stops at end of input, so
// it never hangs in CI; with no input at all it lists the scenarios and explains how to start one.

import { ACTION_TYPES, createSim, RECORDED_TYPES, formatDuration, summarize, type ActionType, type Scenario, type Sim } from '../../engine/src/index.ts';
import { parseArgs } from '../args.ts';
import { humanDuration, mmss, percent, table, wallDateTime, wallTime } from '../format.ts';
import { EXIT_OK, type Io } from '../io.ts';
import { lineSource, type LineSource } from '../lines.ts';
import { alertLines, changeLines, firingAlerts, recentLogs, serviceTable, sloLines } from '../live.ts';
import { renderSummary } from '../report.ts';
import { RUN_FLAGS } from '../run.ts';
import { listBuiltins, resolveScenario, type Builtin } from '../scenarios.ts';
import { commandHelp, usageError } from '../usage.ts';

const SPEC = { flags: { seed: RUN_FLAGS.seed }, positionals: { min: 0, max: 1, name: '<id|file|number>' } } as const;

export const PLAY_COMMANDS = [
  ['Enter', 'advance one simulated minute'],
  ['run <minutes>', 'advance several minutes'],
  ['status', 'services (last minute: requests/s, errors, p95, ready pods, CPU), SLOs, firing alerts'],
  ['logs <service> [error] [env]', 'log lines of the last minute (only errors and worse with "error")'],
  ['changes', 'the change feed: deploys, config changes, flags, infrastructure'],
  ['alerts', 'alert rules, their state and history'],
  ['act <type> [target] [key=value...]', 'take an action, e.g. act rollback checkout, act scale checkout replicas=6'],
  ['help', 'this list'],
  ['quit', 'stop here and show the summary'],
] as const;

export async function play(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (!args.ok) return usageError(io, 'play', args.message);
  if (args.help) {
    commandHelp('play').forEach((l) => io.out(l));
    return EXIT_OK;
  }
  const builtins = listBuiltins();
  if (builtins.problems.length > 0) io.err(`warning: some built-in scenarios are broken and not listed (run: npm run firedrill -- validate scenarios)`);
  const lines = lineSource(io);
  try {
    let ref = args.positionals[0];
    if (ref === undefined) {
      const picked = await pickScenario(io, lines, builtins.scenarios);
      if (picked === null) return EXIT_OK;
      ref = picked;
    } else if (/^\d+$/.test(ref) && builtins.scenarios[Number(ref) - 1]) {
      ref = builtins.scenarios[Number(ref) - 1]?.id ?? ref;
    }
    const resolved = resolveScenario(ref, io.cwd, builtins);
    if (!resolved.ok) {
      resolved.lines.forEach((l) => io.err(l));
      return resolved.code;
    }
    await new Session(io, resolved.scenario, args.flags.seed).run(lines);
    return EXIT_OK;
  } finally {
    lines.close();
  }
}

async function pickScenario(io: Io, lines: LineSource, scenarios: Builtin[]): Promise<string | null> {
  if (scenarios.length === 0) {
    io.out('There are no built-in scenarios in scenarios/ yet.');
    io.out('Play a scenario file with: npm run firedrill -- play path/to/scenario.yaml');
    return null;
  }
  io.out('Firedrill: pick a scenario to play.');
  io.out('');
  table(
    ['#', 'ID', 'TITLE', 'DIFFICULTY', 'LENGTH'],
    scenarios.map((s, k) => [String(k + 1), s.id, s.title, s.difficulty, humanDuration(s.durationMinutes * 60)]),
    [0],
  ).forEach((l) => io.out(`  ${l}`));
  io.out('');
  for (;;) {
    const line = await lines.next(`Scenario number or id (q to quit): `);
    if (line === null) {
      io.out('');
      io.out('No scenario picked. Start one directly with: npm run firedrill -- play <id>   (for example: npm run firedrill -- play ' + (scenarios[0]?.id ?? '<id>') + ')');
      return null;
    }
    const answer = line.trim();
    if (answer === '') continue;
    if (answer === 'q' || answer === 'quit') return null;
    const n = /^\d+$/.test(answer) ? Number(answer) : NaN;
    const byNumber = Number.isInteger(n) ? scenarios[n - 1] : undefined;
    const found = byNumber ?? scenarios.find((s) => s.id === answer);
    if (found) return found.id;
    io.out(`"${answer}" is not on the list: type a number from 1 to ${scenarios.length} or an id.`);
  }
}

/** One play-through: the simulation plus what the player has already been shown. */
class Session {
  private readonly sim: Sim;
  private readonly durationSec: number;
  private readonly start: number;
  private timelineSeen = 0;
  private readonly injectsShown = new Set<string>();

  constructor(
    private readonly io: Io,
    private readonly scenario: Scenario,
    seed: number | undefined,
  ) {
    this.sim = createSim(scenario, { seed });
    this.durationSec = this.sim.durationSec;
    this.start = this.sim.model.startEpochSec;
  }

  async run(lines: LineSource): Promise<void> {
    this.briefing();
    for (;;) {
      if (this.sim.nowSec >= this.durationSec) {
        this.io.out('');
        this.io.out(`Time is up: the exercise ends at ${wallTime(this.start, this.durationSec)}.`);
        break;
      }
      const line = await lines.next(`[${wallTime(this.start, this.sim.nowSec)} +${mmss(this.sim.nowSec)}] > `);
      if (line === null) {
        this.io.out(`(end of input at +${mmss(this.sim.nowSec)} of ${mmss(this.durationSec)})`);
        break;
      }
      if (!this.command(line.trim())) break;
    }
    this.io.out('');
    this.io.out('── Summary ──');
    renderSummary(this.sim, summarize(this.sim)).forEach((l) => this.io.out(l));
  }

  private briefing(): void {
    const { io, scenario: sc } = this;
    const m = sc.metadata;
    io.out(`═══ ${m.title} ═══`);
    io.out(`${m.id} · ${m.difficulty} · ${humanDuration(m.durationMinutes * 60)} · starts ${wallDateTime(this.start, 0)} · seed ${this.sim.seed}`);
    io.out('');
    io.out(m.summary.trim());
    io.out('');
    io.out('Objectives:');
    m.objectives.forEach((o) => io.out(`  - ${o}`));
    io.out('');
    io.out('Services:');
    table(
      ['SERVICE', 'TYPE', 'REPLICAS', 'CALLS'],
      sc.services.map((s) => [s.id, s.type, String(s.replicas), s.calls.map((c) => c.to).join(', ') || '-']),
      [2],
    ).forEach((l) => io.out(`  ${l}`));
    io.out('');
    io.out('SLOs:');
    if (sc.slos.length === 0) io.out('  (none)');
    sc.slos.forEach((s) =>
      io.out(`  ${s.id}: ${s.indicator} of ${s.service}@${s.env} >= ${percent(s.objective, 2)} over ${s.windowDays} days${s.thresholdMs ? ` (good = faster than ${s.thresholdMs} ms)` : ''}`),
    );
    io.out('');
    io.out(`Alert rules: ${sc.alerts.length}. Recent changes: ${sc.changes.filter((c) => c.at <= 0).length} (type "changes").`);
    this.showInjects(Number.NEGATIVE_INFINITY, 0);
    io.out('');
    io.out('You are on call. Press Enter to advance one minute; type "help" for commands.');
  }

  /** Returns false to end the session. */
  private command(line: string): boolean {
    const [word = '', ...rest] = line.split(/\s+/).filter(Boolean);
    switch (word.toLowerCase()) {
      case '':
        this.advance(1);
        return true;
      case 'run': {
        const n = rest[0] === undefined ? 1 : /^\d+$/.test(rest[0]) ? Number(rest[0]) : NaN;
        if (!Number.isInteger(n) || n < 1) this.io.out('usage: run <minutes>, a whole number of minutes (1 or more)');
        else this.advance(n);
        return true;
      }
      case 'status':
        this.status();
        return true;
      case 'logs':
        this.logs(rest);
        return true;
      case 'changes':
        changeLines(this.sim).forEach((l) => this.io.out(l));
        return true;
      case 'alerts':
        alertLines(this.sim).forEach((l) => this.io.out(l));
        return true;
      case 'act':
        this.act(rest);
        return true;
      case 'help':
      case '?':
        this.help();
        return true;
      case 'quit':
      case 'exit':
      case 'q':
        return false;
      default:
        this.io.out(`unknown command "${word}"; type "help" for the list`);
        return true;
    }
  }

  private help(): void {
    table(['COMMAND', 'WHAT IT DOES'], PLAY_COMMANDS.map(([c, d]) => [c, d])).forEach((l) => this.io.out(`  ${l}`));
  }

  private advance(minutes: number): void {
    const end = Math.min(this.durationSec, this.sim.nowSec + minutes * 60);
    while (this.sim.nowSec < end) {
      const from = this.sim.nowSec;
      this.sim.runUntil(Math.min(end, from + 60));
      this.minute(from, this.sim.nowSec);
    }
  }

  /** The compact live view after a step: clock, SLOs, alerts, injects, new timeline events. */
  private minute(from: number, to: number): void {
    const { io, sim } = this;
    io.out(`── ${wallTime(this.start, to)}  +${mmss(to)} ${'─'.repeat(40)}`);
    sloLines(sim).forEach((l) => io.out(`  ${l}`));
    const firing = firingAlerts(sim);
    if (firing.length > 0) io.out(`  FIRING: ${firing.join('; ')}`);
    for (const a of sim.recorder.alerts) {
      if (a.resolvedAtSec !== null && a.resolvedAtSec > from && a.resolvedAtSec <= to) io.out(`  resolved: ${a.id} at ${wallTime(this.start, a.resolvedAtSec)}`);
    }
    const events = sim.recorder.timeline.slice(this.timelineSeen);
    this.timelineSeen = sim.recorder.timeline.length;
    for (const e of events) {
      if (e.kind.startsWith('action:')) continue; // printed when the action was taken
      const where = e.service ? `${e.service}${sim.model.nEnv > 1 ? `@${e.env}` : ''}: ` : '';
      io.out(`  ${wallTime(this.start, e.atSec)} ${e.kind.padEnd(8)} ${where}${e.text}`);
    }
    this.showInjects(from, to);
  }

  private showInjects(from: number, to: number): void {
    for (const inj of this.scenario.injects) {
      // An inject at 7m has arrived when the clock shows 09:37:00: `to` is inclusive.
      if (this.injectsShown.has(inj.id) || inj.at < from || inj.at > to) continue;
      this.injectsShown.add(inj.id);
      this.io.out('');
      this.io.out(`  >> ${inj.kind.toUpperCase()} from ${inj.from} at ${wallTime(this.start, inj.at)}: ${inj.subject}`);
      for (const l of inj.body.trim().split('\n')) this.io.out(`     ${l}`);
    }
  }

  private status(): void {
    const { io, sim } = this;
    io.out(`Status at ${wallTime(this.start, sim.nowSec)} (+${mmss(sim.nowSec)} of ${mmss(this.durationSec)}), last minute:`);
    if (sim.recorder.written === 0) io.out('  (nothing measured yet: advance the clock first)');
    else serviceTable(sim).forEach((l) => io.out(`  ${l}`));
    sloLines(sim).forEach((l) => io.out(`  ${l}`));
    const firing = firingAlerts(sim);
    io.out(`  Firing alerts: ${firing.length ? firing.join('; ') : 'none'}`);
  }

  private logs(rest: string[]): void {
    const { sim, io } = this;
    const [service, ...more] = rest;
    if (service === undefined) {
      io.out(`usage: logs <service> [error] [env]   services: ${sim.model.svcIds.join(', ')}`);
      return;
    }
    if (!sim.model.svcIndex.has(service)) {
      io.out(`unknown service "${service}"; services: ${sim.model.svcIds.join(', ')}`);
      return;
    }
    const errorsOnly = more.includes('error') || more.includes('errors');
    const env = more.find((w) => w !== 'error' && w !== 'errors') ?? (sim.model.envIndex.has('prod') ? 'prod' : (sim.model.envIds[0] ?? 'prod'));
    if (!sim.model.envIndex.has(env)) {
      io.out(`unknown environment "${env}"; environments: ${sim.model.envIds.join(', ')}`);
      return;
    }
    if (sim.nowSec === 0) {
      io.out('(no logs yet: advance the clock first)');
      return;
    }
    recentLogs(sim, service, env, errorsOnly).forEach((l) => io.out(l));
  }

  private act(rest: string[]): void {
    const { io, sim } = this;
    const [type, ...more] = rest;
    if (type === undefined || !(ACTION_TYPES as readonly string[]).includes(type)) {
      if (type !== undefined) io.out(`unknown action "${type}"`);
      io.out('usage: act <type> [target] [key=value...]');
      io.out(`types: ${ACTION_TYPES.join(', ')}`);
      return;
    }
    const params: Record<string, string | number | boolean> = {};
    const words: string[] = [];
    for (const word of more) {
      const eq = word.indexOf('=');
      if (eq > 0) params[word.slice(0, eq)] = parseValue(word.slice(eq + 1));
      else words.push(word);
    }
    let target = words[0] ?? '';
    if (words.length > 1) {
      // Notes, hypotheses and status updates take free text: `act note rollback looks good`.
      if ((RECORDED_TYPES as readonly string[]).includes(type)) {
        target = '';
        params.text = words.join(' ');
      } else {
        io.out(`unexpected "${words[1] ?? ''}": parameters are key=value, e.g. act scale ${target} replicas=6`);
        return;
      }
    }
    try {
      const r = sim.act({ type: type as ActionType, target, params });
      const eta = r.effectiveAtSec !== null && r.effectiveAtSec > sim.nowSec ? ` (under way from ${wallTime(this.start, r.effectiveAtSec)}, in ${formatDuration(r.effectiveAtSec - sim.nowSec)})` : '';
      io.out(`${r.result === 'applied' ? 'OK' : 'REJECTED'}: ${r.message}${r.result === 'applied' ? eta : ''}`);
    } catch (err) {
      io.out(`cannot take that action: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
}

/** `6` -> 6, `true` -> true, `0.2` -> 0.2, anything else stays text. */
export function parseValue(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}
