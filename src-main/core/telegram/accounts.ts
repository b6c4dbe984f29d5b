import type { TelegramConfig } from '../../../src-shared/config/schema.js';
import type { DmPolicy, GroupPolicy } from '../../../src-shared/types/base.js';

export const DEFAULT_TELEGRAM_ACCOUNT_ID = 'default';

/** One bot to run: the top-level telegram section, or an entry of `telegram.accounts` merged over it. */
export interface TelegramAccount {
  accountId: string;
  name?: string;
  botToken: string;
  /** Without the trailing slash grammy refuses. */
  apiRoot: string;
  dmPolicy: DmPolicy;
  allowFrom: readonly (string | number)[];
  groupPolicy: GroupPolicy;
  groups: readonly (string | number)[];
  requireMention: boolean;
  mode: TelegramConfig['mode'];
  webhook?: TelegramConfig['webhook'];
  streamMode: TelegramConfig['stream_mode'];
  chunkMode: TelegramConfig['chunk_mode'];
  textChunkLimit: number;
  typingMode: TelegramConfig['typing_mode'];
  replyToMode: TelegramConfig['reply_to_mode'];
  markdownTables: TelegramConfig['markdown_tables'];
}

/** A configured bot that cannot run, with the config key to fix. */
export interface TelegramAccountProblem {
  accountId: string;
  message: string;
}

/**
 * Resolves the bots to run: the top-level section as account "default" when it has a bot_token, plus
 * every enabled `telegram.accounts.<name>` (inheriting unset fields from the top level). Nothing when
 * telegram.enabled is false. Webhook mode without `webhook` settings, a duplicate token or no bot at
 * all are reported as problems naming the key to set.
 */
export function resolveTelegramAccounts(config: TelegramConfig): { accounts: TelegramAccount[]; problems: TelegramAccountProblem[] } {
  const accounts: TelegramAccount[] = [];
  const problems: TelegramAccountProblem[] = [];
  if (!config.enabled) return { accounts, problems };

  const base = {
    apiRoot: config.api_root.replace(/\/+$/, ''),
    mode: config.mode,
    streamMode: config.stream_mode,
    chunkMode: config.chunk_mode,
    textChunkLimit: config.text_chunk_limit,
    typingMode: config.typing_mode,
    replyToMode: config.reply_to_mode,
    markdownTables: config.markdown_tables,
  };
  const seenTokens = new Map<string, string>();
  const seenWebhookPaths = new Map<string, string>();
  const add = (accountId: string, configPath: string, account: TelegramAccount): void => {
    const owner = seenTokens.get(account.botToken);
    if (owner !== undefined) {
      problems.push({ accountId, message: `${configPath}.bot_token is the same bot as account "${owner}"; each bot can be polled by one account only` });
      return;
    }
    if (account.mode === 'webhook' && !account.webhook) {
      problems.push({ accountId, message: `${configPath}.webhook.url is required when telegram.mode is webhook` });
      return;
    }
    if (account.mode === 'webhook' && account.webhook) {
      const pathOwner = seenWebhookPaths.get(account.webhook.path);
      if (pathOwner !== undefined) {
        problems.push({ accountId, message: `${configPath}.webhook.path ${account.webhook.path} is already used by account "${pathOwner}"; give each bot its own path` });
        return;
      }
      seenWebhookPaths.set(account.webhook.path, accountId);
    }
    seenTokens.set(account.botToken, accountId);
    accounts.push(account);
  };

  if (config.bot_token) {
    add(DEFAULT_TELEGRAM_ACCOUNT_ID, 'telegram', {
      ...base,
      accountId: DEFAULT_TELEGRAM_ACCOUNT_ID,
      botToken: config.bot_token,
      dmPolicy: config.dm_policy,
      allowFrom: config.allow_from ?? [],
      groupPolicy: config.group_policy,
      groups: config.groups ?? [],
      requireMention: config.require_mention,
      ...(config.webhook ? { webhook: config.webhook } : {}),
    });
  }
  for (const [accountId, entry] of Object.entries(config.accounts ?? {})) {
    if (!entry.enabled) continue;
    const configPath = `telegram.accounts.${accountId}`;
    if (accountId === DEFAULT_TELEGRAM_ACCOUNT_ID && config.bot_token) {
      problems.push({ accountId, message: `${configPath} clashes with the top-level bot (account "default"); rename the account` });
      continue;
    }
    const botToken = entry.bot_token;
    if (!botToken) {
      problems.push({ accountId, message: `${configPath}.bot_token is missing; get one from @BotFather` });
      continue;
    }
    const webhook = entry.webhook ?? config.webhook;
    add(accountId, configPath, {
      ...base,
      accountId,
      ...(entry.name ? { name: entry.name } : {}),
      botToken,
      dmPolicy: entry.dm_policy ?? config.dm_policy,
      allowFrom: entry.allow_from ?? config.allow_from ?? [],
      groupPolicy: entry.group_policy ?? config.group_policy,
      groups: entry.groups ?? config.groups ?? [],
      requireMention: entry.require_mention ?? config.require_mention,
      ...(webhook ? { webhook } : {}),
    });
  }
  if (accounts.length === 0 && problems.length === 0) {
    problems.push({ accountId: DEFAULT_TELEGRAM_ACCOUNT_ID, message: 'telegram.enabled is true but telegram.bot_token is not set; get a token from @BotFather' });
  }
  return { accounts, problems };
}
