import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../src-main/core/telegram/inbound.js';
import { recordTelegramSession, resolveTelegramDisplayName } from '../../../src-main/core/telegram/session-entry.js';
import { createSessionStore, type SessionStoreHandle } from '../../../src-main/core/sessions/store.js';

let dir: string;
let storePath: string;
let store: SessionStoreHandle;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-telegram-session-'));
  storePath = path.join(dir, 'sessions.json');
  store = createSessionStore();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const dm: InboundMessage = {
  accountId: 'default',
  messageId: 1,
  chatId: '42',
  chatType: 'direct',
  senderId: '42',
  senderUsername: 'ada',
  senderName: 'Ada Lovelace',
  text: 'hi',
  addressed: false,
};
const topic: InboundMessage = { ...dm, chatId: '-100', chatType: 'group', chatTitle: 'Team', threadId: 5, topicName: 'Ops' };

const readStore = async (): Promise<Record<string, Record<string, unknown>>> => JSON.parse(await readFile(storePath, 'utf8')) as Record<string, Record<string, unknown>>;

describe('recordTelegramSession', () => {
  it('creates a DM entry with the routing fields, origin and display name', async () => {
    const entry = await recordTelegramSession(store, storePath, 'agent:main:telegram:direct:42', dm, { nowMs: 5_000 });
    expect(entry).toMatchObject({
      updated_at: 5_000,
      chat_type: 'direct',
      channel: 'telegram',
      display_name: 'Ada Lovelace (@ada)',
      origin: { provider: 'telegram', surface: 'telegram', chat_type: 'direct', from: 'telegram:42', to: 'telegram:42', account_id: 'default', label: 'Ada Lovelace (@ada)' },
      last_channel: 'telegram',
      last_to: 'telegram:42',
      last_account_id: 'default',
    });
    expect(entry.group_id).toBeUndefined();
    expect(entry.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readStore())['agent:main:telegram:direct:42']?.session_id).toBe(entry.session_id);
  });

  it('creates a forum topic entry with group_id and thread ids', async () => {
    const entry = await recordTelegramSession(store, storePath, 'agent:main:telegram:group:-100:topic:5', topic, { nowMs: 1 });
    expect(entry).toMatchObject({ chat_type: 'group', group_id: '-100', display_name: 'Team / Ops', last_thread_id: 5, origin: { thread_id: 5, to: 'telegram:-100' } });
  });

  it('keeps the session id and other fields on update, and refreshes updated_at', async () => {
    const first = await recordTelegramSession(store, storePath, 'agent:main:main', dm, { nowMs: 1_000, extra: { model: 'gpt-x' } });
    const second = await recordTelegramSession(store, storePath, 'agent:main:main', { ...dm, senderId: '7', senderName: 'Bob', chatId: '7' }, { nowMs: 2_000 });
    expect(second.session_id).toBe(first.session_id);
    expect(second).toMatchObject({ updated_at: 2_000, model: 'gpt-x', last_to: 'telegram:7', origin: { from: 'telegram:7' } });
  });

  it('clears a stale thread when the next message is outside any topic', async () => {
    await recordTelegramSession(store, storePath, 'k', topic, { nowMs: 1 });
    const entry = await recordTelegramSession(store, storePath, 'k', { ...topic, threadId: undefined, topicName: undefined } as InboundMessage, { nowMs: 2 });
    expect(entry.last_thread_id).toBeUndefined();
    expect(entry.origin?.thread_id).toBeUndefined();
    expect(entry.display_name).toBe('Team');
  });

  it('names a DM sender without a username by their name only', () => {
    expect(resolveTelegramDisplayName({ ...dm, senderUsername: undefined } as InboundMessage)).toBe('Ada Lovelace');
  });
});
