// "Check": the scenario contract (`firedrill check`) run on the editor's text, seed by seed in
// the worker so progress shows: detectable, fixed by its documented mitigation, red herrings
// harmless, harmful actions harmful, evidence present, deterministic. Each check with PASS or
// FAIL and its reason, and the measured difficulty beside the declared one.

import { useEffect, useRef, useState } from 'react';
import { useFiredrill } from '../../app/context.tsx';
import type { CheckResult, ScenarioIssue } from '../../../../engine/src/index.ts';
import { DifficultyPanel } from './DifficultyPanel.tsx';

export const CHECK_SEEDS = 3;

interface SeedRun {
  seed: number;
  results: CheckResult[];
  elapsedMs: number;
}

export interface CheckState {
  running: boolean;
  /** Seeds done so far. */
  runs: SeedRun[];
  issues: ScenarioIssue[] | null;
  error: string | null;
  /** The text checked (to say when it has changed since). */
  text: string | null;
}

export interface CheckRow {
  id: string;
  title: string;
  pass: boolean;
  /** Per seed: pass or fail (undefined: not run for that seed). */
  bySeed: { seed: number; pass: boolean | undefined }[];
  reason: string;
}

/** One row per check id: failing if any seed fails, with the first failing seed's reason. */
export function checkRows(runs: readonly SeedRun[]): CheckRow[] {
  const rows = new Map<string, { title: string; results: Map<number, CheckResult> }>();
  for (const run of runs) {
    for (const r of run.results) {
      const row = rows.get(r.id) ?? { title: r.title, results: new Map() };
      row.results.set(run.seed, r);
      rows.set(r.id, row);
    }
  }
  return [...rows.entries()].map(([id, row]) => {
    const all = [...row.results.values()];
    const failing = all.find((r) => !r.pass);
    return {
      id,
      title: row.title,
      pass: failing === undefined,
      bySeed: runs.map((run) => ({ seed: run.seed, pass: row.results.get(run.seed)?.pass })),
      reason: (failing ?? all[0])?.reason ?? '',
    };
  });
}

export interface CheckPaneProps {
  /** The text to check when asked. */
  getText(): string;
  file: string;
  /** Increments each time the toolbar asks for a check. */
  runToken: number;
  /** The text in the editor now (to notice it changed after the check). */
  currentText: string;
  onShowIssues?(): void;
}

export function CheckPane({ getText, file, runToken, currentText, onShowIssues }: CheckPaneProps) {
  const { services } = useFiredrill();
  const [state, setState] = useState<CheckState>({ running: false, runs: [], issues: null, error: null, text: null });
  const seq = useRef(0);

  const run = async () => {
    const mine = ++seq.current;
    const text = getText();
    setState({ running: true, runs: [], issues: null, error: null, text });
    try {
      for (let k = 0; k < CHECK_SEEDS; k++) {
        const r = await services.sim.call('author/check', { text, file, seedIndex: k });
        if (seq.current !== mine) return;
        if (!r.ok) {
          setState((s) => ({ ...s, running: false, issues: r.issues }));
          return;
        }
        setState((s) => ({ ...s, runs: [...s.runs, { seed: r.seed, results: r.results, elapsedMs: r.elapsedMs }] }));
      }
      setState((s) => ({ ...s, running: false }));
    } catch (err) {
      if (seq.current === mine) setState((s) => ({ ...s, running: false, error: err instanceof Error ? err.message : String(err) }));
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (runToken > 0) void runRef.current();
  }, [runToken]);
  useEffect(
    () => () => {
      seq.current++;
    },
    [],
  );

  const rows = checkRows(state.runs);
  const failed = rows.filter((r) => !r.pass).length;
  const ms = state.runs.reduce((n, r) => n + r.elapsedMs, 0);
  const changed = state.text !== null && state.text !== currentText;

  return (
    <div className="checks" aria-label="Checks">
      <div className="row checks-head">
        <button className="primary" onClick={() => void run()} disabled={state.running}>
          {state.runs.length > 0 || state.issues ? 'Run checks again' : 'Run checks'}
        </button>
        <span role="status" className={state.running ? 'muted' : failed > 0 ? 'tone-crit' : rows.length > 0 ? 'tone-ok' : 'muted'}>
          {state.running
            ? `Running seed ${state.runs.length + 1} of ${CHECK_SEEDS}…`
            : state.issues
              ? 'The scenario does not load: fix its errors first.'
              : rows.length > 0
                ? failed > 0
                  ? `${failed} of ${rows.length} checks fail`
                  : `All ${rows.length} checks pass on seeds ${state.runs.map((r) => r.seed).join(', ')}`
                : 'Runs the scenario to prove what it claims: as `firedrill check` does in CI.'}
        </span>
        <span className="grow" />
        {ms > 0 && <span className="muted preview-small">{(ms / 1000).toFixed(1)} s</span>}
      </div>
      {changed && !state.running && <p className="tone-warn checks-note">The text has changed since these checks ran.</p>}
      {state.error && <p className="tone-crit">{state.error}</p>}
      {state.issues && (
        <p className="muted">
          {state.issues.filter((i) => i.severity === 'error').length} error(s) in the text.{' '}
          {onShowIssues && (
            <button className="linkish" onClick={onShowIssues}>
              Show them
            </button>
          )}
        </p>
      )}
      {rows.length > 0 && (
        <table className="grid checks-table" aria-label="Check results">
          <thead>
            <tr>
              <th>Result</th>
              <th>Check</th>
              {state.runs.map((r) => (
                <th key={r.seed} className="num">
                  seed {r.seed}
                </th>
              ))}
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <span className={`badge ${r.pass ? 'ok' : 'crit'}`}>{r.pass ? 'PASS' : 'FAIL'}</span>
                </td>
                <td className="checks-title">{r.title}</td>
                {r.bySeed.map((s) => (
                  <td key={s.seed} className={`num ${s.pass === false ? 'tone-crit' : 'tone-ok'}`} aria-label={`seed ${s.seed}: ${s.pass === undefined ? 'not run' : s.pass ? 'pass' : 'fail'}`}>
                    {s.pass === undefined ? '–' : s.pass ? '✓' : '✗'}
                  </td>
                ))}
                <td className="checks-reason">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DifficultyPanel getText={getText} file={file} runToken={runToken} />
    </div>
  );
}
