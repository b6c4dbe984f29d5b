import { describe, expect, it } from 'vitest';
import { resolveSessionChannel } from '../../../src-shared/sessions/channel.js';
import { SessionEntrySchema, type SessionEntryInput } from '../../../src-shared/sessions/entry.js';

const entry = (input: Partial<SessionEntryInput> = {}) => SessionEntrySchema.parse({ session_id: 's', updated_at: 1, ...input });

describe('resolveSessionChannel', () => {
  it('prefers the entry: its channel, then the origin provider, then the last channel, then the origin surface', () => {
    expect(resolveSessionChannel('agent:main:main', entry({ channel: 'telegram', origin: { provider: 'discord' } }))).toBe('telegram');
    expect(resolveSessionChannel('agent:main:main', entry({ origin: { provider: 'discord' }, last_channel: 'slack' }))).toBe('discord');
    expect(resolveSessionChannel('agent:main:main', entry({ last_channel: 'slack', origin: { surface: 'web' } }))).toBe('slack');
    expect(resolveSessionChannel('agent:main:main', entry({ origin: { surface: 'web' } }))).toBe('web');
  });

  it('falls back to the channel the key names, with or without an entry', () => {
    expect(resolveSessionChannel('agent:main:telegram:direct:42', entry())).toBe('telegram');
    expect(resolveSessionChannel('agent:main:dashboard:lx2k9', undefined)).toBe('dashboard');
    expect(resolveSessionChannel('agent:main:telegram:group:-100/topic:9', undefined)).toBe('telegram');
  });

  it('names no channel for keys that do not carry one', () => {
    for (const key of ['agent:main:main', 'agent:main:direct:42', 'agent:main:subagent:abc', 'agent:main:cron:job:run:1', 'plain-key', 'agent:main:solo']) {
      expect(resolveSessionChannel(key, entry()), key).toBeUndefined();
    }
  });
});
