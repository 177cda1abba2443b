// The scenario editor's worker side: validation, a headless preview run, the contract checks,
// the measured difficulty and the starter templates. Each command works on the text it is given
// and keeps nothing: the scenario loaded for play and its run are never touched.

import {
  checkContract,
  createSim,
  estimateDifficulty,
  listTemplates,
  loadScenario,
  renderTemplate,
  scenarioJsonSchema,
  searchLogs,
  windowCounts,
  type Scenario,
  type Sim,
} from '../../../engine/src/index.ts';
import { overview } from './dashboards.ts';
import type {
  ArgsOf,
  AuthorCheckResult,
  AuthorDifficultyResult,
  AuthorPreviewResult,
  AuthorValidateResult,
  HealthSample,
  PreviewFault,
  PreviewSlo,
  ResultOf,
} from './protocol.ts';
import { scenarioInfo } from './scenarioInfo.ts';

/** The preview simulates at most this much of a scenario by default: enough to see it unfold. */
export const PREVIEW_MAX_SEC = 3600;
const HEALTH_EVERY_SEC = 60;
/** Log lines sampled per fault, and the window searched from the fault's start. */
const LOG_SAMPLE = 6;
const LOG_WINDOW_SEC = 300;

export interface Author {
  schema(): Record<string, unknown>;
  validate(a: ArgsOf<'author/validate'>): AuthorValidateResult;
  preview(a: ArgsOf<'author/preview'>): AuthorPreviewResult;
  check(a: ArgsOf<'author/check'>): AuthorCheckResult;
  difficulty(a: ArgsOf<'author/difficulty'>): AuthorDifficultyResult;
  templates(): ResultOf<'author/templates'>;
  fromTemplate(a: ArgsOf<'author/fromTemplate'>): ResultOf<'author/fromTemplate'>;
}

export function createAuthor(now: () => number = () => performance.now()): Author {
  let schema: Record<string, unknown> | null = null;
  return {
    schema() {
      schema ??= scenarioJsonSchema();
      return schema;
    },
    validate(a) {
      const loaded = loadScenario(a.text, a.file);
      return loaded.ok ? { ok: true, issues: loaded.warnings } : { ok: false, issues: loaded.issues };
    },
    preview(a) {
      const t0 = now();
      const loaded = loadScenario(a.text, a.file);
      if (!loaded.ok) return { ok: false, issues: loaded.issues };
      const result = previewRun(loaded.scenario, a.maxSec ?? PREVIEW_MAX_SEC);
      return { ok: true, info: scenarioInfo(loaded.scenario), warnings: loaded.warnings, ...result, elapsedMs: Math.round(now() - t0) };
    },
    check(a) {
      const t0 = now();
      const loaded = loadScenario(a.text, a.file);
      if (!loaded.ok) return { ok: false, issues: loaded.issues };
      const seed = (loaded.scenario.seed + a.seedIndex) >>> 0;
      const results = checkContract(loaded.scenario, { seeds: [seed] });
      return { ok: true, seed, results, elapsedMs: Math.round(now() - t0) };
    },
    difficulty(a) {
      const t0 = now();
      const loaded = loadScenario(a.text, a.file);
      if (!loaded.ok) return { ok: false, issues: loaded.issues };
      const est = estimateDifficulty(loaded.scenario);
      return {
        ok: true,
        difficulty: {
          declared: loaded.scenario.metadata.difficulty,
          measured: est.level,
          score: est.score,
          factors: est.factors.map((f) => ({ name: f.label, value: `${Math.round(f.value * 100)}% × ${f.weight}`, detail: f.explanation })),
        },
        elapsedMs: Math.round(now() - t0),
      };
    },
    templates() {
      return listTemplates();
    },
    fromTemplate(a) {
      return renderTemplate(a.topology, a.fault, {
        ...(a.id === undefined ? {} : { id: a.id }),
        ...(a.title === undefined ? {} : { title: a.title }),
      });
    },
  };
}

type PreviewBody = Omit<Extract<AuthorPreviewResult, { ok: true }>, 'ok' | 'info' | 'warnings' | 'elapsedMs'>;

/** Runs the scenario with no actions for its duration (at most `maxSec`) and summarises what happened. */
export function previewRun(scenario: Scenario, maxSec: number): PreviewBody {
  const sim = createSim(scenario, { seed: scenario.seed });
  const end = Math.max(60, Math.min(sim.durationSec, Math.floor(maxSec)));
  const health: HealthSample[] = [];
  for (let t = HEALTH_EVERY_SEC; t <= end; t += HEALTH_EVERY_SEC) {
    sim.runUntil(t);
    health.push(sample(sim));
  }
  if (sim.nowSec < end) {
    sim.runUntil(end);
    health.push(sample(sim));
  }
  const rec = sim.recorder;
  const rows = rec.written;
  const times = new Float64Array(rows);
  for (let r = 0; r < rows; r++) times[r] = (r + 1) * 10;

  const slos: PreviewSlo[] = scenario.slos.map((slo, s) => {
    const sli = new Float32Array(rows);
    const burn5m = new Float32Array(rows);
    const burn1h = new Float32Array(rows);
    const budget = 1 - slo.objective;
    for (let r = 0; r < rows; r++) {
      const w5 = windowCounts(rec, s, r, 300);
      const w1 = windowCounts(rec, s, r, 3600);
      sli[r] = w5.total > 0 ? 1 - w5.bad / w5.total : NaN;
      burn5m[r] = w5.total > 0 ? w5.bad / w5.total / budget : NaN;
      burn1h[r] = w1.total > 0 ? w1.bad / w1.total / budget : NaN;
    }
    return {
      id: slo.id,
      service: slo.service,
      env: slo.env,
      indicator: slo.indicator,
      objective: slo.objective,
      ...(slo.thresholdMs === undefined ? {} : { thresholdMs: slo.thresholdMs }),
      ...(slo.description === undefined ? {} : { description: slo.description }),
      sli,
      burn5m,
      burn1h,
      burnAlerts: scenario.alerts.flatMap((a) =>
        a.type === 'burnRate' && a.slo === slo.id ? [{ id: a.id, burnRate: a.burnRate, severity: a.severity, longWindowSec: a.longWindow, shortWindowSec: a.shortWindow }] : [],
      ),
    };
  });

  const faults: PreviewFault[] = scenario.faults.map((f) => {
    const ep = rec.faults.find((e) => e.fault === f.id);
    const startSec = ep ? ep.startSec : Math.max(0, f.start);
    const endSec = ep ? ep.endSec : null;
    const service = f.target === '*' ? (scenario.services[0]?.id ?? '') : f.target;
    return {
      id: f.id,
      type: f.type,
      target: f.target,
      env: f.env,
      startSec,
      endSec,
      active: ep !== undefined,
      ...(f.causedBy === undefined ? {} : { causedBy: f.causedBy }),
      ...(f.description === undefined ? {} : { description: f.description }),
      logsService: service,
      logs: ep ? logSample(sim, service, f.env, Math.max(0, startSec), Math.min(end, endSec ?? end, Math.max(0, startSec) + LOG_WINDOW_SEC)) : [],
    };
  });

  return {
    durationSec: sim.durationSec,
    previewSec: end,
    times,
    slos,
    alerts: rec.alerts.map((e) => ({ ...e })),
    events: rec.timeline.map((e) => ({ ...e })),
    faults,
    changes: scenario.changes
      .map((c) => ({
        id: c.id,
        atSec: c.at,
        type: c.type,
        ...(c.service === undefined ? {} : { service: c.service }),
        env: c.env,
        summary: c.summary,
        ...(c.version === undefined ? {} : { version: c.version }),
      }))
      .sort((x, y) => x.atSec - y.atSec),
    injects: scenario.injects.map((i) => ({ id: i.id, atSec: i.at, kind: i.kind, from: i.from, subject: i.subject })).sort((x, y) => x.atSec - y.atSec),
    health,
  };
}

function sample(sim: Sim): HealthSample {
  const o = overview(sim);
  return { atSec: sim.nowSec, services: o.services, edges: o.edges };
}

function logSample(sim: Sim, service: string, env: string, fromSec: number, toSec: number) {
  if (!service || toSec <= fromSec) return [];
  try {
    // Distinct messages (numbers aside), so the sample shows what kinds of lines there are.
    const found = searchLogs(sim, { service, env, fromSec, toSec, minSeverity: 'WARN', limit: LOG_SAMPLE * 8 });
    const seen = new Set<string>();
    const distinct = found.records.filter((r) => {
      const key = `${r.severity} ${r.body.replace(/[0-9a-f]{6,}|\d+/gi, '#')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return distinct.slice(0, LOG_SAMPLE).map((r) => ({
      timeMs: r.timeMs,
      severity: r.severity,
      pod: r.pod,
      body: r.body,
      ...(r.stack ? { stackHead: r.stack.split('\n')[0] ?? '' } : {}),
    }));
  } catch {
    return [];
  }
}
