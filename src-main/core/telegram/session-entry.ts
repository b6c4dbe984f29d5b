import type { SessionEntry, SessionEntryPatch } from '../../../src-shared/sessions/entry.js';
import { mergeSessionEntry } from '../../../src-shared/sessions/entry-operations.js';
import type { SessionStoreHandle } from '../sessions/store.js';
import type { UpdateSessionStoreOptions } from '../sessions/types.js';
import type { InboundMessage } from './inbound.js';

export const TELEGRAM_CHANNEL = 'telegram';

/** The address replies go to: `telegram:<chatId>`, as stored in origin.to and last_to. */
export function resolveTelegramAddress(chatId: string): string {
  return `${TELEGRAM_CHANNEL}:${chatId}`;
}

/** Names the conversation for lists: the sender for DMs, the group title (and topic) for groups. */
export function resolveTelegramDisplayName(inbound: InboundMessage): string {
  if (inbound.chatType === 'direct') {
    const handle = inbound.senderUsername ? `@${inbound.senderUsername}` : undefined;
    return handle && !inbound.senderName.startsWith('@') ? `${inbound.senderName} (${handle})` : inbound.senderName;
  }
  const title = inbound.chatTitle ?? `group ${inbound.chatId}`;
  if (inbound.threadId === undefined) return title;
  return `${title} / ${inbound.topicName ?? `topic ${inbound.threadId}`}`;
}

/**
 * Resolves the session entry fields a Telegram message sets: chat_type, channel, group_id, origin
 * (provider, surface, chat_type, from, to, account_id, thread_id), the last_* routing fields,
 * display_name and updated_at (`nowMs`). A message outside a topic clears a stale last_thread_id.
 */
export function resolveTelegramSessionPatch(inbound: InboundMessage, nowMs: number): SessionEntryPatch {
  const to = resolveTelegramAddress(inbound.chatId);
  const displayName = resolveTelegramDisplayName(inbound);
  // mergeSessionEntry merges origin one level deep, where null removes a key: a message outside a
  // topic must not keep the thread of an earlier one.
  const origin = {
    label: displayName,
    provider: TELEGRAM_CHANNEL,
    surface: TELEGRAM_CHANNEL,
    chat_type: inbound.chatType,
    from: `${TELEGRAM_CHANNEL}:${inbound.senderId}`,
    to,
    account_id: inbound.accountId,
    thread_id: inbound.threadId ?? null,
  } as SessionEntryPatch['origin'];
  return {
    updated_at: nowMs,
    chat_type: inbound.chatType,
    channel: TELEGRAM_CHANNEL,
    group_id: inbound.chatType === 'group' ? inbound.chatId : null,
    display_name: displayName,
    origin,
    last_channel: TELEGRAM_CHANNEL,
    last_to: to,
    last_account_id: inbound.accountId,
    last_thread_id: inbound.threadId ?? null,
  };
}

/**
 * Creates or updates the entry under `sessionKey` with {@link resolveTelegramSessionPatch} through
 * `store.update` (locked, atomic), resolving with the stored entry; `extra` is merged last (e.g. a
 * fresh session_id for /new). Store and lock errors are passed on.
 */
export function recordTelegramSession(
  store: SessionStoreHandle,
  storePath: string,
  sessionKey: string,
  inbound: InboundMessage,
  options: UpdateSessionStoreOptions & { nowMs: number; extra?: SessionEntryPatch },
): Promise<SessionEntry> {
  const { nowMs, extra, ...storeOptions } = options;
  const patch: SessionEntryPatch = { ...resolveTelegramSessionPatch(inbound, nowMs), ...extra };
  return store.update(
    storePath,
    (entries) => {
      const entry = mergeSessionEntry(entries[sessionKey], patch, { now: nowMs });
      entries[sessionKey] = entry;
      return entry;
    },
    storeOptions,
  );
}
