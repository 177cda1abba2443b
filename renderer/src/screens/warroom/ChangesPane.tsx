// Being built (issue 4): replaced by its owner.
export function ChangesPane() {
  return <div className="panel-body muted">ChangesPane</div>;
}
