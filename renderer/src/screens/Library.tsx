// Being built (issue 4).
export function Library() {
  return <div className="panel-body muted">Library</div>;
}
