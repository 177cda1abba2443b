// Progress: every finished session kept on this machine, its score per area, totals over time,
// personal bests per scenario, and what to practise next (the weakest area on average, with a
// built-in scenario that exercises it). Sessions that cannot be read are listed with why, and kept.

import { useCallback, useEffect, useState } from 'react';
import { BUILTINS } from '../app/builtins.ts';
import { useFiredrill } from '../app/context.tsx';
import { utcStamp } from '../app/format.ts';
import { useBusy } from '../app/useBusy.ts';
import { readFinished, readStore, type FinishedDoc, type StoredEntry } from '../state/records.ts';
import { ProgressChart } from '../widgets/debrief/ProgressChart.tsx';
import { AREA_INFO, AREA_MAX, AREA_TAGS, SCORED_AREAS, areaShares, gradeTone, points, suggestScenario, type Candidate } from '../widgets/debrief/model.ts';
import '../widgets/debrief/progress.css';
import { UnreadableRow } from './UnreadableRow.tsx';

type Row = StoredEntry<FinishedDoc>;

export function Progress() {
  const { ctl, services, store } = useFiredrill();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const { busy, run } = useBusy();

  const load = useCallback(async () => {
    const out = await readStore(services.platform, 'finished', readFinished);
    out.sort((a, b) => (b.ok ? b.doc.finishedAt : 0) - (a.ok ? a.doc.finishedAt : 0));
    setRows(out);
  }, [services]);

  useEffect(() => {
    load().catch((err: unknown) => ctl.toast(`Could not read finished sessions: ${err instanceof Error ? err.message : String(err)}`, 'error'));
  }, [load, ctl]);

  useEffect(() => {
    let live = true;
    void (async () => {
      const out: Candidate[] = [];
      for (const b of BUILTINS) {
        try {
          const r = await services.sim.call('scenario/describe', { text: b.text, file: b.file });
          if (r.ok) out.push({ id: b.id, title: r.scenario.title, tags: r.scenario.tags, difficulty: r.scenario.difficulty });
        } catch {
          // A built-in that does not describe is shown as an error in the library; skip it here.
        }
      }
      if (live) setCandidates(out);
    })();
    return () => {
      live = false;
    };
  }, [services.sim]);

  const docs = (rows ?? []).flatMap((r) => (r.ok ? [r.doc] : []));
  const broken = (rows ?? []).flatMap((r) => (r.ok ? [] : [r]));
  const best = new Map<string, FinishedDoc>();
  const attempts = new Map<string, number>();
  for (const d of docs) {
    attempts.set(d.scenarioId, (attempts.get(d.scenarioId) ?? 0) + 1);
    const b = best.get(d.scenarioId);
    if (!b || d.score.total > b.score.total) best.set(d.scenarioId, d);
  }
  const shares = areaShares(docs.map((d) => ({ scenarioId: d.scenarioId, areas: d.score.areas, max: d.score.max })));
  const weakest = shares[0];
  const suggestion = weakest ? suggestScenario(weakest.area, candidates, new Map([...best].map(([k, v]) => [k, v.score.total]))) : null;

  const openBuiltin = async (id: string) => {
    const b = BUILTINS.find((x) => x.id === id);
    if (b) await run(id, () => ctl.loadScenario(b));
  };
  const replay = (doc: FinishedDoc) => run(doc.key, () => ctl.openFinished(doc));

  const exportSession = async (doc: FinishedDoc) => {
    const name = `${doc.scenarioId}-${new Date(doc.finishedAt).toISOString().slice(0, 10)}.session.json`.replace(/[^A-Za-z0-9._-]/g, '_');
    const text = `${JSON.stringify({ ...doc.session, ...(doc.postmortem ? { postmortem: doc.postmortem } : {}) }, null, 2)}\n`;
    try {
      const r = await services.platform.saveFile({ kind: 'session', suggestedName: name, text, mime: 'application/json' });
      ctl.toast(r.saved ? `Saved ${name}${r.where ? ` to ${r.where}` : ''}` : `Export of ${name} cancelled`);
    } catch (err) {
      ctl.toast(`Could not export: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  };

  return (
    <div className="progress">
      <header className="pg-head">
        <div>
          <h1>Progress</h1>
          <div className="muted">Finished sessions on this machine: scores per area over time, personal bests, and what to practise next.</div>
        </div>
        <span className="grow" />
        <button type="button" onClick={() => store.setState({ screen: 'library' })}>
          Back to library
        </button>
      </header>

      {rows === null ? (
        <p className="muted" role="status">
          Reading finished sessions…
        </p>
      ) : docs.length === 0 && broken.length === 0 ? (
        <section className="panel pg-empty">
          <div className="panel-body">
            <h2>No finished session yet</h2>
            <p className="muted">Play a scenario to its debrief: its score lands here, with your best per scenario and a suggestion of what to practise next.</p>
            <button type="button" className="primary" disabled={busy !== null} onClick={() => void openBuiltin('checkout-bad-deploy')}>
              Start with the beginner scenario
            </button>
          </div>
        </section>
      ) : (
        <>
          <div className="pg-top">
            <section className="panel pg-next" aria-label="Practise next">
              <div className="panel-head">
                <h2>Practise next</h2>
              </div>
              <div className="panel-body">
                {weakest ? (
                  <>
                    <p className="pg-next-line">
                      Your weakest area: <strong>{AREA_INFO[weakest.area].label}</strong> ({Math.round(weakest.share * 100)}% of its points on average over {weakest.n} session{weakest.n === 1 ? '' : 's'}).
                    </p>
                    {suggestion ? (
                      <div className="pg-suggest">
                        <div>
                          <div className="pg-suggest-title">{suggestion.scenario.title}</div>
                          <div className="faint pg-small">
                            {suggestion.scenario.difficulty} · tagged {suggestion.tags.join(', ')}
                          </div>
                        </div>
                        <span className="grow" />
                        <button type="button" className="primary" disabled={busy !== null} onClick={() => void openBuiltin(suggestion.scenario.id)} aria-label={`Open ${suggestion.scenario.title}`}>
                          Open
                        </button>
                      </div>
                    ) : (
                      <p className="muted">No built-in scenario is tagged for it.</p>
                    )}
                    <p className="faint pg-small">
                      How it is picked: scenarios tagged {AREA_TAGS[weakest.area].join(', ')} exercise {AREA_INFO[weakest.area].label.toLowerCase()}; among them, one you have not played, else your lowest best, else the easiest.
                    </p>
                  </>
                ) : (
                  <p className="muted">Finish a session to get a suggestion.</p>
                )}
                <ul className="pg-shares" aria-label="Average share of each area's points">
                  {[...shares].sort((a, b) => SCORED_AREAS.indexOf(a.area) - SCORED_AREAS.indexOf(b.area)).map((x) => (
                    <li key={x.area} className={x.area === weakest?.area ? 'weak' : undefined}>
                      <span>{AREA_INFO[x.area].label}</span>
                      <span className="pg-bar" aria-hidden="true">
                        <span className={`pg-bar-fill ${x.share >= 0.8 ? 'ok' : x.share >= 0.5 ? 'warn' : 'crit'}`} style={{ width: `${x.share * 100}%` }} />
                      </span>
                      <span className="num">{Math.round(x.share * 100)}%</span>
                    </li>
                  ))}
                </ul>
              </div>
            </section>

            <section className="panel pg-chart" aria-label="Totals over time">
              <div className="panel-head">
                <h2>Totals over time</h2>
                <span className="grow" />
                <span className="faint pg-small">one line per scenario, oldest to newest</span>
              </div>
              <div className="panel-body">
                <ProgressChart sessions={docs.map((d) => ({ scenarioId: d.scenarioId, title: d.title, at: d.finishedAt, total: d.score.total }))} />
              </div>
            </section>

            <section className="panel pg-bests" aria-label="Personal bests">
              <div className="panel-head">
                <h2>Personal bests</h2>
              </div>
              <table className="grid">
                <thead>
                  <tr>
                    <th>Scenario</th>
                    <th className="num">Best</th>
                    <th className="num">Played</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {[...best.values()].map((b) => (
                    <tr key={b.scenarioId}>
                      <td className="pg-wrap">{b.title}</td>
                      <td className="num">
                        <span className={`tone-${gradeTone(b.score.grade)}`}>{b.score.total}</span> <span className="faint">{b.score.grade}</span>
                      </td>
                      <td className="num">{attempts.get(b.scenarioId)}×</td>
                      <td className="num">
                        {BUILTINS.some((x) => x.id === b.scenarioId) && (
                          <button type="button" disabled={busy !== null} onClick={() => void openBuiltin(b.scenarioId)} aria-label={`Play ${b.title} again`}>
                            Play again
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </div>

          <section className="panel" aria-label="Finished sessions">
            <div className="panel-head">
              <h2>Finished sessions</h2>
              <span className="grow" />
              <span className="faint pg-small">{docs.length} session{docs.length === 1 ? '' : 's'}</span>
            </div>
            <div className="scroll">
              <table className="grid pg-table">
                <thead>
                  <tr>
                    <th>Finished (UTC)</th>
                    <th>Scenario</th>
                    <th className="num">Total</th>
                    {SCORED_AREAS.map((a) => (
                      <th key={a} className="num" title={AREA_INFO[a].what}>
                        {AREA_INFO[a].label}
                      </th>
                    ))}
                    <th className="num">Hints</th>
                    <th className="num">Postmortem</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {(rows ?? []).map((r) =>
                    r.ok ? (
                      <tr key={r.key}>
                        <td className="mono">{utcStamp(r.doc.finishedAt)}</td>
                        <td>{r.doc.title}</td>
                        <td className="num">
                          <strong className={`tone-${gradeTone(r.doc.score.grade)}`}>{r.doc.score.total}</strong> <span className="faint">{r.doc.score.grade}</span>
                        </td>
                        {SCORED_AREAS.map((a) => (
                          <td key={a} className="num">
                            {typeof r.doc.score.areas[a] === 'number' ? points(r.doc.score.areas[a]) : '–'}
                            <span className="faint">/{r.doc.score.max?.[a] ?? AREA_MAX[a]}</span>
                          </td>
                        ))}
                        <td className="num">{r.doc.score.areas.hints ? points(r.doc.score.areas.hints) : '0'}</td>
                        <td className="num">{r.doc.postmortemScore ? `${r.doc.postmortemScore.total} ${r.doc.postmortemScore.grade}` : <span className="faint">not written</span>}</td>
                        <td className="num pg-actions">
                          <button type="button" disabled={busy !== null} onClick={() => void replay(r.doc)} aria-label={`Replay debrief of ${r.doc.title}, ${utcStamp(r.doc.finishedAt)}`}>
                            Replay debrief
                          </button>{' '}
                          <button type="button" onClick={() => void exportSession(r.doc)} aria-label={`Export session of ${r.doc.title}, ${utcStamp(r.doc.finishedAt)}`}>
                            Export session
                          </button>
                        </td>
                      </tr>
                    ) : (
                      <UnreadableRow key={r.key} entry={r} colSpan={SCORED_AREAS.length + 6} kept />
                    ),
                  )}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
