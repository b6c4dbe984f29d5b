import { Api } from 'grammy';
import type { TelegramVerifyResult } from '../../../src-shared/protocol/settings.js';
import { classifyTelegramError, TELEGRAM_REQUEST_TIMEOUT_MS } from './backoff.js';

/**
 * Verifies a bot token with a real `getMe` on `apiRoot`: the bot's @username and whether it can read
 * group messages (privacy mode off). Never throws; an error says what to do, never quoting the token
 * (grammy's transport errors quote the request URL, which holds it, so only their codes are used).
 */
export async function verifyTelegramBot(botToken: string, apiRoot: string, timeoutMs = TELEGRAM_REQUEST_TIMEOUT_MS): Promise<TelegramVerifyResult> {
  const api = new Api(botToken, { apiRoot: apiRoot.replace(/\/+$/, '') });
  try {
    // grammy types its signal with the abort-controller polyfill's class; Node's own is what it uses at run time.
    const me = await api.getMe(AbortSignal.timeout(timeoutMs) as unknown as Parameters<Api['getMe']>[0]);
    return { ok: true, username: me.username, can_read_all_group_messages: me.can_read_all_group_messages };
  } catch (error) {
    const failure = classifyTelegramError(error);
    if (failure.kind === 'unauthorized') return { ok: false, error: 'Telegram rejected the token; copy it again from @BotFather (it looks like 123456789:AA…)' };
    if (failure.kind === 'network') {
      let host = apiRoot;
      try {
        host = new URL(apiRoot).host;
      } catch {
        // The schema checked the URL already; if not, the root as given is the best name for it.
      }
      return { ok: false, error: `Could not reach the Bot API at ${host}: ${failure.message}` };
    }
    return { ok: false, error: `Telegram refused getMe: ${failure.message}` };
  }
}
