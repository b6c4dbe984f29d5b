// Leftover session-store locks: stale by age in either direction, or by an owner process that is gone.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearSessionStoreCacheForTest, loadSessionStore, updateSessionStore } from '../../../src-main/core/sessions/index.js';
import { acquireSessionStoreLock } from '../../../src-main/core/sessions/lock.js';
import { readProcessIdentity, resolveLockOwnerPath, type LockOwner, type ProcessIdentity } from '../../../src-main/core/utils/file-lock.js';
import { loadedEntry, useTempDirs } from '../../unit/sessions/helpers.js';
import { useFixtureProcesses } from './child-process.js';

const tempDir = useTempDirs();
const launch = useFixtureProcesses();
beforeEach(() => clearSessionStoreCacheForTest());

const HOUR_MS = 3_600_000;
// The "taken over at once" writes run with a 30 s stale window, so the old behaviour (waiting it out,
// or never for a lock in the future) cannot pass; 3 s is an order of magnitude below and leaves a
// loaded machine plenty of room.
const STALE_MS = 30_000;
const PROMPT_MS = 3_000;

async function storeWithEntry(): Promise<string> {
  const storePath = path.join(await tempDir(), 'sessions.json');
  await updateSessionStore(storePath, (store) => void (store.before = loadedEntry('s0', 1)));
  return storePath;
}

/**
 * Writes after a lock that is only taken over once stale: resolves with how long after the lock's
 * own mtime the write finished (the stale window counts from that mtime, not from when the write
 * started, which on a loaded machine can be a few ms later).
 */
async function writeAfterStaleLock(storePath: string, key: string): Promise<number> {
  const lockedAt = (await stat(`${storePath}.lock`)).mtimeMs;
  await timedWrite(storePath, key, { lockStaleMs: 2_000, lockTimeoutMs: 10_000 });
  return Date.now() - lockedAt;
}

async function timedWrite(storePath: string, key: string, lockOptions: { lockStaleMs?: number; lockTimeoutMs?: number } = {}): Promise<number> {
  const started = performance.now();
  await updateSessionStore(storePath, (store) => void (store[key] = loadedEntry(key, 2)), { lockStaleMs: STALE_MS, lockTimeoutMs: 10_000, ...lockOptions });
  return Math.round(performance.now() - started);
}

/** Writes the owner record of the existing lock directory `lockPath` as this process would, with `overrides`. */
async function writeOwnerRecord(lockPath: string, overrides: Partial<ProcessIdentity>): Promise<void> {
  const { ino, birthtimeMs } = await stat(lockPath);
  const owner: LockOwner = { ...readProcessIdentity(), ...overrides, lock: { ino, birthtimeMs } };
  await writeFile(resolveLockOwnerPath(lockPath), JSON.stringify(owner));
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a child process');
  return pid;
}

describe('a leftover session-store lock', () => {
  it('whose mtime is an hour in the future (a crash, then the clock stepped back) is taken over by the next write at once', async () => {
    const storePath = await storeWithEntry();
    const lockPath = `${storePath}.lock`;
    await mkdir(lockPath);
    const future = new Date(Date.now() + HOUR_MS);
    await utimes(lockPath, future, future);

    const elapsed = await timedWrite(storePath, 'after');
    console.info(`[lock] leftover lock 1 h in the future → first successful write after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(PROMPT_MS);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['before', 'after']);
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
  });

  it('is an empty directory (any proper-lockfile user can rmdir it) whose owner record beside it names pid, host, boot, PID namespace and the directory; both go on release', async () => {
    const storePath = await storeWithEntry();
    const lock = await acquireSessionStoreLock(storePath);
    expect(await readdir(lock.lockPath)).toEqual([]);
    const owner = JSON.parse(await readFile(resolveLockOwnerPath(lock.lockPath), 'utf8')) as unknown;
    const { ino, birthtimeMs } = await stat(lock.lockPath);
    expect(owner).toEqual({ ...readProcessIdentity(), lock: { ino, birthtimeMs } });
    if (process.platform === 'linux') expect(owner).toMatchObject({ bootId: expect.any(String), pidNamespace: expect.stringMatching(/^pid:\[\d+\]$/) });
    await lock.release();
    await expect(stat(lock.lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
  });

  it('whose owner process was killed is taken over at once, without waiting out the stale window', async () => {
    const storePath = await storeWithEntry();
    const holder = launch('hold-lock', [storePath]);
    await holder.waitForLine(/^locked$/, 20_000);
    const owner = JSON.parse(await readFile(resolveLockOwnerPath(`${storePath}.lock`), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(holder.child.pid);
    holder.child.kill('SIGKILL');
    await holder.exited;

    const elapsed = await timedWrite(storePath, 'after');
    console.info(`[lock] lock of a killed process (fresh mtime) → first successful write after ${elapsed} ms`);
    expect(elapsed).toBeLessThan(PROMPT_MS);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['before', 'after']);
  }, 30_000);

  it('in the future but held by a live process is not taken from it; once that process is gone it is', async () => {
    const storePath = await storeWithEntry();
    const lockPath = `${storePath}.lock`;
    const holder = launch('hold-lock', [storePath]);
    await holder.waitForLine(/^locked$/, 20_000);
    const future = new Date(Date.now() + HOUR_MS);
    await utimes(lockPath, future, future);
    await expect(updateSessionStore(storePath, () => undefined, { lockTimeoutMs: 300 })).rejects.toThrow('Timed out after 300ms');

    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(await timedWrite(storePath, 'after')).toBeLessThan(PROMPT_MS);
  }, 30_000);

  it('in the future naming a live pid that never refreshes it (a reused pid) is taken over after the stale window', async () => {
    const storePath = await storeWithEntry();
    const lockPath = `${storePath}.lock`;
    await mkdir(lockPath);
    // This very process is alive, and is not holding the lock.
    await writeOwnerRecord(lockPath, { pid: process.pid });
    const future = new Date(Date.now() + HOUR_MS);
    await utimes(lockPath, future, future);

    // Before, such a lock was never taken over: succeeding within the lock timeout is the proof, and
    // the lower bound shows it waited out the stale window rather than trusting the pid (the window
    // counts from when the write first saw the lock, its mtime being in the future).
    const elapsed = await timedWrite(storePath, 'after', { lockStaleMs: 2_000, lockTimeoutMs: 10_000 });
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['before', 'after']);
  }, 30_000);

  it.each([
    ['another boot', { bootId: 'a-boot-before-the-last-reboot' }],
    ['another PID namespace (a container)', { pidNamespace: 'pid:[1]' }],
    ['another host', { hostname: 'another-host.example' }],
  ])('naming a dead pid of %s is judged by age, not by that pid; of this boot and namespace, by the pid', async (_name, foreign) => {
    const pid = deadPid();
    const sameSpace = await storeWithEntry();
    await mkdir(`${sameSpace}.lock`);
    await writeOwnerRecord(`${sameSpace}.lock`, { pid });
    expect(await timedWrite(sameSpace, 'after')).toBeLessThan(PROMPT_MS);

    const storePath = await storeWithEntry();
    const lockPath = `${storePath}.lock`;
    await mkdir(lockPath);
    await writeOwnerRecord(lockPath, { pid, ...foreign });
    // That pid may be a live process over there: only a lock nobody refreshes for the stale window goes.
    expect(await writeAfterStaleLock(storePath, 'after')).toBeGreaterThanOrEqual(2_000);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['before', 'after']);
  }, 30_000);

  it('whose owner record belongs to an earlier lock directory (a left-over record) is judged by age, not by its pid', async () => {
    const storePath = await storeWithEntry();
    const lockPath = `${storePath}.lock`;
    await mkdir(lockPath);
    await writeOwnerRecord(lockPath, { pid: deadPid() });
    const record = await readFile(resolveLockOwnerPath(lockPath), 'utf8');
    // Another proper-lockfile user removes the lock and takes a new one; the old record stays behind.
    await rmdir(lockPath);
    await mkdir(path.join(path.dirname(storePath), 'inode-shifter'));
    await mkdir(lockPath);
    await writeFile(resolveLockOwnerPath(lockPath), record);

    expect(await writeAfterStaleLock(storePath, 'after')).toBeGreaterThanOrEqual(2_000);
  }, 30_000);
});
