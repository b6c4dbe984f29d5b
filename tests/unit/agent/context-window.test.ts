import { describe, expect, it } from 'vitest';
import { estimateTokens, resolvePromptBudget, trimHistory } from '../../../src-main/core/agent/context-window.js';
import type { ChatMessage } from '../../../src-main/core/agent/provider-types.js';

const msg = (role: ChatMessage['role'], tokens: number, tag: string): ChatMessage => ({ role, content: tag.padEnd(tokens * 4, '.') });

describe('context window', () => {
  it('estimates tokens as characters / 4, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcde')).toBe(2);
  });

  it('keeps half the window for the prompt when max_tokens is as large as the window', () => {
    expect(resolvePromptBudget(128_000, 4096)).toBe(123_904);
    expect(resolvePromptBudget(4096, 4096)).toBe(2048);
  });

  it('keeps everything that fits', () => {
    const messages = [msg('user', 10, 'q1'), msg('assistant', 10, 'a1'), msg('user', 10, 'q2')];
    expect(trimHistory('', messages, 1000, 'p/m')).toEqual({ messages, dropped: 0 });
  });

  it('drops whole turns, oldest first, and never the last message', () => {
    const messages = [msg('user', 100, 'q1'), msg('assistant', 100, 'a1'), msg('user', 100, 'q2'), msg('assistant', 100, 'a2'), msg('user', 50, 'q3')];
    // Each message costs its tokens + 4: q2, a2 and q3 make 262, with q1 and a1 too 470.
    const trimmed = trimHistory('', messages, 270, 'p/m');
    expect(trimmed.dropped).toBe(2);
    expect(trimmed.messages.map((m) => m.content.slice(0, 2))).toEqual(['q2', 'a2', 'q3']);
  });

  it('counts the system prompt against the budget', () => {
    const messages = [msg('user', 100, 'q1'), msg('assistant', 100, 'a1'), msg('user', 10, 'q2')];
    expect(trimHistory('', messages, 230, 'p/m').dropped).toBe(0);
    expect(trimHistory('s'.repeat(40), messages, 230, 'p/m').dropped).toBe(2);
  });

  it('refuses when the last message alone does not fit', () => {
    expect(() => trimHistory('', [msg('user', 500, 'q')], 100, 'p/m')).toThrow(
      'The message (about 504 tokens with the system prompt) does not fit the 100-token prompt budget of "p/m"',
    );
  });
});
