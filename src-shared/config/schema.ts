import { z } from 'zod';
import {
  DmPolicySchema,
  DmScopeSchema,
  GroupPolicySchema,
  LogLevelSchema,
  MarkdownTableModeSchema,
  ReplyToModeSchema,
  SessionMaintenanceModeSchema,
  SessionResetModeSchema,
  SessionScopeSchema,
  SessionSendPolicyActionSchema,
  TypingModeSchema,
} from '../types/base.js';
import { TELEGRAM_ACCOUNT_ID_PATTERN } from '../telegram/pairing.js';

// Nested sections use `.prefault({})` rather than `.default({})`: zod 4 returns a default as-is,
// while a prefault is parsed, so the section's own field defaults are filled in.

export const DEFAULT_GATEWAY_HOST = '127.0.0.1';
export const DEFAULT_GATEWAY_PORT = 18789;
export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

const PortSchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

export const ConsoleStyleSchema = z.enum(['pretty', 'compact', 'json']);
export type ConsoleStyle = z.infer<typeof ConsoleStyleSchema>;

export const LoggingConfigSchema = z.object({
  level: LogLevelSchema.default('info').describe('Level written to the log file'),
  console_level: LogLevelSchema.optional().describe('Level printed to the console (defaults to level)'),
  console_style: ConsoleStyleSchema.default('pretty'),
  file: z.string().min(1).optional().describe('Log file path (default <state>/logs/openclaw.log)'),
  max_file_bytes: z.number().int().positive().default(10 * 1024 * 1024).describe('Rotate the log file at this size'),
  retention_days: z.number().int().positive().default(7).describe('Delete rotated logs older than this'),
});
export type LoggingConfig = z.infer<typeof LoggingConfigSchema>;

export const SessionMaintenanceConfigSchema = z.object({
  mode: SessionMaintenanceModeSchema.default('warn').describe('warn only reports; enforce prunes, caps and rotates'),
  prune_after_days: z.number().positive().default(30).describe('Entries not updated for this many days are pruned'),
  max_entries: z.number().int().positive().default(500).describe('Most recently updated entries kept'),
  rotate_bytes: z.number().int().positive().default(10 * 1024 * 1024).describe('Store file size that triggers a rotation'),
  rotate_backups: z.number().int().min(0).max(20).default(3).describe('Rotated copies of the store kept'),
});
export type SessionMaintenanceConfig = z.infer<typeof SessionMaintenanceConfigSchema>;

export const SessionResetConfigSchema = z.object({
  mode: SessionResetModeSchema.default('daily'),
  at_hour: z.number().int().min(0).max(23).default(4).describe('Local hour of the daily reset'),
  idle_minutes: z.number().int().positive().optional().describe('Idle reset threshold'),
});
export type SessionResetConfig = z.infer<typeof SessionResetConfigSchema>;

export const SessionSendPolicyConfigSchema = z.object({
  default: SessionSendPolicyActionSchema.default('allow'),
});

export const SessionConfigSchema = z.object({
  scope: SessionScopeSchema.default('per-sender'),
  dm_scope: DmScopeSchema.default('main'),
  idle_minutes: z.number().int().positive().optional(),
  store: z.string().min(1).optional().describe('Session store path (default <state>/agents/main/sessions/sessions.json)'),
  reset: SessionResetConfigSchema.optional(),
  send_policy: SessionSendPolicyConfigSchema.optional(),
  maintenance: SessionMaintenanceConfigSchema.prefault({}),
});
export type SessionConfig = z.infer<typeof SessionConfigSchema>;

const TelegramIdSchema = z.union([z.string().min(1), z.number().int()]);

const TelegramWebhookConfigSchema = z.object({
  url: z.url().describe('Public HTTPS URL Telegram posts updates to'),
  secret_token: z
    .string()
    .min(16, 'must be at least 16 characters; remove it to have a strong one generated')
    .max(256, 'must be at most 256 characters (a Telegram limit)')
    .regex(/^[A-Za-z0-9_-]+$/, 'may only hold A-Z, a-z, 0-9, _ and - (a Telegram rule)')
    .optional()
    .describe('Checked against X-Telegram-Bot-Api-Secret-Token; default: generated and kept in <state>/telegram/<account>/webhook-secret.json'),
  path: z.string().startsWith('/').default('/telegram/webhook'),
});

// Fields an account may override; a bot in `accounts` inherits every unset field from the
// top-level telegram section.
const telegramBotFields = {
  bot_token: z.string().min(1).optional().describe('The token @BotFather gave you'),
  dm_policy: DmPolicySchema.optional().describe('Who may talk to the bot in a direct chat'),
  allow_from: z.array(TelegramIdSchema).optional().describe('User ids or @usernames allowed to write (allowlist)'),
  group_policy: GroupPolicySchema.optional().describe('Which groups the bot answers in'),
  groups: z.array(TelegramIdSchema).optional().describe('Group chat ids allowed (allowlist)'),
  require_mention: z.boolean().optional().describe('In groups, answer only when mentioned or replied to'),
  webhook: TelegramWebhookConfigSchema.optional(),
};

export const TelegramAccountConfigSchema = z.object({
  name: z.string().optional(),
  enabled: z.boolean().default(true).describe('Run this bot; false keeps its settings without running it'),
  ...telegramBotFields,
});
export type TelegramAccountConfig = z.infer<typeof TelegramAccountConfigSchema>;

export const TelegramConfigSchema = z.object({
  enabled: z.boolean().default(false).describe('Run the Telegram channel'),
  ...telegramBotFields,
  api_root: z.url().default(DEFAULT_TELEGRAM_API_ROOT).describe('Bot API server (self-hosted servers too)'),
  dm_policy: DmPolicySchema.default('pairing').describe('Who may talk to the bot in a direct chat'),
  group_policy: GroupPolicySchema.default('allowlist').describe('Which groups the bot answers in'),
  require_mention: z.boolean().default(true),
  mode: z.enum(['polling', 'webhook']).default('polling'),
  stream_mode: z.enum(['partial', 'block', 'off']).default('partial').describe('partial edits one message as the answer grows; block sends it paragraph by paragraph; off sends it whole'),
  chunk_mode: z.enum(['length', 'newline']).default('length'),
  text_chunk_limit: z.number().int().min(100).max(4096).default(4000),
  typing_mode: TypingModeSchema.default('instant'),
  reply_to_mode: ReplyToModeSchema.default('first'),
  markdown_tables: MarkdownTableModeSchema.default('code'),
  // A bot's name becomes part of file names in the state dir (offsets, journal, approvals).
  accounts: z
    .record(z.string().regex(TELEGRAM_ACCOUNT_ID_PATTERN, 'a bot name may hold letters, digits, "_" and "-" (at most 64)'), TelegramAccountConfigSchema)
    .optional()
    .describe('More bots, by name; each inherits unset fields from the top level'),
});
export type TelegramConfig = z.infer<typeof TelegramConfigSchema>;

export const ModelApiSchema = z.enum(['openai-completions', 'anthropic-messages']);
export type ModelApi = z.infer<typeof ModelApiSchema>;

export const ModelCostSchema = z.object({
  input: z.number().min(0).default(0).describe('USD per 1M input tokens'),
  output: z.number().min(0).default(0).describe('USD per 1M output tokens'),
});

export const ModelDefinitionConfigSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  api: ModelApiSchema.optional().describe('Overrides the provider api for this model'),
  context_window: z.number().int().positive().default(128_000),
  max_tokens: z.number().int().positive().default(4096).describe('Max output tokens'),
  cost: ModelCostSchema.prefault({}),
});
export type ModelDefinitionConfig = z.infer<typeof ModelDefinitionConfigSchema>;

export const ModelProviderConfigSchema = z.object({
  base_url: z.url().describe('API base URL, e.g. https://api.openai.com/v1'),
  api_key: z.string().optional().describe('API key; sent to this provider only'),
  api: ModelApiSchema.default('openai-completions').describe('API style the provider speaks'),
  headers: z.record(z.string(), z.string()).optional(),
  models: z.array(ModelDefinitionConfigSchema).default([]).describe('Models of this provider you want to use'),
});
export type ModelProviderConfig = z.infer<typeof ModelProviderConfigSchema>;

export const ModelsConfigSchema = z.object({
  mode: z.enum(['merge', 'replace']).default('merge'),
  default: z
    .string()
    .regex(/^[^/]+\/.+$/, 'must be "provider/model"')
    .optional()
    .describe('The model a conversation uses unless it picks another, as provider/model'),
  providers: z.record(z.string(), ModelProviderConfigSchema).default({}),
});
export type ModelsConfig = z.infer<typeof ModelsConfigSchema>;

export const GatewayConfigSchema = z.object({
  enabled: z.boolean().default(true),
  host: z.string().min(1).default(DEFAULT_GATEWAY_HOST).describe('Bind address; non-loopback needs token or password'),
  port: PortSchema.default(DEFAULT_GATEWAY_PORT).describe('Port the gateway listens on; the dashboard moves to it when it changes'),
  token: z.string().min(1).optional().describe('Bearer token for non-local clients'),
  password: z.string().min(1).optional().describe('X-Password for non-local clients'),
  trusted_proxies: z.array(z.string().min(1)).default([]).describe('Peers whose forwarded headers are believed'),
  allowed_origins: z.array(z.string().min(1)).default([]).describe('Extra browser origins allowed besides the gateway own'),
  allowed_hosts: z.array(z.string().min(1)).default([]).describe('Extra Host names accepted besides loopback names'),
  http: z
    .object({
      openai: z
        .object({
          enabled: z.boolean().default(true).describe('Serve the OpenAI-compatible /v1/models and /v1/chat/completions (same auth as the rest)'),
        })
        .prefault({}),
    })
    .prefault({}),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export const IdentityConfigSchema = z.object({
  name: z.string().min(1).default('OpenClaw'),
  persona: z.string().optional().describe('System prompt text describing the assistant'),
  emoji: z.string().optional(),
});
export type IdentityConfig = z.infer<typeof IdentityConfigSchema>;

export const AgentConfigSchema = z.object({
  timeout_seconds: z.number().positive().max(86_400).default(600).describe('Give up on a run that has not finished after this long'),
  max_retries: z.number().int().min(0).max(10).default(2).describe('Retries after HTTP 429 or 5xx before any text arrived'),
  retry_max_wait_seconds: z.number().min(0).max(3_600).default(60).describe('Longest retry-after honoured; longer waits fail at once'),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** The update channels a feed offers: `stable` reads latest*.yml, `beta` reads beta*.yml. */
export const UpdateChannelSchema = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const DesktopUpdateConfigSchema = z.object({
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Update feed (electron-builder "generic" provider) used instead of the one built into the app'),
  channel: UpdateChannelSchema.default('stable').describe('stable or beta'),
  auto: z.boolean().default(true).describe('Check at launch and every 4 hours, download in the background, install on quit'),
});

export const DesktopNotificationsConfigSchema = z.object({
  pairing_requests: z.boolean().default(true).describe('A Telegram user asks to pair (Approve / Open)'),
  gateway_failures: z.boolean().default(true).describe('The gateway failed, with the reason'),
  bot_failures: z.boolean().default(true).describe('A Telegram bot failed, with the reason'),
  update_ready: z.boolean().default(true).describe('An update was downloaded and installs on restart'),
});

export const DesktopConfigSchema = z.object({
  start_gateway_on_launch: z.boolean().default(true).describe('Start the gateway when the desktop app opens'),
  update: DesktopUpdateConfigSchema.prefault({}),
  notifications: DesktopNotificationsConfigSchema.prefault({}),
  quick_chat_shortcut: z
    .string()
    .max(64)
    .default('Alt+Shift+Space')
    .describe('Global shortcut that opens the quick chat window (an Electron accelerator); empty disables it'),
});
export type DesktopConfig = z.infer<typeof DesktopConfigSchema>;

export const OpenClawConfigSchema = z.object({
  logging: LoggingConfigSchema.prefault({}),
  session: SessionConfigSchema.prefault({}),
  telegram: TelegramConfigSchema.prefault({}),
  models: ModelsConfigSchema.prefault({}),
  gateway: GatewayConfigSchema.prefault({}),
  identity: IdentityConfigSchema.prefault({}),
  agent: AgentConfigSchema.prefault({}),
  desktop: DesktopConfigSchema.prefault({}),
});
export type OpenClawConfig = z.infer<typeof OpenClawConfigSchema>;
/** The config as written in a file, before defaults. */
export type OpenClawConfigInput = z.input<typeof OpenClawConfigSchema>;

/** Returns the JSON schema of the config file, generated from the zod schema (input side, so defaults are shown). */
export function resolveConfigJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(OpenClawConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
