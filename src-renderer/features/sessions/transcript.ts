import type { ChatHistoryResult, TranscriptLine } from '../../../src-shared/protocol/chat.js';
import { formatCount, formatTimestamp } from '../../lib/format.js';

// A session's transcript as the detail pane reads it: pages of chat.history merged by time, and the
// two exports (Markdown to read, JSON to process).

export interface TranscriptState {
  phase: 'loading' | 'ready' | 'error';
  /** The transcript these lines come from; a reset session starts a new one. */
  sessionId: string | null;
  /** Oldest first, as the gateway keeps them. */
  lines: TranscriptLine[];
  /** Older lines exist before the first one loaded. */
  hasMore: boolean;
  error: string | null;
}

export const INITIAL_TRANSCRIPT_STATE: TranscriptState = { phase: 'loading', sessionId: null, lines: [], hasMore: false, error: null };

function lineKey(line: TranscriptLine): string {
  return `${line.ts}:${line.role}:${line.run_id}`;
}

/**
 * Adds a chat.history page: an older page goes before the lines loaded, a newest page is merged with
 * them (a resync after a new answer); a page from another transcript (the session was reset) replaces them.
 */
export function applyTranscriptPage(state: TranscriptState, page: ChatHistoryResult, older: boolean): TranscriptState {
  const sameTranscript = state.phase === 'ready' && state.sessionId === page.session_id;
  const kept = sameTranscript ? state.lines : [];
  const byKey = new Map(kept.map((line) => [lineKey(line), line]));
  for (const line of page.messages) byKey.set(lineKey(line), line);
  const lines = [...byKey.values()].sort((a, b) => a.ts - b.ts);
  // Only a page reaching further back can say whether anything older is left.
  const hasMore = older || !sameTranscript ? page.has_more : state.hasMore;
  return { phase: 'ready', sessionId: page.session_id, lines, hasMore, error: null };
}

function describeLine(line: TranscriptLine): string {
  const who = line.role === 'user' ? 'User' : 'Assistant';
  const details = [formatTimestamp(line.ts)];
  if (line.role === 'assistant') {
    if (line.model) details.push(line.provider ? `${line.provider}/${line.model}` : line.model);
    if (line.usage) details.push(`${formatCount(line.usage.total_tokens)} tokens`);
  }
  return `## ${who} · ${details.join(' · ')}`;
}

/** The transcript as a Markdown document, oldest message first: a heading per message, answers as written, failures noted. */
export function resolveTranscriptMarkdown(input: { title: string; sessionKey: string; lines: readonly TranscriptLine[]; exportedAt: number }): string {
  const parts = [`# ${input.title}`, `Session \`${input.sessionKey}\`, ${formatCount(input.lines.length)} messages, exported ${formatTimestamp(input.exportedAt)}.`];
  for (const line of input.lines) {
    parts.push(describeLine(line));
    if (line.content) parts.push(line.content);
    if (line.error) parts.push(`_${line.partial || line.content ? 'Partial answer' : 'Failed'}: ${line.error.message}_`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** The transcript as JSON: the session, when it was exported, and every line as the gateway keeps it (oldest first). */
export function resolveTranscriptJson(input: { sessionKey: string; sessionId: string | null; lines: readonly TranscriptLine[]; exportedAt: number }): string {
  return `${JSON.stringify(
    { session_key: input.sessionKey, session_id: input.sessionId, exported_at: new Date(input.exportedAt).toISOString(), count: input.lines.length, messages: input.lines },
    null,
    2,
  )}\n`;
}
