import type { UpdateState } from '../../src-shared/desktop-update.js';
import { describeError } from '../../src-shared/utils/common.js';
import type { UpdateFeed } from '../core/update/update-feed.js';
import { resolveCheckResult, resolveNextCheckAt, type UpdateSettings } from './update-policy.js';

// Runs the update checks update-policy.ts schedules: at launch and every 4 hours while
// desktop.update.auto is on, or when asked. Installing needs electron-updater (not a dependency yet),
// so a newer version ends as `available`.

export interface UpdaterHandle {
  state(): UpdateState;
  /** Checks now (Settings' "Check now"); resolves with the resulting state. */
  checkNow(): Promise<UpdateState>;
  close(): Promise<void>;
}

/** Starts the update checks; onState is called on every state change. */
export function startUpdater(options: {
  currentVersion: string;
  /** Read at every check, so a changed desktop.update.* applies without a restart. */
  settings: () => Promise<UpdateSettings>;
  readFeed: (settings: Extract<UpdateSettings, { enabled: true }>) => Promise<UpdateFeed>;
  now: () => number;
  onState: (state: UpdateState) => void;
  log: { info(message: string): void; warn(message: string): void };
}): UpdaterHandle {
  let current: UpdateState = { state: 'idle' };
  let lastCheckAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<UpdateState> | undefined;
  let closed = false;

  const set = (next: UpdateState): UpdateState => {
    current = next;
    options.onState(next);
    return next;
  };

  async function check(): Promise<UpdateState> {
    const settings = await options.settings();
    if (!settings.enabled) return set({ state: 'disabled', reason: settings.reason });
    set({ state: 'checking' });
    lastCheckAt = options.now();
    try {
      const feed = await options.readFeed(settings);
      const result = resolveCheckResult({ feedVersion: feed.version, currentVersion: options.currentVersion, now: options.now() });
      if (result.state === 'available') options.log.info(`Update ${feed.version} is available (running ${options.currentVersion})`);
      return set(result);
    } catch (error) {
      options.log.warn(`Update check failed: ${describeError(error)}`);
      return set({ state: 'failed', reason: describeError(error) });
    }
  }

  async function schedule(): Promise<void> {
    if (closed) return;
    const settings = await options.settings();
    const next = resolveNextCheckAt({ settings, lastCheckAt, now: options.now() });
    if (next === undefined) {
      // desktop.update.auto off: no check of its own; Settings' "Check now" still works.
      if (!settings.enabled) set({ state: 'disabled', reason: settings.reason });
      return;
    }
    timer = setTimeout(() => {
      void checkNow().then(schedule);
    }, Math.max(0, next - options.now()));
    timer.unref?.();
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
    async close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
