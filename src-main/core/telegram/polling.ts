import { setTimeout as sleep } from 'node:timers/promises';
import type { Update } from 'grammy/types';
import { describeError } from '../../../src-shared/utils/common.js';
import { classifyTelegramError, describeTelegramFailure, resolvePollBackoffMs } from './backoff.js';
import { readUpdateOffset, writeUpdateOffset } from './offset-store.js';

export const DEFAULT_POLL_TIMEOUT_S = 30;
export const TELEGRAM_ALLOWED_UPDATES = ['message'] as const;

/** What the poller reports: polling normally, waiting before the next attempt, or given up (the user must act). */
export type PollingState =
  | { state: 'running' }
  | { state: 'retrying'; reason: string; retryAt: number; waitMs: number }
  | { state: 'failed'; reason: string };

export interface UpdatePollingOptions {
  getUpdates: (
    params: { offset?: number; timeout: number; allowed_updates: (typeof TELEGRAM_ALLOWED_UPDATES)[number][] },
    signal: AbortSignal,
  ) => Promise<Update[]>;
  /** Offsets are kept per bot: a new token starts afresh. */
  botId: number;
  offsetFile: string;
  /** Handles one update; its errors are logged and the update counts as handled, so one bad update cannot stall the bot. */
  handle: (update: Update) => Promise<void>;
  onState: (state: PollingState) => void;
  onError?: (message: string) => void;
  /** Long-poll timeout (default 30 s). */
  timeoutSeconds?: number;
  random?: () => number;
  now?: () => number;
}

export interface UpdatePollingHandle {
  /** Settles when polling stopped (closed, or failed for good). */
  readonly done: Promise<void>;
  /** Stops polling (an in-flight getUpdates is cancelled, a backoff wait cut short) and waits for the update being handled. */
  close(): Promise<void>;
}

/**
 * Starts long polling with Telegram's offset semantics and our own persisted offset (`offsetFile`,
 * written after each update is handled), so a restart neither answers an update twice nor skips
 * one. 409 and network errors: jittered backoff 2 s → 30 s; 429: wait retry_after; 401: state
 * `failed: invalid bot token` and polling ends, without a retry loop.
 */
export function startUpdatePolling(options: UpdatePollingOptions): UpdatePollingHandle {
  const controller = new AbortController();
  const { signal } = controller;
  const now = options.now ?? Date.now;
  const timeout = options.timeoutSeconds ?? DEFAULT_POLL_TIMEOUT_S;

  const run = async (): Promise<void> => {
    let lastHandled = await readUpdateOffset(options.offsetFile, options.botId);
    let attempt = 0;
    // Running from the first poll on (a long poll can take 30 s to return); a failing poll says otherwise.
    options.onState({ state: 'running' });
    let reportedRunning = true;
    while (!signal.aborted) {
      let updates: Update[];
      try {
        updates = await options.getUpdates(
          { ...(lastHandled === undefined ? {} : { offset: lastHandled + 1 }), timeout, allowed_updates: [...TELEGRAM_ALLOWED_UPDATES] },
          signal,
        );
      } catch (error) {
        if (signal.aborted) return;
        const failure = classifyTelegramError(error);
        const reason = describeTelegramFailure(failure);
        if (failure.kind === 'unauthorized') {
          options.onState({ state: 'failed', reason });
          return;
        }
        const waitMs = failure.kind === 'rate_limited' ? failure.retryAfterMs : resolvePollBackoffMs(attempt++, options.random);
        reportedRunning = false;
        options.onState({ state: 'retrying', reason, retryAt: now() + waitMs, waitMs });
        await sleep(waitMs, undefined, { signal }).catch(() => {
          // Aborted: close() cut the wait short; the loop condition ends the poller.
        });
        continue;
      }
      attempt = 0;
      if (!reportedRunning) {
        reportedRunning = true;
        options.onState({ state: 'running' });
      }
      for (const update of updates) {
        // Telegram already drops what the offset confirmed; this guards against a server that does not.
        if (lastHandled !== undefined && update.update_id <= lastHandled) continue;
        try {
          await options.handle(update);
        } catch (error) {
          options.onError?.(`Update ${update.update_id} failed: ${describeError(error)}`);
        }
        lastHandled = update.update_id;
        try {
          await writeUpdateOffset(options.offsetFile, options.botId, lastHandled);
        } catch (error) {
          options.onError?.(`Could not save the update offset to ${options.offsetFile}: ${describeError(error)}`);
        }
        if (signal.aborted) return;
      }
    }
  };

  const done = run();
  return {
    done,
    async close() {
      controller.abort();
      await done;
    },
  };
}
