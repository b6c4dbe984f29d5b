import type { ApiAdapter, StreamParser } from './api-adapter.js';
import { resolveChatEndpoint } from './endpoints.js';
import { AgentRunError, type ModelErrorContext } from './errors.js';
import type { ProviderRequest, ProviderStreamEvent } from './provider-types.js';

interface OpenAiChunk {
  choices?: { delta?: { content?: unknown }; message?: { content?: unknown }; finish_reason?: unknown }[];
  usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null;
  error?: { message?: unknown; type?: unknown; code?: unknown } | string;
}

/** `/v1/chat/completions` with SSE: OpenAI, OpenRouter, Ollama, LM Studio, llama.cpp server, vLLM. */
export const openAiCompletionsAdapter: ApiAdapter = {
  buildRequest(request: ProviderRequest) {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
    if (request.apiKey) headers.authorization = `Bearer ${request.apiKey}`;
    Object.assign(headers, lowerCaseKeys(request.headers));
    const messages = [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      ...request.messages.map((m) => ({ role: m.role, content: m.content })),
    ];
    return {
      url: resolveChatEndpoint('openai-completions', request.baseUrl),
      headers,
      body: JSON.stringify({
        model: request.model,
        messages,
        max_tokens: request.maxTokens,
        stream: true,
        // Without this, OpenAI-compatible servers send no token counts in a stream.
        stream_options: { include_usage: true },
      }),
    };
  },

  createStreamParser(ctx: ModelErrorContext): StreamParser {
    let done = false;
    let finished = false;
    return {
      get complete() {
        // Some servers end with a finish_reason but never send [DONE]; the answer is still whole.
        return done || finished;
      },
      get ended() {
        return done;
      },
      onEvent(event) {
        if (event.data === '[DONE]') {
          done = true;
          return [];
        }
        const chunk = parseChunk(event.data, ctx);
        const events = chunkEvents(chunk, ctx);
        if (events.some((e) => e.type === 'finish')) finished = true;
        return events;
      },
    };
  },

  parseJsonResponse(json: unknown, ctx: ModelErrorContext) {
    const chunk = json as OpenAiChunk;
    const events = chunkEvents(chunk, ctx);
    const text = chunk.choices?.[0]?.message?.content;
    if (typeof text === 'string' && text) events.unshift({ type: 'delta', text });
    if (!events.some((e) => e.type === 'finish')) events.push({ type: 'finish', reason: 'stop' });
    return events;
  },
};

function parseChunk(data: string, ctx: ModelErrorContext): OpenAiChunk {
  try {
    return JSON.parse(data) as OpenAiChunk;
  } catch {
    throw new AgentRunError(
      'stream_cut',
      `Model provider "${ctx.provider}" sent a stream event that is not JSON (${data.slice(0, 80)}); is base_url an OpenAI-compatible API?`,
    );
  }
}

function chunkEvents(chunk: OpenAiChunk, ctx: ModelErrorContext): ProviderStreamEvent[] {
  if (chunk.error) {
    const message = typeof chunk.error === 'string' ? chunk.error : String(chunk.error.message ?? JSON.stringify(chunk.error));
    throw new AgentRunError('server_error', `Model provider "${ctx.provider}" reported an error mid-answer: ${message}`);
  }
  const events: ProviderStreamEvent[] = [];
  const choice = chunk.choices?.[0];
  const content = choice?.delta?.content;
  if (typeof content === 'string' && content) events.push({ type: 'delta', text: content });
  if (chunk.usage) {
    events.push({
      type: 'usage',
      input_tokens: toCount(chunk.usage.prompt_tokens),
      output_tokens: toCount(chunk.usage.completion_tokens),
    });
  }
  if (typeof choice?.finish_reason === 'string') events.push({ type: 'finish', reason: choice.finish_reason });
  return events;
}

/** A non-negative integer token count, or undefined for anything else. */
export function toCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Header names lower-cased so a configured `Authorization` replaces ours instead of doubling it. */
export function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}
