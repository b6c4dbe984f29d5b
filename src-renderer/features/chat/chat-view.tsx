import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { resolveSessionChannel } from '../../../src-shared/sessions/channel.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { Dialog } from '../../lib/dialog.js';
import { useMediaQuery } from '../../lib/use-media-query.js';
import { resolveSessionOrder, type IndexedSession } from '../sessions/session-index.js';
import { useSessions } from '../sessions/use-sessions.js';
import { createDashboardSessionKey } from './chat-state.js';
import { Conversation } from './conversation.js';
import { resolveConversationTitle, resolveEntryName } from './conversation-title.js';
import { useFirstMessages } from './use-first-messages.js';
import type { FirstMessageTarget } from './use-first-messages.js';

export interface ChatViewProps {
  selectedKey: string | undefined;
  onSelect(key: string | undefined): void;
  /** The quick chat layout: the conversation alone, continuing the most recent one (or a new one). */
  compact?: boolean;
}

/** Below this width the conversation list is a drawer over the conversation, not a column beside it. */
export const CHAT_DRAWER_QUERY = '(max-width: 899px)';

/** A conversation's height until it is measured: a one-line title and the channel under it. */
const ESTIMATED_CONVERSATION_PX = 50;
/** Conversations rendered past each edge of the visible ones. */
const OVERSCAN_CONVERSATIONS = 6;
/** The list's grid gap (app.css .chat-session-list), counted between rows. */
const CONVERSATION_GAP_PX = 2;

interface ConversationItemProps {
  sessionKey: string;
  index: number;
  /** Conversations in the whole list: a screen reader hears "3 of 20,000", not of the few rendered. */
  count: number;
  /** The stored session; undefined for a conversation started here and not answered yet. */
  row: IndexedSession | undefined;
  firstMessage: string | undefined;
  selected: boolean;
  onSelect(key: string): void;
  measure(element: HTMLLIElement | null): void;
}

const ConversationItem = memo(function ConversationItem({ sessionKey, index, count, row, firstMessage, selected, onSelect, measure }: ConversationItemProps) {
  const channel = row ? row.channel : resolveSessionChannel(sessionKey, undefined);
  return (
    <li ref={measure} data-index={index} aria-setsize={count} aria-posinset={index + 1}>
      <button type="button" className="chat-session-button" title={sessionKey} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(sessionKey)}>
        <span className="chat-session-name">{resolveConversationTitle(row?.entry, firstMessage)}</span>
        <span className="chat-session-sub mono muted">
          {channel ?? '—'}
          {row ? null : ' · new'}
        </span>
      </button>
    </li>
  );
});

interface ConversationListProps {
  /** Conversations started here with no store entry yet, listed first. */
  pending: readonly string[];
  /** The stored conversations, most recently updated first. */
  stored: readonly IndexedSession[];
  firstMessages: ReadonlyMap<string, string>;
  selectedKey: string | undefined;
  onSelect(key: string): void;
  /** Told which conversations are on screen (their titles may have to be read), and [] when the list goes. */
  onShown(keys: readonly string[]): void;
}

/** The conversations, in a scrolling list that renders only those in view (plus a few). */
function ConversationList({ pending, stored, firstMessages, selectedKey, onSelect, onShown }: ConversationListProps) {
  const list = useRef<HTMLUListElement>(null);
  const keyAt = (index: number): string => (index < pending.length ? (pending[index] as string) : (stored[index - pending.length] as IndexedSession).key);
  const count = pending.length + stored.length;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => list.current,
    estimateSize: () => ESTIMATED_CONVERSATION_PX,
    overscan: OVERSCAN_CONVERSATIONS,
    gap: CONVERSATION_GAP_PX,
    getItemKey: keyAt,
  });
  const items = virtualizer.getVirtualItems();
  const shown = items.map((item) => keyAt(item.index)).join('\n');
  useEffect(() => onShown(shown ? shown.split('\n') : []), [shown, onShown]);
  useEffect(() => () => onShown([]), [onShown]);
  const last = items.at(-1);
  const before = items[0]?.start ?? 0;
  const after = last ? virtualizer.getTotalSize() - last.end : 0;
  return (
    <ul ref={list} className="chat-session-list" style={{ paddingTop: before, paddingBottom: after }}>
      {items.map((item) => {
        const key = keyAt(item.index);
        const row = item.index < pending.length ? undefined : stored[item.index - pending.length];
        return (
          <ConversationItem
            key={key}
            sessionKey={key}
            index={item.index}
            count={count}
            row={row}
            firstMessage={firstMessages.get(key)}
            selected={key === selectedKey}
            onSelect={onSelect}
            measure={virtualizer.measureElement}
          />
        );
      })}
    </ul>
  );
}

/**
 * The chat view: conversations to pick from (or a new one) and the selected conversation; the
 * list is a column from 900 px up, a drawer below, and absent in the quick chat's compact view.
 */
export function ChatView({ selectedKey, onSelect, compact = false }: ChatViewProps) {
  const sessions = useSessions();
  const { index } = sessions;
  const narrow = useMediaQuery(CHAT_DRAWER_QUERY);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // A new chat has no store entry until its first message is answered; keep it listed meanwhile.
  const [drafts, setDrafts] = useState<string[]>([]);
  const stored = useMemo(() => resolveSessionOrder(index, '-updated_at'), [index]);
  const pending = useMemo(
    () => [...drafts, ...(selectedKey ? [selectedKey] : [])].filter((key, i, all) => !index.rows.has(key) && all.indexOf(key) === i),
    [index, drafts, selectedKey],
  );

  // Conversations nobody named are called by their first message, read from their transcripts: only
  // those on screen (and the open one), so a long list costs what a screenful does.
  const [shown, setShown] = useState<readonly string[]>([]);
  const untitled = useMemo<FirstMessageTarget[]>(() => {
    const keys = new Set(shown);
    if (selectedKey) keys.add(selectedKey);
    return [...keys].flatMap((key) => {
      const entry: SessionEntry | undefined = index.rows.get(key)?.entry;
      return entry && !resolveEntryName(entry) ? [{ key, sessionId: entry.session_id }] : [];
    });
  }, [shown, selectedKey, index]);
  const firstMessages = useFirstMessages(compact ? [] : untitled);

  // The list's rows are memoised on it: one function for the view's life, calling the latest onSelect.
  const latestSelect = useRef(onSelect);
  latestSelect.current = onSelect;
  const select = useCallback((key: string) => {
    setDrawerOpen(false);
    latestSelect.current(key);
  }, []);

  function startNew(): void {
    const key = createDashboardSessionKey(Date.now());
    setDrafts((current) => [key, ...current]);
    select(key);
  }

  // Quick chat has no list to pick from: it continues the latest conversation, or starts one.
  const pickLatest = compact && !selectedKey && sessions.phase === 'ready';
  const latest = pending[0] ?? stored[0]?.key;
  useEffect(() => {
    if (!pickLatest) return;
    if (latest) onSelect(latest);
    else startNew();
  });

  const conversation = selectedKey ? (
    <Conversation
      key={selectedKey}
      sessionKey={selectedKey}
      entry={index.rows.get(selectedKey)?.entry}
      knownFirstMessage={firstMessages.get(selectedKey)}
      {...(narrow && !compact ? { onShowConversations: () => setDrawerOpen(true) } : {})}
    />
  ) : null;

  if (compact) return <div className="chat-layout chat-compact">{conversation}</div>;

  const list =
    sessions.phase === 'loading' ? (
      <p className="state-note" role="status">
        Loading conversations…
      </p>
    ) : sessions.phase === 'error' ? (
      <div className="state-note state-error" role="alert">
        <p>Could not load the conversations: {sessions.error}</p>
        <button type="button" className="button button-small" onClick={sessions.reload}>
          Try again
        </button>
      </div>
    ) : pending.length + stored.length === 0 ? (
      <p className="empty-note">No conversations yet. Start one with “New chat”.</p>
    ) : (
      <ConversationList pending={pending} stored={stored} firstMessages={firstMessages} selectedKey={selectedKey} onSelect={select} onShown={setShown} />
    );
  const newChat = (
    <button type="button" className="button button-primary button-small" onClick={startNew}>
      New chat
    </button>
  );

  // Narrow and nothing picked: the list is the page; once a conversation is open it moves into a drawer.
  if (narrow && conversation) {
    return (
      <div className="chat-layout chat-narrow">
        {conversation}
        {drawerOpen ? (
          <Dialog title="Conversations" variant="drawer" onDismiss={() => setDrawerOpen(false)}>
            <div className="chat-drawer-actions">
              <button type="button" className="button button-small" onClick={() => setDrawerOpen(false)}>
                Close
              </button>
              {newChat}
            </div>
            {list}
          </Dialog>
        ) : null}
      </div>
    );
  }

  return (
    <div className={narrow ? 'chat-layout chat-narrow' : 'split-view has-detail chat-layout'}>
      <section className="panel chat-sessions" aria-labelledby="chat-sessions-title">
        <div className="panel-header">
          <h2 id="chat-sessions-title" className="panel-title">
            Conversations
          </h2>
          {newChat}
        </div>
        {list}
      </section>
      {narrow ? null : conversation ?? (
        <section className="panel chat-panel empty-state" aria-label="Chat">
          <h2>Pick a conversation</h2>
          <p>Choose one on the left to read and continue it, or start a new chat with your assistant.</p>
        </section>
      )}
    </div>
  );
}
