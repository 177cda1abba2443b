// Being built (issue 4).
export function Debrief() {
  return <div className="panel-body muted">Debrief</div>;
}
