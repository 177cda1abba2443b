// The war room's top bar: where we are in time and how fast it moves, what is paging, what
// arrived in the inbox, and whether the run is safely saved.

import { useEffect, useRef, useState } from 'react';
import { useApp, useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime, duration, offset } from '../../app/format.ts';
import { SPEED_CHOICES } from '../../state/store.ts';
import { Inbox } from './Inbox.tsx';
import { Pager } from './Pager.tsx';

function SavedLabel() {
  const { services } = useFiredrill();
  const lastSavedAt = useApp((s) => s.lastSavedAt);
  const saved = useApp((s) => s.saved);
  const seed = useApp((s) => s.seed);
  const [, force] = useState(0);
  useEffect(() => {
    const t = setInterval(() => force((n) => n + 1), 5000);
    return () => clearInterval(t);
  }, []);
  if (lastSavedAt === null || saved === null) return <span className="faint">not saved yet</span>;
  const ago = Math.max(0, Math.round((services.now() - lastSavedAt) / 1000));
  return (
    <span className="faint saved-label" title={`Saved on this machine every 10 seconds and after every action. State hash at ${saved.atSec} s: ${saved.hash}`}>
      <span>saved {ago < 5 ? 'just now' : `${ago}s ago`}</span>
      <span>
        seed {seed} · <span aria-label="State hash">{saved.hash.slice(0, 8)}</span>
      </span>
    </span>
  );
}

export function TopBar({ openPopover, setOpenPopover }: { openPopover: 'pager' | 'inbox' | null; setOpenPopover: (p: 'pager' | 'inbox' | null) => void }) {
  const { ctl } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const clock = useAppShallow((s) => s.clock);
  const firing = useApp((s) => s.alerts.filter((a) => a.resolvedAtSec === null).length);
  const unacked = useApp((s) => s.alerts.filter((a) => a.resolvedAtSec === null && a.acknowledgedAtSec === null && a.severity === 'page').length);
  const unread = useApp((s) => s.inbox.filter((i) => !i.read).length);
  const lastSpeed = useRef<(typeof SPEED_CHOICES)[number]>(1);
  const [skipping, setSkipping] = useState(false);
  const playTesting = useApp((s) => s.author?.playTesting === true);
  if (!scenario) return null;
  if (clock.speed !== 0) lastSpeed.current = clock.speed;

  const skip = async () => {
    setSkipping(true);
    try {
      const what = await ctl.skipToNextEvent();
      ctl.toast(`Skipped: ${what}`);
    } finally {
      setSkipping(false);
    }
  };

  return (
    <header className="topbar" aria-label="Clock and pager">
      <button className="ghost" onClick={() => ctl.leave()} aria-label={playTesting ? 'Back to the editor (the play-test is saved)' : 'Leave to the library (the run is saved)'}>
        {playTesting ? '← Editor' : '← Library'}
      </button>
      <div className="topbar-title" title={scenario.title}>
        {scenario.title}
      </div>
      <div className="clock" role="timer" aria-label="Simulated time" aria-live="off">
        <span className="clock-time">{clockTime(scenario.startEpochSec, clock.nowSec)}</span>
        <span className="clock-sub">
          UTC · {offset(clock.nowSec)} / {duration(clock.durationSec)}
        </span>
        <progress max={clock.durationSec} value={clock.nowSec} aria-label="Exercise progress" />
      </div>
      <div className="speeds" role="group" aria-label="Speed">
        <button
          onClick={() => void ctl.setSpeed(clock.speed === 0 ? lastSpeed.current : 0)}
          disabled={clock.ended}
          aria-label={clock.speed === 0 ? 'Resume' : 'Pause'}
          title="Space"
        >
          {clock.speed === 0 ? '▶' : '❚❚'}
        </button>
        {SPEED_CHOICES.map((s) => (
          <button key={s} aria-pressed={clock.speed === s} onClick={() => void ctl.setSpeed(s)} disabled={clock.ended} aria-label={`Speed ${s}×`}>
            {s}×
          </button>
        ))}
        <button onClick={() => void skip()} disabled={clock.ended || skipping} title="N" aria-label="Skip to next event">
          Next event ›
        </button>
      </div>
      {clock.ended && <span className="badge warn">exercise over: resolve to see your debrief</span>}
      <span className="grow" />
      <div className="popover-anchor">
        <button
          className={unacked > 0 ? 'pager-button paging' : 'pager-button'}
          aria-expanded={openPopover === 'pager'}
          onClick={() => setOpenPopover(openPopover === 'pager' ? null : 'pager')}
          aria-label={`Pager: ${firing} firing, ${unacked} unacknowledged`}
          title="P"
        >
          Pager <span className={`badge ${firing ? 'crit' : 'ok'}`}>{firing}</span>
        </button>
        {openPopover === 'pager' && <Pager onClose={() => setOpenPopover(null)} />}
      </div>
      <div className="popover-anchor">
        <button aria-expanded={openPopover === 'inbox'} onClick={() => setOpenPopover(openPopover === 'inbox' ? null : 'inbox')} aria-label={`Inbox: ${unread} unread`} title="I">
          Inbox <span className={`badge ${unread ? 'info' : ''}`}>{unread}</span>
        </button>
        {openPopover === 'inbox' && <Inbox onClose={() => setOpenPopover(null)} />}
      </div>
      <SavedLabel />
    </header>
  );
}
