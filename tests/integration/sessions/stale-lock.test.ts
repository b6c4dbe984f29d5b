// Leftover session-store locks: stale by age in either direction, or by an owner process that is gone.
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearSessionStoreCacheForTest, loadSessionStore, updateSessionStore } from '../../../src-main/core/sessions/index.js';
import { acquireSessionStoreLock } from '../../../src-main/core/sessions/lock.js';
import { LOCK_OWNER_FILE } from '../../../src-main/core/utils/file-lock.js';
import { loadedEntry, useTempDirs } from '../../unit/sessions/helpers.js';
import { useFixtureProcesses } from './child-process.js';

const tempDir = useTempDirs();
const launch = useFixtureProcesses();
beforeEach(() => clearSessionStoreCacheForTest());

const HOUR_MS = 3_600_000;
// Far below the 10 s stale window a leftover lock used to need (and a future one never reached).
const PROMPT_MS = 1_000;

async function storeWithEntry(): Promise<string> {
  const storePath = path.join(await tempDir(), 'sessions.json');
  await updateSessionStore(storePath, (store) => void (store.before = loadedEntry('s0', 1)));
  return storePath;
}

async function timedWrite(storePath: string, key: string, lockTimeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  await updateSessionStore(storePath, (store) => void (store[key] = loadedEntry(key, 2)), { lockTimeoutMs });
  return Math.round(performance.now() - started);
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

  it('names its owner (pid and host) while held, and is removed entirely on release', async () => {
    const storePath = await storeWithEntry();
    const lock = await acquireSessionStoreLock(storePath);
    const owner = JSON.parse(await readFile(path.join(lock.lockPath, LOCK_OWNER_FILE), 'utf8')) as unknown;
    expect(owner).toEqual({ pid: process.pid, hostname: os.hostname() });
    await lock.release();
    await expect(stat(lock.lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('whose owner process was killed is taken over at once, without waiting out the 10 s stale window', async () => {
    const storePath = await storeWithEntry();
    const holder = launch('hold-lock', [storePath]);
    await holder.waitForLine(/^locked$/, 20_000);
    const owner = JSON.parse(await readFile(path.join(`${storePath}.lock`, LOCK_OWNER_FILE), 'utf8')) as { pid: number };
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
    await writeFile(path.join(lockPath, LOCK_OWNER_FILE), JSON.stringify({ pid: process.pid, hostname: os.hostname() }));
    const future = new Date(Date.now() + HOUR_MS);
    await utimes(lockPath, future, future);

    const started = performance.now();
    await updateSessionStore(storePath, (store) => void (store.after = loadedEntry('s1', 2)), { lockStaleMs: 2_000, lockTimeoutMs: 5_000 });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    expect(elapsed).toBeLessThan(3_000);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['before', 'after']);
  });
});
