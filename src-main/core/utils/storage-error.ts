import path from 'node:path';
import type { StorageErrorKind } from '../../../src-shared/protocol/errors.js';
import { isErrnoException } from './fs.js';

/** How soon a client may retry a busy store (a lock held too long, too many open files). */
export const STORAGE_BUSY_RETRY_AFTER_SECONDS = 5;

/**
 * A file of the gateway's own (session store, transcript, lock, log, state dir) could not be
 * written or read for a well-known reason; `kind` decides the answer (HTTP status, WS code, chat
 * error kind) and the message names the path and what to do.
 */
export class StorageError extends Error {
  override readonly name: string = 'StorageError';

  constructor(
    readonly kind: StorageErrorKind,
    /** The file or folder that could not be used. */
    readonly path: string,
    message: string,
    /** For `storage_busy`: seconds after which a retry is worth it. */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type Action = NonNullable<StorageErrorWording['action']>;
type Wording = { kind: StorageErrorKind; reason: string; advice: (target: string, action: Action) => string };

function permissionAdvice(target: string, action: Action): string {
  return action === 'read' ? `let this user read it (e.g. chmod 600 ${target})` : `let this user write to ${path.dirname(target)}`;
}

const STATE_DIR_HINT = 'or point OPENCLAW_STATE_DIR (or session.store, logging.file) at a folder that is';

// The one table from errno codes to what they mean for the user: every storage failure the gateway
// reports goes through it.
const ERRNO_WORDING: Record<string, Wording> = {
  ENOSPC: { kind: 'storage_full', reason: 'the disk is full', advice: () => 'free some space on that disk and try again' },
  EDQUOT: { kind: 'storage_full', reason: 'the disk quota is used up', advice: () => 'free some space (or raise the quota) and try again' },
  EROFS: {
    kind: 'storage_read_only',
    reason: 'it is on a read-only file system',
    advice: () => `remount that disk read-write, ${STATE_DIR_HINT} writable`,
  },
  EACCES: { kind: 'storage_unusable', reason: 'permission denied', advice: permissionAdvice },
  EPERM: { kind: 'storage_unusable', reason: 'operation not permitted', advice: permissionAdvice },
  ENOTDIR: {
    kind: 'storage_unusable',
    reason: 'a part of its path is a file, not a folder',
    advice: () => `move that file out of the way, ${STATE_DIR_HINT} usable`,
  },
  EISDIR: { kind: 'storage_unusable', reason: 'it is a folder, not a file', advice: () => 'move that folder out of the way' },
  ELOOP: { kind: 'storage_unusable', reason: 'too many levels of symbolic links', advice: () => 'point the link at a real file or folder' },
  ENAMETOOLONG: { kind: 'storage_unusable', reason: 'the path is too long', advice: () => `use a shorter path, ${STATE_DIR_HINT} shorter` },
  EIO: { kind: 'storage_unusable', reason: 'the disk reported an I/O error', advice: () => 'check the disk (and its cable or network share)' },
  EMFILE: { kind: 'storage_busy', reason: 'the gateway has too many files open', advice: () => 'try again shortly' },
  ENFILE: { kind: 'storage_busy', reason: 'the system has too many files open', advice: () => 'try again shortly' },
};

/** How a storage failure message starts: `Cannot <action> <what> <target>:`. */
export interface StorageErrorWording {
  /** Default `write`. */
  action?: 'write' | 'read' | 'create';
  /** What the target is, e.g. `the log directory`. */
  what?: string;
}

/**
 * Turns a filesystem error met while working on `target` into a StorageError naming it (the errno
 * code kept in the message and as `cause`); a StorageError already, or an error without a known
 * code, is returned unchanged.
 */
export function toStorageError(error: unknown, target: string, options: StorageErrorWording = {}): unknown {
  if (error instanceof StorageError || !isErrnoException(error) || error.code === undefined) return error;
  const wording = ERRNO_WORDING[error.code];
  if (!wording) return error;
  const retryAfter = wording.kind === 'storage_busy' ? STORAGE_BUSY_RETRY_AFTER_SECONDS : undefined;
  const message = `Cannot ${options.action ?? 'write'} ${options.what ? `${options.what} ` : ''}${target}: ${wording.reason} (${error.code}); ${wording.advice(target, options.action ?? 'write')}`;
  return new StorageError(wording.kind, target, message, retryAfter, { cause: error });
}

/** The StorageError that `error` is or was caused by (up to a few `cause` links deep), if any. */
export function findStorageError(error: unknown): StorageError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof StorageError) return current;
    current = current.cause;
  }
  return undefined;
}
