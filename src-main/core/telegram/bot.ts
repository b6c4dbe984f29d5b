import { setTimeout as sleep } from 'node:timers/promises';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type Api, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { TelegramBotStatus } from '../../../src-shared/telegram/status.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { safeEqual } from '../utils/safe-equal.js';
import { scrubErrorText } from '../utils/secret-scrubber.js';
import type { TelegramAccount } from './accounts.js';
import {
  TELEGRAM_REQUEST_TIMEOUT_MS,
  TelegramRequestTimeoutError,
  classifyTelegramError,
  describeTelegramFailure,
  resolvePollBackoffMs,
} from './backoff.js';
import { resolveApiChatId } from './inbound.js';
import { readUpdateOffset, resolveUpdateOffsetPath, writeUpdateOffset } from './offset-store.js';
import { createPendingUpdateJournal, resolvePendingUpdatesPath, type PendingUpdateJournal } from './pending-updates.js';
import { startUpdatePolling, TELEGRAM_ALLOWED_UPDATES, type PollingState, type UpdatePollingHandle } from './polling.js';
import { resolvePrivacyModeHint } from './privacy-mode.js';
import { createTelegramUpdateHandler, type TelegramHandlerDeps } from './update-handler.js';
import { loadWebhookSecret, resolveWebhookSecretPath } from './webhook-secret.js';

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
  /** How long each start-up call (getMe, deleteWebhook, setWebhook) may take before it counts as failed (default 8 s). */
  requestTimeoutMs?: number;
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
 * background and report through `onStatus`): starting → running, retrying (jittered 2 s → 30 s,
 * each start-up call bounded by `requestTimeoutMs`) while Telegram is unreachable or another
 * poller holds the bot, failed "invalid bot token" on 401. Each new retry reason is logged once.
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
  /** What getMe told: the bot's name and whether privacy mode hides group messages the account expects. */
  const identity = (): Pick<TelegramBotStatus, 'username' | 'privacy_mode' | 'hint'> => {
    if (!bot.isInited()) return {};
    const { username, can_read_all_group_messages: canReadAll } = bot.botInfo;
    const hint = resolvePrivacyModeHint(account, canReadAll);
    return { username, privacy_mode: !canReadAll, ...(hint ? { hint } : {}) };
  };
  const setStatus = (patch: Omit<TelegramBotStatus, 'account_id' | 'mode' | 'updated_at' | 'username' | 'privacy_mode' | 'hint'>, at = now()): void => {
    status = {
      account_id: account.accountId,
      mode: account.mode,
      ...identity(),
      ...patch,
      // Reasons reach the dashboard and the tray, and an error may quote the token (a request URL).
      ...(patch.reason === undefined ? {} : { reason: scrubErrorText(patch.reason, options.scrub, options.config()) }),
      updated_at: at,
    };
    options.onStatus(status);
  };
  // The reason last logged in a run of failures: a conflict lasting hours is one line, not one per retry.
  let loggedReason: string | undefined;
  /**
   * Shows `what` (a Bot API method) failing for `reason` at `at`, the next try `waitMs` later, logging
   * it when the reason is new. One timestamp for both, so the status announces exactly the wait.
   */
  const reportRetrying = (what: string, reason: string, at: number, waitMs: number): void => {
    if (reason !== loggedReason) {
      loggedReason = reason;
      options.logger.warn(`Telegram bot "${account.accountId}": ${what} failed: ${reason}; next try in ${Math.round(waitMs / 1000)} s`);
    }
    setStatus({ state: 'retrying', reason, retry_at: at + waitMs }, at);
  };
  const reportRecovered = (what: string): void => {
    if (loggedReason === undefined) return;
    loggedReason = undefined;
    options.logger.info(`Telegram bot "${account.accountId}": ${what} works again`);
  };
  const reportFailed = (reason: string): void => {
    setStatus({ state: 'failed', reason });
    options.logger.error(`Telegram bot "${account.accountId}" stopped: ${reason}; check telegram.bot_token`);
  };
  const onPollingState = (state: PollingState): void => {
    if (state.state === 'running') {
      reportRecovered('getUpdates');
      setStatus({ state: 'running' });
    } else if (state.state === 'retrying') reportRetrying('getUpdates', state.reason, state.retryAt - state.waitMs, state.waitMs);
    else reportFailed(state.reason);
  };

  let handler: ReturnType<typeof createTelegramUpdateHandler> | undefined;
  let polling: UpdatePollingHandle | undefined;
  let webhookChain: Promise<unknown> = Promise.resolve();
  let lastWebhookUpdate: number | undefined;
  // telegram.webhook.secret_token, or the generated one once it is loaded (deliveries wait for it with 503).
  let webhookSecret = account.webhook?.secret_token;
  const offsetFile = resolveUpdateOffsetPath(options.stateDir, account.accountId);

  const requestTimeoutMs = options.requestTimeoutMs ?? TELEGRAM_REQUEST_TIMEOUT_MS;
  /** Calls the Bot API method `what` through `task`, giving up after requestTimeoutMs (or on close). */
  const callWithTimeout = async (what: string, task: (signal: GrammySignal) => Promise<unknown>): Promise<void> => {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), requestTimeoutMs);
    try {
      await task(asGrammySignal(AbortSignal.any([signal, timeout.signal])));
    } catch (error) {
      if (timeout.signal.aborted && !signal.aborted) throw new TelegramRequestTimeoutError(what, requestTimeoutMs);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * Calls `what` through `task` (each try bounded by requestTimeoutMs) until it succeeds, waiting on our
   * polling backoff between tries; false when the token is refused or the bot closed.
   */
  const withBackoff = async (what: string, task: (signal: GrammySignal) => Promise<unknown>): Promise<boolean> => {
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await callWithTimeout(what, task);
        reportRecovered(what);
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        const failure = classifyTelegramError(error);
        const reason = describeTelegramFailure(failure);
        if (failure.kind === 'unauthorized') {
          reportFailed(reason);
          return false;
        }
        const waitMs = failure.kind === 'rate_limited' ? failure.retryAfterMs : resolvePollBackoffMs(attempt, options.random);
        reportRetrying(what, reason, now(), waitMs);
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
    // Not bot.init(): it retries network errors itself, on a delay doubling to 20 minutes, without a
    // word; the bot would show "starting" all along. getMe on our own backoff says what is wrong.
    const identified = await withBackoff('getMe', async (callSignal) => {
      bot.botInfo = await bot.api.getMe(callSignal);
    });
    if (!identified) return;
    const { id, username } = bot.botInfo;
    handler = createTelegramUpdateHandler({ ...options, account, api: bot.api, bot: { id, username } });
    journal = createPendingUpdateJournal(resolvePendingUpdatesPath(options.stateDir, account.accountId), id);
    await replayPendingUpdates();
    options.logger.info(`Telegram bot "${account.accountId}" is @${username} (${account.mode})`);
    const privacyHint = identity().hint;
    if (privacyHint) options.logger.warn(`Telegram bot "${account.accountId}" (@${username}): ${privacyHint}`);
    if (account.mode === 'webhook' && account.webhook) {
      const { url } = account.webhook;
      const secretToken = (webhookSecret ??= await loadWebhookSecret(resolveWebhookSecretPath(options.stateDir, account.accountId)));
      lastWebhookUpdate = await readUpdateOffset(offsetFile, id);
      const ok = await withBackoff('setWebhook', (callSignal) =>
        bot.api.setWebhook(url, { secret_token: secretToken, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] }, callSignal),
      );
      if (ok) setStatus({ state: 'running' });
      return;
    }
    // A webhook left from webhook mode makes every getUpdates fail with 409; pending updates are kept.
    if (!(await withBackoff('deleteWebhook', (callSignal) => bot.api.deleteWebhook({}, callSignal)))) return;
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
      if (webhookSecret === undefined) return Promise.resolve(503);
      if (delivery.secretToken === undefined || !safeEqual(delivery.secretToken, webhookSecret)) return Promise.resolve(401);
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
