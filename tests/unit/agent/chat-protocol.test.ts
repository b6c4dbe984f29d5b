import { describe, expect, it } from 'vitest';
import { ChatHistoryParamsSchema, ChatSendParamsSchema, TranscriptLineSchema } from '../../../src-shared/protocol/chat.js';

describe('chat protocol schemas', () => {
  it('chat.send needs a session key and non-blank text', () => {
    expect(ChatSendParamsSchema.safeParse({ session_key: 'k', text: 'hi' }).success).toBe(true);
    const blank = ChatSendParamsSchema.safeParse({ session_key: 'k', text: '   ' });
    expect(blank.success ? [] : blank.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(['text: text must not be empty']);
    const extra = ChatSendParamsSchema.safeParse({ session_key: 'k', text: 'hi', model: 'x' });
    expect(extra.success).toBe(false);
  });

  it('chat.history defaults limit to 50 and coerces query strings', () => {
    expect(ChatHistoryParamsSchema.parse({ session_key: 'k' })).toEqual({ session_key: 'k', limit: 50 });
    expect(ChatHistoryParamsSchema.parse({ session_key: 'k', limit: '10', before: '1700000000000' })).toEqual({
      session_key: 'k',
      limit: 10,
      before: 1_700_000_000_000,
    });
    expect(ChatHistoryParamsSchema.safeParse({ session_key: 'k', limit: 501 }).success).toBe(false);
  });

  it('a transcript line keeps fields it does not know', () => {
    expect(TranscriptLineSchema.parse({ role: 'assistant', content: '', ts: 1, run_id: 'r', extra_field: 1 })).toEqual({
      role: 'assistant',
      content: '',
      ts: 1,
      run_id: 'r',
      extra_field: 1,
    });
  });
});
