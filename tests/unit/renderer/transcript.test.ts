import { describe, expect, it } from 'vitest';
import type { ChatHistoryResult, TranscriptLine } from '../../../src-shared/protocol/chat.js';
import { applyTranscriptPage, INITIAL_TRANSCRIPT_STATE, resolveTranscriptJson, resolveTranscriptMarkdown } from '../../../src-renderer/features/sessions/transcript.js';

function line(ts: number, role: TranscriptLine['role'], content: string, extra: Partial<TranscriptLine> = {}): TranscriptLine {
  return { role, content, ts, run_id: `run-${Math.floor(ts / 10)}`, ...extra };
}

function page(messages: TranscriptLine[], hasMore: boolean, sessionId = 'sess-1'): ChatHistoryResult {
  return { session_key: 'agent:main:main', session_id: sessionId, messages, has_more: hasMore };
}

describe('applyTranscriptPage', () => {
  it('puts an older page before the lines loaded and takes its has_more', () => {
    const newest = applyTranscriptPage(INITIAL_TRANSCRIPT_STATE, page([line(30, 'user', 'c'), line(31, 'assistant', 'C')], true), false);
    const both = applyTranscriptPage(newest, page([line(10, 'user', 'a'), line(11, 'assistant', 'A')], false), true);
    expect(both.lines.map((l) => l.content)).toEqual(['a', 'A', 'c', 'C']);
    expect(both.hasMore).toBe(false);
  });

  it('merges a newest page without duplicates and keeps what older pages said about has_more', () => {
    let state = applyTranscriptPage(INITIAL_TRANSCRIPT_STATE, page([line(30, 'user', 'c')], true), false);
    state = applyTranscriptPage(state, page([line(10, 'user', 'a')], false), true);
    state = applyTranscriptPage(state, page([line(30, 'user', 'c'), line(40, 'assistant', 'D')], true), false);
    expect(state.lines.map((l) => l.content)).toEqual(['a', 'c', 'D']);
    expect(state.hasMore).toBe(false);
  });

  it('starts over when the session was reset to a new transcript', () => {
    const old = applyTranscriptPage(INITIAL_TRANSCRIPT_STATE, page([line(10, 'user', 'old')], false, 'sess-1'), false);
    const fresh = applyTranscriptPage(old, page([line(50, 'user', 'new')], false, 'sess-2'), false);
    expect(fresh.lines.map((l) => l.content)).toEqual(['new']);
    expect(fresh.sessionId).toBe('sess-2');
  });
});

describe('transcript exports', () => {
  const lines = [
    line(Date.UTC(2025, 0, 2, 3, 4, 5), 'user', 'Show me a table'),
    line(Date.UTC(2025, 0, 2, 3, 4, 9), 'assistant', '| a |\n|---|\n| 1 |', { provider: 'fake', model: 'm1', usage: { input_tokens: 10, output_tokens: 2, total_tokens: 12 } }),
    line(Date.UTC(2025, 0, 2, 3, 5, 0), 'user', 'And another'),
    line(Date.UTC(2025, 0, 2, 3, 5, 1), 'assistant', 'Half', { error: { kind: 'aborted', message: 'Stopped by a client (chat.abort)' }, partial: true }),
    line(Date.UTC(2025, 0, 2, 3, 6, 0), 'assistant', '', { error: { kind: 'unreachable', message: 'The provider at http://127.0.0.1:9 did not answer' } }),
  ];

  it('writes Markdown: a title, one heading per message oldest first, answers as written, failures noted', () => {
    const markdown = resolveTranscriptMarkdown({ title: 'Tables', sessionKey: 'agent:main:main', lines, exportedAt: Date.UTC(2025, 0, 3) });
    const sections = markdown.split('\n\n');
    expect(sections[0]).toBe('# Tables');
    expect(sections[1]).toMatch(/^Session `agent:main:main`, 5 messages, exported \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.$/);
    expect(sections[2]).toMatch(/^## User · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(sections[3]).toBe('Show me a table');
    expect(sections[4]).toMatch(/^## Assistant · .* · fake\/m1 · 12 tokens$/);
    expect(sections[5]).toBe('| a |\n|---|\n| 1 |');
    expect(markdown).toContain('Half\n\n_Partial answer: Stopped by a client (chat.abort)_');
    expect(markdown).toContain('_Failed: The provider at http://127.0.0.1:9 did not answer_\n');
  });

  it('writes JSON with every line as the gateway keeps it', () => {
    const json = JSON.parse(resolveTranscriptJson({ sessionKey: 'agent:main:main', sessionId: 'sess-1', lines, exportedAt: Date.UTC(2025, 0, 3) })) as Record<string, unknown>;
    expect(json).toEqual({ session_key: 'agent:main:main', session_id: 'sess-1', exported_at: '2025-01-03T00:00:00.000Z', count: 5, messages: lines });
  });
});
