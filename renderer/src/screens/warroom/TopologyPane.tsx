// Being built (issue 4): replaced by its owner.
export function TopologyPane() {
  return <div className="panel-body muted">TopologyPane</div>;
}
