import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrnoException } from './fs.js';
import { readRegularFile } from './read-regular-file.js';

// proper-lockfile refuses stale windows under 2 s (it refreshes the lock at most every second).
const MIN_LOCK_STALE_MS = 2_000;
const RETRY_FIRST_WAIT_MS = 1;
const RETRY_MAX_WAIT_MS = 40;
const MAX_OWNER_FILE_BYTES = 4 * 1024;

type ProperLockfile = typeof import('proper-lockfile');

const requireModule = createRequire(import.meta.url);

// Loaded on first use (require's cache keeps it): loading proper-lockfile installs process exit hooks,
// which must not happen merely because someone imported a barrel. require, not import(): a dynamic
// import goes through the module loader on every call, which costs more than the lock itself.
function loadProperLockfile(): ProperLockfile {
  return requireModule('proper-lockfile') as ProperLockfile;
}

/**
 * The owner record of `lockPath`: a file beside the lock directory, not inside it, so the directory
 * stays empty and any proper-lockfile user can rmdir a stale lock.
 */
export function resolveLockOwnerPath(lockPath: string): string {
  return `${lockPath}.owner`;
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
  /** Shared by the locks of one owner (e.g. a session store handle); default: a fresh one per call. */
  context?: FileLockContext;
}

/**
 * What one lock owner reuses across its locks: its identity and the fs proper-lockfile works through,
 * on which proper-lockfile caches the file system's mtime precision (probing it costs a utimes and a
 * stat per lock otherwise).
 */
export interface FileLockContext {
  readonly self: ProcessIdentity;
  readonly fs: typeof fs;
}

/** Creates a lock context: reads this process's identity (see readProcessIdentity) and wraps fs to keep the owner record. */
export function createFileLockContext(): FileLockContext {
  const self = readProcessIdentity();
  return { self, fs: createOwnedLockFs(self) };
}

/**
 * A process as a lock owner. A pid only names a process within one boot of one machine and one PID
 * namespace (a container has its own), so all of these are recorded; absent fields are platforms
 * without /proc (macOS, Windows), where host and pid suffice.
 */
export interface ProcessIdentity {
  pid: number;
  hostname: string;
  /** /proc/sys/kernel/random/boot_id: changes on every boot, so a pid from before a reboot is not trusted. */
  bootId?: string;
  /** readlink /proc/self/ns/pid, e.g. `pid:[4026531836]`: a pid from another container is not ours to check. */
  pidNamespace?: string;
}

/** The lock directory an owner record belongs to (an inode number alone may be reused by a later lock). */
export interface LockDirIdentity {
  ino: number;
  birthtimeMs: number;
}

/** The owner record: who took the lock, and which lock directory it took. */
export interface LockOwner extends ProcessIdentity {
  lock: LockDirIdentity;
}

/** What is known about a lock someone else holds. */
interface HeldLock extends LockDirIdentity {
  mtimeMs: number;
  owner: LockOwner | undefined;
}

/** Reads a /proc entry; undefined on platforms without /proc (or with it hidden), where only pid and host are known. */
function readProcEntry(read: () => string): string | undefined {
  try {
    return read().trim() || undefined;
  } catch {
    // Absent: see above.
    return undefined;
  }
}

/** Reads this process's identity as a lock owner (per lock call: nothing about the process is cached). */
export function readProcessIdentity(): ProcessIdentity {
  // Synchronous on purpose: /proc entries are generated in memory, and the async calls' worker-pool
  // round trips cost more than the reads (this runs on every session-store write).
  const bootId = readProcEntry(() => fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
  const pidNamespace = readProcEntry(() => fs.readlinkSync('/proc/self/ns/pid'));
  return { pid: process.pid, hostname: os.hostname(), ...(bootId ? { bootId } : {}), ...(pidNamespace ? { pidNamespace } : {}) };
}

/** True when `owner` was written by a process whose pid this process can check: same host, same boot, same PID namespace. */
function isSamePidSpace(owner: ProcessIdentity, self: ProcessIdentity): boolean {
  return owner.hostname === self.hostname && owner.bootId === self.bootId && owner.pidNamespace === self.pidNamespace;
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
 * Decides whether a lock someone else holds is abandoned: its owner record belongs to this very lock
 * directory and names a process of this host, boot and PID namespace that no longer runs; or its
 * mtime is more than `staleMs` in the future and no such live process owns it (a live owner refreshes
 * it back to the present within `staleMs / 2`). Any other owner is judged by age only: locks older
 * than `staleMs` are proper-lockfile's own rule.
 */
function resolveLockStaleness(held: HeldLock, now: number, staleMs: number, self: ProcessIdentity, isAlive: (pid: number) => boolean): 'stale' | 'held' {
  const { owner } = held;
  const checkable = owner !== undefined && isSamePidSpace(owner, self) && owner.lock.ino === held.ino && owner.lock.birthtimeMs === held.birthtimeMs;
  if (checkable && owner.pid !== self.pid && !isAlive(owner.pid)) return 'stale';
  const ownerAlive = checkable && (owner.pid === self.pid || isAlive(owner.pid));
  if (held.mtimeMs > now + staleMs && !ownerAlive) return 'stale';
  return 'held';
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function parseOwner(bytes: Buffer): LockOwner | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<LockOwner>;
    const { pid, hostname, bootId, pidNamespace, lock } = value;
    if (
      Number.isSafeInteger(pid) &&
      (pid as number) > 0 &&
      typeof hostname === 'string' &&
      isOptionalString(bootId) &&
      isOptionalString(pidNamespace) &&
      typeof lock?.ino === 'number' &&
      typeof lock.birthtimeMs === 'number'
    ) {
      return { pid: pid as number, hostname, bootId, pidNamespace, lock: { ino: lock.ino, birthtimeMs: lock.birthtimeMs } };
    }
  } catch {
    // Torn or foreign: an owner we cannot read is an unknown owner, and only the age rules apply.
  }
  return undefined;
}

/** Stats the lock and reads its owner record, reusing `previous`'s owner when it is still the same lock directory. */
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
    previous?.owner !== undefined && previous.ino === stats.ino && previous.birthtimeMs === stats.birthtimeMs
      ? previous.owner
      : await readRegularFile(resolveLockOwnerPath(lockPath), MAX_OWNER_FILE_BYTES).then(parseOwner, () => undefined);
  return { ino: stats.ino, birthtimeMs: stats.birthtimeMs, mtimeMs: stats.mtimeMs, owner };
}

/** Removes an abandoned lock, unless it changed since it was judged (then someone took it meanwhile). */
async function removeAbandonedLock(lockPath: string, judged: HeldLock): Promise<void> {
  try {
    const now = await fs.promises.stat(lockPath);
    if (now.ino !== judged.ino || now.mtimeMs !== judged.mtimeMs) return;
    await fs.promises.rm(resolveLockOwnerPath(lockPath), { force: true });
    await fs.promises.rmdir(lockPath);
  } catch (error) {
    // Gone already (another waiter removed it) is what we wanted; anything else surfaces on the next attempt.
    if (!(isErrnoException(error) && error.code === 'ENOENT')) throw error;
  }
}

/**
 * The fs proper-lockfile works through: creating the lock directory also writes the owner record
 * beside it, naming this directory (written after the mkdir, so a record left by an older lock never
 * names this one), and removing the directory removes the record first, so no moment shows a lock
 * whose record is someone else's.
 */
function createOwnedLockFs(self: ProcessIdentity): typeof fs {
  return {
    ...fs,
    mkdir: ((dir: fs.PathLike, callback: fs.NoParamCallback) => {
      fs.mkdir(dir, (error) => {
        if (error) return callback(error);
        // Best effort: without the record the lock is still ours, only a crash is recognised by age instead of by pid.
        fs.stat(dir, (statError, stats) => {
          if (statError) return callback(null);
          const owner: LockOwner = { ...self, lock: { ino: stats.ino, birthtimeMs: stats.birthtimeMs } };
          fs.writeFile(resolveLockOwnerPath(String(dir)), JSON.stringify(owner), { mode: 0o600 }, () => callback(null));
        });
      });
    }) as typeof fs.mkdir,
    rmdir: ((dir: fs.PathLike, callback: fs.NoParamCallback) => {
      fs.rm(resolveLockOwnerPath(String(dir)), { force: true }, () => fs.rmdir(dir, callback));
    }) as typeof fs.rmdir,
    rmdirSync: (dir: fs.PathLike) => {
      // Runs from proper-lockfile's exit hook: locks of a process that exits are released.
      fs.rmSync(resolveLockOwnerPath(String(dir)), { force: true });
      fs.rmdirSync(dir);
    },
  };
}

/**
 * Takes the cross-process lock `<filePath>.lock` (the file's directory must exist), retrying with short
 * jittered waits until `timeoutMs` (by `clock`, default Date.now). The owner record beside the lock
 * (`<lock>.owner`) names pid, host, boot and PID namespace; a lock whose owner in this process's pid
 * space has exited, that is older than `staleMs`, or whose mtime is more than `staleMs` in the future
 * without a live owner, is taken over. The caller's errors say which file and what to do.
 */
export async function acquireFileLock(filePath: string, options: FileLockOptions): Promise<FileLock> {
  const lockfile = loadProperLockfile();
  const { self, fs: lockFs } = options.context ?? createFileLockContext();
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
