// The YAML editor: a CodeMirror 6 view owned by this component (React renders the box only).
// The text lives in CodeMirror; the parent hears about every change and sets diagnostics, and
// drives it through a handle (replace the text, go to a range, focus).

import { setDiagnostics } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, type RefObject } from 'react';
import { scenarioEditorExtensions } from './cmSetup.ts';
import type { EditorDiagnostic } from './diagnostics.ts';
import type { JsonSchema } from './schemaNav.ts';

export interface EditorHandle {
  view(): EditorView | null;
  text(): string;
  /** Replaces the whole text (one undoable change). */
  replace(text: string): void;
  /** Selects a range and scrolls it into view. */
  goTo(from: number, to?: number): void;
  focus(): void;
}

export interface ScenarioEditorProps {
  initialText: string;
  schema: JsonSchema | null;
  diagnostics: readonly EditorDiagnostic[];
  onChange(text: string): void;
  handle: RefObject<EditorHandle | null>;
  label: string;
}

export function ScenarioEditor({ initialText, schema, diagnostics, onChange, handle, label }: ScenarioEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const schemaRef = useRef(schema);
  schemaRef.current = schema;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const initial = useRef(initialText);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: initial.current,
        extensions: scenarioEditorExtensions({ schema: () => schemaRef.current }, [
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
          EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
        ]),
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [label]);

  useEffect(() => {
    handle.current = {
      view: () => viewRef.current,
      text: () => viewRef.current?.state.doc.toString() ?? initial.current,
      replace(text) {
        const view = viewRef.current;
        if (!view) return;
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: EditorSelection.cursor(Math.min(view.state.selection.main.head, text.length)) });
      },
      goTo(from, to = from) {
        const view = viewRef.current;
        if (!view) return;
        const len = view.state.doc.length;
        view.dispatch({ selection: EditorSelection.range(Math.min(from, len), Math.min(to, len)), scrollIntoView: true });
        view.focus();
      },
      focus() {
        viewRef.current?.focus();
      },
    };
    return () => {
      handle.current = null;
    };
  }, [handle]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const len = view.state.doc.length;
    const list = diagnostics
      .filter((d) => d.from <= len)
      .map((d) => ({ from: d.from, to: Math.min(d.to, len), severity: d.severity, message: d.message, source: 'firedrill validate' }));
    view.dispatch(setDiagnostics(view.state, list));
  }, [diagnostics]);

  return <div className="fd-editor" ref={host} />;
}
