// A config path that is not a small regular file, swapped in under a running gateway: the reload
// refuses it by name, the last good config keeps serving and /health keeps answering promptly.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { escapeRegExp } from '../../../src-shared/utils/common.js';
import { ConfigUpdateError, startLiveConfig } from '../../../src-main/core/config/live-config.js';
import { httpRequest, startTestGateway, TestClient, type TestGateway } from '../gateway/helpers.js';

const GOOD = 'identity:\n  name: Good\n';
// Half the 5 s a 50 MB file used to stall it for (a FIFO blocked it for good): an idle machine
// answers in milliseconds, and a loaded 2-core one still has ample room.
const HEALTH_BUDGET_MS = 2_500;

type Swap = (temp: string) => Promise<void>;

const SWAPS: Array<{ what: string; make: Swap; says: (configPath: string) => RegExp }> = [
  {
    what: 'a FIFO',
    make: async (temp) => {
      execFileSync('mkfifo', [temp]);
    },
    says: (p) => new RegExp(`^Config path ${escapeRegExp(p)} is a FIFO \\(named pipe\\), not a file; set OPENCLAW_CONFIG_PATH`),
  },
  {
    what: 'a symbolic link to /dev/zero',
    make: (temp) => symlink('/dev/zero', temp),
    says: (p) => new RegExp(`^Config path ${escapeRegExp(p)} \\(a link to /dev/zero\\) is a character device, not a file`),
  },
  {
    // Through a link: a directory cannot be renamed over a file, and deleting the file first would apply the defaults.
    what: 'a symbolic link to a directory',
    make: async (temp) => {
      await mkdir(`${temp}.d`);
      await symlink(`${temp}.d`, temp);
    },
    says: (p) => new RegExp(`^Config path ${escapeRegExp(p)} \\(a link to ${escapeRegExp(p)}\\.swap\\.d\\) is a directory, not a file; remove it`),
  },
  {
    what: 'a 50 MB file',
    // Valid YAML all the way (one comment line), so only the size can be the reason.
    make: (temp) => writeFile(temp, `# ${'x'.repeat(50 * 1024 * 1024)}\n${GOOD}`),
    says: (p) => new RegExp(`^Config file ${escapeRegExp(p)} is 52 MB; the config may be at most 1 MiB`),
  },
];

describe.skipIf(process.platform === 'win32')('a config path that is not a small regular file (mkfifo and /dev/zero are POSIX)', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  for (const swap of SWAPS) {
    it(`${swap.what} in place of the config is config.invalid naming the path; the last good config serves and /health answers promptly`, async () => {
      gateway = await startTestGateway({ config: GOOD });
      const { configPath } = gateway.state;
      const { client } = await TestClient.connect(gateway.url);
      const temp = `${configPath}.swap`;
      await swap.make(temp);
      await rename(temp, configPath);

      const event = await client.event('config.invalid', 8_000);
      expect(event.params).toMatchObject({ path: configPath, issues: [{ path: '', message: expect.stringMatching(swap.says(configPath)) }] });
      const started = Date.now();
      const health = await httpRequest(`${gateway.url}api/health`);
      expect(Date.now() - started).toBeLessThan(HEALTH_BUDGET_MS);
      expect(health.json).toMatchObject({ config_valid: false });
      const config = await httpRequest(`${gateway.url}api/config`);
      expect(config.json).toMatchObject({ config: { identity: { name: 'Good' } } });

      // Nothing is left blocked: a good file in its place is read and applied again.
      await rm(configPath, { recursive: true });
      await gateway.state.writeConfig('identity:\n  name: Better\n');
      await client.event('config.reloaded', 8_000);
      const after = await httpRequest(`${gateway.url}api/config`);
      expect(after.json).toMatchObject({ config: { identity: { name: 'Better' } } });
      client.close();
    });
  }

  it('a settings change while a FIFO is in place is refused at once naming it, instead of waiting for a writer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-config-kinds-'));
    const file = path.join(dir, 'openclaw.yaml');
    try {
      await writeFile(file, GOOD);
      const live = await startLiveConfig({ path: file, env: {}, pollIntervalMs: 200 });
      try {
        const baseHash = live.snapshot().hash;
        execFileSync('mkfifo', [`${file}.fifo`]);
        await rename(`${file}.fifo`, file);
        const refused = await live.update({ baseHash, changes: [{ path: ['identity', 'name'], value: 'Changed' }] }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ConfigUpdateError);
        expect(refused).toMatchObject({ code: 'write_failed', message: `Cannot read ${file} to update it: Config path ${file} is a FIFO (named pipe), not a file; set OPENCLAW_CONFIG_PATH to a YAML or JSON file` });
        expect(live.current().identity.name).toBe('Good');
      } finally {
        await live.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
