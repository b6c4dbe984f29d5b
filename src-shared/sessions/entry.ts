import { z } from 'zod';
import { ChatTypeSchema } from '../types/base.js';

const ThreadIdSchema = z.union([z.string(), z.number().int()]);

// Loose objects: fields written by other OpenClaw tools sharing the store survive a round trip.
export const SessionOriginSchema = z.looseObject({
  label: z.string().optional(),
  provider: z.string().optional(),
  surface: z.string().optional(),
  chat_type: ChatTypeSchema.optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  account_id: z.string().optional(),
  thread_id: ThreadIdSchema.optional(),
});
export type SessionOrigin = z.infer<typeof SessionOriginSchema>;

const TokenCountSchema = z.number().int().min(0);

export const SessionEntrySchema = z.looseObject({
  session_id: z.string().min(1),
  updated_at: z.number().int().min(0).describe('Milliseconds since the epoch'),

  session_file: z.string().optional(),
  spawned_by: z.string().optional(),
  label: z.string().optional(),
  display_name: z.string().optional(),

  chat_type: ChatTypeSchema.optional(),
  channel: z.string().optional(),
  group_id: z.string().optional(),
  origin: SessionOriginSchema.optional(),

  last_channel: z.string().optional(),
  last_to: z.string().optional(),
  last_account_id: z.string().optional(),
  last_thread_id: ThreadIdSchema.optional(),

  aborted_last_run: z.boolean().default(false),
  system_sent: z.boolean().default(false),

  model_provider: z.string().optional(),
  model: z.string().optional(),
  context_tokens: TokenCountSchema.optional(),

  input_tokens: TokenCountSchema.optional(),
  output_tokens: TokenCountSchema.optional(),
  total_tokens: TokenCountSchema.optional(),
  compaction_count: z.number().int().min(0).default(0),

  provider_override: z.string().optional(),
  model_override: z.string().optional(),
  auth_profile_override: z.string().optional(),
  send_policy: z.string().optional(),
  group_activation: z.string().optional(),

  extra: z.record(z.string(), z.unknown()).optional(),
});
export type SessionEntry = z.infer<typeof SessionEntrySchema>;
export type SessionEntryInput = z.input<typeof SessionEntrySchema>;
export type SessionStore = Record<string, SessionEntry>;

/**
 * Returns an empty store object without a prototype, as every store object is: session keys are
 * chosen by users, and on a plain object `constructor` or `toString` would read as inherited members
 * and assigning `__proto__` would replace the prototype instead of adding an entry.
 */
export function createEmptySessionStore(): SessionStore {
  return Object.create(null) as SessionStore;
}

/** Returns a deep copy of the store, without a prototype like the original (structuredClone alone would give it one). */
export function cloneSessionStore(store: SessionStore): SessionStore {
  return Object.setPrototypeOf(structuredClone(store), null) as SessionStore;
}

/** A partial update to a session entry; `null` clears an optional field. */
export type SessionEntryPatch = { [K in keyof SessionEntry]?: SessionEntry[K] | null };
