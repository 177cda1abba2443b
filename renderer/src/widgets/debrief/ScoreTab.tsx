// The score, explained point by point: the total and grade, every area with its items and their
// reasons, the SLO impact, the response times with their definitions, the mitigations with
// verdicts, the evidence seen and missed, what an expert would have done differently and the
// expert path beside the trainee's.

import type { AfterActionReport, ScoreArea } from '../../../../engine/src/index.ts';
import { clockTime, duration, num, offset, pct } from '../../app/format.ts';
import type { ExpectedPace } from '../../worker/protocol.ts';
import { AREA_INFO, AREAS, TIME_DEFS, VERDICT_TONE, expertPace, gradeTone, points, whole } from './model.ts';
import { PathTimeline } from './PathTimeline.tsx';

const ITEM_LABEL: Record<string, string> = {
  budget: 'Error budget',
  tta: 'Time to acknowledge',
  ttd: 'Time to detect',
  ttm: 'Time to mitigate',
  ttr: 'Resolved with a root cause',
  alerts: 'Alerts handled',
  'slos-first': 'SLOs checked before acting',
  'root-cause': 'Root cause',
  hypotheses: 'Hypotheses',
  evidence: 'Key evidence looked at',
  fix: 'A fix applied',
  clean: 'No useless or harmful change',
  restraint: 'Restraint',
  declare: 'Incident declared',
  'first-update': 'First status update',
  cadence: 'Update cadence',
  content: 'Update content',
  hints: 'Hints',
  floor: 'Area floor',
};

function itemLabel(id: string): string {
  const [head, tail] = id.split(':');
  const base = ITEM_LABEL[head as string] ?? (head as string);
  return tail === undefined ? base : `${base} (${tail})`;
}

function Bar({ value, max, tone }: { value: number; max: number; tone: string }) {
  const share = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return (
    <span className="db-bar" aria-hidden="true">
      <span className={`db-bar-fill ${tone}`} style={{ width: `${share * 100}%` }} />
    </span>
  );
}

function shareTone(value: number, max: number): string {
  const s = max > 0 ? value / max : 1;
  return s >= 0.8 ? 'ok' : s >= 0.5 ? 'warn' : 'crit';
}

export function ScoreTab({ report, expected }: { report: AfterActionReport; expected: ExpectedPace | null }) {
  const s = report.score;
  const start = report.facts.startEpochSec;
  const at = (sec: number | null) => (sec === null ? '—' : `${clockTime(start, sec)}`);
  const areas = AREAS.map((a) => s.areas.find((x) => x.area === a)).filter((a): a is NonNullable<typeof a> => a !== undefined && (a.area !== 'hints' || a.points !== 0));
  const itemsOf = (area: ScoreArea) => s.items.filter((i) => i.area === area);
  const e = s.events;
  const t = s.times;
  const pace = expertPace(report.path.expert, { alertSec: e.alertSec, impactSec: e.impactSec }, expected);
  const seen = s.evidence.filter((x) => x.seenAtSec !== null);
  const missed = s.evidence.filter((x) => x.seenAtSec === null);

  return (
    <div className="db-tab db-score">
      <div className="db-grid db-grid-top">
        <section className="panel db-card" aria-label="Score">
          <div className="db-total">
            <div className={`db-total-num tone-${gradeTone(s.grade)}`} aria-label={`Total score ${s.total} of 100`}>
              {s.total}
              <span className="db-total-max">/100</span>
            </div>
            <div>
              <div className={`db-grade badge ${gradeTone(s.grade)}`}>Grade {s.grade}</div>
              <p className="muted db-total-text">
                {s.incident ? `Impact, response, diagnosis, actions and communication, each explained below.` : 'Nothing was broken in this scenario: restraint and clear answers score.'}
                {s.hints > 0 ? ` ${s.hints} hint${s.hints === 1 ? '' : 's'} used.` : ''}
              </p>
            </div>
          </div>
          <ul className="db-areas" aria-label="Points per area">
            {areas.map((a) => (
              <li key={a.area} title={AREA_INFO[a.area].what}>
                <span className="db-area-name">{AREA_INFO[a.area].label}</span>
                {a.max > 0 ? <Bar value={a.points} max={a.max} tone={shareTone(a.points, a.max)} /> : <span className="db-bar-none" />}
                <span className="num db-area-pts">
                  {points(a.points)}
                  {a.max > 0 && <span className="faint">/{a.max}</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section className="panel db-card" aria-label="Response times">
          <div className="panel-head">
            <h2>Response times</h2>
            <span className="grow" />
            <span className="faint db-small">Hover a figure for its exact definition</span>
          </div>
          <div className="db-times">
            {TIME_DEFS.map((d) => {
              const v = t[d.key];
              return (
                <div key={d.key} className="db-time" title={`${d.name}: ${d.def}`}>
                  <abbr className="db-time-label" title={`${d.name}: ${d.def}`}>
                    {d.label}
                  </abbr>
                  <span className="db-time-value">{v === null ? 'never' : duration(v)}</span>
                  <span className="faint db-small">{d.name}</span>
                  <span className="sr-only">{d.def}</span>
                </div>
              );
            })}
          </div>
          <table className="grid db-moments">
            <tbody>
              {(
                [
                  ['Impact start', e.impactSec],
                  ['First page', e.alertSec],
                  ['Acknowledged', e.ackSec],
                  ['Declared', e.declareSec],
                  ['Mitigated (SLIs back for good)', e.mitigateSec],
                  ['Impact ended', e.restoreSec],
                  ['Resolved with a root cause', e.resolveSec],
                ] as const
              ).map(([label, sec]) => (
                <tr key={label}>
                  <td>{label}</td>
                  <td className="num mono">{at(sec)}</td>
                  <td className="num faint">{sec === null ? '' : offset(sec)}</td>
                </tr>
              ))}
              <tr>
                <td>Outage (impact start → ended)</td>
                <td className="num mono">{t.outageSec === null ? '—' : duration(t.outageSec)}</td>
                <td />
              </tr>
            </tbody>
          </table>
        </section>

        <section className="panel db-card" aria-label="What an expert would have done differently">
          <div className="panel-head">
            <h2>What an expert would have done differently</h2>
          </div>
          {report.path.differences.length ? (
            <ul className="db-list">
              {report.path.differences.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : (
            <p className="panel-body muted">Nothing: you followed the expert path.</p>
          )}
        </section>
      </div>

      <section className="panel db-card db-impact" aria-label="SLO impact">
        <div className="panel-head">
          <h2>SLO impact</h2>
          <span className="grow" />
          <span className="muted db-small">
            deserved <strong>{s.impact.expectedSeverity}</strong>
          </span>
        </div>
        <div className="scroll">
          <table className="grid">
            <thead>
              <tr>
                <th>SLO</th>
                <th className="num">SLI</th>
                <th className="num">Objective</th>
                <th className="num" title="% of the SLO's error budget (over its window) this run consumed">
                  Budget used
                </th>
                <th className="num" title="Worst 5-minute window: (1 − SLI) / (1 − objective)">
                  Peak burn
                </th>
                <th className="num" title="Scrapes whose 5-minute SLI was below objective">
                  Min in violation
                </th>
                <th className="num">Failed requests</th>
                <th className="num" title="Failed requests / 10, rounded up">
                  Customers
                </th>
              </tr>
            </thead>
            <tbody>
              {s.impact.slos.map((x) => (
                <tr key={x.id}>
                  <td className="mono">{x.id}</td>
                  <td className={`num ${x.sli < x.objective ? 'tone-crit' : ''}`}>{pct(x.sli)}</td>
                  <td className="num">{pct(x.objective)}</td>
                  <td className={`num ${x.budgetConsumedPercent >= 1 ? 'tone-warn' : ''}`}>{num(x.budgetConsumedPercent)}%</td>
                  <td className="num">{num(x.peakBurnRate)}×</td>
                  <td className="num">{num(x.minutesInViolation)}</td>
                  <td className="num">{whole(x.failedRequests)}</td>
                  <td className="num">{whole(x.customersAffected)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted db-note">
          Budget spent over all SLOs: <strong>{num(s.impact.budgetConsumedPercent)}%</strong>; doing nothing would have spent {num(s.impact.baselineBudgetPercent)}%
          {s.impact.referenceBudgetPercent === null ? '' : `, the documented fix ${num(s.impact.referenceBudgetPercent)}%`}.
        </p>
      </section>

      <section aria-label="Every point, with its reason">
        <h2 className="db-h2">Every point, with its reason</h2>
        <div className="db-area-cards">
          {areas.map((a) => (
            <section key={a.area} className="panel db-area-card" aria-label={`${AREA_INFO[a.area].label}: ${points(a.points)} of ${a.max}`}>
              <div className="panel-head">
                <h3>{AREA_INFO[a.area].label}</h3>
                <span className="grow" />
                {a.max > 0 && <Bar value={a.points} max={a.max} tone={shareTone(a.points, a.max)} />}
                <span className="num db-area-pts">
                  {points(a.points)}
                  {a.max > 0 && <span className="faint">/{a.max}</span>}
                </span>
              </div>
              <p className="faint db-area-what">{AREA_INFO[a.area].what}</p>
              <ul className="db-items">
                {itemsOf(a.area).map((i) => (
                  <li key={i.id}>
                    <div className="row">
                      <span className="db-item-name">{itemLabel(i.id)}</span>
                      <span className="grow" />
                      <span className={`num db-item-pts ${i.max > 0 ? `tone-${shareTone(i.points, i.max)}` : i.points < 0 ? 'tone-crit' : ''}`}>
                        {i.points > 0 && i.max === 0 ? '+' : ''}
                        {points(i.points)}
                        {i.max > 0 && <span className="faint">/{i.max}</span>}
                      </span>
                    </div>
                    <div className="muted db-reason">{i.reason}</div>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </section>

      <div className="db-grid db-grid-2">
        <section className="panel db-card" aria-label="Mitigations">
          <div className="panel-head">
            <h2>Mitigations</h2>
            <span className="grow" />
            <span className="faint db-small">{s.mitigations.length} change{s.mitigations.length === 1 ? '' : 's'}</span>
          </div>
          {s.mitigations.length ? (
            <ul className="db-list db-mitigations">
              {s.mitigations.map((m, i) => (
                <li key={i}>
                  <div className="row">
                    <span className="mono">{clockTime(start, m.atSec)}</span>
                    <span>
                      {m.type}
                      {m.target ? ` ${m.target}` : ''}
                    </span>
                    <span className="grow" />
                    {m.blind && (
                      <span className="badge crit" title="Taken before looking at anything">
                        blind
                      </span>
                    )}
                    <span className={`badge ${VERDICT_TONE[m.verdict] ?? 'info'}`}>{m.verdict}</span>
                  </div>
                  <div className="muted db-reason">{m.reason}</div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="panel-body muted">No change was made to the system.</p>
          )}
        </section>
        <section className="panel db-card" aria-label="Evidence seen and missed">
          <div className="panel-head">
            <h2>Evidence</h2>
            <span className="grow" />
            <span className="faint db-small">
              {seen.length} seen · {missed.length} missed
            </span>
          </div>
          <ul className="db-list db-evidence">
            {[...seen, ...missed].map((x) => (
              <li key={x.id}>
                <div className="row">
                  <span className={`badge ${x.seenAtSec === null ? (x.key ? 'crit' : 'info') : 'ok'}`}>{x.seenAtSec === null ? 'missed' : `seen ${clockTime(start, x.seenAtSec).slice(0, 5)}`}</span>
                  <span className="mono">{x.id}</span>
                  <span className="faint">{x.kind}</span>
                  {x.key && <span className="faint">· key</span>}
                </div>
                <div className="muted db-reason">
                  {x.description}
                  {x.how ? <span className="faint"> ({x.how})</span> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>

      <section className="panel db-card" aria-label="Your path and the expert path">
        <div className="panel-head">
          <h2>Your path and the expert path</h2>
          <span className="grow" />
          {report.path.evidencePath.length > 0 && <span className="faint db-small">Evidence path: {report.path.evidencePath.join(' → ')}</span>}
        </div>
        <div className="panel-body">
          <PathTimeline
            trainee={report.path.trainee}
            pace={pace}
            expertSteps={report.path.expert}
            startEpochSec={start}
            impactSec={e.impactSec}
            restoreSec={e.restoreSec}
            alertSec={e.alertSec}
          />
        </div>
      </section>
    </div>
  );
}
