// How the channel reacts to Bot API failures. Errors are recognised by shape (grammy's GrammyError
// carries `error_code`, its HttpError wraps network failures) so this module never loads grammy.
import { describeError } from '../../../src-shared/utils/common.js';

export const POLL_BACKOFF_INITIAL_MS = 2_000;
export const POLL_BACKOFF_MAX_MS = 30_000;
/** How long a start-up call (getMe, deleteWebhook, setWebhook) may take: short enough to report an unreachable API within 10 s. */
export const TELEGRAM_REQUEST_TIMEOUT_MS = 8_000;

/** A Bot API call given up on after `timeoutMs` without an answer. */
export class TelegramRequestTimeoutError extends Error {
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer to ${method} within ${timeoutMs / 1000} s`);
    this.name = 'TelegramRequestTimeoutError';
  }
}

// What the system error codes of a failed connection mean, in words.
const TRANSPORT_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'DNS lookup failed',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Names a transport failure by its system error code (grammy's HttpError keeps the fetch error in
 * `error`). Never the fetch error's message: it quotes the request URL, and so the bot token.
 */
function describeTransportError(error: unknown): string {
  const cause = typeof error === 'object' && error !== null ? (error as { error?: unknown }).error : undefined;
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return describeError(error);
  const words = TRANSPORT_ERRORS[code] ?? (/CERT|SSL|TLS/.test(code) ? 'TLS certificate problem' : 'network error');
  return `${words}, ${code}`;
}

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
 * 409 → conflict (another poller or a webhook); 429 → rate_limited with retry_after; 5xx,
 * timeouts and transport errors (named by their system error code) → network; any other API error → bad_request.
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
  return { kind: 'network', message: describeTransportError(error) };
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
      // We delete our own webhook before polling: a webhook now was set by someone else.
      return /webhook/i.test(failure.message)
        ? 'another program set a webhook for this bot (409 Conflict); remove it or use a different token'
        : 'another program is polling this bot (409 Conflict); stop it or use a different token';
    case 'rate_limited':
      return `rate limited by Telegram; retrying in ${Math.ceil(failure.retryAfterMs / 1000)} s`;
    case 'network':
      return `cannot reach the Bot API (${failure.message})`;
    case 'bad_request':
      return failure.message;
  }
}
