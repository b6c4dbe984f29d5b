import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent, RefObject } from 'react';
import { resolveSessionChannel } from '../../../src-shared/sessions/channel.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { useMarkdownRenderer } from '../../lib/markdown-view.js';
import { ChatMessage } from './chat-message.js';
import { resolveConversationTitle } from './conversation-title.js';
import { UsageChart } from './usage-chart.js';
import { useChat } from './use-chat.js';

/** How close to the bottom (px) still counts as reading the latest message, so new text keeps it in view. */
const PINNED_SLACK_PX = 24;

export interface ConversationProps {
  sessionKey: string;
  entry: SessionEntry | undefined;
  /** The first user message when the conversation list already read it (older pages may not be loaded here). */
  knownFirstMessage: string | undefined;
  /** Opens the conversation list when it is a drawer (narrow windows); absent when the list is beside us or hidden. */
  onShowConversations?: () => void;
}

/**
 * Keeps the message list scrolled to the bottom while the reader is there: new messages, a streamed
 * answer growing (re-rendered on its own schedule) and a window resize all leave the last answer
 * and its token line in view; scrolling up to read stops the following until they come back down.
 */
function useFollowBottom(list: RefObject<HTMLOListElement | null>): { pin(): void; onScroll(): void } {
  const pinned = useRef(true);
  useEffect(() => {
    const element = list.current;
    if (!element) return undefined;
    const follow = (): void => {
      if (pinned.current) element.scrollTop = element.scrollHeight;
    };
    follow();
    const mutations = new MutationObserver(follow);
    mutations.observe(element, { childList: true, subtree: true, characterData: true });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(follow) : undefined;
    resize?.observe(element);
    return () => {
      mutations.disconnect();
      resize?.disconnect();
    };
  }, [list]);
  return {
    pin() {
      pinned.current = true;
    },
    onScroll() {
      const element = list.current;
      if (element) pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight <= PINNED_SLACK_PX;
    },
  };
}

/** One conversation: its usage, its messages (streaming in, answers as Markdown), the composer with Send and Stop. */
export function Conversation({ sessionKey, entry, knownFirstMessage, onShowConversations }: ConversationProps) {
  const chat = useChat(sessionKey);
  const renderer = useMarkdownRenderer();
  const [text, setText] = useState('');
  const [stopError, setStopError] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const follow = useFollowBottom(list);

  function submit(event?: FormEvent): void {
    event?.preventDefault();
    if (!text.trim()) return;
    const message = text;
    setText('');
    setStopError(null);
    follow.pin();
    void chat.send(message);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  }

  async function stop(): Promise<void> {
    setStopError(await chat.stop());
  }

  // Every message is loaded when there is nothing older: the first one here is the first one said.
  const ownFirst = chat.hasMore ? undefined : chat.messages.find((message) => message.role === 'user')?.content;
  const title = resolveConversationTitle(entry, ownFirst ?? knownFirstMessage);
  const channel = resolveSessionChannel(sessionKey, entry);
  const model = entry?.model ? `${entry.model_provider ? `${entry.model_provider}/` : ''}${entry.model}` : null;
  const subtitle = [channel, model].filter(Boolean).join(' · ');
  return (
    <section className="panel chat-panel" aria-labelledby="chat-title">
      <div className="panel-header chat-header">
        {onShowConversations ? (
          <button type="button" className="button button-small chat-drawer-toggle" onClick={onShowConversations}>
            Conversations
          </button>
        ) : null}
        <h2 id="chat-title" className="panel-title chat-title" title={sessionKey}>
          {title}
        </h2>
        {subtitle ? <span className="panel-subtitle mono chat-subtitle">{subtitle}</span> : null}
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
      <ol ref={list} className="chat-messages" role="log" aria-live="polite" aria-label="Messages" onScroll={follow.onScroll}>
        {chat.messages.map((message) => (
          <ChatMessage key={message.id} message={message} renderer={renderer} />
        ))}
      </ol>
      <form className="chat-composer" onSubmit={submit}>
        <label className="visually-hidden" htmlFor="chat-input">
          Message
        </label>
        <textarea
          id="chat-input"
          className="chat-input"
          rows={2}
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
