import { acquireFileLock, type FileLock, type FileLockContext } from '../utils/file-lock.js';
import { SessionStoreLockCompromisedError, SessionStoreLockTimeoutError } from './errors.js';
import type { SessionStoreLockOptions } from './types.js';

export const DEFAULT_SESSION_STORE_LOCK_STALE_MS = 10_000;
export const DEFAULT_SESSION_STORE_LOCK_TIMEOUT_MS = 15_000;

export type SessionStoreLock = FileLock;

/**
 * Takes the cross-process lock on the store (the store's directory must exist), retrying with short
 * jittered waits until `lockTimeoutMs` (default 15 s); a lock older than `lockStaleMs` (default 10 s)
 * is taken over. Throws SessionStoreLockTimeoutError when the time runs out. A store handle passes its
 * `context` so its locks share one (see FileLockContext).
 */
export function acquireSessionStoreLock(
  storePath: string,
  options: SessionStoreLockOptions = {},
  context?: FileLockContext,
): Promise<SessionStoreLock> {
  const timeoutMs = options.lockTimeoutMs ?? DEFAULT_SESSION_STORE_LOCK_TIMEOUT_MS;
  return acquireFileLock(storePath, {
    timeoutMs,
    staleMs: options.lockStaleMs ?? DEFAULT_SESSION_STORE_LOCK_STALE_MS,
    timeoutError: (lockPath) => new SessionStoreLockTimeoutError(lockPath, timeoutMs),
    compromisedError: (lockPath, cause) => new SessionStoreLockCompromisedError(lockPath, storePath, cause),
    context,
  });
}
