import { describe, expect, it } from 'vitest';
import { TelegramConfigSchema, type TelegramConfig } from '../../../src-shared/config/schema.js';
import { resolveTelegramAccounts } from '../../../src-main/core/telegram/accounts.js';
import {
  TelegramRequestTimeoutError,
  classifyTelegramError,
  describeTelegramFailure,
  resolvePollBackoffMs,
} from '../../../src-main/core/telegram/backoff.js';

const telegram = (input: Record<string, unknown>): TelegramConfig => TelegramConfigSchema.parse(input);

describe('resolveTelegramAccounts', () => {
  it('runs nothing when telegram is disabled', () => {
    expect(resolveTelegramAccounts(telegram({ enabled: false, bot_token: '1:a' }))).toEqual({ accounts: [], problems: [] });
  });

  it('runs the top-level bot as account "default" with the config defaults', () => {
    const { accounts } = resolveTelegramAccounts(telegram({ enabled: true, bot_token: '1:a', api_root: 'http://127.0.0.1:9/' }));
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      accountId: 'default',
      botToken: '1:a',
      apiRoot: 'http://127.0.0.1:9',
      dmPolicy: 'pairing',
      groupPolicy: 'allowlist',
      streamMode: 'partial',
      textChunkLimit: 4000,
    });
  });

  it('lets an account inherit unset fields and override others', () => {
    const { accounts } = resolveTelegramAccounts(
      telegram({ enabled: true, bot_token: '1:a', allow_from: [5], accounts: { work: { bot_token: '2:b', dm_policy: 'open' } } }),
    );
    expect(accounts.map((a) => [a.accountId, a.dmPolicy, a.allowFrom])).toEqual([
      ['default', 'pairing', [5]],
      ['work', 'open', [5]],
    ]);
  });

  it('skips disabled accounts', () => {
    const { accounts } = resolveTelegramAccounts(telegram({ enabled: true, accounts: { off: { bot_token: '2:b', enabled: false } } }));
    expect(accounts).toEqual([]);
  });

  it('reports an enabled channel without any token', () => {
    expect(resolveTelegramAccounts(telegram({ enabled: true })).problems).toEqual([
      { accountId: 'default', message: 'telegram.enabled is true but telegram.bot_token is not set; get a token from @BotFather' },
    ]);
  });

  it('reports an account without a token', () => {
    expect(resolveTelegramAccounts(telegram({ enabled: true, accounts: { work: {} } })).problems).toEqual([
      { accountId: 'work', message: 'telegram.accounts.work.bot_token is missing; get one from @BotFather' },
    ]);
  });

  it('reports the same token used twice', () => {
    const { accounts, problems } = resolveTelegramAccounts(telegram({ enabled: true, bot_token: '1:a', accounts: { twin: { bot_token: '1:a' } } }));
    expect(accounts.map((a) => a.accountId)).toEqual(['default']);
    expect(problems[0]?.message).toBe('telegram.accounts.twin.bot_token is the same bot as account "default"; each bot can be polled by one account only');
  });

  it('reports webhook mode without webhook settings', () => {
    expect(resolveTelegramAccounts(telegram({ enabled: true, bot_token: '1:a', mode: 'webhook' })).problems[0]?.message).toBe(
      'telegram.webhook.url is required when telegram.mode is webhook',
    );
  });

  it('reports two webhook bots on the same path', () => {
    const config = telegram({
      enabled: true,
      mode: 'webhook',
      bot_token: '1:a',
      webhook: { url: 'https://example.com/hook', secret_token: 'sixteen-chars-long' },
      accounts: { work: { bot_token: '2:b' } },
    });
    expect(resolveTelegramAccounts(config).problems[0]?.message).toBe(
      'telegram.accounts.work.webhook.path /telegram/webhook is already used by account "default"; give each bot its own path',
    );
  });
});

describe('classifyTelegramError', () => {
  it('401 is an invalid token', () => {
    const failure = classifyTelegramError({ error_code: 401, description: 'Unauthorized' });
    expect(failure.kind).toBe('unauthorized');
    expect(describeTelegramFailure(failure)).toBe('invalid bot token');
  });
  it('404 (what Telegram answers for a malformed token) is an invalid token', () => {
    expect(classifyTelegramError({ error_code: 404, description: 'Not Found' }).kind).toBe('unauthorized');
  });
  it('409 is a conflict', () => {
    expect(classifyTelegramError({ error_code: 409, description: 'Conflict: terminated by other getUpdates request' }).kind).toBe('conflict');
  });
  it('429 carries retry_after in ms', () => {
    expect(classifyTelegramError({ error_code: 429, description: 'Too Many Requests', parameters: { retry_after: 3 } })).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 3000,
      message: 'Too Many Requests',
    });
  });
  it('5xx and transport errors are network failures', () => {
    expect(classifyTelegramError({ error_code: 502, description: 'Bad Gateway' }).kind).toBe('network');
    expect(classifyTelegramError(new Error('fetch failed')).kind).toBe('network');
  });
  it('names a transport failure by its system error code, never by the fetch message holding the token', () => {
    // grammy's HttpError: a generic message, the fetch error (whose message quotes the URL) in `error`.
    const httpError = (code: string) =>
      Object.assign(new Error("Network request for 'getMe' failed!"), {
        error: Object.assign(new Error(`request to https://api.telegram.org/bot123:SECRET/getMe failed, reason: ${code}`), { code }),
      });
    const reasons = ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'CERT_HAS_EXPIRED', 'EWEIRD'].map((code) =>
      describeTelegramFailure(classifyTelegramError(httpError(code))),
    );
    expect(reasons).toEqual([
      'cannot reach the Bot API (connection refused, ECONNREFUSED)',
      'cannot reach the Bot API (DNS lookup failed, ENOTFOUND)',
      'cannot reach the Bot API (connection reset, ECONNRESET)',
      'cannot reach the Bot API (TLS certificate problem, CERT_HAS_EXPIRED)',
      'cannot reach the Bot API (network error, EWEIRD)',
    ]);
    expect(reasons.join()).not.toContain('SECRET');
  });
  it('a request timeout is a network failure naming the method and the time', () => {
    expect(describeTelegramFailure(classifyTelegramError(new TelegramRequestTimeoutError('getMe', 8_000)))).toBe(
      'cannot reach the Bot API (no answer to getMe within 8 s)',
    );
  });
  it('a 409 says whether another poller or a webhook holds the bot', () => {
    const conflict = (description: string) => describeTelegramFailure(classifyTelegramError({ error_code: 409, description }));
    expect(conflict('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running')).toBe(
      'another program is polling this bot (409 Conflict); stop it or use a different token',
    );
    expect(conflict("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")).toBe(
      'another program set a webhook for this bot (409 Conflict); remove it or use a different token',
    );
  });
  it('other API errors are bad requests', () => {
    expect(classifyTelegramError({ error_code: 400, description: 'Bad Request: chat not found' })).toEqual({
      kind: 'bad_request',
      message: 'Bad Request: chat not found',
    });
  });
});

describe('resolvePollBackoffMs', () => {
  it('starts at 2 s and doubles up to 30 s without jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((attempt) => resolvePollBackoffMs(attempt, () => 0.5))).toEqual([
      2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });
  it('jitters within 2 s..30 s', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      for (const random of [0, 0.25, 0.999]) {
        const delay = resolvePollBackoffMs(attempt, () => random);
        expect(delay).toBeGreaterThanOrEqual(2000);
        expect(delay).toBeLessThanOrEqual(30000);
      }
    }
    expect(resolvePollBackoffMs(2, () => 0)).toBe(6000);
    expect(resolvePollBackoffMs(2, () => 0.999)).toBe(9996);
  });
});
