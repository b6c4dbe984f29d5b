import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src-shared/config/validate.js';
import { applyDefaults } from '../../../src-main/core/config/defaults.js';
import { ConfigValidationError } from '../../../src-main/core/config/errors.js';
import { resolveConfigJsonSchema } from '../../../src-shared/config/schema.js';

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; [key: string]: unknown };

describe('resolveConfigJsonSchema', () => {
  it('describes gateway.port with its range and default', () => {
    const schema = resolveConfigJsonSchema() as JsonSchemaNode;
    expect(schema.properties?.gateway?.properties?.port).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      default: 18789,
      description: 'Port the gateway listens on; the dashboard moves to it when it changes',
    });
  });
});

describe('applyDefaults', () => {
  it('fills every section from an empty config', () => {
    const config = applyDefaults();
    expect(config.gateway).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 18789,
      trusted_proxies: [],
      allowed_origins: [],
      allowed_hosts: [],
      http: { openai: { enabled: true } },
    });
    expect(config.session.maintenance).toEqual({ mode: 'warn', prune_after_days: 30, max_entries: 500, rotate_bytes: 10485760, rotate_backups: 3 });
    expect(config.telegram).toMatchObject({ enabled: false, dm_policy: 'pairing', stream_mode: 'partial' });
  });

  it('keeps given values and fills the defaults beside them', () => {
    const config = applyDefaults({ session: { maintenance: { mode: 'enforce' } }, models: { providers: { p: { base_url: 'https://p.test' } } } });
    expect(config.session.maintenance).toMatchObject({ mode: 'enforce', max_entries: 500 });
    expect(config.models.providers.p).toEqual({ base_url: 'https://p.test', api: 'openai-completions', models: [] });
  });

  it('refuses a Telegram webhook secret shorter than 16 characters, naming the key and not the value', () => {
    const webhook = { url: 'https://bot.example.com/hook', secret_token: 'short-secret' };
    let message = '';
    try {
      applyDefaults({ telegram: { webhook, accounts: { work: { webhook } } } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'Invalid config:\n' +
        '  - telegram.webhook.secret_token: must be at least 16 characters; remove it to have a strong one generated\n' +
        '  - telegram.accounts.work.webhook.secret_token: must be at least 16 characters; remove it to have a strong one generated',
    );
    expect(applyDefaults({ telegram: { webhook: { url: webhook.url } } }).telegram.webhook?.secret_token).toBeUndefined();
  });

  it('throws ConfigValidationError listing each invalid value', () => {
    expect(() => applyDefaults({ gateway: { port: 0 } })).toThrow(ConfigValidationError);
    expect(() => applyDefaults({ gateway: { port: 0 } })).toThrow('Invalid config:\n  - gateway.port: must be between 1 and 65535');
  });
});

describe('telegram.accounts names', () => {
  it('refuses a bot name that could name a file outside the state dir, saying what a name may hold', () => {
    const { config, issues } = validateConfig({ telegram: { accounts: { '../x': { bot_token: '1:a' }, work: { bot_token: '2:b' } } } });
    expect(config).toBeNull();
    expect(issues).toEqual([{ path: 'telegram.accounts.../x', message: 'a bot name may hold letters, digits, "_" and "-" (at most 64)' }]);
    expect(validateConfig({ telegram: { accounts: { 'work-2_b': { bot_token: '2:b' } } } }).issues).toEqual([]);
  });
});
