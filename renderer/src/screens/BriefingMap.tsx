// The briefing's view of the system: the service map (no health yet: the shift has not
// started) and, for the selected service, what it is and what it calls.

import { useState } from 'react';
import { TopologyMap } from '../widgets/topology/TopologyMap.tsx';
import type { ServiceInfo } from '../worker/protocol.ts';

export function BriefingMap({ services }: { services: readonly ServiceInfo[] }) {
  const [selected, setSelected] = useState<string | null>(null);
  const s = services.find((x) => x.id === selected) ?? null;
  return (
    <div className="briefing-map">
      <TopologyMap services={services} selected={selected} onSelect={setSelected} label="System map" autoFit="all" />
      <div className="briefing-map-detail muted" aria-live="polite">
        {s ? (
          <>
            <strong className="tone-info">{s.name ? `${s.name} (${s.id})` : s.id}</strong> · {s.type} · <span className="mono">{s.version}</span> · {s.replicas} replicas in{' '}
            {s.zones.join(', ')}
            {s.language ? ` · ${s.language}` : ''}
            {s.calls.length > 0 && ` · calls ${s.calls.map((c) => `${c.to} (timeout ${c.timeoutMs} ms${c.retries ? `, ${c.retries} retries` : ''})`).join(', ')}`}
          </>
        ) : (
          'Select a service to see what it is and what it calls.'
        )}
      </div>
    </div>
  );
}
