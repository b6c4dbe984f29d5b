import { describe, expect, it } from 'vitest';
import { IdentityConfigSchema } from '../../../src-shared/config/schema.js';
import { resolveSystemPrompt } from '../../../src-main/core/agent/system-prompt.js';

describe('resolveSystemPrompt', () => {
  it('names the assistant and says where a channel-less chat happens', () => {
    expect(resolveSystemPrompt(IdentityConfigSchema.parse({}))).toBe(
      'You are OpenClaw.\n\nYou are chatting with your user through OpenClaw Desktop (the dashboard or a local client).',
    );
  });

  it('adds emoji and persona, and the group chat and its name', () => {
    const identity = IdentityConfigSchema.parse({ name: 'Claw', emoji: '🦞', persona: '  Be brief.  ' });
    expect(resolveSystemPrompt(identity, { channel: 'telegram', chat_type: 'group', display_name: 'Family' })).toBe(
      'You are Claw 🦞.\n\nBe brief.\n\nThis conversation is a group chat named Family on telegram.',
    );
  });

  it('falls back to the origin for channel, chat type and name', () => {
    const prompt = resolveSystemPrompt(IdentityConfigSchema.parse({}), { origin: { provider: 'telegram', chat_type: 'direct', label: 'Ada' } });
    expect(prompt.endsWith('This conversation is a direct chat with Ada on telegram.')).toBe(true);
  });
});
