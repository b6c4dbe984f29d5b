import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ConfigWriteIssue } from '../../../src-shared/protocol/settings.js';
import { checkConfigText } from './config-check.js';
import { SaveStatusLine } from './settings-section.js';
import type { ConfigEditor } from './use-config-editor.js';
import type { SaveStatus } from './use-section-form.js';

function describePlace(issue: ConfigWriteIssue): string {
  if (issue.line === undefined) return '';
  return issue.column === undefined ? `line ${issue.line}` : `line ${issue.line}, column ${issue.column}`;
}

/** An issue list for the raw text: key path, line and column, message. */
function RawIssues({ issues, label }: { issues: readonly ConfigWriteIssue[]; label: string }) {
  if (issues.length === 0) return null;
  return (
    <ul className="issue-list raw-issues issues-error" aria-label={label}>
      {issues.map((issue, index) => (
        <li key={`${issue.path}\u0000${index}`}>
          <code className="mono issue-path">{issue.path || 'whole file'}</code>
          {issue.line !== undefined ? <span className="muted issue-place">{describePlace(issue)}</span> : null}
          <span className="issue-message">{issue.message}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * The whole file as text, for everything the forms do not cover. It is checked as you type (YAML
 * syntax, then the schema); Save stays disabled while anything is wrong. Secrets show as the
 * redaction placeholder, which the gateway replaces with the file's value when saving.
 */
export function RawConfigTab({ editor }: { editor: ConfigEditor }) {
  const snapshot = editor.snapshot;
  const original = snapshot?.raw ?? '';
  const [text, setText] = useState(original);
  const [status, setStatus] = useState<SaveStatus>({ phase: 'idle' });
  const adoptNext = useRef(false);
  const textId = useId();
  const issues = useMemo(() => checkConfigText(text), [text]);

  // After a save (or a Reload) the editor holds the file as written: show that text.
  useEffect(() => {
    if (!adoptNext.current) return;
    adoptNext.current = false;
    setText(snapshot?.raw ?? '');
  }, [snapshot]);

  if (snapshot && snapshot.raw === null && snapshot.raw_withheld_reason) {
    return (
      <section className="panel" aria-label="Raw YAML">
        <p className="state-note" role="note">
          The file's text is not shown here: {snapshot.raw_withheld_reason} Edit the file itself, or use the forms.
        </p>
      </section>
    );
  }

  async function save(): Promise<void> {
    setStatus({ phase: 'saving' });
    const outcome = await editor.save({ raw: text });
    if (outcome.ok) adoptNext.current = true;
    setStatus(outcome.ok ? { phase: 'saved', applied: outcome.result.applied } : { phase: 'failed', failure: outcome.failure });
  }

  const serverIssues = status.phase === 'failed' ? status.failure.issues : [];
  const changed = text !== original;
  return (
    <section className="panel raw-config" aria-labelledby={`${textId}-title`}>
      <h2 id={`${textId}-title`} className="panel-title">
        Raw YAML <span className="muted panel-subtitle">{snapshot?.path}</span>
      </h2>
      <p className="section-intro muted">
        Everything the forms do not cover. Secrets show as <code className="mono">__OPENCLAW_REDACTED__</code>: leave that text as it is to keep the
        value in the file. Comments and blank lines are kept as you write them.
      </p>
      <label className="visually-hidden" htmlFor={textId}>
        Config file text
      </label>
      <textarea
        id={textId}
        className="raw-config-text mono"
        rows={20}
        spellCheck={false}
        value={text}
        aria-invalid={issues.length > 0}
        onChange={(event) => setText(event.target.value)}
      />
      <p className={issues.length > 0 ? 'field-error' : 'field-status'} role="status">
        {issues.length > 0 ? `${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}: fix ${issues.length === 1 ? 'it' : 'them'} to save.` : 'Valid.'}
      </p>
      <RawIssues issues={issues} label="Problems in the text" />
      <RawIssues issues={serverIssues} label="Problems the gateway found" />
      <div className="save-bar">
        <button type="button" className="button button-primary" disabled={!changed || issues.length > 0 || status.phase === 'saving'} onClick={() => void save()}>
          Save file
        </button>
        <button
          type="button"
          className="button"
          disabled={!changed}
          onClick={() => {
            setText(original);
            setStatus({ phase: 'idle' });
          }}
        >
          Discard changes
        </button>
        <SaveStatusLine
          status={status}
          onReload={() => {
            adoptNext.current = true;
            editor.reload();
          }}
        />
      </div>
    </section>
  );
}
