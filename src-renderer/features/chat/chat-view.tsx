import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { formatClockTime, formatCount } from '../../lib/format.js';
import { useSessions } from '../sessions/use-sessions.js';
import { createDashboardSessionKey } from './chat-state.js';
import type { ChatMessageView } from './chat-state.js';
import { UsageChart, formatUsd } from './usage-chart.js';
import { useChat } from './use-chat.js';

export interface ChatViewProps {
  selectedKey: string | undefined;
  onSelect(key: string | undefined): void;
  /** The quick chat layout: the conversation alone, continuing the most recent one (or a new one). */
  compact?: boolean;
}

function sessionTitle(key: string, entry: SessionEntry | undefined): string {
  return entry?.label ?? entry?.display_name ?? key;
}

/** The chat view: conversations to pick from (or a new one), and the selected conversation. */
export function ChatView({ selectedKey, onSelect, compact = false }: ChatViewProps) {
  const sessions = useSessions();
  // A new chat has no store entry until its first message is answered; keep it listed meanwhile.
  const [drafts, setDrafts] = useState<string[]>([]);
  const keys = useMemo(() => {
    const stored = Object.entries(sessions.sessions)
      .sort(([, a], [, b]) => b.updated_at - a.updated_at)
      .map(([key]) => key);
    const pending = [...drafts, ...(selectedKey ? [selectedKey] : [])].filter((key, i, all) => !stored.includes(key) && all.indexOf(key) === i);
    return [...pending, ...stored];
  }, [sessions.sessions, drafts, selectedKey]);

  function startNew(): void {
    const key = createDashboardSessionKey(Date.now());
    setDrafts((current) => [key, ...current]);
    onSelect(key);
  }

  // Quick chat has no list to pick from: it continues the latest conversation, or starts one.
  const pickLatest = compact && !selectedKey && sessions.phase === 'ready';
  useEffect(() => {
    if (!pickLatest) return;
    if (keys[0]) onSelect(keys[0]);
    else startNew();
  });

  if (compact) {
    return (
      <div className="chat-layout chat-compact">
        {selectedKey ? <Conversation key={selectedKey} sessionKey={selectedKey} entry={sessions.sessions[selectedKey]} /> : null}
      </div>
    );
  }

  return (
    <div className="split-view has-detail chat-layout">
      <section className="panel chat-sessions" aria-labelledby="chat-sessions-title">
        <div className="panel-header">
          <h2 id="chat-sessions-title" className="panel-title">
            Conversations
          </h2>
          <button type="button" className="button button-primary button-small" onClick={startNew}>
            New chat
          </button>
        </div>
        {sessions.phase === 'loading' ? (
          <p className="state-note" role="status">
            Loading sessions…
          </p>
        ) : sessions.phase === 'error' ? (
          <p className="state-note state-error" role="alert">
            Could not load sessions: {sessions.error}
          </p>
        ) : keys.length === 0 ? (
          <p className="empty-note">No conversations yet. Start one with “New chat”.</p>
        ) : (
          <ul className="chat-session-list">
            {keys.map((key) => {
              const entry = sessions.sessions[key];
              return (
                <li key={key}>
                  <button
                    type="button"
                    className="chat-session-button"
                    aria-current={key === selectedKey ? 'true' : undefined}
                    onClick={() => onSelect(key)}
                  >
                    <span className="chat-session-name">{sessionTitle(key, entry)}</span>
                    <span className="chat-session-sub mono muted">{entry ? (entry.channel ?? 'local') : 'new'}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      {selectedKey ? (
        <Conversation key={selectedKey} sessionKey={selectedKey} entry={sessions.sessions[selectedKey]} />
      ) : (
        <section className="panel chat-panel empty-state" aria-label="Chat">
          <h2>Pick a conversation</h2>
          <p>Choose one on the left to read and continue it, or start a new chat with your assistant.</p>
        </section>
      )}
    </div>
  );
}

const STOPPED_KINDS = new Set(['aborted', 'shutdown']);

// A Stop the user pressed here needs no explanation of the protocol behind it (the gateway's
// message names chat.abort); other failures keep the gateway's words, which say what to do.
function describeMessageError(message: ChatMessageView): string {
  const error = message.error;
  if (!error) return '';
  const partial = Boolean(message.content) && message.role === 'assistant';
  if (error.kind === 'aborted') return partial ? 'Stopped: the answer above is partial.' : 'Stopped before the assistant answered.';
  return partial ? `Partial answer. ${error.message}` : error.message;
}

function MessageItem({ message }: { message: ChatMessageView }) {
  const stopped = message.error && STOPPED_KINDS.has(message.error.kind);
  return (
    <li className={`chat-message chat-${message.role} chat-${message.status}${stopped ? ' chat-stopped' : ''}`}>
      <p className="chat-meta muted">
        {message.role === 'user' ? 'You' : 'Assistant'} · {formatClockTime(message.ts).slice(0, 8)}
        {message.status === 'sending' ? ' · sending…' : null}
        {message.status === 'streaming' ? ' · answering…' : null}
      </p>
      {message.content ? <div className="chat-text">{message.content}</div> : null}
      {message.error ? (
        <p className={stopped ? 'chat-note' : 'chat-error'} role={stopped ? 'status' : 'alert'}>
          {describeMessageError(message)}
        </p>
      ) : null}
      {message.usage ? (
        <p className="chat-usage muted">
          {formatCount(message.usage.total_tokens)} tokens{message.usage.estimated ? ' (estimated)' : ''}
          {message.cost !== undefined ? ` · ${formatUsd(message.cost)}` : null}
          {message.model ? ` · ${message.model}` : null}
        </p>
      ) : null}
    </li>
  );
}

/** One conversation: its usage, its messages (streaming in), the composer with Send and Stop. */
function Conversation({ sessionKey, entry }: { sessionKey: string; entry: SessionEntry | undefined }) {
  const chat = useChat(sessionKey);
  const [text, setText] = useState('');
  const [stopError, setStopError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const lastContent = chat.messages.at(-1)?.content;

  // Follow the answer as it streams in, like any chat.
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [chat.messages.length, lastContent]);

  function submit(event?: FormEvent): void {
    event?.preventDefault();
    if (!text.trim()) return;
    const message = text;
    setText('');
    setStopError(null);
    void chat.send(message);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  async function stop(): Promise<void> {
    setStopError(await chat.stop());
  }

  const model = entry?.model ? `${entry.model_provider ? `${entry.model_provider}/` : ''}${entry.model}` : null;
  return (
    <section className="panel chat-panel" aria-labelledby="chat-title">
      <div className="panel-header">
        <h2 id="chat-title" className="panel-title">
          {sessionTitle(sessionKey, entry)}
        </h2>
        <span className="panel-subtitle mono">{model ?? sessionKey}</span>
      </div>
      <UsageChart messages={chat.messages} />
      {chat.phase === 'loading' ? (
        <p className="state-note" role="status">
          Loading conversation…
        </p>
      ) : null}
      {chat.loadError ? (
        <div className="state-note state-error" role="alert">
          <p>Could not load the conversation: {chat.loadError}</p>
          <button type="button" className="button button-small" onClick={chat.reload}>
            Try again
          </button>
        </div>
      ) : null}
      {chat.hasMore ? (
        <button type="button" className="link-button chat-older" onClick={chat.loadOlder}>
          Load older messages
        </button>
      ) : null}
      {chat.phase === 'ready' && chat.messages.length === 0 ? <p className="empty-note">No messages yet. Say hello below.</p> : null}
      <ol ref={list} className="chat-messages" role="log" aria-live="polite" aria-label="Messages">
        {chat.messages.map((message) => (
          <MessageItem key={message.id} message={message} />
        ))}
      </ol>
      <form className="chat-composer" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="chat-input">
          Message
        </label>
        <textarea
          id="chat-input"
          className="chat-input"
          rows={3}
          value={text}
          placeholder="Message your assistant (Enter sends, Shift+Enter for a new line)"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="chat-composer-actions">
          {chat.activeRunId ? (
            <button type="button" className="button button-danger" onClick={() => void stop()}>
              Stop
            </button>
          ) : null}
          <button type="submit" className="button button-primary" disabled={!text.trim()}>
            Send
          </button>
        </div>
        {stopError ? (
          <p className="field-error" role="alert">
            Could not stop the answer: {stopError}
          </p>
        ) : null}
      </form>
    </section>
  );
}
