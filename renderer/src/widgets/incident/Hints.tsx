// Hints on request: each one is recorded (and costs points), so asking takes a second click.

import { useMemo, useState } from 'react';
import { useApp, useFiredrill } from '../../app/context.tsx';
import { useClockFormat } from './hooks.ts';
import { Section } from './Section.tsx';

/** README "Scoring": hints cost 3 points each, at most 15. */
const HINT_COST = 3;

export function Hints() {
  const { ctl } = useFiredrill();
  const total = useApp((s) => s.scenario?.hintsCount ?? 0);
  const actions = useApp((s) => s.actions);
  const texts = useApp((s) => s.hints);
  const fmt = useClockFormat();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  const given = useMemo(() => {
    const list = actions
      .filter((a) => a.type === 'requestHint' && a.result === 'applied')
      .map((a, i) => {
        const index = typeof a.params.index === 'number' ? a.params.index : i;
        const kept = texts.find((h) => h.index === index);
        return { index, atSec: a.atSec, level: typeof a.params.level === 'number' ? a.params.level : (kept?.level ?? null), text: kept?.text ?? null };
      });
    // A hint given a moment ago reaches the store before its action is pushed: show it at once.
    for (const h of texts) if (!list.some((g) => g.index === h.index)) list.push({ index: h.index, atSec: h.atSec, level: h.level, text: h.text });
    return list;
  }, [actions, texts]);
  const left = Math.max(0, total - given.length);

  const ask = async () => {
    setBusy(true);
    await ctl.requestHint();
    setBusy(false);
    setAsking(false);
  };

  return (
    <Section title="Hints" count={total ? `${given.length}/${total}` : undefined} defaultOpen={given.length > 0}>
      {given.length > 0 && (
        <ol className="inc-hints" aria-label="Hints given">
          {given.map((h) => (
            <li key={h.index} className="inc-hint">
              <div className="inc-update-head">
                <span className="badge warn">Hint {h.index + 1}</span>
                {h.level !== null && <span className="faint inc-small">level {h.level}</span>}
                <span className="grow" />
                <span className="mono faint inc-small">{fmt(h.atSec)}</span>
              </div>
              <p className="inc-update-text">{h.text ?? 'Its text was not kept with this saved session.'}</p>
            </li>
          ))}
        </ol>
      )}
      {total === 0 ? (
        <p className="faint inc-small inc-nomargin">This scenario has no hints.</p>
      ) : left === 0 ? (
        <p className="faint inc-small inc-nomargin">Every hint has been given.</p>
      ) : asking ? (
        <div className="inc-confirm" role="group" aria-label="Confirm hint">
          <p>
            Take hint {given.length + 1} of {total}? It costs {HINT_COST} points of your score.
          </p>
          <div className="row inc-actions-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void ask()} autoFocus>
              Show hint
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="row">
          <button type="button" onClick={() => setAsking(true)}>
            Get a hint
          </button>
          <span className="faint inc-small">
            {left} left · each costs {HINT_COST} points
          </span>
        </div>
      )}
    </Section>
  );
}
