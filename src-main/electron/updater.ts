import type { UpdateState } from '../../src-shared/desktop-update.js';
import type { UpdateChannel } from '../../src-shared/config/schema.js';
import type { Timers } from '../../src-shared/client/ws-connection.js';
import { describeError } from '../../src-shared/utils/common.js';
import type { UpdateFeed } from '../core/update/update-feed.js';
import { resolveCheckResult, resolveNextCheckAt, type UpdateSettings } from './update-policy.js';

// Runs the update checks update-policy.ts schedules: at launch and every 4 hours while
// desktop.update.auto is on, or when asked. Our own feed reader decides whether a newer version
// exists; the installer (electron-updater in a packaged app, see update-installer.ts) downloads it,
// verifies it and installs it when the app quits. Without an installer (a development build) a
// newer version ends as `available`.

const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout | undefined),
};

/** Downloads and installs updates; update-installer.ts wraps electron-updater in it. */
export interface UpdateInstaller {
  /** Downloads the newest version of the feed at `url`/`channel`, reporting progress in percent; resolves with the version downloaded, which installs when the app quits. */
  download(options: { url: string; channel: UpdateChannel; onProgress: (percent: number) => void }): Promise<{ version: string }>;
  /** Quits the app and installs the downloaded update now (call once the ordered shutdown is done). */
  installNow(): void;
}

export interface UpdaterHandle {
  state(): UpdateState;
  /** Checks now (Settings' "Check now"); resolves with the resulting state. */
  checkNow(): Promise<UpdateState>;
  /** Shows a state the updater did not reach itself (a failed start after an update); the next check replaces it. */
  report(state: UpdateState): void;
  /** Re-reads the settings and re-plans the automatic checks (desktop.update.* changed): auto turned on checks now, turned off stops. */
  reschedule(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the update checks; onState is called on every state change. Never rejects: a failure becomes the `failed` state. */
export function startUpdater(options: {
  currentVersion: string;
  /** Read at every check, so a changed desktop.update.* applies without a restart. */
  settings: () => Promise<UpdateSettings>;
  readFeed: (settings: Extract<UpdateSettings, { enabled: true }>) => Promise<UpdateFeed>;
  installer?: UpdateInstaller;
  now: () => number;
  onState: (state: UpdateState) => void;
  log: { info(message: string): void; warn(message: string): void };
  /** Default: Node's timers, not keeping the process alive. */
  timers?: Timers;
}): UpdaterHandle {
  const timers = options.timers ?? nodeTimers;
  let current: UpdateState = { state: 'idle' };
  let lastCheckAt: number | undefined;
  let timer: unknown;
  let running: Promise<UpdateState> | undefined;
  let closed = false;
  // The version waiting to install on quit; checks after it keep "ready" showing (and the tray item).
  let downloaded: string | undefined;

  const set = (next: UpdateState): UpdateState => {
    if (closed) return next;
    current = next;
    options.onState(next);
    return next;
  };

  async function download(settings: Extract<UpdateSettings, { enabled: true }>, installer: UpdateInstaller, version: string): Promise<UpdateState> {
    // A version already downloaded is not fetched again on the next 4-hourly check.
    if (downloaded === version) return set({ state: 'ready', version });
    set({ state: 'downloading', version, percent: 0 });
    const result = await installer.download({
      url: settings.url,
      channel: settings.channel,
      onProgress: (percent) => set({ state: 'downloading', version, percent: Math.min(100, Math.max(0, percent)) }),
    });
    downloaded = result.version;
    options.log.info(`Update ${result.version} is downloaded; it installs when the app quits`);
    return set({ state: 'ready', version: result.version });
  }

  async function check(): Promise<UpdateState> {
    try {
      const settings = await options.settings();
      if (!settings.enabled) return set({ state: 'disabled', reason: settings.reason });
      if (downloaded === undefined) set({ state: 'checking' });
      lastCheckAt = options.now();
      const feed = await options.readFeed(settings);
      const result = resolveCheckResult({ feedVersion: feed.version, currentVersion: options.currentVersion, now: options.now() });
      if (result.state !== 'available') return set(downloaded === undefined ? result : { state: 'ready', version: downloaded });
      options.log.info(`Update ${feed.version} is available (running ${options.currentVersion})`);
      if (options.installer === undefined) return set(result);
      return await download(settings, options.installer, feed.version);
    } catch (error) {
      options.log.warn(`Update check failed: ${describeError(error)}`);
      // The update already downloaded still installs on quit: that stays what Settings and the tray show.
      return set(downloaded === undefined ? { state: 'failed', reason: describeError(error) } : { state: 'ready', version: downloaded });
    }
  }

  async function schedule(): Promise<void> {
    if (closed) return;
    let settings: UpdateSettings;
    try {
      settings = await options.settings();
    } catch (error) {
      set({ state: 'failed', reason: describeError(error) });
      return;
    }
    if (closed) return;
    // One plan at a time: a reschedule while a check runs must not leave a second timer behind.
    timers.clearTimeout(timer);
    timer = undefined;
    if (!settings.enabled) set({ state: 'disabled', reason: settings.reason });
    // A feed set since (desktop.update.url): the reason it was off no longer holds.
    else if (current.state === 'disabled') set({ state: 'idle' });
    const next = resolveNextCheckAt({ settings, lastCheckAt, now: options.now() });
    // desktop.update.auto off: no check of its own; Settings' "Check now" still works.
    if (next === undefined) return;
    timer = timers.setTimeout(() => {
      void checkNow().then(schedule);
    }, Math.max(0, next - options.now()));
  }

  function checkNow(): Promise<UpdateState> {
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  }

  void schedule();
  return {
    state: () => current,
    checkNow,
    report: (state) => void set(state),
    reschedule: schedule,
    async close() {
      closed = true;
      timers.clearTimeout(timer);
    },
  };
}
