import { describe, expect, it } from 'vitest';
import { REDACTED_VALUE, collectSecretValues, isSecretKey, redactConfig } from '../../../src-shared/config/redact.js';

const R = REDACTED_VALUE;

function sampleConfig() {
  return {
    gateway: { port: 18789, token: 'gw-token', password: 'gw-pass', trusted_proxies: ['10.0.0.1'] },
    telegram: {
      bot_token: '123:main',
      webhook: { url: 'https://bot.test/hook', secret_token: 'hook-secret' },
      accounts: { work: { name: 'Work', bot_token: '456:work' }, idle: { bot_token: '' } },
    },
    models: {
      providers: {
        openai: {
          base_url: 'https://api.test/v1',
          api_key: 'sk-abc',
          headers: {
            Authorization: 'Bearer hdr',
            'x-api-key': 'hdr-key',
            'api-key': 'hdr-key2',
            Cookie: 'session=1',
            'Proxy-Authorization': 'Basic p',
            'X-Title': 'OpenClaw',
          },
          models: [{ id: 'gpt', max_tokens: 4096, context_window: 128000 }],
        },
      },
    },
    plugins: { oauth: { client_id: 'cid', client_secret: 'csec', apiKey: 'camel-key' }, list: [{ refresh_token: 'rt' }] },
  };
}

describe('redactConfig', () => {
  it('replaces every secret in every section, unknown sections and arrays included', () => {
    expect(redactConfig(sampleConfig())).toEqual({
      gateway: { port: 18789, token: R, password: R, trusted_proxies: ['10.0.0.1'] },
      telegram: {
        bot_token: R,
        webhook: { url: 'https://bot.test/hook', secret_token: R },
        accounts: { work: { name: 'Work', bot_token: R }, idle: { bot_token: '' } },
      },
      models: {
        providers: {
          openai: {
            base_url: 'https://api.test/v1',
            api_key: R,
            headers: { Authorization: R, 'x-api-key': R, 'api-key': R, Cookie: R, 'Proxy-Authorization': R, 'X-Title': 'OpenClaw' },
            models: [{ id: 'gpt', max_tokens: 4096, context_window: 128000 }],
          },
        },
      },
      plugins: { oauth: { client_id: 'cid', client_secret: R, apiKey: R }, list: [{ refresh_token: R }] },
    });
  });

  it('leaves the input untouched', () => {
    const config = sampleConfig();
    redactConfig(config);
    expect(config).toEqual(sampleConfig());
  });

  it('redacts every value nested under a secret key', () => {
    expect(redactConfig({ x: { secret: { a: 'one', b: [2, 'three'], on: true } } })).toEqual({
      x: { secret: { a: R, b: [R, R], on: true } },
    });
  });

  it('leaves unset secrets (null, empty) visible as unset', () => {
    expect(redactConfig({ gateway: { token: null, password: '' } })).toEqual({ gateway: { token: null, password: '' } });
  });
});

describe('isSecretKey', () => {
  it('recognises credential names in snake, camel and header spelling', () => {
    const secret = ['token', 'password', 'bot_token', 'api_key', 'apikey', 'secret', 'client_secret', 'secret_token', 'access_token',
      'botToken', 'apiKey', 'X-Api-Key', 'api-key', 'authorization', 'Cookie', 'proxy-authorization', 'X-Auth-Token'];
    expect(secret.filter((key) => !isSecretKey(key))).toEqual([]);
  });

  it('does not treat token counters or ordinary keys as secrets', () => {
    const plain = ['max_tokens', 'context_tokens', 'input_tokens', 'output_tokens', 'total_tokens', 'maxTokens', 'port', 'base_url',
      'dm_policy', 'session_key', 'tokens', 'token_count', 'X-Title'];
    expect(plain.filter((key) => isSecretKey(key))).toEqual([]);
  });
});

describe('collectSecretValues', () => {
  it('lists each non-empty secret value once', () => {
    const config = { ...sampleConfig(), extra: { token: 'gw-token', empty: { password: '' } } };
    expect([...collectSecretValues(config)].sort()).toEqual(
      ['gw-token', 'gw-pass', '123:main', 'hook-secret', '456:work', 'sk-abc', 'Bearer hdr', 'hdr-key', 'hdr-key2', 'session=1',
        'Basic p', 'csec', 'camel-key', 'rt'].sort(),
    );
  });

  it('orders values longest first so overlapping secrets are scrubbed whole', () => {
    expect(collectSecretValues({ a: { token: 'abc' }, b: { password: 'abcdef' }, c: { api_key: 'abcd' } })).toEqual([
      'abcdef',
      'abcd',
      'abc',
    ]);
  });
});
