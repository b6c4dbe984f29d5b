import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrnoException } from '../utils/fs.js';

const STATE_FILE_MODE = 0o600;
const STATE_DIR_MODE = 0o700;
const LOCK_STALE_MS = 10_000;
const LOCK_TIMEOUT_MS = 10_000;
const LOCK_RETRY_MAX_WAIT_MS = 50;

type ProperLockfile = typeof import('proper-lockfile');
let lockfileModule: Promise<ProperLockfile> | undefined;

// Loaded on first use: proper-lockfile installs exit hooks when imported.
function loadLockfile(): Promise<ProperLockfile> {
  lockfileModule ??= import('proper-lockfile').then((m) => (m as { default?: ProperLockfile }).default ?? m);
  return lockfileModule;
}

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
    throw new Error(`${filePath} is not valid JSON (${(error as Error).message}); fix or delete the file`, { cause: error });
  }
}

/** Writes `value` as JSON atomically: temp file (0600) in the same dir, fsync, rename; the dir is created 0700. */
export async function writeJsonFileAtomic(filePath: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(filePath), { recursive: true, mode: STATE_DIR_MODE });
  const tempPath = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(tempPath, 'wx', STATE_FILE_MODE);
    try {
      await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await unlink(tempPath).catch(() => {
      // The temp file may never have been created; the write error is the one worth reporting.
    });
    throw error;
  }
}

/**
 * Runs `fn` holding a cross-process lock on `filePath` (`<file>.lock`, taken over after 10 s without a
 * refresh), so the gateway and a CLI command never interleave their read-modify-write. Throws when the
 * lock cannot be had within 10 s, naming the lock to delete if no OpenClaw process is running.
 */
export async function withJsonFileLock<T>(filePath: string, fn: () => Promise<T>): Promise<T> {
  const lockfile = await loadLockfile();
  await mkdir(path.dirname(filePath), { recursive: true, mode: STATE_DIR_MODE });
  const lockPath = `${filePath}.lock`;
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let release: (() => Promise<void>) | undefined;
  for (let attempt = 0; release === undefined; attempt += 1) {
    try {
      release = await lockfile.lock(filePath, {
        realpath: false,
        lockfilePath: lockPath,
        stale: LOCK_STALE_MS,
        retries: 0,
        onCompromised: () => {
          // Taken over as stale: the write below is still atomic, at worst one update is lost.
        },
      });
    } catch (error) {
      if (!(isErrnoException(error) && error.code === 'ELOCKED')) throw error;
      if (Date.now() >= deadline) {
        throw new Error(`Timed out waiting for ${lockPath}; if no OpenClaw process is running, delete that directory and retry`);
      }
      await sleep(Math.min(2 ** attempt, LOCK_RETRY_MAX_WAIT_MS) * (0.5 + Math.random()));
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {
      // Already released or taken over: nothing of ours is left to remove.
    });
  }
}
