// Validation messages of a scenario file, as `firedrill validate` prints them: file:line:col,
// the field path, the message and a hint.

import type { ScenarioIssue } from '../../../engine/src/index.ts';

export function IssueList({ issues }: { issues: readonly ScenarioIssue[] }) {
  return (
    <ol className="issue-list" aria-label="Validation messages">
      {issues.map((i, k) => (
        <li key={k} className={i.severity === 'error' ? 'issue error' : 'issue warning'}>
          <code className="issue-where">
            {i.file}:{i.line}:{i.col}
          </code>
          <span className={`badge ${i.severity === 'error' ? 'crit' : 'warn'}`}>{i.severity}</span>
          {i.path && <code className="issue-path">{i.path}</code>}
          <span className="issue-message">{i.message}</span>
          {i.hint && <span className="issue-hint muted">{i.hint}</span>}
        </li>
      ))}
    </ol>
  );
}
