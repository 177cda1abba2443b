// The war room's overview: the SLO panel (SLI, error budget, burn rates, a small SLI chart each),
// the service overview table of the focused environment (RED + saturation + replicas + pages,
// sortable), and a service's dashboard when a row is opened (a grid of charts refreshed on each
// scrape; opening it records one observation, refreshes record none).

import { useMemo, useRef, useState } from 'react';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime, ms, num, pct } from '../../app/format.ts';
import { useSimQuery } from '../../app/useSimQuery.ts';
import { rollingRatio } from '../../widgets/chart/chartMath.ts';
import { dashboardPanels, panelMetrics, thresholdsFor, type PanelDef } from '../../widgets/chart/metricCatalog.ts';
import { RangeBar } from '../../widgets/chart/RangeBar.tsx';
import { TimeSeriesChart } from '../../widgets/chart/TimeSeriesChart.tsx';
import type { Health, MetricSeries, ServiceHealth, ServiceInfo, SloStatus } from '../../worker/protocol.ts';
import './OverviewPane.css';

export function OverviewPane() {
  const dashboard = useApp((s) => s.dashboardService);
  const known = useApp((s) => (dashboard !== null && s.scenario?.services.some((x) => x.id === dashboard)) ?? false);
  return dashboard !== null && known ? <ServiceDashboard service={dashboard} /> : <Overview />;
}

// ---------------------------------------------------------------------------------------------
// Overview: SLOs and services

function Overview() {
  const slos = useApp((s) => s.frame?.slos ?? null);
  const atSec = useApp((s) => s.frame?.overview.atSec ?? null);
  return (
    <div className="ov">
      <section className="panel ov-slos" aria-labelledby="ov-slos-title">
        <header className="panel-head">
          <h2 id="ov-slos-title">Service level objectives</h2>
          <span className="muted ov-note">SLI and burn rates over 5 m and 1 h; budget over each SLO's window</span>
          <span className="grow" />
          <RangeBar />
        </header>
        <div className="ov-slo-grid">
          {slos === null && <p className="muted ov-empty">Waiting for the first scrape (every 10 simulated seconds).</p>}
          {slos?.length === 0 && <p className="muted ov-empty">This scenario defines no SLOs.</p>}
          {slos?.map((s) => (
            <SloCard key={s.id} slo={s} />
          ))}
        </div>
      </section>
      <ServiceTable atSec={atSec} />
    </div>
  );
}

const BURN_FAST = 14.4;
const BURN_SLOW = 6;

export function burnTone(burn: number): 'crit' | 'warn' | 'elevated' | 'ok' {
  return burn >= BURN_FAST ? 'crit' : burn >= BURN_SLOW ? 'warn' : burn >= 1 ? 'elevated' : 'ok';
}

function sloState(s: SloStatus): { text: string; tone: 'crit' | 'warn' | 'info' | 'ok' } {
  const both = Math.min(s.burn5m, s.burn1h);
  if (both >= BURN_FAST) return { text: 'Fast burn', tone: 'crit' };
  if (both >= BURN_SLOW) return { text: 'Slow burn', tone: 'warn' };
  if (both >= 1) return { text: 'Burning', tone: 'info' };
  return { text: 'Within budget', tone: 'ok' };
}

/** Burn rate as SREs read it: "220×", "42.4×", "0.02×". */
export function burnText(burn: number): string {
  if (!Number.isFinite(burn)) return '–';
  return `${burn >= 100 ? burn.toFixed(0) : burn >= 10 ? burn.toFixed(1) : burn.toFixed(2)}×`;
}

function sliText(v: number | null): string {
  return v === null ? 'no traffic' : pct(v, 2);
}

function SloCard({ slo }: { slo: SloStatus }) {
  const scrape = useApp((s) => s.scrape);
  const series = useSimQuery((sim) => sim.call('query/sloSeries', { slo: slo.id }), [slo.id, scrape]);
  const data = series.data;
  const sli = useMemo(() => (data ? rollingRatio(data.good, data.total, 30) : new Float32Array(0)), [data]);
  const state = sloState(slo);
  const below = slo.sliWindow !== null && slo.sliWindow < slo.objective;
  const budget = slo.budgetLeftPercent;
  const budgetTone = budget <= 0 ? 'crit' : budget < 25 ? 'warn' : 'ok';
  return (
    <article className="slo-card" aria-labelledby={`slo-${slo.id}`}>
      <header className="slo-head">
        <h3 id={`slo-${slo.id}`} className="mono">
          {slo.id}
        </h3>
        <span className={`badge ${state.tone === 'ok' ? 'ok' : state.tone}`}>{state.text}</span>
      </header>
      <div className="slo-sub muted">
        {slo.service} · {slo.env} · {slo.indicator} · objective {pct(slo.objective, 2)}
      </div>
      <dl className="slo-stats">
        <div>
          <dt>SLI 1h</dt>
          <dd className={`slo-big ${below ? 'tone-crit' : 'tone-ok'}`}>{sliText(slo.sliWindow)}</dd>
        </div>
        <div>
          <dt>SLI 5m</dt>
          <dd className={slo.sli5m !== null && slo.sli5m < slo.objective ? 'tone-crit' : ''}>{sliText(slo.sli5m)}</dd>
        </div>
        <div>
          <dt>Burn 5m</dt>
          <dd className={`burn-${burnTone(slo.burn5m)}`}>{burnText(slo.burn5m)}</dd>
        </div>
        <div>
          <dt>Burn 1h</dt>
          <dd className={`burn-${burnTone(slo.burn1h)}`}>{burnText(slo.burn1h)}</dd>
        </div>
      </dl>
      <div className="slo-budget">
        <span className="slo-budget-label">Budget left</span>
        <span className={`slo-budget-value tone-${budgetTone}`}>{budget.toFixed(1)}%</span>
        <span className="meter" role="meter" aria-label={`${slo.id} error budget left`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(Math.max(0, budget))}>
          <span className={`meter-fill ${budgetTone}`} style={{ width: `${Math.max(0, Math.min(100, budget))}%` }} />
        </span>
      </div>
      <TimeSeriesChart
        className="frameless slo-chart"
        title="SLI, 5 m rolling"
        subject={`${slo.service} · ${slo.env}`}
        series={[{ label: 'SLI', color: below ? 'var(--crit)' : 'var(--ok)', values: sli }]}
        times={data?.times ?? []}
        unit="ratio"
        format={(v) => pct(v, 2)}
        yZero={false}
        yMax={1}
        height={92}
        thresholds={[{ value: slo.objective, label: 'objective', tone: 'warn' }]}
        markers={{ env: slo.env, services: [slo.service] }}
        status={series.error ?? (series.loading && !data ? 'Loading…' : null)}
        legend={false}
      />
    </article>
  );
}

/** The focused environment, shared by the table and the dashboards (the war room's focus). */
function FocusEnvPicker({ className }: { className: string }) {
  const { store } = useFiredrill();
  const env = useApp((s) => s.focus.env);
  const envs = useAppShallow((s) => s.scenario?.environments.map((e) => e.id) ?? []);
  return (
    <label className={className}>
      <span className="muted">Environment</span>
      <select value={env} onChange={(e) => store.setState((s) => ({ focus: { ...s.focus, env: e.target.value } }))}>
        {envs.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}

type SortKey = 'health' | 'service' | 'type' | 'ratePerSec' | 'errorRatio' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'saturation' | 'ready' | 'pagesFiring';

const HEALTH_RANK: Record<Health, number> = { critical: 3, warning: 2, ok: 1, unknown: 0 };
const HEALTH_TEXT: Record<Health, string> = { critical: 'Critical', warning: 'Warning', ok: 'OK', unknown: 'No data' };
const HEALTH_BADGE: Record<Health, string> = { critical: 'crit', warning: 'warn', ok: 'ok', unknown: '' };

interface Row extends ServiceHealth {
  name: string;
  type: string;
}

function sortValue(r: Row, key: SortKey): number | string {
  switch (key) {
    case 'health':
      return HEALTH_RANK[r.health] * 1000 + r.pagesFiring * 10 + r.errorRatio;
    case 'service':
      return r.service;
    case 'type':
      return r.type;
    case 'ready':
      return r.desiredReplicas > 0 ? r.readyReplicas / r.desiredReplicas : 1;
    default:
      return r[key];
  }
}

/** Rows sorted by a column; ties by service id. */
export function sortRows<T extends Row>(rows: readonly T[], key: SortKey, dir: 'asc' | 'desc'): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    const c = typeof va === 'string' ? va.localeCompare(vb as string) : va - (vb as number);
    return c !== 0 ? c * sign : a.service.localeCompare(b.service);
  });
}

const COLUMNS: { key: SortKey; label: string; num?: boolean; title?: string }[] = [
  { key: 'health', label: 'Health' },
  { key: 'service', label: 'Service' },
  { key: 'type', label: 'Type' },
  { key: 'ratePerSec', label: 'Rate', num: true, title: 'Responses per second' },
  { key: 'errorRatio', label: 'Errors', num: true, title: '4xx + 5xx over all responses' },
  { key: 'p50Ms', label: 'p50', num: true },
  { key: 'p95Ms', label: 'p95', num: true },
  { key: 'p99Ms', label: 'p99', num: true },
  { key: 'saturation', label: 'Saturation', num: true, title: 'Fullest of CPU, memory and connection pool' },
  { key: 'ready', label: 'Ready', num: true, title: 'Ready / desired replicas' },
  { key: 'pagesFiring', label: 'Pages', num: true, title: 'Page alerts firing for this service' },
];

function ServiceTable({ atSec }: { atSec: number | null }) {
  const { store } = useFiredrill();
  const env = useApp((s) => s.focus.env);
  const focused = useApp((s) => s.focus.service);
  const services = useApp((s) => s.scenario?.services ?? null);
  const startEpoch = useApp((s) => s.scenario?.startEpochSec ?? 0);
  const health = useApp((s) => s.frame?.overview.services ?? null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'health', dir: 'desc' });

  const rows = useMemo(() => {
    const info = new Map((services ?? []).map((s) => [s.id, s]));
    const list: Row[] = (health ?? [])
      .filter((h) => h.env === env)
      .map((h) => ({ ...h, name: info.get(h.service)?.name ?? h.service, type: info.get(h.service)?.type ?? '' }));
    return sortRows(list, sort.key, sort.dir);
  }, [services, health, env, sort]);

  const open = (service: string): void => {
    store.setState({ dashboardService: service, focus: { service, env } });
  };
  const toggleSort = (key: SortKey): void => {
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'service' || key === 'type' ? 'asc' : 'desc' }));
  };

  return (
    <section className="panel ov-services" aria-labelledby="ov-services-title">
      <header className="panel-head">
        <h2 id="ov-services-title">Services</h2>
        <span className="muted ov-note">{atSec === null ? 'no scrape yet' : `as of the ${clockTime(startEpoch, atSec)} scrape`} · click a row for its dashboard</span>
        <span className="grow" />
        <FocusEnvPicker className="row ov-env" />
      </header>
      <div className="scroll">
        <table className="grid ov-table" aria-label={`Services in ${env}`}>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} className={c.num ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'} title={c.title}>
                  <button type="button" className="th-sort" onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span className="sort-mark" aria-hidden="true">
                      {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="muted">
                  {health === null ? 'Waiting for the first scrape.' : `No services in ${env}.`}
                </td>
              </tr>
            )}
            {rows.map((r) => (
              <tr key={r.service} aria-selected={focused === r.service} onClick={() => open(r.service)} className="ov-row">
                <td>
                  <span className={`badge ${HEALTH_BADGE[r.health]}`}>{HEALTH_TEXT[r.health]}</span>
                </td>
                <td>
                  <button
                    type="button"
                    className="linkish"
                    aria-label={`Open ${r.service} dashboard`}
                    onClick={(e) => {
                      e.stopPropagation();
                      open(r.service);
                    }}
                  >
                    <span className="mono">{r.service}</span>
                  </button>
                  {r.name !== r.service && (
                    <span className="faint ov-name" title={r.name}>
                      {r.name}
                    </span>
                  )}
                </td>
                <td className="muted">{r.type}</td>
                <td className="num">{num(r.ratePerSec)}/s</td>
                <td className={`num ${r.errorRatio >= 0.05 ? 'tone-crit' : r.errorRatio >= 0.01 ? 'tone-warn' : ''}`}>{pct(r.errorRatio, 2)}</td>
                <td className="num">{ms(r.p50Ms)}</td>
                <td className="num">{ms(r.p95Ms)}</td>
                <td className="num">{ms(r.p99Ms)}</td>
                <td className="num">
                  <span className="sat">
                    <span className="sat-bar" aria-hidden="true">
                      <span className={`sat-fill ${r.saturation >= 0.85 ? 'crit' : r.saturation >= 0.7 ? 'warn' : 'ok'}`} style={{ width: `${Math.min(100, r.saturation * 100)}%` }} />
                    </span>
                    {Math.round(r.saturation * 100)}%
                  </span>
                </td>
                <td className={`num ${r.readyReplicas < r.desiredReplicas ? 'tone-warn' : ''}`}>
                  {num(r.readyReplicas)}/{r.desiredReplicas}
                </td>
                <td className="num">{r.pagesFiring > 0 ? <span className="badge crit">{r.pagesFiring}</span> : <span className="faint">0</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// A service's dashboard

function ServiceDashboard({ service }: { service: string }) {
  const { store } = useFiredrill();
  const env = useApp((s) => s.focus.env);
  const info = useApp((s) => s.scenario?.services.find((x) => x.id === service)) as ServiceInfo;
  const rules = useApp((s) => s.scenario?.alerts);
  const slos = useApp((s) => s.scenario?.slos);
  const scrape = useApp((s) => s.scrape);
  const health = useApp((s) => s.frame?.overview.services.find((h) => h.service === service && h.env === env) ?? null);

  const panels = useMemo(() => dashboardPanels(info), [info]);
  const metrics = useMemo(() => panelMetrics(panels), [panels]);
  // One observation when the trainee opens the dashboard (or switches its environment); the
  // refreshes on each scrape record none. The ref survives StrictMode's effect replay.
  const observed = useRef<string | null>(null);
  const q = useSimQuery(
    (sim) => {
      const key = `${service}@${env}`;
      const observe = observed.current !== key;
      observed.current = key;
      return sim.call('query/metrics', observe ? { service, env, metrics, observe: true } : { service, env, metrics });
    },
    [service, env, metrics, scrape],
  );
  const byName = useMemo(() => new Map<string, MetricSeries>((q.data?.series ?? []).map((s) => [s.name, s])), [q.data]);
  const times = q.data?.times;

  const back = (): void => store.setState({ dashboardService: null });
  const explore = (p: PanelDef): void =>
    store.setState({ explorer: { metric: p.primary, services: [service], envs: [env] }, pane: 'metrics' });

  const visible = panels.filter((p) => {
    if (!p.onlyWhen) return true;
    const s = byName.get(p.onlyWhen);
    return s !== undefined && s.values.some((v) => v > 0);
  });
  const status = q.error ?? (q.loading && !q.data ? 'Loading…' : null);

  return (
    <div className="dash">
      <header className="dash-head panel">
        <button type="button" onClick={back} aria-label="Back to overview">
          ← Overview
        </button>
        <h2 className="mono">{service}</h2>
        {info.name && <span className="muted">{info.name}</span>}
        <span className="badge">{info.type}</span>
        {info.language && <span className="badge">{info.language}</span>}
        {health && (
          <span className="dash-kpis">
            <span className={`badge ${HEALTH_BADGE[health.health]}`}>{HEALTH_TEXT[health.health]}</span>
            <span>
              <span className="faint">rate</span> {num(health.ratePerSec)}/s
            </span>
            <span className={health.errorRatio >= 0.05 ? 'tone-crit' : health.errorRatio >= 0.01 ? 'tone-warn' : ''}>
              <span className="faint">errors</span> {pct(health.errorRatio, 2)}
            </span>
            <span>
              <span className="faint">p99</span> {ms(health.p99Ms)}
            </span>
            <span className={health.readyReplicas < health.desiredReplicas ? 'tone-warn' : ''}>
              <span className="faint">ready</span> {num(health.readyReplicas)}/{health.desiredReplicas}
            </span>
          </span>
        )}
        <span className="grow" />
        <FocusEnvPicker className="row" />
        <RangeBar />
      </header>
      <div className="dash-grid" aria-label={`${service} dashboard`} role="region">
        {visible.map((p) => {
          const first = byName.get(p.series[0]?.metric ?? '');
          const unit = first?.unit ?? '';
          const thresholds = p.series.flatMap((s) => thresholdsFor(s.metric, service, env, rules ?? [], slos ?? []));
          if (p.id === 'ready' && health && health.desiredReplicas > 0) thresholds.push({ value: health.desiredReplicas, label: 'desired', tone: 'info' });
          return (
            <TimeSeriesChart
              key={p.id}
              title={p.title}
              subject={`${service} · ${env}`}
              hideSubject
              series={p.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed, values: byName.get(s.metric)?.values ?? [] }))}
              times={times ?? []}
              unit={unit}
              stacked={p.stacked}
              area={p.area}
              yMax={p.yMax}
              height={118}
              thresholds={dedupeThresholds(thresholds)}
              markers={{ env, services: [service] }}
              pin={{ service, env, metric: p.primary }}
              status={status}
              actions={
                <button type="button" className="ghost tsc-pin" aria-label={`Explore ${p.title}, ${service} · ${env}`} title="Open in the metric explorer" onClick={() => explore(p)}>
                  Explore
                </button>
              }
            />
          );
        })}
      </div>
    </div>
  );
}

function dedupeThresholds<T extends { value: number; label: string }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((t) => {
    const k = `${t.label}:${t.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
