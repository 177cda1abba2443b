// The library: built-in scenarios as cards, scenarios imported from packs, a scenario file from
// disk, autosaved runs to resume. A scenario file with errors shows every validation message with
// its line, never a blank page.

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { BUILTINS, type Builtin } from '../app/builtins.ts';
import { useApp, useFiredrill } from '../app/context.tsx';
import { duration, utcStamp } from '../app/format.ts';
import { useBusy } from '../app/useBusy.ts';
import { readLibrary, sourceOf, type LibraryDoc } from '../state/packs.ts';
import { readAutosave, readFinished, readStore, type AutosaveDoc, type StoredEntry } from '../state/records.ts';
import type { ScenarioInfo } from '../worker/protocol.ts';
import { IssueList } from './IssueList.tsx';
import { PackImportDialog } from './PackImportDialog.tsx';
import { UnreadableRow } from './UnreadableRow.tsx';
import './library.css';
import './packImport.css';

/** A scenario as the worker described it: its card, or why it has none. */
interface Described {
  info: ScenarioInfo | null;
  error: string | null;
}

interface Card extends Described {
  builtin: Builtin;
}

type Imported = StoredEntry<LibraryDoc>;

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
  const [imported, setImported] = useState<Imported[] | null>(null);
  /** Cards of imported scenarios, by key and import time (a re-import describes again). */
  const [importedCards, setImportedCards] = useState<Map<string, Described>>(new Map());
  const [importing, setImporting] = useState(false);
  const importButton = useRef<HTMLButtonElement>(null);
  const importedSection = useRef<HTMLElement>(null);
  /** Scenarios were stored by the import dialog open now: show them when it closes. */
  const justImported = useRef(false);

  const describe = useCallback(
    async (text: string, file: string): Promise<Described> => {
      try {
        const r = await services.sim.call('scenario/describe', { text, file });
        return { info: r.ok ? r.scenario : null, error: r.ok ? null : `${r.issues.length} validation error(s)` };
      } catch (err) {
        return { info: null, error: err instanceof Error ? err.message : String(err) };
      }
    },
    [services.sim],
  );

  useEffect(() => {
    let live = true;
    void (async () => {
      // One card at a time as the worker describes it, so the first cards are usable at once.
      for (const [k, builtin] of BUILTINS.entries()) {
        const card: Card = { builtin, ...(await describe(builtin.text, builtin.file)) };
        if (!live) return;
        setCards((cs) => cs.map((c, i) => (i === k ? card : c)));
      }
    })();
    return () => {
      live = false;
    };
  }, [describe]);

  const refreshImported = useCallback(async () => {
    setImported(await readLibrary(services.platform));
  }, [services.platform]);

  useEffect(() => {
    refreshImported().catch((err: unknown) => ctl.toast(`Could not read the imported scenarios: ${err instanceof Error ? err.message : String(err)}`, 'error'));
  }, [refreshImported, ctl]);

  // Describe the imported scenarios not described yet, one at a time as the built-ins.
  const describing = useRef(new Set<string>());
  useEffect(() => {
    let live = true;
    void (async () => {
      for (const e of imported ?? []) {
        if (!e.ok) continue;
        const id = cardKey(e.doc);
        if (describing.current.has(id)) continue;
        describing.current.add(id);
        const card = await describe(e.doc.text, sourceOf(e.doc).file);
        // Kept even when a newer pass started: that pass skips what this one asked for.
        setImportedCards((m) => new Map(m).set(id, card));
        if (!live) return;
      }
    })();
    return () => {
      live = false;
    };
  }, [imported, describe]);

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

  const openImported = (doc: LibraryDoc) => run(doc.key, () => ctl.loadScenario(sourceOf(doc)));
  const removeImported = async (key: string, title: string | null) => {
    try {
      await services.platform.remove('library', key);
      if (title !== null) ctl.toast(`Removed ${title} from the library. Import its pack again to bring it back.`, 'info');
    } catch (err) {
      ctl.toast(`Could not remove ${title ?? key}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
    await refreshImported();
  };

  const closeImport = () => {
    setImporting(false);
    const show = justImported.current;
    justImported.current = false;
    setTimeout(() => {
      // Back to the button that opened the dialog, for keyboard users; the new cards into view.
      importButton.current?.focus({ preventScroll: show });
      if (show) importedSection.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
    }, 0);
  };

  const takenIds = useMemo(() => {
    const ids = new Map<string, { where: string; pack: string | null }>();
    for (const c of cards) ids.set(c.info?.id ?? c.builtin.id, { where: `the built-in scenario ${c.info?.title ?? c.builtin.id}`, pack: null });
    for (const e of imported ?? []) if (e.ok && !ids.has(e.doc.id)) ids.set(e.doc.id, { where: `${e.doc.pack}/${e.doc.path}`, pack: e.doc.pack });
    return ids;
  }, [cards, imported]);

  const q = filter.trim().toLowerCase();
  const matches = (id: string, info: ScenarioInfo | null, extra = '') => !q || `${id} ${info?.title ?? ''} ${info?.domain ?? ''} ${info?.tags.join(' ') ?? ''} ${info?.difficulty ?? ''} ${extra}`.toLowerCase().includes(q);
  const shown = cards.filter((c) => matches(c.builtin.id, c.info));
  const importedOk = (imported ?? []).filter((e): e is Imported & { ok: true } => e.ok);
  const importedBad = (imported ?? []).filter((e): e is Imported & { ok: false } => !e.ok);
  const importedShown = importedOk.filter((e) => matches(e.doc.id, importedCards.get(cardKey(e.doc))?.info ?? null, `${e.doc.title} ${e.doc.pack} ${e.doc.path}`));
  const packCount = new Set(importedOk.map((e) => e.doc.pack)).size;

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
          <button ref={importButton} onClick={() => setImporting(true)} aria-haspopup="dialog">
            Import pack…
          </button>
        </div>
      </header>

      {importing && (
        <PackImportDialog
          takenIds={takenIds}
          onImported={() => {
            justImported.current = true;
            void refreshImported();
          }}
          onClose={closeImport}
        />
      )}

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
          {shown.map(({ builtin, info, error }) => (
            <ScenarioCard
              key={builtin.id}
              name={builtin.id}
              card={{ info, error }}
              best={best.get(info?.id ?? builtin.id)}
              busy={busy !== null}
              onOpen={() => void open(builtin)}
            />
          ))}
        </ul>
      </section>

      {imported && imported.length > 0 && (
        <section aria-label="Imported scenarios" ref={importedSection}>
          <div className="row library-bar">
            <h2>Imported</h2>
            <span className="muted">
              {importedOk.length} from {packCount === 1 ? '1 pack' : `${packCount} packs`}
            </span>
          </div>
          {importedShown.length > 0 && (
            <ul className="cards">
              {importedShown.map(({ doc }) => {
                const card = importedCards.get(cardKey(doc)) ?? { info: null, error: null };
                return (
                  <ScenarioCard
                    key={doc.key}
                    name={doc.title}
                    card={card}
                    best={best.get(card.info?.id ?? doc.id)}
                    busy={busy !== null}
                    onOpen={() => void openImported(doc)}
                    origin={`${doc.pack}/${doc.path}`}
                    remove={
                      <button className="ghost" onClick={() => void removeImported(doc.key, doc.title)} aria-label={`Remove ${doc.title} from the library`}>
                        Remove
                      </button>
                    }
                  />
                );
              })}
            </ul>
          )}
          {importedShown.length === 0 && importedOk.length > 0 && <p className="muted">No imported scenario matches the filter.</p>}
          {importedBad.length > 0 && (
            <table className="grid library-unreadable" aria-label="Unreadable imported scenarios">
              <tbody>
                {importedBad.map((e) => (
                  <UnreadableRow
                    key={e.key}
                    entry={e}
                    colSpan={1}
                    kept
                    action={
                      <button onClick={() => void removeImported(e.key, null)} aria-label={`Delete unreadable imported scenario ${e.key}`}>
                        Delete
                      </button>
                    }
                  />
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}

const cardKey = (doc: LibraryDoc): string => `${doc.key}@${doc.importedAt}`;

interface ScenarioCardProps {
  /** What the card is called before it is described (the built-in's id, the imported title). */
  name: string;
  card: Described;
  best: { total: number; grade: string } | undefined;
  busy: boolean;
  onOpen(): void;
  /** Imported scenarios: the pack and file it came from. */
  origin?: string;
  /** Imported scenarios: the Remove button. */
  remove?: ReactNode;
}

function ScenarioCard({ name, card: { info, error }, best: b, busy, onOpen, origin, remove }: ScenarioCardProps) {
  return (
    <li className="panel card">
      {info ? (
        <>
          <div className="row card-top">
            <span className={`badge ${DIFFICULTY_TONE[info.difficulty]}`}>{info.difficulty}</span>
            <span className="muted">{info.domain ?? 'system'}</span>
            <span className="grow" />
            <span className="muted">{duration(info.durationSec)}</span>
          </div>
          <h3>{info.title}</h3>
          {origin !== undefined && (
            <div className="row card-origin">
              <code className="muted card-pack" title={origin}>
                {origin}
              </code>
              <span className="grow" />
              {remove}
            </div>
          )}
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
            <button className="primary" disabled={busy} onClick={onOpen} aria-label={`Open ${info.title}`}>
              Open
            </button>
          </div>
        </>
      ) : (
        <>
          <h3>{name}</h3>
          {origin !== undefined && <code className="muted card-pack">{origin}</code>}
          <p className={error ? 'tone-crit' : 'muted'}>{error ?? 'Reading…'}</p>
          {(error || remove) && (
            <div className="row">
              {error && (
                <button onClick={onOpen} aria-label={`Show errors of ${name}`}>
                  Show errors
                </button>
              )}
              {remove}
            </div>
          )}
        </>
      )}
    </li>
  );
}
