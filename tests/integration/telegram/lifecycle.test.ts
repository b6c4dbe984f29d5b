import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveUpdateOffsetPath } from '../../../src-main/core/telegram/offset-store.js';
import { resolvePendingUpdatesPath } from '../../../src-main/core/telegram/pending-updates.js';
import { BOT, chatTexts, startHarness, type Harness, type HarnessOptions } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ada = { id: 42, first_name: 'Ada', username: 'ada' };
// Polls an async condition (the journal file is rewritten asynchronously after an answer), bounded at 5 s.
async function eventually(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const replies = (harness: Harness): number => harness.events.filter((e) => e.event === 'telegram.reply').length;

async function running(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness(options);
  await h.waitForStatus('running');
  return h;
}

describe('restarts', () => {
  it('does not answer a message twice when Telegram redelivers it after a restart', async () => {
    const harness = await running();
    harness.fake.pushMessage({ from: ada, text: 'once' });
    await harness.waitForEvent('telegram.reply');
    await harness.fake.waitFor(() => harness.fake.pendingUpdates().length === 0);
    await harness.channel.close();
    const saved = JSON.parse(await readFile(resolveUpdateOffsetPath(harness.stateDir, 'default'), 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({ version: 1, bot_id: BOT.id, last_update_id: harness.fake.allUpdates()[0]?.update_id });

    // As if the bot had died before its next poll confirmed the update.
    harness.fake.forgetConfirmations();
    harness.start();
    await harness.waitForStatus('running');
    harness.fake.pushMessage({ from: ada, text: 'twice?' });
    await harness.waitForEvent('telegram.reply', (p) => p.text === 'You said: twice?');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: once', 'You said: twice?']);
    expect(harness.provider.requests).toHaveLength(2);
  });

  it('answers a message accepted but not answered before a crash, from the pending-update journal', async () => {
    const harness = await running();
    await harness.channel.close();
    // What a gateway killed mid-answer leaves behind: the offset confirmed, the update journaled.
    const update = {
      update_id: 777,
      message: {
        message_id: 5,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 42, type: 'private', first_name: 'Ada', username: 'ada' },
        from: { ...ada, is_bot: false },
        text: 'lost in a crash?',
      },
    };
    const journalPath = resolvePendingUpdatesPath(harness.stateDir, 'default');
    await mkdir(path.dirname(journalPath), { recursive: true });
    await writeFile(journalPath, JSON.stringify({ version: 1, bot_id: BOT.id, updates: [update] }));
    harness.start();
    await harness.waitForEvent('telegram.reply', (p) => p.text === 'You said: lost in a crash?');
    await eventually(async () => (JSON.parse(await readFile(journalPath, 'utf8')) as { updates: unknown[] }).updates.length === 0, 'an empty journal');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: lost in a crash?']);
  });

  it('a message replayed from the journal after a crash adds its user line to the transcript once', async () => {
    const harness = await running();
    harness.provider.script({ kind: 'hang' }, { kind: 'stream', chunks: ['Answered after the restart'] });
    harness.fake.pushMessage({ from: ada, text: 'lost in a crash?' });
    const journalPath = resolvePendingUpdatesPath(harness.stateDir, 'default');
    const sessionKey = 'agent:main:telegram:direct:42';
    const transcriptOf = async (): Promise<{ role: string; content: string; source_id?: string }[]> => {
      const sessionId = (await harness.readStore())[sessionKey]?.session_id;
      if (!sessionId) return [];
      const text = await readFile(path.join(path.dirname(harness.storePath), `${sessionId}.jsonl`), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { role: string; content: string; source_id?: string });
    };
    // Mid-answer: the user line is in the transcript and the update in the journal. What a crash now leaves is this journal.
    await eventually(async () => (await transcriptOf()).some((line) => line.role === 'user'), 'the user line');
    const journalAtCrash = await readFile(journalPath, 'utf8');
    expect((JSON.parse(journalAtCrash) as { updates: unknown[] }).updates).toHaveLength(1);
    await harness.channel.close();
    await writeFile(journalPath, journalAtCrash);

    harness.start();
    await harness.waitForEvent('telegram.reply', (p) => p.text === 'Answered after the restart');
    const userLines = (await transcriptOf()).filter((line) => line.role === 'user');
    expect(userLines).toEqual([expect.objectContaining({ content: 'lost in a crash?', source_id: expect.stringMatching(/^telegram:123:\d+$/) })]);
    // The model got the question once, too.
    const asked = harness.provider.requests.at(-1)?.body.messages?.filter((message) => message.role === 'user').map((message) => message.content);
    expect(asked).toEqual(['lost in a crash?']);
    expect(chatTexts(harness.fake, 42)).toEqual(['Answered after the restart']);
  });

  it('journals each update until it is answered, then forgets it', async () => {
    const harness = await running();
    harness.fake.pushMessage({ from: ada, text: 'hello' });
    await harness.waitForEvent('telegram.reply');
    const journalPath = resolvePendingUpdatesPath(harness.stateDir, 'default');
    const readJournal = async () => JSON.parse(await readFile(journalPath, 'utf8')) as { bot_id: number; updates: unknown[] };
    await eventually(async () => (await readJournal()).updates.length === 0, 'an empty journal');
    expect((await readJournal()).bot_id).toBe(BOT.id);
  });

  it('answers a message sent while the gateway was down', async () => {
    const harness = await running();
    await harness.channel.close();
    harness.fake.pushMessage({ from: ada, text: 'are you there?' });
    harness.start();
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: are you there?']);
  });
});

describe('status and failures', () => {
  it('401: status failed "invalid bot token", no retry loop', async () => {
    const harness = await startHarness({ telegram: { bot_token: '999:WRONG' } });
    h = harness;
    const status = await harness.waitForStatus('failed');
    expect(status.bots).toEqual([expect.objectContaining({ account_id: 'default', state: 'failed', reason: 'invalid bot token' })]);
    expect(harness.events.filter((e) => e.event === 'telegram.status').at(-1)?.params).toMatchObject({
      enabled: true,
      bots: [{ state: 'failed', reason: 'invalid bot token' }],
    });
    // close() waits for the bot's start-up task to end: by then any retry would have called getMe
    // again or announced itself as retrying.
    await harness.channel.close();
    expect(harness.fake.calls.filter((call) => call.method === 'getMe')).toHaveLength(1);
    const states = harness.events.filter((e) => e.event === 'telegram.status').map((e) => (e.params.bots as { state: string }[])[0]?.state);
    expect(states).not.toContain('retrying');
  });

  it('409: retries after a jittered backoff (2 s at the earliest) and runs again', async () => {
    const harness = await startHarness();
    h = harness;
    harness.fake.failNext('getUpdates', { error_code: 409, description: 'Conflict: terminated by other getUpdates request' });
    const retrying = await harness.waitForStatus('retrying');
    const bot = retrying.bots[0];
    expect(bot?.reason).toBe('another program is polling this bot (409 Conflict); stop it or use a different token');
    expect((bot?.retry_at ?? 0) - (bot?.updated_at ?? 0)).toBeGreaterThanOrEqual(2000);
    await harness.waitForStatus('running', 5_000);
    harness.fake.pushMessage({ from: ada, text: 'back?' });
    await harness.waitForEvent('telegram.reply');
    const polls = harness.fake.callsOf('getUpdates');
    expect(polls[0]?.error?.error_code).toBe(409);
    expect((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1900);
  });

  it('closing while backing off returns at once', async () => {
    const harness = await startHarness();
    h = harness;
    harness.fake.failNext('getUpdates', { error_code: 502, description: 'Bad Gateway' });
    const retryAt = (await harness.waitForStatus('retrying')).bots[0]?.retry_at ?? 0;
    await harness.channel.close();
    // Back before the retry was due (2 s at the earliest), and the retry never ran.
    expect(Date.now()).toBeLessThan(retryAt);
    expect(harness.fake.callsOf('getUpdates')).toHaveLength(1);
    expect(harness.channel.status().bots[0]?.state).toBe('stopped');
  });

  it('429 on a send: waits retry_after, then sends', async () => {
    const harness = await running({ telegram: { stream_mode: 'off' } });
    harness.fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 });
    harness.fake.pushMessage({ from: ada, text: 'hi' });
    await harness.waitForEvent('telegram.reply');
    const sends = harness.fake.callsOf('sendMessage');
    expect(sends.map((call) => call.ok)).toEqual([false, true]);
    expect((sends[1]?.at ?? 0) - (sends[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: hi']);
  });

  it('reports an enabled channel without a token as failed, naming the key', async () => {
    const harness = await startHarness({ telegram: { bot_token: undefined } });
    h = harness;
    expect(harness.channel.status().bots).toEqual([
      expect.objectContaining({ state: 'failed', reason: 'telegram.enabled is true but telegram.bot_token is not set; get a token from @BotFather' }),
    ]);
  });
});

describe('webhook mode', () => {
  const webhook = { url: 'https://bot.example.com/telegram/webhook', secret_token: 'hook-secret-0123456789' };

  it('sets the webhook with the secret and answers a delivery carrying it', async () => {
    const harness = await running({ telegram: { mode: 'webhook', webhook } });
    expect(harness.fake.webhookOf()).toEqual({ url: webhook.url, secret_token: 'hook-secret-0123456789' });
    expect(harness.channel.webhookPaths()).toEqual(['/telegram/webhook']);
    const update = { update_id: 500, message: { message_id: 1, date: 0, chat: { id: 42, type: 'private' }, from: { ...ada, is_bot: false }, text: 'via hook' } };
    expect(await harness.channel.handleWebhook('/telegram/webhook', { secretToken: 'hook-secret-0123456789', body: update })).toBe(200);
    await harness.waitForEvent('telegram.reply');
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: via hook']);
    expect(harness.fake.callsOf('getUpdates')).toEqual([]);
  });

  it('refuses a delivery without the right secret and does nothing with it', async () => {
    const harness = await running({ telegram: { mode: 'webhook', webhook } });
    const update = { update_id: 501, message: { message_id: 1, date: 0, chat: { id: 42, type: 'private' }, from: { ...ada, is_bot: false }, text: 'forged' } };
    expect(await harness.channel.handleWebhook('/telegram/webhook', { secretToken: 'guess', body: update })).toBe(401);
    expect(await harness.channel.handleWebhook('/telegram/webhook', { secretToken: undefined, body: update })).toBe(401);
    expect(harness.provider.requests).toEqual([]);
  });

  it('does not answer a redelivered update twice', async () => {
    const harness = await running({ telegram: { mode: 'webhook', webhook } });
    const update = { update_id: 502, message: { message_id: 1, date: 0, chat: { id: 42, type: 'private' }, from: { ...ada, is_bot: false }, text: 'dup' } };
    await harness.channel.handleWebhook('/telegram/webhook', { secretToken: 'hook-secret-0123456789', body: update });
    await harness.waitForEvent('telegram.reply');
    expect(await harness.channel.handleWebhook('/telegram/webhook', { secretToken: 'hook-secret-0123456789', body: update })).toBe(200);
    // Deliveries are handled in order and answers in a chat queue behind each other: once the next
    // update is answered, a second answer to the duplicate would have reached the model before it.
    const next = { update_id: 503, message: { ...update.message, message_id: 2, text: 'next' } };
    expect(await harness.channel.handleWebhook('/telegram/webhook', { secretToken: 'hook-secret-0123456789', body: next })).toBe(200);
    await harness.waitForEvent('telegram.reply', (p) => p.text === 'You said: next');
    expect(harness.provider.requests.map((request) => request.body.messages?.at(-1)?.content)).toEqual(['dup', 'next']);
    expect(replies(harness)).toBe(2);
  });

  it('polling mode removes a webhook left from webhook mode', async () => {
    const harness = await startHarness();
    h = harness;
    await harness.waitForStatus('running');
    expect(harness.fake.callsOf('deleteWebhook')).toHaveLength(1);
  });
});

describe('multiple bots', () => {
  it('runs each account with its own token and settings', async () => {
    const work = { token: '456:WORK', id: 456, username: 'work_bot' };
    const harness = await startHarness({
      bots: [{ ...BOT }, work],
      telegram: { accounts: { work: { bot_token: work.token, dm_policy: 'disabled' } } },
      session: { dm_scope: 'per-account-channel-peer' },
    });
    h = harness;
    await harness.waitForStatus('running', 5_000, 'default');
    await harness.waitForStatus('running', 5_000, 'work');
    expect(harness.channel.status().bots.map((bot) => bot.username).sort()).toEqual(['openclaw_test_bot', 'work_bot']);
    harness.fake.pushMessage({ from: ada, text: 'to default' });
    harness.fake.pushMessage({ from: ada, text: 'to work' }, work.token);
    await harness.waitForEvent('telegram.reply');
    await harness.fake.waitFor(() => harness.fake.pendingUpdates(work.token).length === 0);
    expect(chatTexts(harness.fake, 42)).toEqual(['You said: to default']);
    expect(chatTexts(harness.fake, 42, work.token)).toEqual([]);
    expect(Object.keys(await harness.readStore())).toEqual(['agent:main:telegram:default:direct:42']);
  });
});
