// The top of the incident panel: declare an incident (severity with definitions), then its
// severity, status and age, changing the severity, and the close-out (mitigated, resolve).

import { useState } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { duration } from '../../app/format.ts';
import { useClockFormat, useIncident } from './hooks.ts';
import { SEVERITIES, type Severity } from './model.ts';
import { ResolveDialog } from './ResolveDialog.tsx';

const STATUS_LABEL = { undeclared: 'No incident declared', investigating: 'Investigating', mitigated: 'Mitigated', resolved: 'Resolved' } as const;
const STATUS_TONE = { undeclared: 'muted', investigating: 'crit', mitigated: 'warn', resolved: 'ok' } as const;

function SeverityPicker({ value, onChange }: { value: Severity | null; onChange(s: Severity): void }) {
  return (
    <fieldset className="inc-sev-picker">
      <legend className="sr-only">Severity</legend>
      {SEVERITIES.map((s) => (
        <label key={s.id} className={`inc-sev-option${value === s.id ? ' selected' : ''}`}>
          <input type="radio" name="inc-severity" value={s.id} checked={value === s.id} onChange={() => onChange(s.id)} />
          <span className={`inc-sev-tag sev-${s.tone}`}>{s.id}</span>
          <span className="inc-sev-text">
            <strong>{s.name}</strong> <span className="muted">{s.definition}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function IncidentHeader() {
  const { ctl, store } = useFiredrill();
  const incident = useIncident();
  const nowSec = useApp((s) => s.clock.nowSec);
  const title = useApp((s) => s.scenario?.title ?? '');
  const fmt = useClockFormat();
  const [picked, setPicked] = useState<Severity | null>(null);
  const [changeTo, setChangeTo] = useState<Severity | ''>('');
  const [busy, setBusy] = useState(false);
  const [resolving, setResolving] = useState(false);

  const declare = async (severity: Severity) => {
    setBusy(true);
    const r = await ctl.act({ type: 'declareIncident', params: { severity } });
    setBusy(false);
    if (r?.result === 'applied') {
      setPicked(null);
      setChangeTo('');
    }
  };
  const markMitigated = async () => {
    setBusy(true);
    await ctl.act({ type: 'mitigated' });
    setBusy(false);
  };

  const sev = SEVERITIES.find((s) => s.id === incident.severity);
  const status = incident.status;

  return (
    <header className="inc-header" aria-label="Incident status">
      <div className="inc-header-top">
        <span className={`inc-status inc-status-${STATUS_TONE[status]}`} role="status" aria-label={`Status: ${STATUS_LABEL[status]}`}>
          <span className="inc-status-dot" aria-hidden="true" />
          {STATUS_LABEL[status]}
        </span>
        {sev && (
          <span className={`inc-sev-tag sev-${sev.tone}`} title={sev.definition}>
            {sev.id} · {sev.name}
          </span>
        )}
        <span className="grow" />
        {incident.declaredAtSec !== null && (
          <span className="inc-elapsed" title={`Declared at ${fmt(incident.declaredAtSec)} UTC`}>
            <span className="faint">open</span> <span className="mono">{duration((incident.resolved?.atSec ?? nowSec) - incident.declaredAtSec)}</span>
          </span>
        )}
      </div>
      <div className="inc-title" title={title}>
        {title}
      </div>

      {status === 'undeclared' ? (
        <div className="inc-declare">
          <SeverityPicker value={picked} onChange={setPicked} />
          <div className="row">
            <button type="button" className="primary" disabled={!picked || busy} onClick={() => picked && void declare(picked)}>
              Declare incident
            </button>
            <span className="faint inc-small">{picked ? `as ${picked}` : 'Pick a severity first'}</span>
          </div>
        </div>
      ) : (
        <>
          <div className="inc-meta">
            {incident.declaredAtSec !== null && (
              <span>
                Declared <span className="mono">{fmt(incident.declaredAtSec)}</span>
              </span>
            )}
            {incident.mitigatedAtSec !== null && (
              <span>
                Mitigated <span className="mono">{fmt(incident.mitigatedAtSec)}</span>
              </span>
            )}
            {incident.resolved && (
              <span>
                Resolved <span className="mono">{fmt(incident.resolved.atSec)}</span>
              </span>
            )}
          </div>
          {status !== 'resolved' && (
            <div className="row inc-sev-change">
              <label htmlFor="inc-sev-change">Severity</label>
              <select id="inc-sev-change" value={changeTo || incident.severity || ''} onChange={(e) => setChangeTo(e.target.value as Severity)}>
                {SEVERITIES.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id} — {s.name}
                  </option>
                ))}
              </select>
              {changeTo && changeTo !== incident.severity && (
                <button type="button" className="primary" disabled={busy} onClick={() => void declare(changeTo)}>
                  Change severity
                </button>
              )}
            </div>
          )}
          {changeTo && changeTo !== incident.severity && <p className="faint inc-small inc-nomargin">{SEVERITIES.find((x) => x.id === changeTo)?.definition}</p>}
        </>
      )}

      {incident.resolved ? (
        <div className="inc-closeout">
          <span className="muted inc-small">
            Root cause: <span className="mono">{incident.resolved.component ?? '?'}</span> · {incident.resolved.category ?? '?'}
          </span>
          <span className="grow" />
          <button type="button" className="primary" onClick={() => store.setState({ screen: 'debrief' })}>
            Open debrief
          </button>
        </div>
      ) : (
        <div className="inc-closeout">
          {status === 'undeclared' ? (
            <span className="faint inc-small grow">Nothing wrong after all? Resolve with the category “No incident”.</span>
          ) : (
            <button type="button" disabled={busy || incident.mitigatedAtSec !== null} onClick={() => void markMitigated()} title="The impact has stopped; the cause may not be fixed yet">
              {incident.mitigatedAtSec !== null ? 'Mitigated' : 'Declare mitigated'}
            </button>
          )}
          <button type="button" className={status === 'undeclared' ? '' : 'primary'} disabled={busy} onClick={() => setResolving(true)}>
            Resolve…
          </button>
        </div>
      )}
      {resolving && <ResolveDialog onClose={() => setResolving(false)} />}
    </header>
  );
}
