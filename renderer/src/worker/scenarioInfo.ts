// What the UI may know about a scenario before and during the run: the system, its SLOs and
// alerts, flags and runbooks. Deliberately not the faults, root cause, mitigations, evidence,
// debrief or hint texts: the trainee's screens are fed from here, and a leak would spoil the game.

import { formatDuration, parseIsoSec, type AlertDef, type Scenario } from '../../../engine/src/index.ts';
import type { AlertRuleInfo, ScenarioInfo } from './protocol.ts';

export function alertRuleInfo(scenario: Scenario, a: AlertDef): AlertRuleInfo {
  if (a.type === 'burnRate') {
    const slo = scenario.slos.find((s) => s.id === a.slo);
    return {
      id: a.id,
      type: a.type,
      severity: a.severity,
      ...(a.summary === undefined ? {} : { summary: a.summary }),
      rule: `burn > ${a.burnRate}x on ${a.slo} over ${formatDuration(a.longWindow)} and ${formatDuration(a.shortWindow)}`,
      service: slo?.service ?? '',
      env: slo?.env ?? '',
    };
  }
  return {
    id: a.id,
    type: a.type,
    severity: a.severity,
    ...(a.summary === undefined ? {} : { summary: a.summary }),
    rule: `${a.metric} ${a.op} ${a.value} on ${a.service}@${a.env}${a.for > 0 ? ` for ${formatDuration(a.for)}` : ''}`,
    service: a.service,
    env: a.env,
  };
}

export function scenarioInfo(s: Scenario): ScenarioInfo {
  const m = s.metadata;
  return {
    id: m.id,
    title: m.title,
    summary: m.summary,
    difficulty: m.difficulty,
    objectives: [...m.objectives],
    tags: [...m.tags],
    ...(m.author === undefined ? {} : { author: m.author }),
    ...(m.domain === undefined ? {} : { domain: m.domain }),
    ...(m.company === undefined ? {} : { company: m.company }),
    ...(m.role === undefined ? {} : { role: m.role }),
    ...(m.onCall === undefined ? {} : { onCall: m.onCall }),
    seed: s.seed,
    durationSec: m.durationMinutes * 60,
    start: s.start,
    startEpochSec: parseIsoSec(s.start) ?? 0,
    environments: s.environments.map((e) => ({ id: e.id, trafficScale: e.trafficScale })),
    services: s.services.map((svc) => ({
      id: svc.id,
      ...(svc.name === undefined ? {} : { name: svc.name }),
      type: svc.type,
      version: svc.version,
      ...(svc.language === undefined ? {} : { language: svc.language }),
      replicas: svc.replicas,
      zones: [...svc.zones],
      ...(svc.consumes === undefined ? {} : { consumes: svc.consumes }),
      calls: svc.calls.map((c) => ({
        to: c.to,
        perRequest: c.perRequest,
        timeoutMs: c.timeoutMs,
        retries: c.retries,
        ...(c.pool === undefined ? {} : { pool: c.pool }),
        critical: c.critical,
        ...(c.onMiss === undefined ? {} : { onMiss: c.onMiss }),
      })),
    })),
    slos: s.slos.map((x) => ({ ...x })),
    alerts: s.alerts.map((a) => alertRuleInfo(s, a)),
    flags: s.flags.map((f) => ({ ...f })),
    runbooks: s.runbooks.map((r) => ({ ...r })),
    hintsCount: s.hints.length,
  };
}
