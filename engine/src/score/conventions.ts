// The recorded-action conventions the app writes into sessions (documented in README.md,
// "Scoring"), read loosely: a missing or odd parameter is noted and costs the points that
// depended on it, it never throws.

import type { ActionRecord } from '../sim/actions.ts';
import { MITIGATION_TYPES } from '../scenario/actionTypes.ts';

export const SEVERITY_LEVELS = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof SEVERITY_LEVELS)[number];
export const HYPOTHESIS_STATUSES = ['open', 'confirmed', 'ruledOut'] as const;
export type HypothesisStatus = (typeof HYPOTHESIS_STATUSES)[number];

type Json = ActionRecord['params'][string];

export interface Observation {
  atSec: number;
  /** metrics, logs, traces, trace, changes, change, overview, slos, alerts, injects, runbook, topology. */
  target: string;
  params: Record<string, Json>;
}

/** A hypothesis's evidence: a scenario evidence id, or an observation-like object {kind, ...}. */
export type EvidenceRef = string | { kind: string; [k: string]: Json };

export interface Hypothesis {
  id: string;
  text: string;
  /** Latest status. */
  status: HypothesisStatus;
  component: string | null;
  category: string | null;
  /** Every valid reference given over the hypothesis's updates. */
  evidence: EvidenceRef[];
  /** References given with the update that ruled it out. */
  ruledOutEvidence: number;
  firstSec: number;
  lastSec: number;
}

export interface Recorded {
  acks: { atSec: number; alert: string }[];
  declares: { atSec: number; severity: IncidentSeverity | null }[];
  updates: { atSec: number; audience: string; text: string }[];
  hypotheses: Hypothesis[];
  observations: Observation[];
  resolves: { atSec: number; component: string | null; category: string | null; summary: string }[];
  mitigatedSecs: number[];
  hintSecs: number[];
  /** Mitigation actions, applied or rejected, in order. */
  mitigations: ActionRecord[];
  /** What was odd about the recorded actions, one line each. */
  problems: string[];
}

const str = (v: Json | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const isObj = (v: Json | undefined): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const OBSERVE_TARGETS = ['metrics', 'logs', 'traces', 'trace', 'changes', 'change', 'overview', 'slos', 'alerts', 'injects', 'runbook', 'topology'];
const REF_KINDS = [...OBSERVE_TARGETS, 'log', 'metric', 'alert', 'inject', 'evidence'];

function normSeverity(v: Json | undefined): IncidentSeverity | null {
  const s = typeof v === 'number' ? `SEV${v}` : str(v)?.toUpperCase().replace(/[\s-]/g, '');
  return s && (SEVERITY_LEVELS as readonly string[]).includes(s) ? (s as IncidentSeverity) : null;
}

/** Reads the actions of a run (as recorded by the simulation, in order). */
export function readRecorded(actions: readonly ActionRecord[], evidenceIds: ReadonlySet<string>): Recorded {
  const out: Recorded = { acks: [], declares: [], updates: [], hypotheses: [], observations: [], resolves: [], mitigatedSecs: [], hintSecs: [], mitigations: [], problems: [] };
  const byId = new Map<string, Hypothesis>();
  const at = (a: ActionRecord) => `${a.type} at ${a.atSec}s`;
  for (const a of actions) {
    const p = a.params;
    if ((MITIGATION_TYPES as readonly string[]).includes(a.type)) {
      out.mitigations.push(a);
      continue;
    }
    switch (a.type) {
      case 'acknowledge':
        if (!a.target) out.problems.push(`${at(a)}: no target (the alert id)`);
        out.acks.push({ atSec: a.atSec, alert: a.target });
        break;
      case 'declareIncident': {
        const severity = normSeverity(p.severity);
        if (severity === null) out.problems.push(`${at(a)}: params.severity should be SEV1..SEV4, got ${JSON.stringify(p.severity ?? null)}`);
        out.declares.push({ atSec: a.atSec, severity });
        break;
      }
      case 'statusUpdate': {
        const text = str(p.text) ?? '';
        if (!text) out.problems.push(`${at(a)}: params.text is empty`);
        const audience = str(p.audience) ?? 'internal';
        out.updates.push({ atSec: a.atSec, audience, text });
        break;
      }
      case 'hypothesis': {
        const id = str(p.id) ?? (a.target || null) ?? `h${byId.size + 1}`;
        const prev = byId.get(id);
        const text = str(p.text) ?? prev?.text ?? '';
        const rawStatus = str(p.status);
        const status = rawStatus && (HYPOTHESIS_STATUSES as readonly string[]).includes(rawStatus) ? (rawStatus as HypothesisStatus) : (prev?.status ?? 'open');
        if (rawStatus && status !== rawStatus) out.problems.push(`${at(a)}: params.status should be open, confirmed or ruledOut, got "${rawStatus}"`);
        if (!text) out.problems.push(`${at(a)}: hypothesis "${id}" has no text`);
        const refs: EvidenceRef[] = [];
        const raw = Array.isArray(p.evidence) ? p.evidence : p.evidence === undefined ? [] : [p.evidence];
        for (const r of raw) {
          if (typeof r === 'string' && evidenceIds.has(r)) refs.push(r);
          else if (isObj(r) && typeof (r.kind ?? r.target) === 'string' && REF_KINDS.includes(String(r.kind ?? r.target))) refs.push({ ...r, kind: String(r.kind ?? r.target) });
          else out.problems.push(`${at(a)}: evidence ${JSON.stringify(r)} is neither an evidence id nor {kind, ...}`);
        }
        const h: Hypothesis = prev ?? { id, text, status, component: null, category: null, evidence: [], ruledOutEvidence: 0, firstSec: a.atSec, lastSec: a.atSec };
        h.text = text;
        h.status = status;
        h.component = str(p.component) ?? h.component;
        h.category = str(p.category) ?? h.category;
        h.evidence.push(...refs);
        if (status === 'ruledOut') h.ruledOutEvidence = Math.max(h.ruledOutEvidence, refs.length || h.evidence.length);
        h.lastSec = a.atSec;
        if (!prev) {
          byId.set(id, h);
          out.hypotheses.push(h);
        }
        break;
      }
      case 'observe':
        if (!OBSERVE_TARGETS.includes(a.target)) out.problems.push(`${at(a)}: unknown observe target "${a.target}"`);
        out.observations.push({ atSec: a.atSec, target: a.target, params: p });
        break;
      case 'resolve': {
        const component = str(p.component);
        const category = str(p.category);
        if (!component || !category) out.problems.push(`${at(a)}: params.component and params.category name the root cause`);
        out.resolves.push({ atSec: a.atSec, component, category, summary: str(p.summary) ?? '' });
        break;
      }
      case 'mitigated':
        out.mitigatedSecs.push(a.atSec);
        break;
      case 'requestHint':
        out.hintSecs.push(a.atSec);
        break;
      default:
        break;
    }
  }
  return out;
}

// Status update heuristics -------------------------------------------------------------------

const IMPACT_WORDS = /\b(users?|customers?|players?|requests?|orders?|logins?|checkouts?|affected|impact(ed)?|fail(ing|ed|ures?)?|errors?|degraded|slow|outage|unavailable|down|no incident|healthy|not affected)\b/i;

/** The update says who or what is affected, with a number or a plain impact word. */
export function mentionsImpact(text: string): boolean {
  const number = /\d/.test(text);
  return (number && IMPACT_WORDS.test(text)) || /\d\s*%/.test(text) || /\b(no|all|some|most|every)\b.*\b(users?|customers?|players?)\b/i.test(text);
}

/** The update promises the next one: "next update" (or "update in/at") with a time. */
export function mentionsNextUpdate(text: string): boolean {
  const t = text.toLowerCase();
  const promise = /next update|update (again )?(in|at|by)|further update|will update/.test(t);
  const time = /\b\d{1,2}:\d{2}\b|\b\d+\s*(min|minutes|m|h|hours?)\b|\b(half an hour|an hour)\b/.test(t);
  return promise && time;
}
