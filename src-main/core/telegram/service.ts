import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import { PairingError } from '../../../src-shared/telegram/pairing.js';
import type { PairingApprovedResult, PairingDecisionResult, PairingListResult, PairingRevokeResult } from '../../../src-shared/telegram/protocol.js';
import { DEFAULT_TELEGRAM_ACCOUNT_ID } from './accounts.js';
import { matchesTelegramAllowList } from './access-policy.js';
import type { TelegramStatus } from '../../../src-shared/telegram/status.js';
import type { SessionStoreHandle } from '../sessions/store.js';
import type { UpdateSessionStoreOptions } from '../sessions/types.js';
import type { TelegramWebhookDelivery } from './bot.js';
import type { TelegramChannel } from './channel.js';
import { createPairingStore, type PairingStore } from './pairing-store.js';
import type { TelegramAgent, TelegramEmit, TelegramLogger } from './update-handler.js';
import type { SecretScrubber } from '../utils/secret-scrubber.js';

export interface TelegramServiceOptions {
  config: () => OpenClawConfig;
  stateDir: string;
  /** The session store handle the channel reads and writes entries through (the runtime's). */
  sessionStore: SessionStoreHandle;
  sessionStorePath: () => string;
  storeOptions?: () => UpdateSessionStoreOptions;
  agent: TelegramAgent;
  emit: TelegramEmit;
  logger: TelegramLogger;
  now?: () => number;
  /** Long-poll timeout (default 30 s). */
  pollTimeoutSeconds?: number;
  /** partial stream mode: least time between draft edits (default 1,000 ms). */
  minEditIntervalMs?: number;
  random?: () => number;
  /** The runtime's secret keeper (the logger's too), for error text and bot status reasons; default: the config's secrets only. */
  scrub?: SecretScrubber;
}

/** The Telegram channel as the runtime sees it: on or off per config, plus DM pairing (which works with the channel off too). */
export interface TelegramService {
  status(): TelegramStatus;
  listPairing(): Promise<PairingListResult>;
  /** Approves a code (PairingError when unknown, expired or malformed) and tells the sender when their bot runs. */
  approvePairing(code: string): Promise<PairingDecisionResult>;
  denyPairing(code: string): Promise<PairingDecisionResult>;
  /** The senders approved through pairing, for every configured bot. */
  listApproved(): Promise<PairingApprovedResult>;
  /**
   * Takes a sender off a bot's paired list. PairingError `unknown_bot` for a bot not in the config,
   * `allowed_by_config` when only the config lets them in, `not_approved` when not on the list.
   */
  revokePairing(accountId: string, userId: string): Promise<PairingRevokeResult>;
  /** Applies the current config: restarts the channel when the telegram section changed. */
  reload(): Promise<void>;
  webhookPaths(): string[];
  /** Handles a webhook delivery; 404 when no bot listens on `path`. */
  handleWebhook(path: string, delivery: TelegramWebhookDelivery): Promise<number>;
  close(): Promise<void>;
}

const disabledStatus = (): TelegramStatus => ({ enabled: false, bots: [] });

/**
 * Starts the Telegram service: the channel (grammy and all) is imported and started only when
 * telegram.enabled, so a gateway without Telegram never loads it; `reload()` restarts it when the
 * telegram section changes. Pairing requests live in the state dir either way.
 */
export async function startTelegramService(options: TelegramServiceOptions): Promise<TelegramService> {
  const pairing: PairingStore = createPairingStore({ stateDir: options.stateDir, ...(options.now ? { now: options.now } : {}) });
  let channel: TelegramChannel | undefined;
  let appliedSection = '';
  let lastStatus: TelegramStatus = disabledStatus();
  let closed = false;
  // Reloads and close run one after another, so a channel is never started twice.
  let queue: Promise<unknown> = Promise.resolve();

  const apply = async (): Promise<void> => {
    if (closed) return;
    const section = options.config().telegram;
    const key = JSON.stringify(section);
    if (key === appliedSection) return;
    appliedSection = key;
    if (channel) {
      const old = channel;
      channel = undefined;
      await old.close();
    }
    if (!section.enabled) {
      lastStatus = disabledStatus();
      options.emit('telegram.status', lastStatus);
      return;
    }
    const { startTelegramChannel } = await import('./channel.js');
    channel = startTelegramChannel({
      ...options,
      pairing,
      onStatus: (status) => {
        lastStatus = status;
      },
    });
    lastStatus = channel.status();
  };
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  };

  await serial(apply);

  // The top-level bot and every account in the config, whether or not it runs now: approvals outlive a bot being switched off.
  const configuredAccountIds = (): string[] => [DEFAULT_TELEGRAM_ACCOUNT_ID, ...Object.keys(options.config().telegram.accounts ?? {}).filter((id) => id !== DEFAULT_TELEGRAM_ACCOUNT_ID)];

  const decide = async (code: string, decision: 'approved' | 'denied'): Promise<PairingDecisionResult> => {
    const request = decision === 'approved' ? await pairing.approve(code) : await pairing.deny(code);
    const notified = decision === 'approved' && channel !== undefined ? await channel.notifyPairingApproved(request) : false;
    options.logger.info(`Telegram: pairing ${request.code} ${decision} (${request.name ?? request.user_id})`);
    options.emit('pairing.resolved', { request, decision });
    return { request, notified };
  };

  return {
    status: () => (channel ? channel.status() : lastStatus),
    listPairing: async () => ({ requests: await pairing.list() }),
    approvePairing: (code) => decide(code, 'approved'),
    denyPairing: (code) => decide(code, 'denied'),
    async listApproved() {
      const users = await Promise.all(configuredAccountIds().map((accountId) => pairing.listApproved(accountId)));
      return { users: users.flat() };
    },
    async revokePairing(accountId, userId) {
      const bots = configuredAccountIds();
      if (!bots.includes(accountId)) {
        throw new PairingError('unknown_bot', `No Telegram bot "${accountId}" in the config; the bots are: ${bots.map((id) => `"${id}"`).join(', ')} ("default" is the top-level telegram section, the others are keys of telegram.accounts)`);
      }
      const telegram = options.config().telegram;
      const allowFrom = accountId === DEFAULT_TELEGRAM_ACCOUNT_ID ? telegram.allow_from : (telegram.accounts?.[accountId]?.allow_from ?? telegram.allow_from);
      const approved = await pairing.isApproved(accountId, userId);
      if (!approved && allowFrom && matchesTelegramAllowList(allowFrom, { id: userId })) {
        const key = accountId === DEFAULT_TELEGRAM_ACCOUNT_ID ? 'telegram.allow_from' : `telegram.accounts.${accountId}.allow_from`;
        throw new PairingError('allowed_by_config', `Telegram user ${userId} is allowed by ${key} in the config, not by pairing; remove them there`);
      }
      const user = await pairing.revoke(accountId, userId);
      options.logger.info(`Telegram: revoked ${user.name ?? user.user_id} from bot "${accountId}"`);
      options.emit('pairing.revoked', { user });
      return { user };
    },
    reload: () => serial(apply),
    webhookPaths: () => channel?.webhookPaths() ?? [],
    handleWebhook: (path, delivery) => channel?.handleWebhook(path, delivery) ?? Promise.resolve(404),
    close: () =>
      serial(async () => {
        closed = true;
        const old = channel;
        channel = undefined;
        await old?.close();
      }),
  };
}
