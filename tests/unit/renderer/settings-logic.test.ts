import { describe, expect, it } from 'vitest';
import { GatewayRequestError } from '../../../src-shared/client/errors.js';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { applyConfigEdits, checkConfigText, checkConfigValue } from '../../../src-renderer/features/settings/config-check.js';
import { resolveChange, resolveChangesBody } from '../../../src-renderer/features/settings/config-draft.js';
import { resolveConfigField, resolveKeyLabel } from '../../../src-renderer/features/settings/config-fields.js';
import { createConfigReader } from '../../../src-renderer/features/settings/config-reader.js';
import { resolveSaveFailure, selectIssues } from '../../../src-renderer/features/settings/config-save.js';
import { GATEWAY_TOKEN_BYTES, createGatewayToken } from '../../../src-renderer/features/settings/gateway-token.js';
import { readSavedProvider, resolveProviderRemoval, resolveProviderWrite } from '../../../src-renderer/features/settings/provider-write.js';

describe('labels and help from the schema', () => {
  it('reads the description and the enum options of a key, through records and defaults', () => {
    expect(resolveConfigField('telegram.dm_policy')).toEqual({
      label: 'DM policy',
      help: 'Who may talk to the bot in a direct chat',
      options: ['pairing', 'allowlist', 'open', 'disabled'],
    });
    expect(resolveConfigField('models.providers.anything.api_key')?.help).toBe('API key; sent to this provider only');
    expect(resolveConfigField('telegram.accounts.work.group_policy')?.options).toEqual(['open', 'disabled', 'allowlist']);
    expect(resolveConfigField('gateway.allowed_origins')?.label).toBe('Allowed origins');
  });

  it('knows no field the schema does not have', () => {
    expect(resolveConfigField('gateway.colour')).toBeUndefined();
  });

  it('spells abbreviations in labels', () => {
    expect(resolveKeyLabel('api_root')).toBe('API root');
    expect(resolveKeyLabel('base_url')).toBe('Base URL');
  });
});

describe('checking the raw text', () => {
  it('accepts a valid file, comments and ${VAR} references included', () => {
    expect(checkConfigText('# mine\ngateway:\n  port: ${PORT}\n  host: 127.0.0.1\n')).toEqual([]);
  });

  it('accepts what the gateway accepts: numbers and yes/no as text, enums in any case, an emptied section', () => {
    expect(checkConfigText('gateway:\n  port: "18790"\ntelegram:\n  enabled: "yes"\n  dm_policy: Pairing\nlogging:\n')).toEqual([]);
  });

  it('places a YAML syntax error by line and column', () => {
    expect(checkConfigText('logging:\n  level: info\ngateway:\n\tport: 1\n')).toEqual([
      { path: '', message: 'Tabs are not allowed as indentation', line: 4, column: 1 },
    ]);
  });

  it('names the key path and line of a schema problem', () => {
    expect(checkConfigText('logging:\n  level: info\ngateway:\n  host: 127.0.0.1\n  port: 70000\n')).toEqual([
      { path: 'gateway.port', message: 'must be between 1 and 65535', line: 5, column: 3 },
    ]);
  });

  it('names a problem inside a list with its index', () => {
    const issues = checkConfigText('models:\n  providers:\n    x:\n      base_url: http://127.0.0.1/v1\n      models:\n        - id: ""\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'models.providers.x.models[0].id', line: 6 });
  });

  it('refuses a file that is not a mapping', () => {
    expect(checkConfigText('- a\n- b\n')).toEqual([{ path: '', message: expect.stringContaining('mapping'), line: 1, column: 1 }]);
  });

  it('treats an empty file and an emptied section as no settings', () => {
    expect(checkConfigText('')).toEqual([]);
    expect(checkConfigText('gateway:\n  # port: 1\n')).toEqual([]);
  });
});

describe('form edits', () => {
  const snapshot = {
    config: null,
    parsed: { gateway: { host: '${HOST}', token: REDACTED_VALUE }, telegram: { dm_policy: 'open' } },
    env_refs: ['gateway.host'],
  };
  const reader = createConfigReader(snapshot);

  it('reads the file, then the defaults, and says what is set and what is a reference', () => {
    expect(reader.get('telegram.dm_policy')).toBe('open');
    expect(reader.get('telegram.group_policy')).toBe('allowlist');
    expect(reader.isSet('gateway.token')).toBe(true);
    expect(reader.isSet('gateway.password')).toBe(false);
    expect(reader.isEnvRef('gateway.host')).toBe(true);
    expect(reader.fileValue('gateway.host')).toBe('${HOST}');
  });

  it('records only real changes and writes set and unset', () => {
    let changes = resolveChange({}, reader, 'telegram.dm_policy', 'pairing');
    changes = resolveChange(changes, reader, 'telegram.group_policy', 'allowlist');
    changes = resolveChange(changes, reader, 'gateway.token', undefined);
    expect(changes).toEqual({ 'telegram.dm_policy': 'pairing', 'gateway.token': undefined });
    expect(resolveChangesBody(changes)).toEqual({ set: { 'telegram.dm_policy': 'pairing' }, unset: ['gateway.token'] });
    expect(resolveChangesBody(resolveChange(changes, reader, 'telegram.dm_policy', 'open'))).toEqual({ unset: ['gateway.token'] });
    expect(resolveChangesBody({})).toBeNull();
  });

  it('applies edits to a copy, creating sections, and validates the result', () => {
    const edited = applyConfigEdits(snapshot.parsed, { set: { 'gateway.port': 0, 'models.providers.x.base_url': 'http://h/v1' }, unset: ['gateway.token'] });
    expect(edited).toEqual({
      gateway: { host: '${HOST}', port: 0 },
      telegram: { dm_policy: 'open' },
      models: { providers: { x: { base_url: 'http://h/v1' } } },
    });
    expect(snapshot.parsed.gateway.token).toBe(REDACTED_VALUE);
    expect(checkConfigValue(edited)).toEqual([{ path: 'gateway.port', message: 'must be between 1 and 65535' }]);
  });
});

describe('provider writes', () => {
  const parsed = {
    models: {
      default: 'fake/m1',
      providers: { fake: { base_url: 'http://127.0.0.1:9/v1', api_key: REDACTED_VALUE, models: [{ id: 'm1', cost: { input: 3, output: 15 } }] } },
    },
  };
  const saved = readSavedProvider(createConfigReader({ config: null, parsed, env_refs: [] }), 'fake');

  it('reads a saved provider without its key', () => {
    expect(saved).toEqual({
      id: 'fake',
      baseUrl: 'http://127.0.0.1:9/v1',
      api: 'openai-completions',
      keySet: true,
      keyFromEnv: false,
      modelEntries: [{ id: 'm1', cost: { input: 3, output: 15 } }],
      modelIds: ['m1'],
    });
  });

  it('writes every field of a new provider and makes its model the default', () => {
    expect(
      resolveProviderWrite(
        { id: 'openai', baseUrl: 'https://api.openai.com/v1', api: 'openai-completions', apiKey: 'sk-1', modelIds: ['gpt-4o-mini'], defaultModel: 'gpt-4o-mini' },
        null,
        null,
      ),
    ).toEqual({
      set: {
        'models.providers.openai.base_url': 'https://api.openai.com/v1',
        'models.providers.openai.api': 'openai-completions',
        'models.providers.openai.api_key': 'sk-1',
        'models.providers.openai.models': [{ id: 'gpt-4o-mini' }],
        'models.default': 'openai/gpt-4o-mini',
      },
    });
  });

  it('writes only what changed of a saved provider and keeps its model entries whole', () => {
    const body = resolveProviderWrite({ ...saved, apiKey: null, modelIds: ['m1', 'm2'], defaultModel: 'm1' }, saved, 'fake/m1');
    expect(body).toEqual({ set: { 'models.providers.fake.models': [{ id: 'm1', cost: { input: 3, output: 15 } }, { id: 'm2' }] } });
    expect(resolveProviderWrite({ ...saved, apiKey: null, defaultModel: null }, saved, 'fake/m1')).toBeNull();
  });

  it('removes the default model with its provider', () => {
    expect(resolveProviderRemoval('fake', 'fake/m1')).toEqual({ unset: ['models.providers.fake', 'models.default'] });
    expect(resolveProviderRemoval('other', 'fake/m1')).toEqual({ unset: ['models.providers.other'] });
  });
});

describe('save failures', () => {
  it('turns a stale hash into the conflict message', () => {
    const failure = resolveSaveFailure(new GatewayRequestError('changed since it was read', 'conflict'));
    expect(failure.kind).toBe('conflict');
    expect(failure.message).toMatch(/changed on disk.*Reload/);
  });

  it('keeps the issues of a refused write for the fields', () => {
    const issues = [{ path: 'gateway.port', message: 'must be between 1 and 65535' }, { path: 'gateway.portal', message: 'x' }];
    const failure = resolveSaveFailure(new GatewayRequestError('Invalid config', 'invalid_params', { issues }));
    expect(failure).toEqual({ kind: 'invalid', message: 'Invalid config', issues });
    expect(selectIssues(failure.issues, 'gateway.port')).toEqual([issues[0]]);
  });

  it('passes on any other failure in the gateway words', () => {
    expect(resolveSaveFailure(new GatewayRequestError('Origin not allowed', 'forbidden'))).toEqual({ kind: 'other', message: 'Origin not allowed', issues: [] });
    expect(resolveSaveFailure(new Error('boom'))).toEqual({ kind: 'other', message: 'boom', issues: [] });
  });
});

describe('gateway tokens', () => {
  it('makes 43 base64url characters from 32 random bytes', () => {
    let asked = 0;
    const token = createGatewayToken((bytes) => {
      asked = bytes.length;
      return bytes.fill(0xfb);
    });
    expect(asked).toBe(GATEWAY_TOKEN_BYTES);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith('-_v7')).toBe(true);
  });

  it('differs each time with real randomness', () => {
    const random = (bytes: Uint8Array<ArrayBuffer>) => crypto.getRandomValues(bytes);
    expect(createGatewayToken(random)).not.toBe(createGatewayToken(random));
  });
});
