// The update checks end to end without Electron: the real feed reader against a local server
// serving a latest-linux.yml made here, and an installer standing in for electron-updater (the
// edge: it needs a packaged Electron app) that reports progress the way electron-updater does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Timers } from '../../../src-shared/client/ws-connection.js';
import type { UpdateState } from '../../../src-shared/desktop-update.js';
import { readUpdateFeed } from '../../../src-main/core/update/update-feed.js';
import type { UpdateSettings } from '../../../src-main/electron/update-policy.js';
import { startUpdater, type UpdateInstaller, type UpdaterHandle } from '../../../src-main/electron/updater.js';
import { waitFor } from '../gateway/helpers.js';

const feedFor = (version: string) => `version: ${version}
files:
  - url: OpenClaw-Desktop-${version}.AppImage
    sha512: 3Jx4mVb0Tq0F4s3lW3kq1w==
    size: 91234567
`;

function createInstaller(options: { fail?: string } = {}) {
  const downloads: { url: string; channel: string }[] = [];
  let version = '0.2.0';
  const installer: UpdateInstaller = {
    async download({ url, channel, onProgress }) {
      downloads.push({ url, channel });
      if (options.fail) throw new Error(options.fail);
      for (const percent of [12.5, 50, 100]) onProgress(percent);
      return { version };
    },
    installNow: () => undefined,
  };
  return { installer, downloads, setVersion: (next: string) => void (version = next) };
}

describe('update checks', () => {
  const servers: http.Server[] = [];
  const updaters: UpdaterHandle[] = [];
  afterEach(async () => {
    await Promise.all(updaters.splice(0).map((updater) => updater.close()));
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** Every feed request, by path. */
  const feedRequests: string[] = [];
  afterEach(() => {
    feedRequests.splice(0);
  });

  async function serve(files: Record<string, string>): Promise<string> {
    const server = http.createServer((req, res) => {
      feedRequests.push(req.url ?? '');
      const body = files[(req.url ?? '').replace(/^\/feed\//, '')];
      res.statusCode = body === undefined ? 404 : 200;
      res.end(body ?? 'not found');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
  }

  function start(options: { settings: UpdateSettings | (() => UpdateSettings); installer?: UpdateInstaller; currentVersion?: string; timers?: Timers }) {
    const states: UpdateState[] = [];
    const { settings } = options;
    const updater = startUpdater({
      currentVersion: options.currentVersion ?? '0.1.0',
      settings: async () => (typeof settings === 'function' ? settings() : settings),
      readFeed: (settings) => readUpdateFeed({ baseUrl: settings.url, channel: settings.channel, platform: 'linux', arch: 'x64' }),
      ...(options.installer ? { installer: options.installer } : {}),
      now: Date.now,
      onState: (state) => states.push(state),
      log: { info: () => undefined, warn: () => undefined },
      ...(options.timers ? { timers: options.timers } : {}),
    });
    updaters.push(updater);
    return { updater, states };
  }

  it('checks at launch, downloads a newer version with progress, and ends ready to install on quit', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.2.0') });
    const { installer, downloads } = createInstaller();
    const { updater, states } = start({ settings: { enabled: true, url, channel: 'stable', auto: true }, installer });
    await waitFor(() => updater.state().state === 'ready');
    expect(states).toEqual([
      { state: 'checking' },
      { state: 'downloading', version: '0.2.0', percent: 0 },
      { state: 'downloading', version: '0.2.0', percent: 12.5 },
      { state: 'downloading', version: '0.2.0', percent: 50 },
      { state: 'downloading', version: '0.2.0', percent: 100 },
      { state: 'ready', version: '0.2.0' },
    ]);
    expect(downloads).toEqual([{ url, channel: 'stable' }]);
  });

  it('does not download the same version again on the next check', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.2.0') });
    const { installer, downloads } = createInstaller();
    const { updater } = start({ settings: { enabled: true, url, channel: 'stable', auto: true }, installer });
    await waitFor(() => updater.state().state === 'ready');
    await expect(updater.checkNow()).resolves.toEqual({ state: 'ready', version: '0.2.0' });
    expect(downloads).toHaveLength(1);
  });

  it('says up to date when the feed has nothing newer, and downloads nothing', async () => {
    const url = await serve({ 'beta-linux.yml': feedFor('0.1.0') });
    const { installer, downloads } = createInstaller();
    const { updater } = start({ settings: { enabled: true, url, channel: 'beta', auto: true }, installer });
    await waitFor(() => updater.state().state === 'up_to_date');
    expect(downloads).toEqual([]);
  });

  it('ends as available without an installer (a development build)', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.2.0') });
    const { updater } = start({ settings: { enabled: true, url, channel: 'stable', auto: true } });
    await waitFor(() => updater.state().state === 'available');
    expect(updater.state()).toEqual({ state: 'available', version: '0.2.0' });
  });

  it('a failed download is the failed state with the reason', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.2.0') });
    const { installer } = createInstaller({ fail: 'sha512 checksum mismatch' });
    const { updater } = start({ settings: { enabled: true, url, channel: 'stable', auto: true }, installer });
    await waitFor(() => updater.state().state === 'failed');
    expect(updater.state()).toEqual({ state: 'failed', reason: 'sha512 checksum mismatch' });
  });

  it('a feed that is not there is the failed state naming the URL, and nothing is downloaded', async () => {
    const url = await serve({});
    const { installer, downloads } = createInstaller();
    const { updater } = start({ settings: { enabled: true, url, channel: 'stable', auto: true }, installer });
    await waitFor(() => updater.state().state === 'failed');
    expect(updater.state()).toMatchObject({ state: 'failed', reason: expect.stringContaining(`${url}/latest-linux.yml answered HTTP 404`) });
    expect(downloads).toEqual([]);
  });

  it('with desktop.update.auto off, checks only when asked', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.2.0') });
    const { installer } = createInstaller();
    const timers = recordTimers();
    const { updater } = start({ settings: { enabled: true, url, channel: 'stable', auto: false }, installer, timers });
    // The manual check is the later positive marker: the launch's planning (which reads the settings
    // first) is done by the time it has answered, and it planned no check of its own.
    await expect(updater.checkNow()).resolves.toEqual({ state: 'ready', version: '0.2.0' });
    expect(timers.pending()).toEqual([]);
    expect(feedRequests).toEqual(['/feed/latest-linux.yml']);
  });

  it('with desktop.update.auto on, plans a check at launch', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.1.0') });
    const timers = recordTimers();
    const { updater } = start({ settings: { enabled: true, url, channel: 'stable', auto: true }, timers });
    await expect(updater.checkNow()).resolves.toMatchObject({ state: 'up_to_date' });
    expect(timers.pending()).toEqual([0]);
  });

  it('turning desktop.update.auto on checks at once when rescheduled, and turning it off again plans nothing', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.2.0') });
    let auto = false;
    const timers = recordTimers();
    const { updater } = start({ settings: () => ({ enabled: true, url, channel: 'stable', auto }), timers });
    await updater.reschedule();
    expect(timers.pending()).toEqual([]);
    auto = true;
    await updater.reschedule();
    expect(timers.pending()).toEqual([0]);
    timers.fire();
    await waitFor(() => updater.state().state === 'available');
    // The check planned the next one, 4 hours on.
    await waitFor(() => timers.pending().length === 1);
    expect(timers.pending()[0]).toBeGreaterThan(4 * 60 * 60 * 1000 - 60_000);
    auto = false;
    await updater.reschedule();
    expect(timers.pending()).toEqual([]);
    expect(feedRequests).toEqual(['/feed/latest-linux.yml']);
  });

  it('a feed set after launch (desktop.update.url) ends the disabled state when rescheduled', async () => {
    const url = await serve({ 'latest-linux.yml': feedFor('0.1.0') });
    let settings: UpdateSettings = { enabled: false, reason: 'this is a development build (set desktop.update.url to test a feed)' };
    const { updater } = start({ settings: () => settings });
    await waitFor(() => updater.state().state === 'disabled');
    settings = { enabled: true, url, channel: 'stable', auto: true };
    await updater.reschedule();
    await waitFor(() => updater.state().state === 'up_to_date');
  });

  it('is disabled with the reason when there is no feed', async () => {
    const { updater } = start({ settings: { enabled: false, reason: 'this is a development build (set desktop.update.url to test a feed)' } });
    await waitFor(() => updater.state().state === 'disabled');
    expect(updater.state()).toEqual({ state: 'disabled', reason: 'this is a development build (set desktop.update.url to test a feed)' });
  });

  it('shows a reported state (a failed start after an update) until the next check', async () => {
    const { updater, states } = start({ settings: { enabled: false, reason: 'paused' } });
    await waitFor(() => updater.state().state === 'disabled');
    updater.report({ state: 'disabled', reason: 'Updated from 0.1.0 to 0.2.0, but the gateway did not start: boom.' });
    expect(states.at(-1)).toEqual({ state: 'disabled', reason: 'Updated from 0.1.0 to 0.2.0, but the gateway did not start: boom.' });
  });
});

describe('update checks after a download', () => {
  it('a later check that fails keeps the downloaded update ready', async () => {
    let feed: string | undefined = feedFor('0.2.0');
    const server = http.createServer((_req, res) => {
      res.statusCode = feed === undefined ? 503 : 200;
      res.end(feed ?? 'down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
    const { installer } = createInstaller();
    const updater = startUpdater({
      currentVersion: '0.1.0',
      settings: async () => ({ enabled: true, url, channel: 'stable', auto: false }),
      readFeed: (settings) => readUpdateFeed({ baseUrl: settings.url, channel: settings.channel, platform: 'linux', arch: 'x64' }),
      installer,
      now: Date.now,
      onState: () => undefined,
      log: { info: () => undefined, warn: () => undefined },
    });
    try {
      await expect(updater.checkNow()).resolves.toEqual({ state: 'ready', version: '0.2.0' });
      feed = undefined;
      await expect(updater.checkNow()).resolves.toEqual({ state: 'ready', version: '0.2.0' });
    } finally {
      await updater.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** Timers that only record what is planned (the delay of each pending one) until fire() runs them. */
function recordTimers(): Timers & { pending(): number[]; fire(): void } {
  const planned = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    setTimeout(callback, ms) {
      const handle = next++;
      planned.set(handle, { callback, ms });
      return handle;
    },
    clearTimeout(handle) {
      planned.delete(handle as number);
    },
    pending: () => [...planned.values()].map((timer) => timer.ms),
    fire() {
      const due = [...planned.values()];
      planned.clear();
      for (const timer of due) timer.callback();
    },
  };
}
