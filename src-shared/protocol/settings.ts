import { z } from 'zod';
import { ModelApiSchema } from '../config/schema.js';
import { ConfigIssueSchema } from '../config/snapshot.js';

// A config file is read up to 1 MiB (read-regular-file); a write larger than that could never be read back.
const MAX_RAW_CONFIG_CHARS = 1024 * 1024;

/** A dotted key path of the config, e.g. `models.default` or `models.providers.openai.api_key`. */
// Never config keys, and in a plain object they reach the prototype: a write through them would change every object in the gateway.
const RESERVED_KEY_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export const ConfigKeyPathSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[^.]+(\.[^.]+)*$/, 'must be a dotted key path such as models.default')
  .refine((path) => !path.split('.').some((segment) => RESERVED_KEY_SEGMENTS.has(segment)), 'must not contain __proto__, prototype or constructor');

const WRITE_FIELDS = {
  raw: z.string().max(MAX_RAW_CONFIG_CHARS).optional().describe('The whole config file text (YAML or JSON, as the file is); not with set/unset'),
  set: z
    .record(ConfigKeyPathSchema, z.unknown())
    .optional()
    .describe('Dotted key path → JSON value, e.g. {"models.default": "openai/gpt-4o-mini"}'),
  unset: z.array(ConfigKeyPathSchema).optional().describe('Dotted key paths to remove'),
};

/** Exactly one kind of write: the raw text, or at least one key to set or unset. */
function checkWriteKind(body: { raw?: string; set?: Record<string, unknown>; unset?: string[] }, ctx: z.RefinementCtx): void {
  const keys = Object.keys(body.set ?? {}).length + (body.unset?.length ?? 0);
  if (body.raw !== undefined && keys > 0) ctx.addIssue({ code: 'custom', message: 'give either "raw" or "set"/"unset", not both', path: ['raw'] });
  if (body.raw === undefined && keys === 0) ctx.addIssue({ code: 'custom', message: 'give "raw", or "set" and/or "unset" with at least one key', path: ['set'] });
}

/**
 * What a settings write carries: the whole text (the raw tab), or keys to set and unset (the forms).
 * `raw` may hold the redaction placeholder where the snapshot showed one: that value is kept as it is in the file.
 */
export const ConfigWriteBodySchema = z.strictObject(WRITE_FIELDS).superRefine(checkWriteKind);
export type ConfigWriteBody = z.infer<typeof ConfigWriteBodySchema>;

/** Params of `config.update`: a write body plus the snapshot hash it was made against. */
export const ConfigUpdateParamsSchema = z
  .strictObject({
    base_hash: z
      .string()
      .nullable()
      .describe('The `hash` of the snapshot the change was made against (null: there was no file); a different file on disk refuses the write'),
    ...WRITE_FIELDS,
  })
  .superRefine(checkWriteKind);
export type ConfigUpdateParams = z.infer<typeof ConfigUpdateParamsSchema>;

/** What the running gateway did with a written config. */
export const ConfigAppliedSchema = z.object({
  changed: z.array(z.string()).describe('Top-level sections whose value changed (empty when only comments or layout did)'),
  listener: z
    .object({ restarted: z.boolean(), url: z.string().describe('Where the gateway listens now (or is moving to)') })
    .describe('restarted: host or port changed, so the gateway is moving to the new address (it answers first; if that address cannot be had it goes back to the old one and says why in its log)'),
  telegram_restarted: z.array(z.string()).describe('Bot accounts that were (re)started or stopped'),
  summary: z.string().describe('One sentence for people, e.g. "Applied live" or "The gateway moved to http://127.0.0.1:18790"'),
});
export type ConfigApplied = z.infer<typeof ConfigAppliedSchema>;

/** Answer to `config.update` and `PUT /api/config`. */
export const ConfigWriteResultSchema = z.object({
  hash: z.string().nullable().describe('The new file hash, the base for the next write'),
  applied: ConfigAppliedSchema,
});
export type ConfigWriteResult = z.infer<typeof ConfigWriteResultSchema>;

/** Body of a refused write: the issues to show under the fields (raw: with line and column). */
export const ConfigWriteIssueSchema = ConfigIssueSchema.extend({
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
});
export type ConfigWriteIssue = z.infer<typeof ConfigWriteIssueSchema>;

/** Params of `models.test`: a configured provider, or values not saved yet. */
export const ModelsTestParamsSchema = z.union([
  z.strictObject({
    provider: z.string().min(1).describe('A provider id under models.providers (its saved key and headers are used)'),
    base_url: z.url().optional().describe('Tests this URL instead of the saved one (an edit not saved yet), with the saved key'),
    api: ModelApiSchema.optional(),
    model: z.string().min(1).optional().describe('Model for the 1-token completion when the provider has no models list'),
  }),
  z.strictObject({
    base_url: z.url().describe('The provider API base, e.g. https://api.openai.com/v1'),
    api: ModelApiSchema.default('openai-completions'),
    api_key: z.string().max(4096).optional().describe('Sent to the provider only; never echoed'),
    model: z.string().min(1).optional().describe('Model for the 1-token completion when the provider has no models list'),
  }),
]);
export type ModelsTestParams = z.infer<typeof ModelsTestParamsSchema>;

export const ModelsTestResultSchema = z.object({
  ok: z.boolean(),
  models: z.array(z.string()).optional().describe('Model ids the provider offers (when it lists them)'),
  error: z.string().optional().describe('Why the test failed, e.g. "The provider rejected the key"; never the key or URL credentials'),
  status: z.number().int().optional().describe('The HTTP status the provider answered with, when it answered'),
});
export type ModelsTestResult = z.infer<typeof ModelsTestResultSchema>;

/** Params of `telegram.verify`: a configured account, or a token not saved yet. */
export const TelegramVerifyParamsSchema = z.union([
  z.strictObject({ account: z.string().min(1).describe('"default" for the top-level bot, or an id under telegram.accounts') }),
  z.strictObject({
    bot_token: z.string().min(1).max(256).describe('The token from @BotFather; never echoed'),
    api_root: z.url().optional().describe('Bot API server (default: telegram.api_root)'),
  }),
]);
export type TelegramVerifyParams = z.infer<typeof TelegramVerifyParamsSchema>;

export const TelegramVerifyResultSchema = z.object({
  ok: z.boolean(),
  username: z.string().optional().describe('The bot @username, without the @'),
  can_read_all_group_messages: z.boolean().optional().describe('false: privacy mode is on, in groups the bot only sees commands and mentions'),
  error: z.string().optional().describe('Why verification failed; never the token'),
});
export type TelegramVerifyResult = z.infer<typeof TelegramVerifyResultSchema>;

/** The settings WS methods, merged into WS_METHODS by the protocol. */
export const SETTINGS_WS_METHODS = {
  'config.update': { params: ConfigUpdateParamsSchema, result: ConfigWriteResultSchema },
  'models.test': { params: ModelsTestParamsSchema, result: ModelsTestResultSchema },
  'telegram.verify': { params: TelegramVerifyParamsSchema, result: TelegramVerifyResultSchema },
} as const;
