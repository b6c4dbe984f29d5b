import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenClawConfigSchema, type OpenClawConfig } from '../../../src-shared/config/schema.js';
import { createSessionStore } from '../../../src-main/core/sessions/store.js';
import { runPairingCli } from '../../../src-main/core/telegram/pairing-cli.js';
import { createPairingStore } from '../../../src-main/core/telegram/pairing-store.js';
import { startTelegramService, type TelegramService } from '../../../src-main/core/telegram/service.js';
import { startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

let stateDir: string;
let fake: FakeBotApi;
let service: TelegramService | undefined;
beforeEach(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-telegram-service-'));
  fake = await startFakeBotApi();
});
afterEach(async () => {
  await service?.close();
  service = undefined;
  await fake.close();
  await rm(stateDir, { recursive: true, force: true });
});

const silent = { info() {}, warn() {}, error() {} };
const idleAgent = {
  send: () => {
    throw new Error('no model in this test');
  },
  abort: () => ({ aborted: false, run_id: null }),
  onEvent: () => () => undefined,
  startNewSession: async () => undefined,
};

async function start(config: () => OpenClawConfig, events: { event: string; params: Record<string, unknown> }[] = []): Promise<TelegramService> {
  service = await startTelegramService({
    config,
    stateDir,
    sessionStore: createSessionStore(),
    sessionStorePath: () => path.join(stateDir, 'sessions.json'),
    agent: idleAgent,
    emit: (event, params) => events.push({ event, params }),
    logger: silent,
    pollTimeoutSeconds: 1,
  });
  return service;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startTelegramService', () => {
  it('loads grammy only once telegram is enabled', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'tests/fixtures/telegram/lazy-load-child.ts', fake.url], { cwd: root, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ afterImport: false, afterDisabled: false, afterEnabled: true });
  });

  it('reports disabled and makes no Bot API call when telegram is off', async () => {
    const svc = await start(() => OpenClawConfigSchema.parse({}));
    expect(svc.status()).toEqual({ enabled: false, bots: [] });
    expect(fake.calls).toEqual([]);
  });

  it('starts, restarts and stops the channel as the config changes', async () => {
    let config = OpenClawConfigSchema.parse({});
    const svc = await start(() => config);
    config = OpenClawConfigSchema.parse({ telegram: { enabled: true, bot_token: '123:TEST', api_root: fake.url } });
    await svc.reload();
    await until(() => svc.status().bots[0]?.state === 'running', 'the bot to run');
    config = OpenClawConfigSchema.parse({ telegram: { enabled: true, bot_token: '999:OTHER', api_root: fake.url } });
    await svc.reload();
    await until(() => svc.status().bots[0]?.state === 'failed', 'the new token to be refused');
    expect(svc.status().bots[0]?.reason).toBe('invalid bot token');
    config = OpenClawConfigSchema.parse({});
    await svc.reload();
    expect(svc.status()).toEqual({ enabled: false, bots: [] });
  });

  it('does not restart the channel when another section changes', async () => {
    let config = OpenClawConfigSchema.parse({ telegram: { enabled: true, bot_token: '123:TEST', api_root: fake.url } });
    const svc = await start(() => config);
    await until(() => svc.status().bots[0]?.state === 'running', 'the bot to run');
    config = OpenClawConfigSchema.parse({ ...config, identity: { name: 'Other' } });
    await svc.reload();
    // A restarted bot would report starting until its own getMe answered.
    expect(svc.status().bots[0]?.state).toBe('running');
    expect(fake.callsOf('getMe')).toHaveLength(1);
  });

  it('approves a pairing code, tells the sender and announces pairing.resolved', async () => {
    const events: { event: string; params: Record<string, unknown> }[] = [];
    const svc = await start(() => OpenClawConfigSchema.parse({ telegram: { enabled: true, bot_token: '123:TEST', api_root: fake.url, dm_policy: 'pairing' } }), events);
    await until(() => svc.status().bots[0]?.state === 'running', 'the bot to run');
    const created = await createPairingStore({ stateDir }).request({ accountId: 'default', userId: '42', name: 'Ada' });
    const code = created.kind === 'created' ? created.request.code : '';
    expect((await svc.listPairing()).requests.map((r) => r.code)).toEqual([code]);
    const result = await svc.approvePairing(code);
    expect(result).toMatchObject({ notified: true, request: { code, user_id: '42' } });
    expect(fake.messageText(42, fake.chatMessages(42)[0]?.message_id ?? 0)).toBe('You are approved. Send me a message to start.');
    expect(events.find((e) => e.event === 'pairing.resolved')?.params).toMatchObject({ decision: 'approved', request: { code } });
    expect((await svc.listPairing()).requests).toEqual([]);
  });

  it('lists approved senders per configured bot and revokes one, announcing pairing.revoked; a sender allowed by the config is refused with the key', async () => {
    const events: { event: string; params: Record<string, unknown> }[] = [];
    const svc = await start(() => OpenClawConfigSchema.parse({ telegram: { allow_from: [7], accounts: { work: { bot_token: '5:W' } } } }), events);
    const store = createPairingStore({ stateDir });
    for (const accountId of ['default', 'work']) {
      const created = await store.request({ accountId, userId: '42', name: 'Ada' });
      await store.approve(created.kind === 'created' ? created.request.code : '');
    }
    expect((await svc.listApproved()).users.map((user) => [user.account_id, user.user_id, user.name])).toEqual([
      ['default', '42', 'Ada'],
      ['work', '42', 'Ada'],
    ]);
    expect(await svc.revokePairing('work', '42')).toMatchObject({ user: { account_id: 'work', user_id: '42' } });
    expect(events.find((e) => e.event === 'pairing.revoked')?.params).toMatchObject({ user: { account_id: 'work', user_id: '42' } });
    expect((await svc.listApproved()).users.map((user) => user.account_id)).toEqual(['default']);
    await expect(svc.revokePairing('default', '7')).rejects.toMatchObject({
      code: 'allowed_by_config',
      message: 'Telegram user 7 is allowed by telegram.allow_from in the config, not by pairing; remove them there',
    });
  });

  it.each(['ghost', 'a/../../../etc/x'])('refuses to revoke from the bot %j, which is not in the config, listing the bots', async (accountId) => {
    const svc = await start(() => OpenClawConfigSchema.parse({ telegram: { accounts: { work: { bot_token: '5:W' } } } }));
    const store = createPairingStore({ stateDir });
    const created = await store.request({ accountId: 'work', userId: '42', name: 'Ada' });
    await store.approve(created.kind === 'created' ? created.request.code : '');
    await expect(svc.revokePairing(accountId, '42')).rejects.toMatchObject({
      code: 'unknown_bot',
      message: `No Telegram bot "${accountId}" in the config; the bots are: "default", "work" ("default" is the top-level telegram section, the others are keys of telegram.accounts)`,
    });
    expect((await svc.listApproved()).users.map((user) => [user.account_id, user.user_id])).toEqual([['work', '42']]);
  });

  it('denies a code without telling the sender, and refuses unknown codes', async () => {
    const svc = await start(() => OpenClawConfigSchema.parse({}));
    const created = await createPairingStore({ stateDir }).request({ accountId: 'default', userId: '42' });
    const code = created.kind === 'created' ? created.request.code : '';
    expect(await svc.denyPairing(code)).toMatchObject({ notified: false, request: { code } });
    await expect(svc.approvePairing(code)).rejects.toThrow(`No pending pairing request with code ${code}`);
    expect(fake.calls).toEqual([]);
  });
});

describe('pairing CLI', () => {
  const io = (): { out: string[]; err: string[]; env: Record<string, string> ; stdout: (l: string) => void; stderr: (l: string) => void } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, env: { OPENCLAW_STATE_DIR: stateDir }, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
  };

  it('lists pending requests with the time left', async () => {
    const store = createPairingStore({ stateDir, now: () => 0 });
    const created = await store.request({ accountId: 'default', userId: '42', name: 'Ada Lovelace', username: 'ada' });
    const code = created.kind === 'created' ? created.request.code : '';
    const cli = io();
    expect(await runPairingCli(['list'], { ...cli, now: () => 30 * 60_000 })).toBe(0);
    expect(cli.out).toEqual([`${code}  Ada Lovelace @ada, Telegram id 42, bot "default"  (expires in 30 min)`]);
  });

  it('approves a code in any case', async () => {
    const created = await createPairingStore({ stateDir }).request({ accountId: 'default', userId: '42', name: 'Ada' });
    const code = created.kind === 'created' ? created.request.code : '';
    const cli = io();
    expect(await runPairingCli(['approve', code.toLowerCase()], cli)).toBe(0);
    expect(cli.out).toEqual(['Approved Ada, Telegram id 42, bot "default"; they can message the bot now.']);
    expect(await createPairingStore({ stateDir }).isApproved('default', '42')).toBe(true);
  });

  it('exits 1 with one line for an unknown code', async () => {
    const cli = io();
    expect(await runPairingCli(['approve', 'ABCDEFGH'], cli)).toBe(1);
    expect(cli.err).toEqual(['No pending pairing request with code ABCDEFGH; check the code the bot sent']);
  });

  it('exits 2 with the usage for bad arguments', async () => {
    const cli = io();
    expect(await runPairingCli(['approve'], cli)).toBe(2);
    expect(cli.err[0]).toContain('Usage: npm run gateway -- pairing <list | approve CODE | deny CODE | approved BOT | revoke BOT USER_ID>');
    expect(await runPairingCli(['revoke', 'default'], cli)).toBe(2);
  });

  it('exits 1 naming telegram.accounts for a bot id that could name a file outside the credentials folder, touching nothing', async () => {
    const cli = io();
    expect(await runPairingCli(['approved', 'a/../../../etc/x'], cli)).toBe(1);
    expect(await runPairingCli(['revoke', '../escaped', '42'], cli)).toBe(1);
    expect(cli.err).toEqual(
      ['a/../../../etc/x', '../escaped'].map(
        (bot) => `Telegram bot id "${bot}" cannot name a pairing file: use "default" or a key under telegram.accounts made of letters, digits, _ and - (at most 64 characters)`,
      ),
    );
    expect(await readdir(stateDir)).toEqual([]);
  });

  it('lists who is paired with a bot and revokes one', async () => {
    const store = createPairingStore({ stateDir, now: () => Date.parse('2026-12-04T10:00:00Z') });
    const created = await store.request({ accountId: 'default', userId: '42', name: 'Ada', username: 'ada' });
    await store.approve(created.kind === 'created' ? created.request.code : '');
    const cli = io();
    expect(await runPairingCli(['approved', 'default'], cli)).toBe(0);
    expect(cli.out).toEqual(['42  Ada @ada  (approved 2026-12-04 10:00 UTC)']);
    expect(await runPairingCli(['revoke', 'default', '42'], cli)).toBe(0);
    expect(cli.out.at(-1)).toBe('Revoked Ada, Telegram id 42 from bot "default"; their next message gets a new pairing code.');
    expect(await runPairingCli(['revoke', 'default', '42'], cli)).toBe(1);
    expect(cli.err).toEqual(['Telegram user 42 is not on the paired list of bot "default"']);
  });
});
