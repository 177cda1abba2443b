// Starter scenarios: a topology (the system) × a fault type (what breaks), rendered as a
// commented YAML file that loads without errors and passes its own contract (`firedrill check`).
// Used by `firedrill new` and by the app's "New scenario". Pure: text in, text out.

import { FAULTS, type EvidenceSpec, type FaultPlan, type MitigationSpec } from './faults.ts';
import { TOPOLOGIES, type ServiceSpec, type Topology } from './topologies.ts';
import { banner, comment, flow, folded, literal, quoted, scalar } from './text.ts';
import type { TemplateInfo } from './types.ts';
import { Id } from '../scenario/schema.ts';

export type { TemplateInfo } from './types.ts';

export const DEFAULT_FAULT = 'bad-deploy';

/** The topologies and fault types, in the order a picker should show them. */
export function listTemplates(): { topologies: TemplateInfo[]; faults: TemplateInfo[] } {
  return { topologies: TOPOLOGIES.map((t) => ({ ...t.info })), faults: FAULTS.map((f) => ({ ...f.info })) };
}

export interface RenderOptions {
  /** metadata.id; default `<topology>-<fault>`. */
  id?: string;
  /** metadata.title; default the fault's title for this system. */
  title?: string;
  /** When set, a first line `# yaml-language-server: $schema=<schema>` so editors complete fields. */
  schema?: string;
}

/** A commented starter scenario, or why it cannot be made (unknown template, bad id). */
export function renderTemplate(topology: string, fault: string, opts: RenderOptions = {}): { ok: true; text: string } | { ok: false; message: string } {
  const t = TOPOLOGIES.find((x) => x.info.id === topology);
  if (!t) return { ok: false, message: `unknown topology template "${topology}"; templates: ${TOPOLOGIES.map((x) => x.info.id).join(', ')}` };
  const f = FAULTS.find((x) => x.info.id === fault);
  if (!f) return { ok: false, message: `unknown fault type "${fault}"; fault types: ${FAULTS.map((x) => x.info.id).join(', ')}` };
  const id = opts.id ?? `${t.info.id}-${f.info.id}`;
  if (!Id.safeParse(id).success) return { ok: false, message: `"${id}" is not a valid scenario id: use lower-case letters, digits and dashes (like orders-slow-db), at most 64 characters` };
  if (opts.title !== undefined && (opts.title.trim() === '' || opts.title.length > 200)) return { ok: false, message: 'a title is 1 to 200 characters long' };
  if (opts.schema !== undefined && /[\r\n]/.test(opts.schema)) return { ok: false, message: 'the schema location must be one line' };
  const plan = f.plan(t);
  return { ok: true, text: render(t, f.info, plan, id, opts) };
}

// ---------------------------------------------------------------------------------------------

function render(t: Topology, fault: TemplateInfo, p: FaultPlan, id: string, opts: RenderOptions): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const services = t.services.map((s) => patched(s, p));
  const innocent = t.innocent;
  const pageAlert = pageAlertOf(t, p);
  const mitigations: MitigationSpec[] = [
    ...p.mitigations,
    { type: 'revertConfig', target: innocent.id, effect: 'none', why: `The ${innocent.id} change came after the impact began and ${t.other} is healthy.` },
  ];
  const evidence: EvidenceSpec[] = [
    { id: 'page', kind: 'alert', alert: pageAlert.id, description: pageAlert.description },
    ...p.evidence,
    { id: 'innocent-change', kind: 'change', change: innocent.id, key: false, description: 'The most recent change, but it landed after the impact began: a red herring.' },
  ];

  if (opts.schema !== undefined) push(`# yaml-language-server: $schema=${opts.schema}`);
  push(
    `# ${opts.title ?? p.title}`,
    `# A Firedrill scenario from the "${t.info.id}" topology and the "${fault.id}" fault templates.`,
    '#',
    '# Make it yours in four steps:',
    '#   1. Rename services to your own (ids are lower-case, digits and dashes; keep every reference',
    '#      to a renamed id in step: calls, SLOs, alerts, changes, faults, mitigations, evidence).',
    '#   2. npm run firedrill -- validate <this file>   every problem as file:line:col with a hint',
    '#   3. npm run firedrill -- check <this file>      runs it: detectable, fixable, red herrings harmless',
    '#   4. npm run firedrill -- play <this file>       play it in the terminal (or open it in the app)',
    '# Times are offsets from the start: 90s, 5m, 1h30m, -20m (before the start) or 00:12:30.',
    '',
    note('apiVersion: firedrill/v1', 'the format version; files of older versions are migrated on load'),
    'kind: Scenario',
  );

  push(...banner('The briefing', 'What the trainee sees before it starts. Describe the symptoms, never the cause.'));
  push(
    'metadata:',
    note(`  id: ${id}`, 'unique in your library; used on the command line'),
    `  title: ${quoted(opts.title ?? p.title)}`,
    ...folded('  ', 'summary', p.summary),
    note(`  difficulty: ${p.difficulty}`, 'beginner | intermediate | advanced (`firedrill check` estimates it too)'),
    note('  durationMinutes: 30', 'simulated minutes'),
    `  domain: ${quoted(t.domain)}`,
    `  company: ${quoted(t.company)}`,
    ...folded('  ', 'role', t.role),
    note('  objectives:', 'what the trainee learns; shown in the debrief'),
    ...p.objectives.map((o) => `    - ${quoted(o)}`),
    `  tags: [${p.tags.join(', ')}]`,
    note('seed: 42', 'the default seed; same seed + same actions = the same run'),
    note('start: 2026-03-10T09:30:00Z', 'simulated wall clock at offset 0'),
  );

  push(
    ...banner(
      'The system',
      'Each service: replicas x concurrency requests at once, each taking serviceTimeMs of its own work plus its calls. Capacity is about replicas x concurrency x 1000 / (time per request in ms); keep healthy services at 30-70% of it so a fault can push them over.',
    ),
    'services:',
  );
  services.forEach((s, i) => push(...serviceLines(s, i === 0)));
  if (p.flags && p.flags.length > 0) {
    push('', '# Feature flags: toggled with toggleFlag; a `flag` change in the feed flips one.', 'flags:');
    for (const fl of p.flags) push(`  - id: ${fl.id}`, `    service: ${fl.service}`, `    description: ${quoted(fl.description)}`);
  }
  push(
    '',
    '# Where requests come in, and how many per second (constant, or diurnal with a daily curve).',
    'traffic:',
    `  - ${flow([['entry', t.entry], ['rps', t.rps], ['pattern', 'constant'], ['noise', 0.05]])}`,
  );

  push(
    ...banner(
      'What "working" means, and who gets paged',
      'SLOs are ratios of good to total events. Burn-rate alerts page when the error budget burns too fast (14.4x over 1h and 5m is the classic fast burn); threshold alerts watch one metric.',
    ),
    'slos:',
  );
  for (const s of t.slos) {
    push(`  - id: ${s.id}`, `    service: ${s.service}`, note(`    indicator: ${s.indicator}`, 'availability | latency'), `    objective: ${s.objective}`);
    if (s.thresholdMs !== undefined) push(note(`    thresholdMs: ${s.thresholdMs}`, 'latency SLOs: a request is good when faster than this'));
    push(`    description: ${quoted(s.description)}`);
  }
  push('alerts:');
  for (const a of t.alerts) {
    if (a.type === 'burnRate') {
      push(`  - ${flow([['id', a.id], ['type', a.type], ['slo', a.slo], ['longWindow', a.longWindow], ['shortWindow', a.shortWindow], ['burnRate', a.burnRate], ['severity', a.severity], ['summary', quoted(a.summary)]])}`);
    } else {
      push(`  - ${flow([['id', a.id], ['type', a.type], ['service', a.service], ['metric', a.metric], ['op', quoted(a.op)], ['value', a.value], ['for', a.for], ['severity', a.severity], ['summary', quoted(a.summary)]])}`);
    }
  }

  push(
    ...banner(
      'What happens',
      'The change feed holds the culprit and an innocent change (a red herring that lands after the impact). A fault is the failure itself; `causedBy` ties it to a change, so reverting or rolling back that change ends it.',
    ),
    'changes:',
  );
  const changes = [...p.changes.map((c) => ({ ...c, innocent: false })), { id: innocent.id, at: '5m', type: 'config' as const, service: t.other, author: innocent.author, summary: innocent.summary, diff: innocent.diff, innocent: true }];
  changes.sort((a, b) => offsetSec(a.at) - offsetSec(b.at));
  for (const c of changes) {
    push(c.innocent ? note(`  - id: ${c.id}`, 'innocent: the red herring') : `  - id: ${c.id}`, `    at: ${c.at}`, note(`    type: ${c.type}`, 'deploy | config | flag | infra'), `    service: ${c.service}`);
    if ('version' in c && c.version !== undefined) push(`    version: ${c.version}`);
    if ('flag' in c && c.flag !== undefined) push(`    flag: ${c.flag}`, `    value: ${String(c.value)}`);
    push(`    author: ${c.author}`, `    summary: ${quoted(c.summary)}`);
    if (c.diff !== undefined) push(...literal('    ', 'diff', c.diff));
  }
  const fl = p.fault;
  push('faults:', `  - id: ${fl.id}`, `    type: ${fl.type}`, `    target: ${fl.target}`, `    start: ${fl.start}`);
  if (fl.causedBy !== undefined) push(note(`    causedBy: ${fl.causedBy}`, 'rolling back or reverting this change ends the fault'));
  push(`    description: ${quoted(fl.description)}`, `    params: ${flow(fl.params.map(([k, v]) => [k, scalar(v)]))}`);
  push(
    '',
    '# Messages that arrive during the exercise: support tickets, stakeholders, chat.',
    'injects:',
    '  - id: support-ticket',
    `    at: ${p.ticket.at}`,
    '    kind: ticket',
    '    from: "Support desk"',
    `    subject: ${quoted(p.ticket.subject)}`,
    `    body: ${quoted(p.ticket.body)}`,
  );

  push(
    ...banner(
      'The answer key',
      'Used by scoring, hints, the debrief and `firedrill check`, which runs the scenario to prove each claim: the fixes restore every SLO, each `none` (red herring) does not, each `harmful` makes things worse, each `temporary` helps for a while, and every evidence item really shows up.',
    ),
    'rootCause:',
    `  fault: ${fl.id}`,
    note(`  component: ${p.rootCause.component}`, 'the service where the cause lives'),
    note(`  category: ${p.rootCause.category}`, 'code-bug | config | capacity | dependency | infrastructure | certificate | data | none'),
  );
  if (p.rootCause.change !== undefined) push(`  change: ${p.rootCause.change}`);
  push(...folded('  ', 'summary', p.rootCause.summary));

  push('', '# What the trainee might do, and what it does: fixes | temporary | none (a red herring) | harmful.', 'mitigations:');
  for (const m of mitigations) {
    const action = flow([['type', m.type], ['target', m.target], ['params', m.params ? flow(m.params.map(([k, v]) => [k, scalar(v)])) : undefined]]);
    push(`  - action: ${action}`, `    effect: ${m.effect}`, `    why: ${quoted(m.why)}`);
  }

  push('', '# Hints cost points: level 1 says where to look, 2 what it means, 3 what to do.', 'hints:');
  p.hints.forEach((h, i) => push(`  - level: ${i + 1}`, `    text: ${quoted(h)}`));

  push('', "# The owning team's runbooks, readable in the war room (Markdown).", 'runbooks:', `  - id: ${p.runbook.id}`, `    title: ${quoted(p.runbook.title)}`, `    service: ${p.runbook.service}`, ...literal('    ', 'body', p.runbook.body));

  push('', '# What an expert looks at. Scoring credits a trainee who saw the key items; `check` proves each one appears.', 'evidence:');
  for (const e of evidence) push(`  - ${evidenceFlow(e)}`);

  push(
    '',
    '# The debrief: the story of what happened, the expert path, and the "why" questions for the postmortem.',
    'debrief:',
    ...folded('  ', 'summary', p.debrief.summary),
    `  evidencePath: [page, ${p.evidencePath.join(', ')}]`,
    '  why:',
    ...p.debrief.why.flatMap((w) => [`    - question: ${quoted(w.question)}`, `      answer: ${quoted(w.answer)}`]),
    '  expertActions:',
    ...p.debrief.expertActions.map((a) => `    - ${quoted(a)}`),
  );

  push(
    '',
    '# The claims `firedrill check` verifies: without any action an alert fires within detectWithin; the',
    '# fixes applied at fixAt bring every SLO back within recoverWithin.',
    'expectations:',
    `  detectWithin: ${p.expectations.detectWithin}`,
    `  fixAt: ${p.expectations.fixAt}`,
    `  recoverWithin: ${p.expectations.recoverWithin}`,
  );
  return `${out.join('\n')}\n`;
}

/** A line with a comment at a common column, so the comments read as one column. */
function note(line: string, text: string): string {
  return `${line.padEnd(33)} # ${text}`;
}

function patched(s: ServiceSpec, p: FaultPlan): ServiceSpec {
  let out = s;
  for (const patch of p.patches ?? []) if (patch.service === s.id) out = { ...out, ...patch.fields };
  return out;
}

function serviceLines(s: ServiceSpec, first: boolean): string[] {
  const c = (line: string, text: string) => (first ? note(line, text) : line);
  const lines = [...comment('  ', s.about)];
  lines.push(
    `  - id: ${s.id}`,
    `    name: ${quoted(s.name)}`,
    c(`    type: ${s.type}`, 'gateway | api | worker | database | cache | queue | external'),
  );
  if (s.language) lines.push(note(`    language: ${s.language}`, 'java | go | node | python: shapes its log lines and stack traces'));
  if (s.version) lines.push(`    version: ${scalar(s.version)}`);
  lines.push(
    c(`    replicas: ${s.replicas}`, 'pods'),
    c(`    concurrency: ${s.concurrency}`, 'requests one pod serves at once'),
    c(`    serviceTimeMs: ${s.serviceTimeMs}`, 'mean time of its own work per request, in ms'),
  );
  if (s.startupSec !== undefined) lines.push(note(`    startupSec: ${s.startupSec}`, 'time a new pod needs to become ready'));
  if (s.cpuCores !== undefined) lines.push(note(`    cpuCores: ${s.cpuCores}`, 'CPU limit per pod (default: what concurrency needs, at most 4)'));
  if (s.memory) lines.push(note(`    memory: ${flow([['baselineMb', s.memory.baselineMb], ['limitMb', s.memory.limitMb]])}`, 'a pod above its limit is OOM-killed'));
  if (s.disk) lines.push(`    disk: ${flow([['sizeGb', s.disk.sizeGb], ['usedGb', s.disk.usedGb]])}`);
  if (s.hitRatio !== undefined) lines.push(note(`    hitRatio: ${s.hitRatio}`, 'share of reads answered from the cache'));
  if (s.partitions !== undefined) lines.push(note(`    partitions: ${s.partitions}`, 'the most consumers that work in parallel'));
  if (s.consumes !== undefined) lines.push(`    consumes: ${s.consumes}`);
  if (s.calls.length > 0) {
    lines.push(c('    calls:', 'timeoutMs per attempt; retries after a failure; pool = connections per pod'));
    for (const call of s.calls) {
      lines.push(`      - ${flow([['to', call.to], ['perRequest', call.perRequest], ['timeoutMs', call.timeoutMs], ['retries', call.retries], ['pool', call.pool], ['onMiss', call.onMiss]])}`);
    }
  }
  return lines;
}

function evidenceFlow(e: EvidenceSpec): string {
  return flow([
    ['id', e.id],
    ['kind', e.kind],
    ['service', e.service],
    ['metric', e.metric],
    ['op', e.op === undefined ? undefined : quoted(e.op)],
    ['value', e.value],
    ['contains', e.contains === undefined ? undefined : quoted(e.contains)],
    ['severity', e.severity],
    ['change', e.change],
    ['alert', e.alert],
    ['key', e.key],
    ['description', quoted(e.description)],
  ]);
}

/** The alert an expert starts from, and what it says. */
function pageAlertOf(t: Topology, p: FaultPlan): { id: string; description: string } {
  if (p.page === 'restarts') return { id: t.restartAlert, description: `The first signal: a ticket for ${t.app} pods restarting.` };
  if (p.pageAlert !== undefined) return { id: p.pageAlert, description: 'The page: the availability SLO is burning its error budget far too fast.' };
  if (p.page === 'availability') return { id: t.pageAlert, description: 'The page: the availability SLO is burning its error budget far too fast.' };
  if (t.slowAlert !== undefined) return { id: t.slowAlert, description: 'The page: work is piling up faster than it is done.' };
  // Requests that queue past their timeout fail: slowness pages as an availability burn.
  return { id: t.pageAlert, description: 'The page: requests time out, and the availability SLO burns its error budget far too fast.' };
}

/** Offsets as the templates write them: `-20m`, `2m`, `0s`. */
function offsetSec(text: string): number {
  const m = /^(-?)(\d+)([smh])$/.exec(text);
  if (!m) return 0;
  const n = Number(m[2]) * (m[3] === 'h' ? 3600 : m[3] === 'm' ? 60 : 1);
  return m[1] === '-' ? -n : n;
}
