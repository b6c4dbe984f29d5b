import type { OpenClawConfig } from '../../src-shared/config/schema.js';
import type { ConfigApplied } from '../../src-shared/protocol/settings.js';
import { resolveChangedSections } from './config/live-config.js';
import type { ListenAddress } from './gateway/listen-address.js';
import { formatGatewayUrl } from './gateway/server.js';
import { resolveTelegramAccounts } from './telegram/accounts.js';

/** Port 0 asks for any free port, so it never moves a listener that already has one. */
export function isListenerMove(from: ListenAddress, to: ListenAddress): boolean {
  return to.host !== from.host || (to.port !== from.port && to.port !== 0);
}

/**
 * Resolves what a running gateway does with a new config, for the person who saved it: the sections
 * applied live, whether the listener moves (and its URL then), and which bots restart (the Telegram
 * channel restarts as a whole when its section changes).
 */
export function resolveConfigApplied(previous: OpenClawConfig, next: OpenClawConfig, listener: { from: ListenAddress; to: ListenAddress }): ConfigApplied {
  const changed = resolveChangedSections(previous, next);
  const restarted = isListenerMove(listener.from, listener.to);
  const url = restarted ? formatGatewayUrl(listener.to.host, listener.to.port) : formatGatewayUrl(listener.from.host, listener.from.port);
  const bots = changed.includes('telegram')
    ? [...new Set([...resolveTelegramAccounts(previous.telegram).accounts, ...resolveTelegramAccounts(next.telegram).accounts].map((account) => account.accountId))]
    : [];
  const parts: string[] = [];
  if (changed.length === 0) parts.push('Saved; nothing the gateway uses changed');
  else parts.push(`Applied live (${changed.join(', ')})`);
  if (bots.length > 0) parts.push(`restarted Telegram bot${bots.length === 1 ? '' : 's'} ${bots.join(', ')}`);
  if (restarted) parts.push(`the gateway moves to ${url}`);
  return { changed, listener: { restarted, url }, telegram_restarted: bots, summary: `${parts.join('; ')}.` };
}
