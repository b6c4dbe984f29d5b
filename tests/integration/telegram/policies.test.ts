import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { PRIVACY_MODE_HINT } from '../../../src-main/core/telegram/messages.js';
import { PAIRING_CODE_TTL_MS, PAIRING_REQUEST_COOLDOWN_MS } from '../../../src-main/core/telegram/pairing-store.js';
import { BOT, chatTexts, startHarness, type Harness, type HarnessOptions } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ada = { id: 42, first_name: 'Ada', username: 'ada' };
const bob = { id: 77, first_name: 'Bob' };

async function running(options: HarnessOptions): Promise<Harness> {
  h = await startHarness(options);
  await h.waitForStatus('running');
  return h;
}

/** Pushes a message and waits until the bot has handled it (its update offset moved past it). */
async function deliver(harness: Harness, options: Parameters<Harness['fake']['pushMessage']>[0]): Promise<void> {
  const update = harness.fake.pushMessage(options);
  // The next poll confirms the update (its offset is past it) only once the bot has handled it.
  await harness.fake.waitFor(() => !harness.fake.pendingUpdates().includes(update), 5_000, `update ${String(update.update_id)} to be handled`);
}

const codeIn = (text: string | undefined): string => /code: ([A-Z2-9]{8})/.exec(text ?? '')?.[1] ?? '';

describe('DM policies', () => {
  it('open answers anyone', async () => {
    const harness = await running({ telegram: { dm_policy: 'open' } });
    await deliver(harness, { from: ada, text: 'hi' });
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: hi']);
  });

  it('disabled answers nobody and sends nothing', async () => {
    const harness = await running({ telegram: { dm_policy: 'disabled', allow_from: [42] } });
    await deliver(harness, { from: ada, text: 'hi' });
    expect(harness.fake.callsOf('sendMessage')).toEqual([]);
    expect(harness.provider.requests).toEqual([]);
    expect(await harness.readStore()).toEqual({});
  });

  it('allowlist answers a listed @username', async () => {
    const harness = await running({ telegram: { dm_policy: 'allowlist', allow_from: ['@ADA'] } });
    await deliver(harness, { from: ada, text: 'hi' });
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: hi']);
  });

  it('allowlist tells anyone else in one line which id to add, without asking the model', async () => {
    const harness = await running({ telegram: { dm_policy: 'allowlist', allow_from: [1] } });
    await deliver(harness, { from: bob, text: 'hi' });
    expect(chatTexts(harness.fake, 77)).toEqual([
      "You are not on this assistant's allow list. Ask its owner to add your Telegram id 77 to telegram.allow_from.",
    ]);
    expect(harness.provider.requests).toEqual([]);
  });
});

describe('pairing', () => {
  it('gives an unknown sender a code, announces pairing.requested and does not ask the model', async () => {
    const harness = await running({ telegram: { dm_policy: 'pairing' } });
    await deliver(harness, { from: ada, text: 'hi' });
    const [prompt] = chatTexts(harness.fake, 42);
    const code = codeIn(prompt);
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(prompt).toContain(`npm run gateway -- pairing approve ${code}`);
    expect(harness.fake.callsOf('sendMessage')[0]?.params.parse_mode).toBe('HTML');
    const requested = await harness.waitForEvent('pairing.requested');
    expect(requested.request).toMatchObject({ code, channel: 'telegram', account_id: 'default', user_id: '42', username: 'ada' });
    expect(harness.provider.requests).toEqual([]);
  });

  it('is what an unset dm_policy does', async () => {
    const harness = await running({ telegram: { dm_policy: undefined } });
    await deliver(harness, { from: ada, text: 'hi' });
    expect(codeIn(chatTexts(harness.fake, 42)[0])).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(harness.provider.requests).toEqual([]);
  });

  it('stays silent on further messages while the code is pending, and repeats it on /start', async () => {
    const harness = await running({ telegram: { dm_policy: 'pairing' } });
    await deliver(harness, { from: ada, text: 'hi' });
    await deliver(harness, { from: ada, text: 'hello?' });
    expect(chatTexts(harness.fake, 42)).toHaveLength(1);
    await deliver(harness, { from: ada, text: '/start' });
    const texts = chatTexts(harness.fake, 42);
    expect(texts).toHaveLength(2);
    expect(codeIn(texts[1])).toBe(codeIn(texts[0]));
  });

  it('answers once the owner approves, and tells the sender', async () => {
    const harness = await running({ telegram: { dm_policy: 'pairing' } });
    await deliver(harness, { from: ada, text: 'hi' });
    const request = await harness.pairing.approve(codeIn(chatTexts(harness.fake, 42)[0]));
    expect(await harness.channel.notifyPairingApproved(request)).toBe(true);
    await deliver(harness, { from: ada, text: 'now?' });
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, 42).slice(1)).toEqual(['You are approved. Send me a message to start.', 'You said: now?']);
  });

  it('keeps a denied sender out and gives them a new code when they write again after the cooldown', async () => {
    let now = Date.now();
    const harness = await running({ telegram: { dm_policy: 'pairing' }, pairingNow: () => now });
    await deliver(harness, { from: ada, text: 'hi' });
    const first = codeIn(chatTexts(harness.fake, 42)[0]);
    await harness.pairing.deny(first);
    await deliver(harness, { from: ada, text: 'again' });
    expect(chatTexts(harness.fake, 42)).toHaveLength(1);
    now += PAIRING_REQUEST_COOLDOWN_MS;
    await deliver(harness, { from: ada, text: 'again, later' });
    const texts = chatTexts(harness.fake, 42);
    expect(texts).toHaveLength(2);
    expect(codeIn(texts[1])).not.toBe(first);
    expect(harness.provider.requests).toEqual([]);
  });

  it('refuses an expired code and issues a fresh one on the next message', async () => {
    let now = Date.now();
    const harness = await running({ telegram: { dm_policy: 'pairing' }, pairingNow: () => now });
    await deliver(harness, { from: ada, text: 'hi' });
    const old = codeIn(chatTexts(harness.fake, 42)[0]);
    now += PAIRING_CODE_TTL_MS + 1;
    await expect(harness.pairing.approve(old)).rejects.toMatchObject({ code: 'expired' });
    await deliver(harness, { from: ada, text: 'hi again' });
    expect(codeIn(chatTexts(harness.fake, 42)[1])).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(codeIn(chatTexts(harness.fake, 42)[1])).not.toBe(old);
  });

  it('gives a fourth sender a code while three wait, moving the oldest request out of the file but keeping it listed', async () => {
    let now = Date.now();
    const harness = await running({ telegram: { dm_policy: 'pairing' }, pairingNow: () => now });
    for (const id of [1, 2, 3]) {
      await deliver(harness, { from: { id, first_name: `U${id}` }, text: 'hi' });
      now += 1_000;
    }
    await deliver(harness, { from: ada, text: 'hi' });
    expect(codeIn(chatTexts(harness.fake, 42)[0])).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect((await harness.pairing.list()).map((r) => r.user_id)).toEqual(['1', '2', '3', '42']);
    const file = JSON.parse(await readFile(harness.pairing.pairingFile, 'utf8')) as { requests: { id: string }[] };
    expect(file.requests.map((r) => r.id)).toEqual(['2', '3', '42']);
  });

  it('gives an evicted sender their still-valid code again on /start, and no new code', async () => {
    let now = Date.now();
    const harness = await running({ telegram: { dm_policy: 'pairing' }, pairingNow: () => now });
    for (const id of [1, 2, 3, 4]) {
      await deliver(harness, { from: { id, first_name: `U${id}` }, text: 'hi' });
      now += 1_000;
    }
    await deliver(harness, { from: { id: 1, first_name: 'U1' }, text: 'hi again' });
    await deliver(harness, { from: { id: 1, first_name: 'U1' }, text: '/start' });
    const [prompt, ...rest] = chatTexts(harness.fake, 1);
    expect(rest).toEqual([prompt]);
    expect((await harness.pairing.list()).map((r) => r.user_id)).toEqual(['1', '2', '3', '4']);
    const file = JSON.parse(await readFile(harness.pairing.pairingFile, 'utf8')) as { requests: { id: string }[] };
    expect(file.requests.map((r) => r.id)).toEqual(['2', '3', '4']);
  });

  it('lets allow_from senders through without pairing', async () => {
    const harness = await running({ telegram: { dm_policy: 'pairing', allow_from: [42] } });
    await deliver(harness, { from: ada, text: 'hi' });
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: hi']);
  });
});

describe('groups', () => {
  const group = { chatId: -100, chatType: 'supergroup' as const, chatTitle: 'Team', from: ada };

  it('ignores a group that is not on the allowlist, even when mentioned', async () => {
    const harness = await running({ telegram: { group_policy: 'allowlist', groups: [-200] } });
    await deliver(harness, { ...group, text: '@openclaw_test_bot hi' });
    expect(harness.fake.callsOf('sendMessage')).toEqual([]);
    expect(harness.events.filter((e) => e.event === 'telegram.message')).toEqual([]);
  });

  it('ignores every group when group_policy is disabled', async () => {
    const harness = await running({ telegram: { group_policy: 'disabled', groups: [-100] } });
    await deliver(harness, { ...group, text: '@openclaw_test_bot hi' });
    expect(harness.fake.callsOf('sendMessage')).toEqual([]);
  });

  it('in an allowed group answers only when mentioned, quoting the message', async () => {
    const harness = await running({ telegram: { group_policy: 'allowlist', groups: ['-100'] } });
    await deliver(harness, { ...group, text: 'just chatting' });
    expect(harness.fake.callsOf('sendMessage')).toEqual([]);
    const mention = harness.fake.pushMessage({ ...group, text: '@openclaw_test_bot what time is it' });
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, -100)).toEqual(['You said: what time is it']);
    expect(harness.fake.callsOf('sendMessage')[0]?.params.reply_parameters).toMatchObject({
      message_id: (mention.message as { message_id: number }).message_id,
    });
  });

  it('answers a reply to one of its messages without a mention', async () => {
    const harness = await running({ telegram: { group_policy: 'open' } });
    await deliver(harness, { ...group, text: '@openclaw_test_bot first' });
    await harness.waitForEvent('telegram.reply');
    const botMessage = harness.fake.chatMessages(-100)[0]?.message_id ?? 0;
    await deliver(harness, { ...group, text: 'and more', replyTo: botMessage });
    await harness.waitForEvent('telegram.reply', (p) => p.text === 'You said: and more');
  });

  it('answers every message when require_mention is false', async () => {
    const harness = await running({ telegram: { group_policy: 'open', require_mention: false } });
    await deliver(harness, { ...group, text: 'no mention' });
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, -100)).toEqual(['You said: no mention']);
  });

  it('keys a group session by chat, records group fields, and answers inside a forum topic', async () => {
    const harness = await running({ telegram: { group_policy: 'open', require_mention: false } });
    await deliver(harness, { ...group, text: 'in topic', threadId: 9, topicName: 'Ops' });
    await harness.waitForEvent('telegram.reply');
    const store = await harness.readStore();
    expect(store['agent:main:telegram:group:-100:topic:9']).toMatchObject({
      chat_type: 'group',
      channel: 'telegram',
      group_id: '-100',
      display_name: 'Team / Ops',
      last_thread_id: 9,
      origin: { provider: 'telegram', thread_id: 9, to: 'telegram:-100' },
    });
    expect(harness.fake.callsOf('sendMessage')[0]?.params.message_thread_id).toBe(9);
  });
});

describe('session keys per session.dm_scope', () => {
  it.each([
    ['main', 'agent:main:main'],
    ['per-peer', 'agent:main:direct:42'],
    ['per-channel-peer', 'agent:main:telegram:direct:42'],
    ['per-account-channel-peer', 'agent:main:telegram:default:direct:42'],
  ])('%s stores the DM under %s', async (dmScope, key) => {
    const harness = await running({ session: { dm_scope: dmScope } });
    await deliver(harness, { from: ada, text: 'hi' });
    await harness.waitForEvent('telegram.reply');
    const store = await harness.readStore();
    expect(Object.keys(store)).toEqual([key]);
    expect(store[key]).toMatchObject({
      chat_type: 'direct',
      channel: 'telegram',
      display_name: 'Ada (@ada)',
      origin: { provider: 'telegram', surface: 'telegram', from: 'telegram:42', to: 'telegram:42', account_id: 'default' },
      last_channel: 'telegram',
      last_to: 'telegram:42',
      last_account_id: 'default',
    });
    expect(harness.events.find((e) => e.event === 'telegram.message')?.params).toMatchObject({ session_key: key, outcome: 'accepted' });
  });
});

describe('privacy mode', () => {
  it('a bot in privacy mode whose groups answer without a mention says so, with the fix, in its status and the log', async () => {
    const harness = await running({ telegram: { group_policy: 'open', require_mention: false } });
    const [bot] = harness.channel.status().bots;
    expect(bot).toMatchObject({ state: 'running', username: 'openclaw_test_bot', privacy_mode: true, hint: PRIVACY_MODE_HINT });
    expect(harness.logs).toContain(`warn: Telegram bot "default" (@openclaw_test_bot): ${PRIVACY_MODE_HINT}`);
  });

  it('no hint when groups answer mentions only: privacy mode lets those through', async () => {
    const harness = await running({ telegram: { group_policy: 'open', require_mention: true } });
    const [bot] = harness.channel.status().bots;
    expect(bot).toMatchObject({ state: 'running', privacy_mode: true });
    expect(bot?.hint).toBeUndefined();
  });

  it('no hint when privacy mode is off', async () => {
    const harness = await running({ telegram: { group_policy: 'open', require_mention: false }, bots: [{ ...BOT, canReadAllGroupMessages: true }] });
    const [bot] = harness.channel.status().bots;
    expect(bot).toMatchObject({ state: 'running', privacy_mode: false });
    expect(bot?.hint).toBeUndefined();
    expect(harness.logs.some((line) => line.includes('privacy mode'))).toBe(false);
  });

  it('no hint when groups are disabled', async () => {
    const harness = await running({ telegram: { group_policy: 'disabled', require_mention: false } });
    expect(harness.channel.status().bots[0]?.hint).toBeUndefined();
  });
});
