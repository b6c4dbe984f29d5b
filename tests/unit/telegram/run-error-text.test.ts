import { describe, expect, it } from 'vitest';
import { ChatErrorKindSchema } from '../../../src-shared/protocol/chat.js';
import { ASSISTANT_UNAVAILABLE_TEXT, resolveRunErrorText } from '../../../src-main/core/telegram/messages.js';

describe('resolveRunErrorText (what a Telegram user reads when an answer failed)', () => {
  it('tells the sender what they can do about a busy queue, a timeout or a restart', () => {
    expect(resolveRunErrorText('busy')).toMatch(/^⚠️ Too many of your messages are waiting/);
    expect(resolveRunErrorText('timeout')).toBe('⚠️ The answer took too long and was stopped.');
    expect(resolveRunErrorText('shutdown')).toMatch(/^⚠️ The assistant is restarting/);
  });

  it('gives every other reason (keys, provider URLs, config) as one generic line', () => {
    const owners = ChatErrorKindSchema.options.filter((kind) => !['busy', 'timeout', 'shutdown'].includes(kind));
    expect(owners.map(resolveRunErrorText)).toEqual(owners.map(() => ASSISTANT_UNAVAILABLE_TEXT));
    expect(ASSISTANT_UNAVAILABLE_TEXT).toContain('The assistant is unavailable right now');
  });
});
