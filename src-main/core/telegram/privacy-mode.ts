import type { TelegramAccount } from './accounts.js';
import { PRIVACY_MODE_HINT } from './messages.js';

/**
 * Resolves the status hint for Telegram's privacy mode: PRIVACY_MODE_HINT when getMe says the bot
 * cannot read all group messages while the account answers groups without a mention
 * (group_policy open or allowlist, require_mention false); undefined otherwise.
 */
export function resolvePrivacyModeHint(
  account: Pick<TelegramAccount, 'groupPolicy' | 'requireMention'>,
  canReadAllGroupMessages: boolean,
): string | undefined {
  const expectsOrdinaryMessages = account.groupPolicy !== 'disabled' && !account.requireMention;
  return expectsOrdinaryMessages && !canReadAllGroupMessages ? PRIVACY_MODE_HINT : undefined;
}
