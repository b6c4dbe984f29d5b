import { memo, useMemo, useState } from 'react';
import type { TranscriptLine } from '../../../src-shared/protocol/chat.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { describeError } from '../../lib/describe-error.js';
import { downloadText, resolveFileStamp } from '../../lib/download.js';
import { formatCount, formatTimestamp } from '../../lib/format.js';
import type { MarkdownRenderer } from '../../lib/markdown.js';
import { MarkdownView, useMarkdownRenderer } from '../../lib/markdown-view.js';
import { resolveConversationTitle } from '../chat/conversation-title.js';
import { resolveTranscriptJson, resolveTranscriptMarkdown } from './transcript.js';
import { useTranscript } from './use-transcript.js';

// Keys hold ':' and '/', which file systems dislike; the rest of a key is fine in a file name.
function fileSafe(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
}

const TranscriptItem = memo(function TranscriptItem({ line, renderer }: { line: TranscriptLine; renderer: MarkdownRenderer }) {
  const html = useMemo(() => (line.role === 'assistant' && line.content ? renderer.render(line.content) : ''), [line, renderer]);
  const model = line.model ? (line.provider ? `${line.provider}/${line.model}` : line.model) : null;
  return (
    <li className={`transcript-item transcript-${line.role}`}>
      <p className="transcript-meta muted">
        <span className="transcript-role">{line.role === 'user' ? 'User' : 'Assistant'}</span> ·{' '}
        <time dateTime={new Date(line.ts).toISOString()}>{formatTimestamp(line.ts)}</time>
        {model ? ` · ${model}` : null}
        {line.usage ? ` · ${formatCount(line.usage.total_tokens)} tokens` : null}
      </p>
      {line.content ? line.role === 'assistant' ? <MarkdownView className="transcript-text" html={html} /> : <div className="transcript-text transcript-plain">{line.content}</div> : null}
      {line.error ? <p className="chat-error">{line.partial || line.content ? `Partial answer: ${line.error.message}` : line.error.message}</p> : null}
    </li>
  );
});

export interface SessionTranscriptProps {
  sessionKey: string;
  entry: SessionEntry;
  onOpenInChat(): void;
}

/** The session's conversation, newest message first, paged backwards; Open in Chat continues it, Export saves all of it. */
export function SessionTranscript({ sessionKey, entry, onOpenInChat }: SessionTranscriptProps) {
  const transcript = useTranscript(sessionKey);
  const renderer = useMarkdownRenderer();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  const newestFirst = useMemo(() => [...transcript.lines].reverse(), [transcript.lines]);

  async function exportAs(format: 'md' | 'json'): Promise<void> {
    setExporting(true);
    setExportError(null);
    try {
      const { sessionId, lines } = await transcript.readAll();
      const now = Date.now();
      const name = `openclaw-transcript-${fileSafe(sessionKey)}-${resolveFileStamp(now)}.${format}`;
      if (format === 'json') {
        downloadText(name, resolveTranscriptJson({ sessionKey, sessionId, lines, exportedAt: now }));
      } else {
        const title = resolveConversationTitle(entry, lines.find((line) => line.role === 'user')?.content);
        downloadText(name, resolveTranscriptMarkdown({ title, sessionKey, lines, exportedAt: now }), 'text/markdown');
      }
    } catch (error) {
      setExportError(`Could not export the transcript: ${describeError(error)}`);
    } finally {
      setExporting(false);
    }
  }

  const empty = transcript.phase === 'ready' && transcript.lines.length === 0;
  return (
    <section className="transcript" aria-labelledby="transcript-title">
      <div className="transcript-head">
        <h3 id="transcript-title" className="transcript-title">
          Transcript
        </h3>
        <div className="transcript-actions">
          <button type="button" className="button button-primary button-small" onClick={onOpenInChat}>
            Open in Chat
          </button>
          <button type="button" className="button button-small" disabled={exporting || empty} onClick={() => void exportAs('md')}>
            Export Markdown
          </button>
          <button type="button" className="button button-small" disabled={exporting || empty} onClick={() => void exportAs('json')}>
            Export JSON
          </button>
        </div>
      </div>
      {exportError ? (
        <p className="field-error" role="alert">
          {exportError}
        </p>
      ) : null}
      {transcript.phase === 'loading' ? (
        <p className="state-note" role="status">
          Loading the transcript…
        </p>
      ) : transcript.phase === 'error' ? (
        <div className="state-note state-error" role="alert">
          <p>Could not load the transcript: {transcript.error}</p>
          <button type="button" className="button button-small" onClick={transcript.reload}>
            Try again
          </button>
        </div>
      ) : empty ? (
        <p className="empty-note">No messages in this session’s transcript yet.</p>
      ) : (
        <>
          <ol className="transcript-list" aria-label="Messages, newest first">
            {newestFirst.map((line) => (
              <TranscriptItem key={`${line.ts}:${line.role}:${line.run_id}`} line={line} renderer={renderer} />
            ))}
          </ol>
          {transcript.error ? (
            <p className="field-error" role="alert">
              Could not load older messages: {transcript.error}
            </p>
          ) : null}
          {transcript.hasMore ? (
            <button type="button" className="button button-small transcript-older" disabled={transcript.loadingOlder} onClick={transcript.loadOlder}>
              {transcript.loadingOlder ? 'Loading older messages…' : 'Load older messages'}
            </button>
          ) : (
            <p className="muted transcript-start">Start of the conversation.</p>
          )}
        </>
      )}
    </section>
  );
}
