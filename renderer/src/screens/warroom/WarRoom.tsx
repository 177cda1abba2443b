// The war room: top bar (clock, pager, inbox), pane tabs, the pane, and the incident panel.
// Keyboard: Space pauses/resumes, N skips to the next event, P pager, I inbox, 1–7 panes
// (not while typing in a field).

import { useEffect, useRef, useState } from 'react';
import { PANES, type Pane } from '../../state/store.ts';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { ChangesPane } from './ChangesPane.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';
import { LogsPane } from './LogsPane.tsx';
import { MetricsPane } from './MetricsPane.tsx';
import { OverviewPane } from './OverviewPane.tsx';
import { RunbooksPane } from './RunbooksPane.tsx';
import { TopBar } from './TopBar.tsx';
import { TopologyPane } from './TopologyPane.tsx';
import { TracesPane } from './TracesPane.tsx';
import './warroom.css';

export const PANE_LABELS: Record<Pane, string> = {
  overview: 'Overview',
  metrics: 'Metrics',
  logs: 'Logs',
  traces: 'Traces',
  changes: 'Changes',
  topology: 'Topology',
  runbooks: 'Runbooks',
};

const typing = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function WarRoom() {
  const { store, ctl } = useFiredrill();
  const pane = useApp((s) => s.pane);
  const alertCount = useApp((s) => s.alerts.length);
  const injectCount = useApp((s) => s.inbox.length);
  const [popover, setPopover] = useState<'pager' | 'inbox' | null>(null);
  const seenAlerts = useRef(alertCount);
  const seenInjects = useRef(injectCount);

  // Ring: a new page or message announces itself once (toast + screen-reader status).
  useEffect(() => {
    const s = store.getState();
    for (const a of s.alerts.slice(seenAlerts.current)) {
      if (a.resolvedAtSec === null) ctl.toast(`${a.severity === 'page' ? 'PAGE' : 'Alert'}: ${a.id} is firing`, a.severity === 'page' ? 'error' : 'info');
    }
    seenAlerts.current = alertCount;
  }, [alertCount, store, ctl]);
  useEffect(() => {
    const s = store.getState();
    for (const m of s.inbox.slice(seenInjects.current)) ctl.toast(`New ${m.kind}: ${m.subject}`);
    seenInjects.current = injectCount;
  }, [injectCount, store, ctl]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const s = store.getState();
      if (e.key === ' ') {
        // Space on a focused button or link presses it; elsewhere it pauses and resumes.
        if (e.target instanceof HTMLElement && e.target.closest('button, a, [role="button"], [role="tab"], summary')) return;
        e.preventDefault();
        if (!s.clock.ended) void ctl.setSpeed(s.clock.speed === 0 ? 1 : 0);
      } else if (e.key === 'n' || e.key === 'N') {
        if (!s.clock.ended) void ctl.skipToNextEvent().then((what) => ctl.toast(`Skipped: ${what}`));
      } else if (e.key === 'p' || e.key === 'P') {
        setPopover((p) => (p === 'pager' ? null : 'pager'));
      } else if (e.key === 'i' || e.key === 'I') {
        setPopover((p) => (p === 'inbox' ? null : 'inbox'));
      } else if (e.key === 'Escape') {
        setPopover(null);
      } else if (/^[1-9]$/.test(e.key)) {
        const p = PANES[Number(e.key) - 1];
        if (p) store.setState({ pane: p });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, ctl]);

  return (
    <div className="warroom">
      <TopBar openPopover={popover} setOpenPopover={setPopover} />
      <nav className="pane-tabs" role="tablist" aria-label="War room panes">
        {PANES.map((p, i) => (
          <button key={p} role="tab" aria-selected={pane === p} onClick={() => store.setState({ pane: p })} title={`${i + 1}`}>
            {PANE_LABELS[p]}
          </button>
        ))}
      </nav>
      <main className="pane" role="tabpanel" aria-label={PANE_LABELS[pane]}>
        {pane === 'overview' && <OverviewPane />}
        {pane === 'metrics' && <MetricsPane />}
        {pane === 'logs' && <LogsPane />}
        {pane === 'traces' && <TracesPane />}
        {pane === 'changes' && <ChangesPane />}
        {pane === 'topology' && <TopologyPane />}
        {pane === 'runbooks' && <RunbooksPane />}
      </main>
      <aside className="incident" aria-label="Incident">
        <IncidentPanel />
      </aside>
    </div>
  );
}
