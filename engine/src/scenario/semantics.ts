// Checks a schema-valid scenario for what the schema alone cannot express: cross-references,
// cycles, fields that only make sense for one service type, and values that are each valid but
// impossible together. Pure: returns issues with the data path of the offending field; the
// loader (load.ts) turns paths into file:line:col.

import { formatDuration } from './duration.ts';
import type { FaultType, Scenario, ServiceDef } from './schema.ts';

export type IssuePath = (string | number)[];

export interface SemanticIssue {
  path: IssuePath;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

type Emit = (issue: SemanticIssue) => void;

/** What a reference may point at: the ids of one list, with words to name them in messages. */
interface Known {
  one: string;
  many: string;
  ids: ReadonlySet<string>;
}

interface Index {
  services: Map<string, ServiceDef>;
  service: Known;
  env: Known;
  flag: Known;
  slo: Known;
  change: Known;
  s: Scenario;
}

/** Runs every semantic rule; issues come in document order of the rules, the loader sorts them. */
export function checkSemantics(s: Scenario): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const emit: Emit = (issue) => out.push(issue);
  const ix = indexOf(s);
  checkDuplicateIds(s, emit);
  checkEnvironments(ix, emit);
  checkServices(ix, emit);
  checkCallCycles(ix, emit);
  checkFlags(ix, emit);
  checkTraffic(ix, emit);
  checkSlos(ix, emit);
  checkAlerts(ix, emit);
  checkChanges(ix, emit);
  checkFaults(ix, emit);
  checkInjects(s, emit);
  checkTeaching(ix, emit);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Index and reference helpers

function indexOf(s: Scenario): Index {
  const services = new Map<string, ServiceDef>();
  // The first definition wins; later duplicates are reported by checkDuplicateIds.
  for (const svc of s.services) if (!services.has(svc.id)) services.set(svc.id, svc);
  const known = (one: string, many: string, items: readonly { id: string }[]): Known => ({
    one,
    many,
    ids: new Set(items.map((item) => item.id)),
  });
  return {
    services,
    service: known('service', 'services', s.services),
    env: known('environment', 'environments', s.environments),
    flag: known('flag', 'flags', s.flags),
    slo: known('SLO', 'SLOs', s.slos),
    change: known('change', 'changes', s.changes),
    s,
  };
}

const LIST_MAX = 12;

/** `a, b, c` with at most LIST_MAX names, so a 5000-service scenario gives a readable message. */
export function listNames(names: Iterable<string>): string {
  const all = [...names];
  const shown = all.slice(0, LIST_MAX).join(', ');
  return all.length > LIST_MAX ? `${shown}, … (${all.length - LIST_MAX} more)` : shown;
}

/** Reports `value` when it names nothing in `known`; returns whether the reference resolves. */
function ref(emit: Emit, known: Known, value: string, path: IssuePath): boolean {
  if (known.ids.has(value)) return true;
  const guess = closestMatch(value, known.ids);
  const list = known.ids.size > 0 ? `known ${known.many}: ${listNames(known.ids)}` : `no ${known.many} are defined`;
  const issue: SemanticIssue = { path, severity: 'error', message: `unknown ${known.one} "${value}"; ${list}` };
  if (guess !== undefined) issue.hint = `did you mean "${guess}"?`;
  emit(issue);
  return false;
}

/** Environment references get their own wording because `env` silently defaults to prod. */
function envRef(emit: Emit, ix: Index, value: string, path: IssuePath): void {
  if (ix.env.ids.has(value) || value !== 'prod') {
    ref(emit, ix.env, value, path);
    return;
  }
  emit({
    path,
    severity: 'error',
    message: `environment "prod" does not exist (env defaults to prod when omitted); known environments: ${listNames(ix.env.ids)}`,
    hint: 'set env on this item, or add an environment with id: prod',
  });
}

function serviceDesc(svc: ServiceDef): string {
  return `${svc.id} is of type ${svc.type}`;
}

// ---------------------------------------------------------------------------------------------
// Suggestions

/** Optimal-string-alignment distance: Levenshtein plus adjacent swaps, the commonest typo. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((d[(i - 1) * cols + j] ?? 0) + 1, (d[i * cols + j - 1] ?? 0) + 1, (d[(i - 1) * cols + j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (d[(i - 2) * cols + j - 2] ?? 0) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1] ?? 0;
}

/** The candidate nearest to `word`, if near enough to be a plausible typo (about a third of it). */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > 100) return undefined; // a typo is short; keeps the quadratic distance cheap
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const dist = editDistance(w, c.toLowerCase());
    if (dist < bestDist && dist <= limit && dist < Math.max(w.length, c.length)) {
      best = c;
      bestDist = dist;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Duplicates

const ID_LISTS = ['environments', 'services', 'flags', 'slos', 'alerts', 'changes', 'faults', 'injects', 'runbooks', 'evidence'] as const;

function checkDuplicateIds(s: Scenario, emit: Emit): void {
  for (const list of ID_LISTS) {
    const first = new Map<string, number>();
    const items: ReadonlyArray<{ id: string }> = s[list];
    items.forEach((item, i) => {
      const seen = first.get(item.id);
      if (seen === undefined) {
        first.set(item.id, i);
        return;
      }
      emit({
        path: [list, i, 'id'],
        severity: 'error',
        message: `duplicate id "${item.id}": ${list}[${seen}] already uses it`,
        hint: 'ids must be unique within a list',
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Environments, services and the call graph

function checkEnvironments(ix: Index, emit: Emit): void {
  ix.s.environments.forEach((env, e) => {
    env.overrides.forEach((o, k) => ref(emit, ix.service, o.service, ['environments', e, 'overrides', k, 'service']));
  });
}

function checkServices(ix: Index, emit: Emit): void {
  ix.s.services.forEach((svc, i) => {
    const at = (...rest: IssuePath): IssuePath => ['services', i, ...rest];
    checkResources(svc, at, emit);
    checkTypeOnlyFields(ix, svc, at, emit);
    svc.calls.forEach((call, j) => {
      const toKnown = ref(emit, ix.service, call.to, at('calls', j, 'to'));
      if (call.onMiss === undefined) return;
      const target = ix.services.get(call.to);
      if (toKnown && target && target.type !== 'cache') {
        emit({
          path: at('calls', j, 'onMiss'),
          severity: 'error',
          message: `onMiss only applies to calls to a cache, but ${serviceDesc(target)}`,
          hint: 'remove onMiss, or make the call go to the cache in front of this service',
        });
      }
      ref(emit, ix.service, call.onMiss, at('calls', j, 'onMiss'));
    });
  });
}

function checkResources(svc: ServiceDef, at: (...rest: IssuePath) => IssuePath, emit: Emit): void {
  if (svc.memory.baselineMb >= svc.memory.limitMb) {
    emit({
      path: at('memory', 'baselineMb'),
      severity: 'error',
      message: `memory.baselineMb (${svc.memory.baselineMb}) must be below memory.limitMb (${svc.memory.limitMb}): a fresh replica would be OOM-killed at once`,
      hint: 'memory.limitMb defaults to 512 when omitted',
    });
  }
  if (svc.disk.usedGb > svc.disk.sizeGb) {
    emit({
      path: at('disk', 'usedGb'),
      severity: 'error',
      message: `disk.usedGb (${svc.disk.usedGb}) cannot exceed disk.sizeGb (${svc.disk.sizeGb})`,
      hint: 'disk.sizeGb defaults to 20 when omitted',
    });
  }
}

/** Fields the engine reads only for one service type: elsewhere they would be silently ignored. */
const TYPE_ONLY_FIELDS = [
  { field: 'hitRatio', type: 'cache' },
  { field: 'partitions', type: 'queue' },
  { field: 'consumes', type: 'worker' },
] as const;

function checkTypeOnlyFields(ix: Index, svc: ServiceDef, at: (...rest: IssuePath) => IssuePath, emit: Emit): void {
  for (const { field, type } of TYPE_ONLY_FIELDS) {
    if (svc[field] !== undefined && svc.type !== type) {
      emit({
        path: at(field),
        severity: 'error',
        message: `${field} only applies to services of type ${type}, but ${serviceDesc(svc)}`,
      });
    }
  }
  if (svc.consumes === undefined || !ref(emit, ix.service, svc.consumes, at('consumes'))) return;
  const queue = ix.services.get(svc.consumes);
  if (queue && queue.type !== 'queue') {
    emit({ path: at('consumes'), severity: 'error', message: `consumes must name a service of type queue, but ${serviceDesc(queue)}` });
  }
}

interface Edge {
  to: string;
  path: IssuePath;
}

/**
 * A cycle in the call graph would make one request recurse forever, so the engine refuses it.
 * Iterative depth-first search (scenarios may hold 5000 services: no recursion); every back edge
 * is one cycle, reported at the call that closes it.
 */
function checkCallCycles(ix: Index, emit: Emit): void {
  const edges = callEdges(ix);
  const state = new Map<string, 'open' | 'done'>();
  for (const root of ix.services.keys()) {
    if (state.has(root)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    const onStack: string[] = [root];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const edge = edges.get(top.id)?.[top.next++];
      if (!edge) {
        state.set(top.id, 'done');
        stack.pop();
        onStack.pop();
        continue;
      }
      const seen = state.get(edge.to);
      if (seen === 'open') reportCycle(emit, [...onStack.slice(onStack.indexOf(edge.to)), edge.to], edge.path);
      if (seen !== undefined) continue;
      state.set(edge.to, 'open');
      stack.push({ id: edge.to, next: 0 });
      onStack.push(edge.to);
    }
  }
}

function callEdges(ix: Index): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  ix.s.services.forEach((svc, i) => {
    if (ix.services.get(svc.id) !== svc) return; // a duplicate id: already an error
    const list: Edge[] = [];
    svc.calls.forEach((call, j) => {
      // Dangling targets are reported by checkServices; here they simply have no node.
      if (ix.services.has(call.to)) list.push({ to: call.to, path: ['services', i, 'calls', j, 'to'] });
      if (call.onMiss !== undefined && ix.services.has(call.onMiss)) {
        list.push({ to: call.onMiss, path: ['services', i, 'calls', j, 'onMiss'] });
      }
    });
    edges.set(svc.id, list);
  });
  return edges;
}

function reportCycle(emit: Emit, cycle: string[], path: IssuePath): void {
  const text = cycle.join(' -> ');
  emit({
    path,
    severity: 'error',
    message: cycle.length === 2 ? `${cycle[0]} calls itself: ${text}` : `call cycle: ${text}`,
    hint: 'a request would go round forever; remove one of these calls',
  });
}

// ---------------------------------------------------------------------------------------------
// Flags, traffic, SLOs and alerts

function checkFlags(ix: Index, emit: Emit): void {
  ix.s.flags.forEach((flag, i) => {
    const owner = ref(emit, ix.service, flag.service, ['flags', i, 'service']) ? ix.services.get(flag.service) : undefined;
    // A kill switch can only stop a call its own service makes.
    if (flag.disablesCall !== undefined && owner) checkDependency(ix, owner, flag.disablesCall, ['flags', i, 'disablesCall'], emit);
  });
}

const NOT_AN_ENTRY = new Set(['database', 'cache', 'queue']);

function checkTraffic(ix: Index, emit: Emit): void {
  ix.s.traffic.forEach((t, i) => {
    if (t.env !== undefined) ref(emit, ix.env, t.env, ['traffic', i, 'env']);
    if (!ref(emit, ix.service, t.entry, ['traffic', i, 'entry'])) return;
    const svc = ix.services.get(t.entry);
    if (svc && NOT_AN_ENTRY.has(svc.type)) {
      emit({
        path: ['traffic', i, 'entry'],
        severity: 'warning',
        message: `traffic enters at ${t.entry}, a ${svc.type}: end users do not call a ${svc.type} directly`,
        hint: 'point traffic at a gateway or api service',
      });
    }
  });
}

function checkSlos(ix: Index, emit: Emit): void {
  ix.s.slos.forEach((slo, i) => {
    ref(emit, ix.service, slo.service, ['slos', i, 'service']);
    envRef(emit, ix, slo.env, ['slos', i, 'env']);
    if (slo.indicator === 'latency' && slo.thresholdMs === undefined) {
      emit({
        path: ['slos', i, 'thresholdMs'],
        severity: 'error',
        message: 'a latency SLO needs thresholdMs: a request is good when faster than it',
        hint: 'add thresholdMs, e.g. thresholdMs: 300',
      });
    }
    if (slo.indicator === 'availability' && slo.thresholdMs !== undefined) {
      emit({
        path: ['slos', i, 'thresholdMs'],
        severity: 'error',
        message: 'thresholdMs only applies to latency SLOs; an availability SLO counts successful requests',
        hint: 'remove thresholdMs, or set indicator: latency',
      });
    }
  });
}

// Floating point: 1000 x (1 - 0.999) is 1.0000000000000009, which must still count as 1.
const BURN_EPSILON = 1e-9;

function checkAlerts(ix: Index, emit: Emit): void {
  const objectives = new Map<string, number>();
  for (const slo of ix.s.slos) if (!objectives.has(slo.id)) objectives.set(slo.id, slo.objective);
  ix.s.alerts.forEach((alert, i) => {
    if (alert.type === 'threshold') {
      ref(emit, ix.service, alert.service, ['alerts', i, 'service']);
      envRef(emit, ix, alert.env, ['alerts', i, 'env']);
      return;
    }
    if (alert.shortWindow >= alert.longWindow) {
      emit({
        path: ['alerts', i, 'shortWindow'],
        severity: 'error',
        message: `shortWindow (${formatDuration(alert.shortWindow)}) must be shorter than longWindow (${formatDuration(alert.longWindow)})`,
        hint: 'the SRE workbook pairs 1h with 5m and 6h with 30m',
      });
    }
    if (!ref(emit, ix.slo, alert.slo, ['alerts', i, 'slo'])) return;
    const objective = objectives.get(alert.slo);
    if (objective !== undefined && alert.burnRate * (1 - objective) > 1 + BURN_EPSILON) {
      const most = Math.floor((1 / (1 - objective)) * 1000) / 1000;
      emit({
        path: ['alerts', i, 'burnRate'],
        severity: 'error',
        message: `burn rate ${alert.burnRate} can never be reached by SLO "${alert.slo}" (objective ${objective}): even 100% errors burn its budget at most ${most}x, so this alert can never fire`,
        hint: `burnRate x (1 - objective) must be at most 1; as the SRE workbook notes, a 90% SLO cannot page at 14.4x`,
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Changes

function checkChanges(ix: Index, emit: Emit): void {
  ix.s.changes.forEach((c, i) => {
    const at = (field: string): IssuePath => ['changes', i, field];
    if (c.service !== undefined) ref(emit, ix.service, c.service, at('service'));
    envRef(emit, ix, c.env, at('env'));
    if (c.flag !== undefined) ref(emit, ix.flag, c.flag, at('flag'));
    const needs: Record<string, ReadonlyArray<'service' | 'version' | 'flag' | 'value'>> = {
      deploy: ['service', 'version'],
      config: ['service'],
      flag: ['flag', 'value'],
      infra: [],
    };
    for (const field of needs[c.type] ?? []) {
      if (c[field] !== undefined) continue;
      emit({ path: at(field), severity: 'error', message: `a ${c.type} change needs ${field}`, hint: changeHint(c.type) });
    }
  });
}

function changeHint(type: string): string {
  if (type === 'deploy') return 'name the service deployed and the version rolled out, e.g. service: checkout, version: v1.42.0';
  if (type === 'flag') return 'name the flag flipped and its new value, e.g. flag: new-pricing, value: true';
  return 'name the service whose configuration changed';
}

// ---------------------------------------------------------------------------------------------
// Faults

/** Faults about our own pods, disks and processes: a provider's internals are not simulated. */
const INTERNAL_ONLY: ReadonlySet<FaultType> = new Set<FaultType>([
  'memoryLeak',
  'cpuSaturation',
  'diskFull',
  'podCrash',
  'queueConsumerSlowdown',
  'cacheFailure',
  'connectionPoolExhaustion',
]);

type Fault = Scenario['faults'][number];

function checkFaults(ix: Index, emit: Emit): void {
  const endSec = ix.s.metadata.durationMinutes * 60;
  ix.s.faults.forEach((f, i) => {
    const at = (...rest: IssuePath): IssuePath => ['faults', i, ...rest];
    envRef(emit, ix, f.env, at('env'));
    checkFaultStart(f, endSec, at('start'), emit);
    checkCausedBy(ix, f, at('causedBy'), emit);
    if (f.target === '*') {
      if (f.type !== 'zoneOutage') {
        emit({
          path: at('target'),
          severity: 'error',
          message: `target "*" (every service) is only allowed for zoneOutage faults, not ${f.type}`,
          hint: 'name the one service this fault hits',
        });
      }
    } else if (!ref(emit, ix.service, f.target, at('target'))) {
      return; // the parameter checks below all need the target
    }
    checkFaultParams(ix, f, at, emit);
    const svc = ix.services.get(f.target);
    if (svc?.type === 'external' && INTERNAL_ONLY.has(f.type)) {
      emit({
        path: at('type'),
        severity: 'warning',
        message: `a ${f.type} fault on ${f.target}, an external service: we do not run the provider's pods, so this has no visible cause`,
        hint: 'model a provider failure as outage, latency, errorRate, rateLimited or dnsFailure',
      });
    }
  });
}

function checkFaultStart(f: Fault, endSec: number, path: IssuePath, emit: Emit): void {
  if (f.start >= 0 && f.start < endSec) return;
  const why =
    f.start < 0
      ? 'faults start at or after the scenario start (0s)'
      : `the scenario ends at ${formatDuration(endSec)} (metadata.durationMinutes)`;
  emit({ path, severity: 'error', message: `fault start ${formatDuration(f.start)} is outside the scenario: ${why}`, hint: 'to model an earlier cause, use a change with a negative at and causedBy' });
}

function checkCausedBy(ix: Index, f: Fault, path: IssuePath, emit: Emit): void {
  if (f.causedBy === undefined || !ref(emit, ix.change, f.causedBy, path)) return;
  const change = ix.s.changes.find((c) => c.id === f.causedBy);
  if (change && change.at > f.start) {
    emit({
      path,
      severity: 'warning',
      message: `change "${change.id}" happens at ${formatDuration(change.at)}, after the fault it causes starts (${formatDuration(f.start)})`,
      hint: 'a cause comes before its effect: move the change earlier or the fault later',
    });
  }
}

function checkFaultParams(ix: Index, f: Fault, at: (...rest: IssuePath) => IssuePath, emit: Emit): void {
  const target = ix.services.get(f.target);
  switch (f.type) {
    case 'dependencyLatency':
    case 'connectionPoolExhaustion':
      if (target) checkDependency(ix, target, f.params.dependency, at('params', 'dependency'), emit);
      return;
    case 'badFeatureFlag':
      checkFaultFlag(ix, f.target, f.params.flag, at('params', 'flag'), emit);
      return;
    case 'zoneOutage':
      checkZone(ix, f.target, f.params.zone, at('params', 'zone'), emit);
      return;
    default:
      return;
  }
}

function checkDependency(ix: Index, target: ServiceDef, dependency: string, path: IssuePath, emit: Emit): void {
  if (!ref(emit, ix.service, dependency, path)) return;
  const calls = target.calls.map((c) => c.to);
  if (calls.includes(dependency)) return;
  emit({
    path,
    severity: 'error',
    message: `${target.id} does not call "${dependency}"; ${calls.length > 0 ? `it calls: ${listNames(calls)}` : 'it calls nothing'}`,
    hint: `name one of the services ${target.id} calls`,
  });
}

function checkFaultFlag(ix: Index, target: string, flagId: string, path: IssuePath, emit: Emit): void {
  if (!ref(emit, ix.flag, flagId, path)) return;
  const flag = ix.s.flags.find((fl) => fl.id === flagId);
  // An unknown owner is reported at the flag itself; naming it here again would only repeat that.
  if (flag && flag.service !== target && ix.services.has(flag.service)) {
    emit({
      path,
      severity: 'error',
      message: `flag "${flagId}" belongs to ${flag.service}, not to the fault's target ${target}`,
      hint: `target ${flag.service}, or use a flag of ${target}`,
    });
  }
}

function checkZone(ix: Index, target: string, zone: string, path: IssuePath, emit: Emit): void {
  const zones = new Set<string>();
  for (const svc of ix.s.services) if (target === '*' || svc.id === target) for (const z of svc.zones) zones.add(z);
  if (zones.has(zone)) return;
  const whose = target === '*' ? 'any service' : target;
  const issue: SemanticIssue = { path, severity: 'error', message: `zone "${zone}" is not a zone of ${whose}; zones: ${listNames(zones)}` };
  const guess = closestMatch(zone, zones);
  if (guess !== undefined) issue.hint = `did you mean "${guess}"?`;
  emit(issue);
}

// ---------------------------------------------------------------------------------------------
// Injects

function checkInjects(s: Scenario, emit: Emit): void {
  const endSec = s.metadata.durationMinutes * 60;
  s.injects.forEach((inj, i) => {
    if (inj.at >= 0 && inj.at < endSec) return;
    emit({
      path: ['injects', i, 'at'],
      severity: 'warning',
      message: `inject at ${formatDuration(inj.at)} falls outside the scenario (0s to ${formatDuration(endSec)}), so no player will see it`,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Teaching material and expectations: every claim must point at something that exists.

const EVIDENCE_NEEDS: Record<string, readonly string[]> = {
  log: ['service', 'contains'],
  metric: ['service', 'metric', 'value'],
  change: ['change'],
  alert: ['alert'],
  inject: ['inject'],
  trace: ['service'],
};

function checkTeaching(ix: Index, emit: Emit): void {
  const s = ix.s;
  const known = (one: string, many: string, items: readonly { id: string }[]): Known => ({ one, many, ids: new Set(items.map((x) => x.id)) });
  const faults = known('fault', 'faults', s.faults);
  const alerts = known('alert', 'alerts', s.alerts);
  const injects = known('inject', 'injects', s.injects);
  const evidence = known('evidence', 'evidence items', s.evidence);

  if (s.rootCause) {
    if (s.rootCause.fault !== undefined) ref(emit, faults, s.rootCause.fault, ['rootCause', 'fault']);
    ref(emit, ix.service, s.rootCause.component, ['rootCause', 'component']);
    if (s.rootCause.change !== undefined) ref(emit, ix.change, s.rootCause.change, ['rootCause', 'change']);
  }
  s.runbooks.forEach((rb, i) => {
    if (rb.service !== undefined) ref(emit, ix.service, rb.service, ['runbooks', i, 'service']);
  });
  s.evidence.forEach((ev, i) => {
    const missing = (EVIDENCE_NEEDS[ev.kind] ?? []).filter((f) => (ev as Record<string, unknown>)[f] === undefined);
    for (const f of missing) {
      emit({ path: ['evidence', i], severity: 'error', message: `${ev.kind} evidence needs "${f}"`, hint: `a ${ev.kind} item names ${(EVIDENCE_NEEDS[ev.kind] ?? []).join(', ')}` });
    }
    if (ev.service !== undefined) ref(emit, ix.service, ev.service, ['evidence', i, 'service']);
    envRef(emit, ix, ev.env, ['evidence', i, 'env']);
    if (ev.change !== undefined) ref(emit, ix.change, ev.change, ['evidence', i, 'change']);
    if (ev.alert !== undefined) ref(emit, alerts, ev.alert, ['evidence', i, 'alert']);
    if (ev.inject !== undefined) ref(emit, injects, ev.inject, ['evidence', i, 'inject']);
  });
  s.debrief?.evidencePath.forEach((id, i) => ref(emit, evidence, id, ['debrief', 'evidencePath', i]));
  checkHints(s, emit);
  checkExpectations(s, emit);
}

function checkHints(s: Scenario, emit: Emit): void {
  if (s.hints.length === 0) return;
  const levels = new Set(s.hints.map((h) => h.level));
  const gaps = [1, 2, 3].filter((l) => !levels.has(l));
  if (gaps.length > 0) {
    emit({ path: ['hints'], severity: 'warning', message: `no hint at level ${gaps.join(', ')}`, hint: 'give one hint per level: 1 where to look, 2 what it means, 3 what to do' });
  }
  for (let i = 1; i < s.hints.length; i++) {
    if ((s.hints[i]?.level ?? 0) < (s.hints[i - 1]?.level ?? 0)) {
      emit({ path: ['hints', i, 'level'], severity: 'warning', message: 'hints are shown in order: list them from level 1 to level 3' });
      break;
    }
  }
}

function checkExpectations(s: Scenario, emit: Emit): void {
  const x = s.expectations;
  if (!x) return;
  const endSec = s.metadata.durationMinutes * 60;
  if (x.fixAt < 0 || x.fixAt >= endSec) {
    emit({ path: ['expectations', 'fixAt'], severity: 'error', message: `fixAt ${formatDuration(x.fixAt)} is outside the scenario (0s to ${formatDuration(endSec)})` });
  } else if (x.fixAt + x.recoverWithin > endSec) {
    emit({ path: ['expectations', 'recoverWithin'], severity: 'error', message: `fixAt + recoverWithin (${formatDuration(x.fixAt + x.recoverWithin)}) ends after the scenario (${formatDuration(endSec)})`, hint: 'lengthen durationMinutes or fix earlier' });
  }
  if (x.detectWithin > endSec) {
    emit({ path: ['expectations', 'detectWithin'], severity: 'error', message: `detectWithin ${formatDuration(x.detectWithin)} is longer than the scenario` });
  }
  const fixes = s.mitigations.filter((m) => m.effect === 'fixes');
  if (x.incident && fixes.length === 0) {
    emit({ path: ['mitigations'], severity: 'error', message: 'an incident scenario needs at least one mitigation with effect: fixes', hint: 'the contract checks apply it at expectations.fixAt' });
  }
  if (x.detectBy === 'ticket' && !s.injects.some((i) => i.kind === 'ticket')) {
    emit({ path: ['expectations', 'detectBy'], severity: 'error', message: 'detectBy: ticket needs an inject of kind ticket' });
  }
  if (x.detectBy === 'alert' && x.incident && s.alerts.length === 0) {
    emit({ path: ['expectations', 'detectBy'], severity: 'error', message: 'detectBy: alert, but the scenario has no alert rules' });
  }
}
