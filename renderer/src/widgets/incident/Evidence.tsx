// Evidence chips: the pinned list to attach from (toggle buttons) and attached references.

import type { JsonValue } from '../../worker/protocol.ts';
import type { PinnedEvidence } from '../../state/store.ts';
import { describeRef, refKey } from './model.ts';

const KIND_SHORT: Record<string, string> = {
  metric: 'MET',
  metrics: 'MET',
  log: 'LOG',
  logs: 'LOG',
  trace: 'TRC',
  traces: 'TRC',
  change: 'CHG',
  changes: 'CHG',
  alert: 'ALR',
  alerts: 'ALR',
  inject: 'MSG',
  injects: 'MSG',
  runbook: 'RBK',
  topology: 'TOP',
  overview: 'OVR',
  slos: 'SLO',
};

export function kindOf(ref: JsonValue): string {
  if (typeof ref === 'object' && ref !== null && !Array.isArray(ref) && typeof ref.kind === 'string') return ref.kind;
  return 'evidence';
}

export function KindTag({ kind }: { kind: string }) {
  return (
    <span className={`inc-kind inc-kind-${KIND_SHORT[kind] ?? 'EVD'}`} aria-hidden="true">
      {KIND_SHORT[kind] ?? 'EVD'}
    </span>
  );
}

/** Pinned evidence as toggle chips; `exclude` hides references already attached. */
export function EvidencePicker(props: { pinned: readonly PinnedEvidence[]; selected: ReadonlySet<string>; onToggle(key: string): void; exclude?: ReadonlySet<string>; label: string }) {
  const list = props.pinned.filter((p) => !props.exclude?.has(refKey(p.ref)));
  if (props.pinned.length === 0) {
    return <p className="faint inc-small inc-empty">Nothing pinned yet. Pin a chart, log line, trace or change with its pin button to attach it here.</p>;
  }
  if (list.length === 0) return <p className="faint inc-small inc-empty">Every pinned item is attached already.</p>;
  return (
    <div className="inc-chips" role="group" aria-label={props.label}>
      {list.map((p) => {
        const key = refKey(p.ref);
        const on = props.selected.has(key);
        return (
          <button key={key} type="button" className={`inc-chip${on ? ' on' : ''}`} aria-pressed={on} title={on ? 'Attached: click to detach' : 'Click to attach'} onClick={() => props.onToggle(key)}>
            <KindTag kind={p.ref.kind} />
            <span className="inc-chip-text">{p.label}</span>
          </button>
        );
      })}
    </div>
  );
}

export function EvidenceList({ refs, pinned }: { refs: readonly JsonValue[]; pinned: readonly PinnedEvidence[] }) {
  if (refs.length === 0) return null;
  return (
    <ul className="inc-evidence" aria-label="Evidence">
      {refs.map((r) => (
        <li key={refKey(r)} className="inc-chip static">
          <KindTag kind={kindOf(r)} />
          <span className="inc-chip-text">{describeRef(r, pinned)}</span>
        </li>
      ))}
    </ul>
  );
}
