import { setTimeout as sleep } from 'node:timers/promises';
import { isErrnoException } from '../utils/fs.js';
import { SessionStoreLockCompromisedError, SessionStoreLockTimeoutError } from './errors.js';
import type { SessionStoreLockOptions } from './types.js';

export const DEFAULT_SESSION_STORE_LOCK_STALE_MS = 10_000;
export const DEFAULT_SESSION_STORE_LOCK_TIMEOUT_MS = 15_000;
// proper-lockfile refuses stale windows under 2 s (it refreshes the lock at most every second).
const MIN_LOCK_STALE_MS = 2_000;
const RETRY_FIRST_WAIT_MS = 1;
const RETRY_MAX_WAIT_MS = 40;

type ProperLockfile = typeof import('proper-lockfile');
let lockfileModule: Promise<ProperLockfile> | undefined;

// Loaded on first use: importing proper-lockfile installs process exit hooks, which must not happen
// merely because someone imported the sessions barrel.
function loadLockfile(): Promise<ProperLockfile> {
  lockfileModule ??= import('proper-lockfile').then((m) => (m as { default?: ProperLockfile }).default ?? m);
  return lockfileModule;
}

export interface SessionStoreLock {
  readonly lockPath: string;
  /** Throws SessionStoreLockCompromisedError when the lock was lost since it was taken. */
  assertHeld(): void;
  release(): Promise<void>;
}

/** Returns `<storePath>.lock`, the directory proper-lockfile creates while a writer holds the store. */
export function resolveSessionStoreLockPath(storePath: string): string {
  return `${storePath}.lock`;
}

/**
 * Takes the cross-process lock on the store (the store's directory must exist), retrying with short
 * jittered waits until `lockTimeoutMs` (default 15 s); a lock older than `lockStaleMs` (default 10 s)
 * is taken over. Throws SessionStoreLockTimeoutError when the time runs out.
 */
export async function acquireSessionStoreLock(
  storePath: string,
  options: SessionStoreLockOptions = {},
): Promise<SessionStoreLock> {
  const lockfile = await loadLockfile();
  const lockPath = resolveSessionStoreLockPath(storePath);
  const timeoutMs = options.lockTimeoutMs ?? DEFAULT_SESSION_STORE_LOCK_TIMEOUT_MS;
  const staleMs = Math.max(options.lockStaleMs ?? DEFAULT_SESSION_STORE_LOCK_STALE_MS, MIN_LOCK_STALE_MS);
  const deadline = Date.now() + timeoutMs;
  let compromised: unknown;

  for (let attempt = 0; ; attempt += 1) {
    try {
      // One attempt per call: proper-lockfile's own `retries` builds its whole backoff table on
      // every call, which costs more than the lock itself.
      const release = await lockfile.lock(storePath, {
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
          if (compromised !== undefined) throw new SessionStoreLockCompromisedError(lockPath, storePath, compromised);
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
      const remainingMs = deadline - Date.now();
      if (remainingMs <= 0) throw new SessionStoreLockTimeoutError(lockPath, timeoutMs);
      const waitMs = Math.min(RETRY_FIRST_WAIT_MS * 1.6 ** attempt, RETRY_MAX_WAIT_MS) * (0.5 + Math.random());
      await sleep(Math.min(waitMs, remainingMs));
    }
  }
}
