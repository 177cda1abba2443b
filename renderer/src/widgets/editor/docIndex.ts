// What the scenario being edited defines: its services, changes, SLOs, faults, flags, alerts,
// runbooks, evidence, injects, environments and zones (collected from the text, which may have
// errors elsewhere), and which fields refer to which of them. Completion offers those ids where a
// field refers to one (`target:`, `causedBy:`, `slo:`, ...); hover says what an id is.

import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { DataLookup } from './schemaNav.ts';
import { formatPath, type Seg } from './yamlContext.ts';

export type RefKind = 'service' | 'env' | 'change' | 'slo' | 'fault' | 'flag' | 'alert' | 'runbook' | 'evidence' | 'inject' | 'zone';

export interface IdInfo {
  id: string;
  kind: RefKind;
  /** One line about it, e.g. "api · Checkout API". */
  detail: string;
  /** 1-based line where it is defined (0 for implicit ones, like the default zones). */
  line: number;
}

export interface DocIndex {
  /** The data as far as it parses (null when nothing does). */
  data: unknown;
  ids: Map<RefKind, IdInfo[]>;
  lookup: DataLookup;
}

/** Sections of the format whose items have an `id`, and what kind of id that is. */
const SECTIONS: [string, RefKind][] = [
  ['services', 'service'],
  ['environments', 'env'],
  ['changes', 'change'],
  ['slos', 'slo'],
  ['faults', 'fault'],
  ['flags', 'flag'],
  ['alerts', 'alert'],
  ['runbooks', 'runbook'],
  ['evidence', 'evidence'],
  ['injects', 'inject'],
];

/** Fields that refer to ids, by their generic path (`[]` for any list index). */
const REFS: Record<string, RefKind[]> = {
  'environments[].overrides[].service': ['service'],
  'services[].calls[].to': ['service'],
  'services[].calls[].onMiss': ['service'],
  'services[].consumes': ['service'],
  'services[].zones[]': ['zone'],
  'traffic[].entry': ['service'],
  'traffic[].env': ['env'],
  'slos[].service': ['service'],
  'slos[].env': ['env'],
  'alerts[].slo': ['slo'],
  'alerts[].service': ['service'],
  'alerts[].env': ['env'],
  'changes[].service': ['service'],
  'changes[].env': ['env'],
  'changes[].flag': ['flag'],
  'flags[].service': ['service'],
  'flags[].disablesCall': ['service'],
  'faults[].target': ['service'],
  'faults[].env': ['env'],
  'faults[].causedBy': ['change'],
  'faults[].params.dependency': ['service'],
  'faults[].params.flag': ['flag'],
  'faults[].params.zone': ['zone'],
  'rootCause.fault': ['fault'],
  'rootCause.component': ['service'],
  'rootCause.change': ['change'],
  'mitigations[].action.target': ['service', 'flag'],
  'runbooks[].service': ['service'],
  'evidence[].service': ['service'],
  'evidence[].env': ['env'],
  'evidence[].change': ['change'],
  'evidence[].alert': ['alert'],
  'evidence[].inject': ['inject'],
  'debrief.evidencePath[]': ['evidence'],
};

/** The kinds of id the field at `path` refers to, or null when it is not a reference. */
export function refKindsAt(path: readonly Seg[]): RefKind[] | null {
  return REFS[formatPath(path, true)] ?? null;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

function detailOf(kind: RefKind, item: Record<string, unknown>): string {
  const s = (k: string) => str(item[k]);
  const parts = (...xs: (string | undefined | false)[]) => xs.filter((x): x is string => typeof x === 'string' && x !== '').join(' · ');
  switch (kind) {
    case 'service':
      return parts(s('type'), s('name'));
    case 'env':
      return parts('environment', item.trafficScale !== undefined && `traffic ×${s('trafficScale') ?? ''}`);
    case 'change':
      return parts(s('type'), s('service'), s('version'), s('at') !== undefined && `at ${s('at') ?? ''}`, s('summary'));
    case 'slo':
      return parts(s('indicator'), s('service'), s('objective') !== undefined && `objective ${s('objective') ?? ''}`);
    case 'fault':
      return parts(s('type'), s('target') !== undefined && `on ${s('target') ?? ''}`, s('start') !== undefined && `from ${s('start') ?? ''}`);
    case 'flag':
      return parts('flag', s('service') !== undefined && `of ${s('service') ?? ''}`, s('description'));
    case 'alert':
      return parts(s('type'), s('severity'), s('slo') ?? s('service'));
    case 'runbook':
      return parts('runbook', s('title'));
    case 'evidence':
      return parts(s('kind'), s('description'));
    case 'inject':
      return parts(s('kind'), s('at') !== undefined && `at ${s('at') ?? ''}`, s('subject'));
    case 'zone':
      return 'availability zone';
  }
}

function itemLines(doc: ReturnType<typeof parseDocument>, section: string, counter: LineCounter): number[] {
  const lines: number[] = [];
  const contents = doc.contents;
  if (!isMap(contents)) return lines;
  const seq = contents.get(section, true) as YamlNode | undefined;
  if (!isSeq(seq)) return lines;
  for (const item of seq.items) {
    let at = (item as YamlNode | null)?.range?.[0];
    if (isMap(item)) {
      const idNode = item.get('id', true) as YamlNode | undefined;
      if (isScalar(idNode) && idNode.range) at = idNode.range[0];
    }
    lines.push(at === undefined ? 0 : counter.linePos(at).line);
  }
  return lines;
}

export function lookupIn(data: unknown, path: readonly Seg[]): unknown {
  let v = data;
  for (const seg of path) {
    if (typeof seg === 'number') v = Array.isArray(v) ? v[seg] : undefined;
    else v = isObj(v) && Object.hasOwn(v, seg) ? v[seg] : undefined;
    if (v === undefined) return undefined;
  }
  return v;
}

/** Reads the document as far as it parses and collects its ids. Never throws. */
export function indexDocument(text: string): DocIndex {
  const counter = new LineCounter();
  let data: unknown = null;
  let doc: ReturnType<typeof parseDocument> | null = null;
  try {
    doc = parseDocument(text, { version: '1.2', schema: 'core', merge: false, uniqueKeys: false, prettyErrors: false, logLevel: 'silent', lineCounter: counter });
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    data = null;
  }
  const ids = new Map<RefKind, IdInfo[]>();
  const add = (info: IdInfo) => {
    const list = ids.get(info.kind) ?? [];
    if (!list.some((x) => x.id === info.id)) list.push(info);
    ids.set(info.kind, list);
  };
  if (isObj(data)) {
    for (const [section, kind] of SECTIONS) {
      const items = data[section];
      if (!Array.isArray(items)) continue;
      const lines = doc ? itemLines(doc, section, counter) : [];
      items.forEach((item, k) => {
        if (!isObj(item)) return;
        const id = str(item.id);
        if (id === undefined || id === '') return;
        add({ id, kind, detail: detailOf(kind, item), line: lines[k] ?? 0 });
      });
    }
    // Zones: those services name, or the default three.
    const services = Array.isArray(data.services) ? data.services : [];
    const zones = new Set<string>();
    for (const s of services) if (isObj(s) && Array.isArray(s.zones)) for (const z of s.zones) if (str(z)) zones.add(String(z));
    if (zones.size === 0) for (const z of ['a', 'b', 'c']) zones.add(z);
    for (const z of zones) add({ id: z, kind: 'zone', detail: 'availability zone', line: 0 });
    if (!ids.has('env')) add({ id: 'prod', kind: 'env', detail: 'environment (the default)', line: 0 });
  }
  return { data, ids, lookup: (path) => lookupIn(data, path) };
}
