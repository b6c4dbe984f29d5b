import { z } from 'zod';

// The literal types of the contract's types/base, as zod enums so that config schemas,
// wire schemas and TS types all come from one definition.
export const CHAT_TYPES = ['direct', 'group', 'channel'] as const;
export const ChatTypeSchema = z.enum(CHAT_TYPES);
export type ChatType = z.infer<typeof ChatTypeSchema>;

export const ReplyModeSchema = z.enum(['text', 'command']);
export type ReplyMode = z.infer<typeof ReplyModeSchema>;

export const TypingModeSchema = z.enum(['never', 'instant', 'thinking', 'message']);
export type TypingMode = z.infer<typeof TypingModeSchema>;

export const SessionScopeSchema = z.enum(['per-sender', 'global']);
export type SessionScope = z.infer<typeof SessionScopeSchema>;

export const DmScopeSchema = z.enum(['main', 'per-peer', 'per-channel-peer', 'per-account-channel-peer']);
export type DmScope = z.infer<typeof DmScopeSchema>;

export const ReplyToModeSchema = z.enum(['off', 'first', 'all']);
export type ReplyToMode = z.infer<typeof ReplyToModeSchema>;

export const GroupPolicySchema = z.enum(['open', 'disabled', 'allowlist']);
export type GroupPolicy = z.infer<typeof GroupPolicySchema>;

export const DmPolicySchema = z.enum(['pairing', 'allowlist', 'open', 'disabled']);
export type DmPolicy = z.infer<typeof DmPolicySchema>;

export const MarkdownTableModeSchema = z.enum(['off', 'bullets', 'code']);
export type MarkdownTableMode = z.infer<typeof MarkdownTableModeSchema>;

export const SessionResetModeSchema = z.enum(['daily', 'idle']);
export type SessionResetMode = z.infer<typeof SessionResetModeSchema>;

export const SessionSendPolicyActionSchema = z.enum(['allow', 'deny']);
export type SessionSendPolicyAction = z.infer<typeof SessionSendPolicyActionSchema>;

export const SessionMaintenanceModeSchema = z.enum(['enforce', 'warn']);
export type SessionMaintenanceMode = z.infer<typeof SessionMaintenanceModeSchema>;

export const LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const LogLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** Normalises a raw chat type: trimmed, case-insensitive, "dm" → "direct"; anything else → undefined. */
export function normalizeChatType(raw: string | null | undefined): ChatType | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'dm') return 'direct';
  return (CHAT_TYPES as readonly string[]).includes(value) ? (value as ChatType) : undefined;
}
