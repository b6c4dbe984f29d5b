import type { ChatUsage, ModelsListResult } from '../../../../src-shared/protocol/chat.js';
import type {
  OpenAiChatCompletion,
  OpenAiChatCompletionChunk,
  OpenAiFinishReason,
  OpenAiModel,
  OpenAiModelList,
  OpenAiUsage,
} from '../../../../src-shared/protocol/openai.js';

/** What every object of one completion repeats. */
export interface OpenAiCompletionIdentity {
  /** `chatcmpl-<run id>`. */
  id: string;
  /** Seconds since the epoch. */
  created: number;
  /** "provider/model". */
  model: string;
}

const FINISH_REASONS: Record<string, OpenAiFinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  refusal: 'content_filter',
  tool_use: 'tool_calls',
};

/** OpenAI's finish reason for a provider's (Anthropic's `end_turn` is `stop`, `max_tokens` is `length`); `stop` when unknown or absent. */
export function resolveOpenAiFinishReason(reason: string | undefined): OpenAiFinishReason {
  return (reason !== undefined && Object.hasOwn(FINISH_REASONS, reason) ? FINISH_REASONS[reason] : undefined) ?? 'stop';
}

/** OpenAI's usage object for a run's usage, keeping the `estimated` flag. */
export function resolveOpenAiUsage(usage: ChatUsage): OpenAiUsage {
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens,
    ...(usage.estimated ? { estimated: true } : {}),
  };
}

/** Builds the non-streamed answer. */
export function createOpenAiCompletion(identity: OpenAiCompletionIdentity, text: string, finishReason: OpenAiFinishReason, usage: OpenAiUsage): OpenAiChatCompletion {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: finishReason, logprobs: null }],
    usage,
  };
}

/**
 * Builds one stream chunk: a delta with its finish reason, or (`delta` null) the usage chunk with no
 * choices. `usage` undefined leaves the field out (no include_usage); null marks a chunk before the last.
 */
export function createOpenAiChunk(
  identity: OpenAiCompletionIdentity,
  delta: { role?: 'assistant'; content?: string } | null,
  finishReason: OpenAiFinishReason | null,
  usage?: OpenAiUsage | null,
): OpenAiChatCompletionChunk {
  return {
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    choices: delta === null ? [] : [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(usage !== undefined ? { usage } : {}),
  };
}

/** `GET /v1/models`: the configured models as "provider/model", the default first; `created` is when the gateway started. */
export function createOpenAiModelList(models: ModelsListResult, createdSeconds: number): OpenAiModelList {
  const ordered = [...models.models].sort((a, b) => Number(b.default) - Number(a.default));
  return { object: 'list', data: ordered.map((model): OpenAiModel => ({ id: model.ref, object: 'model', created: createdSeconds, owned_by: model.provider })) };
}
