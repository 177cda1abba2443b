// Being built (issue 4): replaced by its owner.
export function IncidentPanel() {
  return <div className="panel-body muted">IncidentPanel</div>;
}
