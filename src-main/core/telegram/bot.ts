import { setTimeout as sleep } from 'node:timers/promises';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type Api, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { TelegramBotStatus } from '../../../src-shared/telegram/status.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { safeEqual } from '../utils/safe-equal.js';
import type { TelegramAccount } from './accounts.js';
import { classifyTelegramError, describeTelegramFailure, resolvePollBackoffMs } from './backoff.js';
import { resolveApiChatId } from './inbound.js';
import { readUpdateOffset, resolveUpdateOffsetPath, writeUpdateOffset } from './offset-store.js';
import { createPendingUpdateJournal, resolvePendingUpdatesPath, type PendingUpdateJournal } from './pending-updates.js';
import { startUpdatePolling, TELEGRAM_ALLOWED_UPDATES, type PollingState, type UpdatePollingHandle } from './polling.js';
import { createTelegramUpdateHandler, type TelegramHandlerDeps } from './update-handler.js';

// Sends and edits wait out 429s (retry_after) a few times; getUpdates is left to the poller,
// which has its own policy, and network errors are not retried here because auto-retry would
// retry them without end.
const SEND_RETRY_ATTEMPTS = 3;
const SEND_MAX_RETRY_AFTER_S = 60;
const DRAIN_TIMEOUT_MS = 3_000;

// grammy's Node typings name the abort-controller polyfill's AbortSignal; at run time it only
// calls addEventListener and reads `aborted`, which the built-in AbortSignal has.
type GrammySignal = NonNullable<Parameters<Api['getUpdates']>[1]>;
const asGrammySignal = (signal: AbortSignal): GrammySignal => signal as unknown as GrammySignal;

export interface TelegramBotOptions extends Omit<TelegramHandlerDeps, 'api' | 'bot' | 'account'> {
  stateDir: string;
  onStatus: (status: TelegramBotStatus) => void;
  /** Long-poll timeout (default 30 s). */
  pollTimeoutSeconds?: number;
  random?: () => number;
}

/** A webhook delivery: the secret header as received and the parsed JSON body. */
export interface TelegramWebhookDelivery {
  secretToken: string | undefined;
  body: unknown;
}

export interface TelegramBotHandle {
  readonly accountId: string;
  status(): TelegramBotStatus;
  /** Sends a plain message from this bot (pairing approvals); errors are passed on. */
  notify(chatId: string, text: string): Promise<void>;
  /** Webhook mode: handles one delivery; resolves with the HTTP status to answer (401 for a wrong secret, 503 before the bot is ready). */
  handleWebhook(delivery: TelegramWebhookDelivery): Promise<number>;
  /** Stops polling (or leaves the webhook set), stops answers in progress and waits for them (≤ 3 s). */
  close(): Promise<void>;
}

/**
 * Starts one bot (no network wait: getMe, deleteWebhook / setWebhook and polling run in the
 * background and report through `onStatus`): starting → running, retrying (jittered 2 s → 30 s)
 * while Telegram is unreachable or another poller holds the bot, failed "invalid bot token" on 401.
 */
export function startTelegramBot(account: TelegramAccount, options: TelegramBotOptions): TelegramBotHandle {
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  const { signal } = controller;
  const bot = new Bot(account.botToken, { client: { apiRoot: account.apiRoot } });
  const retrying = autoRetry({ maxRetryAttempts: SEND_RETRY_ATTEMPTS, maxDelaySeconds: SEND_MAX_RETRY_AFTER_S, rethrowHttpErrors: true });
  const transformer: Transformer = (prev, method, payload, abortSignal) =>
    method === 'getUpdates' ? prev(method, payload, abortSignal) : retrying(prev, method, payload, abortSignal);
  bot.api.config.use(transformer);

  let status: TelegramBotStatus = { account_id: account.accountId, state: 'starting', mode: account.mode, updated_at: now() };
  const setStatus = (patch: Omit<TelegramBotStatus, 'account_id' | 'mode' | 'updated_at' | 'username'>): void => {
    status = {
      account_id: account.accountId,
      mode: account.mode,
      ...(bot.isInited() ? { username: bot.botInfo.username } : {}),
      ...patch,
      updated_at: now(),
    };
    options.onStatus(status);
  };
  const onPollingState = (state: PollingState): void => {
    if (state.state === 'running') setStatus({ state: 'running' });
    else if (state.state === 'retrying') setStatus({ state: 'retrying', reason: state.reason, retry_at: state.retryAt });
    else setStatus({ state: 'failed', reason: state.reason });
    if (state.state === 'failed') options.logger.error(`Telegram bot "${account.accountId}" stopped: ${state.reason}; check telegram.bot_token`);
  };

  let handler: ReturnType<typeof createTelegramUpdateHandler> | undefined;
  let polling: UpdatePollingHandle | undefined;
  let webhookChain: Promise<unknown> = Promise.resolve();
  let lastWebhookUpdate: number | undefined;
  const offsetFile = resolveUpdateOffsetPath(options.stateDir, account.accountId);

  /** Retries `task` with the polling backoff until it succeeds; false when the token is refused or the bot closed. */
  const withBackoff = async (what: string, task: () => Promise<unknown>): Promise<boolean> => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await task();
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        const failure = classifyTelegramError(error);
        const reason = describeTelegramFailure(failure);
        if (failure.kind === 'unauthorized') {
          onPollingState({ state: 'failed', reason });
          return false;
        }
        const waitMs = failure.kind === 'rate_limited' ? failure.retryAfterMs : resolvePollBackoffMs(attempt, options.random);
        options.logger.warn(`Telegram bot "${account.accountId}": ${what} failed (${failure.message}); retrying in ${Math.round(waitMs / 1000)} s`);
        onPollingState({ state: 'retrying', reason, retryAt: now() + waitMs });
        await sleep(waitMs, undefined, { signal }).catch(() => {
          // Aborted by close(): the loop condition ends the retries.
        });
      }
    }
    return false;
  };

  let journal: PendingUpdateJournal | undefined;
  const logJournalError = (error: unknown): void => {
    options.logger.error(`Telegram bot "${account.accountId}": pending-update journal: ${describeError(error)}`);
  };
  // close() waits for these: a journal still holding an answered update would answer it again at the next start.
  const removals = new Set<Promise<void>>();
  const forget = (updateId: number): Promise<void> => {
    const removal = journal ? journal.remove(updateId).catch(logJournalError) : Promise.resolve();
    removals.add(removal);
    void removal.finally(() => removals.delete(removal));
    return removal;
  };
  /** Routes an update that is already in the journal and forgets it once it is fully answered (or failed). */
  const routeJournaled = async (update: Update): Promise<void> => {
    try {
      const { settled } = (await handler?.handle(update)) ?? { settled: Promise.resolve() };
      void settled.finally(() => forget(update.update_id));
    } catch (error) {
      // A routing failure would fail again on every replay: forget it, and let the caller log it.
      await forget(update.update_id);
      throw error;
    }
  };
  // Journaled before its offset is confirmed to Telegram, so a crash mid-answer replays it at the next start.
  const handleUpdate = async (update: Update): Promise<void> => {
    await journal?.add(update).catch(logJournalError);
    await routeJournaled(update);
  };
  const replayPendingUpdates = async (): Promise<void> => {
    for (const update of (await journal?.list()) ?? []) {
      options.logger.warn(`Telegram bot "${account.accountId}": answering update ${update.update_id}, accepted but not answered before the last stop`);
      await routeJournaled(update).catch((error: unknown) => {
        options.logger.error(`Telegram bot "${account.accountId}": update ${update.update_id} failed: ${describeError(error)}`);
      });
    }
  };

  const boot = async (): Promise<void> => {
    if (!(await withBackoff('getMe', () => bot.init(asGrammySignal(signal))))) return;
    const { id, username } = bot.botInfo;
    handler = createTelegramUpdateHandler({ ...options, account, api: bot.api, bot: { id, username } });
    journal = createPendingUpdateJournal(resolvePendingUpdatesPath(options.stateDir, account.accountId), id);
    await replayPendingUpdates();
    options.logger.info(`Telegram bot "${account.accountId}" is @${username} (${account.mode})`);
    if (account.mode === 'webhook' && account.webhook) {
      const { url, secret_token: secretToken } = account.webhook;
      lastWebhookUpdate = await readUpdateOffset(offsetFile, id);
      const ok = await withBackoff('setWebhook', () =>
        bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] }, asGrammySignal(signal)),
      );
      if (ok) setStatus({ state: 'running' });
      return;
    }
    // A webhook left from webhook mode makes every getUpdates fail with 409; pending updates are kept.
    if (!(await withBackoff('deleteWebhook', () => bot.api.deleteWebhook({}, asGrammySignal(signal))))) return;
    polling = startUpdatePolling({
      getUpdates: (params, pollSignal) => bot.api.getUpdates(params, asGrammySignal(pollSignal)),
      botId: id,
      offsetFile,
      handle: handleUpdate,
      onState: onPollingState,
      onError: (message) => options.logger.error(`Telegram bot "${account.accountId}": ${message}`),
      ...(options.pollTimeoutSeconds === undefined ? {} : { timeoutSeconds: options.pollTimeoutSeconds }),
      ...(options.random ? { random: options.random } : {}),
      now,
    });
  };
  const booted = boot().catch((error: unknown) => {
    setStatus({ state: 'failed', reason: describeError(error) });
  });

  return {
    accountId: account.accountId,
    status: () => status,
    async notify(chatId, text) {
      await bot.api.sendMessage(resolveApiChatId(chatId), text);
    },
    handleWebhook(delivery) {
      if (account.mode !== 'webhook' || !account.webhook) return Promise.resolve(404);
      if (delivery.secretToken === undefined || !safeEqual(delivery.secretToken, account.webhook.secret_token)) return Promise.resolve(401);
      const body = delivery.body as Partial<Update> | undefined;
      if (!handler || !bot.isInited()) return Promise.resolve(503);
      if (typeof body?.update_id !== 'number') return Promise.resolve(400);
      const update = body as Update;
      // One at a time, so the saved offset only grows and a redelivered update is recognised.
      const result = webhookChain.then(async () => {
        if (lastWebhookUpdate !== undefined && update.update_id <= lastWebhookUpdate) return 200;
        try {
          await handleUpdate(update);
        } catch (error) {
          options.logger.error(`Telegram bot "${account.accountId}": update ${update.update_id} failed: ${describeError(error)}`);
        }
        lastWebhookUpdate = update.update_id;
        await writeUpdateOffset(offsetFile, bot.botInfo.id, update.update_id).catch((error: unknown) => {
          options.logger.error(`Could not save the update offset to ${offsetFile}: ${describeError(error)}`);
        });
        return 200;
      });
      webhookChain = result;
      return result;
    },
    async close() {
      controller.abort();
      await booted;
      await polling?.close();
      await webhookChain.catch(() => undefined);
      await handler?.drain(DRAIN_TIMEOUT_MS);
      await Promise.all([...removals]);
      setStatus({ state: 'stopped' });
    },
  };
}
