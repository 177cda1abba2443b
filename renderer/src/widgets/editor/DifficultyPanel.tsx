// The measured difficulty of the scenario beside the one it declares, with what the estimate is
// made of (hops from symptom to cause, decoys, signal to noise, time to detect without help).
// Measured in the worker with the checks (each "Check" run measures it again).

import { useEffect, useRef, useState } from 'react';
import { useFiredrill } from '../../app/context.tsx';
import type { DifficultyView } from '../../worker/protocol.ts';

const TONE = { beginner: 'ok', intermediate: 'warn', advanced: 'crit' } as const;

export function DifficultyPanel({ getText, file, runToken }: { getText(): string; file: string; runToken: number }) {
  const { services } = useFiredrill();
  const [state, setState] = useState<{ busy: boolean; view: DifficultyView | null; error: string | null }>({ busy: false, view: null, error: null });
  const seq = useRef(0);
  const getTextRef = useRef(getText);
  getTextRef.current = getText;

  useEffect(() => {
    if (runToken <= 0) return;
    const mine = ++seq.current;
    setState((s) => ({ ...s, busy: true, error: null }));
    services.sim.call('author/difficulty', { text: getTextRef.current(), file }).then(
      (r) => {
        if (seq.current !== mine) return;
        setState(r.ok ? { busy: false, view: r.difficulty, error: null } : { busy: false, view: null, error: null });
      },
      (err: unknown) => seq.current === mine && setState({ busy: false, view: null, error: err instanceof Error ? err.message : String(err) }),
    );
  }, [runToken, file, services.sim]);

  if (!state.view && !state.busy && !state.error) return null;
  const v = state.view;
  return (
    <section className="diff" aria-label="Difficulty">
      <h3 className="preview-h">Difficulty</h3>
      {state.busy && !v && <p className="muted">Measuring…</p>}
      {state.error && <p className="tone-crit">{state.error}</p>}
      {v && (
        <>
          <dl className="diff-levels">
            <div className="diff-level">
              <dt>Declared (metadata.difficulty)</dt>
              <dd>
                <span className={`badge ${TONE[v.declared]}`}>{v.declared}</span>
              </dd>
            </div>
            <div className="diff-level">
              <dt>Measured from the file</dt>
              <dd>
                <span className={`badge ${TONE[v.measured]}`}>{v.measured}</span>
                {v.score !== null && <span className="muted preview-small"> score {Number(v.score.toPrecision(3))}</span>}
              </dd>
            </div>
            <div className="diff-level">
              <dt>Verdict</dt>
              <dd className={v.declared === v.measured ? 'tone-ok' : 'tone-warn'}>{v.declared === v.measured ? 'They agree' : `Consider difficulty: ${v.measured}`}</dd>
            </div>
          </dl>
          {v.factors.length > 0 && (
            <table className="grid diff-table" aria-label="Difficulty factors">
              <thead>
                <tr>
                  <th>Factor</th>
                  <th className="num">Value</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {v.factors.map((f) => (
                  <tr key={f.name}>
                    <td>{f.name}</td>
                    <td className="num">{f.value}</td>
                    <td className="checks-reason">{f.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
