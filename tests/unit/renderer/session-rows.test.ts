import { describe, expect, it } from 'vitest';
import { resolveSessionChannel } from '../../../src-shared/sessions/channel.js';
import { SessionEntrySchema, type SessionEntryInput, type SessionStore } from '../../../src-shared/sessions/entry.js';
import { resolveSessionListRow, resolveSessionTokens } from '../../../src-shared/sessions/list-query.js';
import { applySessionChanges, createEmptySessionIndex, listIndexedChannels } from '../../../src-renderer/features/sessions/session-index.js';
import { DEFAULT_SESSION_QUERY, resolveSessionRows } from '../../../src-renderer/features/sessions/session-rows.js';

function store(input: Record<string, SessionEntryInput>): SessionStore {
  return Object.fromEntries(Object.entries(input).map(([key, entry]) => [key, SessionEntrySchema.parse(entry)]));
}

const SESSIONS = store({
  b: { session_id: 'sb', updated_at: 200, channel: 'telegram', chat_type: 'group', total_tokens: 10, label: 'Beta' },
  a: { session_id: 'sa', updated_at: 300, origin: { provider: 'discord', chat_type: 'direct' }, model: 'm1' },
  c: { session_id: 'sc', updated_at: 100, last_channel: 'webchat', input_tokens: 5, model: 'm2', model_override: 'm3' },
});

const indexed = () => applySessionChanges(createEmptySessionIndex(), Object.entries(SESSIONS).map(([key, entry]) => ({ key, entry })));

const keys = (query = DEFAULT_SESSION_QUERY) => resolveSessionRows(indexed(), query).map((row) => row.key);

describe('session rows', () => {
  it('sorts by most recently updated by default', () => {
    expect(keys()).toEqual(['a', 'b', 'c']);
  });

  it('sorts text columns and puts rows without a value last in both directions', () => {
    expect(keys({ ...DEFAULT_SESSION_QUERY, sort: 'label', direction: 'asc' })).toEqual(['b', 'a', 'c']);
    expect(keys({ ...DEFAULT_SESSION_QUERY, sort: 'tokens', direction: 'asc' })).toEqual(['c', 'b', 'a']);
    expect(keys({ ...DEFAULT_SESSION_QUERY, sort: 'tokens', direction: 'desc' })).toEqual(['b', 'c', 'a']);
  });

  it('derives the channel from the entry, its origin, then the last channel', () => {
    expect(resolveSessionChannel('b', SESSIONS.b)).toBe('telegram');
    expect(resolveSessionChannel('a', SESSIONS.a)).toBe('discord');
    expect(resolveSessionChannel('c', SESSIONS.c)).toBe('webchat');
    expect(listIndexedChannels(indexed())).toEqual(['discord', 'telegram', 'webchat']);
  });

  it('prefers total tokens, else adds input and output; prefers the model override', () => {
    expect(SESSIONS.b && resolveSessionTokens(SESSIONS.b)).toBe(10);
    expect(SESSIONS.c && resolveSessionTokens(SESSIONS.c)).toBe(5);
    expect(SESSIONS.a && resolveSessionTokens(SESSIONS.a)).toBeUndefined();
    expect(SESSIONS.c && resolveSessionListRow('c', SESSIONS.c).model).toBe('m3');
  });

  it('filters by channel and by chat type taken from the origin when missing', () => {
    expect(keys({ ...DEFAULT_SESSION_QUERY, channel: 'discord' })).toEqual(['a']);
    expect(keys({ ...DEFAULT_SESSION_QUERY, chatType: 'direct' })).toEqual(['a']);
  });

  it('searches key, label, model and session id case-insensitively', () => {
    expect(keys({ ...DEFAULT_SESSION_QUERY, search: 'BETA' })).toEqual(['b']);
    expect(keys({ ...DEFAULT_SESSION_QUERY, search: ' m3 ' })).toEqual(['c']);
    expect(keys({ ...DEFAULT_SESSION_QUERY, search: 'sa' })).toEqual(['a']);
  });
});
