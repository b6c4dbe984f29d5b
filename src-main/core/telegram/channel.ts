import type { PairingRequest } from '../../../src-shared/telegram/pairing.js';
import type { TelegramBotStatus, TelegramStatus } from '../../../src-shared/telegram/status.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { resolveTelegramAccounts } from './accounts.js';
import { startTelegramBot, type TelegramBotHandle, type TelegramBotOptions, type TelegramWebhookDelivery } from './bot.js';
import { PAIRING_APPROVED_TEXT } from './messages.js';

// This module loads grammy: the runtime imports it with `import()` only when telegram.enabled, so a
// gateway without Telegram never pays for it.

export interface TelegramChannelOptions extends Omit<TelegramBotOptions, 'onStatus'> {
  /** Called with the whole channel status on every change of any bot. */
  onStatus?: (status: TelegramStatus) => void;
}

export interface TelegramChannel {
  status(): TelegramStatus;
  /** Tells an approved sender, from the bot they wrote to; false when that bot is not running. */
  notifyPairingApproved(request: PairingRequest): Promise<boolean>;
  /** Gateway paths that receive webhook deliveries (webhook mode). */
  webhookPaths(): string[];
  /** Handles a delivery on one of {@link webhookPaths}; resolves with the HTTP status to answer. */
  handleWebhook(path: string, delivery: TelegramWebhookDelivery): Promise<number>;
  /** Stops every bot (answers in progress are stopped with their partial text kept). */
  close(): Promise<void>;
}

/**
 * Starts a bot per configured account (see resolveTelegramAccounts; accounts that cannot run are
 * reported as `failed` with the config key to fix) and emits `telegram.status` on every change.
 * Returns at once: the bots connect in the background.
 */
export function startTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const now = options.now ?? Date.now;
  const { accounts, problems } = resolveTelegramAccounts(options.config().telegram);
  const statuses = new Map<string, TelegramBotStatus>();
  const snapshot = (): TelegramStatus => ({ enabled: options.config().telegram.enabled, bots: [...statuses.values()] });
  const publish = (): void => {
    const status = snapshot();
    options.onStatus?.(status);
    options.emit('telegram.status', status);
  };

  const mode = options.config().telegram.mode;
  for (const problem of problems) {
    options.logger.error(`Telegram: ${problem.message}`);
    statuses.set(problem.accountId, { account_id: problem.accountId, state: 'failed', mode, reason: problem.message, updated_at: now() });
  }
  const bots = new Map<string, TelegramBotHandle>();
  for (const account of accounts) {
    statuses.set(account.accountId, { account_id: account.accountId, state: 'starting', mode: account.mode, updated_at: now() });
    bots.set(
      account.accountId,
      startTelegramBot(account, {
        ...options,
        onStatus: (status) => {
          statuses.set(account.accountId, status);
          publish();
        },
      }),
    );
  }
  const webhookBots = new Map(
    accounts.filter((account) => account.mode === 'webhook' && account.webhook).map((account) => [account.webhook?.path ?? '', account.accountId]),
  );
  publish();

  return {
    status: snapshot,
    async notifyPairingApproved(request) {
      const bot = bots.get(request.account_id);
      if (!bot || bot.status().state !== 'running') return false;
      try {
        await bot.notify(request.user_id, PAIRING_APPROVED_TEXT);
        return true;
      } catch (error) {
        options.logger.warn(`Telegram: could not tell ${request.user_id} they were approved: ${describeError(error)}`);
        return false;
      }
    },
    webhookPaths: () => [...webhookBots.keys()],
    handleWebhook(path, delivery) {
      const accountId = webhookBots.get(path);
      const bot = accountId === undefined ? undefined : bots.get(accountId);
      return bot ? bot.handleWebhook(delivery) : Promise.resolve(404);
    },
    async close() {
      await Promise.all([...bots.values()].map((bot) => bot.close()));
    },
  };
}
