import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureStateDir,
  expandHomePrefix,
  resolveConfigPath,
  resolveHomeDir,
  resolveStateDir,
} from '../../../src-main/core/config/paths.js';
import { useTempDirs } from './temp-dir.js';

const makeTempDir = useTempDirs();

describe('resolveHomeDir', () => {
  it('uses HOME when OPENCLAW_HOME is unset', () => {
    expect(resolveHomeDir({ HOME: '/home/ada' })).toBe(path.resolve('/home/ada'));
  });

  it('prefers OPENCLAW_HOME and expands its leading ~ against the OS home', () => {
    expect(resolveHomeDir({ HOME: '/home/ada', OPENCLAW_HOME: '~/claw' })).toBe(path.resolve('/home/ada/claw'));
  });
});

describe('expandHomePrefix', () => {
  it('expands ~ against OPENCLAW_HOME and leaves absolute paths alone', () => {
    const env = { HOME: '/home/ada', OPENCLAW_HOME: '/srv/claw' };
    expect(expandHomePrefix('~/x.yaml', env)).toBe(path.resolve('/srv/claw/x.yaml'));
    expect(expandHomePrefix('/etc/x.yaml', env)).toBe(path.resolve('/etc/x.yaml'));
  });
});

describe('resolveStateDir', () => {
  it('defaults to <home>/.openclaw', () => {
    expect(resolveStateDir({ HOME: '/home/ada' })).toBe(path.resolve('/home/ada/.openclaw'));
  });

  it('honours OPENCLAW_STATE_DIR with ~ expanded', () => {
    expect(resolveStateDir({ HOME: '/home/ada', OPENCLAW_STATE_DIR: '~/state' })).toBe(path.resolve('/home/ada/state'));
  });
});

describe('resolveConfigPath', () => {
  it('prefers OPENCLAW_CONFIG_PATH over its alias OPENCLAW_CONFIG', () => {
    const env = { HOME: '/home/ada', OPENCLAW_CONFIG_PATH: '/a/one.yaml', OPENCLAW_CONFIG: '/a/two.yaml' };
    expect(resolveConfigPath(env)).toBe(path.resolve('/a/one.yaml'));
  });

  it('accepts the alias OPENCLAW_CONFIG with ~ expanded', () => {
    expect(resolveConfigPath({ HOME: '/home/ada', OPENCLAW_CONFIG: '~/c.json' })).toBe(path.resolve('/home/ada/c.json'));
  });

  it('points at openclaw.yaml when neither file exists', async () => {
    const state = await makeTempDir();
    expect(resolveConfigPath({ OPENCLAW_STATE_DIR: state })).toBe(path.join(state, 'openclaw.yaml'));
  });

  it('falls back to openclaw.json when only that file exists', async () => {
    const state = await makeTempDir();
    await writeFile(path.join(state, 'openclaw.json'), '{}');
    expect(resolveConfigPath({ OPENCLAW_STATE_DIR: state })).toBe(path.join(state, 'openclaw.json'));
  });

  it('prefers openclaw.yaml when both files exist', async () => {
    const state = await makeTempDir();
    await writeFile(path.join(state, 'openclaw.json'), '{}');
    await writeFile(path.join(state, 'openclaw.yaml'), '{}');
    expect(resolveConfigPath({ OPENCLAW_STATE_DIR: state })).toBe(path.join(state, 'openclaw.yaml'));
  });
});

describe('ensureStateDir', () => {
  it('creates the missing state dir, private to the user, and returns it', async () => {
    const root = await makeTempDir();
    const state = path.join(root, 'nested', '.openclaw');
    expect(await ensureStateDir({ OPENCLAW_STATE_DIR: state })).toBe(state);
    const info = await stat(state);
    expect(info.isDirectory()).toBe(true);
    if (process.platform !== 'win32') expect(info.mode & 0o777).toBe(0o700);
  });

  it.skipIf(process.platform === 'win32')('narrows an existing state dir that others can read to 0700', async () => {
    const state = path.join(await makeTempDir(), '.openclaw');
    await mkdir(state, { mode: 0o755 });
    await chmod(state, 0o755);
    await ensureStateDir({ OPENCLAW_STATE_DIR: state });
    expect((await stat(state)).mode & 0o777).toBe(0o700);
  });
});
