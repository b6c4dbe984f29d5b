import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { matchesTelegramAllowList, resolveDmAccess, resolveGroupAccess } from '../../../src-main/core/telegram/access-policy.js';
import { resolveInboundMessage, stripBotMention } from '../../../src-main/core/telegram/inbound.js';
import { resolveTelegramSessionKey } from '../../../src-main/core/telegram/session-key.js';

const bot = { id: 999, username: 'claw_bot' };
const ada = { id: 42, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada' };

function dm(text: string, extra: Partial<Message> = {}): Message {
  return { message_id: 1, date: 0, chat: { id: 42, type: 'private', first_name: 'Ada' }, from: ada, text, ...extra } as Message;
}
function group(text: string, extra: Record<string, unknown> = {}): Message {
  return { message_id: 7, date: 0, chat: { id: -100, type: 'supergroup', title: 'Team' }, from: ada, text, ...extra } as unknown as Message;
}

describe('resolveTelegramSessionKey', () => {
  const route = { accountId: 'work', chatType: 'direct' as const, chatId: '42', senderId: '42' };
  it.each([
    ['main', 'agent:main:main'],
    ['per-peer', 'agent:main:direct:42'],
    ['per-channel-peer', 'agent:main:telegram:direct:42'],
    ['per-account-channel-peer', 'agent:main:telegram:work:direct:42'],
  ] as const)('dm_scope %s → %s', (dmScope, key) => {
    expect(resolveTelegramSessionKey({ ...route, dmScope })).toBe(key);
  });

  it('keys a group by its chat whatever the dm_scope', () => {
    expect(resolveTelegramSessionKey({ ...route, dmScope: 'main', chatType: 'group', chatId: '-100' })).toBe('agent:main:telegram:group:-100');
  });

  it('appends the forum topic', () => {
    expect(resolveTelegramSessionKey({ ...route, dmScope: 'main', chatType: 'group', chatId: '-100', threadId: 5 })).toBe(
      'agent:main:telegram:group:-100:topic:5',
    );
  });
});

describe('resolveDmAccess', () => {
  const sender = { id: '42', username: 'Ada' };
  it('open allows anyone', () => {
    expect(resolveDmAccess({ policy: 'open', allowFrom: [], approved: false, sender })).toEqual({ action: 'allow' });
  });
  it('disabled denies everyone, even listed senders', () => {
    expect(resolveDmAccess({ policy: 'disabled', allowFrom: [42], approved: true, sender })).toEqual({ action: 'deny', reason: 'disabled' });
  });
  it('allowlist allows a listed id', () => {
    expect(resolveDmAccess({ policy: 'allowlist', allowFrom: [42], approved: false, sender })).toEqual({ action: 'allow' });
  });
  it('allowlist allows a listed @username in any case', () => {
    expect(resolveDmAccess({ policy: 'allowlist', allowFrom: ['@ADA'], approved: false, sender })).toEqual({ action: 'allow' });
  });
  it('allowlist denies anyone else, pairing approvals included', () => {
    expect(resolveDmAccess({ policy: 'allowlist', allowFrom: ['7'], approved: true, sender })).toEqual({ action: 'deny', reason: 'not_allowed' });
  });
  it('pairing asks an unknown sender to pair', () => {
    expect(resolveDmAccess({ policy: 'pairing', allowFrom: [], approved: false, sender })).toEqual({ action: 'pair' });
  });
  it('pairing allows an approved sender', () => {
    expect(resolveDmAccess({ policy: 'pairing', allowFrom: [], approved: true, sender })).toEqual({ action: 'allow' });
  });
  it('pairing allows an allow_from sender without pairing', () => {
    expect(resolveDmAccess({ policy: 'pairing', allowFrom: ['ada'], approved: false, sender })).toEqual({ action: 'allow' });
  });
  it('a numeric entry never matches a username', () => {
    expect(matchesTelegramAllowList(['12345'], { id: '1', username: '12345' })).toBe(false);
  });
  it('* matches everyone', () => {
    expect(matchesTelegramAllowList(['*'], { id: '1' })).toBe(true);
  });
});

describe('resolveGroupAccess', () => {
  const base = { groups: ['-100'], chatId: '-100', requireMention: true, addressed: true };
  it('disabled ignores every group', () => {
    expect(resolveGroupAccess({ ...base, policy: 'disabled' })).toEqual({ action: 'ignore', reason: 'disabled' });
  });
  it('allowlist ignores a group not listed', () => {
    expect(resolveGroupAccess({ ...base, policy: 'allowlist', chatId: '-200' })).toEqual({ action: 'ignore', reason: 'not_allowed' });
  });
  it('allowlist answers a listed group when addressed', () => {
    expect(resolveGroupAccess({ ...base, policy: 'allowlist' })).toEqual({ action: 'allow' });
  });
  it('ignores a message that does not address the bot when require_mention is on', () => {
    expect(resolveGroupAccess({ ...base, policy: 'open', addressed: false })).toEqual({ action: 'ignore', reason: 'not_mentioned' });
  });
  it('answers every message when require_mention is off', () => {
    expect(resolveGroupAccess({ ...base, policy: 'open', addressed: false, requireMention: false })).toEqual({ action: 'allow' });
  });
});

describe('resolveInboundMessage', () => {
  it('reduces a DM', () => {
    expect(resolveInboundMessage(dm('hello'), bot, 'default')).toEqual({
      accountId: 'default',
      messageId: 1,
      chatId: '42',
      chatType: 'direct',
      senderId: '42',
      senderUsername: 'ada',
      senderName: 'Ada Lovelace',
      text: 'hello',
      addressed: false,
    });
  });

  it('parses a command addressed to this bot', () => {
    const message = dm('/new@claw_bot fresh', { entities: [{ type: 'bot_command', offset: 0, length: 13 }] });
    expect(resolveInboundMessage(message, bot, 'default')).toMatchObject({ command: { name: 'new', args: 'fresh' }, addressed: true });
  });

  it('leaves a command for another bot unparsed and unaddressed', () => {
    const message = group('/new@other_bot', { entities: [{ type: 'bot_command', offset: 0, length: 14 }] });
    const inbound = resolveInboundMessage(message, bot, 'default');
    expect(inbound?.command).toBeUndefined();
    expect(inbound?.addressed).toBe(false);
  });

  it('sees an @mention of the bot in a group', () => {
    const message = group('hey @Claw_Bot look', { entities: [{ type: 'mention', offset: 4, length: 9 }] });
    expect(resolveInboundMessage(message, bot, 'default')).toMatchObject({ chatType: 'group', chatTitle: 'Team', addressed: true });
  });

  it('sees a reply to the bot as addressing it', () => {
    const message = group('and then?', { reply_to_message: { message_id: 3, date: 0, chat: { id: -100, type: 'supergroup' }, from: { id: 999, is_bot: true, first_name: 'Claw' } } });
    expect(resolveInboundMessage(message, bot, 'default')?.addressed).toBe(true);
  });

  it('reads the forum topic id and name', () => {
    const message = group('in a topic', {
      chat: { id: -100, type: 'supergroup', title: 'Team', is_forum: true },
      message_thread_id: 5,
      is_topic_message: true,
      reply_to_message: { message_id: 5, date: 0, chat: { id: -100, type: 'supergroup' }, forum_topic_created: { name: 'Ops', icon_color: 1 } },
    });
    expect(resolveInboundMessage(message, bot, 'default')).toMatchObject({ threadId: 5, topicName: 'Ops', addressed: false });
  });

  it('ignores the thread id of a plain reply outside a forum', () => {
    expect(resolveInboundMessage(group('x', { message_thread_id: 3 }), bot, 'default')?.threadId).toBeUndefined();
  });

  it('ignores bots, channel posts and messages without text', () => {
    expect(resolveInboundMessage(dm('hi', { from: { ...ada, is_bot: true } }), bot, 'default')).toBeUndefined();
    expect(resolveInboundMessage({ ...dm('hi'), chat: { id: -5, type: 'channel', title: 'News' } } as Message, bot, 'default')).toBeUndefined();
    expect(resolveInboundMessage({ ...dm('x'), text: undefined } as Message, bot, 'default')).toBeUndefined();
  });

  it('uses a photo caption as the text', () => {
    expect(resolveInboundMessage({ ...dm('x'), text: undefined, caption: 'look' } as Message, bot, 'default')?.text).toBe('look');
  });

  it('strips the bot mention from the text for the model', () => {
    expect(stripBotMention('@claw_bot what time is it @Claw_Bot', bot)).toBe('what time is it');
  });
});
