// The library: built-in scenarios as cards, a scenario file from disk, autosaved runs to resume.
// A scenario file with errors shows every validation message with its line, never a blank page.

import { useCallback, useEffect, useState } from 'react';
import { BUILTINS, type Builtin } from '../app/builtins.ts';
import { useApp, useFiredrill } from '../app/context.tsx';
import { duration, utcStamp } from '../app/format.ts';
import { useBusy } from '../app/useBusy.ts';
import { readAutosave, readFinished, readStore, type AutosaveDoc, type StoredEntry } from '../state/records.ts';
import type { ScenarioInfo } from '../worker/protocol.ts';
import { IssueList } from './IssueList.tsx';
import { UnreadableRow } from './UnreadableRow.tsx';
import './library.css';

interface Card {
  builtin: Builtin;
  info: ScenarioInfo | null;
  error: string | null;
}

type SavedRun = StoredEntry<AutosaveDoc>;

const DIFFICULTY_TONE = { beginner: 'ok', intermediate: 'warn', advanced: 'crit' } as const;

const when = (ms: number): string => `${utcStamp(ms)} UTC`;

export function Library() {
  const { ctl, services, store } = useFiredrill();
  const loadIssues = useApp((s) => s.loadIssues);
  const source = useApp((s) => s.source);
  const [cards, setCards] = useState<Card[]>(() => BUILTINS.map((builtin) => ({ builtin, info: null, error: null })));
  const [saved, setSaved] = useState<SavedRun[] | null>(null);
  const [best, setBest] = useState<Map<string, { total: number; grade: string }>>(new Map());
  const { busy, run } = useBusy();
  const [filter, setFilter] = useState('');
  const hasDraft = useApp((s) => s.author !== null);

  useEffect(() => {
    let live = true;
    void (async () => {
      // One card at a time as the worker describes it, so the first cards are usable at once.
      for (const [k, builtin] of BUILTINS.entries()) {
        let card: Card;
        try {
          const r = await services.sim.call('scenario/describe', { text: builtin.text, file: builtin.file });
          card = { builtin, info: r.ok ? r.scenario : null, error: r.ok ? null : `${r.issues.length} validation error(s)` };
        } catch (err) {
          card = { builtin, info: null, error: err instanceof Error ? err.message : String(err) };
        }
        if (!live) return;
        setCards((cs) => cs.map((c, i) => (i === k ? card : c)));
      }
    })();
    return () => {
      live = false;
    };
  }, [services.sim]);

  const refreshSaved = useCallback(async () => {
    const { platform } = services;
    setSaved(await readStore(platform, 'autosave', readAutosave));
    const bestBy = new Map<string, { total: number; grade: string }>();
    for (const read of await readStore(platform, 'finished', readFinished)) {
      if (!read.ok) continue;
      const prev = bestBy.get(read.doc.scenarioId);
      if (!prev || read.doc.score.total > prev.total) bestBy.set(read.doc.scenarioId, { total: read.doc.score.total, grade: read.doc.score.grade });
    }
    setBest(bestBy);
  }, [services]);

  useEffect(() => {
    refreshSaved().catch((err: unknown) => ctl.toast(`Could not read saved runs: ${err instanceof Error ? err.message : String(err)}`, 'error'));
  }, [refreshSaved, ctl]);

  const open = (b: Builtin) => run(b.id, () => ctl.loadScenario(b));
  const resume = (doc: AutosaveDoc) => run(doc.key, () => ctl.resume(doc));

  const discard = async (key: string) => {
    await services.platform.remove('autosave', key);
    await refreshSaved();
  };

  const q = filter.trim().toLowerCase();
  const shown = cards.filter((c) => !q || `${c.builtin.id} ${c.info?.title ?? ''} ${c.info?.domain ?? ''} ${c.info?.tags.join(' ') ?? ''} ${c.info?.difficulty ?? ''}`.toLowerCase().includes(q));

  return (
    <div className="library">
      <header className="library-head">
        <div>
          <h1>Firedrill</h1>
          <div className="muted">Outage game days on a simulated production system: investigate, mitigate, communicate, write the postmortem.</div>
        </div>
        <div className="row">
          <button onClick={() => store.setState({ screen: 'progress' })}>Progress</button>
          <span className="library-author" role="group" aria-label="Author">
            <button onClick={() => store.setState({ screen: 'author', authorIntent: 'new' })}>New scenario…</button>
            <button onClick={() => store.setState({ screen: 'author' })}>{hasDraft ? 'Back to the editor' : 'Edit a scenario'}</button>
          </span>
          <button onClick={() => void ctl.openScenarioFile()}>Open scenario file…</button>
        </div>
      </header>

      {loadIssues && (
        <section className="panel load-errors" role="alert" aria-label="Scenario errors">
          <div className="panel-head">
            <h2 className="tone-crit">{source?.file ?? 'The scenario'} could not be loaded</h2>
            <span className="grow" />
            <span className="muted">{loadIssues.filter((i) => i.severity === 'error').length} error(s). Fix the file and open it again.</span>
          </div>
          <IssueList issues={loadIssues} />
        </section>
      )}

      {saved && saved.length > 0 && (
        <section className="panel" aria-label="Saved runs">
          <div className="panel-head">
            <h2>Resume</h2>
            <span className="muted">Runs are saved every 10 seconds and after every action.</span>
          </div>
          <table className="grid">
            <thead>
              <tr>
                <th>Scenario</th>
                <th>Reached</th>
                <th>Actions</th>
                <th>Saved</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {saved.map((r) =>
                r.ok ? (
                  <tr key={r.key}>
                    <td>{r.doc.title}</td>
                    <td>{r.doc.session.durationSec === undefined ? "–" : `${duration(r.doc.session.durationSec)} of the run`}</td>
                    <td className="num">{r.doc.session.actions.filter((a) => a.type !== 'observe').length}</td>
                    <td className="muted">{when(r.doc.savedAt)}</td>
                    <td className="num">
                      <button className="primary" disabled={busy !== null} onClick={() => void resume(r.doc)} aria-label={`Resume ${r.doc.title}`}>
                        Resume
                      </button>{' '}
                      <button onClick={() => void discard(r.key)} aria-label={`Discard saved run of ${r.doc.title}`}>
                        Discard
                      </button>
                    </td>
                  </tr>
                ) : (
                  <UnreadableRow
                    key={r.key}
                    entry={r}
                    colSpan={4}
                    kept
                    action={
                      <button onClick={() => void discard(r.key)} aria-label={`Delete unreadable saved run ${r.key}`}>
                        Delete
                      </button>
                    }
                  />
                ),
              )}
            </tbody>
          </table>
        </section>
      )}

      <section aria-label="Scenarios">
        <div className="row library-bar">
          <h2>Scenarios</h2>
          <span className="muted">{BUILTINS.length} built in</span>
          <span className="grow" />
          <input type="search" placeholder="Filter by title, domain, tag, difficulty" aria-label="Filter scenarios" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <ul className="cards">
          {shown.map(({ builtin, info, error }) => {
            const b = best.get(builtin.id);
            return (
              <li key={builtin.id} className="panel card">
                {info ? (
                  <>
                    <div className="row card-top">
                      <span className={`badge ${DIFFICULTY_TONE[info.difficulty]}`}>{info.difficulty}</span>
                      <span className="muted">{info.domain ?? 'system'}</span>
                      <span className="grow" />
                      <span className="muted">{duration(info.durationSec)}</span>
                    </div>
                    <h3>{info.title}</h3>
                    <p className="muted card-summary">{info.summary}</p>
                    <ul className="objectives">
                      {info.objectives.slice(0, 3).map((o) => (
                        <li key={o}>{o}</li>
                      ))}
                    </ul>
                    <div className="row card-foot">
                      <span className="muted">{info.services.length} services</span>
                      <span className="muted">·</span>
                      <span className={b ? '' : 'faint'}>{b ? `Best ${Math.round(b.total)} (${b.grade})` : 'Not played yet'}</span>
                      <span className="grow" />
                      <button className="primary" disabled={busy !== null} onClick={() => void open(builtin)} aria-label={`Open ${info.title}`}>
                        Open
                      </button>
                    </div>
                  </>
                ) : (
                  <>
                    <h3>{builtin.id}</h3>
                    <p className={error ? 'tone-crit' : 'muted'}>{error ?? 'Reading…'}</p>
                    {error && (
                      <button onClick={() => void open(builtin)} aria-label={`Show errors of ${builtin.id}`}>
                        Show errors
                      </button>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
