import { useCallback, useMemo, useRef, useState } from 'react';
import { SessionDetail } from './session-detail.js';
import { listIndexedChannels } from './session-index.js';
import { SessionsFilters } from './sessions-filters.js';
import { SessionsTable } from './sessions-table.js';
import { StoreRecoveryNotice } from './store-recovery-notice.js';
import { DEFAULT_SESSION_QUERY, resolveSessionRows } from './session-rows.js';
import type { SessionQuery, SessionSortKey } from './session-rows.js';
import { useSessions } from './use-sessions.js';

export interface SessionsViewProps {
  selectedKey: string | undefined;
  onSelect(key: string | undefined): void;
  onOpenInChat(key: string): void;
}

/**
 * The sessions view: filters, the table, and the detail pane of the selected session. Search, filters
 * and sort read the sessions' index (rows derived once per entry, orders kept current by each change),
 * so a keystroke or a click costs one pass over precomputed rows, and a live change a few row updates.
 */
export function SessionsView({ selectedKey, onSelect, onOpenInChat }: SessionsViewProps) {
  const sessions = useSessions();
  const { index } = sessions;
  const [query, setQuery] = useState<SessionQuery>(DEFAULT_SESSION_QUERY);
  const rows = useMemo(() => resolveSessionRows(index, query), [index, query]);
  const channelCounts = index.channelCounts;
  const channels = useMemo(() => listIndexedChannels({ channelCounts }), [channelCounts]);
  const total = index.rows.size;
  // The rows are memoised on it: one function for the view's life, calling the latest onSelect.
  const latestSelect = useRef(onSelect);
  latestSelect.current = onSelect;
  const select = useCallback((key: string) => latestSelect.current(key), []);

  function onSort(sort: SessionSortKey): void {
    const sameColumn = query.sort === sort;
    const direction = sameColumn ? (query.direction === 'asc' ? 'desc' : 'asc') : sort === 'updated_at' || sort === 'tokens' ? 'desc' : 'asc';
    setQuery({ ...query, sort, direction });
  }

  if (sessions.phase === 'loading') {
    return (
      <p className="state-note" role="status">
        Loading sessions…
      </p>
    );
  }

  if (sessions.phase === 'error') {
    return (
      <div className="state-note state-error" role="alert">
        <p>Could not load sessions: {sessions.error}</p>
        <button type="button" className="button" onClick={sessions.reload}>
          Try again
        </button>
      </div>
    );
  }

  return (
    <div className={selectedKey ? 'split-view has-detail' : 'split-view'}>
      <section className="split-main" aria-label="Sessions">
        {sessions.error ? (
          <p className="banner banner-warning" role="alert">
            Could not refresh sessions: {sessions.error} The list below may be out of date.
          </p>
        ) : null}
        {sessions.recovery ? <StoreRecoveryNotice recovery={sessions.recovery} /> : null}
        {total === 0 && !sessions.recovery ? (
          <div className="empty-state">
            <h2>No sessions yet</h2>
            <p>
              A session appears here, live, as soon as someone talks to your assistant: each Telegram chat or local client
              conversation gets one. Sessions are kept in <code className="mono">sessions.json</code> in the OpenClaw state
              directory (<code className="mono">~/.openclaw/agents/main/sessions/</code> by default).
            </p>
          </div>
        ) : total === 0 ? null : (
          <>
            <SessionsFilters query={query} channels={channels} shown={rows.length} total={total} expected={sessions.whole ? null : sessions.expected} onChange={setQuery} />
            {rows.length === 0 ? (
              <p className="state-note">No session matches these filters.</p>
            ) : (
              <SessionsTable rows={rows} query={query} selectedKey={selectedKey} onSort={onSort} onSelect={select} />
            )}
          </>
        )}
      </section>
      {selectedKey ? (
        <SessionDetail
          key={selectedKey}
          sessionKey={selectedKey}
          entry={index.rows.get(selectedKey)?.entry}
          onSaveLabel={(label) => sessions.patch(selectedKey, { label })}
          onDelete={async () => {
            await sessions.remove(selectedKey);
            onSelect(undefined);
          }}
          onClose={() => onSelect(undefined)}
          onOpenInChat={() => onOpenInChat(selectedKey)}
        />
      ) : null}
    </div>
  );
}
