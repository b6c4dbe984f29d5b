import { setTimeout as sleep } from 'node:timers/promises';
import { isErrnoException } from './fs.js';

// proper-lockfile refuses stale windows under 2 s (it refreshes the lock at most every second).
const MIN_LOCK_STALE_MS = 2_000;
const RETRY_FIRST_WAIT_MS = 1;
const RETRY_MAX_WAIT_MS = 40;

type ProperLockfile = typeof import('proper-lockfile');
let lockfileModule: Promise<ProperLockfile> | undefined;

// Loaded on first use: importing proper-lockfile installs process exit hooks, which must not happen
// merely because someone imported a barrel.
function loadLockfile(): Promise<ProperLockfile> {
  lockfileModule ??= import('proper-lockfile').then((m) => (m as { default?: ProperLockfile }).default ?? m);
  return lockfileModule;
}

export interface FileLock {
  readonly lockPath: string;
  /** Throws the `compromisedError` when the lock was lost (taken over as stale) since it was taken. */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface FileLockOptions {
  timeoutMs: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (at least 2 s). */
  staleMs: number;
  /** The error thrown when the lock cannot be had within `timeoutMs`. */
  timeoutError(lockPath: string): Error;
  /** The error `assertHeld` throws once the lock was lost. */
  compromisedError(lockPath: string, cause: unknown): Error;
  /** The clock `timeoutMs` is measured by (default Date.now). */
  clock?: () => number;
}

/**
 * Takes the cross-process lock `<filePath>.lock` (the file's directory must exist), retrying with short
 * jittered waits until `timeoutMs` (by `clock`, default Date.now); a lock older than `staleMs` is taken
 * over. The caller's errors say which file and what to do.
 */
export async function acquireFileLock(filePath: string, options: FileLockOptions): Promise<FileLock> {
  const lockfile = await loadLockfile();
  const lockPath = `${filePath}.lock`;
  const staleMs = Math.max(options.staleMs, MIN_LOCK_STALE_MS);
  const clock = options.clock ?? Date.now;
  const deadline = clock() + options.timeoutMs;
  let compromised: unknown;

  for (let attempt = 0; ; attempt += 1) {
    try {
      // One attempt per call: proper-lockfile's own `retries` builds its whole backoff table on
      // every call, which costs more than the lock itself.
      const release = await lockfile.lock(filePath, {
        realpath: false,
        lockfilePath: lockPath,
        stale: staleMs,
        retries: 0,
        onCompromised: (error) => {
          // The default handler throws from a timer and kills the process; remember it instead and
          // fail the write that depends on the lock.
          compromised = error;
        },
      });
      return {
        lockPath,
        assertHeld() {
          if (compromised !== undefined) throw options.compromisedError(lockPath, compromised);
        },
        async release() {
          if (compromised !== undefined) return;
          try {
            await release();
          } catch (error) {
            // Released or taken over meanwhile: there is nothing left of ours to remove.
            if (!(isErrnoException(error) && (error.code === 'ERELEASED' || error.code === 'ENOTACQUIRED'))) throw error;
          }
        },
      };
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'ELOCKED')) throw error;
      const remainingMs = deadline - clock();
      if (remainingMs <= 0) throw options.timeoutError(lockPath);
      const waitMs = Math.min(RETRY_FIRST_WAIT_MS * 1.6 ** attempt, RETRY_MAX_WAIT_MS) * (0.5 + Math.random());
      await sleep(Math.min(waitMs, remainingMs));
    }
  }
}
