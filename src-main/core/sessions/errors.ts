import { describeError } from '../../../src-shared/utils/common.js';
import { STORAGE_BUSY_RETRY_AFTER_SECONDS, StorageError } from '../utils/storage-error.js';

/** Thrown when the store file is not a JSON object; its bytes were moved to `quarantinePath` first. */
export class SessionStoreCorruptError extends Error {
  override readonly name = 'SessionStoreCorruptError';

  constructor(
    readonly storePath: string,
    readonly quarantinePath: string,
    readonly reason: string,
  ) {
    super(
      `Session store ${storePath} is corrupt (${reason}); its original bytes were moved to ${quarantinePath}. ` +
        `The next load starts from an empty store; to recover the sessions, repair that file and move it back to ${storePath}.`,
    );
  }
}

/** Thrown when the cross-process lock could not be taken before the timeout; a `storage_busy` StorageError (answered 503, retry). */
export class SessionStoreLockTimeoutError extends StorageError {
  override readonly name = 'SessionStoreLockTimeoutError';

  constructor(
    readonly lockPath: string,
    readonly timeoutMs: number,
  ) {
    super(
      'storage_busy',
      lockPath,
      `Timed out after ${timeoutMs}ms waiting for the session store lock ${lockPath} (another OpenClaw process is writing it); try again in a few seconds`,
      STORAGE_BUSY_RETRY_AFTER_SECONDS,
    );
  }
}

/** Thrown when the lock was lost (deleted, or taken over as stale) before the write; nothing was written. A `storage_busy` StorageError. */
export class SessionStoreLockCompromisedError extends StorageError {
  override readonly name = 'SessionStoreLockCompromisedError';

  constructor(
    readonly lockPath: string,
    readonly storePath: string,
    cause: unknown,
  ) {
    const detail = describeError(cause);
    super(
      'storage_busy',
      lockPath,
      `Lost the session store lock ${lockPath} before writing ${storePath} (${detail}); nothing was written, retry the update`,
      STORAGE_BUSY_RETRY_AFTER_SECONDS,
      { cause },
    );
  }
}

/** Thrown when an entry to be written does not match the session entry schema; nothing was written. */
export class SessionEntryInvalidError extends Error {
  override readonly name = 'SessionEntryInvalidError';

  constructor(
    readonly storePath: string,
    readonly issues: readonly string[],
  ) {
    super(`Refusing to write invalid session entries to ${storePath}; nothing was written:\n${issues.map((i) => `  ${i}`).join('\n')}`);
  }
}
