import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OpenClawConfigSchema, type OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import type { TelegramStatus } from '../../../src-shared/telegram/status.js';
import { createAgentService, type AgentService } from '../../../src-main/core/agent/service.js';
import { createSessionStore, type SessionStoreHandle } from '../../../src-main/core/sessions/store.js';
import { startTelegramChannel, type TelegramChannel } from '../../../src-main/core/telegram/channel.js';
import { createPairingStore, type PairingStore } from '../../../src-main/core/telegram/pairing-store.js';
import { startFakeBotApi, type FakeBot, type FakeBotApi, type FakeBotApiOptions } from '../../fixtures/telegram/fake-bot-api.js';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';

export const BOT: FakeBot = { token: '123:TEST', id: 123, username: 'openclaw_test_bot' };

export interface Emitted {
  event: string;
  params: Record<string, unknown>;
}

export interface Harness {
  fake: FakeBotApi;
  provider: FakeProvider;
  stateDir: string;
  storePath: string;
  /** The store handle the agent and the channel share. */
  sessionStore: SessionStoreHandle;
  config: OpenClawConfig;
  agent: AgentService;
  pairing: PairingStore;
  events: Emitted[];
  /** Every line the channel logged, as `level: message`. */
  logs: string[];
  channel: TelegramChannel;
  /** Starts the channel (again) with the current config; the previous one must be closed. */
  start(): TelegramChannel;
  readStore(): Promise<SessionStore>;
  /** Resolves when the bot (default account) reports `state`; rejects after `timeoutMs`. */
  waitForStatus(state: string, timeoutMs?: number, accountId?: string): Promise<TelegramStatus>;
  waitForEvent(event: string, predicate?: (params: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Merged into the `telegram` section (enabled, bot_token, api_root are set already). */
  telegram?: Record<string, unknown>;
  session?: Record<string, unknown>;
  bots?: FakeBot[];
  /** Options of the fake Bot API (e.g. methods it does not know). */
  fakeApi?: FakeBotApiOptions;
  /** Clock of the pairing store (codes expire after 1 h). */
  pairingNow?: () => number;
  minEditIntervalMs?: number;
  /** Timeout of the bots' start-up calls (getMe, deleteWebhook, setWebhook); default: the production one. */
  requestTimeoutMs?: number;
}

async function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A Telegram channel wired to the real agent service, a fake model provider and the fake Bot API, in a temp state dir. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sessionStore = createSessionStore();
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-telegram-it-'));
  const storePath = path.join(stateDir, 'agents', 'main', 'sessions', 'sessions.json');
  const fake = await startFakeBotApi(options.bots ?? [{ ...BOT }], options.fakeApi);
  const provider = await startFakeProvider();
  const config = OpenClawConfigSchema.parse({
    session: { dm_scope: 'per-channel-peer', ...options.session },
    models: { default: 'fake/m1', providers: { fake: { base_url: `${provider.origin}/v1`, models: [{ id: 'm1' }] } } },
    telegram: { enabled: true, bot_token: BOT.token, api_root: fake.url, dm_policy: 'open', ...options.telegram },
  });
  const agent = createAgentService({ config: () => harness.config, sessionStore, sessionStorePath: storePath });
  const pairing = createPairingStore({ stateDir, ...(options.pairingNow ? { now: options.pairingNow } : {}) });
  const events: Emitted[] = [];
  const logs: string[] = [];
  const logger = {
    info: (message: string) => void logs.push(`info: ${message}`),
    warn: (message: string) => void logs.push(`warn: ${message}`),
    error: (message: string) => void logs.push(`error: ${message}`),
  };

  const start = (): TelegramChannel =>
    startTelegramChannel({
      config: () => harness.config,
      stateDir,
      sessionStore,
      sessionStorePath: () => storePath,
      pairing,
      agent,
      emit: (event, params) => events.push({ event, params }),
      logger,
      pollTimeoutSeconds: 1,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
      minEditIntervalMs: options.minEditIntervalMs ?? 200,
      random: () => 0,
    });

  const harness: Harness = {
    fake,
    provider,
    stateDir,
    storePath,
    sessionStore,
    config,
    agent,
    pairing,
    events,
    logs,
    channel: undefined as unknown as TelegramChannel,
    start() {
      harness.channel = start();
      return harness.channel;
    },
    async readStore() {
      try {
        return JSON.parse(await readFile(storePath, 'utf8')) as SessionStore;
      } catch {
        return {};
      }
    },
    waitForStatus(state, timeoutMs = 5_000, accountId = 'default') {
      return waitUntil(
        () => {
          const status = harness.channel.status();
          return status.bots.find((bot) => bot.account_id === accountId)?.state === state ? status : undefined;
        },
        timeoutMs,
        `bot "${accountId}" to be ${state} (now ${JSON.stringify(harness.channel.status().bots)})`,
      );
    },
    waitForEvent(event, predicate = () => true, timeoutMs = 5_000) {
      return waitUntil(() => events.find((e) => e.event === event && predicate(e.params))?.params, timeoutMs, `event ${event}`);
    },
    async close() {
      await harness.channel.close();
      await agent.close();
      await fake.close();
      await provider.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  harness.start();
  return harness;
}

/** The texts of the bot's messages in a chat, in order, as they stand now. */
export function chatTexts(fake: FakeBotApi, chatId: number, token = BOT.token): string[] {
  return fake.chatMessages(chatId, token).map((message) => message.text ?? '');
}
