import { Api, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTelegramHtml, startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';

// The fixture is what every channel test stands on: these check it speaks the Bot API as grammy expects.
let fake: FakeBotApi;
let api: Api;
beforeEach(async () => {
  fake = await startFakeBotApi();
  api = new Api('123:TEST', { apiRoot: fake.url });
});
afterEach(async () => {
  await fake.close();
});

describe('fake Bot API', () => {
  it('answers getMe for its bot and 401 for another token', async () => {
    expect(await api.getMe()).toMatchObject({ id: 123, is_bot: true, username: 'openclaw_test_bot' });
    const wrong = new Api('999:NOPE', { apiRoot: fake.url });
    await expect(wrong.getMe()).rejects.toMatchObject({ error_code: 401, description: 'Unauthorized' });
  });

  it('delivers updates until an offset confirms them', async () => {
    fake.pushMessage({ text: 'one' });
    fake.pushMessage({ text: 'two' });
    const first = await api.getUpdates({ timeout: 0 });
    expect(first.map((u) => u.message?.text)).toEqual(['one', 'two']);
    expect((await api.getUpdates({ timeout: 0 })).length).toBe(2);
    const last = first[1]?.update_id ?? 0;
    expect(await api.getUpdates({ offset: last + 1, timeout: 0 })).toEqual([]);
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it('holds a long poll until an update arrives', async () => {
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 20 });
    // Pushed only once the poll is parked, so the answer proves it was held open for the update.
    await vi.waitFor(() => expect(fake.hasParkedPoll()).toBe(true), { timeout: 5_000 });
    fake.pushMessage({ text: 'late' });
    expect((await poll).map((u) => u.message?.text)).toEqual(['late']);
    // Answered by the update, long before the poll's own 20 s timeout would have.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('answers an empty long poll after its timeout', async () => {
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('refuses getUpdates with 409 while a webhook is set', async () => {
    await api.setWebhook('https://example.com/hook', { secret_token: 's3cret' });
    expect(fake.webhookOf()).toEqual({ url: 'https://example.com/hook', secret_token: 's3cret' });
    await expect(api.getUpdates({ timeout: 0 })).rejects.toMatchObject({ error_code: 409 });
    await api.deleteWebhook();
    expect(await api.getUpdates({ timeout: 0 })).toEqual([]);
  });

  it('sends, edits and records messages, validating HTML', async () => {
    const sent = await api.sendMessage(42, '<b>hi</b> &amp; bye', { parse_mode: 'HTML' });
    expect(sent.text).toBe('hi & bye');
    await api.editMessageText(42, sent.message_id, 'changed');
    expect(fake.messageText(42, sent.message_id)).toBe('changed');
    await expect(api.editMessageText(42, sent.message_id, 'changed')).rejects.toThrow('message is not modified');
    await expect(api.sendMessage(42, '<b>open', { parse_mode: 'HTML' })).rejects.toThrow("can't parse entities");
    expect(fake.callsOf('sendMessage').map((call) => call.ok)).toEqual([true, false]);
  });

  it('streams drafts to private chats, validating HTML, and refuses them in groups', async () => {
    expect(await api.sendMessageDraft(42, 7, '<b>Thinking</b>', { parse_mode: 'HTML' })).toBe(true);
    expect(fake.chatDrafts(42)).toEqual([{ draft_id: 7, text: 'Thinking', html: '<b>Thinking</b>' }]);
    await expect(api.sendMessageDraft(-100, 7, 'x')).rejects.toMatchObject({ error_code: 400, description: 'Bad Request: TEXTDRAFT_PEER_INVALID' });
    await expect(api.sendMessageDraft(42, 0, 'x')).rejects.toMatchObject({ error_code: 400 });
    await expect(api.sendMessageDraft(42, 7, '<b>open', { parse_mode: 'HTML' })).rejects.toThrow("can't parse entities");
    expect(fake.chatMessages(42)).toEqual([]);
  });

  it('answers 404 for a method it is told not to know, like an older self-hosted server', async () => {
    const older = await startFakeBotApi(undefined, { unknownMethods: ['sendMessageDraft'] });
    try {
      const olderApi = new Api('123:TEST', { apiRoot: older.url });
      await expect(olderApi.sendMessageDraft(42, 7, 'x')).rejects.toMatchObject({ error_code: 404, description: 'Not Found: method not found' });
      expect((await olderApi.sendMessage(42, 'x')).text).toBe('x');
    } finally {
      await older.close();
    }
  });

  it('reports privacy mode in getMe as the bot is configured (on by default)', async () => {
    expect(await api.getMe()).toMatchObject({ can_read_all_group_messages: false });
    const open = await startFakeBotApi([{ token: '9:OPEN', id: 9, username: 'open_bot', canReadAllGroupMessages: true }]);
    try {
      expect(await new Api('9:OPEN', { apiRoot: open.url }).getMe()).toMatchObject({ can_read_all_group_messages: true });
    } finally {
      await open.close();
    }
  });

  it('plays scripted failures, with retry_after for 429', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    const error = await api.sendMessage(42, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).parameters.retry_after).toBe(1);
    expect((await api.sendMessage(42, 'x')).text).toBe('x');
  });

  it('parses Telegram HTML like the Bot API', () => {
    expect(parseTelegramHtml('<a href="https://x">x</a> <tg-spoiler>s</tg-spoiler>')).toBe('x s');
    expect(() => parseTelegramHtml('<div>x</div>')).toThrow('Unsupported start tag "div"');
    expect(() => parseTelegramHtml('a & b')).toThrow('Unsupported entity');
    expect(() => parseTelegramHtml('<b><i>x</b></i>')).toThrow('Unmatched end tag "b"');
  });
});
