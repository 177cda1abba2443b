// "Import pack…": pick a scenario pack (a folder, or one .zip of it), have the worker resolve its
// scenarios, store those that load in the library, and say what loaded and what did not, with
// every issue at its file:line:col. Importing a pack again replaces what came from it before.

import { useEffect, useId, useRef, useState } from 'react';
import { useFiredrill } from '../app/context.tsx';
import type { PackSource, PickedPack } from '../bridge/desktop-api.ts';
import { importPack, type ImportOutcome } from '../state/packs.ts';
import type { PackLoadResult } from '../worker/protocol.ts';
import { IssueList } from './IssueList.tsx';
import './packImport.css';

type Loaded = Extract<PackLoadResult, { ok: true }>;

type Stage =
  | { kind: 'choose'; error: string | null }
  | { kind: 'reading'; name: string }
  | { kind: 'done'; result: Loaded; outcome: ImportOutcome };

const DIFFICULTY_TONE = { beginner: 'ok', intermediate: 'warn', advanced: 'crit' } as const;

export interface PackImportDialogProps {
  /** Ids already in the library, and where (a built-in, or `<pack>/<path>`), to warn about a clash. */
  takenIds: ReadonlyMap<string, { where: string; pack: string | null }>;
  /** After scenarios were stored: the library reads them again. */
  onImported(): void;
  onClose(): void;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function PackImportDialog({ takenIds, onImported, onClose }: PackImportDialogProps) {
  const { services } = useFiredrill();
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choose', error: null });

  useEffect(() => {
    box.current?.querySelector<HTMLElement>('button:not(:disabled)')?.focus();
  }, [stage.kind]);

  // Called straight from the click: a browser opens its file picker only while handling one.
  const choose = (source: PackSource) => {
    let picking: Promise<PickedPack | null>;
    try {
      picking = services.platform.openPack(source);
    } catch (err) {
      setStage({ kind: 'choose', error: err instanceof Error ? err.message : String(err) });
      return;
    }
    void (async () => {
      try {
        const picked = await picking;
        if (!picked) return;
        setStage({ kind: 'reading', name: picked.name });
        const result = await services.sim.call('pack/load', picked);
        if (!result.ok) {
          setStage({ kind: 'choose', error: result.message });
          return;
        }
        const outcome = await importPack(services.platform, result, services.now());
        if (outcome.added.length > 0) onImported();
        setStage({ kind: 'done', result, outcome });
      } catch (err) {
        setStage({ kind: 'choose', error: `The pack could not be imported: ${err instanceof Error ? err.message : String(err)}` });
      }
    })();
  };

  const close = () => {
    if (stage.kind !== 'reading') onClose();
  };

  return (
    <div className="pack-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="panel pack-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={box}>
        <div className="panel-head">
          <h2 id={titleId}>Import a scenario pack</h2>
          <span className="grow" />
          {stage.kind === 'done' && <span className="muted">{stage.result.pack}</span>}
        </div>
        <div className="panel-body pack-body">
          {stage.kind === 'choose' && (
            <>
              <p>
                A pack is a folder, or one .zip of it, of scenarios that may share files (a topology, runbooks) through <code>extends</code> and <code>include</code>. The
                scenarios that load are added to the library under Imported; importing a pack of the same name again replaces them.
              </p>
              <p className="muted">
                Only the .yaml and .yml files inside the pack are read, and a reference that leads outside it is refused
                {services.platform.kind === 'electron' ? '; symbolic links are not followed.' : '.'}
              </p>
              {stage.error && (
                <p className="tone-crit pack-error" role="alert">
                  {stage.error}
                </p>
              )}
            </>
          )}
          {stage.kind === 'reading' && (
            <p className="muted" role="status">
              Reading {stage.name}…
            </p>
          )}
          {stage.kind === 'done' && <ImportReport result={stage.result} outcome={stage.outcome} takenIds={takenIds} />}
        </div>
        <div className="row pack-foot">
          <span className="grow" />
          {stage.kind === 'done' ? (
            <button className="primary" onClick={onClose}>
              Close
            </button>
          ) : (
            <>
              <button onClick={close} disabled={stage.kind === 'reading'}>
                Cancel
              </button>
              <button onClick={() => choose('folder')} disabled={stage.kind === 'reading'}>
                Choose folder…
              </button>
              <button className="primary" onClick={() => choose('zip')} disabled={stage.kind === 'reading'}>
                Choose .zip…
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}

function ImportReport({ result, outcome, takenIds }: { result: Loaded; outcome: ImportOutcome; takenIds: PackImportDialogProps['takenIds'] }) {
  const loaded = result.scenarios.filter((s) => s.ok);
  const failed = result.scenarios.filter((s) => !s.ok);
  const brokenFragments = result.fragments.filter((f) => f.issues.length > 0);
  const total = result.scenarios.length;
  return (
    <div className="pack-report">
      <p role="status" className={loaded.length === 0 ? 'tone-crit' : ''}>
        {total === 0
          ? `${result.pack} holds no scenarios, only shared files.`
          : loaded.length === 0
            ? `None of the ${plural(total, 'scenario')} of ${result.pack} loaded; nothing was imported.`
            : `Imported ${loaded.length} of ${plural(total, 'scenario')} from ${result.pack}.`}
        {outcome.replaced > 0 && ` They replace the ${plural(outcome.replaced, 'scenario')} imported from ${result.pack} before.`}
        {outcome.kept > 0 && ` The ${plural(outcome.kept, 'scenario')} imported from ${result.pack} before ${outcome.kept === 1 ? 'is' : 'are'} kept.`}
      </p>

      {loaded.length > 0 && (
        <section aria-label="Loaded">
          <h4>Loaded</h4>
          <ul className="pack-list">
            {loaded.map((s) => {
              const clash = s.info ? takenIds.get(s.info.id) : undefined;
              const clashes = clash !== undefined && clash.pack !== result.pack;
              return (
                <li key={s.path}>
                  <div className="row">
                    <span className="badge ok">loaded</span>
                    {s.info && <span className={`badge ${DIFFICULTY_TONE[s.info.difficulty]}`}>{s.info.difficulty}</span>}
                    <span className="pack-title">{s.info?.title}</span>
                    <span className="grow" />
                    <code className="muted">{s.path}</code>
                  </div>
                  {clashes && s.info && (
                    <p className="tone-warn pack-note">
                      Its id {s.info.id} is also the id of {clash.where}: best scores of the two are counted together.
                    </p>
                  )}
                  {s.issues.length > 0 && <IssueList issues={s.issues} />}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {failed.length > 0 && (
        <section aria-label="Not loaded">
          <h4>Not loaded</h4>
          <ul className="pack-list">
            {failed.map((s) => (
              <li key={s.path}>
                <div className="row">
                  <span className="badge crit">not loaded</span>
                  <code>{s.path}</code>
                  <span className="grow" />
                  <span className="muted">{plural(s.issues.filter((i) => i.severity === 'error').length, 'error')}</span>
                </div>
                <IssueList issues={s.issues} />
              </li>
            ))}
          </ul>
        </section>
      )}

      {result.fragments.length > 0 && (
        <section aria-label="Shared files">
          <h4>Shared files</h4>
          <ul className="pack-list">
            {result.fragments.map((f) => (
              <li key={f.path}>
                <div className="row">
                  <span className={`badge ${f.issues.some((i) => i.severity === 'error') ? 'crit' : f.issues.length > 0 ? 'warn' : 'info'}`}>shared</span>
                  <code>{f.path}</code>
                  <span className="grow" />
                  <span className="muted">{f.usedBy.length === 0 ? 'used by no scenario' : `used by ${plural(f.usedBy.length, 'scenario')}`}</span>
                </div>
                {brokenFragments.includes(f) && <IssueList issues={f.issues} />}
              </li>
            ))}
          </ul>
        </section>
      )}

      {result.issues.length > 0 && (
        <section aria-label="Pack problems">
          <h4>Files of the pack</h4>
          <IssueList issues={result.issues} />
        </section>
      )}
    </div>
  );
}
