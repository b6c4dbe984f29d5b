import { describe, expect, it } from 'vitest';
import { resolveDidYouMean } from '../../../src-shared/config/did-you-mean.js';
import { findUnknownConfigKeys } from '../../../src-shared/config/unknown-keys.js';
import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';

const find = (value: unknown) => findUnknownConfigKeys(value, OpenClawConfigSchema);

describe('findUnknownConfigKeys', () => {
  it('suggests the close sibling of a mistyped nested key', () => {
    expect(find({ gateway: { prot: 1 } })).toEqual([
      { path: 'gateway.prot', message: 'Unknown config key "gateway.prot" (did you mean "gateway.port"?)' },
    ]);
  });

  it('suggests the snake_case key for a camelCase one', () => {
    expect(find({ telegram: { botToken: 'x' } })).toEqual([
      { path: 'telegram.botToken', message: 'Unknown config key "telegram.botToken" (did you mean "telegram.bot_token"?)' },
    ]);
  });

  it('gives no suggestion when no known key is close', () => {
    expect(find({ flux_capacitor: true })).toEqual([{ path: 'flux_capacitor', message: 'Unknown config key "flux_capacitor"' }]);
  });

  it('ignores user-chosen names in records but checks the fields inside them', () => {
    const value = {
      models: {
        providers: {
          'my-openai': { base_url: 'https://x.test', headers: { 'X-Custom': 'a' }, modles: [], models: [{ id: 'm', cots: {} }] },
        },
      },
      telegram: { accounts: { work: { bot_token: 't', dm_polcy: 'open' } } },
    };
    expect(find(value).map((warning) => warning.path)).toEqual([
      'models.providers.my-openai.modles',
      'models.providers.my-openai.models[0].cots',
      'telegram.accounts.work.dm_polcy',
    ]);
  });

  it('finds nothing in a config that uses only known keys', () => {
    expect(find({ gateway: { port: 1, trusted_proxies: ['a'] }, session: { maintenance: { mode: 'warn' } } })).toEqual([]);
  });
});

describe('resolveDidYouMean', () => {
  it('counts a swap of two letters as one edit', () => {
    expect(resolveDidYouMean('prot', ['host', 'port'])).toBe('port');
  });

  it('does not suggest a far-off key for a short one', () => {
    expect(resolveDidYouMean('id', ['api', 'mode'])).toBeUndefined();
  });
});
