// The screen switch and what every screen shares: toasts and the simulation error banner.

import { Briefing } from '../screens/Briefing.tsx';
import { Debrief } from '../screens/Debrief.tsx';
import { Library } from '../screens/Library.tsx';
import { Progress } from '../screens/Progress.tsx';
import { WarRoom } from '../screens/warroom/WarRoom.tsx';
import { useEffect } from 'react';
import { useApp, useFiredrill } from './context.tsx';

export function App() {
  const { ctl, services } = useFiredrill();
  // The desktop app's File › Open Scenario… runs the library's flow.
  useEffect(
    () =>
      services.platform.onMenuCommand?.((command) => {
        if (command === 'open-scenario') void ctl.openScenarioFile();
      }),
    [services.platform, ctl],
  );
  const screen = useApp((s) => s.screen);
  const toasts = useApp((s) => s.toasts);
  return (
    <>
      {screen === 'library' && <Library />}
      {screen === 'briefing' && <Briefing />}
      {screen === 'warroom' && <WarRoom />}
      {screen === 'debrief' && <Debrief />}
      {screen === 'progress' && <Progress />}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'error' ? 'alert' : undefined}>
            {t.text}
          </div>
        ))}
      </div>
    </>
  );
}
