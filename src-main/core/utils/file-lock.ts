import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrnoException } from './fs.js';
import { readRegularFile } from './read-regular-file.js';

// proper-lockfile refuses stale windows under 2 s (it refreshes the lock at most every second).
const MIN_LOCK_STALE_MS = 2_000;
const RETRY_FIRST_WAIT_MS = 1;
const RETRY_MAX_WAIT_MS = 40;
/** The file inside a lock directory naming the process that holds it. */
export const LOCK_OWNER_FILE = 'owner.json';
const MAX_OWNER_FILE_BYTES = 4 * 1024;

type ProperLockfile = typeof import('proper-lockfile');
interface LockLibrary {
  lockfile: ProperLockfile;
  /** This process as a lock owner, and the fs proper-lockfile works through (one per process: it caches the mtime precision on it). */
  self: LockOwner;
  fs: typeof fs;
}
let lockLibrary: Promise<LockLibrary> | undefined;

// Loaded on first use: importing proper-lockfile installs process exit hooks, which must not happen
// merely because someone imported a barrel.
function loadLockLibrary(): Promise<LockLibrary> {
  lockLibrary ??= import('proper-lockfile').then((m) => {
    const self: LockOwner = { pid: process.pid, hostname: os.hostname() };
    return { lockfile: (m as { default?: ProperLockfile }).default ?? m, self, fs: createOwnedLockFs(self) };
  });
  return lockLibrary;
}

export interface FileLock {
  readonly lockPath: string;
  /** Throws the `compromisedError` when the lock was lost (taken over as stale) since it was taken. */
  assertHeld(): void;
  release(): Promise<void>;
}

export interface FileLockOptions {
  timeoutMs: number;
  /**
   * A lock not refreshed for this long (at least 2 s) belongs to a dead process and is taken over;
   * so is one whose mtime is this far in the future (a crash, then the clock stepped back).
   */
  staleMs: number;
  /** The error thrown when the lock cannot be had within `timeoutMs`. */
  timeoutError(lockPath: string): Error;
  /** The error `assertHeld` throws once the lock was lost. */
  compromisedError(lockPath: string, cause: unknown): Error;
  /** The clock `timeoutMs` and lock ages are measured by (default Date.now). */
  clock?: () => number;
}

/** Who holds a lock, as written into its directory when it was taken. */
export interface LockOwner {
  pid: number;
  hostname: string;
}

/** What is known about a lock someone else holds. */
interface HeldLock {
  ino: number;
  mtimeMs: number;
  owner: LockOwner | undefined;
}

/** True when `pid` names a running process on this machine (one we may not signal counts as running). */
function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM';
  }
}

/**
 * Decides whether a lock someone else holds is abandoned: its owner (written when it was taken) is a
 * process of this host that no longer runs, or its mtime is more than `staleMs` in the future and no
 * live process of this host owns it (a live owner refreshes it back to the present within `staleMs / 2`).
 * Locks older than `staleMs` are proper-lockfile's own rule.
 */
function resolveLockStaleness(held: HeldLock, now: number, staleMs: number, self: LockOwner, isAlive: (pid: number) => boolean): 'stale' | 'held' {
  const { owner } = held;
  const localOwner = owner !== undefined && owner.hostname === self.hostname;
  if (localOwner && owner.pid !== self.pid && !isAlive(owner.pid)) return 'stale';
  const ownerAlive = localOwner && (owner.pid === self.pid || isAlive(owner.pid));
  if (held.mtimeMs > now + staleMs && !ownerAlive) return 'stale';
  return 'held';
}

function parseOwner(bytes: Buffer): LockOwner | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<LockOwner>;
    if (Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.hostname === 'string') {
      return { pid: value.pid as number, hostname: value.hostname };
    }
  } catch {
    // Torn or foreign: an owner we cannot read is an unknown owner, and only the age rules apply.
  }
  return undefined;
}

/** Stats the lock and reads its owner, reusing `previous`'s owner when it is still the same lock directory. */
async function readHeldLock(lockPath: string, previous: HeldLock | undefined): Promise<HeldLock | undefined> {
  let stats: fs.Stats;
  try {
    stats = await fs.promises.stat(lockPath);
  } catch (error) {
    // Released meanwhile: the next attempt takes it.
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
  const owner =
    previous?.owner !== undefined && previous.ino === stats.ino
      ? previous.owner
      : await readRegularFile(path.join(lockPath, LOCK_OWNER_FILE), MAX_OWNER_FILE_BYTES).then(parseOwner, () => undefined);
  return { ino: stats.ino, mtimeMs: stats.mtimeMs, owner };
}

/** Removes an abandoned lock, unless it changed since it was judged (then someone took it meanwhile). */
async function removeAbandonedLock(lockPath: string, judged: HeldLock): Promise<void> {
  try {
    const now = await fs.promises.stat(lockPath);
    if (now.ino !== judged.ino || now.mtimeMs !== judged.mtimeMs) return;
    await fs.promises.rm(path.join(lockPath, LOCK_OWNER_FILE), { force: true });
    await fs.promises.rmdir(lockPath);
  } catch (error) {
    // Gone already (another waiter removed it) is what we wanted; anything else surfaces on the next attempt.
    if (!(isErrnoException(error) && error.code === 'ENOENT')) throw error;
  }
}

/**
 * The fs proper-lockfile works through: creating the lock directory also writes the owner file into
 * it (before proper-lockfile stamps the directory's mtime, so its refresh check still matches), and
 * removing the directory removes that file first (rmdir only removes empty directories).
 */
function createOwnedLockFs(self: LockOwner): typeof fs {
  const ownerText = JSON.stringify(self);
  return {
    ...fs,
    mkdir: ((dir: fs.PathLike, callback: fs.NoParamCallback) => {
      fs.mkdir(dir, (error) => {
        if (error) return callback(error);
        fs.writeFile(path.join(String(dir), LOCK_OWNER_FILE), ownerText, { mode: 0o600 }, () => {
          // Best effort: without the file the lock is still ours, only a crash is recognised by age instead of by pid.
          callback(null);
        });
      });
    }) as typeof fs.mkdir,
    rmdir: ((dir: fs.PathLike, callback: fs.NoParamCallback) => {
      fs.rm(path.join(String(dir), LOCK_OWNER_FILE), { force: true }, () => fs.rmdir(dir, callback));
    }) as typeof fs.rmdir,
    rmdirSync: (dir: fs.PathLike) => {
      // Runs from proper-lockfile's exit hook: locks of a process that exits are released.
      fs.rmSync(path.join(String(dir), LOCK_OWNER_FILE), { force: true });
      fs.rmdirSync(dir);
    },
  };
}

/**
 * Takes the cross-process lock `<filePath>.lock` (the file's directory must exist), retrying with short
 * jittered waits until `timeoutMs` (by `clock`, default Date.now). The lock directory names its owner
 * (pid and host); a lock whose owner on this host has exited, that is older than `staleMs`, or whose
 * mtime is more than `staleMs` in the future without a live owner, is taken over. The caller's errors
 * say which file and what to do.
 */
export async function acquireFileLock(filePath: string, options: FileLockOptions): Promise<FileLock> {
  const { lockfile, self, fs: lockFs } = await loadLockLibrary();
  const lockPath = `${filePath}.lock`;
  const staleMs = Math.max(options.staleMs, MIN_LOCK_STALE_MS);
  const clock = options.clock ?? Date.now;
  const deadline = clock() + options.timeoutMs;
  let compromised: unknown;
  // The lock as first seen unchanged: a live owner refreshes its mtime every staleMs / 2, so one that
  // stays exactly as it was for staleMs is abandoned whatever its pid says (pids are reused).
  let unchanged: { ino: number; mtimeMs: number; since: number } | undefined;
  let held: HeldLock | undefined;

  for (let attempt = 0; ; attempt += 1) {
    try {
      // One attempt per call: proper-lockfile's own `retries` builds its whole backoff table on
      // every call, which costs more than the lock itself.
      const release = await lockfile.lock(filePath, {
        realpath: false,
        lockfilePath: lockPath,
        stale: staleMs,
        retries: 0,
        fs: lockFs,
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
      held = await readHeldLock(lockPath, held);
      const now = clock();
      if (held && (unchanged?.ino !== held.ino || unchanged.mtimeMs !== held.mtimeMs)) unchanged = { ino: held.ino, mtimeMs: held.mtimeMs, since: now };
      const abandoned = held !== undefined && (resolveLockStaleness(held, now, staleMs, self, isProcessAlive) === 'stale' || now - (unchanged?.since ?? now) >= staleMs);
      if (held && abandoned) await removeAbandonedLock(lockPath, held);
      const remainingMs = deadline - clock();
      if (remainingMs <= 0) throw options.timeoutError(lockPath);
      // A lock just removed (or released meanwhile) is tried again at once.
      if (abandoned || !held) continue;
      const waitMs = Math.min(RETRY_FIRST_WAIT_MS * 1.6 ** attempt, RETRY_MAX_WAIT_MS) * (0.5 + Math.random());
      await sleep(Math.min(waitMs, remainingMs));
    }
  }
}
