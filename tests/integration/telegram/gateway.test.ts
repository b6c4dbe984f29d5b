import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import { startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';
import { httpRequest, REMOTE_ADDRESS, startTestGateway, TestClient, waitFor, type TestGateway } from '../gateway/helpers.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const ada = { id: 42, first_name: 'Ada', username: 'ada' };

let fake: FakeBotApi | undefined;
let provider: FakeProvider | undefined;
let gateway: TestGateway | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  await gateway?.close();
  await fake?.close();
  await provider?.close();
  client = undefined;
  gateway = undefined;
  fake = undefined;
  provider = undefined;
});

function configYaml(api: FakeBotApi, model: FakeProvider, telegram: string): string {
  return [
    'models:',
    '  default: fake/m1',
    '  providers:',
    '    fake:',
    `      base_url: ${model.origin}/v1`,
    '      models: [{ id: m1 }]',
    'telegram:',
    `  api_root: ${api.url}`,
    ...telegram.split('\n').map((line) => `  ${line}`),
  ].join('\n');
}

async function start(telegram: string): Promise<{ gateway: TestGateway; fake: FakeBotApi; client: TestClient }> {
  fake = await startFakeBotApi();
  provider = await startFakeProvider();
  gateway = await startTestGateway({ config: configYaml(fake, provider, telegram) });
  ({ client } = await TestClient.connect(gateway.url));
  return { gateway, fake, client };
}

const telegramOf = (status: RuntimeStatus) => (status.state === 'running' ? status.telegram : undefined);

describe('telegram through the gateway', () => {
  it('runs the bot and reports it in the runtime status', async () => {
    const { gateway: gw } = await start('enabled: true\nbot_token: "123:TEST"');
    await waitFor(() => telegramOf(gw.runtime.status())?.bots[0]?.state === 'running', 5_000, 'the bot to run');
    expect(telegramOf(gw.runtime.status())).toEqual({
      enabled: true,
      bots: [expect.objectContaining({ account_id: 'default', state: 'running', mode: 'polling', username: 'openclaw_test_bot' })],
    });
    expect(gw.events.some((e) => e.type === 'status' && telegramOf(e.status)?.bots[0]?.state === 'running')).toBe(true);
  });

  it('shows a refused token as failed: invalid bot token, while the gateway keeps running', async () => {
    const { gateway: gw, client: ws } = await start('enabled: true\nbot_token: "999:WRONG"');
    await waitFor(() => telegramOf(gw.runtime.status())?.bots[0]?.state === 'failed', 5_000, 'the bot to fail');
    const broadcast = gw.events.find((e) => e.type === 'event' && e.event === 'telegram.status' && JSON.stringify(e.params).includes('failed'));
    expect(broadcast).toMatchObject({ params: { enabled: true, bots: [{ state: 'failed', reason: 'invalid bot token' }] } });
    expect(gw.runtime.status().state).toBe('running');
    expect((await ws.request('telegram.status')).result).toMatchObject({ bots: [{ state: 'failed', reason: 'invalid bot token' }] });
  });

  it('pairs over WS: pairing.requested, pairing.list, pairing.approve, then the answer', async () => {
    const { fake: api, client: ws } = await start('enabled: true\nbot_token: "123:TEST"\ndm_policy: pairing');
    await ws.event('telegram.status');
    api.pushMessage({ from: ada, text: 'hello' });
    const requested = await ws.event('pairing.requested');
    const code = (requested.params?.request as { code: string }).code;
    expect((await ws.request('pairing.list')).result).toEqual({ requests: [expect.objectContaining({ code, user_id: '42', username: 'ada' })] });

    const approved = await ws.request('pairing.approve', { code: code.toLowerCase() });
    expect(approved.result).toMatchObject({ notified: true, request: { code } });
    expect((await ws.event('pairing.resolved')).params).toMatchObject({ decision: 'approved', request: { code } });

    api.pushMessage({ from: ada, text: 'paired now' });
    const reply = await ws.event('telegram.reply', 8_000);
    expect(reply.params).toMatchObject({ ok: true, text: 'You said: paired now', session_key: 'agent:main:main' });
    await ws.event('chat.final');
    expect(api.chatMessages(42).map((m) => m.text)).toEqual([
      expect.stringContaining(code),
      'You are approved. Send me a message to start.',
      'You said: paired now',
    ]);
  });

  it('lets the owner pair from the dashboard after three strangers filled the pending list', async () => {
    const { fake: api, client: ws } = await start('enabled: true\nbot_token: "123:TEST"\ndm_policy: pairing');
    await ws.event('telegram.status');
    for (const id of [1001, 1002, 1003]) {
      api.pushMessage({ from: { id, first_name: `Stranger${id}` }, text: '/start' });
      await ws.next((f) => f.event === 'pairing.requested' && (f.params?.request as { user_id: string }).user_id === String(id));
    }
    api.pushMessage({ from: ada, text: '/start' });
    const requested = await ws.next((f) => f.event === 'pairing.requested' && (f.params?.request as { user_id: string }).user_id === '42');
    const code = (requested.params?.request as { code: string }).code;
    const listed = (await ws.request('pairing.list')).result as { requests: { user_id: string }[] };
    // 1001 moved out of the pending file but is still listed and approvable until its code expires.
    expect(listed.requests.map((r) => r.user_id)).toEqual(['1001', '1002', '1003', '42']);
    expect((await ws.request('pairing.approve', { code })).result).toMatchObject({ notified: true, request: { user_id: '42' } });
    // The evicted stranger writing again gets their old code back, no new one, so nothing is pushed out.
    api.pushMessage({ from: { id: 1001, first_name: 'Stranger1001' }, text: '/start' });
    await waitFor(() => api.chatMessages(1001).length === 2, 5_000, 'the repeated code');
    expect(api.chatMessages(1001)[1]?.text).toBe(api.chatMessages(1001)[0]?.text);
    expect(((await ws.request('pairing.list')).result as { requests: { user_id: string }[] }).requests.map((r) => r.user_id)).toEqual(['1001', '1002', '1003']);
  });

  it('answers pairing.approve for an unknown or malformed code with a clear error', async () => {
    const { client: ws } = await start('enabled: true\nbot_token: "123:TEST"\ndm_policy: pairing');
    expect((await ws.request('pairing.approve', { code: 'ABCDEFGH' })).error).toEqual({
      code: 'not_found',
      message: 'No pending pairing request with code ABCDEFGH; check the code the bot sent',
    });
    expect((await ws.request('pairing.deny', { code: 'nope' })).error).toMatchObject({ code: 'invalid_params', message: expect.stringContaining('"nope" is not a pairing code') });
  });

  it('answers pairing.revoke: invalid_params for a malformed or unknown bot and a sender only the config allows, not_found for one not paired', async () => {
    const { client: ws, gateway: gw } = await start('enabled: false\nallow_from: [7]\naccounts:\n  work:\n    bot_token: "5:W"');
    const revoke = async (account_id: string, user_id: string) => (await ws.request('pairing.revoke', { account_id, user_id })).error;
    for (const bad of ['a/../../../etc/x', '', 'x'.repeat(65)]) {
      expect(await revoke(bad, '42')).toMatchObject({
        code: 'invalid_params',
        message: expect.stringContaining('account_id: must be "default" or a key of telegram.accounts (letters, digits, _ and -, at most 64)'),
      });
    }
    expect(await revoke('ghost', '42')).toMatchObject({ code: 'invalid_params', message: expect.stringContaining('No Telegram bot "ghost" in the config; the bots are: "default", "work"') });
    expect(await revoke('default', '7')).toEqual({
      code: 'invalid_params',
      message: 'Telegram user 7 is allowed by telegram.allow_from in the config, not by pairing; remove them there',
    });
    expect(await revoke('work', '99')).toEqual({ code: 'not_found', message: 'Telegram user 99 is not on the paired list of bot "work"' });
    expect((await ws.request('pairing.approved')).result).toEqual({ users: [] });
    expect(await readdir(gw.state.dir)).not.toContain('escaped-allowFrom.json');
  });

  it('refuses a config whose bot name could name a file elsewhere, keeping the running config, and writes nothing', async () => {
    const { gateway: gw, fake: api, client: ws } = await start('enabled: false');
    await gw.state.writeConfig(configYaml(api, provider as FakeProvider, 'enabled: false\naccounts:\n  "a/../../escaped":\n    bot_token: "5:W"'));
    const refused = await ws.event('config.invalid', 8_000);
    expect(refused.params).toMatchObject({ issues: [{ path: 'telegram.accounts.a/../../escaped', message: expect.stringContaining('a bot name may hold letters, digits') }] });
    expect((await ws.request('pairing.approved')).result).toEqual({ users: [] });
    expect(await readdir(gw.state.dir)).not.toContain('escaped-allowFrom.json');
  });

  it('lists pairing requests even with telegram disabled', async () => {
    const { client: ws } = await start('enabled: false');
    expect((await ws.request('telegram.status')).result).toEqual({ enabled: false, bots: [] });
    expect((await ws.request('pairing.list')).result).toEqual({ requests: [] });
  });

  it('starts the bot when a config reload enables telegram', async () => {
    const { gateway: gw, fake: api, client: ws } = await start('enabled: false\nbot_token: "123:TEST"');
    await gw.state.writeConfig(configYaml(api, provider as FakeProvider, 'enabled: true\nbot_token: "123:TEST"'));
    await ws.next((f) => f.type === 'event' && f.event === 'telegram.status' && JSON.stringify(f.params).includes('"running"'), 8_000);
    expect(api.callsOf('getMe')).toHaveLength(1);
  });
});

describe('telegram webhook route', () => {
  const webhookConfig = [
    'enabled: true',
    'bot_token: "123:TEST"',
    'dm_policy: open',
    'mode: webhook',
    'webhook:',
    '  url: https://bot.example.com/telegram/hook',
    '  secret_token: hook-secret-0123456789',
    '  path: /telegram/hook',
  ].join('\n');
  const update = (id: number, text: string) =>
    JSON.stringify({ update_id: id, message: { message_id: id, date: 0, chat: { id: 42, type: 'private' }, from: { ...ada, is_bot: false }, text } });

  it('accepts a delivery from a remote address and host that carries the secret, and answers it', async () => {
    const { gateway: gw, fake: api, client: ws } = await start(webhookConfig);
    await waitFor(() => telegramOf(gw.runtime.status())?.bots[0]?.state === 'running', 5_000, 'the webhook to be set');
    expect(api.webhookOf()).toEqual({ url: 'https://bot.example.com/telegram/hook', secret_token: 'hook-secret-0123456789' });
    const response = await httpRequest(`${gw.url}telegram/hook`, {
      method: 'POST',
      localAddress: REMOTE_ADDRESS,
      headers: { host: 'bot.example.com', 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'hook-secret-0123456789' },
      body: update(7001, 'via webhook'),
    });
    expect(response.status).toBe(200);
    // stream_mode defaults to partial: the first message is a draft until telegram.reply says the answer is done.
    await ws.event('telegram.reply', 8_000);
    expect(api.chatMessages(42).map((message) => message.text)).toEqual(['You said: via webhook']);
  });

  it('refuses a delivery with a wrong or missing secret', async () => {
    const { gateway: gw } = await start(webhookConfig);
    await waitFor(() => telegramOf(gw.runtime.status())?.bots[0]?.state === 'running', 5_000, 'the webhook to be set');
    const attempts: Record<string, string>[] = [{ 'x-telegram-bot-api-secret-token': 'guess' }, {}];
    for (const headers of attempts) {
      const response = await httpRequest(`${gw.url}telegram/hook`, {
        method: 'POST',
        localAddress: REMOTE_ADDRESS,
        headers: { host: 'bot.example.com', 'content-type': 'application/json', ...headers },
        body: update(7002, 'forged'),
      });
      expect(response.status).toBe(401);
    }
    expect(provider?.requests).toEqual([]);
  });

  it('sends wrong secrets through the gateway limiter: 401, then 429 and slower after 10; the right one is still accepted', async () => {
    const { gateway: gw, fake: api, client: ws } = await start(webhookConfig);
    await waitFor(() => telegramOf(gw.runtime.status())?.bots[0]?.state === 'running', 5_000, 'the webhook to be set');
    const deliver = async (secret: string, id: number) => {
      const response = await httpRequest(`${gw.url}telegram/hook`, {
        method: 'POST',
        localAddress: REMOTE_ADDRESS,
        headers: { host: 'bot.example.com', 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: update(id, 'guess'),
      });
      return { status: response.status, retryAfter: response.headers['retry-after'], endedAt: performance.now() };
    };
    const guesses: { status: number; retryAfter: string | string[] | undefined; endedAt: number }[] = [];
    for (let i = 0; i < 12; i++) guesses.push(await deliver(`guess-${i}`, 7100 + i));
    expect(guesses.map((g) => g.status)).toEqual([...Array(10).fill(401), 429, 429]);
    expect(Number(guesses[10]?.retryAfter)).toBeGreaterThan(0);
    // The limiter spaces its answers from the previous refusal, so a client slow to send (a loaded
    // machine) waits less itself: the spacing between answers is what it guarantees (250 ms, then
    // 500 ms; the margin allows for an answer written late on a loaded machine).
    const gap = (i: number): number => (guesses[i]?.endedAt ?? 0) - (guesses[i - 1]?.endedAt ?? 0);
    expect(gap(10)).toBeGreaterThanOrEqual(200);
    expect(gap(11)).toBeGreaterThanOrEqual(400);
    // Warnings are throttled: the first refusal is logged, the rest counted until the next report.
    expect(gw.logger.lines.filter((l) => l.message === 'Telegram webhook secret refused').map((l) => l.fields?.failures)).toEqual([1]);
    const real = await deliver('hook-secret-0123456789', 7200);
    expect(real.status).toBe(200);
    await ws.event('telegram.reply', 8_000);
    expect(api.chatMessages(42).map((message) => message.text)).toEqual(['You said: guess']);
    expect(provider?.requests).toHaveLength(1);
  });

  it('generates a strong secret when none is configured, keeps it in the state dir and sends it with setWebhook', async () => {
    const { gateway: gw, fake: api } = await start(webhookConfig.replace('  secret_token: hook-secret-0123456789\n', ''));
    await waitFor(() => telegramOf(gw.runtime.status())?.bots[0]?.state === 'running', 5_000, 'the webhook to be set');
    const file = path.join(gw.state.dir, 'telegram', 'default', 'webhook-secret.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { version: number; secret_token: string };
    expect(stored.secret_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(api.webhookOf()?.secret_token).toBe(stored.secret_token);
    const delivered = await httpRequest(`${gw.url}telegram/hook`, {
      method: 'POST',
      localAddress: REMOTE_ADDRESS,
      headers: { host: 'bot.example.com', 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': stored.secret_token },
      body: update(7300, 'generated'),
    });
    expect(delivered.status).toBe(200);
    // A restart reuses it, so deliveries Telegram retries across the restart still match.
    expect((await gw.runtime.restart()).state).toBe('running');
    await waitFor(() => api.callsOf('setWebhook').length === 2, 5_000, 'the webhook to be set again');
    expect(api.callsOf('setWebhook').map((call) => call.params.secret_token)).toEqual([stored.secret_token, stored.secret_token]);
  });

  it('leaves other paths to the guarded routes', async () => {
    const { gateway: gw } = await start(webhookConfig);
    const response = await httpRequest(`${gw.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers: { host: 'bot.example.com' } });
    expect(response.status).toBe(403);
  });
});

describe('pairing CLI while the gateway runs', () => {
  it('npm run gateway -- pairing approve CODE lets the sender in', async () => {
    const { gateway: gw, fake: api, client: ws } = await start('enabled: true\nbot_token: "123:TEST"\ndm_policy: pairing');
    api.pushMessage({ from: ada, text: 'hello' });
    const code = ((await ws.event('pairing.requested')).params?.request as { code: string }).code;
    const env = { ...process.env, ...gw.state.env };
    const listed = await run(process.execPath, ['--import', 'tsx', 'src-main/headless.ts', 'pairing', 'list'], { cwd: root, env, timeout: 30_000 });
    expect(listed.stdout).toContain(`${code}  Ada @ada, Telegram id 42, bot "default"`);
    const approved = await run(process.execPath, ['--import', 'tsx', 'src-main/headless.ts', 'pairing', 'approve', code], { cwd: root, env, timeout: 30_000 });
    expect(approved.stdout).toBe('Approved Ada @ada, Telegram id 42, bot "default"; they can message the bot now.\n');
    api.pushMessage({ from: ada, text: 'in?' });
    expect((await ws.event('telegram.reply', 8_000)).params).toMatchObject({ ok: true, text: 'You said: in?' });
  });

  it('exits 1 with one line for an unknown code', async () => {
    const { gateway: gw } = await start('enabled: false');
    const failed = await run(process.execPath, ['--import', 'tsx', 'src-main/headless.ts', 'pairing', 'approve', 'ABCDEFGH'], {
      cwd: root,
      env: { ...process.env, ...gw.state.env },
      timeout: 30_000,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1, stderr: 'No pending pairing request with code ABCDEFGH; check the code the bot sent\n' });
  });
});
