import { z } from 'zod';
import { CHAT_WS_EVENTS } from './chat.js';
import { LOGS_WS_EVENTS } from './logs.js';
import { ConfigIssueSchema } from '../config/snapshot.js';
import { SessionEntrySchema } from '../sessions/entry.js';
import { TELEGRAM_WS_EVENTS } from '../telegram/protocol.js';

/** Every server event with its params schema. Session changes are batched: one frame per burst. */
export const WS_EVENTS = {
  'session.updated': z.object({
    sessions: z.record(z.string(), SessionEntrySchema).describe('Every key created or changed, with its new entry'),
  }),
  'session.deleted': z.object({ keys: z.array(z.string()) }),
  'config.reloaded': z.object({
    path: z.string(),
    hash: z.string().nullable(),
    changed: z.array(z.string()).describe('Top-level sections that differ from the previous config'),
    restarted: z.boolean().describe('The listener was restarted (gateway.host or gateway.port changed)'),
  }),
  'config.invalid': z.object({
    path: z.string(),
    issues: z.array(ConfigIssueSchema),
  }),
  'gateway.shutdown': z.object({
    reason: z.enum(['stop', 'restart']),
  }),
  'events.dropped': z.object({
    count: z.number().int().min(1).describe('Events not delivered because this client read too slowly'),
  }),
  ...CHAT_WS_EVENTS,
  ...TELEGRAM_WS_EVENTS,
  ...LOGS_WS_EVENTS,
} as const;

export type WsEventName = keyof typeof WS_EVENTS;
export const WS_EVENT_NAMES = Object.keys(WS_EVENTS) as WsEventName[];
export type WsEventParams<E extends WsEventName> = z.infer<(typeof WS_EVENTS)[E]>;
