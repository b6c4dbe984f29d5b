import { useState } from 'react';
import { formatBytes, formatClockTime, formatJson } from '../../lib/format.js';
import type { EventLogEntry } from './event-log.js';

export const EVENT_LIST_RENDER_LIMIT = 300;

function EventRow({ entry, expanded, onToggle }: { entry: EventLogEntry; expanded: boolean; onToggle(): void }) {
  const arrow = entry.direction === 'in' ? '←' : '→';
  return (
    <li className={`event-row event-${entry.kind} event-${entry.direction}`}>
      {entry.gap > 0 ? (
        <p className="event-gap" role="note">
          {entry.gap} {entry.gap === 1 ? 'event' : 'events'} missed before seq {entry.seq} (seq {(entry.seq ?? 0) - entry.gap}
          {entry.gap > 1 ? `–${(entry.seq ?? 0) - 1}` : ''})
        </p>
      ) : null}
      <button type="button" className="event-summary" aria-expanded={expanded} onClick={onToggle}>
        <time className="event-time mono" dateTime={new Date(entry.at).toISOString()}>
          {formatClockTime(entry.at)}
        </time>
        <span className="event-direction" aria-label={entry.direction === 'in' ? 'received' : 'sent'} title={entry.direction === 'in' ? 'received' : 'sent'}>
          {arrow}
        </span>
        <span className={`badge badge-${entry.kind}`}>{entry.kind}</span>
        <span className="event-name mono">{entry.name}</span>
        <span className="event-seq mono">{entry.seq === undefined ? '' : `#${entry.seq}`}</span>
        <span className="event-bytes muted">{formatBytes(entry.bytes)}</span>
      </button>
      {expanded ? <pre className="json-block event-json">{formatJson(entry.frame)}</pre> : null}
    </li>
  );
}

/** The newest frames first (up to EVENT_LIST_RENDER_LIMIT), each expandable to its pretty JSON. */
export function EventList({ entries }: { entries: readonly EventLogEntry[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const newest = entries.slice(-EVENT_LIST_RENDER_LIMIT).reverse();

  function toggle(id: number): void {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <>
      <ol className="event-list" aria-label="Frames, newest first">
        {newest.map((entry) => (
          <EventRow key={entry.id} entry={entry} expanded={expanded.has(entry.id)} onToggle={() => toggle(entry.id)} />
        ))}
      </ol>
      {entries.length > EVENT_LIST_RENDER_LIMIT ? (
        <p className="state-note">
          Showing the newest {EVENT_LIST_RENDER_LIMIT} of {entries.length} matching frames; narrow the filter or export to see the rest.
        </p>
      ) : null}
    </>
  );
}
