import { memo } from 'react';
import { formatClockTime, formatCount, formatJson, formatTimestamp } from '../../lib/format.js';
import type { LogViewLine } from './log-lines.js';

/** Lines drawn at most (newest first); Export has them all. */
export const LOG_LIST_RENDER_LIMIT = 500;

const SEVERE_LEVELS = new Set(['fatal', 'error']);

function levelClass(level: string): string {
  if (SEVERE_LEVELS.has(level)) return 'log-level log-level-error';
  if (level === 'warn' || level === 'warning') return 'log-level log-level-warn';
  if (level === 'success') return 'log-level log-level-ok';
  return 'log-level';
}

const LogRow = memo(function LogRow({ line }: { line: LogViewLine }) {
  const at = Date.parse(line.time);
  const valid = !Number.isNaN(at);
  return (
    <li className={`log-row${SEVERE_LEVELS.has(line.level) ? ' log-row-error' : ''}`}>
      <div className="log-line">
        <time className="log-time mono" dateTime={line.time} title={valid ? formatTimestamp(at) : line.time}>
          {valid ? formatClockTime(at) : line.time}
        </time>
        <span className={levelClass(line.level)}>{line.level}</span>
        <span className="log-message">{line.message}</span>
      </div>
      {line.fields ? (
        <details className="log-fields">
          <summary className="mono">{JSON.stringify(line.fields)}</summary>
          <pre className="json-block">{formatJson(line.fields)}</pre>
        </details>
      ) : null}
      {/* Newest first: what happened before this line is drawn below it. */}
      {line.restartedBefore ? (
        <p className="log-gap" role="note">
          The gateway restarted: lines above are from the new process
        </p>
      ) : null}
      {line.missedBefore ? (
        <p className="log-gap" role="note" title="The gateway keeps its newest 2,000 lines; the log file has them all">
          {formatCount(line.missedBefore)} older {line.missedBefore === 1 ? 'line' : 'lines'} not kept
        </p>
      ) : null}
    </li>
  );
});

/** Log lines newest first (up to LOG_LIST_RENDER_LIMIT), fields folded under each line, gaps and restarts marked. */
export function LogList({ lines }: { lines: readonly LogViewLine[] }) {
  const newest = lines.slice(-LOG_LIST_RENDER_LIMIT).reverse();
  return (
    <>
      <ol className="log-list" aria-label="Log lines, newest first">
        {newest.map((line) => (
          <LogRow key={line.id} line={line} />
        ))}
      </ol>
      {lines.length > LOG_LIST_RENDER_LIMIT ? (
        <p className="state-note">
          Showing the newest {formatCount(LOG_LIST_RENDER_LIMIT)} of {formatCount(lines.length)} matching lines; narrow the filter or
          export to see the rest.
        </p>
      ) : null}
    </>
  );
}
