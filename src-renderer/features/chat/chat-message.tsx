import { memo, useMemo } from 'react';
import { formatClockTime, formatCount } from '../../lib/format.js';
import type { MarkdownRenderer } from '../../lib/markdown.js';
import { MarkdownView } from '../../lib/markdown-view.js';
import { useThrottledValue } from '../../lib/use-throttled-value.js';
import type { ChatMessageView } from './chat-state.js';
import { formatUsd } from './usage-chart.js';

/** How often a streaming answer's Markdown is parsed again while tokens arrive. */
export const STREAM_RENDER_INTERVAL_MS = 100;

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

function AnswerText({ content, streaming, renderer }: { content: string; streaming: boolean; renderer: MarkdownRenderer }) {
  const shown = useThrottledValue(content, streaming ? STREAM_RENDER_INTERVAL_MS : 0);
  const html = useMemo(() => renderer.render(shown), [renderer, shown]);
  return <MarkdownView className="chat-text" html={html} />;
}

export interface ChatMessageProps {
  message: ChatMessageView;
  renderer: MarkdownRenderer;
}

/**
 * One bubble: who and when, the text (an answer as Markdown), its error or stop note and its
 * token/cost line. Memoised: while an answer streams only that bubble renders again, so the
 * transcript is not re-parsed per token.
 */
export const ChatMessage = memo(function ChatMessage({ message, renderer }: ChatMessageProps) {
  const stopped = message.error && STOPPED_KINDS.has(message.error.kind);
  return (
    <li className={`chat-message chat-${message.role} chat-${message.status}${stopped ? ' chat-stopped' : ''}`}>
      <p className="chat-meta muted">
        {message.role === 'user' ? 'You' : 'Assistant'} · {formatClockTime(message.ts).slice(0, 8)}
        {message.status === 'sending' ? ' · sending…' : null}
        {message.status === 'streaming' ? ' · answering…' : null}
      </p>
      {message.content ? (
        message.role === 'assistant' ? (
          <AnswerText content={message.content} streaming={message.status === 'streaming'} renderer={renderer} />
        ) : (
          <div className="chat-text chat-plain">{message.content}</div>
        )
      ) : null}
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
});
