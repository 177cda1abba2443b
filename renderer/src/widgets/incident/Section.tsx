// A collapsible section of the incident panel: a header button (name, count, extra) and a body.

import { useId, useState, type ReactNode } from 'react';

export function Section(props: { title: string; count?: ReactNode; extra?: ReactNode; defaultOpen?: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(props.defaultOpen ?? true);
  const bodyId = useId();
  return (
    <section className={`inc-section${open ? ' open' : ''}`} aria-label={props.title}>
      <div className="inc-section-head">
        <button type="button" className="inc-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
          <span className="inc-chevron" aria-hidden="true" />
          <h3>{props.title}</h3>
          {props.count !== undefined && props.count !== null && <span className="inc-count">{props.count}</span>}
        </button>
        {open && props.extra}
      </div>
      {open && (
        <div className="inc-section-body" id={bodyId}>
          {props.children}
        </div>
      )}
    </section>
  );
}
