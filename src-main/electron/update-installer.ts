// Electron wiring for installing updates: electron-updater downloads the version our own feed
// reader found (verifying its sha512), installs it when the app quits, or at once on "Restart to
// update". Every decision stays in update-policy.ts and updater.ts.
import type { AppUpdater } from 'electron-updater';
import type { UpdateInstaller } from './updater.js';

/** The part of electron-updater's AppUpdater the installer drives. */
export type AppUpdaterLike = Pick<
  AppUpdater,
  'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'on' | 'off' | 'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'allowPrerelease' | 'logger'
>;

/**
 * Creates the installer over electron-updater's autoUpdater: a generic feed at the given URL and
 * channel (`latest` for stable, `beta`), no automatic download of its own, install on quit, never
 * a downgrade. A download that finds nothing newer, or fails, rejects with the reason.
 */
export function createUpdateInstaller(options: { updater: AppUpdaterLike; log: { info(message: string): void; warn(message: string): void; error(message: string): void } }): UpdateInstaller {
  const { updater } = options;
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = true;
  updater.logger = { info: (message) => options.log.info(`updater: ${String(message)}`), warn: (message) => options.log.warn(`updater: ${String(message)}`), error: (message) => options.log.error(`updater: ${String(message)}`) };
  return {
    async download({ url, channel, onProgress }) {
      updater.setFeedURL({ provider: 'generic', url, channel: channel === 'stable' ? 'latest' : 'beta' });
      updater.allowPrerelease = channel === 'beta';
      updater.allowDowngrade = false;
      const check = await updater.checkForUpdates();
      if (check === null) throw new Error('the updater is not active in this build');
      if (!check.isUpdateAvailable) throw new Error(`the feed at ${url} offers nothing newer than this version`);
      const progress = (info: { percent: number }): void => onProgress(info.percent);
      updater.on('download-progress', progress);
      try {
        await updater.downloadUpdate();
      } finally {
        updater.off('download-progress', progress);
      }
      return { version: check.updateInfo.version };
    },
    installNow() {
      // Silent on Windows (the user already chose to update), and the app runs again afterwards.
      updater.quitAndInstall(true, true);
    },
  };
}
