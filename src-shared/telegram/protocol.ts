import { z } from 'zod';
import { ApprovedSenderSchema, PairingRequestSchema, TelegramAccountIdSchema } from './pairing.js';
import { TelegramStatusSchema } from './status.js';

/** Params of `pairing.approve` and `pairing.deny`. */
export const PairingCodeParamsSchema = z.strictObject({
  code: z.string().min(1).describe('The 8-character code the bot sent (any case)'),
});
export type PairingCodeParams = z.infer<typeof PairingCodeParamsSchema>;

export const PairingListResultSchema = z.object({ requests: z.array(PairingRequestSchema).describe('Pending, unexpired; oldest first') });
export type PairingListResult = z.infer<typeof PairingListResultSchema>;

export const PairingApprovedResultSchema = z.object({ users: z.array(ApprovedSenderSchema).describe('Per bot (configured ones), in approval order') });
export type PairingApprovedResult = z.infer<typeof PairingApprovedResultSchema>;

/** Params of `pairing.revoke`. */
export const PairingRevokeParamsSchema = z.strictObject({
  account_id: TelegramAccountIdSchema.describe('The bot: "default" or an id under telegram.accounts'),
  user_id: z.string().min(1).describe('The Telegram user id'),
});
export const PairingRevokeResultSchema = z.object({ user: ApprovedSenderSchema.describe('Who was revoked; their next message gets a pairing code') });
export type PairingRevokeResult = z.infer<typeof PairingRevokeResultSchema>;

export const PairingDecisionResultSchema = z.object({
  request: PairingRequestSchema,
  notified: z.boolean().describe('approve: the sender was told by the bot (false when that bot is not running)'),
});
export type PairingDecisionResult = z.infer<typeof PairingDecisionResultSchema>;

/** Params of the `telegram.message` event: a message the channel acted on (group chatter not meant for the bot is not announced). */
export const TelegramMessageEventSchema = z.object({
  account_id: z.string(),
  chat_id: z.string(),
  chat_type: z.enum(['direct', 'group']),
  message_id: z.number().int(),
  from: z.object({ id: z.string(), name: z.string(), username: z.string().optional() }),
  text: z.string(),
  outcome: z
    .string()
    .describe('accepted, command_<name>, pairing, pairing_cooldown, denied_not_allowed, denied_disabled'),
  session_key: z.string().optional(),
});
export type TelegramMessageEvent = z.infer<typeof TelegramMessageEventSchema>;

/** Params of the `telegram.reply` event: an answer finished (or failed) in a chat. */
export const TelegramReplyEventSchema = z.object({
  account_id: z.string(),
  chat_id: z.string(),
  session_key: z.string(),
  run_id: z.string().optional(),
  ok: z.boolean(),
  messages: z.number().int().min(0).optional().describe('Telegram messages the answer took'),
  text: z.string().optional(),
  error: z.object({ kind: z.string().optional(), message: z.string() }).optional(),
});
export type TelegramReplyEvent = z.infer<typeof TelegramReplyEventSchema>;

export const PairingRequestedEventSchema = z.object({ request: PairingRequestSchema });
/** Params of the `pairing.revoked` event: a sender taken off a bot's paired list. */
export const PairingRevokedEventSchema = z.object({ user: ApprovedSenderSchema });

export const PairingResolvedEventSchema = z.object({
  request: PairingRequestSchema,
  decision: z.enum(['approved', 'denied']),
});

/** The Telegram and pairing WS methods, merged into WS_METHODS by the protocol. */
export const TELEGRAM_WS_METHODS = {
  'telegram.status': { params: z.object({}), result: TelegramStatusSchema },
  'pairing.list': { params: z.object({}), result: PairingListResultSchema },
  'pairing.approve': { params: PairingCodeParamsSchema, result: PairingDecisionResultSchema },
  'pairing.deny': { params: PairingCodeParamsSchema, result: PairingDecisionResultSchema },
  'pairing.approved': { params: z.object({}), result: PairingApprovedResultSchema },
  'pairing.revoke': { params: PairingRevokeParamsSchema, result: PairingRevokeResultSchema },
} as const;

/** The Telegram and pairing WS events, merged into WS_EVENTS by the protocol. */
export const TELEGRAM_WS_EVENTS = {
  'telegram.status': TelegramStatusSchema,
  'telegram.message': TelegramMessageEventSchema,
  'telegram.reply': TelegramReplyEventSchema,
  'pairing.requested': PairingRequestedEventSchema,
  'pairing.revoked': PairingRevokedEventSchema,
  'pairing.resolved': PairingResolvedEventSchema,
} as const;
