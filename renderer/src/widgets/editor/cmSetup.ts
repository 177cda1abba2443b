// The CodeMirror 6 setup of the scenario editor: YAML with line numbers, folding, search,
// bracket matching and history; schema-driven completion and hover (language.ts); a lint gutter
// for the worker's diagnostics (set from outside with setDiagnostics); a dark theme built from
// the app's CSS variables.

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { EditorState, type Extension } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  hoverTooltip,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { indexDocument, type DocIndex } from './docIndex.ts';
import { complete, describeField, hover, refKindLabel, type HoverDoc } from './language.ts';
import type { JsonSchema } from './schemaNav.ts';

/** The document index of the last text asked about (completion and hover ask many times per text). */
function cachedIndex(): (text: string) => DocIndex {
  let lastText: string | null = null;
  let last: DocIndex | null = null;
  return (text) => {
    if (text !== lastText || !last) {
      last = indexDocument(text);
      lastText = text;
    }
    return last;
  };
}

export const highlight = HighlightStyle.define([
  { tag: t.definition(t.propertyName), color: 'var(--accent-text)' },
  { tag: t.propertyName, color: 'var(--accent-text)' },
  { tag: t.string, color: 'var(--s3)' },
  { tag: t.special(t.string), color: 'var(--purple)' },
  { tag: t.content, color: 'var(--text)' },
  { tag: t.lineComment, color: 'var(--text-faint)', fontStyle: 'italic' },
  { tag: [t.separator, t.punctuation, t.squareBracket, t.brace], color: 'var(--text-muted)' },
  { tag: [t.labelName, t.typeName], color: 'var(--s2)' },
  { tag: [t.keyword, t.meta], color: 'var(--purple)' },
]);

export const editorTheme = EditorView.theme(
  {
    '&': { height: '100%', backgroundColor: 'var(--bg-sunken)', color: 'var(--text)', fontSize: '12.5px' },
    '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.55' },
    '.cm-content': { caretColor: 'var(--accent)' },
    '&.cm-focused': { outline: 'none' },
    '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--bg-selected) !important' },
    '.cm-gutters': { backgroundColor: 'var(--bg-raised)', color: 'var(--text-faint)', borderRight: '1px solid var(--border)' },
    '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--bg-hover) 60%, transparent)' },
    '.cm-activeLineGutter': { backgroundColor: 'var(--bg-hover)', color: 'var(--text-muted)' },
    '.cm-foldPlaceholder': { backgroundColor: 'var(--bg-hover)', border: '1px solid var(--border)', color: 'var(--text-muted)' },
    '.cm-matchingBracket, &.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--bg-selected)', outline: '1px solid var(--accent)' },
    '.cm-nonmatchingBracket': { color: 'var(--crit)' },
    '.cm-selectionMatch': { backgroundColor: 'color-mix(in srgb, var(--accent) 18%, transparent)' },
    '.cm-searchMatch': { backgroundColor: 'var(--warn-bg)', outline: '1px solid var(--warn)' },
    '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--bg-selected)' },
    '.cm-panels': { backgroundColor: 'var(--bg-raised)', color: 'var(--text)', borderColor: 'var(--border)' },
    '.cm-panels input, .cm-panels button': { fontSize: '12px' },
    '.cm-tooltip': { backgroundColor: 'var(--bg-raised)', color: 'var(--text)', border: '1px solid var(--border-strong)', borderRadius: 'var(--radius)', boxShadow: '0 6px 20px rgba(0,0,0,.45)' },
    '.cm-tooltip-autocomplete > ul': { fontFamily: 'var(--mono)', fontSize: '12px', maxHeight: '18em' },
    '.cm-tooltip-autocomplete > ul > li': { padding: '2px 8px 2px 4px' },
    '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--bg-selected)', color: 'var(--text)' },
    '.cm-completionDetail': { color: 'var(--text-muted)', fontStyle: 'normal', marginLeft: '1em', fontFamily: 'var(--font)', fontSize: '11.5px' },
    '.cm-completionMatchedText': { textDecoration: 'none', color: 'var(--accent-text)', fontWeight: '600' },
    '.cm-completionInfo': { maxWidth: '380px', padding: '6px 9px', whiteSpace: 'pre-wrap', fontFamily: 'var(--font)', fontSize: '12px', lineHeight: '1.45' },
    '.cm-completionSection': { color: 'var(--text-faint)', fontFamily: 'var(--font)', fontSize: '11px', borderBottom: '1px solid var(--border)' },
    '.cm-diagnostic': { fontFamily: 'var(--font)', fontSize: '12px', padding: '4px 8px', maxWidth: '560px' },
    '.cm-diagnostic-error': { borderLeftColor: 'var(--crit)' },
    '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
    '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--crit)', textDecorationSkipInk: 'none', textUnderlineOffset: '3px' },
    '.cm-lintRange-warning': { backgroundImage: 'none', textDecoration: 'underline wavy var(--warn)', textDecorationSkipInk: 'none', textUnderlineOffset: '3px' },
    '.cm-lint-marker': { width: '0.8em', height: '0.8em' },
  },
  { dark: true },
);

function hoverDom(doc: HoverDoc): HTMLElement {
  const el = document.createElement('div');
  el.className = 'fd-hover';
  const title = document.createElement('div');
  title.className = 'fd-hover-title';
  title.textContent = doc.title;
  el.append(title);
  const para = (text: string, cls: string) => {
    const p = document.createElement('div');
    p.className = cls;
    p.textContent = text;
    el.append(p);
  };
  if (doc.ref) {
    const kinds = doc.ref.kinds.map(refKindLabel).join(' or ');
    if (doc.ref.found) para(`${refKindLabel(doc.ref.found.kind)} ${doc.ref.found.id}${doc.ref.found.detail ? ` · ${doc.ref.found.detail}` : ''}${doc.ref.found.line > 0 ? ` (line ${doc.ref.found.line})` : ''}`, 'fd-hover-ref');
    else para(`No ${kinds} "${doc.ref.id}" in this scenario.`, 'fd-hover-ref tone-crit');
  }
  if (doc.unknownField) {
    para(`Not a field here. Fields here: ${doc.unknownField.join(', ')}`, 'fd-hover-body tone-crit');
  } else if (doc.summary) {
    para(describeField(doc.summary, doc.required), 'fd-hover-body');
  }
  return el;
}

export interface ScenarioEditorHooks {
  /** The scenario JSON Schema, once the worker sent it (null before: no completion or hover yet). */
  schema(): JsonSchema | null;
}

export function scenarioLanguage(hooks: ScenarioEditorHooks): Extension[] {
  const index = cachedIndex();
  const source = (ctx: CompletionContext): CompletionResult | null => {
    const schema = hooks.schema();
    if (!schema) return null;
    const text = ctx.state.doc.toString();
    const answer = complete(text, ctx.pos, schema, index(text));
    if (!answer) return null;
    // Typing: pop up only where something is being typed, or where the field takes ids or enum values.
    if (!ctx.explicit && answer.from === ctx.pos && !answer.items.some((i) => i.type === 'variable' || i.type === 'enum' || i.type === 'keyword')) return null;
    return {
      from: answer.from,
      to: answer.to,
      validFor: answer.validFor,
      options: answer.items.map((i) => ({
        label: i.label,
        type: i.type,
        ...(i.detail === undefined ? {} : { detail: i.detail }),
        ...(i.info === undefined ? {} : { info: i.info }),
        ...(i.apply === undefined ? {} : { apply: i.apply }),
        ...(i.boost === undefined ? {} : { boost: i.boost }),
        ...(i.section === undefined ? {} : { section: i.section }),
      })),
    };
  };
  return [
    yaml(),
    autocompletion({ override: [source], icons: true, maxRenderedOptions: 200, defaultKeymap: true }),
    hoverTooltip((view, pos) => {
      const schema = hooks.schema();
      if (!schema) return null;
      const text = view.state.doc.toString();
      const doc = hover(text, pos, schema, index(text));
      if (!doc) return null;
      return { pos: doc.from, end: doc.to, above: true, create: () => ({ dom: hoverDom(doc) }) };
    }, { hoverTime: 350 }),
  ];
}

/** Everything the editor needs, in the order CodeMirror's basicSetup uses. */
export function scenarioEditorExtensions(hooks: ScenarioEditorHooks, extra: Extension[] = []): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    lintGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    EditorState.tabSize.of(2),
    indentUnit.of('  '),
    indentOnInput(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    // Long comments and folded text wrap rather than scroll the whole file sideways.
    EditorView.lineWrapping,
    search({ top: true }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
    ...scenarioLanguage(hooks),
    editorTheme,
    ...extra,
  ];
}
