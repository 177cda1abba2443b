// Runbooks: the scenario's runbooks as a list and a reader. Reading one is an observation (the
// debrief can tell whether the trainee checked the runbook before acting).

import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import type { Health } from '../../worker/protocol.ts';
import { Markdown } from './RunbookMarkdown.tsx';
import './RunbooksPane.css';

export function RunbooksPane() {
  const { ctl, store } = useFiredrill();
  const scenario = useApp((s) => s.scenario);
  const ended = useApp((s) => s.clock.ended);
  const focus = useApp((s) => s.focus);
  const frame = useApp((s) => s.frame);
  const runbooks = useMemo(() => scenario?.runbooks ?? [], [scenario]);
  const [filter, setFilter] = useState('');
  const [openId, setOpenId] = useState<string | null>(() => (runbooks.find((r) => r.service && r.service === focus.service) ?? runbooks[0])?.id ?? null);

  const healthOf = useMemo(() => {
    const m = new Map<string, Health>();
    for (const h of frame?.overview.services ?? []) if (h.env === focus.env) m.set(h.service, h.health);
    return m;
  }, [frame, focus.env]);

  // Each runbook read counts once per visit to the pane.
  const recorded = useRef(new Set<string>());
  useEffect(() => {
    if (!openId || ended || recorded.current.has(openId)) return;
    recorded.current.add(openId);
    void ctl.act({ type: 'observe', target: 'runbook', params: { id: openId } });
  }, [ctl, openId, ended]);

  if (!scenario) return <div className="panel-body muted">No scenario is loaded.</div>;
  if (runbooks.length === 0) {
    return (
      <div className="panel rb-none">
        <div className="panel-head">
          <h2>Runbooks</h2>
        </div>
        <div className="panel-body muted">This scenario ships no runbooks: the teams never wrote any down.</div>
      </div>
    );
  }

  const q = filter.trim().toLowerCase();
  const shown = runbooks.filter((r) => !q || `${r.title}\n${r.service ?? ''}\n${r.body}`.toLowerCase().includes(q));
  const current = runbooks.find((r) => r.id === openId) ?? null;

  return (
    <div className="rb-pane">
      <nav className="rb-index panel" aria-label="Runbooks">
        <div className="panel-head">
          <h2>Runbooks</h2>
          <span className="grow" />
          <span className="muted">{runbooks.length}</span>
        </div>
        <div className="rb-filter">
          <input type="search" aria-label="Filter runbooks" placeholder="Filter by title, service or text" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <ul className="rb-list">
          {shown.map((r) => {
            const h = r.service ? healthOf.get(r.service) : undefined;
            return (
              <li key={r.id}>
                <button type="button" className="rb-item" aria-current={r.id === openId ? 'true' : undefined} onClick={() => setOpenId(r.id)}>
                  <span className="rb-title">{r.title}</span>
                  <span className="rb-meta">
                    {r.service ? (
                      <>
                        <i className={`dot h-${h ?? 'unknown'}`} aria-hidden="true" />
                        <span className="mono">{r.service}</span>
                        {h === 'critical' || h === 'warning' ? <span className={`rb-state tone-${h === 'critical' ? 'crit' : 'warn'}`}>{h} now</span> : null}
                      </>
                    ) : (
                      <span className="faint">general</span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
          {shown.length === 0 && <li className="muted rb-nomatch">No runbook mentions “{filter.trim()}”.</li>}
        </ul>
      </nav>
      <article className="rb-reader panel" aria-label={current ? `Runbook: ${current.title}` : 'Runbook'}>
        {current ? (
          <>
            <div className="panel-head rb-head">
              <div className="grow">
                <h2>{current.title}</h2>
                <div className="muted rb-sub">
                  <span className="mono">{current.id}</span>
                  {current.service && (
                    <>
                      {' · service '}
                      <span className="mono">{current.service}</span>
                    </>
                  )}
                </div>
              </div>
              {current.service && (
                <button type="button" onClick={() => store.setState({ focus: { service: current.service ?? null, env: focus.env }, dashboardService: current.service ?? null, pane: 'overview' })}>
                  Open {current.service} dashboard
                </button>
              )}
            </div>
            <div className="rb-body scroll">
              <Markdown text={current.body} />
            </div>
          </>
        ) : (
          <div className="panel-body muted">Pick a runbook on the left to read it.</div>
        )}
      </article>
    </div>
  );
}
