// The LiveConfig over a real file in a temp dir: real fs watching, real atomic writes.
import { chmod, lstat, mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import {
  ConfigUpdateError,
  startLiveConfig,
  type LiveConfig,
  type LiveConfigEvent,
  type LiveConfigListener,
  type LiveConfigOptions,
} from '../../../src-main/core/config/live-config.js';
import { GatewayStartError } from '../../../src-main/core/start-error.js';
import { waitFor } from '../gateway/helpers.js';

/** Replaces the file the way editors and our writers do (temp + rename), so the watcher never reads half a file. */
async function replaceFile(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

const STARTER = '# my gateway\ngateway:\n  port: 18800 # the usual one\nlogging:\n  level: info\n';

describe('LiveConfig', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(
    content: string | undefined,
    options: Partial<LiveConfigOptions> & { fileName?: string; subscribeFirst?: LiveConfigListener } = {},
  ): Promise<{ live: LiveConfig; events: LiveConfigEvent[]; file: string }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-live-config-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = path.join(dir, options.fileName ?? 'openclaw.yaml');
    if (content !== undefined) await writeFile(file, content);
    const live = await startLiveConfig({ path: file, env: {}, pollIntervalMs: 200, ...options });
    cleanups.push(() => live.close());
    if (options.subscribeFirst) live.subscribe(options.subscribeFirst);
    const events: LiveConfigEvent[] = [];
    live.subscribe((event) => {
      events.push(event);
    });
    return { live, events, file };
  }

  const applied = (events: LiveConfigEvent[]) => events.filter((event) => event.type === 'applied');
  const invalid = (events: LiveConfigEvent[]) => events.filter((event) => event.type === 'invalid');

  it('starts with the file in effect, its hash and no issues', async () => {
    const { live, file } = await start(STARTER);
    expect(live.current().gateway.port).toBe(18800);
    expect(live.snapshot()).toMatchObject({ path: file, loaded: true, valid: true, issues: [], hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('runs on the defaults when there is no file', async () => {
    const { live } = await start(undefined);
    expect(live.snapshot()).toMatchObject({ loaded: false, valid: true, hash: null });
    expect(live.current().gateway.port).toBe(18789);
  });

  it('an invalid file at start throws config_invalid with "Invalid config at PATH:" and each issue', async () => {
    const error = await start('gateway:\n  port: 70000\n').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GatewayStartError);
    expect(error).toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/^Invalid config at .*openclaw\.yaml:\n {2}- gateway\.port: /) });
  });

  it('a syntax error at start names line and column, never the value', async () => {
    const error = await start('gateway:\n  port: [18800\n').catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/at line \d+, column \d+/) });
  });

  it('a missing env var at start throws env_missing naming the variable', async () => {
    const error = await start('telegram:\n  bot_token: ${NO_SUCH_TOKEN}\n').catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'env_missing', message: expect.stringContaining('set NO_SUCH_TOKEN in the environment') });
  });

  it('a valid edit on disk is applied and announced with the changed sections', async () => {
    const { live, events, file } = await start(STARTER);
    await replaceFile(file, STARTER.replace('level: info', 'level: debug'));
    await waitFor(() => applied(events).length === 1, 5_000, 'the edit applied');
    expect(applied(events)[0]).toMatchObject({ changed: ['logging'], source: 'file' });
    expect(live.current().logging.level).toBe('debug');
  });

  it('an invalid edit keeps the last good config; putting the file back is announced as applied with no change', async () => {
    const { live, events, file } = await start(STARTER);
    const before = live.snapshot().hash;
    await replaceFile(file, 'gateway:\n  port: nope\n');
    await waitFor(() => invalid(events).length === 1, 5_000, 'the invalid edit announced');
    expect(invalid(events)[0]).toMatchObject({ refused: false, issues: [expect.objectContaining({ path: 'gateway.port' })] });
    expect(live.current().gateway.port).toBe(18800);
    expect(live.snapshot()).toMatchObject({ valid: false, hash: before });

    await replaceFile(file, STARTER);
    await waitFor(() => applied(events).length === 1, 5_000, 'the recovery announced');
    expect(applied(events)[0]).toMatchObject({ changed: [] });
    expect(live.snapshot()).toMatchObject({ valid: true, issues: [] });
  });

  it('a valid file that check refuses is announced as refused and not applied', async () => {
    const check = (config: OpenClawConfig) => (config.gateway.port === 1 ? [{ path: 'gateway', message: 'port 1 is not for us' }] : []);
    const { live, events, file } = await start(STARTER, { check });
    await replaceFile(file, 'gateway:\n  port: 1\n');
    await waitFor(() => invalid(events).length === 1, 5_000, 'the refusal announced');
    expect(invalid(events)[0]).toMatchObject({ refused: true, issues: [{ path: 'gateway', message: 'port 1 is not for us' }] });
    expect(live.current().gateway.port).toBe(18800);
  });

  it('a throwing subscriber does not keep the others from hearing of a change, nor stop the watch', async () => {
    const { live, file } = await start(STARTER, { subscribeFirst: () => {
      throw new Error('broken subscriber');
    } });
    const events: LiveConfigEvent[] = [];
    live.subscribe((event) => {
      events.push(event);
    });
    await replaceFile(file, STARTER.replace('18800', '18801'));
    await waitFor(() => applied(events).length === 1, 5_000, 'the first edit applied');
    await replaceFile(file, STARTER.replace('18800', '18802'));
    await waitFor(() => applied(events).length === 2, 5_000, 'the second edit applied');
    expect(live.current().gateway.port).toBe(18802);
  });

  it('update after close is refused and writes nothing', async () => {
    const { live, file } = await start(STARTER);
    const baseHash = live.snapshot().hash;
    await live.close();
    await expect(live.update({ baseHash, changes: [{ path: ['gateway', 'port'], value: 18900 }] })).rejects.toMatchObject({ code: 'write_failed' });
    expect(await readFile(file, 'utf8')).toBe(STARTER);
  });

  describe('update', () => {
    it('counts an update in flight until it is written and every subscriber has followed it, and a refused one until refused', async () => {
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const { live } = await start(STARTER, { subscribeFirst: () => held });
      expect(live.updatesInFlight()).toBe(0);
      const written = live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['gateway', 'port'], value: 18900 }] });
      const conflicting = live.update({ baseHash: 'not-the-hash', changes: [{ path: ['gateway', 'port'], value: 18901 }] });
      expect(live.updatesInFlight()).toBe(2);
      // Held by the subscriber: the write is on disk, but not yet followed.
      await waitFor(async () => (await readFile(live.snapshot().path, 'utf8')).includes('18900'), 5_000, 'the file written');
      expect(live.updatesInFlight()).toBe(2);
      release();
      await written;
      await expect(conflicting).rejects.toMatchObject({ code: 'conflict' });
      expect(live.updatesInFlight()).toBe(0);
    });

    it('sets keys keeping comments, writes 0600 and resolves once subscribers have followed', async () => {
      const { live, file } = await start(STARTER);
      await chmod(file, 0o644);
      const baseHashBefore = live.snapshot().hash;
      let followed = false;
      live.subscribe(async (event) => {
        if (event.type !== 'applied') return;
        await new Promise<void>((resolve) => setImmediate(resolve));
        followed = true;
      });
      const snapshot = await live.update({ baseHash: baseHashBefore, changes: [{ path: ['gateway', 'port'], value: 18900 }, { path: ['telegram', 'dm_policy'], value: 'open' }] });
      expect(followed).toBe(true);
      expect(snapshot.config.gateway.port).toBe(18900);
      expect(live.current().telegram.dm_policy).toBe('open');
      const text = await readFile(file, 'utf8');
      expect(text).toContain('# my gateway');
      expect(text).toContain('port: 18900 # the usual one');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(snapshot.hash).not.toBe(baseHashBefore);
    });

    it('an edit on disk since the caller read refuses with conflict and leaves the file alone', async () => {
      const { live, file } = await start(STARTER);
      const baseHash = live.snapshot().hash;
      const edited = STARTER.replace('level: info', 'level: warn');
      await replaceFile(file, edited);
      const error = await live.update({ baseHash, changes: [{ path: ['gateway', 'port'], value: 18900 }] }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ConfigUpdateError);
      expect(error).toMatchObject({ code: 'conflict', message: expect.stringContaining('changed since it was read') });
      expect(await readFile(file, 'utf8')).toBe(edited);
    });

    it('a change that would make the file invalid is refused with the issues; nothing is written or announced', async () => {
      const { live, events, file } = await start(STARTER);
      const error = await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['gateway', 'port'], value: 'high' }] }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'invalid', issues: [expect.objectContaining({ path: 'gateway.port' })] });
      expect(await readFile(file, 'utf8')).toBe(STARTER);
      await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['logging', 'level'], value: 'warn' }] });
      // The later update's event is the only one: the refused one announced nothing.
      expect(events.map((event) => event.type)).toEqual(['applied']);
    });

    it('a change check refuses is not written', async () => {
      const check = (config: OpenClawConfig) => (config.gateway.host === '0.0.0.0' ? [{ path: 'gateway', message: 'needs a token' }] : []);
      const { live, file } = await start(STARTER, { check });
      const error = await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['gateway', 'host'], value: '0.0.0.0' }] }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'invalid', issues: [{ path: 'gateway', message: 'needs a token' }] });
      expect(await readFile(file, 'utf8')).toBe(STARTER);
    });

    it('removes a key when the value is undefined', async () => {
      const { live, file } = await start(STARTER);
      await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['logging'] }] });
      expect(await readFile(file, 'utf8')).not.toContain('logging');
      expect(live.current().logging.level).toBe('info');
    });

    it('creates the file when there was none (baseHash null)', async () => {
      const { live, file } = await start(undefined);
      await live.update({ baseHash: null, changes: [{ path: ['gateway', 'port'], value: 18999 }] });
      expect(await readFile(file, 'utf8')).toBe('gateway:\n  port: 18999\n');
      expect(live.snapshot()).toMatchObject({ loaded: true, valid: true });
    });

    it('writes through a symlinked config to the file it names, keeping the link (and the .bak beside that file)', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-live-config-link-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      const real = path.join(dir, 'dotfiles', 'openclaw.yaml');
      await mkdir(path.dirname(real), { recursive: true });
      await writeFile(real, '# mine\ngateway:\n  port: 18789\n');
      const link = path.join(dir, 'openclaw.yaml');
      await symlink(real, link);
      const live = await startLiveConfig({ path: link, env: {}, pollIntervalMs: 200 });
      cleanups.push(() => live.close());
      await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['gateway', 'port'], value: 18900 }] });
      expect((await lstat(link)).isSymbolicLink()).toBe(true);
      expect(await readFile(real, 'utf8')).toBe('# mine\ngateway:\n  port: 18900\n');
      expect(await readFile(`${real}.bak`, 'utf8')).toBe('# mine\ngateway:\n  port: 18789\n');
      expect(live.current().gateway.port).toBe(18900);
    });

    it('keeps a JSON file JSON', async () => {
      const { live, file } = await start('{ "gateway": { "port": 18800 } }', { fileName: 'openclaw.json' });
      await live.update({ baseHash: live.snapshot().hash, changes: [{ path: ['gateway', 'port'], value: 18901 }] });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ gateway: { port: 18901 } });
    });

    it('refuses to edit a file that does not parse, without quoting it', async () => {
      const { live, events, file } = await start(STARTER);
      const broken = 'gateway:\n  password: [Zq7secret\n';
      await replaceFile(file, broken);
      await waitFor(() => invalid(events).length === 1, 5_000, 'the broken file announced');
      const { hash } = await live.read();
      const error = await live.update({ baseHash: hash, changes: [{ path: ['gateway', 'port'], value: 18900 }] }).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({ code: 'invalid', message: expect.stringContaining('is not valid YAML') });
      expect((error as Error).message).not.toContain('Zq7secret');
      expect(await readFile(file, 'utf8')).toBe(broken);
    });

    it('two updates from the same view: the second is refused as a conflict', async () => {
      const { live } = await start(STARTER);
      const baseHash = live.snapshot().hash;
      const results = await Promise.allSettled([
        live.update({ baseHash, changes: [{ path: ['gateway', 'port'], value: 18901 }] }),
        live.update({ baseHash, changes: [{ path: ['gateway', 'port'], value: 18902 }] }),
      ]);
      expect(results[0]?.status).toBe('fulfilled');
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
      expect(live.current().gateway.port).toBe(18901);
    });
  });
});
