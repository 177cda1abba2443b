// The scenario editor ("Author" in the library): YAML on the left with schema-driven completion,
// hover documentation and the same validation messages as `firedrill validate` inline; on the
// right a live preview of the scenario run headless (re-run ~400 ms after each edit that loads)
// and the contract checks. Drafts are autosaved, so an edit is never lost; Play-test opens the
// text in the war room and leaving that run comes back here.

import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { ScenarioIssue } from '../../../engine/src/index.ts';
import { BUILTINS } from '../app/builtins.ts';
import { useApp, useFiredrill } from '../app/context.tsx';
import { utcStamp } from '../app/format.ts';
import type { AuthorDoc } from '../state/store.ts';
import type { AuthorPreview } from '../worker/protocol.ts';
import { CheckPane } from '../widgets/editor/CheckPane.tsx';
import { toDiagnostics, type EditorDiagnostic } from '../widgets/editor/diagnostics.ts';
import { DRAFT_SAVE_MS, draftDoc, listDrafts, newDraftKey, type DraftEntry } from '../widgets/editor/drafts.ts';
import { formatYaml } from '../widgets/editor/format.ts';
import { PreviewPane } from '../widgets/editor/PreviewPane.tsx';
import { ScenarioEditor, type EditorHandle } from '../widgets/editor/ScenarioEditor.tsx';
import type { JsonSchema } from '../widgets/editor/schemaNav.ts';
import { TemplateDialog } from '../widgets/editor/TemplateDialog.tsx';
import { indexDocument } from '../widgets/editor/docIndex.ts';
import { UnreadableRow } from './UnreadableRow.tsx';
import './author.css';

/** Validation (and then the preview) runs this long after the last edit. */
export const AUTHOR_DEBOUNCE_MS = 400;

const when = (ms: number): string => `${utcStamp(ms, true)} UTC`;

function useSchema(): JsonSchema | null {
  const { services } = useFiredrill();
  const [schema, setSchema] = useState<JsonSchema | null>(null);
  useEffect(() => {
    let live = true;
    services.sim.call('author/schema').then(
      (s) => live && setSchema(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [services.sim]);
  return schema;
}

export function Author() {
  const doc = useApp((s) => s.author);
  const intent = useApp((s) => s.authorIntent);
  const { store, services } = useFiredrill();
  const [showTemplates, setShowTemplates] = useState(intent === 'new');

  useEffect(() => {
    if (intent) store.setState({ authorIntent: null });
  }, [intent, store]);

  const open = useCallback(
    (file: string, text: string, saved: boolean, draftKey?: string) => {
      const next: AuthorDoc = { draftKey: draftKey ?? newDraftKey(services.now()), file, text, savedText: saved ? text : null, playTesting: false };
      store.setState({ author: next });
      setShowTemplates(false);
    },
    [store, services],
  );

  return (
    <>
      {doc ? <AuthorEditor key={doc.draftKey} doc={doc} onNew={() => setShowTemplates(true)} onOpen={open} /> : <AuthorStart onNew={() => setShowTemplates(true)} onOpen={open} />}
      {showTemplates && <TemplateDialog onCancel={() => setShowTemplates(false)} onCreate={(text, id) => open(`${id}.yaml`, text, false)} />}
    </>
  );
}

type OpenDoc = (file: string, text: string, saved: boolean, draftKey?: string) => void;

// ---------------------------------------------------------------------------------------------
// No document yet: templates, files, built-ins, and the drafts to pick up again

function AuthorStart({ onNew, onOpen }: { onNew(): void; onOpen: OpenDoc }) {
  const { store, services, ctl } = useFiredrill();
  const [drafts, setDrafts] = useState<DraftEntry[] | null>(null);
  const [builtin, setBuiltin] = useState(BUILTINS[0]?.id ?? '');

  const refresh = useCallback(async () => {
    try {
      setDrafts(await listDrafts(services.platform));
    } catch (err) {
      ctl.toast(`Could not read the drafts: ${err instanceof Error ? err.message : String(err)}`, 'error');
      setDrafts([]);
    }
  }, [services.platform, ctl]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const openFile = async () => {
    const f = await services.platform.openFile('scenario');
    if (f) onOpen(f.name, f.text, true);
  };

  return (
    <div className="author-start">
      <header className="author-start-head row">
        <button className="ghost" onClick={() => store.setState({ screen: 'library' })} aria-label="Back to the library">
          ← Library
        </button>
        <h1>Author a scenario</h1>
        <span className="grow" />
        <span className="muted">YAML with completion, inline validation, a live preview and the contract checks.</span>
      </header>
      <div className="author-start-grid">
        <section className="panel author-start-card" aria-label="Start from a template">
          <h2>Start from a template</h2>
          <p className="muted">Pick a system and what breaks: a commented scenario that already loads and passes its checks. Rename things to match your own architecture.</p>
          <button className="primary" onClick={onNew}>
            New from template…
          </button>
        </section>
        <section className="panel author-start-card" aria-label="Open a file">
          <h2>Open a scenario file</h2>
          <p className="muted">Edit a scenario from disk and save it back.</p>
          <button onClick={() => void openFile()}>Open file…</button>
        </section>
        <section className="panel author-start-card" aria-label="Edit a built-in scenario">
          <h2>Copy a built-in scenario</h2>
          <p className="muted">The library's scenarios are good examples of every part of the format.</p>
          <div className="row">
            <select value={builtin} onChange={(e) => setBuiltin(e.target.value)} aria-label="Built-in scenario">
              {BUILTINS.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.id}
                </option>
              ))}
            </select>
            <button
              onClick={() => {
                const b = BUILTINS.find((x) => x.id === builtin);
                if (b) onOpen(b.file, b.text, false);
              }}
            >
              Edit a copy
            </button>
          </div>
        </section>
      </div>
      <section className="panel" aria-label="Drafts">
        <div className="panel-head">
          <h2>Drafts</h2>
          <span className="muted">Everything typed in the editor is kept here, a second after the last keystroke.</span>
        </div>
        {drafts === null ? (
          <p className="panel-body muted">Reading drafts…</p>
        ) : drafts.length === 0 ? (
          <p className="panel-body muted">No drafts on this machine yet.</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>Scenario</th>
                <th>File</th>
                <th>State</th>
                <th>Saved</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) =>
                d.ok ? (
                  <tr key={d.key}>
                    <td>{d.doc.title}</td>
                    <td className="mono">{d.doc.file}</td>
                    <td>{d.doc.dirty ? <span className="badge warn">unsaved changes</span> : <span className="badge">saved to a file</span>}</td>
                    <td className="muted">{when(d.doc.savedAt)}</td>
                    <td className="num">
                      <button className="primary" onClick={() => onOpen(d.doc.file, d.doc.text, !d.doc.dirty, d.doc.key)} aria-label={`Restore draft ${d.doc.title}`}>
                        Restore
                      </button>{' '}
                      <button
                        onClick={() => {
                          void services.platform.remove('drafts', d.key).then(refresh);
                        }}
                        aria-label={`Discard draft ${d.doc.title}`}
                      >
                        Discard
                      </button>
                    </td>
                  </tr>
                ) : (
                  <UnreadableRow
                    key={d.key}
                    entry={d}
                    colSpan={4}
                    action={
                      <button onClick={() => void services.platform.remove('drafts', d.key).then(refresh)} aria-label={`Delete unreadable draft ${d.key}`}>
                        Delete
                      </button>
                    }
                  />
                ),
              )}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The editor

const MemoPreview = memo(PreviewPane);
const MemoCheck = memo(CheckPane);

type Tab = 'preview' | 'check';

function AuthorEditor({ doc, onNew, onOpen }: { doc: AuthorDoc; onNew(): void; onOpen: OpenDoc }) {
  const { store, services, ctl } = useFiredrill();
  const schema = useSchema();
  const handle = useRef<EditorHandle | null>(null);
  const [text, setText] = useState(doc.text);
  const textRef = useRef(doc.text);
  const savedRef = useRef(doc.savedText);
  const [savedText, setSavedText] = useState(doc.savedText);
  const [file, setFile] = useState(doc.file);
  const [diagnostics, setDiags] = useState<EditorDiagnostic[]>([]);
  const [issues, setIssues] = useState<ScenarioIssue[]>([]);
  const [validFor, setValidFor] = useState<string | null>(null);
  const [preview, setPreview] = useState<AuthorPreview | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const [tab, setTab] = useState<Tab>('preview');
  const [checkToken, setCheckToken] = useState(0);
  const [problemsOpen, setProblemsOpen] = useState(true);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [draftAt, setDraftAt] = useState<number | null>(null);
  const dirty = savedText !== text;

  // ---- drafts -------------------------------------------------------------------------------
  const draftTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastDraft = useRef<string | null>(null);
  const writeDraft = useCallback(async () => {
    if (draftTimer.current) clearTimeout(draftTimer.current);
    draftTimer.current = null;
    const t = textRef.current;
    const isDirty = savedRef.current !== t;
    const key = `${isDirty ? 1 : 0}${t}`;
    if (lastDraft.current === key) return;
    lastDraft.current = key;
    const now = services.now();
    try {
      await services.platform.put('drafts', doc.draftKey, draftDoc(doc.draftKey, file, t, isDirty, now));
      setDraftAt(now);
    } catch (err) {
      lastDraft.current = null;
      ctl.toast(`Could not save the draft: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  }, [services, doc.draftKey, file, ctl]);
  const writeDraftRef = useRef(writeDraft);
  writeDraftRef.current = writeDraft;

  /** Keeps the store's copy current (a play-test or a trip to the library keeps the text). */
  const syncStore = useCallback(() => {
    store.setState((s) => (s.author && s.author.draftKey === doc.draftKey ? { author: { ...s.author, text: textRef.current, savedText: savedRef.current, file } } : s));
  }, [store, doc.draftKey, file]);
  const syncRef = useRef(syncStore);
  syncRef.current = syncStore;

  useEffect(() => {
    // An opened file or template is a draft from the first moment.
    void writeDraftRef.current();
    const onUnload = (e: BeforeUnloadEvent) => {
      void writeDraftRef.current();
      // Electron closes without asking (its window would otherwise refuse to close); the draft is kept either way.
      if (services.platform.kind === 'browser' && savedRef.current !== textRef.current) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => {
      window.removeEventListener('beforeunload', onUnload);
      syncRef.current();
      void writeDraftRef.current();
    };
  }, [services.platform]);

  // ---- validation and preview ---------------------------------------------------------------
  const pipe = useRef({ timer: null as ReturnType<typeof setTimeout> | null, version: 0, busy: false, again: false });
  const runPipeline = useCallback(async () => {
    const p = pipe.current;
    if (p.busy) {
      p.again = true;
      return;
    }
    p.busy = true;
    try {
      do {
        p.again = false;
        const version = p.version;
        const t = textRef.current;
        const v = await services.sim.call('author/validate', { text: t, file });
        if (p.version === version) {
          setIssues(v.issues);
          setDiags(toDiagnostics(t, v.issues));
          setValidFor(v.ok ? t : null);
        }
        if (v.ok && p.version === version) {
          setPreviewBusy(true);
          const r = await services.sim.call('author/preview', { text: t, file });
          if (r.ok) setPreview(r);
          setPreviewBusy(false);
        }
      } while (p.again);
    } catch (err) {
      setPreviewBusy(false);
      ctl.toast(`The preview failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    } finally {
      p.busy = false;
    }
  }, [services.sim, file, ctl]);
  const runRef = useRef(runPipeline);
  runRef.current = runPipeline;

  useEffect(() => {
    void runRef.current();
    const p = pipe.current;
    return () => {
      if (p.timer) clearTimeout(p.timer);
      if (draftTimer.current) clearTimeout(draftTimer.current);
      p.version++;
    };
  }, []);

  const onChange = useCallback(
    (t: string) => {
      textRef.current = t;
      setText(t);
      const p = pipe.current;
      p.version++;
      if (p.timer) clearTimeout(p.timer);
      p.timer = setTimeout(() => {
        p.timer = null;
        void runRef.current();
      }, AUTHOR_DEBOUNCE_MS);
      if (draftTimer.current) clearTimeout(draftTimer.current);
      draftTimer.current = setTimeout(() => {
        syncRef.current();
        void writeDraftRef.current();
      }, DRAFT_SAVE_MS);
    },
    [],
  );

  // ---- commands -----------------------------------------------------------------------------
  const format = useCallback((quiet = false): boolean => {
    const r = formatYaml(textRef.current);
    if (!r.ok) {
      if (!quiet) ctl.toast(r.message, 'error');
      return false;
    }
    if (r.changed) handle.current?.replace(r.text);
    return true;
  }, [ctl]);

  const save = useCallback(async () => {
    format(true);
    const t = handle.current?.text() ?? textRef.current;
    const data = indexDocument(t).data;
    const metaId = data && typeof data === 'object' ? ((data as { metadata?: { id?: unknown } }).metadata?.id ?? null) : null;
    const name = typeof metaId === 'string' && /^[a-z0-9-]+$/.test(metaId) ? `${metaId}.yaml` : file;
    try {
      const r = await services.platform.saveFile({ kind: 'scenario', suggestedName: name, text: t, mime: 'application/yaml' });
      if (!r.saved) return;
      savedRef.current = t;
      setSavedText(t);
      setFile(name);
      ctl.toast(`Saved ${name}${r.where ? ` (${r.where})` : ''}.`);
      syncRef.current();
      void writeDraftRef.current();
    } catch (err) {
      ctl.toast(`Could not save: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  }, [format, file, services.platform, ctl]);

  const openFile = async () => {
    await writeDraft();
    const f = await services.platform.openFile('scenario');
    if (f) onOpen(f.name, f.text, true);
  };

  const playTest = async () => {
    syncStore();
    await writeDraft();
    await ctl.playTest(textRef.current, file);
  };

  const leave = () => {
    syncStore();
    void writeDraft();
    store.setState({ screen: 'library' });
  };

  const keys = useMemo(() => ({ save: () => void save(), format: () => format() }), [save, format]);
  const reveal = useReveal(handle);
  const getText = useCallback(() => textRef.current, []);
  const showIssues = useCallback(() => setProblemsOpen(true), []);

  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');
  const stale = validFor !== text;

  return (
    <div className="author">
      <header className="author-bar" aria-label="Editor toolbar">
        <button className="ghost" onClick={() => (dirty ? setConfirmLeave(true) : leave())} aria-label="Back to the library">
          ← Library
        </button>
        <div className="author-file">
          <span className="mono author-file-name">{file}</span>
          {dirty ? <span className="badge warn">unsaved</span> : <span className="badge ok">saved</span>}
          <span className="faint author-draft" role="status">
            {draftAt ? `draft kept ${when(draftAt).slice(11)}` : ''}
          </span>
        </div>
        <span className="grow" />
        <button onClick={onNew}>New from template…</button>
        <button onClick={() => void openFile()}>Open file…</button>
        <button onClick={() => void save()} title="Format and save (Ctrl+S)">
          Save
        </button>
        <button onClick={() => format()} title="Re-indent and tidy the YAML, comments kept (Shift+Alt+F)">
          Format
        </button>
        <button
          onClick={() => {
            setTab('check');
            setCheckToken((n) => n + 1);
          }}
        >
          Check
        </button>
        <button className="primary" onClick={() => void playTest()} title="Open this scenario in the war room">
          Play-test
        </button>
      </header>
      <div className="author-main">
        <section className="author-left panel" aria-label="Scenario YAML">
          <EditorKeys keys={keys}>
            <ScenarioEditor initialText={doc.text} schema={schema} diagnostics={diagnostics} onChange={onChange} handle={handle} label="Scenario YAML" />
          </EditorKeys>
          <section className="problems" aria-label="Problems">
            <button className="ghost problems-head" onClick={() => setProblemsOpen((o) => !o)} aria-expanded={problemsOpen}>
              <span className={errors.length ? 'tone-crit' : 'tone-ok'}>{errors.length === 0 ? '✓ No errors' : `${errors.length} error${errors.length === 1 ? '' : 's'}`}</span>
              {warnings.length > 0 && <span className="tone-warn">{warnings.length} warning{warnings.length === 1 ? '' : 's'}</span>}
              <span className="faint">same messages as firedrill validate</span>
            </button>
            {problemsOpen && issues.length > 0 && (
              <ul className="problems-list">
                {diagnostics.map((d, k) => (
                  <li key={k}>
                    <button className={`problem ${d.severity}`} onClick={() => handle.current?.goTo(d.from, d.to)}>
                      <span className="problem-where mono">
                        {d.issue.line}:{d.issue.col}
                      </span>
                      <span className="problem-path mono">{d.issue.path}</span>
                      <span className="problem-msg">{d.issue.message}</span>
                      {d.issue.hint && <span className="problem-hint muted">{d.issue.hint}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </section>
        <section className="author-right panel" aria-label="Preview and checks">
          <div className="author-tabs" role="tablist" aria-label="Preview or checks">
            <button role="tab" aria-selected={tab === 'preview'} onClick={() => setTab('preview')}>
              Preview
            </button>
            <button role="tab" aria-selected={tab === 'check'} onClick={() => setTab('check')}>
              Check
            </button>
          </div>
          <div className="author-tabpanel" role="tabpanel" hidden={tab !== 'preview'} aria-label="Preview">
            <MemoPreview preview={preview} stale={stale && errors.length > 0} errorCount={errors.length} busy={previewBusy} onReveal={reveal} />
          </div>
          <div className="author-tabpanel" role="tabpanel" hidden={tab !== 'check'} aria-label="Check">
            <MemoCheck getText={getText} file={file} runToken={checkToken} currentText={text} onShowIssues={showIssues} />
          </div>
        </section>
      </div>
      {confirmLeave && (
        <div className="modal-backdrop">
          <div className="modal panel" role="alertdialog" aria-modal="true" aria-labelledby="author-leave-title" aria-describedby="author-leave-body">
            <div className="panel-head">
              <h2 id="author-leave-title">Leave with unsaved changes?</h2>
            </div>
            <p className="panel-body" id="author-leave-body">
              {file} has changes not saved to a file. They stay in the drafts on this machine, and the editor keeps them until you open another scenario.
            </p>
            <div className="row tpl-foot">
              <span className="grow" />
              <button onClick={() => setConfirmLeave(false)} autoFocus>
                Keep editing
              </button>
              <button
                onClick={() => {
                  setConfirmLeave(false);
                  void save();
                }}
              >
                Save…
              </button>
              <button className="danger" onClick={leave}>
                Leave
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

/** Ctrl/Cmd+S saves and Shift+Alt+F formats while focus is anywhere in the editor column. */
function EditorKeys({ keys, children }: { keys: { save(): void; format(): void }; children: ReactNode }) {
  return (
    <div
      className="author-editor"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
          e.preventDefault();
          keys.save();
        } else if (e.shiftKey && e.altKey && (e.key.toLowerCase() === 'f' || e.code === 'KeyF')) {
          e.preventDefault();
          keys.format();
        }
      }}
    >
      {children}
    </div>
  );
}

/** Jumps the editor to where a change, fault, alert, inject or SLO is defined. */
function useReveal(handle: RefObject<EditorHandle | null>) {
  return useCallback(
    (kind: 'change' | 'fault' | 'alert' | 'inject' | 'slo', id: string) => {
      const h = handle.current;
      if (!h) return;
      const text = h.text();
      const info = indexDocument(text).ids.get(kind)?.find((x) => x.id === id);
      if (!info || info.line <= 0) return;
      let at = 0;
      for (let l = 1; l < info.line; l++) at = text.indexOf('\n', at) + 1;
      const lineEnd = text.indexOf('\n', at);
      h.goTo(at + Math.max(0, text.slice(at, lineEnd < 0 ? undefined : lineEnd).search(/\S/)), lineEnd < 0 ? text.length : lineEnd);
    },
    [handle],
  );
}
