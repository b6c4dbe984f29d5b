import type { ModelsTestParams, ModelsTestResult, TelegramVerifyParams, TelegramVerifyResult } from '../../../src-shared/protocol/settings.js';
import { testModelProvider } from '../agent/provider-test.js';
import { DEFAULT_TELEGRAM_ACCOUNT_ID } from '../telegram/accounts.js';
import { scrubErrorText } from '../utils/secret-scrubber.js';
import type { GatewayState } from './types.js';

/** A settings request naming something that is not configured; the message lists what is. */
export class SettingsLookupError extends Error {
  override readonly name = 'SettingsLookupError';
}

/** Error text from a probe leaves the process: scrubbed like every other, though it never quotes a key. */
function scrubbed<T extends { error?: string }>(state: GatewayState, result: T, secrets: readonly (string | undefined)[]): T {
  if (result.error === undefined) return result;
  let error = scrubErrorText(result.error, state.scrub, state.config());
  for (const secret of secrets) if (secret) error = error.split(secret).join('[redacted]');
  return { ...result, error };
}

/** `models.test`: a configured provider (by id, optionally with an edited URL or API style, its saved key kept) or values typed in setup, tested for real. */
export async function runModelsTest(state: GatewayState, params: ModelsTestParams): Promise<ModelsTestResult> {
  if ('provider' in params) {
    const providers = state.config().models.providers;
    const provider = Object.hasOwn(providers, params.provider) ? providers[params.provider] : undefined;
    if (!provider) {
      const known = Object.keys(providers);
      throw new SettingsLookupError(`No provider "${params.provider}" under models.providers${known.length > 0 ? ` (configured: ${known.join(', ')})` : ' (none is configured)'}`);
    }
    const result = await testModelProvider({
      baseUrl: params.base_url ?? provider.base_url,
      api: params.api ?? provider.api,
      apiKey: provider.api_key,
      headers: provider.headers,
      model: params.model ?? provider.models[0]?.id,
    });
    return scrubbed(state, result, [provider.api_key]);
  }
  const result = await testModelProvider({ baseUrl: params.base_url, api: params.api, apiKey: params.api_key, model: params.model });
  return scrubbed(state, result, [params.api_key]);
}

/** `telegram.verify`: a configured bot (by account id, "default" for the top-level one) or a pasted token, checked with getMe. */
export async function runTelegramVerify(state: GatewayState, params: TelegramVerifyParams): Promise<TelegramVerifyResult> {
  const telegram = state.config().telegram;
  // Loaded on demand, like the channel: a gateway without Telegram never loads grammy.
  const { verifyTelegramBot } = await import('../telegram/verify-bot.js');
  if ('bot_token' in params) {
    return scrubbed(state, await verifyTelegramBot(params.bot_token, params.api_root ?? telegram.api_root), [params.bot_token]);
  }
  const accounts = telegram.accounts ?? {};
  const token =
    params.account === DEFAULT_TELEGRAM_ACCOUNT_ID ? telegram.bot_token : Object.hasOwn(accounts, params.account) ? accounts[params.account]?.bot_token : undefined;
  if (!token) {
    const known = [...(telegram.bot_token ? [DEFAULT_TELEGRAM_ACCOUNT_ID] : []), ...Object.keys(accounts).filter((id) => accounts[id]?.bot_token)];
    throw new SettingsLookupError(`No bot token for Telegram account "${params.account}"${known.length > 0 ? ` (configured: ${known.join(', ')})` : ' (none is configured)'}`);
  }
  return scrubbed(state, await verifyTelegramBot(token, telegram.api_root), [token]);
}
