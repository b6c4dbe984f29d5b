import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeError } from '../../../src-shared/utils/common.js';
import { writeFileAtomic } from '../utils/atomic-file.js';
import { acquireFileLock } from '../utils/file-lock.js';
import { ensureDir, isErrnoException } from '../utils/fs.js';

const STATE_FILE_MODE = 0o600;
const STATE_DIR_MODE = 0o700;
const LOCK_STALE_MS = 10_000;
const LOCK_TIMEOUT_MS = 10_000;

/** Reads and parses a JSON state file; undefined when it does not exist. Invalid JSON throws an Error naming the file. */
export async function readJsonFile(filePath: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${filePath} is not valid JSON (${describeError(error)}); fix or delete the file`, { cause: error });
  }
}

/** Writes `value` as JSON atomically (see writeFileAtomic: temp file 0600, fsync, rename); the dir is created 0700. */
export async function writeJsonFileAtomic(filePath: string, value: unknown): Promise<void> {
  await ensureDir(path.dirname(filePath), { mode: STATE_DIR_MODE });
  await writeFileAtomic(filePath, `${JSON.stringify(value, null, 2)}\n`, { mode: STATE_FILE_MODE });
}

/**
 * Runs `fn` holding a cross-process lock on `filePath` (`<file>.lock`, taken over after 10 s without a
 * refresh), so the gateway and a CLI command never interleave their read-modify-write. Throws when the
 * lock cannot be had within 10 s, naming the lock to delete if no OpenClaw process is running.
 */
export async function withJsonFileLock<T>(filePath: string, fn: () => Promise<T>): Promise<T> {
  await ensureDir(path.dirname(filePath), { mode: STATE_DIR_MODE });
  const lock = await acquireFileLock(filePath, {
    timeoutMs: LOCK_TIMEOUT_MS,
    staleMs: LOCK_STALE_MS,
    timeoutError: (lockPath) => new Error(`Timed out waiting for ${lockPath}; if no OpenClaw process is running, delete that directory and retry`),
    // Never thrown: the writes inside are atomic on their own, so a takeover costs at most one update.
    compromisedError: (lockPath, cause) => new Error(`Lost the lock ${lockPath}`, { cause }),
  });
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
