// The metric explorer: pick a metric (grouped, with its help text), one or more services and
// environments, and overlay their series on one big chart with a legend (last, min, max, mean
// over the shown range). Every series a pick brings on screen is recorded as one observation
// (`observe: true`); the refreshes on each scrape record nothing. Brush and crosshair are the
// shared ones of every chart.

import { useMemo, useRef, useState } from 'react';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { withUnit } from '../../app/format.ts';
import { useSimQuery } from '../../app/useSimQuery.ts';
import type { ExplorerSelection } from '../../state/store.ts';
import { seriesStats, xDomainOf, type ChartSeries } from '../../widgets/chart/chartMath.ts';
import { CATALOG_NAMES, METRIC_CATALOG, catalogEntry, thresholdsFor } from '../../widgets/chart/metricCatalog.ts';
import { RangeBar } from '../../widgets/chart/RangeBar.tsx';
import { TimeSeriesChart } from '../../widgets/chart/TimeSeriesChart.tsx';
import type { MetricSeries } from '../../worker/protocol.ts';
import './MetricsPane.css';

const PALETTE = ['var(--s1)', 'var(--s2)', 'var(--s3)', 'var(--s5)', 'var(--s4)', 'var(--s6)', 'var(--s7)', 'var(--s8)'];

interface Pair {
  service: string;
  env: string;
}

/** The (service, environment) pairs a selection shows, in a stable order. */
export function pairsOf(sel: ExplorerSelection): Pair[] {
  const out: Pair[] = [];
  for (const service of sel.services) for (const env of sel.envs) out.push({ service, env });
  return out;
}

export const seriesKey = (metric: string, p: Pair): string => `${metric}|${p.service}|${p.env}`;

export function MetricsPane() {
  const { store } = useFiredrill();
  const stored = useApp((s) => s.explorer);
  const focus = useAppShallow((s) => s.focus);
  const serviceIds = useAppShallow((s) => s.scenario?.services.map((x) => x.id) ?? []);
  const envIds = useAppShallow((s) => s.scenario?.environments.map((e) => e.id) ?? []);
  const firstSlo = useApp((s) => s.scenario?.slos[0]?.service ?? null);
  const scrape = useApp((s) => s.scrape);

  // The selection: the stored one (kept across pane switches), else the focused service.
  const sel: ExplorerSelection = useMemo(() => {
    const fallbackService = focus.service ?? firstSlo ?? serviceIds[0] ?? '';
    const base = stored ?? { metric: 'error_ratio', services: [fallbackService], envs: [focus.env] };
    const services = base.services.filter((x) => serviceIds.includes(x));
    const envs = base.envs.filter((x) => envIds.includes(x));
    return {
      metric: catalogEntry(base.metric) ? base.metric : 'error_ratio',
      services: services.length ? services : [fallbackService],
      envs: envs.length ? envs : [envIds[0] ?? 'prod'],
    };
  }, [stored, focus.service, focus.env, firstSlo, serviceIds, envIds]);
  const setSel = (next: ExplorerSelection): void => store.setState({ explorer: next });

  const pairs = useMemo(() => pairsOf(sel), [sel]);
  // Series already on screen: a pick records an observation for each series it adds.
  const shown = useRef<Set<string>>(new Set());
  const q = useSimQuery(
    async (sim) => {
      const keys = new Set(pairs.map((p) => seriesKey(sel.metric, p)));
      const before = shown.current;
      shown.current = keys;
      const results = await Promise.all(
        pairs.map((p) => {
          const observe = !before.has(seriesKey(sel.metric, p));
          const args = { service: p.service, env: p.env, metrics: [sel.metric] };
          return sim.call('query/metrics', observe ? { ...args, observe: true } : args);
        }),
      );
      return { pairs, metric: sel.metric, results };
    },
    [pairs, sel.metric, scrape],
  );

  // Help texts and units of every metric (no observation: it reads no data).
  const meta = useSimQuery(
    (sim) => {
      const now = store.getState().clock.nowSec;
      return sim.call('query/metrics', { service: serviceIds[0] ?? '', env: envIds[0] ?? 'prod', metrics: CATALOG_NAMES, fromSec: now, toSec: now });
    },
    [serviceIds[0], envIds[0]],
  );
  const help = useMemo(() => new Map<string, MetricSeries>((meta.data?.series ?? []).map((s) => [s.name, s])), [meta.data]);

  const data = q.data;
  const series: ChartSeries[] = useMemo(
    () =>
      (data?.results ?? []).map((r, k) => {
        const p = data?.pairs[k] as Pair;
        return { label: `${p.service} · ${p.env}`, color: PALETTE[k % PALETTE.length] as string, values: r.series[0]?.values ?? [] };
      }),
    [data],
  );
  const times = data?.results[0]?.times ?? [];
  const unit = data?.results[0]?.series[0]?.unit ?? help.get(sel.metric)?.unit ?? '';
  const rules = useApp((s) => s.scenario?.alerts);
  const slos = useApp((s) => s.scenario?.slos);
  const thresholds = useMemo(() => {
    const out = pairs.flatMap((p) =>
      thresholdsFor(sel.metric, p.service, p.env, rules ?? [], slos ?? []).map((t) => ({ ...t, label: pairs.length > 1 ? `${p.service}: ${t.label}` : t.label })),
    );
    return out.filter((t, i) => out.findIndex((u) => u.label === t.label && u.value === t.value) === i);
  }, [pairs, sel.metric, rules, slos]);
  const entry = catalogEntry(sel.metric);
  const title = entry?.title ?? sel.metric;

  const toggle = (list: string[], id: string): string[] => (list.includes(id) ? (list.length > 1 ? list.filter((x) => x !== id) : list) : [...list, id]);

  return (
    <div className="mx">
      <MetricList selected={sel.metric} help={help} onPick={(metric) => setSel({ ...sel, metric })} />
      <div className="mx-main">
        <div className="panel mx-controls">
          <div className="mx-pick" role="group" aria-label="Services">
            <span className="mx-pick-label">Services</span>
            {serviceIds.map((id) => (
              <button key={id} type="button" className="chip" aria-pressed={sel.services.includes(id)} onClick={() => setSel({ ...sel, services: toggle(sel.services, id) })}>
                {id}
              </button>
            ))}
          </div>
          <div className="mx-pick" role="group" aria-label="Environments">
            <span className="mx-pick-label">Environments</span>
            {envIds.map((id) => (
              <button key={id} type="button" className="chip" aria-pressed={sel.envs.includes(id)} onClick={() => setSel({ ...sel, envs: toggle(sel.envs, id) })}>
                {id}
              </button>
            ))}
            <span className="grow" />
            <RangeBar />
          </div>
        </div>
        <div className="panel mx-chart">
          <div className="mx-chart-head">
            <h2>{title}</h2>
            <code className="muted">{sel.metric}</code>
            {unit && <span className="faint">{unit}</span>}
          </div>
          {help.get(sel.metric) && <p className="mx-help muted">{help.get(sel.metric)?.help}</p>}
          <TimeSeriesChart
            className="frameless mx-big"
            title={title}
            subject={pairs.length === 1 ? `${pairs[0]?.service} · ${pairs[0]?.env}` : `${pairs.length} series`}
            hideSubject
            series={series}
            times={times}
            unit={unit}
            height="fill"
            thresholds={thresholds}
            markers={{ env: sel.envs.length === 1 ? sel.envs[0] : undefined, services: sel.services }}
            legend={false}
            status={q.error ?? (q.loading && !data ? 'Loading…' : null)}
          />
          <Legend metric={sel.metric} title={title} pairs={data?.pairs ?? []} series={series} times={times} unit={unit} />
        </div>
      </div>
    </div>
  );
}

function MetricList({ selected, help, onPick }: { selected: string; help: Map<string, MetricSeries>; onPick: (metric: string) => void }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  return (
    <nav className="panel mx-list" aria-label="Metrics">
      <div className="mx-filter">
        <input type="search" aria-label="Filter metrics" placeholder="Filter metrics" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </div>
      <div className="mx-groups">
        {METRIC_CATALOG.map((g) => {
          const items = g.metrics.filter((m) => !f || m.title.toLowerCase().includes(f) || m.name.includes(f) || (help.get(m.name)?.help.toLowerCase().includes(f) ?? false));
          if (items.length === 0) return null;
          return (
            <div key={g.group} className="mx-group" role="group" aria-label={g.group}>
              <h4>
                {g.group}
                {g.note && <span className="faint"> · {g.note}</span>}
              </h4>
              {items.map((m) => (
                <button key={m.name} type="button" className="mx-item" aria-pressed={selected === m.name} onClick={() => onPick(m.name)} title={help.get(m.name)?.help}>
                  <span className="mx-item-title">{m.title}</span>
                  <span className="mx-item-name mono">{m.name}</span>
                  {help.get(m.name) && <span className="mx-item-help">{help.get(m.name)?.help}</span>}
                </button>
              ))}
            </div>
          );
        })}
      </div>
    </nav>
  );
}

function Legend({ metric, title, pairs, series, times, unit }: { metric: string; title: string; pairs: Pair[]; series: ChartSeries[]; times: ArrayLike<number>; unit: string }) {
  const { ctl, store } = useFiredrill();
  // The legend's numbers cover the range shown; following the clock they change with the data.
  const range = useApp((s) => s.range);
  const nowSec = useApp((s) => (range.toSec === null ? Math.floor(s.clock.nowSec / 10) * 10 : 0));
  const [x0, x1] = xDomainOf(range, range.toSec ?? nowSec);
  const pinned = useApp((s) => s.pinned);
  const f = (v: number) => (Number.isFinite(v) ? withUnit(v, unit) : '–');
  return (
    <table className="grid mx-legend" aria-label="Series">
      <thead>
        <tr>
          <th>Series</th>
          <th className="num">Last</th>
          <th className="num">Min</th>
          <th className="num">Max</th>
          <th className="num">Mean</th>
          <th>
            <span className="sr-only">Evidence</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {series.map((s, k) => {
          const p = pairs[k];
          if (!p) return null;
          const st = seriesStats(s.values, times, x0, x1);
          const isPinned = pinned.some((e) => e.ref.kind === 'metric' && e.ref.service === p.service && e.ref.env === p.env && e.ref.metric === metric);
          return (
            <tr key={seriesKey(metric, p)}>
              <td>
                <span className="tsc-swatch" style={{ background: s.color }} /> <span className="mono">{p.service}</span> <span className="muted">{p.env}</span>
              </td>
              <td className="num">{f(st.last)}</td>
              <td className="num">{f(st.min)}</td>
              <td className="num">{f(st.max)}</td>
              <td className="num">{f(st.mean)}</td>
              <td className="num">
                <button
                  type="button"
                  className="mx-pin"
                  aria-pressed={isPinned}
                  aria-label={`Pin as evidence: ${title}, ${p.service} · ${p.env}`}
                  onClick={() => {
                    ctl.pin({ ref: { kind: 'metric', service: p.service, env: p.env, metric }, label: `${title} · ${p.service} · ${p.env} (${metric})`, atSec: store.getState().clock.nowSec });
                    ctl.toast(`Pinned “${title} · ${p.service} · ${p.env}” as evidence`);
                  }}
                >
                  {isPinned ? 'Pinned' : 'Pin'}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
