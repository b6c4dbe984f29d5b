import { z } from 'zod';
import { CHAT_ERROR_HTTP_STATUS, type ChatErrorKind } from './chat.js';

// The OpenAI-compatible endpoint (`/v1/models`, `/v1/chat/completions`): the subset of OpenAI's Chat
// Completions API the gateway serves, with the real API's field names so any OpenAI client works.

/** The model name that stands for `models.default` (as does leaving `model` out). */
export const OPENAI_DEFAULT_MODEL_ALIAS = 'openclaw';

/** Header naming the session a request belongs to; without it (and without `user`) a request is stateless. */
export const OPENAI_SESSION_KEY_HEADER = 'x-openclaw-session-key';

const TextPartSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
});

const MessageContentSchema = z.union([z.string(), z.array(TextPartSchema)], {
  error: 'must be a string or an array of {"type":"text","text"} parts (images, audio and files are not supported)',
});

/** One message of `messages`; tool and function messages are refused, since the gateway runs no tools. */
export const OpenAiChatMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant'], {
    error: 'must be "system", "developer", "user" or "assistant" (this gateway runs no tools, so "tool" and "function" messages have no place)',
  }),
  content: MessageContentSchema.nullable().optional(),
  name: z.string().optional(),
});
export type OpenAiChatMessage = z.infer<typeof OpenAiChatMessageSchema>;

const noTools = (field: string) => z.array(z.unknown()).max(0, `${field} are not supported: this gateway runs no tools`).nullable().optional();

/**
 * Body of `POST /v1/chat/completions`. Unknown fields are refused, as the real API refuses them;
 * sampling fields (temperature, top_p, stop, penalties, seed…) are accepted and not passed on; fields
 * whose answer the gateway cannot give (n > 1, tools, logprobs, audio, JSON modes) are refused.
 */
export const OpenAiChatCompletionRequestSchema = z.strictObject({
  model: z.string().min(1).optional().describe('"provider/model" as /v1/models lists it; "openclaw" or omitted: models.default'),
  messages: z.array(OpenAiChatMessageSchema).min(1, 'must hold at least one message'),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().positive().nullable().optional().describe('Caps the answer; default: the model max_tokens'),
  max_completion_tokens: z.number().int().positive().nullable().optional().describe('Same as max_tokens (wins when both are set)'),
  user: z.string().optional().describe('Used as the session key when X-OpenClaw-Session-Key is absent'),
  n: z.number().int().min(1).max(1, 'only n = 1 is supported: this gateway returns one choice per request').nullable().optional(),
  tools: noTools('tools'),
  functions: noTools('functions'),
  logprobs: z.boolean().nullable().optional().refine((value) => value !== true, 'logprobs are not supported by this gateway'),
  audio: z.null({ error: 'audio output is not supported by this gateway' }).optional(),
  modalities: z.array(z.literal('text', { error: 'only the "text" modality is supported by this gateway' })).nullable().optional(),
  response_format: z
    .object({ type: z.literal('text', { error: 'only {"type":"text"} is supported by this gateway (no JSON mode)' }) })
    .nullable()
    .optional(),
  temperature: z.number().nullable().optional(),
  top_p: z.number().nullable().optional(),
  frequency_penalty: z.number().nullable().optional(),
  presence_penalty: z.number().nullable().optional(),
  seed: z.number().int().nullable().optional(),
  stop: z.union([z.string(), z.array(z.string())]).nullable().optional(),
  logit_bias: z.record(z.string(), z.number()).nullable().optional(),
  top_logprobs: z.number().int().nullable().optional(),
  tool_choice: z.unknown().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  store: z.boolean().nullable().optional(),
  service_tier: z.string().nullable().optional(),
  reasoning_effort: z.string().nullable().optional(),
  verbosity: z.string().nullable().optional(),
  prediction: z.unknown().optional(),
  prompt_cache_key: z.string().optional(),
  safety_identifier: z.string().optional(),
  web_search_options: z.unknown().optional(),
});
export type OpenAiChatCompletionRequest = z.infer<typeof OpenAiChatCompletionRequestSchema>;

const TokenCountSchema = z.number().int().min(0);

/** `usage` of a completion: the provider's counts, or estimates flagged `estimated` when it sent none. */
export const OpenAiUsageSchema = z.object({
  prompt_tokens: TokenCountSchema,
  completion_tokens: TokenCountSchema,
  total_tokens: TokenCountSchema,
  estimated: z.boolean().optional().describe('The provider sent no usage; counted as characters / 4'),
});
export type OpenAiUsage = z.infer<typeof OpenAiUsageSchema>;

/** Why the answer ended, in OpenAI's words (an Anthropic `end_turn` is `stop`, `max_tokens` is `length`). */
export const OpenAiFinishReasonSchema = z.enum(['stop', 'length', 'content_filter', 'tool_calls']);
export type OpenAiFinishReason = z.infer<typeof OpenAiFinishReasonSchema>;

/** The answer of a non-streamed `POST /v1/chat/completions`. */
export const OpenAiChatCompletionSchema = z.object({
  id: z.string().describe('"chatcmpl-<run id>"'),
  object: z.literal('chat.completion'),
  created: z.number().int().describe('Seconds since the epoch'),
  model: z.string().describe('"provider/model" that answered'),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string(), refusal: z.null() }),
      finish_reason: OpenAiFinishReasonSchema,
      logprobs: z.null(),
    }),
  ),
  usage: OpenAiUsageSchema,
});
export type OpenAiChatCompletion = z.infer<typeof OpenAiChatCompletionSchema>;

/** One `data:` frame of a streamed completion; the stream ends with `data: [DONE]`. */
export const OpenAiChatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      finish_reason: OpenAiFinishReasonSchema.nullable(),
      logprobs: z.null(),
    }),
  ),
  usage: OpenAiUsageSchema.nullable().optional().describe('With stream_options.include_usage: null on every chunk but the last, whose choices are empty'),
});
export type OpenAiChatCompletionChunk = z.infer<typeof OpenAiChatCompletionChunkSchema>;

/** One entry of `GET /v1/models`, and `GET /v1/models/{id}`. */
export const OpenAiModelSchema = z.object({
  id: z.string().describe('"provider/model"'),
  object: z.literal('model'),
  created: z.number().int().describe('When the gateway started, in seconds since the epoch (the config has no date)'),
  owned_by: z.string().describe('The provider key under models.providers'),
});
export type OpenAiModel = z.infer<typeof OpenAiModelSchema>;

export const OpenAiModelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(OpenAiModelSchema).describe('The default model first'),
});
export type OpenAiModelList = z.infer<typeof OpenAiModelListSchema>;

/** Every error under `/v1/`: OpenAI's shape; `code` is the gateway's own error type or the run's error kind. */
export const OpenAiErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().describe('invalid_request_error, authentication_error, permission_error, rate_limit_error or server_error'),
    param: z.string().nullable().describe('The request field at fault, e.g. "messages[1].role"'),
    code: z.string().nullable(),
  }),
});
export type OpenAiErrorBody = z.infer<typeof OpenAiErrorBodySchema>;

/**
 * HTTP status of `/v1/chat/completions` for each way a run can fail: those of `POST /api/chat`, except
 * that a provider's rate limit and a full session queue are 429, which OpenAI clients back off from.
 */
export const OPENAI_ERROR_HTTP_STATUS: Record<ChatErrorKind, number> = {
  ...CHAT_ERROR_HTTP_STATUS,
  rate_limited: 429,
  busy: 429,
};
