// Being built (issue 4): replaced by its owner.
export function RunbooksPane() {
  return <div className="panel-body muted">RunbooksPane</div>;
}
