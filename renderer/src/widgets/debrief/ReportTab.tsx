// The after-action report on screen: the SLIs and the error budget over the whole run, annotated
// (changes, alert bands and the trainee's actions on the charts; impact, alerts, observations,
// actions, hypotheses and updates on the incident lanes under them), and the counterfactual replay
// of the postmortem's action items, side by side with the run as played.

import { scaleLinear } from 'd3';
import { Fragment, useMemo, type ReactNode } from 'react';
import type { ActionRecord, AfterActionReport, CounterfactualResult, Postmortem } from '../../../../engine/src/index.ts';
import { useApp, useAppShallow } from '../../app/context.tsx';
import { clockTime, duration, num, offset } from '../../app/format.ts';
import { useSimQuery } from '../../app/useSimQuery.ts';
import { rollingRatio, timeTicks } from '../chart/chartMath.ts';
import { TimeSeriesChart } from '../chart/TimeSeriesChart.tsx';
import { budgetOverTime, chartedSlos, describeItem, replayableItems, whole } from './model.ts';
import { useWidth } from './PathTimeline.tsx';
import type { CounterfactualState } from './useDebrief.ts';

const COLORS = ['var(--s1)', 'var(--s2)', 'var(--s3)', 'var(--s5)'];
/** 5-minute SLI: 30 scrapes of 10 s. */
const SLI_ROWS = 30;

export interface ReportTabProps {
  report: AfterActionReport;
  postmortem: Postmortem | null;
  cf: CounterfactualState;
  onRunCounterfactual(): void;
  onEditPostmortem(): void;
}

export function ReportTab({ report, postmortem, cf, onRunCounterfactual, onEditPostmortem }: ReportTabProps) {
  return (
    <div className="db-tab db-report">
      <SloCharts report={report} />
      <IncidentLanes report={report} />
      <Counterfactual report={report} postmortem={postmortem} cf={cf} onRun={onRunCounterfactual} onEdit={onEditPostmortem} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Charts

function SloCharts({ report }: { report: AfterActionReport }) {
  const slos = chartedSlos(report);
  const nowSec = useApp((s) => s.clock.nowSec);
  const ids = slos.map((s) => s.id).join(',');
  const q = useSimQuery((sim) => Promise.all(slos.map((s) => sim.call('query/sloSeries', { slo: s.id }))), [ids, nowSec]);
  const series = q.data;
  const status = q.error ?? (q.loading && !series ? 'Loading…' : null);
  const times = series?.[0]?.times ?? new Float64Array(0);
  const budget = useMemo(
    () =>
      slos.map((s, k) => {
        const d = series?.[k];
        return {
          label: s.id,
          color: COLORS[k % COLORS.length] as string,
          values: d ? budgetOverTime(d.good, d.total, s.objective, s.windowDays, report.durationSec) : new Float64Array(0),
        };
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [series, ids, report.durationSec],
  );

  return (
    <section className="panel db-card" aria-label="SLIs and error budget over the run">
      <div className="panel-head">
        <h2>SLIs and error budget over the run</h2>
        <span className="grow" />
        <span className="faint db-small">Purple: changes · red bands: alerts · blue: your actions. Drag to zoom, double-click to reset.</span>
      </div>
      <div className="db-charts">
        {slos.map((s, k) => {
          const d = series?.[k];
          return (
            <TimeSeriesChart
              key={s.id}
              title={`SLI (5-minute) · ${s.id}`}
              subject={`${s.service} · ${s.env}`}
              series={[{ label: `${s.indicator} SLI`, color: COLORS[k % COLORS.length] as string, values: d ? rollingRatio(d.good, d.total, SLI_ROWS) : new Float32Array(0) }]}
              times={d?.times ?? new Float64Array(0)}
              unit="ratio"
              yZero={false}
              yMax={1}
              format={(v) => `${(v * 100).toFixed(2)}%`}
              thresholds={[{ value: s.objective, label: 'objective', tone: 'crit' }]}
              markers={{ env: s.env, services: [s.service] }}
              height={150}
              status={status}
            />
          );
        })}
        <TimeSeriesChart
          title="Error budget consumed"
          subject="% of each SLO's error budget (over its own window), cumulative"
          series={budget}
          times={times}
          unit="percent"
          format={(v) => `${num(v)}%`}
          markers={{}}
          height={150}
          status={status}
          legend
        />
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Incident lanes

interface Mark {
  atSec: number;
  toSec?: number;
  text: string;
  tone: string;
}

const LANES = ['Impact', 'Changes', 'Alerts', 'Looked at', 'Actions', 'Hypotheses', 'Updates'] as const;
type Lane = (typeof LANES)[number];

function laneOf(a: ActionRecord): Lane {
  if (a.type === 'observe') return 'Looked at';
  if (a.type === 'hypothesis') return 'Hypotheses';
  if (a.type === 'statusUpdate') return 'Updates';
  return 'Actions';
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function actionText(a: ActionRecord): string {
  const p = a.params;
  switch (a.type) {
    case 'observe':
      return `looked at ${a.target}${p.service ? ` (${str(p.service)})` : ''}`;
    case 'hypothesis':
      return `${str(p.id) || 'hypothesis'}${p.status ? ` [${str(p.status)}]` : ''}: ${str(p.text)}`;
    case 'statusUpdate':
      return `${str(p.audience) || 'internal'}: ${str(p.text)}`;
    case 'declareIncident':
      return `declared ${str(p.severity)}`;
    case 'resolve':
      return `resolved: ${str(p.component)} (${str(p.category)})`;
    default:
      return `${a.type}${a.target ? ` ${a.target}` : ''}${a.result === 'rejected' ? ' (rejected)' : ''}`;
  }
}

function IncidentLanes({ report }: { report: AfterActionReport }) {
  const [ref, width] = useWidth<HTMLDivElement>(900);
  const events = useAppShallow((s) => s.events.filter((e) => e.kind === 'change' || e.kind === 'rollout'));
  const f = report.facts;
  const e = f.events;
  const start = f.startEpochSec;
  const end = report.durationSec;
  const marks = new Map<Lane, Mark[]>(LANES.map((l) => [l, []]));
  if (e.impactSec !== null) {
    marks.get('Impact')?.push({ atSec: e.impactSec, toSec: e.restoreSec ?? end, text: `User impact from ${clockTime(start, e.impactSec)}${e.restoreSec !== null ? ` to ${clockTime(start, e.restoreSec)}` : ', never ended'}`, tone: 'crit' });
    if (e.mitigateSec !== null) marks.get('Impact')?.push({ atSec: e.mitigateSec, text: `Mitigated: SLIs back for good from ${clockTime(start, e.mitigateSec)}`, tone: 'ok' });
  }
  for (const c of events) marks.get('Changes')?.push({ atSec: c.atSec, text: c.text, tone: 'purple' });
  for (const a of f.alerts) marks.get('Alerts')?.push({ atSec: a.firedAtSec, toSec: a.resolvedAtSec ?? end, text: `${a.id} (${a.severity}) ${a.resolvedAtSec === null ? 'firing to the end' : `resolved ${clockTime(start, a.resolvedAtSec)}`}`, tone: a.severity === 'page' ? 'crit' : 'warn' });
  for (const a of f.actions) marks.get(laneOf(a))?.push({ atSec: a.atSec, text: actionText(a), tone: laneOf(a) === 'Looked at' ? 'muted' : laneOf(a) === 'Updates' ? 'ok' : laneOf(a) === 'Hypotheses' ? 'warn' : 'accent' });

  const LABEL_W = 84;
  const ROW = 20;
  const lanes = LANES.filter((l) => (marks.get(l) ?? []).length > 0 || l === 'Impact');
  const h = lanes.length * ROW + 24;
  const x = scaleLinear().domain([0, end]).range([LABEL_W, Math.max(LABEL_W + 100, width - 10)]);
  const { ticks } = timeTicks(0, end, Math.max(2, Math.floor((width - LABEL_W) / 70)), start);
  const all = lanes.flatMap((l) => (marks.get(l) ?? []).map((m) => ({ lane: l, ...m }))).sort((a, b) => a.atSec - b.atSec);

  return (
    <section className="panel db-card" aria-label="Incident timeline">
      <div className="panel-head">
        <h2>Incident timeline</h2>
        <span className="grow" />
        <span className="faint db-small">
          {e.impactSec === null ? 'No SLO was violated.' : `Impact started ${clockTime(start, e.impactSec)} (${offset(e.impactSec)}), lasted ${duration((e.restoreSec ?? end) - e.impactSec)}.`}
        </span>
      </div>
      <div ref={ref} className="panel-body db-lanes">
        <svg width={width} height={h} role="img" aria-label={`Incident timeline: ${all.length} annotations in ${lanes.length} lanes over ${duration(end)}`}>
          {ticks.map((t) => (
            <g key={t} className="db-tick">
              <line x1={x(t)} x2={x(t)} y1={0} y2={lanes.length * ROW} className="db-grid-line" />
              <text x={x(t)} y={h - 6} textAnchor="middle">
                {clockTime(start, t).slice(0, 5)}
              </text>
            </g>
          ))}
          {lanes.map((l, i) => {
            const y = i * ROW + ROW / 2;
            return (
              <g key={l}>
                <text className="db-lane-label" x={4} y={y + 4}>
                  {l}
                </text>
                <line className="db-lane-line" x1={LABEL_W} x2={x(end)} y1={y} y2={y} />
                {(marks.get(l) ?? []).map((m, k) =>
                  m.toSec !== undefined ? (
                    <rect key={k} className={`db-mark-band ${m.tone}`} x={x(m.atSec)} y={y - 6} width={Math.max(2, x(m.toSec) - x(m.atSec))} height={12} rx={2}>
                      <title>{`${clockTime(start, m.atSec)} ${m.text}`}</title>
                    </rect>
                  ) : (
                    <circle key={k} className={`db-mark ${m.tone}`} cx={x(m.atSec)} cy={y} r={l === 'Looked at' ? 2.5 : 4}>
                      <title>{`${clockTime(start, m.atSec)} ${m.text}`}</title>
                    </circle>
                  ),
                )}
              </g>
            );
          })}
        </svg>
        <details className="db-annotations">
          <summary>All {all.length} annotations as a list</summary>
          <table className="grid">
            <tbody>
              {all.map((m, k) => (
                <tr key={k}>
                  <td className="mono">{clockTime(start, m.atSec)}</td>
                  <td className="muted">{m.lane}</td>
                  <td className="db-wrap">{m.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Counterfactual

function detectionText(r: CounterfactualResult): string {
  const gain = r.comparison.detectionEarlierSec;
  if (gain === null) return r.original.detectSec !== null && r.counterfactual.detectSec === null ? 'nothing pages' : r.original.detectSec === null && r.counterfactual.detectSec !== null ? 'pages (yours did not)' : 'unchanged';
  return gain > 0 ? `${duration(gain)} earlier` : gain === 0 ? 'unchanged' : `${duration(-gain)} later`;
}

const pctPts = (x: number) => `${num(Math.abs(x))}%`;
const savedText = (x: number) => (Math.abs(x) < 0.005 ? 'none' : x > 0 ? `${pctPts(x)} saved` : `${pctPts(x)} more spent`);
const fewerText = (x: number) => (x === 0 ? 'none' : x > 0 ? `${whole(x)} fewer` : `${whole(-x)} more`);
const savedTone = (x: number) => (x > 0.005 ? 'tone-ok' : x < -0.005 ? 'tone-crit' : '');

function Counterfactual({ report, postmortem, cf, onRun, onEdit }: { report: AfterActionReport; postmortem: Postmortem | null; cf: CounterfactualState; onRun(): void; onEdit(): void }) {
  const start = report.facts.startEpochSec;
  const items = replayableItems(postmortem);
  const key = items.length ? JSON.stringify(items.map((x) => x.item)) : null;
  const stale = cf.itemsKey !== null && key !== cf.itemsKey;
  const at = (sec: number | null) => (sec === null ? 'never' : clockTime(start, sec));
  const runs = cf.runs;
  const all = runs[runs.length - 1];
  const combined = all?.result ?? null;
  const alone = runs.length > 1 ? runs.slice(0, -1) : runs;
  const colName = (indexes: readonly number[]) => (runs.length === 1 ? 'With the action item' + (indexes.length > 1 ? 's' : '') : indexes.length === 1 ? `Item ${(indexes[0] ?? 0) + 1} alone` : 'All together');
  const anyEarlier = runs.some((r) => r.result?.earlierResponse);
  const cell = (r: (typeof runs)[number], f: (x: CounterfactualResult) => ReactNode, cls = 'num') =>
    r.result ? <td className={cls}>{f(r.result)}</td> : <td className="num tone-crit db-wrap">not replayed</td>;

  return (
    <section className="panel db-card" aria-label="Counterfactual replay">
      <div className="panel-head">
        <h2>Counterfactual replay</h2>
        <span className="grow" />
        {stale && <span className="badge warn">action items changed since this replay</span>}
        {cf.progress && <span className="faint db-small" role="status">{cf.progress}</span>}
        <button type="button" className="primary" disabled={cf.running || items.length === 0} onClick={onRun}>
          {cf.running ? 'Replaying…' : 'Run counterfactual'}
        </button>
      </div>
      <div className={`panel-body db-cf${runs.length ? '' : ' single'}`}>
        <div className="db-cf-items">
          <p className="muted db-note">
            Your run again, same seed and your actions at the same times, with the postmortem’s simulatable action items applied to the system: each one alone, then all together. Nothing else is assumed.
          </p>
          {items.length ? (
            <ol className="db-list db-cf-list">
              {items.map(({ index, item }) => (
                <li key={index} value={index + 1}>
                  {postmortem?.actionItems[index]?.title || '(untitled)'}
                  <div className="mono faint">{describeItem(item)}</div>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">
              No action item has a “Simulate this” spec yet.{' '}
              <button type="button" className="ghost db-link" onClick={onEdit}>
                Add one in the postmortem
              </button>{' '}
              (a new alert rule, a pre-production gate, a config validation, a timeout or retries).
            </p>
          )}
          {cf.errors.length > 0 && (
            <ul className="db-list pm-error" role="alert">
              {cf.errors.map((x) => (
                <li key={x}>{x}</li>
              ))}
            </ul>
          )}
        </div>
        {runs.length > 0 && (
          <section className="db-cf-result" aria-label="Counterfactual result">
            {combined && (
              <div className="db-cf-tiles" aria-label={runs.length > 1 ? 'All action items together' : 'With the action item'}>
                <div className="db-cf-tile">
                  <span className="faint">Detection{runs.length > 1 ? ', all together' : ''}</span>
                  <strong>{detectionText(combined)}</strong>
                </div>
                <div className="db-cf-tile">
                  <span className="faint">Error budget</span>
                  <strong className={savedTone(combined.comparison.budgetSaved)}>{savedText(combined.comparison.budgetSaved)}</strong>
                </div>
                <div className="db-cf-tile">
                  <span className="faint">Failed requests</span>
                  <strong className={combined.comparison.failedRequestsSaved > 0 ? 'tone-ok' : ''}>{fewerText(combined.comparison.failedRequestsSaved)}</strong>
                </div>
              </div>
            )}
            <div className="scroll">
              <table className="grid db-cf-table">
                <thead>
                  <tr>
                    <th />
                    <th className="num">Your run</th>
                    {runs.map((r) => (
                      <th key={r.indexes.join('+')} className="num" title={r.indexes.map((i) => describeItem(items.find((x) => x.index === i)?.item ?? { type: 'gate' })).join('; ')}>
                        {colName(r.indexes)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>First page</td>
                    <td className="num mono">{combined ? at(combined.original.detectSec) : '—'}</td>
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => <span className="mono">{at(x.counterfactual.detectSec)}</span>)}</Fragment>
                    ))}
                  </tr>
                  <tr>
                    <td>Detection</td>
                    <td className="num faint">{combined?.original.detectAlert ?? ''}</td>
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => <strong className={x.comparison.detectionEarlierSec !== null && x.comparison.detectionEarlierSec > 0 ? 'tone-ok' : ''}>{detectionText(x)}</strong>)}</Fragment>
                    ))}
                  </tr>
                  <tr>
                    <td>Impact start</td>
                    <td className="num mono">{combined ? at(combined.original.impactSec) : '—'}</td>
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => (x.original.impactSec !== null && x.counterfactual.impactSec === null ? <strong className="tone-ok">no incident</strong> : <span className="mono">{at(x.counterfactual.impactSec)}</span>))}</Fragment>
                    ))}
                  </tr>
                  <tr>
                    <td>Mitigated</td>
                    <td className="num mono">{combined ? at(combined.original.mitigateSec) : '—'}</td>
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => <span className="mono">{x.counterfactual.impactSec === null ? '—' : at(x.counterfactual.mitigateSec)}</span>)}</Fragment>
                    ))}
                  </tr>
                  <tr>
                    <td>Error budget, all SLOs</td>
                    <td className="num">{combined ? `${num(combined.original.budgetConsumedPercent)}%` : '—'}</td>
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => `${num(x.counterfactual.budgetConsumedPercent)}%`)}</Fragment>
                    ))}
                  </tr>
                  <tr className="db-cf-key">
                    <td>Budget saved</td>
                    <td />
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => <strong className={savedTone(x.comparison.budgetSaved)}>{savedText(x.comparison.budgetSaved)}</strong>)}</Fragment>
                    ))}
                  </tr>
                  <tr>
                    <td>Failed requests</td>
                    <td className="num">{combined ? whole(combined.original.failedRequests) : '—'}</td>
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => whole(x.counterfactual.failedRequests))}</Fragment>
                    ))}
                  </tr>
                  <tr className="db-cf-key">
                    <td>Failed requests saved</td>
                    <td />
                    {runs.map((r) => (
                      <Fragment key={r.indexes.join('+')}>{cell(r, (x) => <strong className={x.comparison.failedRequestsSaved > 0 ? 'tone-ok' : ''}>{fewerText(x.comparison.failedRequestsSaved)}</strong>)}</Fragment>
                    ))}
                  </tr>
                  {anyEarlier && (
                    <tr>
                      <td title="Assumes you responded as quickly after the earlier page as after the real one">Responding as fast after the earlier page</td>
                      <td />
                      {runs.map((r) => (
                        <Fragment key={r.indexes.join('+')}>{cell(r, (x) => (x.earlierResponse ? <span className={savedTone(x.earlierResponse.comparison.budgetSaved)}>{savedText(x.earlierResponse.comparison.budgetSaved)}</span> : '—'))}</Fragment>
                      ))}
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
            <h3 className="db-h3">What each item did</h3>
            <ul className="db-list">
              {alone.flatMap((r) =>
                r.result
                  ? r.result.items.map((i) => (
                      <li key={`${r.indexes.join('+')}${i.label}`}>
                        <strong>{i.label}</strong>
                        {i.notes.length > 0 && <div className="muted db-reason">{i.notes.join('; ')}</div>}
                      </li>
                    ))
                  : [
                      <li key={r.indexes.join('+')} className="tone-crit">
                        Action item {(r.indexes[0] ?? 0) + 1} not replayed: {r.errors.join('; ')}
                      </li>,
                    ],
              )}
            </ul>
            {combined && (
              <>
                <h3 className="db-h3">{runs.length > 1 ? 'All together' : 'Notes'}</h3>
                <ul className="db-list">
                  {combined.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </>
            )}
            {all && !combined && all.errors.length > 0 && <p className="pm-error">Not replayed together: {all.errors.join('; ')}</p>}
          </section>
        )}
      </div>
    </section>
  );
}
