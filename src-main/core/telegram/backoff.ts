// How the channel reacts to Bot API failures. Errors are recognised by shape (grammy's GrammyError
// carries `error_code`, its HttpError wraps network failures) so this module never loads grammy.
import { describeError } from '../../../src-shared/utils/common.js';

export const POLL_BACKOFF_INITIAL_MS = 2_000;
export const POLL_BACKOFF_MAX_MS = 30_000;

export type TelegramFailure =
  | { kind: 'unauthorized'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'network'; message: string }
  | { kind: 'bad_request'; message: string };

interface ApiErrorShape {
  error_code: number;
  description?: string;
  parameters?: { retry_after?: number };
}

function isApiError(error: unknown): error is ApiErrorShape {
  return typeof error === 'object' && error !== null && typeof (error as { error_code?: unknown }).error_code === 'number';
}

/**
 * Classifies a Bot API failure: 401 (and the 404 Telegram answers for a malformed token) → unauthorized;
 * 409 → conflict (another poller or a webhook); 429 → rate_limited with retry_after; 5xx and
 * transport errors → network; any other API error → bad_request.
 */
export function classifyTelegramError(error: unknown): TelegramFailure {
  if (isApiError(error)) {
    const description = error.description ?? `error ${error.error_code}`;
    if (error.error_code === 401 || error.error_code === 404) return { kind: 'unauthorized', message: description };
    if (error.error_code === 409) return { kind: 'conflict', message: description };
    if (error.error_code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return { kind: 'rate_limited', retryAfterMs: Math.max(0, seconds) * 1000, message: description };
    }
    if (error.error_code >= 500) return { kind: 'network', message: description };
    return { kind: 'bad_request', message: description };
  }
  const message = describeError(error);
  return { kind: 'network', message };
}

/**
 * Resolves the wait before polling attempt `attempt` (0-based) after a conflict or network error:
 * 2 s doubling to 30 s, each scaled by a random factor in [0.75, 1.25) so restarting bots do not
 * retry in step, and kept within 2 s..30 s.
 */
export function resolvePollBackoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(POLL_BACKOFF_MAX_MS, POLL_BACKOFF_INITIAL_MS * 2 ** Math.max(0, attempt));
  const jittered = base * (0.75 + 0.5 * random());
  return Math.round(Math.min(POLL_BACKOFF_MAX_MS, Math.max(POLL_BACKOFF_INITIAL_MS, jittered)));
}

/** Resolves the status reason shown for a failure, in words that say what to do. */
export function describeTelegramFailure(failure: TelegramFailure): string {
  switch (failure.kind) {
    case 'unauthorized':
      return 'invalid bot token';
    case 'conflict':
      return 'another program is polling this bot (or a webhook is set); stop it or use a different token';
    case 'rate_limited':
      return `rate limited by Telegram; retrying in ${Math.ceil(failure.retryAfterMs / 1000)} s`;
    case 'network':
      return `cannot reach the Bot API (${failure.message})`;
    case 'bad_request':
      return failure.message;
  }
}
