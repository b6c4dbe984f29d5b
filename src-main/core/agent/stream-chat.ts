import { describeError } from '../../../src-shared/utils/common.js';
import { anthropicMessagesAdapter } from './anthropic-messages.js';
import type { ApiAdapter } from './api-adapter.js';
import {
  AgentRunError,
  createHttpRunError,
  createUnreachableError,
  resolveErrorCode,
  resolveProviderErrorDetail,
  resolveRetryAfterSeconds,
  type ModelErrorContext,
} from './errors.js';
import { openAiCompletionsAdapter } from './openai-completions.js';
import type { ProviderFetch, ProviderRequest, ProviderStreamEvent } from './provider-types.js';
import { readSseEvents } from './sse.js';

export const RETRY_BACKOFF_BASE_MS = 500;
const ERROR_BODY_MAX_BYTES = 64 * 1024;

export interface StreamChatOptions {
  /** Aborting it stops the request; the generator then throws `signal.reason`. */
  signal: AbortSignal;
  /** Default: the global fetch. */
  fetch?: ProviderFetch;
  /** Retries after HTTP 429 or 5xx (only before the answer starts). */
  maxRetries: number;
  /** A retry-after above this fails at once instead of waiting. */
  retryMaxWaitSeconds: number;
  /** Clock that an HTTP-date retry-after is measured from; default Date.now. */
  now?: () => number;
  /** Told before each wait, for logging. */
  onRetry?: (info: { attempt: number; status: number; waitMs: number }) => void;
}

/** Picks the adapter of an API. */
export function resolveApiAdapter(api: ProviderRequest['api']): ApiAdapter {
  return api === 'anthropic-messages' ? anthropicMessagesAdapter : openAiCompletionsAdapter;
}

/**
 * Streams one chat answer from the provider as delta/usage/finish events. Retries HTTP 429 and 5xx up
 * to `maxRetries` times, honouring retry-after (else 0.5 s, 1 s, 2 s…), before any text arrives.
 * Throws AgentRunError: unreachable, auth (401/403), model_not_found (404), rate_limited, server_error,
 * bad_request, stream_cut (the stream ended or broke before the model finished); on abort, `signal.reason`.
 */
export async function* streamChat(request: ProviderRequest, options: StreamChatOptions): AsyncGenerator<ProviderStreamEvent> {
  const { signal } = options;
  const fetchImpl: ProviderFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const adapter = resolveApiAdapter(request.api);
  const built = adapter.buildRequest(request);
  const ctx: ModelErrorContext = { provider: request.provider, model: request.model, url: built.url };

  let response: Response;
  for (let attempt = 1; ; attempt++) {
    signal.throwIfAborted();
    try {
      response = await fetchImpl(built.url, { method: 'POST', headers: built.headers, body: built.body, signal });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw createUnreachableError(error, ctx);
    }
    if (response.ok) break;
    const failure = {
      status: response.status,
      detail: resolveProviderErrorDetail(await readBoundedText(response, signal)),
      retryAfterSeconds: resolveRetryAfterSeconds(response.headers.get('retry-after'), (options.now ?? Date.now)()),
    };
    const retryable = failure.status === 429 || failure.status >= 500;
    const waitSeconds = failure.retryAfterSeconds ?? (RETRY_BACKOFF_BASE_MS * 2 ** (attempt - 1)) / 1000;
    if (!retryable || attempt > options.maxRetries || waitSeconds > options.retryMaxWaitSeconds) {
      throw createHttpRunError(failure, ctx, attempt);
    }
    options.onRetry?.({ attempt, status: failure.status, waitMs: waitSeconds * 1000 });
    await sleep(waitSeconds * 1000, signal);
  }

  const contentType = response.headers.get('content-type') ?? '';
  if (contentType.includes('application/json')) {
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw cutError(ctx, describeCut(error));
    }
    yield* adapter.parseJsonResponse(json, ctx);
    return;
  }
  if (!response.body) throw cutError(ctx, 'the response had no body');

  const parser = adapter.createStreamParser(ctx);
  try {
    for await (const event of readSseEvents(response.body)) {
      for (const out of parser.onEvent(event)) yield out;
      if (parser.ended) break;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (error instanceof AgentRunError) throw error;
    throw cutError(ctx, describeCut(error));
  }
  if (!parser.complete) throw cutError(ctx, 'the stream ended before the model finished');
}

function cutError(ctx: ModelErrorContext, reason: string): AgentRunError {
  return new AgentRunError(
    'stream_cut',
    `The answer from "${ctx.provider}/${ctx.model}" was cut off mid-stream (${reason}); the partial answer was kept and marked`,
  );
}

function describeCut(error: unknown): string {
  const code = resolveErrorCode(error);
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET') return 'the connection was closed';
  return describeError(error);
}

async function readBoundedText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ERROR_BODY_MAX_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    if (signal.aborted) throw signal.reason;
    // A body cut short still leaves the status code to report; what we read is enough.
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks)).slice(0, ERROR_BODY_MAX_BYTES);
}

/** Waits `ms`, or rejects with `signal.reason` as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
