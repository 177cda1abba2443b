// The pager: every alert episode of the run, firing first, with acknowledge.

import { useEffect } from 'react';
import { useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime, duration } from '../../app/format.ts';

export function Pager({ onClose }: { onClose: () => void }) {
  const { ctl, services } = useFiredrill();
  const { alerts, scenario, nowSec } = useAppShallow((s) => ({ alerts: s.alerts, scenario: s.scenario, nowSec: s.clock.nowSec }));
  useEffect(() => {
    // Opening the pager is looking at the alerts: one observation per opening.
    void services.sim.call('query/alerts', { observe: true }).catch(() => undefined);
  }, [services.sim]);
  if (!scenario) return null;
  const rules = new Map(scenario.alerts.map((a) => [a.id, a]));
  const sorted = [...alerts].sort((a, b) => Number(a.resolvedAtSec !== null) - Number(b.resolvedAtSec !== null) || b.firedAtSec - a.firedAtSec);
  return (
    <div className="popover pager" role="dialog" aria-label="Pager" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="panel-head">
        <h2>Pager</h2>
        <span className="muted">{alerts.filter((a) => a.resolvedAtSec === null).length} firing</span>
        <span className="grow" />
        <button className="ghost" onClick={onClose} aria-label="Close the pager">
          ✕
        </button>
      </div>
      {sorted.length === 0 ? (
        <div className="panel-body muted">Nothing has fired yet. Paging rules: {scenario.alerts.filter((a) => a.severity === 'page').map((a) => a.id).join(', ') || 'none'}.</div>
      ) : (
        <ul className="alert-list">
          {sorted.map((a) => {
            const rule = rules.get(a.id);
            const firingNow = a.resolvedAtSec === null;
            return (
              <li key={a.index} className={firingNow ? 'alert firing' : 'alert resolved'}>
                <div className="row">
                  <span className={`badge ${firingNow ? (a.severity === 'page' ? 'crit' : 'warn') : 'ok'}`}>{firingNow ? a.severity : 'resolved'}</span>
                  <strong className="grow">{a.id}</strong>
                  {firingNow &&
                    (a.acknowledgedAtSec === null ? (
                      <button className="primary" onClick={() => void ctl.acknowledge(a)} aria-label={`Acknowledge ${a.id}`}>
                        Acknowledge
                      </button>
                    ) : (
                      <span className="muted">acked {clockTime(scenario.startEpochSec, a.acknowledgedAtSec)}</span>
                    ))}
                </div>
                <div className="muted alert-sub">{rule?.summary ?? rule?.rule}</div>
                <div className="faint alert-sub">
                  fired {clockTime(scenario.startEpochSec, a.firedAtSec)}
                  {firingNow ? ` · firing for ${duration(nowSec - a.firedAtSec)}` : ` · resolved ${clockTime(scenario.startEpochSec, a.resolvedAtSec ?? 0)}`}
                  {rule && ` · ${rule.service}@${rule.env}`}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
