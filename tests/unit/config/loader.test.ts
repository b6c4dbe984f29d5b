import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src-main/core/config/defaults.js';
import { MissingEnvVarError } from '../../../src-main/core/config/env-substitution.js';
import { ConfigLoadError, ConfigParseError, ConfigValidationError } from '../../../src-main/core/config/errors.js';
import { loadConfigFile, loadConfigSync } from '../../../src-main/core/config/loader.js';
import { useTempDirs } from './temp-dir.js';

const makeTempDir = useTempDirs();

async function writeConfig(name: string, content: string): Promise<string> {
  const file = path.join(await makeTempDir(), name);
  await writeFile(file, content);
  return file;
}

async function loadError(file: string, env = {}): Promise<unknown> {
  return loadConfigFile(file, env).then(
    () => {
      throw new Error('expected loadConfigFile to fail');
    },
    (error: unknown) => error,
  );
}

describe('loadConfigFile', () => {
  it('returns the defaults when the file does not exist', async () => {
    const file = path.join(await makeTempDir(), 'openclaw.yaml');
    expect(await loadConfigFile(file)).toEqual(applyDefaults());
    expect((await loadConfigFile(file)).gateway).toMatchObject({ host: '127.0.0.1', port: 18789 });
  });

  it('returns the defaults for an empty file', async () => {
    expect(await loadConfigFile(await writeConfig('openclaw.yaml', ''))).toEqual(applyDefaults());
  });

  it('loads YAML values and fills in the rest from defaults', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  port: 18800\nlogging:\n  level: debug\n');
    const config = await loadConfigFile(file);
    expect(config.gateway.port).toBe(18800);
    expect(config.gateway.host).toBe('127.0.0.1');
    expect(config.logging).toMatchObject({ level: 'debug', console_style: 'pretty' });
  });

  it('loads a .json file as JSON', async () => {
    const file = await writeConfig('openclaw.json', '{"telegram": {"enabled": true, "bot_token": "123:abc"}}');
    expect((await loadConfigFile(file)).telegram).toMatchObject({ enabled: true, bot_token: '123:abc', dm_policy: 'pairing' });
  });

  it('finds the config from the env when no path is given, preferring YAML over JSON', async () => {
    const state = await makeTempDir();
    await writeFile(path.join(state, 'openclaw.yaml'), 'gateway:\n  port: 1111\n');
    await writeFile(path.join(state, 'openclaw.json'), '{"gateway": {"port": 2222}}');
    expect((await loadConfigFile(undefined, { OPENCLAW_STATE_DIR: state })).gateway.port).toBe(1111);
  });

  it('expands ~ in the path against OPENCLAW_HOME', async () => {
    const home = await makeTempDir();
    await writeFile(path.join(home, 'my.yaml'), 'identity:\n  name: Claw\n');
    expect((await loadConfigFile('~/my.yaml', { OPENCLAW_HOME: home })).identity.name).toBe('Claw');
  });

  it('substitutes ${VAR} from the env argument', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  token: ${GW_TOKEN}\n');
    expect((await loadConfigFile(file, { GW_TOKEN: 's3cret' })).gateway.token).toBe('s3cret');
  });

  it('rejects a wrong enum value naming logging.level and leaves the file untouched', async () => {
    const content = 'logging:\n  level: verbose\n';
    const file = await writeConfig('openclaw.yaml', content);
    const error = await loadError(file);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).message).toBe(
      `Invalid config at ${file}:\n  - logging.level: must be one of "silent", "fatal", "error", "warn", "info", "debug", "trace" (got "verbose")`,
    );
    expect((error as ConfigValidationError).issues.map((issue) => issue.path)).toEqual(['logging.level']);
    expect(await readFile(file, 'utf8')).toBe(content);
  });

  it.each([0, 70000])('rejects gateway.port %i', async (port) => {
    const file = await writeConfig('openclaw.yaml', `gateway:\n  port: ${port}\n`);
    const error = await loadError(file);
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as Error).message).toBe(`Invalid config at ${file}:\n  - gateway.port: must be between 1 and 65535`);
  });

  it('lists every invalid value, not just the first', async () => {
    const file = await writeConfig('openclaw.json', '{"gateway": {"port": "http", "enabled": 3}, "telegram": {"text_chunk_limit": 5000}}');
    const error = (await loadError(file)) as ConfigValidationError;
    expect(error.issues).toEqual([
      { path: 'telegram.text_chunk_limit', message: 'must be at most 4096' },
      { path: 'gateway.enabled', message: 'must be true or false (got a number)' },
      { path: 'gateway.port', message: 'must be a number (got a string)' },
    ]);
  });

  it('never echoes the value of a mistyped field, which may be a secret', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  token: 987654321\n');
    const error = (await loadError(file)) as ConfigValidationError;
    expect(error.message).toBe(`Invalid config at ${file}:\n  - gateway.token: must be a string (got a number)`);
  });

  it('rejects a top-level list as a parse error', async () => {
    const file = await writeConfig('openclaw.yaml', '- gateway\n- telegram\n');
    const error = await loadError(file);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect((error as Error).message).toBe(
      `Failed to parse ${file} at line 1, column 1: Expected a mapping at the top of the config, got a list; start with sections such as "gateway:" and "telegram:"`,
    );
  });

  it('throws ConfigParseError with line and column for invalid YAML', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  port: 1\n\tbad: x\n');
    const error = await loadError(file);
    expect(error).toBeInstanceOf(ConfigParseError);
    expect(error).toBeInstanceOf(ConfigLoadError);
    expect((error as Error).message).toBe(`Failed to parse ${file} at line 3, column 1: a tab is used for indentation; indent with spaces`);
  });

  it('propagates a missing env var as MissingEnvVarError with the key path and the file', async () => {
    const file = await writeConfig('openclaw.yaml', 'telegram:\n  bot_token: ${TELEGRAM_BOT_TOKEN}\n');
    const error = await loadError(file, { TELEGRAM_BOT_TOKEN: '' });
    expect(error).toBeInstanceOf(MissingEnvVarError);
    expect(error).toMatchObject({
      message: 'Missing env var "TELEGRAM_BOT_TOKEN" referenced at config path: telegram.bot_token',
      varName: 'TELEGRAM_BOT_TOKEN',
      configPath: 'telegram.bot_token',
      filePath: file,
    });
  });

  it('still loads when a key is unknown, dropping it', async () => {
    const file = await writeConfig('openclaw.yaml', 'gatway:\n  port: 1\ngateway:\n  port: 2000\n');
    const config = await loadConfigFile(file);
    expect(config.gateway.port).toBe(2000);
    expect(config).not.toHaveProperty('gatway');
  });

  it('explains a directory where the config file should be', async () => {
    const dir = path.join(await makeTempDir(), 'openclaw.yaml');
    await mkdir(dir);
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(ConfigLoadError);
    expect((error as Error).message).toBe(
      `Config path ${dir} is a directory, not a file; remove it or set OPENCLAW_CONFIG_PATH to a YAML or JSON file`,
    );
  });
});

describe('loadConfigSync', () => {
  it('returns the same config as loadConfigFile', async () => {
    const file = await writeConfig('openclaw.yaml', 'session:\n  dm_scope: per-peer\ntelegram:\n  bot_token: ${TG}\n');
    expect(loadConfigSync(file, { TG: 't' })).toEqual(await loadConfigFile(file, { TG: 't' }));
  });

  it('throws the same validation error as loadConfigFile', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  port: 0\n');
    expect(() => loadConfigSync(file)).toThrow(`Invalid config at ${file}:\n  - gateway.port: must be between 1 and 65535`);
  });
});

describe('normalization', () => {
  it('treats an empty YAML section as unset', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n#  port: 1\ntelegram:\n  bot_token:\n');
    const config = await loadConfigFile(file);
    expect(config.gateway.port).toBe(18789);
    expect(config.telegram.bot_token).toBeUndefined();
  });

  it('turns a numeric string from ${VAR} into a number where a number is expected', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  port: ${PORT}\n');
    expect((await loadConfigFile(file, { PORT: '18888' })).gateway.port).toBe(18888);
  });

  it('keeps a non-numeric string where a number is expected as an error', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway:\n  port: ${PORT}\n');
    const error = (await loadError(file, { PORT: '18888x' })) as ConfigValidationError;
    expect(error.issues).toEqual([{ path: 'gateway.port', message: 'must be a number (got a string)' }]);
  });

  it('accepts true/false/yes/no/on/off strings where a boolean is expected', async () => {
    const file = await writeConfig('openclaw.yaml', 'telegram:\n  enabled: ${ON}\n  require_mention: "no"\ngateway:\n  enabled: Off\n');
    const config = await loadConfigFile(file, { ON: 'TRUE' });
    expect([config.telegram.enabled, config.telegram.require_mention, config.gateway.enabled]).toEqual([true, false, false]);
  });

  it('matches enum values regardless of case', async () => {
    const file = await writeConfig('openclaw.yaml', 'logging:\n  level: INFO\ntelegram:\n  accounts:\n    work:\n      dm_policy: Open\n');
    const config = await loadConfigFile(file);
    expect(config.logging.level).toBe('info');
    expect(config.telegram.accounts?.work?.dm_policy).toBe('open');
  });
});
