// The live preview of the scenario being written: what a run with no actions looks like. One
// timeline (changes, faults, alert firing bands, injects), the SLI and burn-rate charts of every
// SLO, the service map with its health at the moment under the pointer, and the log lines each
// fault makes. The charts are the war room's own (TimeSeriesChart), fed from a private store so
// their crosshair, zoom and markers work here as they do there.

import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { FiredrillProvider, useFiredrill } from '../../app/context.tsx';
import { clockTime, duration, offset } from '../../app/format.ts';
import { createAppStore, initialState, type AppStore } from '../../state/store.ts';
import type { AuthorPreview, HealthSample, PreviewFault } from '../../worker/protocol.ts';
import { TimeSeriesChart } from '../chart/TimeSeriesChart.tsx';
import { TopologyMap } from '../topology/TopologyMap.tsx';
import { PreviewTimeline } from './PreviewTimeline.tsx';

export interface PreviewPaneProps {
  preview: AuthorPreview | null;
  /** The text now on screen has errors: what is shown is the last version that loaded. */
  stale: boolean;
  /** Errors in the text now (for the stale banner). */
  errorCount: number;
  /** A preview is being computed. */
  busy: boolean;
  /** Shows where an id is defined in the editor. */
  onReveal?(kind: 'change' | 'fault' | 'alert' | 'inject' | 'slo', id: string): void;
}

const SLO_COLORS = ['var(--s1)', 'var(--s2)', 'var(--s3)', 'var(--s5)', 'var(--s7)', 'var(--s6)'];
const SEVERITY_TONE: Record<string, 'crit' | 'warn' | 'info'> = { page: 'crit', ticket: 'warn', info: 'info' };

function usePreviewStore(preview: AuthorPreview | null): AppStore {
  const [store] = useState(() => createAppStore());
  useEffect(() => {
    if (!preview) return;
    store.setState({
      ...initialState(),
      screen: 'author',
      scenario: preview.info,
      clock: { nowSec: preview.previewSec, speed: 0, durationSec: preview.previewSec, ended: true },
      range: store.getState().scenario?.id === preview.info.id ? store.getState().range : { fromSec: 0, toSec: null },
      events: preview.events,
      alerts: preview.alerts.map((a, index) => ({ ...a, index, acknowledgedAtSec: null })),
      focus: { service: null, env: preview.info.environments.some((e) => e.id === 'prod') ? 'prod' : (preview.info.environments[0]?.id ?? 'prod') },
    });
  }, [preview, store]);
  return store;
}

/** The moment the map shows by default: the sample with the most critical services (earliest). */
function worstSample(samples: readonly HealthSample[], env: string): HealthSample | null {
  let best: HealthSample | null = null;
  let bestScore = -1;
  for (const s of samples) {
    const score = s.services.reduce((n, h) => n + (h.env !== env ? 0 : h.health === 'critical' ? 100 : h.health === 'warning' ? 1 : 0), 0);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

function sampleAt(samples: readonly HealthSample[], sec: number): HealthSample | null {
  let found: HealthSample | null = null;
  for (const s of samples) {
    if (s.atSec <= sec + 30) found = s;
    else break;
  }
  return found ?? samples[0] ?? null;
}

export function PreviewPane({ preview, stale, errorCount, busy, onReveal }: PreviewPaneProps) {
  const parent = useFiredrill();
  const store = usePreviewStore(preview);
  const value = useMemo(() => ({ ...parent, store }), [parent, store]);

  if (!preview) {
    return (
      <div className="author-empty muted" role="status">
        {busy ? 'Running the scenario…' : errorCount > 0 ? `No preview yet: the text has ${errorCount} error${errorCount === 1 ? '' : 's'}. Fix the marked lines and the preview appears.` : 'The preview appears once the scenario loads.'}
      </div>
    );
  }
  return (
    <FiredrillProvider value={value}>
      <PreviewBody preview={preview} stale={stale} errorCount={errorCount} busy={busy} onReveal={onReveal} store={store} />
    </FiredrillProvider>
  );
}

function PreviewBody({ preview, stale, errorCount, busy, onReveal, store }: PreviewPaneProps & { preview: AuthorPreview; store: AppStore }) {
  const env = useStore(store, (s) => s.focus.env);
  const crosshair = useStore(store, (s) => s.crosshairSec);
  const start = preview.info.startEpochSec;
  const sample = useMemo(() => (crosshair === null ? worstSample(preview.health, env) : sampleAt(preview.health, crosshair)), [crosshair, preview.health, env]);
  const pages = preview.alerts.filter((a) => a.severity === 'page');
  const firstAlert = preview.alerts.reduce<number | null>((m, a) => (m === null || a.firedAtSec < m ? a.firedAtSec : m), null);

  return (
    <div className="preview" aria-label="Preview">
      <div className={`preview-status ${stale ? 'stale' : ''}`} role="status">
        {stale ? (
          <span className="tone-warn">
            Preview of the last valid version: the text now has {errorCount} error{errorCount === 1 ? '' : 's'}.
          </span>
        ) : (
          <span>
            <strong>{preview.info.title}</strong>
          </span>
        )}
        <span className="grow" />
        {busy && <span className="muted">Updating…</span>}
        <span className="muted">
          {duration(preview.previewSec)}
          {preview.previewSec < preview.durationSec ? ` of ${duration(preview.durationSec)}` : ''} simulated in {preview.elapsedMs} ms · seed {preview.info.seed} · no actions
        </span>
      </div>

      <dl className="preview-facts">
        <div>
          <dt>First alert</dt>
          <dd className={firstAlert === null ? 'tone-warn' : ''}>{firstAlert === null ? 'none fires' : `${offset(firstAlert)} (${clockTime(start, firstAlert)})`}</dd>
        </div>
        <div>
          <dt>Pages</dt>
          <dd>{pages.length}</dd>
        </div>
        <div>
          <dt>Faults</dt>
          <dd>{preview.faults.length === 0 ? 'none' : preview.faults.map((f) => f.id).join(', ')}</dd>
        </div>
        <div>
          <dt>Changes</dt>
          <dd>{preview.changes.length}</dd>
        </div>
        <div>
          <dt>Injects</dt>
          <dd>{preview.injects.length}</dd>
        </div>
      </dl>

      <PreviewTimeline preview={preview} onReveal={onReveal} />

      <section className="preview-section" aria-label="SLOs">
        <h3 className="preview-h">SLOs · 5-minute SLI and burn rate</h3>
        {preview.slos.length === 0 && <p className="muted">No SLOs: add `slos:` so the trainee (and the burn-rate alerts) can tell when users are hurt.</p>}
        <div className="preview-charts">
          {preview.slos.map((slo, k) => {
            const color = SLO_COLORS[k % SLO_COLORS.length] as string;
            return (
              <div className="preview-slo" key={slo.id}>
                <TimeSeriesChart
                  title={`${slo.id} · SLI`}
                  subject={`${slo.service} · ${slo.env}`}
                  series={[{ label: `${slo.indicator} SLI (5 m)`, color, values: slo.sli }]}
                  times={preview.times}
                  unit="ratio"
                  format={(v) => `${(v * 100).toFixed(2)}%`}
                  yZero={false}
                  yMax={1}
                  thresholds={[{ value: slo.objective, label: 'objective', tone: 'warn' }]}
                  markers={{ env: slo.env, services: [slo.service] }}
                  height={118}
                  legend={false}
                />
                <TimeSeriesChart
                  title={`${slo.id} · burn rate`}
                  subject={slo.burnAlerts.length ? '5 m and 1 h' : 'no burn-rate alert on it'}
                  series={[
                    { label: 'burn 5 m', color, values: slo.burn5m },
                    { label: 'burn 1 h', color: 'var(--text-muted)', values: slo.burn1h, dashed: true },
                  ]}
                  times={preview.times}
                  unit="x"
                  format={(v) => `${v >= 10 ? Math.round(v) : Number(v.toPrecision(2))}x`}
                  thresholds={slo.burnAlerts.map((a) => ({ value: a.burnRate, label: a.id, tone: SEVERITY_TONE[a.severity] ?? 'info' }))}
                  markers={{ env: slo.env, services: [slo.service] }}
                  height={118}
                  legend={false}
                />
              </div>
            );
          })}
        </div>
      </section>

      <section className="preview-section" aria-label="Service map">
        <div className="row">
          <h3 className="preview-h">Service map</h3>
          <span className="grow" />
          <span className="muted preview-small">
            {sample ? `Health at ${clockTime(start, sample.atSec)} (${offset(sample.atSec)})${crosshair === null ? ', the worst moment' : ''}: point at a chart to move it.` : ''}
          </span>
        </div>
        <div className="preview-map">
          <TopologyMap
            services={preview.info.services}
            health={sample?.services.filter((h) => h.env === env) ?? null}
            edges={sample?.edges.filter((e) => e.env === env) ?? null}
            label="Preview service map"
            autoFit="all"
          />
        </div>
      </section>

      <section className="preview-section" aria-label="Fault logs">
        <h3 className="preview-h">What each fault writes to the logs</h3>
        {preview.faults.length === 0 && <p className="muted">No faults: nothing breaks in this scenario.</p>}
        {preview.faults.map((f) => (
          <FaultLogs key={f.id} fault={f} start={start} onReveal={onReveal} />
        ))}
      </section>
    </div>
  );
}

function FaultLogs({ fault, start, onReveal }: { fault: PreviewFault; start: number; onReveal?: PreviewPaneProps['onReveal'] }) {
  const span = fault.active ? `${offset(fault.startSec)} → ${fault.endSec === null ? 'still active at the end' : offset(fault.endSec)}` : 'never starts in the previewed time';
  return (
    <article className="fault-logs" aria-label={`Logs of fault ${fault.id}`}>
      <div className="row fault-logs-head">
        <button className="linkish mono" onClick={() => onReveal?.('fault', fault.id)} aria-label={`Show fault ${fault.id} in the editor`}>
          {fault.id}
        </button>
        <span className="badge crit">{fault.type}</span>
        <span className="muted">on {fault.target}</span>
        <span className="grow" />
        <span className="muted preview-small">{span}</span>
      </div>
      {fault.active && fault.logs.length === 0 && (
        <p className="tone-warn preview-small">
          No WARN or ERROR lines on {fault.logsService} in its first 5 minutes: a trainee will not find this fault in {fault.logsService}'s logs.
        </p>
      )}
      {fault.logs.length > 0 && (
        <ol className="fault-log-lines mono">
          {fault.logs.map((l, i) => (
            <li key={i}>
              <span className="faint">{clockTime(start, Math.floor(l.timeMs / 1000))}</span> <span className={`sev sev-${l.severity}`}>{l.severity}</span> <span className="muted">{l.pod}</span> {l.body}
              {l.stackHead && <div className="fault-log-stack faint">{l.stackHead}</div>}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
