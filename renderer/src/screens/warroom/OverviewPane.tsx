// Being built (issue 4): replaced by its owner.
export function OverviewPane() {
  return <div className="panel-body muted">OverviewPane</div>;
}
