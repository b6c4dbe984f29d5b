import type { ModelApi } from '../../../src-shared/config/schema.js';
import type { ModelsTestResult } from '../../../src-shared/protocol/settings.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { anthropicMessagesAdapter } from './anthropic-messages.js';
import { resolveModelsEndpoint } from './endpoints.js';
import { lowerCaseKeys, openAiCompletionsAdapter } from './openai-completions.js';

/** What a provider test calls: a saved provider's settings, or the values typed in setup. */
export interface ProviderProbe {
  baseUrl: string;
  api: ModelApi;
  apiKey?: string;
  headers?: Record<string, string>;
  /** For the 1-token completion when the provider has no models list. */
  model?: string;
}

export interface ProviderTestOptions {
  /** Default 10 s: long enough for a slow cloud API, short enough for a person waiting on a button. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// A list longer than this is a catalogue (OpenRouter has hundreds); the picker shows the first ones.
const MAX_LISTED_MODELS = 500;

// What the system error codes of a failed connection mean, in words.
const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the server running?)',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'no such host (DNS lookup failed)',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

class ProbeFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Names a fetch failure by its system error code, never by its message (which may quote the URL). */
function describeNetworkError(host: string, error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `${host} did not answer in time`;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (code) return `Could not reach ${host}: ${NETWORK_ERRORS[code] ?? (/CERT|SSL|TLS/.test(code) ? 'TLS certificate problem' : 'network error')} (${code})`;
  return `Could not reach ${host} (${error instanceof Error ? error.name : 'network error'})`;
}

function describeStatus(status: number, hasKey: boolean, what: string): ProbeFailure {
  if (status === 401 || status === 403) {
    return new ProbeFailure(hasKey ? `The provider rejected the key (HTTP ${status})` : `The provider wants an API key (HTTP ${status})`, status);
  }
  if (status === 404) return new ProbeFailure(`The provider answered HTTP 404 for ${what}; check the base URL (it usually ends in /v1) and the model id`, status);
  if (status === 429) return new ProbeFailure('The provider is rate limiting this key (HTTP 429); the key works, try again in a minute', status);
  return new ProbeFailure(`The provider answered HTTP ${status} for ${what}`, status);
}

function authHeaders(probe: ProviderProbe): Record<string, string> {
  const headers: Record<string, string> =
    probe.api === 'anthropic-messages' ? { 'anthropic-version': '2023-06-01', ...(probe.apiKey ? { 'x-api-key': probe.apiKey } : {}) } : probe.apiKey ? { authorization: `Bearer ${probe.apiKey}` } : {};
  return { accept: 'application/json', ...headers, ...lowerCaseKeys(probe.headers) };
}

/** The ids of a models list answer (`{data: [{id}]}` from OpenAI, Anthropic, OpenRouter and Ollama); undefined when it is not one. */
function readModelIds(body: unknown): string[] | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return undefined;
  const ids = data.map((item) => (item as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)].sort().slice(0, MAX_LISTED_MODELS);
}

/**
 * Tests a model provider for real: its models list, or, where it has none (404/405), a 1-token
 * completion with `probe.model`. Never throws; the result says what the provider offers or, in words,
 * why it failed (rejected key, unreachable host, the HTTP status). No key or URL is ever in it.
 */
export async function testModelProvider(probe: ProviderProbe, options: ProviderTestOptions = {}): Promise<ModelsTestResult> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let host: string;
  try {
    const url = new URL(probe.baseUrl);
    // fetch refuses such URLs with a message quoting them, password and all.
    if (url.username !== '' || url.password !== '') {
      return { ok: false, error: 'The base URL holds a user name or password; put the key in the API key field instead' };
    }
    host = url.host;
  } catch {
    return { ok: false, error: 'The base URL is not a URL; it looks like https://api.example.com/v1' };
  }
  const call = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    } catch (error) {
      throw new ProbeFailure(describeNetworkError(host, error));
    }
  };
  try {
    const listed = await call(resolveModelsEndpoint(probe.api, probe.baseUrl), { headers: authHeaders(probe) });
    if (listed.ok) {
      const models = readModelIds(await listed.json().catch(() => null));
      if (models) return { ok: true, models };
      throw new ProbeFailure(`${host} answered, but not with a models list; check the base URL (it usually ends in /v1)`, listed.status);
    }
    await listed.body?.cancel();
    if (listed.status !== 404 && listed.status !== 405) throw describeStatus(listed.status, Boolean(probe.apiKey), 'the models list');
    if (!probe.model) {
      throw new ProbeFailure(`The provider has no models list (HTTP ${listed.status}); enter a model id to test it with a 1-token answer`, listed.status);
    }
    const adapter = probe.api === 'anthropic-messages' ? anthropicMessagesAdapter : openAiCompletionsAdapter;
    const built = adapter.buildRequest({
      api: probe.api,
      provider: host,
      system: '',
      baseUrl: probe.baseUrl,
      apiKey: probe.apiKey,
      headers: probe.headers,
      model: probe.model,
      maxTokens: 1,
      messages: [{ role: 'user', content: 'Hi' }],
    });
    const answered = await call(built.url, { method: 'POST', headers: built.headers, body: built.body });
    // Only the status matters: the answer itself is one token nobody reads.
    await answered.body?.cancel();
    if (!answered.ok) throw describeStatus(answered.status, Boolean(probe.apiKey), `model ${probe.model}`);
    return { ok: true, models: [probe.model] };
  } catch (error) {
    if (error instanceof ProbeFailure) return { ok: false, error: error.message, ...(error.status === undefined ? {} : { status: error.status }) };
    return { ok: false, error: `The test failed: ${describeError(error)}` };
  }
}
