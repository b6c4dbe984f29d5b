import type { DmScope } from '../../../src-shared/types/base.js';

export const DEFAULT_AGENT_ID = 'main';

/** What decides which session a Telegram message belongs to. */
export interface TelegramSessionRoute {
  dmScope: DmScope;
  accountId: string;
  chatType: 'direct' | 'group';
  chatId: string;
  senderId: string;
  threadId?: number;
  agentId?: string;
}

/**
 * Resolves the session key: DMs per `session.dm_scope` (main → `agent:main:main`, per-peer →
 * `agent:main:direct:<user>`, per-channel-peer → `agent:main:telegram:direct:<user>`,
 * per-account-channel-peer → `agent:main:telegram:<account>:direct:<user>`); groups →
 * `agent:main:telegram:group:<chat>`, with `:topic:<thread>` appended for forum topics.
 */
export function resolveTelegramSessionKey(route: TelegramSessionRoute): string {
  const prefix = `agent:${route.agentId ?? DEFAULT_AGENT_ID}`;
  if (route.chatType === 'group') {
    const base = `${prefix}:telegram:group:${route.chatId}`;
    return route.threadId === undefined ? base : `${base}:topic:${route.threadId}`;
  }
  switch (route.dmScope) {
    case 'main':
      return `${prefix}:main`;
    case 'per-peer':
      return `${prefix}:direct:${route.senderId}`;
    case 'per-channel-peer':
      return `${prefix}:telegram:direct:${route.senderId}`;
    case 'per-account-channel-peer':
      return `${prefix}:telegram:${route.accountId}:direct:${route.senderId}`;
  }
}
