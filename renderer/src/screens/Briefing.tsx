// Being built (issue 4).
export function Briefing() {
  return <div className="panel-body muted">Briefing</div>;
}
