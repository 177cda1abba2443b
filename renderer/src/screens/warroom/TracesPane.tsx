// Being built (issue 4): replaced by its owner.
export function TracesPane() {
  return <div className="panel-body muted">TracesPane</div>;
}
