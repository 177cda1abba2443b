// The screen switch and what every screen shares: toasts and the simulation error banner.

import { Author } from '../screens/Author.tsx';
import { Briefing } from '../screens/Briefing.tsx';
import { Debrief } from '../screens/Debrief.tsx';
import { Library } from '../screens/Library.tsx';
import { Progress } from '../screens/Progress.tsx';
import { WarRoom } from '../screens/warroom/WarRoom.tsx';
import { useEffect } from 'react';
import { useApp, useFiredrill } from './context.tsx';

export function App() {
  const { ctl, services, store } = useFiredrill();
  // The desktop app's File › Open Scenario… runs the library's flow.
  useEffect(
    () =>
      services.platform.onMenuCommand?.((command) => {
        if (command === 'open-scenario') void ctl.openScenarioFile();
      }),
    [services.platform, ctl],
  );
  const screen = useApp((s) => s.screen);
  const allToasts = useApp((s) => s.toasts);
  const toasts = allToasts.filter((t) => t.screen === screen);
  const dismiss = (id: number) => store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  return (
    <>
      {screen === 'library' && <Library />}
      {screen === 'briefing' && <Briefing />}
      {screen === 'warroom' && <WarRoom />}
      {screen === 'debrief' && <Debrief />}
      {screen === 'progress' && <Progress />}
      {screen === 'author' && <Author />}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.tone}`} role={t.tone === 'error' ? 'alert' : undefined}>
            <span className="grow">{t.text}</span>
            <button className="ghost toast-close" onClick={() => dismiss(t.id)} aria-label={`Dismiss: ${t.text}`}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </>
  );
}
