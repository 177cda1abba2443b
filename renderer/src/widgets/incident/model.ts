// The incident panel's view of a run, rebuilt from the recorded actions every time (so a resumed
// session shows exactly what was done): declaration and severity, hypotheses, status updates,
// notes, hints. The params written here follow engine/src/score/conventions.ts (README "Scoring").

import type { ActionRecord, RootCauseDef } from '../../../../engine/src/index.ts';
import type { JsonValue } from '../../worker/protocol.ts';
import type { PinnedEvidence } from '../../state/store.ts';

export type Severity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** Levels as scoring grades them (README "SLO impact": deserved severity). */
export const SEVERITIES: readonly { id: Severity; name: string; definition: string; tone: 'crit' | 'warn' | 'info' | 'muted' }[] = [
  { id: 'SEV1', name: 'Critical', definition: 'Outage: half or more of a key service’s requests fail', tone: 'crit' },
  { id: 'SEV2', name: 'Major', definition: 'Significant customer impact: 5% or more of requests fail', tone: 'warn' },
  { id: 'SEV3', name: 'Minor', definition: 'An SLO is violated; limited customer impact', tone: 'info' },
  { id: 'SEV4', name: 'Low', definition: 'No SLO violated and no customer impact yet', tone: 'muted' },
];

export type Category = RootCauseDef['category'];

/** The root-cause categories scoring knows (scenario schema `rootCause.category`). */
export const CATEGORY_INFO: Record<Category, { label: string; hint: string }> = {
  'code-bug': { label: 'Code bug', hint: 'a defect shipped in a deploy' },
  config: { label: 'Configuration', hint: 'a config, flag or settings change' },
  capacity: { label: 'Capacity', hint: 'too few replicas, CPU, memory, pool or quota' },
  dependency: { label: 'Dependency', hint: 'a downstream or third-party service failing' },
  infrastructure: { label: 'Infrastructure', hint: 'zone, network, node or disk' },
  certificate: { label: 'Certificate', hint: 'an expired or invalid TLS certificate' },
  data: { label: 'Data', hint: 'bad data, a migration, a poison message' },
  none: { label: 'No incident', hint: 'nothing was broken' },
};
export const CATEGORIES = Object.keys(CATEGORY_INFO) as Category[];

export type HypothesisStatus = 'open' | 'confirmed' | 'ruledOut';
export type EvidenceRef = Extract<JsonValue, Record<string, JsonValue>> | string;

const str = (v: JsonValue | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const isObj = (v: JsonValue | undefined): v is Record<string, JsonValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function refKey(ref: JsonValue): string {
  return JSON.stringify(ref);
}

/** One line for a piece of evidence: its pinned label when it is still pinned, else from its fields. */
export function describeRef(ref: JsonValue, pinned: readonly PinnedEvidence[]): string {
  const key = refKey(ref);
  const p = pinned.find((x) => refKey(x.ref) === key);
  if (p) return p.label;
  if (typeof ref === 'string') return ref;
  if (!isObj(ref)) return key;
  const kind = str(ref.kind) ?? str(ref.target) ?? 'evidence';
  const parts: string[] = [];
  for (const f of ['service', 'change', 'alert', 'metric', 'traceId', 'minSeverity', 'text', 'id']) {
    const v = ref[f];
    if (typeof v === 'string' && v) parts.push(f === 'text' ? `"${v}"` : v);
    else if (Array.isArray(v)) parts.push(v.join(', '));
  }
  return parts.length ? `${kind}: ${parts.join(' · ')}` : kind;
}

export interface Declaration {
  atSec: number;
  severity: Severity | null;
}

export interface IncidentSummary {
  declarations: Declaration[];
  declaredAtSec: number | null;
  severity: Severity | null;
  mitigatedAtSec: number | null;
  resolved: { atSec: number; component: string | null; category: string | null; summary: string } | null;
  status: 'undeclared' | 'investigating' | 'mitigated' | 'resolved';
}

function severityOf(v: JsonValue | undefined): Severity | null {
  const s = typeof v === 'number' ? `SEV${v}` : str(v)?.toUpperCase().replace(/[\s-]/g, '');
  return s === 'SEV1' || s === 'SEV2' || s === 'SEV3' || s === 'SEV4' ? s : null;
}

const applied = (actions: readonly ActionRecord[], type: ActionRecord['type']): ActionRecord[] => actions.filter((a) => a.type === type && a.result === 'applied');

export function incidentSummary(actions: readonly ActionRecord[]): IncidentSummary {
  const declarations = applied(actions, 'declareIncident').map((a) => ({ atSec: a.atSec, severity: severityOf(a.params.severity) }));
  const mitigated = applied(actions, 'mitigated')[0];
  const res = applied(actions, 'resolve')[0];
  const resolved = res ? { atSec: res.atSec, component: str(res.params.component), category: str(res.params.category), summary: str(res.params.summary) ?? '' } : null;
  const last = declarations[declarations.length - 1];
  return {
    declarations,
    declaredAtSec: declarations[0]?.atSec ?? null,
    severity: last?.severity ?? null,
    mitigatedAtSec: mitigated?.atSec ?? null,
    resolved,
    status: resolved ? 'resolved' : mitigated ? 'mitigated' : declarations.length ? 'investigating' : 'undeclared',
  };
}

export interface HypothesisStep {
  atSec: number;
  status: HypothesisStatus;
  /** Evidence given with this step. */
  added: EvidenceRef[];
}

export interface BoardHypothesis {
  id: string;
  text: string;
  status: HypothesisStatus;
  component: string | null;
  category: string | null;
  /** The change it blames, when one was named (not scored; shown and offered at resolve). */
  change: string | null;
  /** Every reference given over its updates, each once, in order. */
  evidence: EvidenceRef[];
  steps: HypothesisStep[];
  firstSec: number;
  lastSec: number;
}

/** The hypotheses board as scoring reads it: later actions with the same id update a hypothesis. */
export function buildBoard(actions: readonly ActionRecord[]): BoardHypothesis[] {
  const byId = new Map<string, BoardHypothesis>();
  const out: BoardHypothesis[] = [];
  for (const a of applied(actions, 'hypothesis')) {
    const p = a.params;
    const id = str(p.id) ?? (a.target || `h${byId.size + 1}`);
    const prev = byId.get(id);
    const rawStatus = str(p.status);
    const status: HypothesisStatus = rawStatus === 'open' || rawStatus === 'confirmed' || rawStatus === 'ruledOut' ? rawStatus : (prev?.status ?? 'open');
    const raw = Array.isArray(p.evidence) ? p.evidence : p.evidence === undefined ? [] : [p.evidence];
    const refs = raw.filter((r): r is EvidenceRef => typeof r === 'string' || isObj(r));
    const h: BoardHypothesis = prev ?? { id, text: '', status, component: null, category: null, change: null, evidence: [], steps: [], firstSec: a.atSec, lastSec: a.atSec };
    h.text = str(p.text) ?? h.text;
    h.status = status;
    h.component = str(p.component) ?? h.component;
    h.category = str(p.category) ?? h.category;
    h.change = str(p.change) ?? h.change;
    const have = new Set(h.evidence.map(refKey));
    for (const r of refs) {
      if (!have.has(refKey(r))) {
        have.add(refKey(r));
        h.evidence.push(r);
      }
    }
    h.steps.push({ atSec: a.atSec, status, added: refs });
    h.lastSec = a.atSec;
    if (!prev) {
      byId.set(id, h);
      out.push(h);
    }
  }
  return out;
}

/** The next free id: h1, h2, ... (ids already used by any hypothesis action are skipped). */
export function nextHypothesisId(board: readonly BoardHypothesis[]): string {
  let max = 0;
  for (const h of board) {
    const m = /^h(\d+)$/.exec(h.id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `h${Math.max(max, board.length) + 1}`;
}

export interface StatusUpdate {
  atSec: number;
  audience: 'internal' | 'external';
  text: string;
}

export function statusUpdates(actions: readonly ActionRecord[]): StatusUpdate[] {
  return applied(actions, 'statusUpdate').map((a) => ({ atSec: a.atSec, audience: a.params.audience === 'external' ? 'external' : 'internal', text: str(a.params.text) ?? '' }));
}

export function notes(actions: readonly ActionRecord[]): { atSec: number; text: string }[] {
  return applied(actions, 'note').map((a) => ({ atSec: a.atSec, text: str(a.params.text) ?? '' }));
}

export const HYPOTHESIS_STATUS_LABEL: Record<HypothesisStatus, string> = { open: 'Open', confirmed: 'Confirmed', ruledOut: 'Ruled out' };

/**
 * The next-update time an update promises ("Next update at 19:20", "next update 19:20 UTC"), as a
 * simulated second at or after `postedSec`; null when it names none. Clock times are UTC, as the
 * app shows them; a time earlier in the day than the post means the next day.
 */
export function promisedNextUpdateSec(text: string, postedSec: number, startEpochSec: number): number | null {
  const m = /next update\D{0,20}?(\d{1,2}):(\d{2})/i.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  const postedAbs = startEpochSec + postedSec;
  const dayStart = postedAbs - (((postedAbs % 86400) + 86400) % 86400);
  let at = dayStart + h * 3600 + min * 60;
  if (at < postedAbs) at += 86400;
  return at - startEpochSec;
}
