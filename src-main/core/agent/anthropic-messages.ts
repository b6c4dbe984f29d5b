import type { ApiAdapter, StreamParser } from './api-adapter.js';
import { resolveChatEndpoint } from './endpoints.js';
import { AgentRunError, type ModelErrorContext } from './errors.js';
import { lowerCaseKeys, toCount } from './openai-completions.js';
import type { ChatMessage, ProviderRequest, ProviderStreamEvent } from './provider-types.js';

export const ANTHROPIC_VERSION = '2023-06-01';

interface AnthropicUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
  cache_read_input_tokens?: unknown;
}

/** `/v1/messages` with SSE (Anthropic, and proxies speaking its API). */
export const anthropicMessagesAdapter: ApiAdapter = {
  buildRequest(request: ProviderRequest) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'anthropic-version': ANTHROPIC_VERSION,
    };
    if (request.apiKey) headers['x-api-key'] = request.apiKey;
    Object.assign(headers, lowerCaseKeys(request.headers));
    return {
      url: resolveChatEndpoint('anthropic-messages', request.baseUrl),
      headers,
      body: JSON.stringify({
        model: request.model,
        max_tokens: request.maxTokens,
        ...(request.system ? { system: request.system } : {}),
        messages: resolveAlternatingTurns(request.messages),
        stream: true,
      }),
    };
  },

  createStreamParser(ctx: ModelErrorContext): StreamParser {
    let complete = false;
    return {
      get complete() {
        return complete;
      },
      get ended() {
        return complete;
      },
      onEvent(event) {
        if (event.event === 'ping') return [];
        const payload = parseEvent(event.data, ctx);
        const type = event.event === 'message' ? payload.type : event.event;
        switch (type) {
          case 'message_start': {
            const usage = (payload.message as { usage?: AnthropicUsage } | undefined)?.usage;
            return usage ? [usageEvent(usage)] : [];
          }
          case 'content_block_delta': {
            const delta = payload.delta as { type?: unknown; text?: unknown } | undefined;
            return delta?.type === 'text_delta' && typeof delta.text === 'string' && delta.text ? [{ type: 'delta', text: delta.text }] : [];
          }
          case 'message_delta': {
            const events: ProviderStreamEvent[] = [];
            const usage = payload.usage as AnthropicUsage | undefined;
            if (usage) events.push({ type: 'usage', output_tokens: toCount(usage.output_tokens) });
            const reason = (payload.delta as { stop_reason?: unknown } | undefined)?.stop_reason;
            if (typeof reason === 'string') events.push({ type: 'finish', reason });
            return events;
          }
          case 'message_stop':
            complete = true;
            return [];
          case 'error':
            throw streamError(payload, ctx);
          default:
            return [];
        }
      },
    };
  },

  parseJsonResponse(json: unknown) {
    const message = json as { content?: { type?: unknown; text?: unknown }[]; usage?: AnthropicUsage; stop_reason?: unknown };
    const text = (message.content ?? [])
      .filter((block) => block.type === 'text' && typeof block.text === 'string')
      .map((block) => block.text as string)
      .join('');
    const events: ProviderStreamEvent[] = [];
    if (text) events.push({ type: 'delta', text });
    if (message.usage) events.push(usageEvent(message.usage));
    events.push({ type: 'finish', reason: typeof message.stop_reason === 'string' ? message.stop_reason : 'end_turn' });
    return events;
  },
};

/** The Messages API wants user/assistant turns alternating and starting with the user: same-role neighbours are joined. */
export function resolveAlternatingTurns(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const message of messages) {
    const last = out.at(-1);
    if (last && last.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else if (out.length > 0 || message.role === 'user') out.push({ ...message });
  }
  return out;
}

function usageEvent(usage: AnthropicUsage): ProviderStreamEvent {
  // Cached prompt tokens are still prompt tokens for the context window and the count shown to users.
  const parts = [usage.input_tokens, usage.cache_creation_input_tokens, usage.cache_read_input_tokens].map(toCount);
  const input = parts.every((p) => p === undefined) ? undefined : parts.reduce<number>((sum, p) => sum + (p ?? 0), 0);
  return { type: 'usage', input_tokens: input, output_tokens: toCount(usage.output_tokens) };
}

function parseEvent(data: string, ctx: ModelErrorContext): Record<string, unknown> {
  try {
    const parsed = JSON.parse(data) as unknown;
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // Worded below: the same message for non-JSON and for JSON that is not an object.
  }
  throw new AgentRunError(
    'stream_cut',
    `Model provider "${ctx.provider}" sent a stream event that is not a JSON object (${data.slice(0, 80)}); is base_url an Anthropic Messages API?`,
  );
}

function streamError(payload: Record<string, unknown>, ctx: ModelErrorContext): AgentRunError {
  const error = (payload.error ?? {}) as { type?: unknown; message?: unknown };
  const message = typeof error.message === 'string' ? error.message : JSON.stringify(payload);
  const kind = error.type === 'rate_limit_error' ? 'rate_limited' : error.type === 'invalid_request_error' ? 'bad_request' : 'server_error';
  return new AgentRunError(kind, `Model provider "${ctx.provider}" reported ${String(error.type ?? 'an error')} mid-answer: ${message}`);
}
