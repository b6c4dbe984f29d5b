import type { ChatErrorKind } from '../../../src-shared/protocol/chat.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { findStorageError } from '../utils/storage-error.js';

/** A failed run, with a message that tells the user what to do; `kind` lets clients react (retry, fix config). */
export class AgentRunError extends Error {
  override readonly name = 'AgentRunError';

  constructor(
    readonly kind: ChatErrorKind,
    message: string,
    /** Seconds the provider asked us to wait (HTTP 429/503 retry-after), when it said. */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The HTTP failure of one provider request, before it is worded for the user (retries decide on it). */
export interface ProviderHttpFailure {
  status: number;
  /** The provider's own error message, from its JSON error body when it sent one. */
  detail: string;
  retryAfterSeconds?: number;
}

/** Reads `retry-after` (delta seconds or an HTTP date) as seconds from `now`; undefined when absent or unreadable. */
export function resolveRetryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

const MAX_DETAIL_CHARS = 300;

/** Extracts the provider's message from an error body (`{error:{message}}` in both APIs, else the text), shortened to 300 characters. */
export function resolveProviderErrorDetail(body: string): string {
  let detail = body.trim();
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') detail = parsed.error;
    else if (parsed.error && typeof parsed.error.message === 'string') detail = parsed.error.message;
    else if (typeof parsed.message === 'string') detail = parsed.message;
  } catch {
    // Not JSON (an HTML error page from a proxy, plain text): the raw text is the best we have.
  }
  detail = detail.replace(/\s+/g, ' ');
  return detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS)}…` : detail;
}

/** Which model a message talks about, for wording errors. */
export interface ModelErrorContext {
  provider: string;
  model: string;
  url: string;
}

/** Words an HTTP failure for the user, naming the provider, the model, the status and the config key to check. */
export function createHttpRunError(failure: ProviderHttpFailure, ctx: ModelErrorContext, attempts: number): AgentRunError {
  const { status } = failure;
  const said = failure.detail ? `: ${failure.detail}` : '';
  const where = `model provider "${ctx.provider}" (${ctx.url})`;
  if (status === 401) {
    return new AgentRunError('auth', `The API key was rejected by ${where} (HTTP 401${said}); check models.providers.${ctx.provider}.api_key`);
  }
  if (status === 403) {
    return new AgentRunError(
      'auth',
      `Access to model "${ctx.model}" was refused by ${where} (HTTP 403${said}); check that models.providers.${ctx.provider}.api_key may use it`,
    );
  }
  if (status === 404) {
    return new AgentRunError(
      'model_not_found',
      `Model "${ctx.model}" was not found at ${where} (HTTP 404${said}); check models.providers.${ctx.provider}.models[].id and models.default (or the session's model_override), and that base_url ends where the API starts (e.g. …/v1)`,
    );
  }
  if (status === 429) {
    const wait = failure.retryAfterSeconds === undefined ? '' : ` It asked to wait ${formatSeconds(failure.retryAfterSeconds)}.`;
    return new AgentRunError(
      'rate_limited',
      `Rate limited by ${where} (HTTP 429${said}) after ${attempts} attempt${attempts === 1 ? '' : 's'}.${wait} Try again later or raise agent.max_retries / agent.retry_max_wait_seconds`,
      failure.retryAfterSeconds,
    );
  }
  if (status >= 500) {
    return new AgentRunError(
      'server_error',
      `${capitalize(where)} failed with HTTP ${status}${said} after ${attempts} attempt${attempts === 1 ? '' : 's'}; the provider is having trouble, try again later`,
      failure.retryAfterSeconds,
    );
  }
  return new AgentRunError('bad_request', `${capitalize(where)} rejected the request for model "${ctx.model}" (HTTP ${status}${said})`);
}

/** Words a connection failure (refused, DNS, TLS, reset before a response) for the user. */
export function createUnreachableError(error: unknown, ctx: ModelErrorContext): AgentRunError {
  const code = resolveErrorCode(error);
  const reason = code ? describeErrorCode(code) : describeError(error);
  return new AgentRunError(
    'unreachable',
    `Cannot reach model provider "${ctx.provider}" at ${ctx.url} (${reason}); check that the server is running and models.providers.${ctx.provider}.base_url`,
    undefined,
    { cause: error },
  );
}

/** Finds a Node/undici error code (ECONNREFUSED, UND_ERR_SOCKET…) on an error or its causes. */
export function resolveErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeErrorCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the server';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return code;
  }
}

function formatSeconds(seconds: number): string {
  return `${Math.round(seconds * 10) / 10} s`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The AgentRunError a run ended with: the abort reason when it was stopped, a storage kind for the gateway's own files, else `internal`. */
export function toRunError(thrown: unknown, signal?: AbortSignal): AgentRunError {
  if (signal?.aborted && signal.reason instanceof AgentRunError) return signal.reason;
  if (thrown instanceof AgentRunError) return thrown;
  if (signal?.aborted) return new AgentRunError('aborted', 'Stopped on request; the partial answer was kept and marked');
  // A full disk, a read-only one, a busy store: its own kind (and HTTP status), with the path in the message.
  const storage = findStorageError(thrown);
  if (storage) return new AgentRunError(storage.kind, storage.message, storage.retryAfterSeconds, { cause: thrown });
  const message = describeError(thrown);
  return new AgentRunError('internal', `The run failed unexpectedly: ${message}`, undefined, { cause: thrown });
}
