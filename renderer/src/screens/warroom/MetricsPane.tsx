// Being built (issue 4): replaced by its owner.
export function MetricsPane() {
  return <div className="panel-body muted">MetricsPane</div>;
}
