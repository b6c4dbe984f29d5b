import { useEffect, useMemo, useState } from 'react';
import { resolveSessionChannel } from '../../../src-shared/sessions/channel.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { Dialog } from '../../lib/dialog.js';
import { useMediaQuery } from '../../lib/use-media-query.js';
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

interface ConversationListProps {
  keys: readonly string[];
  sessions: Record<string, SessionEntry>;
  firstMessages: ReadonlyMap<string, string>;
  selectedKey: string | undefined;
  onSelect(key: string): void;
}

function ConversationList({ keys, sessions, firstMessages, selectedKey, onSelect }: ConversationListProps) {
  return (
    <ul className="chat-session-list">
      {keys.map((key) => {
        const entry = sessions[key];
        const channel = resolveSessionChannel(key, entry);
        return (
          <li key={key}>
            <button
              type="button"
              className="chat-session-button"
              title={key}
              aria-current={key === selectedKey ? 'true' : undefined}
              onClick={() => onSelect(key)}
            >
              <span className="chat-session-name">{resolveConversationTitle(entry, firstMessages.get(key))}</span>
              <span className="chat-session-sub mono muted">
                {channel ?? '—'}
                {entry ? null : ' · new'}
              </span>
            </button>
          </li>
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
  const narrow = useMediaQuery(CHAT_DRAWER_QUERY);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // A new chat has no store entry until its first message is answered; keep it listed meanwhile.
  const [drafts, setDrafts] = useState<string[]>([]);
  const keys = useMemo(() => {
    const stored = Object.entries(sessions.sessions)
      .sort(([, a], [, b]) => b.updated_at - a.updated_at)
      .map(([key]) => key);
    const pending = [...drafts, ...(selectedKey ? [selectedKey] : [])].filter((key, i, all) => !stored.includes(key) && all.indexOf(key) === i);
    return [...pending, ...stored];
  }, [sessions.sessions, drafts, selectedKey]);

  // Conversations nobody named are called by their first message, read from their transcripts.
  const untitled = useMemo<FirstMessageTarget[]>(
    () =>
      keys.flatMap((key) => {
        const entry = sessions.sessions[key];
        return entry && !resolveEntryName(entry) ? [{ key, sessionId: entry.session_id }] : [];
      }),
    [keys, sessions.sessions],
  );
  const firstMessages = useFirstMessages(compact ? [] : untitled);

  function select(key: string): void {
    setDrawerOpen(false);
    onSelect(key);
  }

  function startNew(): void {
    const key = createDashboardSessionKey(Date.now());
    setDrafts((current) => [key, ...current]);
    select(key);
  }

  // Quick chat has no list to pick from: it continues the latest conversation, or starts one.
  const pickLatest = compact && !selectedKey && sessions.phase === 'ready';
  useEffect(() => {
    if (!pickLatest) return;
    if (keys[0]) onSelect(keys[0]);
    else startNew();
  });

  const conversation = selectedKey ? (
    <Conversation
      key={selectedKey}
      sessionKey={selectedKey}
      entry={sessions.sessions[selectedKey]}
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
    ) : keys.length === 0 ? (
      <p className="empty-note">No conversations yet. Start one with “New chat”.</p>
    ) : (
      <ConversationList keys={keys} sessions={sessions.sessions} firstMessages={firstMessages} selectedKey={selectedKey} onSelect={select} />
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
