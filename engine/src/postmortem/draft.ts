// draftPostmortem: the document the trainee starts from, pre-filled with what the run knows for
// certain and nothing that needs judgement. Filled: the title (the scenario's), the incident
// start, the measured impact numbers, an automatic timeline of real events (changes from an hour
// before, alerts, messages, the trainee's own acknowledgements, declaration, updates, mitigations,
// resolution), the root cause as the trainee stated it when resolving, and the scenario's why
// questions. Left empty: owner, summary, impact text, trigger, detection, resolution, factors,
// lessons, answers and action items. The SLI-derived moments (impact start, mitigation, end of
// impact) are deliberately not on the automatic timeline: reading them off the SLI chart is part
// of the exercise, and the rubric checks them.

import { formatIsoSec } from '../core/time.ts';
import type { Scenario } from '../scenario/schema.ts';
import { readRecorded } from '../score/conventions.ts';
import type { RunFacts } from './facts.ts';
import { POSTMORTEM_FORMAT, type Postmortem, type TimelineRow } from './schema.ts';

/** Changes this long before the start are on the automatic timeline. */
const CHANGES_FROM_SEC = -3600;

export function draftPostmortem(scenario: Scenario, facts: RunFacts): Postmortem {
  const rows: { atSec: number; text: string; order: number; marker?: TimelineRow['marker'] }[] = [];
  const row = (atSec: number, text: string, order: number, marker?: TimelineRow['marker']) => rows.push({ atSec, text, order, ...(marker ? { marker } : {}) });

  for (const c of scenario.changes) {
    if (c.at < CHANGES_FROM_SEC || c.at > facts.durationSec) continue;
    const what = c.type === 'deploy' ? `${c.service ?? ''} ${c.version ?? ''} deployed` : c.type === 'config' ? `config change on ${c.service ?? ''}` : c.type === 'flag' ? `flag ${c.flag ?? ''} set ${c.value ? 'on' : 'off'}` : 'infrastructure change';
    row(c.at, `Change ${c.id} in ${c.env}: ${what.replace(/\s+/g, ' ').trim()}: ${c.summary.trim()}`, 0);
  }
  const firstByRule = new Map<string, RunFacts['alerts'][number]>();
  for (const a of facts.alerts) if (!firstByRule.has(a.id)) firstByRule.set(a.id, a);
  for (const a of firstByRule.values()) {
    const def = scenario.alerts.find((x) => x.id === a.id);
    row(a.firedAtSec, `Alert ${a.id} (${a.severity}) fired${def?.summary ? `: ${def.summary}` : ''}`, 1);
  }
  for (const inj of scenario.injects) {
    if (inj.at < 0 || inj.at > facts.durationSec) continue;
    row(inj.at, `${inj.kind === 'ticket' ? 'Support ticket' : inj.kind === 'stakeholder' ? 'Message' : inj.kind === 'statuspage' ? 'Status page' : 'Chat'} from ${inj.from}: ${inj.subject}`, 2);
  }

  const rec = readRecorded(facts.actions, new Set(scenario.evidence.map((e) => e.id)));
  const detectSec = facts.events.ackSec === null ? facts.events.declareSec : facts.events.declareSec === null ? facts.events.ackSec : Math.min(facts.events.ackSec, facts.events.declareSec);
  let detectionMarked = false;
  for (const a of facts.actions) {
    const p = a.params;
    const firstDetect = !detectionMarked && a.atSec === detectSec && (a.type === 'acknowledge' || a.type === 'declareIncident');
    switch (a.type) {
      case 'acknowledge':
        row(a.atSec, `On-call acknowledged ${a.target || 'the page'}`, 3, firstDetect ? 'detected' : undefined);
        if (firstDetect) detectionMarked = true;
        break;
      case 'declareIncident': {
        // The first declaration carries `declared`; when it was also the detection, the rubric
        // counts it for both (TTD ends at the first acknowledge or declaration).
        const first = a.atSec === facts.events.declareSec && !rows.some((r) => r.marker === 'declared');
        row(a.atSec, `Incident declared${typeof p.severity === 'string' || typeof p.severity === 'number' ? ` (${String(p.severity)})` : ''}`, 3, first ? 'declared' : undefined);
        if (firstDetect) detectionMarked = true;
        break;
      }
      case 'statusUpdate':
        row(a.atSec, `Status update (${typeof p.audience === 'string' ? p.audience : 'internal'}): ${typeof p.text === 'string' ? p.text : ''}`, 3);
        break;
      case 'mitigated':
        row(a.atSec, 'Responders declared the incident mitigated', 3);
        break;
      case 'resolve':
        row(a.atSec, `Resolved${typeof p.component === 'string' ? `: root cause in ${p.component}` : ''}${typeof p.category === 'string' ? ` (${p.category})` : ''}`, 3);
        break;
      default:
        if (rec.mitigations.includes(a)) row(a.atSec, `${a.type}${a.target ? ` ${a.target}` : ''}: ${a.result === 'applied' ? a.message : `rejected: ${a.message}`}`, 3);
    }
  }
  rows.sort((x, y) => x.atSec - y.atSec || x.order - y.order);

  const resolve = rec.resolves.filter((r) => r.component !== null && r.category !== null).at(-1);
  const category = resolve?.category ?? '';
  const categories = ['code-bug', 'config', 'capacity', 'dependency', 'infrastructure', 'certificate', 'data', 'none'];
  const impactSec = facts.events.impactSec;
  const i = facts.impact;
  return {
    format: POSTMORTEM_FORMAT,
    title: scenario.metadata.title,
    owner: '',
    incidentStart: formatIsoSec(facts.startEpochSec + (impactSec ?? 0)),
    status: 'draft',
    summary: '',
    impact: {
      text: '',
      durationMin: Math.round(i.durationMin * 10) / 10,
      failedRequests: Math.round(i.failedRequests),
      budgetConsumedPercent: Math.round(i.budgetConsumedPercent * 100) / 100,
      budgetSlo: i.budgetSlo ?? '',
      customersAffected: i.customersAffected,
    },
    timeline: rows.map(({ atSec, text, marker }) => ({ atSec, text, ...(marker ? { marker } : {}) })),
    rootCause: {
      component: resolve?.component ?? '',
      category: categories.includes(category) ? (category as Postmortem['rootCause']['category']) : '',
      text: '',
    },
    trigger: '',
    detection: '',
    resolution: '',
    contributingFactors: [],
    wentWell: [],
    wentPoorly: [],
    gotLucky: [],
    whyAnswers: (scenario.debrief?.why ?? []).map((w) => ({ question: w.question, answer: '' })),
    actionItems: [],
  };
}
