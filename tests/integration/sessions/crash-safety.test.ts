import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION_STORE_LOCK_STALE_MS,
  SessionStoreLockCompromisedError,
  clearSessionStoreCacheForTest,
  loadSessionStore,
  updateSessionStore,
} from '../../../src-main/core/sessions/index.js';
import { loadedEntry, useTempDirs } from '../../unit/sessions/helpers.js';
import { useFixtureProcesses } from './child-process.js';

const tempDir = useTempDirs();
const launch = useFixtureProcesses();
beforeEach(() => clearSessionStoreCacheForTest());

const SHORT_STALE_MS = 2_000;

describe('a writer killed while holding the lock', () => {
  it(`is taken over by the next writer within the default ${DEFAULT_SESSION_STORE_LOCK_STALE_MS} ms stale window`, async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    await updateSessionStore(storePath, (store) => void (store.before = loadedEntry('s0', Date.now())));
    const holder = launch('hold-lock', [storePath]);
    await holder.waitForLine(/^locked$/, 20_000);
    await expect(updateSessionStore(storePath, () => undefined, { lockTimeoutMs: 100 })).rejects.toThrow('Timed out after 100ms');

    holder.child.kill('SIGKILL');
    expect((await holder.exited).signal).toBe('SIGKILL');
    expect((await stat(`${storePath}.lock`)).isDirectory()).toBe(true);
    const started = Date.now();
    await updateSessionStore(storePath, (store) => void (store.after = loadedEntry('s1', Date.now())));
    expect(Date.now() - started).toBeLessThan(DEFAULT_SESSION_STORE_LOCK_STALE_MS + 2_000);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['before', 'after']);
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
  }, 30_000);

  it('in a loop of writes leaves the old or the new version, never a partial file', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    for (let round = 0; round < 2; round += 1) {
      const prefix = `round${round}-`;
      const writer = launch('write-loop', [storePath, prefix, String(SHORT_STALE_MS)]);
      // Kill at a random moment a little after a random write: often mid-write, holding the lock.
      const target = 5 + Math.floor(Math.random() * 20);
      await writer.waitForLine(new RegExp(`^wrote ${target}$`), 20_000);
      await sleep(Math.random() * 15);
      writer.child.kill('SIGKILL');
      await writer.exited;
      const lastReported = Math.max(...writer.lines.map((l) => Number(/^wrote (\d+)$/.exec(l)?.[1] ?? 0)));

      const text = await readFile(storePath, 'utf8');
      const onDisk = JSON.parse(text) as Record<string, { label?: string }>;
      const thisRound = Object.keys(onDisk).filter((k) => k.startsWith(prefix));
      expect(thisRound.length).toBeGreaterThanOrEqual(lastReported);
      expect(thisRound.length).toBeLessThanOrEqual(lastReported + 1);
      for (const key of thisRound) expect(onDisk[key]?.label).toHaveLength(20_000);

      const started = Date.now();
      await updateSessionStore(storePath, (store) => void (store[`after-${round}`] = loadedEntry(`after-${round}`, Date.now())), {
        lockStaleMs: SHORT_STALE_MS,
      });
      expect(Date.now() - started).toBeLessThan(SHORT_STALE_MS + 2_000);
      clearSessionStoreCacheForTest();
      expect(Object.keys(await loadSessionStore(storePath))).toContain(`after-${round}`);
      expect((await readdir(path.dirname(storePath))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    }
  }, 60_000);
});

describe('a lock lost while writing', () => {
  it('fails that update with a clear error instead of crashing, and writes nothing', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    await writeFile(storePath, JSON.stringify({ a: loadedEntry('s1', 1) }));
    const before = await readFile(storePath, 'utf8');
    const lockPath = `${storePath}.lock`;
    const error = await updateSessionStore(
      storePath,
      async (store) => {
        // Someone removes our lock; the 1 s refresh (half of a 2 s stale window) notices.
        await rm(lockPath, { recursive: true });
        await sleep(2_500);
        store.b = loadedEntry('s2', 2);
      },
      { lockStaleMs: SHORT_STALE_MS },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStoreLockCompromisedError);
    expect((error as Error).message).toBe(
      `Lost the session store lock ${lockPath} before writing ${storePath} ` +
        `(ENOENT: no such file or directory, stat '${lockPath}'); nothing was written, retry the update`,
    );
    expect(await readFile(storePath, 'utf8')).toBe(before);
    await updateSessionStore(storePath, (store) => void (store.c = loadedEntry('s3', 3)));
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['a', 'c']);
  }, 20_000);
});
