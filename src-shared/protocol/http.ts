import { z } from 'zod';
import { ConfigFileSnapshotSchema, ConfigIssueSchema } from '../config/snapshot.js';
import { SessionEntrySchema } from '../sessions/entry.js';
import { SESSION_LIST_SORT_FIELDS, type SessionListSort } from '../sessions/list-query.js';
import { parseSessionLabel } from '../sessions/label.js';
import { ChatTypeSchema, SessionSendPolicyActionSchema } from '../types/base.js';

/** The `service` value of `GET /health`: how the desktop app tells an OpenClaw gateway from anything else on the port. */
export const GATEWAY_SERVICE_NAME = 'openclaw-gateway';

/** `GET /health`: liveness and identity, no auth needed. */
export const HealthCheckResponseSchema = z.object({
  status: z.literal('ok'),
  service: z.literal(GATEWAY_SERVICE_NAME).describe('Identifies an OpenClaw gateway, so the desktop app can attach to it'),
  version: z.string().describe('OpenClaw Desktop version (package.json) of the gateway answering'),
  pid: z.number().int().min(1).describe('Process id of the gateway answering'),
});
export type HealthCheckResponse = z.infer<typeof HealthCheckResponseSchema>;

/** `GET /api/health` and the `gateway.status` method. */
export const GatewayHealthSchema = z.object({
  status: z.literal('ok'),
  version: z.string().describe('OpenClaw Desktop version (package.json)'),
  uptime_seconds: z.number().min(0),
  config_loaded: z.boolean().describe('A config file was found and loaded (false: running on defaults)'),
  config_valid: z.boolean().describe('The file on disk is valid now (false: an invalid edit, the last good config stays in effect)'),
  ws_clients: z.number().int().min(0).describe('Connected WebSocket clients'),
});
export type GatewayHealth = z.infer<typeof GatewayHealthSchema>;

export const SessionKeySchema = z.string().min(1, 'key must not be empty').max(512, 'key must be at most 512 characters');

/** `GET /api/sessions` and `sessions.list`. */
/** A session store that was unreadable and moved aside by this gateway: the sessions in it are not listed until someone repairs it. */
export const SessionStoreRecoverySchema = z.object({
  moved_to: z.string().describe('Where the unreadable file was moved (its bytes untouched)'),
  reason: z.string().describe('Why it could not be read, placed by line and column (never quoting it)'),
  at: z.number().int().describe('Epoch ms'),
});
export type SessionStoreRecovery = z.infer<typeof SessionStoreRecoverySchema>;

/** Most sessions one page of `GET /api/sessions` / `sessions.list` holds. */
export const SESSION_LIST_MAX_LIMIT = 1000;

const SESSION_LIST_SORTS = SESSION_LIST_SORT_FIELDS.flatMap((field) => [field, `-${field}` as const]);

/**
 * Query of `GET /api/sessions` and params of `sessions.list`. With none of them the answer is every
 * session, as before; with any, it is one page in a stable order (`keys`, `total`, `next_cursor`).
 */
export const SessionListQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(SESSION_LIST_MAX_LIMIT)
    .optional()
    .describe(`Sessions per page, 1-${SESSION_LIST_MAX_LIMIT}; default: every matching session`),
  cursor: z.string().min(1).max(2048).optional().describe('next_cursor of the previous page, unchanged (same sort)'),
  q: z.string().max(200).optional().describe('Case-insensitive text in the key, label, channel, chat type, model, session id, origin from or to'),
  sort: z
    .enum(SESSION_LIST_SORTS as [SessionListSort, ...SessionListSort[]])
    .optional()
    .describe('Field to order by, "-field" descending; default "-updated_at". Sessions without the field come last either way; ties by key'),
  channel: z.string().min(1).max(200).optional().describe('Only sessions of this channel (its own, else its origin provider, else its last channel)'),
  chat_type: ChatTypeSchema.optional().describe('Only sessions of this chat type (its own, else its origin one)'),
});
export type SessionListQuery = z.infer<typeof SessionListQuerySchema>;
export type SessionListQueryInput = z.input<typeof SessionListQuerySchema>;

export const SessionListResponseSchema = z.object({
  sessions: z.record(z.string(), SessionEntrySchema),
  count: z.number().int().min(0).describe('Sessions in this body'),
  recovery: SessionStoreRecoverySchema.optional().describe('Present after this gateway moved an unreadable store aside'),
  keys: z
    .array(z.string())
    .optional()
    .describe('Pages only: the keys of `sessions` in sort order (read the order from here, JSON objects do not keep it for every key)'),
  total: z.number().int().min(0).optional().describe('Pages only: sessions matching q, channel and chat_type'),
  next_cursor: z.string().nullable().optional().describe('Pages only: pass as cursor for the next page; null on the last one'),
});
export type SessionListResponse = z.infer<typeof SessionListResponseSchema>;

/** `GET /api/sessions/{key}`: the session entry itself, as the contract's route answers. */
export const SessionEntryResponseSchema = SessionEntrySchema;
export type SessionEntryResponse = z.infer<typeof SessionEntryResponseSchema>;

/** `PATCH /api/sessions/{key}`, `sessions.get`, `sessions.patch`. */
export const SessionGetResponseSchema = z.object({
  key: z.string(),
  session: SessionEntrySchema,
});
export type SessionGetResponse = z.infer<typeof SessionGetResponseSchema>;

export const SessionDeleteResponseSchema = z.object({
  key: z.string(),
  deleted: z.literal(true),
});
export type SessionDeleteResponse = z.infer<typeof SessionDeleteResponseSchema>;

const LabelPatchSchema = z
  .string()
  .nullable()
  .transform((value, ctx) => {
    if (value === null) return null;
    const parsed = parseSessionLabel(value);
    if (parsed.ok) return parsed.label;
    ctx.issues.push({ code: 'custom', message: parsed.error, input: value });
    return z.NEVER;
  })
  .describe('NFC-normalised and trimmed, 1-64 visible characters, no control or bidi override characters; null clears it');

const OverrideSchema = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').nullable();

/** Body of `PATCH /api/sessions/{key}` and `params.patch` of `sessions.patch`; null clears a field. */
export const SessionPatchSchema = z
  .strictObject({
    label: LabelPatchSchema.optional(),
    send_policy: SessionSendPolicyActionSchema.nullable().optional(),
    model_override: OverrideSchema.optional().describe('Model id, e.g. "anthropic/claude-sonnet-4"'),
    provider_override: OverrideSchema.optional(),
    group_activation: z.enum(['mention', 'always']).nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'patch must set at least one field' });
export type SessionPatch = z.infer<typeof SessionPatchSchema>;
export type SessionPatchInput = z.input<typeof SessionPatchSchema>;

/** `GET /api/config` and `config.get`: the config in effect, every secret redacted. */
export const ConfigResponseSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  path: z.string().nullable(),
  loaded_at: z.number().int().nullable().describe('Milliseconds since the epoch'),
});
export type ConfigResponse = z.infer<typeof ConfigResponseSchema>;

/**
 * `GET /api/config/snapshot` and `config.snapshot`: the file as read now. Secrets are redacted in
 * `parsed` and `config`; `raw` has every secret literal replaced (and credential-shaped text in
 * comments), or is null with `raw_withheld_reason` when a secret could not be found verbatim in the
 * text (then it cannot be scrubbed safely) or the file did not parse.
 */
export const ConfigSnapshotResponseSchema = ConfigFileSnapshotSchema.extend({
  raw_redacted: z.boolean().describe('raw was withheld (null) or scrubbed'),
  raw_withheld_reason: z
    .string()
    .nullable()
    .default(null)
    .describe('Why raw is null although the file was read (names the key, never the value); null when raw is sent or there is no file'),
  env_refs: z
    .array(z.string())
    .default([])
    .describe('Dotted key paths whose value in the file is a ${VAR} reference (forms show them as such and refuse a typed secret there)'),
});
export type ConfigSnapshotResponse = z.infer<typeof ConfigSnapshotResponseSchema>;

export { ConfigIssueSchema };
