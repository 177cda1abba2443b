// The automatic incident timeline: system events and the trainee's actions, newest first.

import { useMemo, useState } from 'react';
import { useAppShallow } from '../../app/context.tsx';
import { offset } from '../../app/format.ts';
import { Icon } from './icons.tsx';
import { useClockFormat } from './hooks.ts';
import { Section } from './Section.tsx';
import { buildTimeline, type TimelineIcon } from './timeline.ts';

const TONE: Partial<Record<TimelineIcon, string>> = {
  alert: 'crit',
  crash: 'crit',
  rejected: 'crit',
  resolved: 'ok',
  close: 'ok',
  change: 'info',
  deploy: 'info',
  scale: 'info',
  flag: 'info',
  message: 'warn',
  hint: 'warn',
  declare: 'crit',
  hypothesis: 'purple',
  update: 'accent',
  mitigation: 'accent',
  ack: 'accent',
};

const LIMIT = 300;

export function Timeline() {
  const { events, actions, alerts } = useAppShallow((s) => ({ events: s.events, actions: s.actions, alerts: s.alerts }));
  const [observations, setObservations] = useState(false);
  const [all, setAll] = useState(false);
  const fmt = useClockFormat();
  const items = useMemo(() => buildTimeline(events, actions, alerts, observations), [events, actions, alerts, observations]);
  const shown = all ? items : items.slice(0, LIMIT);
  return (
    <Section
      title="Timeline"
      count={String(items.length)}
      extra={
        <label className="inc-check inc-small">
          <input type="checkbox" checked={observations} onChange={(e) => setObservations(e.target.checked)} />
          Show observations
        </label>
      }
    >
      {items.length === 0 ? (
        <p className="faint inc-small inc-nomargin">Nothing has happened yet.</p>
      ) : (
        <ol className="inc-timeline" aria-label="Incident timeline">
          {shown.map((it) => (
            <li key={it.key} className={`inc-tl-item ${it.who}`}>
              <span className="inc-tl-time mono">
                <span>{fmt(it.atSec)}</span>
                <span className="faint">{offset(it.atSec)}</span>
              </span>
              <span className={`inc-tl-icon tone-${TONE[it.icon] ?? 'muted'}`} title={it.who === 'you' ? 'You' : 'System'}>
                <Icon name={it.icon} />
              </span>
              <span className="inc-tl-body">
                <span className="inc-tl-title">
                  {it.who === 'you' && <span className="inc-you">You</span>}
                  {it.title}
                </span>
                {it.detail && <span className="inc-tl-detail">{it.detail}</span>}
              </span>
            </li>
          ))}
        </ol>
      )}
      {!all && items.length > LIMIT && (
        <button type="button" className="ghost" onClick={() => setAll(true)}>
          Show all {items.length}
        </button>
      )}
    </Section>
  );
}
