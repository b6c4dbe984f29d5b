import { useMemo, useState } from 'react';
import { downloadText, resolveFileStamp } from '../../lib/download.js';
import { useGatewayClient } from '../../lib/gateway-context.js';
import { formatCount } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import { EventList } from './event-list.js';
import { DEFAULT_EVENT_FILTER, filterEventEntries, listEventNames } from './event-filter.js';
import type { EventFilter } from './event-filter.js';
import type { EventLog } from './event-log.js';
import { resolveEventExport } from './export-events.js';
import { RequestConsole } from './request-console.js';
import { Sparkline } from './sparkline.js';
import { useEventLogEntries } from './use-event-log.js';

const SPARKLINE_TICK_MS = 1000;

function EventRate({ log }: { log: EventLog }) {
  const now = useNow(SPARKLINE_TICK_MS);
  const series = log.rate(now);
  const current = series[series.length - 2] ?? 0;
  const peak = Math.max(0, ...series);
  // A flat line in an empty box reads as broken; say what it means instead.
  if (peak === 0) {
    return (
      <div className="event-rate">
        <span className="muted">No events in the last minute</span>
      </div>
    );
  }
  return (
    <div className="event-rate">
      <Sparkline values={series} label={`Events per second over the last minute: ${current} now, peak ${peak}`} />
      <span className="muted">
        {current} events/s · peak {peak}
      </span>
    </div>
  );
}

/** The live event log (the old /ws-test page): every frame in and out, filters, pause, export, and a request console. */
export function EventLogView({ log }: { log: EventLog }) {
  const client = useGatewayClient();
  const entries = useEventLogEntries(log);
  const [filter, setFilter] = useState<EventFilter>(DEFAULT_EVENT_FILTER);
  const shown = useMemo(() => filterEventEntries(entries, filter), [entries, filter]);
  const names = useMemo(() => listEventNames(entries), [entries]);
  const paused = log.isPaused();
  const pending = log.pendingCount();
  const dropped = log.droppedCount();

  function exportShown(): void {
    downloadText(`openclaw-events-${resolveFileStamp(Date.now())}.json`, resolveEventExport(shown, client.baseUrl, Date.now()));
  }

  return (
    <div className="events-view">
      <RequestConsole />
      <section className="panel" aria-labelledby="event-log-title">
        <header className="panel-header">
          <h2 id="event-log-title" className="panel-title">
            Event log
          </h2>
          <EventRate log={log} />
        </header>
        <div className="toolbar" role="group" aria-label="Event log controls">
          <label className="field">
            <span className="field-label">Name</span>
            <select value={filter.name} onChange={(event) => setFilter({ ...filter, name: event.target.value })}>
              <option value="">All names</option>
              {names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Direction</span>
            <select value={filter.direction} onChange={(event) => setFilter({ ...filter, direction: event.target.value as EventFilter['direction'] })}>
              <option value="">In and out</option>
              <option value="in">Received</option>
              <option value="out">Sent</option>
            </select>
          </label>
          <label className="field field-grow">
            <span className="field-label">Search</span>
            <input type="search" value={filter.search} placeholder="Text anywhere in the frame" onChange={(event) => setFilter({ ...filter, search: event.target.value })} />
          </label>
          <div className="toolbar-buttons">
            <button type="button" className="button" aria-pressed={paused} onClick={() => (paused ? log.resume() : log.pause())}>
              {paused ? `Resume${pending ? ` (${formatCount(pending)} waiting)` : ''}` : 'Pause'}
            </button>
            <button type="button" className="button" onClick={() => log.clear()} disabled={entries.length === 0 && pending === 0}>
              Clear
            </button>
            <button type="button" className="button" onClick={exportShown} disabled={shown.length === 0}>
              Export JSON
            </button>
          </div>
        </div>
        <p className="toolbar-count" aria-live="polite">
          {formatCount(shown.length)} of {formatCount(entries.length)} frames
          {paused ? ', paused' : ''}
          {dropped ? `; ${formatCount(dropped)} older frames dropped (the log keeps the last ${formatCount(log.capacity)})` : ''}
        </p>
        {entries.length === 0 ? (
          <p className="empty-note">
            No frames yet. Frames appear here as the dashboard talks to the gateway: session and config changes arrive as events,
            and anything you send from the console above shows up with its response.
          </p>
        ) : shown.length === 0 ? (
          <p className="empty-note">No frame matches the filter.</p>
        ) : (
          <EventList entries={shown} />
        )}
      </section>
    </div>
  );
}
