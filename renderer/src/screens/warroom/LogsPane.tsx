// Being built (issue 4): replaced by its owner.
export function LogsPane() {
  return <div className="panel-body muted">LogsPane</div>;
}
