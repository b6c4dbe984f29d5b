import { z } from 'zod';
import { ModelApiSchema } from '../config/schema.js';
import { STORAGE_ERROR_HTTP_STATUS, STORAGE_ERROR_KINDS } from './errors.js';
import { SessionKeySchema } from './http.js';

const TokenCountSchema = z.number().int().min(0);

/** Tokens of one run as the provider reported them (`estimated` when it reported none and we counted characters). */
export const ChatUsageSchema = z.object({
  input_tokens: TokenCountSchema,
  output_tokens: TokenCountSchema,
  total_tokens: TokenCountSchema,
  estimated: z.boolean().optional().describe('The provider sent no usage; counted as characters / 4'),
});
export type ChatUsage = z.infer<typeof ChatUsageSchema>;

/** Why a run failed; `aborted` is a stop asked for by a client, `stream_cut` a stream that ended before the model finished. */
export const ChatErrorKindSchema = z.enum([
  'config',
  'unreachable',
  'auth',
  'model_not_found',
  'rate_limited',
  'bad_request',
  'server_error',
  'timeout',
  'stream_cut',
  'aborted',
  'busy',
  'shutdown',
  'internal',
  ...STORAGE_ERROR_KINDS,
]);
export type ChatErrorKind = z.infer<typeof ChatErrorKindSchema>;

export const ChatRoleSchema = z.enum(['user', 'assistant']);
export type ChatRole = z.infer<typeof ChatRoleSchema>;

/** One line of `<sessions>/<session_id>.jsonl`; unknown fields written by other tools are kept. */
export const TranscriptLineSchema = z.looseObject({
  role: ChatRoleSchema,
  content: z.string(),
  ts: z.number().int().min(0).describe('Milliseconds since the epoch; strictly increasing within a transcript'),
  run_id: z.string().min(1),
  usage: ChatUsageSchema.optional(),
  cost: z.number().min(0).optional().describe('USD, from the model cost per 1M tokens'),
  provider: z.string().optional(),
  model: z.string().optional(),
  error: z.object({ kind: ChatErrorKindSchema, message: z.string() }).optional(),
  partial: z.boolean().optional().describe('The answer stopped before the model finished (abort, timeout, cut stream)'),
  source_id: z
    .string()
    .min(1)
    .optional()
    .describe('On a user line: the channel message it came from (telegram:<bot id>:<update id>), so a message replayed after a crash is recorded once'),
});
export type TranscriptLine = z.infer<typeof TranscriptLineSchema>;

const ChatTextSchema = z
  .string()
  .refine((text) => text.trim().length > 0, 'text must not be empty')
  .refine((text) => text.length <= 100_000, 'text must be at most 100000 characters');

/** `chat.send` params and the `POST /api/chat` body. */
export const ChatSendParamsSchema = z.strictObject({
  session_key: SessionKeySchema,
  text: ChatTextSchema,
});
export type ChatSendParams = z.infer<typeof ChatSendParamsSchema>;
export const ChatSendResultSchema = z.object({ run_id: z.string() });
export type ChatSendResult = z.infer<typeof ChatSendResultSchema>;

export const ChatAbortParamsSchema = z.strictObject({
  session_key: SessionKeySchema,
  run_id: z.string().min(1).optional().describe('Abort only when this run is the active one'),
});
export type ChatAbortParams = z.infer<typeof ChatAbortParamsSchema>;
export const ChatAbortResultSchema = z.object({
  aborted: z.boolean().describe('false when the session had no active run (or another run than run_id)'),
  run_id: z.string().nullable(),
});
export type ChatAbortResult = z.infer<typeof ChatAbortResultSchema>;

export const CHAT_HISTORY_DEFAULT_LIMIT = 50;
export const CHAT_HISTORY_MAX_LIMIT = 500;

/** `chat.history` params; `GET /api/sessions/{key}/history?limit=&before=` takes the same two. */
export const ChatHistoryParamsSchema = z.strictObject({
  session_key: SessionKeySchema,
  limit: z.coerce.number().int().min(1).max(CHAT_HISTORY_MAX_LIMIT).default(CHAT_HISTORY_DEFAULT_LIMIT),
  before: z.coerce.number().int().min(0).optional().describe('Only lines with ts below this (page backwards with the first ts you got)'),
});
export type ChatHistoryParams = z.infer<typeof ChatHistoryParamsSchema>;
export type ChatHistoryParamsInput = z.input<typeof ChatHistoryParamsSchema>;

export const ChatHistoryResultSchema = z.object({
  session_key: z.string(),
  session_id: z.string().nullable().describe('null when the session has never chatted'),
  messages: z.array(TranscriptLineSchema).describe('Oldest first'),
  has_more: z.boolean().describe('Older lines exist before the first one returned'),
});
export type ChatHistoryResult = z.infer<typeof ChatHistoryResultSchema>;

export const ModelInfoSchema = z.object({
  ref: z.string().describe('"provider/model", what models.default and model_override take'),
  provider: z.string(),
  id: z.string(),
  name: z.string(),
  api: ModelApiSchema,
  context_window: z.number().int().positive(),
  max_tokens: z.number().int().positive(),
  cost: z.object({ input: z.number().min(0), output: z.number().min(0) }),
  default: z.boolean(),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

export const ModelsListResultSchema = z.object({
  models: z.array(ModelInfoSchema),
  default: z.string().nullable().describe('The model a session without overrides uses; null when none is configured'),
});
export type ModelsListResult = z.infer<typeof ModelsListResultSchema>;

/** Params of the `chat.delta` event: the next piece of the streamed answer. */
export const ChatDeltaEventSchema = z.object({
  session_key: z.string(),
  run_id: z.string(),
  text: z.string(),
});
export type ChatDeltaEvent = z.infer<typeof ChatDeltaEventSchema>;

/** Params of the `chat.final` event and the JSON answer of `POST /api/chat`. */
export const ChatFinalEventSchema = z.object({
  session_key: z.string(),
  run_id: z.string(),
  session_id: z.string(),
  text: z.string(),
  provider: z.string(),
  model: z.string(),
  usage: ChatUsageSchema,
  cost: z.number().min(0).describe('USD'),
});
export type ChatFinalEvent = z.infer<typeof ChatFinalEventSchema>;

/** Params of the `chat.error` event; `partial_text` is what arrived before the failure (also kept in the transcript). */
export const ChatErrorEventSchema = z.object({
  session_key: z.string(),
  run_id: z.string(),
  kind: ChatErrorKindSchema,
  message: z.string(),
  partial_text: z.string(),
});
export type ChatErrorEvent = z.infer<typeof ChatErrorEventSchema>;

/** Body of `POST /api/chat`. */
export const ChatHttpRequestSchema = ChatSendParamsSchema;
export type ChatHttpRequest = ChatSendParams;

/** Error body of `POST /api/chat` when the run failed: the usual `{error:{message,type}}` plus what the run got. */
export const ChatHttpErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.literal('chat_error'),
    kind: ChatErrorKindSchema,
    session_key: z.string(),
    run_id: z.string(),
    partial_text: z.string(),
  }),
});
export type ChatHttpErrorBody = z.infer<typeof ChatHttpErrorBodySchema>;

/** First event of a `POST /api/chat` SSE stream (`event: chat.accepted`), before chat.delta… and chat.final or chat.error. */
export const ChatAcceptedEventSchema = z.object({ session_key: z.string(), run_id: z.string() });
export type ChatAcceptedEvent = z.infer<typeof ChatAcceptedEventSchema>;

/** HTTP status of `POST /api/chat` (JSON mode) for each way a run can fail. */
export const CHAT_ERROR_HTTP_STATUS: Record<ChatErrorKind, number> = {
  config: 503,
  unreachable: 502,
  auth: 502,
  model_not_found: 502,
  rate_limited: 502,
  bad_request: 400,
  server_error: 502,
  stream_cut: 502,
  timeout: 504,
  aborted: 409,
  busy: 503,
  shutdown: 503,
  internal: 500,
  ...STORAGE_ERROR_HTTP_STATUS,
};

/** The chat WS methods, merged into WS_METHODS by the protocol. */
export const CHAT_WS_METHODS = {
  'chat.send': { params: ChatSendParamsSchema, result: ChatSendResultSchema },
  'chat.abort': { params: ChatAbortParamsSchema, result: ChatAbortResultSchema },
  'chat.history': { params: ChatHistoryParamsSchema, result: ChatHistoryResultSchema },
  'models.list': { params: z.object({}), result: ModelsListResultSchema },
} as const;

/** The chat WS events, merged into WS_EVENTS by the protocol. */
export const CHAT_WS_EVENTS = {
  'chat.delta': ChatDeltaEventSchema,
  'chat.final': ChatFinalEventSchema,
  'chat.error': ChatErrorEventSchema,
} as const;
