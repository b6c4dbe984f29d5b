import { useMemo, useState } from 'react';
import { downloadText, resolveFileStamp } from '../../lib/download.js';
import { formatCount } from '../../lib/format.js';
import { LogList } from './log-list.js';
import { DEFAULT_LOG_FILTER, filterLogLines, LOG_LEVELS, LOG_VIEW_CAPACITY, resolveLogExport, type LogExportFormat, type LogFilter, type LogViewLine } from './log-lines.js';
import { useDesktopLog, type DesktopLogReader } from './use-desktop-log.js';
import { useGatewayLog } from './use-gateway-log.js';

export type LogSource = 'gateway' | 'desktop';

export interface LogsViewProps {
  /** The desktop app's log reader when the page runs in its window; the source switch appears only then. */
  readDesktopLog?: DesktopLogReader;
}

const SOURCE_NAMES: Record<LogSource, string> = { gateway: 'Gateway', desktop: 'Desktop app' };

const EXPORT_TYPES: Record<LogExportFormat, string> = { jsonl: 'application/x-ndjson', txt: 'text/plain' };

interface LogPanelProps {
  source: LogSource;
  lines: readonly LogViewLine[];
  file: string | null;
  phase: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Lines that fell out of the page's buffer. */
  dropped: number;
  reload(): void;
  /** Live sources can be paused; the desktop log is read on demand (Refresh). */
  live: boolean;
  filter: LogFilter;
  onFilter(filter: LogFilter): void;
}

/** Filters, pause, export and the lines of one source. */
function LogPanel({ source, lines, file, phase, error, dropped, reload, live, filter, onFilter }: LogPanelProps) {
  // Paused keeps the lines as they were (state arrays are never mutated), newer ones wait.
  const [frozen, setFrozen] = useState<readonly LogViewLine[] | null>(null);
  const visible = frozen ?? lines;
  const shown = useMemo(() => filterLogLines(visible, filter), [visible, filter]);
  const lastShownId = visible.at(-1)?.id ?? 0;
  const waiting = frozen ? lines.filter((line) => line.id > lastShownId).length : 0;

  function exportShown(format: LogExportFormat): void {
    const name = `openclaw-${source}-log-${resolveFileStamp(Date.now())}.${format}`;
    downloadText(name, resolveLogExport(shown, format), EXPORT_TYPES[format]);
  }

  if (phase === 'loading') {
    return (
      <p className="state-note" role="status">
        Loading the {SOURCE_NAMES[source].toLowerCase()} log…
      </p>
    );
  }
  if (phase === 'error') {
    return (
      <div className="state-note state-error" role="alert">
        <p>Could not read the {SOURCE_NAMES[source].toLowerCase()} log: {error}</p>
        <button type="button" className="button" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }

  return (
    <>
      {error ? (
        <p className="banner banner-warning" role="alert">
          Could not refresh: {error} The lines below may be out of date.
        </p>
      ) : null}
      <p className="log-file muted">
        {file ? (
          <>
            Also written to <code className="mono break">{file}</code>.
          </>
        ) : (
          'Not written to a file (console only).'
        )}{' '}
        {live ? 'Secrets are redacted before a line is kept.' : null}
      </p>
      <div className="toolbar" role="group" aria-label="Log controls">
        <label className="field">
          <span className="field-label">Level</span>
          <select value={filter.level} onChange={(event) => onFilter({ ...filter, level: event.target.value as LogFilter['level'] })}>
            <option value="">All levels</option>
            {LOG_LEVELS.filter((level) => level !== 'trace').map((level) => (
              <option key={level} value={level}>
                {level === 'fatal' ? 'fatal only' : `${level} and above`}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-grow">
          <span className="field-label">Search</span>
          <input type="search" value={filter.search} placeholder="Text in the message or its fields" onChange={(event) => onFilter({ ...filter, search: event.target.value })} />
        </label>
        <div className="toolbar-buttons">
          {live ? (
            <button type="button" className="button" aria-pressed={frozen !== null} onClick={() => setFrozen(frozen ? null : lines)}>
              {frozen ? `Resume${waiting ? ` (${formatCount(waiting)} new)` : ''}` : 'Pause'}
            </button>
          ) : (
            <button type="button" className="button" onClick={reload}>
              Refresh
            </button>
          )}
          <button type="button" className="button" onClick={() => exportShown('jsonl')} disabled={shown.length === 0}>
            Export .jsonl
          </button>
          <button type="button" className="button" onClick={() => exportShown('txt')} disabled={shown.length === 0}>
            Export .txt
          </button>
        </div>
      </div>
      <p className="toolbar-count" aria-live="polite">
        {formatCount(shown.length)} of {formatCount(visible.length)} lines
        {frozen ? ', paused' : ''}
        {dropped ? `; ${formatCount(dropped)} older lines dropped from this page (it keeps the last ${formatCount(LOG_VIEW_CAPACITY)})` : ''}
      </p>
      {visible.length === 0 ? (
        <p className="empty-note">{live ? 'No lines yet. New lines appear here as the gateway writes them.' : 'The desktop app has not written anything to its log yet.'}</p>
      ) : shown.length === 0 ? (
        <p className="empty-note">No line matches the filter.</p>
      ) : (
        <LogList lines={shown} />
      )}
    </>
  );
}

function GatewayLogPanel(props: Pick<LogPanelProps, 'filter' | 'onFilter'>) {
  const log = useGatewayLog();
  return <LogPanel source="gateway" live {...log} {...props} />;
}

function DesktopLogPanel({ read, ...props }: Pick<LogPanelProps, 'filter' | 'onFilter'> & { read: DesktopLogReader }) {
  const log = useDesktopLog(read);
  return <LogPanel source="desktop" live={false} {...log} {...props} />;
}

/** The Logs page: the gateway's log live (and, in the desktop app, the app's own log), with level filter, search, pause and export. */
export function LogsView({ readDesktopLog }: LogsViewProps) {
  const [source, setSource] = useState<LogSource>('gateway');
  const [filter, setFilter] = useState<LogFilter>(DEFAULT_LOG_FILTER);
  return (
    <div className="logs-view">
      <section className="panel" aria-labelledby="logs-title">
        <header className="panel-header">
          <h2 id="logs-title" className="panel-title">
            {readDesktopLog ? 'Logs' : 'Gateway log'}
          </h2>
          {readDesktopLog ? (
            <div className="segmented" role="group" aria-label="Log source">
              {(['gateway', 'desktop'] as const).map((option) => (
                <button key={option} type="button" className="segmented-option" aria-pressed={source === option} onClick={() => setSource(option)}>
                  {SOURCE_NAMES[option]}
                </button>
              ))}
            </div>
          ) : null}
        </header>
        {source === 'desktop' && readDesktopLog ? (
          <DesktopLogPanel read={readDesktopLog} filter={filter} onFilter={setFilter} />
        ) : (
          <GatewayLogPanel filter={filter} onFilter={setFilter} />
        )}
      </section>
    </div>
  );
}
