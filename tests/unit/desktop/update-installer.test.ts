import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createUpdateInstaller, type AppUpdaterLike } from '../../../src-main/electron/update-installer.js';

// electron-updater's autoUpdater needs a packaged Electron app: this stand-in answers the calls
// the installer makes the way AppUpdater does (check result, download-progress events).
function createFakeUpdater(options: { available: boolean; version?: string }) {
  const calls: unknown[] = [];
  const emitter = new EventEmitter();
  const updater = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: false,
    logger: null,
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    off: (event: string, listener: (...args: unknown[]) => void) => emitter.off(event, listener),
    setFeedURL: (feed: unknown) => void calls.push(['setFeedURL', feed]),
    checkForUpdates: async () => ({ isUpdateAvailable: options.available, updateInfo: { version: options.version ?? '0.2.0' } }),
    downloadUpdate: async () => {
      for (const percent of [30, 100]) emitter.emit('download-progress', { percent });
      return [];
    },
    quitAndInstall: (...args: unknown[]) => void calls.push(['quitAndInstall', ...args]),
  };
  return { updater: updater as unknown as AppUpdaterLike, calls, emitter, raw: updater };
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('the electron-updater installer', () => {
  it('downloads from a generic feed on the channel, never a downgrade, installing on quit', async () => {
    const fake = createFakeUpdater({ available: true, version: '0.3.0-beta.1' });
    const installer = createUpdateInstaller({ updater: fake.updater, log });
    const progress: number[] = [];
    await expect(installer.download({ url: 'https://example.test/feed', channel: 'beta', onProgress: (p) => progress.push(p) })).resolves.toEqual({ version: '0.3.0-beta.1' });
    expect(fake.calls).toEqual([['setFeedURL', { provider: 'generic', url: 'https://example.test/feed', channel: 'beta' }]]);
    expect(fake.raw).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: true, allowDowngrade: false, allowPrerelease: true });
    expect(progress).toEqual([30, 100]);
    expect(fake.emitter.listenerCount('download-progress')).toBe(0);
  });

  it('reads latest*.yml for stable', async () => {
    const fake = createFakeUpdater({ available: true });
    await createUpdateInstaller({ updater: fake.updater, log }).download({ url: 'https://example.test/feed', channel: 'stable', onProgress: () => undefined });
    expect(fake.calls[0]).toEqual(['setFeedURL', { provider: 'generic', url: 'https://example.test/feed', channel: 'latest' }]);
    expect(fake.raw.allowPrerelease).toBe(false);
  });

  it('rejects when electron-updater finds nothing newer', async () => {
    const fake = createFakeUpdater({ available: false });
    await expect(
      createUpdateInstaller({ updater: fake.updater, log }).download({ url: 'https://example.test/feed', channel: 'stable', onProgress: () => undefined }),
    ).rejects.toThrow('the feed at https://example.test/feed offers nothing newer than this version');
  });

  it('installs now silently and runs the app again', () => {
    const fake = createFakeUpdater({ available: true });
    createUpdateInstaller({ updater: fake.updater, log }).installNow();
    expect(fake.calls).toEqual([['quitAndInstall', true, true]]);
  });
});
