import { describe, expect, it } from 'vitest';
import { REDACTED_VALUE, collectSecretValues, isSecretKey, redactConfig, resolveConfigSecrets } from '../../../src-shared/config/redact.js';

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

describe('credentials that are not under a secret key', () => {
  it('treats every provider header value as a secret, except known public headers', () => {
    const config = {
      models: {
        providers: {
          azure: {
            base_url: 'https://azure.test/v1',
            headers: { 'Ocp-Apim-Subscription-Key': 'apim-9f8e7d', 'X-Custom-Auth': 'Bearer custom-tok', 'X-Title': 'OpenClaw' },
          },
        },
      },
    };
    expect(redactConfig(config).models.providers.azure.headers).toEqual({ 'Ocp-Apim-Subscription-Key': R, 'X-Custom-Auth': R, 'X-Title': 'OpenClaw' });
    expect(collectSecretValues(config)).toEqual(expect.arrayContaining(['apim-9f8e7d', 'Bearer custom-tok']));
    expect(collectSecretValues(config)).not.toContain('OpenClaw');
  });

  it('redacts URL userinfo in place and lists it (and its password) as secrets', () => {
    const config = { models: { providers: { p: { base_url: 'https://ada:pw-Zq7x@llm.test/v1' } } } };
    expect(redactConfig(config).models.providers.p.base_url).toBe(`https://${R}@llm.test/v1`);
    expect(collectSecretValues(config)).toEqual(['ada:pw-Zq7x', 'pw-Zq7x']);
  });

  it('redacts query values named like keys or tokens, keeping the other parameters', () => {
    const config = { telegram: { webhook: { url: 'https://hook.test/x?key=AIzaKey1&api_key=k2%2Fz&v=2&token=t0k&name=ok#top' } } };
    expect(redactConfig(config).telegram.webhook.url).toBe(`https://hook.test/x?key=${R}&api_key=${R}&v=2&token=${R}&name=ok#top`);
    expect(collectSecretValues(config)).toEqual(expect.arrayContaining(['AIzaKey1', 'k2%2Fz', 'k2/z', 't0k']));
  });

  it('redacts a secret wherever an alias copied it (another key, inside other text)', () => {
    const parsed = { gateway: { token: 'tok-Zq7secret' }, identity: { name: 'tok-Zq7secret', persona: 'I know tok-Zq7secret.' } };
    expect(redactConfig(parsed).identity).toEqual({ name: R, persona: `I know ${R}.` });
  });

  it('redacts a secret of under 8 characters where it is a whole word, never inside other words', () => {
    const parsed = { gateway: { password: 'pw' }, identity: { persona: 'My pw is pw; I use npwd and pwa-apps.' } };
    expect(redactConfig(parsed).identity.persona).toBe(`My ${R} is ${R}; I use npwd and pwa-apps.`);
  });

  it('redacts a subtree nested deeper than any real config whole, without overflowing the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(JSON.stringify(redactConfig({ x: deep })).length).toBeLessThan(1_000);
    expect(resolveConfigSecrets({ x: deep }).complete).toBe(false);
  });
});
