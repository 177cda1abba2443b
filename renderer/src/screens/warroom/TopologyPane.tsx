// Topology: the live service map of one environment, and the selected service's details (what it
// is, how it calls its dependencies, its numbers now) with a way into its dashboard.

import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { clockTime, ms, num, offset, pct } from '../../app/format.ts';
import { useSimQuery } from '../../app/useSimQuery.ts';
import type { ChangeView, EdgeHealth, Health, ServiceHealth, ServiceInfo } from '../../worker/protocol.ts';
import { TopologyMap, errorPercent } from '../../widgets/topology/TopologyMap.tsx';
import './TopologyPane.css';

const HEALTH_BADGE: Record<Health, string> = { ok: 'ok', warning: 'warn', critical: 'crit', unknown: '' };

const EMPTY_SERVICES: ServiceInfo[] = [];
const DRAWER_W = 320;

function HealthBadge({ health }: { health: Health }) {
  return <span className={`badge ${HEALTH_BADGE[health]}`}>{health}</span>;
}

export function TopologyPane() {
  const { store, ctl } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const frame = useApp((s) => s.frame);
  const scrape = useApp((s) => s.scrape);
  const ended = useApp((s) => s.clock.ended);
  const actions = useApp((s) => s.actions);
  const focus = useApp((s) => s.focus);
  const services = scenario?.services ?? EMPTY_SERVICES;
  const envs = scenario?.environments ?? [];
  const [env, setEnv] = useState(() => (envs.some((e) => e.id === focus.env) ? focus.env : (envs[0]?.id ?? 'prod')));
  const [selected, setSelected] = useState<string | null>(() => (focus.service && services.some((s) => s.id === focus.service) ? focus.service : null));

  // Looking at the map is an observation; once per opening, and again for each other environment
  // the trainee picks.
  const observed = useRef<string | null>(null);
  useEffect(() => {
    if (observed.current === env || ended || !scenario) return;
    observed.current = env;
    void ctl.act({ type: 'observe', target: 'topology', params: { env } });
  }, [ctl, env, ended, scenario]);

  const health = useMemo<ServiceHealth[]>(() => (frame?.overview.services ?? []).filter((h) => h.env === env), [frame, env]);
  const edges = useMemo<EdgeHealth[]>(() => (frame?.overview.edges ?? []).filter((e) => e.env === env), [frame, env]);
  const healthOf = useMemo(() => new Map(health.map((h) => [h.service, h])), [health]);

  // Deploys, for the version a service runs now (the scenario lists the version before the run).
  const changes = useSimQuery((sim) => sim.call('query/changes', { env }), [env, scrape]);

  const svc = selected ? services.find((s) => s.id === selected) : undefined;
  const startEpoch = scenario?.startEpochSec ?? 0;

  if (!scenario) return <div className="panel-body muted">No scenario is loaded.</div>;

  return (
    <div className="topo-pane">
      <div className="topo-pane-head panel-head">
        <h2>Service map</h2>
        <label className="row topo-env">
          <span className="muted">Environment</span>
          <select value={env} onChange={(e) => setEnv(e.target.value)}>
            {envs.map((e) => (
              <option key={e.id} value={e.id}>
                {e.id}
              </option>
            ))}
          </select>
        </label>
        <span className="muted topo-tip">{svc ? 'Esc or ✕ closes the details' : 'Select a service for its details; drag to pan, wheel to zoom'}</span>
        <span className="grow" />
        <span className="muted">
          {frame && frame.overview.atSec !== null ? (
            <>
              Health as of <span className="mono">{clockTime(startEpoch, frame.overview.atSec)}</span> (last 10 s scrape)
            </>
          ) : (
            'Waiting for the first scrape'
          )}
        </span>
      </div>
      <div className="topo-pane-body">
        <TopologyMap
          services={services}
          health={health}
          edges={edges}
          selected={selected}
          onSelect={(id) => setSelected((cur) => (cur === id ? null : id))}
          label={`Service map, ${env}`}
          reserveRight={svc ? DRAWER_W + 16 : 0}
        />
        {svc && (
          <aside
            className="topo-drawer panel"
            aria-label={`Service ${svc.id}`}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setSelected(null);
            }}
          >
            <ServiceDetails
              svc={svc}
              env={env}
              services={services}
              health={healthOf.get(svc.id)}
              healthOf={healthOf}
              edges={edges}
              changes={changes.data}
              rollbacks={actions.filter((a) => a.type === 'rollback' && a.result === 'applied' && a.target === svc.id && (a.params.env === undefined || a.params.env === env))}
              startEpoch={startEpoch}
              onSelect={setSelected}
              onClose={() => setSelected(null)}
              onOpenDashboard={() => store.setState({ focus: { service: svc.id, env }, dashboardService: svc.id, pane: 'overview' })}
            />
          </aside>
        )}
      </div>
    </div>
  );
}

interface DetailsProps {
  svc: ServiceInfo;
  env: string;
  services: readonly ServiceInfo[];
  health: ServiceHealth | undefined;
  healthOf: Map<string, ServiceHealth>;
  edges: readonly EdgeHealth[];
  changes: ChangeView[] | null;
  rollbacks: { atSec: number }[];
  startEpoch: number;
  onSelect: (id: string) => void;
  onClose: () => void;
  onOpenDashboard: () => void;
}

function ServiceDetails({ svc, env, services, health: h, healthOf, edges, changes, rollbacks, startEpoch, onSelect, onClose, onOpenDashboard }: DetailsProps) {
  const edgeOf = (from: string, to: string) => edges.find((e) => e.from === from && e.to === to);
  const callers = services.flatMap((s) => s.calls.filter((c) => c.to === svc.id).map((c) => ({ from: s.id, call: c })));
  const consumers = services.filter((s) => s.consumes === svc.id);
  const deploys = (changes ?? []).filter((c) => c.type === 'deploy' && c.service === svc.id && c.env === env);
  const lastDeploy = deploys[deploys.length - 1];
  const lastRollback = rollbacks.filter((r) => !lastDeploy || r.atSec >= lastDeploy.atSec).at(-1);
  const version = lastDeploy?.version ?? svc.version;
  const when = (sec: number) => `${clockTime(startEpoch, sec)} (${offset(sec)})`;

  return (
    <>
      <div className="panel-head topo-side-head">
        <div className="grow">
          <div className="row">
            <h3 className="mono">{svc.id}</h3>
            <HealthBadge health={h?.health ?? 'unknown'} />
          </div>
          {svc.name && <div className="muted topo-svc-name">{svc.name}</div>}
        </div>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close service details" title="Back to the service list">
          ✕
        </button>
      </div>
      <div className="topo-side-body">
        <button type="button" className="primary topo-open" onClick={onOpenDashboard}>
          Open dashboard
        </button>

        <div className="topo-kpis" role="list" aria-label="Key numbers">
          <Kpi label="Requests" value={h ? `${num(h.ratePerSec)}/s` : '–'} />
          <Kpi label="Errors" value={h ? pct(h.errorRatio, 2) : '–'} tone={h && h.errorRatio >= 0.05 ? 'crit' : h && h.errorRatio >= 0.01 ? 'warn' : undefined} />
          <Kpi label="p50" value={h ? ms(h.p50Ms) : '–'} />
          <Kpi label="p95" value={h ? ms(h.p95Ms) : '–'} />
          <Kpi label="p99" value={h ? ms(h.p99Ms) : '–'} />
          <Kpi label="Saturation" value={h ? pct(h.saturation, 1) : '–'} tone={h && h.saturation >= 0.9 ? 'crit' : h && h.saturation >= 0.75 ? 'warn' : undefined} />
          <Kpi label="Pods ready" value={h ? `${h.readyReplicas}/${h.desiredReplicas}` : '–'} tone={h && h.readyReplicas < h.desiredReplicas ? 'warn' : undefined} />
          <Kpi label="Pages firing" value={h ? String(h.pagesFiring) : '–'} tone={h && h.pagesFiring > 0 ? 'crit' : undefined} />
        </div>

        <dl className="topo-facts">
          <dt>Type</dt>
          <dd>{svc.type}</dd>
          <dt>Version</dt>
          <dd>
            <span className="mono">{version}</span>
            {lastDeploy && (
              <div className="muted">
                deployed {when(lastDeploy.atSec)} by {lastDeploy.author}
                {lastDeploy.previousVersion ? `, was ${lastDeploy.previousVersion}` : ''}
              </div>
            )}
            {lastRollback && <div className="tone-warn">rollback requested {when(lastRollback.atSec)}</div>}
          </dd>
          {svc.language && (
            <>
              <dt>Language</dt>
              <dd>{svc.language}</dd>
            </>
          )}
          <dt>Replicas</dt>
          <dd>{h ? `${h.readyReplicas} ready of ${h.desiredReplicas}` : `${svc.replicas} (scenario default)`}</dd>
          <dt>Zones</dt>
          <dd>{svc.zones.length ? svc.zones.join(', ') : '–'}</dd>
          {svc.consumes && (
            <>
              <dt>Consumes</dt>
              <dd>
                <button type="button" className="ghost linkish mono" onClick={() => onSelect(svc.consumes as string)}>
                  {svc.consumes}
                </button>
              </dd>
            </>
          )}
        </dl>

        <h4 className="topo-sub">Calls ({svc.calls.length})</h4>
        {svc.calls.length === 0 ? (
          <p className="muted">Calls no other service.</p>
        ) : (
          <table className="grid topo-calls">
            <thead>
              <tr>
                <th>To</th>
                <th className="num">calls/s</th>
                <th className="num">fail</th>
                <th>policy</th>
              </tr>
            </thead>
            <tbody>
              {svc.calls.map((c) => {
                const e = edgeOf(svc.id, c.to);
                return (
                  <tr key={c.to}>
                    <td>
                      <button type="button" className="ghost linkish" onClick={() => onSelect(c.to)}>
                        <i className={`dot h-${healthOf.get(c.to)?.health ?? 'unknown'}`} aria-hidden="true" />
                        {c.to}
                      </button>
                    </td>
                    <td className="num">{e ? num(e.callsPerSec) : '–'}</td>
                    <td className={`num${e && e.failureRatio >= 0.05 ? ' tone-crit' : e && e.failureRatio >= 0.005 ? ' tone-warn' : ''}`}>{e ? `${errorPercent(e.failureRatio)}%` : '–'}</td>
                    <td className="policy">
                      {ms(c.timeoutMs)} timeout
                      {c.retries > 0 && (
                        <>
                          , {c.retries} {c.retries === 1 ? 'retry' : 'retries'}
                          {e && e.retriesPerSec >= 0.05 && <span className="retry"> ({num(e.retriesPerSec)}/s)</span>}
                        </>
                      )}
                      {c.pool !== undefined && `, pool ${c.pool}`}
                      {c.onMiss && `, miss → ${c.onMiss}`}
                      {!c.critical && ', non-critical'}
                      {c.perRequest !== 1 && <span className="muted"> · {num(c.perRequest)}×/req</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}

        <h4 className="topo-sub">Called by ({callers.length + consumers.length})</h4>
        {callers.length + consumers.length === 0 ? (
          <p className="muted">{svc.type === 'gateway' ? 'Entry point: takes user traffic.' : 'No service calls it.'}</p>
        ) : (
          <ul className="topo-callers">
            {callers.map(({ from }) => {
              const e = edgeOf(from, svc.id);
              return (
                <li key={from}>
                  <button type="button" className="ghost linkish" onClick={() => onSelect(from)}>
                    <i className={`dot h-${healthOf.get(from)?.health ?? 'unknown'}`} aria-hidden="true" />
                    {from}
                  </button>
                  <span className="muted">{e ? ` ${num(e.callsPerSec)}/s, ${errorPercent(e.failureRatio)}% failing` : ''}</span>
                </li>
              );
            })}
            {consumers.map((s) => (
              <li key={s.id}>
                <button type="button" className="ghost linkish" onClick={() => onSelect(s.id)}>
                  <i className={`dot h-${healthOf.get(s.id)?.health ?? 'unknown'}`} aria-hidden="true" />
                  {s.id}
                </button>
                <span className="muted"> consumes it</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function Kpi({ label, value, tone }: { label: string; value: string; tone?: 'warn' | 'crit' | undefined }) {
  return (
    <div className="kpi" role="listitem">
      <div className="kpi-label">{label}</div>
      <div className={`kpi-value${tone ? ` tone-${tone}` : ''}`}>{value}</div>
    </div>
  );
}
