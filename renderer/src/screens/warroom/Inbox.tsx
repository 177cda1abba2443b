// The inbox: tickets and stakeholder messages as they arrive; opening one marks it read.

import { useEffect, useState } from 'react';
import { useAppShallow, useFiredrill } from '../../app/context.tsx';
import { clockTime } from '../../app/format.ts';

const KIND_LABEL = { ticket: 'Ticket', stakeholder: 'Stakeholder', statuspage: 'Status page', chat: 'Chat' } as const;

export function Inbox({ onClose }: { onClose: () => void }) {
  const { ctl, services } = useFiredrill();
  const { inbox, scenario } = useAppShallow((s) => ({ inbox: s.inbox, scenario: s.scenario }));
  const [openId, setOpenId] = useState<string | null>(() => inbox.find((i) => !i.read)?.id ?? null);
  useEffect(() => {
    void services.sim.call('query/injects', { observe: true }).catch(() => undefined);
  }, [services.sim]);
  useEffect(() => {
    if (openId) ctl.markRead(openId);
  }, [openId, ctl]);
  if (!scenario) return null;
  const items = [...inbox].reverse();
  return (
    <div className="popover inbox" role="dialog" aria-label="Inbox" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div className="panel-head">
        <h2>Inbox</h2>
        <span className="muted">{inbox.filter((i) => !i.read).length} unread</span>
        <span className="grow" />
        <button className="ghost" onClick={onClose} aria-label="Close the inbox">
          ✕
        </button>
      </div>
      {items.length === 0 ? (
        <div className="panel-body muted">No messages yet. Tickets from support and questions from stakeholders arrive here.</div>
      ) : (
        <ul className="inbox-list">
          {items.map((m) => (
            <li key={m.id} className={m.read ? 'msg' : 'msg unread'}>
              <button className="msg-head ghost" aria-expanded={openId === m.id} onClick={() => setOpenId(openId === m.id ? null : m.id)}>
                <span className="badge">{KIND_LABEL[m.kind]}</span>
                <span className="grow msg-subject">{m.subject}</span>
                <span className="faint">{clockTime(scenario.startEpochSec, m.atSec)}</span>
              </button>
              {openId === m.id && (
                <div className="msg-body">
                  <div className="muted">From {m.from}</div>
                  <p>{m.body}</p>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
