import type { ConfigIssue } from '../../../src-shared/config/snapshot.js';

export interface ConfigIssuesProps {
  title: string;
  issues: ConfigIssue[];
  tone: 'error' | 'warning';
}

/** A list of config issues or warnings, each with its key path (or "whole file"). */
export function ConfigIssues({ title, issues, tone }: ConfigIssuesProps) {
  if (issues.length === 0) return null;
  return (
    <section className={`panel issues issues-${tone}`} aria-label={title}>
      <h2 className="panel-title">
        {title} <span className="count-badge">{issues.length}</span>
      </h2>
      <ul className="issue-list">
        {issues.map((issue, index) => (
          <li key={`${issue.path}\u0000${index}`}>
            <code className="mono issue-path">{issue.path || 'whole file'}</code>
            <span className="issue-message">{issue.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
