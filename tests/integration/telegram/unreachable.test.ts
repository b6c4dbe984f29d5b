import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelegramBotStatus } from '../../../src-shared/telegram/status.js';
import { startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';
import { waitFor } from '../gateway/helpers.js';
import { BOT, chatTexts, startHarness, type Harness, type HarnessOptions } from './harness.js';

// Start-up when the Bot API cannot be reached: the bot must say so (and why) within 10 s and retry
// on our own 2 s → 30 s backoff, never sit in "starting" behind grammy's internal retries.

const REPORT_WITHIN_MS = 10_000;
const ada = { id: 42, first_name: 'Ada', username: 'ada' };

let harness: Harness | undefined;
let revived: FakeBotApi | undefined;
afterEach(async () => {
  await harness?.close();
  await revived?.close();
  harness = undefined;
  revived = undefined;
});

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function start(options: HarnessOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}

function botStatus(h: Harness): TelegramBotStatus | undefined {
  return h.channel.status().bots[0];
}

/** The wait a retrying status announces. */
function waitOf(bot: TelegramBotStatus | undefined): number {
  return (bot?.retry_at ?? 0) - (bot?.updated_at ?? 0);
}

/** The distinct `retrying` statuses the bot published, in order. */
function retryingStatuses(h: Harness): TelegramBotStatus[] {
  const seen = h.events
    .filter((e) => e.event === 'telegram.status')
    .map((e) => (e.params.bots as TelegramBotStatus[])[0])
    .filter((bot): bot is TelegramBotStatus => bot?.state === 'retrying');
  return seen.filter((bot, i) => seen.findIndex((other) => other.updated_at === bot.updated_at && other.retry_at === bot.retry_at) === i);
}

describe('a Bot API that cannot be reached at start', () => {
  it('closed port: retrying "cannot reach the Bot API (connection refused…)" within 10 s, logged, with a 2 s first backoff', async () => {
    const port = await closedPort();
    const startedAt = Date.now();
    const h = await start({ telegram: { api_root: `http://127.0.0.1:${port}` } });
    const status = (await h.waitForStatus('retrying', REPORT_WITHIN_MS)).bots[0];
    expect(Date.now() - startedAt).toBeLessThan(REPORT_WITHIN_MS);
    expect(status?.reason).toBe('cannot reach the Bot API (connection refused, ECONNREFUSED)');
    // random() is 0 in the harness: the first wait is the 2 s floor of the backoff.
    expect(waitOf(status)).toBe(2_000);
    expect(h.logs).toContainEqual(
      'warn: Telegram bot "default": getMe failed: cannot reach the Bot API (connection refused, ECONNREFUSED); next try in 2 s',
    );
    // Neither the token nor the URL holding it reaches the status or the log.
    expect(JSON.stringify([h.events, h.logs])).not.toContain(BOT.token);
  });

  it('backs off on our own schedule, 2 s then 3 s (4 s jittered by 0.75), not grammy\'s immediate retries', async () => {
    const port = await closedPort();
    const h = await start({ telegram: { api_root: `http://127.0.0.1:${port}` } });
    await h.waitForStatus('retrying', REPORT_WITHIN_MS);
    await waitFor(() => retryingStatuses(h).length >= 2, 8_000, 'a second retrying status');
    const [first, second] = retryingStatuses(h);
    expect([first, second].map(waitOf)).toEqual([2_000, 3_000]);
    // The second attempt came when the first wait was over, not before.
    expect(second?.updated_at ?? 0).toBeGreaterThanOrEqual((first?.retry_at ?? 0) - 50);
  });

  it('DNS failure: retrying "cannot reach the Bot API (DNS lookup failed…)" within 10 s, or "no answer" where the nameserver never answers', async () => {
    const startedAt = Date.now();
    // `.invalid` never resolves; an offline machine's nameserver may not answer at all, and then the
    // request time limit (3 s here) is what reports it: either way the bot says why within 10 s.
    const h = await start({ telegram: { api_root: 'http://openclaw-test.invalid' }, requestTimeoutMs: 3_000 });
    const status = (await h.waitForStatus('retrying', REPORT_WITHIN_MS)).bots[0];
    expect(Date.now() - startedAt).toBeLessThan(REPORT_WITHIN_MS);
    expect(status?.reason).toMatch(/^cannot reach the Bot API \((DNS lookup failed, (ENOTFOUND|EAI_AGAIN)|no answer to getMe within 3 s)\)$/);
  });

  it('a Bot API that never answers: retrying "no answer … within" the request timeout, then running once it answers again', async () => {
    const h = await start({ requestTimeoutMs: 300 });
    h.fake.setUnresponsive(true);
    // The harness started the bot already: its first getMe may have been answered before the switch.
    await h.channel.close();
    h.start();
    const status = (await h.waitForStatus('retrying', REPORT_WITHIN_MS)).bots[0];
    expect(status?.reason).toBe('cannot reach the Bot API (no answer to getMe within 0.3 s)');
    expect(h.fake.unanswered).toContain('getMe');
    h.fake.setUnresponsive(false);
    // Within one backoff step (2 s) plus the time to connect.
    await h.waitForStatus('running', 2_000 + 1_500);
    h.fake.pushMessage({ from: ada, text: 'back?' });
    await h.waitForEvent('telegram.reply');
    expect(chatTexts(h.fake, 42)).toEqual(['You said: back?']);
  });

  it('a refused Bot API that comes back: running within one backoff step', async () => {
    const port = await closedPort();
    const h = await start({ telegram: { api_root: `http://127.0.0.1:${port}` } });
    const retryAt = (await h.waitForStatus('retrying', REPORT_WITHIN_MS)).bots[0]?.retry_at ?? 0;
    revived = await startFakeBotApi([{ ...BOT }], { port });
    await h.waitForStatus('running', 2_000 + 1_500);
    expect(Date.now()).toBeLessThan(retryAt + 1_500);
    expect(botStatus(h)).toMatchObject({ state: 'running', username: BOT.username });
    expect(h.logs.some((line) => line.startsWith('info: Telegram bot "default" is @openclaw_test_bot'))).toBe(true);
  });
});

describe('another program polling the same bot', () => {
  it('409 on getUpdates is logged and shown in the status line, and polling resumes', async () => {
    const h = await start({});
    await h.waitForStatus('running');
    h.fake.failNext('getUpdates', { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    const status = (await h.waitForStatus('retrying')).bots[0];
    const reason = 'another program is polling this bot (409 Conflict); stop it or use a different token';
    expect(status?.reason).toBe(reason);
    expect(h.logs).toContainEqual(`warn: Telegram bot "default": getUpdates failed: ${reason}; next try in 2 s`);
    await h.waitForStatus('running', 2_000 + 1_500);
    expect(h.logs).toContainEqual('info: Telegram bot "default": getUpdates works again');
  });

  it('409 because a webhook is set says so', async () => {
    const h = await start({});
    await h.waitForStatus('running');
    h.fake.failNext('getUpdates', { error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" });
    const status = (await h.waitForStatus('retrying')).bots[0];
    expect(status?.reason).toBe('another program set a webhook for this bot (409 Conflict); remove it or use a different token');
  });
});
