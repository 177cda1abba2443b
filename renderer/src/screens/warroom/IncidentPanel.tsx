// The war room's right column: the incident as incident.io / PagerDuty show it. Status and
// severity, hypotheses, mitigation actions, status updates, notes, hints and the timeline. Every
// section is rebuilt from the recorded actions, so a resumed session shows exactly what was done.

import { useApp } from '../../app/context.tsx';
import { Hints } from '../../widgets/incident/Hints.tsx';
import { Hypotheses } from '../../widgets/incident/Hypotheses.tsx';
import { IncidentHeader } from '../../widgets/incident/IncidentHeader.tsx';
import { Mitigations } from '../../widgets/incident/Mitigations.tsx';
import { Timeline } from '../../widgets/incident/Timeline.tsx';
import { Notes, StatusUpdates } from '../../widgets/incident/Updates.tsx';
import '../../widgets/incident/incident.css';

export function IncidentPanel() {
  const hasScenario = useApp((s) => s.scenario !== null);
  if (!hasScenario) return null;
  return (
    <div className="inc-panel">
      <IncidentHeader />
      <Hypotheses />
      <Mitigations />
      <StatusUpdates />
      <Notes />
      <Hints />
      <Timeline />
    </div>
  );
}
