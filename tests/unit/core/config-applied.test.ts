import { describe, expect, it } from 'vitest';
import { OpenClawConfigSchema, type OpenClawConfigInput } from '../../../src-shared/config/schema.js';
import { isListenerMove, resolveConfigApplied } from '../../../src-main/core/config-applied.js';

const config = (input: OpenClawConfigInput = {}) => OpenClawConfigSchema.parse(input);
const HERE = { host: '127.0.0.1', port: 18789 };

describe('resolveConfigApplied', () => {
  it('says a change that moves nothing was applied live, naming the sections', () => {
    expect(resolveConfigApplied(config(), config({ logging: { level: 'debug' } }), { from: HERE, to: HERE })).toEqual({
      changed: ['logging'],
      listener: { restarted: false, url: 'http://127.0.0.1:18789/' },
      telegram_restarted: [],
      summary: 'Applied live (logging).',
    });
  });

  it('says when the listener moves, and where to', () => {
    const applied = resolveConfigApplied(config(), config({ gateway: { port: 18800 } }), { from: HERE, to: { host: '127.0.0.1', port: 18800 } });
    expect(applied.listener).toEqual({ restarted: true, url: 'http://127.0.0.1:18800/' });
    expect(applied.summary).toBe('Applied live (gateway); the gateway moves to http://127.0.0.1:18800/.');
  });

  it('names every bot of the old and new telegram section when it changes', () => {
    const before = config({ telegram: { enabled: true, bot_token: '1:A' } });
    const after = config({ telegram: { enabled: true, bot_token: '1:A', accounts: { work: { bot_token: '2:B' } } } });
    const applied = resolveConfigApplied(before, after, { from: HERE, to: HERE });
    expect(applied.telegram_restarted).toEqual(['default', 'work']);
    expect(applied.summary).toBe('Applied live (telegram); restarted Telegram bots default, work.');
  });

  it('says when nothing the gateway uses changed (comments only)', () => {
    expect(resolveConfigApplied(config(), config(), { from: HERE, to: HERE }).summary).toBe('Saved; nothing the gateway uses changed.');
  });
});

describe('isListenerMove', () => {
  it('moves on a new host or port, never for port 0 (any free port)', () => {
    expect(isListenerMove(HERE, HERE)).toBe(false);
    expect(isListenerMove(HERE, { host: '::1', port: 18789 })).toBe(true);
    expect(isListenerMove(HERE, { host: '127.0.0.1', port: 0 })).toBe(false);
  });
});
