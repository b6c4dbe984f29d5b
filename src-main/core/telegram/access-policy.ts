import type { DmPolicy, GroupPolicy } from '../../../src-shared/types/base.js';

/** What to do with a DM: answer it, offer a pairing code, or not answer. */
export type DmAccessDecision =
  | { action: 'allow' }
  | { action: 'pair' }
  | { action: 'deny'; reason: 'disabled' | 'not_allowed' };

/** What to do with a group message. */
export type GroupAccessDecision = { action: 'allow' } | { action: 'ignore'; reason: 'disabled' | 'not_allowed' | 'not_mentioned' };

/**
 * True when a sender matches an allow_from entry: `*`, the numeric user id (number or string) or the
 * @username (with or without `@`, any case).
 */
export function matchesTelegramAllowList(
  entries: readonly (string | number)[],
  sender: { id: string; username?: string | undefined },
): boolean {
  const username = sender.username?.toLowerCase();
  return entries.some((raw) => {
    const entry = String(raw).trim();
    if (entry === '*' || entry === sender.id) return true;
    const handle = entry.replace(/^@/, '').toLowerCase();
    return username !== undefined && handle === username && !/^-?\d+$/.test(handle);
  });
}

/**
 * Decides a DM per `dm_policy`: open → allow; disabled → deny; allowlist → allow when allow_from
 * matches, else deny; pairing → allow when allow_from matches or the owner approved the sender, else pair.
 */
export function resolveDmAccess(params: {
  policy: DmPolicy;
  allowFrom: readonly (string | number)[];
  approved: boolean;
  sender: { id: string; username?: string | undefined };
}): DmAccessDecision {
  switch (params.policy) {
    case 'open':
      return { action: 'allow' };
    case 'disabled':
      return { action: 'deny', reason: 'disabled' };
    case 'allowlist':
      return matchesTelegramAllowList(params.allowFrom, params.sender) ? { action: 'allow' } : { action: 'deny', reason: 'not_allowed' };
    case 'pairing':
      return params.approved || matchesTelegramAllowList(params.allowFrom, params.sender) ? { action: 'allow' } : { action: 'pair' };
  }
}

/**
 * Decides a group message per `group_policy` (open; allowlist → `groups` holds the chat id or `*`;
 * disabled), then the mention gate: with `require_mention` only messages that address the bot pass.
 */
export function resolveGroupAccess(params: {
  policy: GroupPolicy;
  groups: readonly (string | number)[];
  chatId: string;
  requireMention: boolean;
  addressed: boolean;
}): GroupAccessDecision {
  if (params.policy === 'disabled') return { action: 'ignore', reason: 'disabled' };
  if (params.policy === 'allowlist' && !params.groups.some((entry) => String(entry).trim() === params.chatId || String(entry).trim() === '*')) {
    return { action: 'ignore', reason: 'not_allowed' };
  }
  if (params.requireMention && !params.addressed) return { action: 'ignore', reason: 'not_mentioned' };
  return { action: 'allow' };
}
