import { redactConfig } from '../../../src-shared/config/redact.js';
import { formatClockTime, formatTimestamp } from '../../lib/format.js';
import { ConfigIssues } from './config-issues.js';
import { ConfigTree } from './config-tree.js';
import { useConfig } from './use-config.js';

interface ConfigFileTextProps {
  raw: string | null;
  redacted: boolean;
  withheldReason: string | null;
}

/** The file's text as the gateway sent it (secrets replaced), or why the gateway withheld it; nothing when there is no file. */
function ConfigFileText({ raw, redacted, withheldReason }: ConfigFileTextProps) {
  if (raw === null && withheldReason === null) return null;
  return (
    <section className="panel" aria-labelledby="config-text-title">
      <h2 id="config-text-title" className="panel-title">
        File text {redacted && raw !== null ? <span className="muted panel-subtitle">secrets redacted</span> : null}
      </h2>
      {raw === null ? (
        <p className="state-note" role="note">
          Not shown: {withheldReason}
        </p>
      ) : (
        <pre className="json-block mono" aria-label="Config file text">
          {raw}
        </pre>
      )}
    </section>
  );
}

/** The config view: where the file is and whether it is valid, its issues and warnings, and the config in effect. */
export function ConfigView() {
  const config = useConfig();

  if (config.phase === 'loading') {
    return (
      <p className="state-note" role="status">
        Loading the config snapshot…
      </p>
    );
  }
  if (config.phase === 'error' || !config.snapshot || !config.effective) {
    return (
      <div className="state-note state-error" role="alert">
        <p>Could not load the config: {config.error}</p>
        <button type="button" className="button" onClick={config.reload}>
          Try again
        </button>
      </div>
    );
  }

  const { snapshot, effective, notice } = config;
  const issues = config.announcedIssues ?? snapshot.issues;
  const valid = config.announcedIssues ? false : snapshot.valid;
  // The gateway redacts already; redacting again costs nothing and keeps a future gateway bug off the screen.
  const shownConfig = redactConfig(effective.config);

  return (
    <div className="config-view">
      {notice ? (
        <p className={`banner ${notice.kind === 'invalid' ? 'banner-error' : 'banner-info'}`} role="status">
          <span className="muted">{formatClockTime(notice.at)}</span> {notice.message}
        </p>
      ) : null}
      {config.error ? (
        <p className="banner banner-warning" role="alert">
          Could not refresh the config: {config.error}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="config-file-title">
        <h2 id="config-file-title" className="panel-title">
          Config file
        </h2>
        <dl className="summary-grid">
          <div>
            <dt>Path</dt>
            <dd className="mono break">{snapshot.path}</dd>
          </div>
          <div>
            <dt>Exists</dt>
            <dd>{snapshot.exists ? 'yes' : 'no (defaults apply)'}</dd>
          </div>
          <div>
            <dt>Valid</dt>
            <dd>
              {valid ? (
                <span className="badge badge-ok">valid</span>
              ) : (
                <span className="badge badge-error">
                  invalid, {issues.length} {issues.length === 1 ? 'issue' : 'issues'}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>Loaded at</dt>
            <dd>{formatTimestamp(snapshot.loaded_at)}</dd>
          </div>
          <div>
            <dt>Hash</dt>
            <dd className="mono" title={snapshot.hash ?? undefined}>
              {snapshot.hash ? `${snapshot.hash.slice(0, 16)}…` : '—'}
            </dd>
          </div>
          <div>
            <dt>Warnings</dt>
            <dd>{snapshot.warnings.length}</dd>
          </div>
        </dl>
      </section>
      <ConfigIssues title="Issues" issues={issues} tone="error" />
      <ConfigIssues title="Warnings" issues={snapshot.warnings} tone="warning" />
      <section className="panel" aria-labelledby="config-tree-title">
        <h2 id="config-tree-title" className="panel-title">
          Config in effect <span className="muted panel-subtitle">secrets redacted{valid ? '' : '; the last good config'}</span>
        </h2>
        <ConfigTree config={shownConfig} label="Config in effect" />
      </section>
      <ConfigFileText raw={snapshot.raw} redacted={snapshot.raw_redacted} withheldReason={snapshot.raw_withheld_reason} />
    </div>
  );
}
