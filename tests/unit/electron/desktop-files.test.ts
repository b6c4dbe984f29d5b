import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import {
  ensureConfigFile,
  resolveDesktopFiles,
  resolveStartOnLaunch,
  STARTER_CONFIG_YAML,
} from '../../../src-main/electron/desktop-files.js';

describe('desktop files', () => {
  let stateDir: string;
  let env: Record<string, string>;
  let configPath: string;

  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-desktop-files-'));
    env = { HOME: stateDir, OPENCLAW_STATE_DIR: stateDir };
    configPath = path.join(stateDir, 'openclaw.yaml');
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  const snapshot = () => readConfigFileSnapshot(configPath, env);

  describe('resolveStartOnLaunch', () => {
    it('starts the gateway at launch when there is no config file', async () => {
      expect(resolveStartOnLaunch(await snapshot())).toBe(true);
    });

    it('waits for Start when desktop.start_gateway_on_launch is false', async () => {
      await writeFile(configPath, 'desktop:\n  start_gateway_on_launch: false\n');
      expect(resolveStartOnLaunch(await snapshot())).toBe(false);
    });

    it('still starts with an invalid config, so the tray can show why it fails', async () => {
      await writeFile(configPath, 'desktop:\n  start_gateway_on_launch: false\ngateway:\n  port: "x"\n');
      expect(resolveStartOnLaunch(await snapshot())).toBe(true);
    });
  });

  describe('resolveDesktopFiles', () => {
    it('uses <state>/openclaw.yaml and <state>/logs by default', async () => {
      expect(resolveDesktopFiles(await snapshot(), env)).toEqual({
        configPath,
        logFile: path.join(stateDir, 'logs', 'openclaw.log'),
        logsDir: path.join(stateDir, 'logs'),
      });
    });

    it('follows logging.file from the config', async () => {
      await writeFile(configPath, 'logging:\n  file: ~/elsewhere/gateway.log\n');
      const files = resolveDesktopFiles(await snapshot(), env);
      expect(files.logsDir).toBe(path.join(stateDir, 'elsewhere'));
    });
  });

  describe('ensureConfigFile', () => {
    it('creates a commented starter config that loads as the defaults', async () => {
      expect(await ensureConfigFile(configPath)).toBe(true);
      expect(await readFile(configPath, 'utf8')).toBe(STARTER_CONFIG_YAML);
      const loaded = await snapshot();
      expect(loaded.issues).toEqual([]);
      expect(loaded.valid).toBe(true);
      expect(loaded.config?.gateway.port).toBe(18789);
    });

    it('creates it readable by the owner only, in a folder it creates', async () => {
      const nested = path.join(stateDir, 'new-state', 'openclaw.yaml');
      await ensureConfigFile(nested);
      if (process.platform !== 'win32') expect((await stat(nested)).mode & 0o777).toBe(0o600);
    });

    it('writes {} for a .json config path', async () => {
      const jsonPath = path.join(stateDir, 'openclaw.json');
      await ensureConfigFile(jsonPath);
      expect(await readFile(jsonPath, 'utf8')).toBe('{}\n');
    });

    it('never overwrites an existing config', async () => {
      await writeFile(configPath, 'gateway:\n  port: 19000\n');
      expect(await ensureConfigFile(configPath)).toBe(false);
      expect(await readFile(configPath, 'utf8')).toBe('gateway:\n  port: 19000\n');
    });

    it('names the file when it cannot be created', async () => {
      const blocked = path.join(stateDir, 'a-file');
      await writeFile(blocked, 'not a folder');
      const target = path.join(blocked, 'openclaw.yaml');
      await expect(ensureConfigFile(target)).rejects.toThrow(`Could not create the config file ${target}: `);
      expect(await readFile(blocked, 'utf8')).toBe('not a folder');
    });
  });
});
