// Format on save: the YAML re-stringified by the yaml library with one indentation style (two
// spaces, lists indented under their key), comments kept where they were. Flow collections
// (`{to: checkout, timeoutMs: 500}`) and long one-line strings stay on one line however long:
// they are set aside while the document is printed and put back after, so only folded block
// text (`summary: >`) is re-wrapped, at 100 columns.

import { Document, isCollection, isScalar, parseDocument, visit, Scalar, type Node as YamlNode } from 'yaml';

export const FORMAT_WIDTH = 100;
const LONG_SCALAR = 40;

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; message: string };

const PARSE = { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, prettyErrors: false, logLevel: 'silent' } as const;

/** The text formatted, or why it cannot be (the YAML does not parse). */
export function formatYaml(text: string): FormatResult {
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e?.linePos?.[0] ? ` (line ${e.linePos[0].line})` : '';
    return { ok: false, message: `Fix the YAML first${where}: ${e?.message.split('\n')[0] ?? 'it does not parse'}` };
  }
  const kept = new Map<string, string>();
  let n = 0;
  const setAside = (node: YamlNode): Scalar => {
    const key = `__firedrill_kept_${n++}__`;
    const placeholder = new Scalar(key);
    placeholder.comment = node.comment;
    placeholder.commentBefore = node.commentBefore;
    placeholder.spaceBefore = node.spaceBefore;
    node.comment = undefined;
    node.commentBefore = undefined;
    node.spaceBefore = undefined;
    const one = new Document(node, { version: '1.2' });
    kept.set(key, one.toString({ lineWidth: 0, flowCollectionPadding: false, indent: 2 }).trimEnd());
    return placeholder;
  };
  visit(doc, {
    Node(_key, node) {
      if (isCollection(node) && node.flow) return setAside(node);
      if (isScalar(node) && typeof node.value === 'string' && node.value.length > LONG_SCALAR && node.type !== 'BLOCK_FOLDED' && node.type !== 'BLOCK_LITERAL' && !node.value.includes('\n')) {
        return setAside(node);
      }
      return undefined;
    },
  });
  let out = doc.toString({ indent: 2, indentSeq: true, lineWidth: FORMAT_WIDTH, minContentWidth: 20, flowCollectionPadding: false });
  out = out.replace(/__firedrill_kept_\d+__/g, (key) => kept.get(key) ?? key);
  return { ok: true, text: out, changed: out !== text };
}
