// The war room: top bar (clock, pager, inbox), pane tabs, the pane, and the incident panel.

import { PANES, type Pane } from '../../state/store.ts';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { ChangesPane } from './ChangesPane.tsx';
import { IncidentPanel } from './IncidentPanel.tsx';
import { LogsPane } from './LogsPane.tsx';
import { MetricsPane } from './MetricsPane.tsx';
import { OverviewPane } from './OverviewPane.tsx';
import { RunbooksPane } from './RunbooksPane.tsx';
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

export function WarRoom() {
  const { store } = useFiredrill();
  const pane = useApp((s) => s.pane);
  return (
    <div className="warroom">
      <nav className="pane-tabs" role="tablist" aria-label="War room panes">
        {PANES.map((p) => (
          <button key={p} role="tab" aria-selected={pane === p} onClick={() => store.setState({ pane: p })}>
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
