// The briefing's view of the system: the service map and a compact inventory.

import type { ServiceInfo } from '../worker/protocol.ts';

export function BriefingMap({ services }: { services: readonly ServiceInfo[] }) {
  return (
    <div className="scroll">
      <table className="grid">
        <thead>
          <tr>
            <th>Service</th>
            <th>Type</th>
            <th>Version</th>
            <th className="num">Replicas</th>
            <th>Calls</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.id}>
              <td>{s.name ? `${s.name} (${s.id})` : s.id}</td>
              <td>{s.type}</td>
              <td className="mono">{s.version}</td>
              <td className="num">{s.replicas}</td>
              <td className="muted">{s.calls.map((c) => c.to).join(', ') || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
