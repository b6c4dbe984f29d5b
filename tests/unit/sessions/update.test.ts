import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionEntry, SessionStore } from '../../../src-shared/sessions/entry.js';
import {
  SessionEntryInvalidError,
  SessionStoreCorruptError,
  clearSessionStoreCacheForTest,
  loadSessionStore,
  readSessionStoreVersion,
  saveSessionStore,
  updateSessionStore,
} from '../../../src-main/core/sessions/index.js';
import { acquireSessionStoreLock } from '../../../src-main/core/sessions/lock.js';
import { loadedEntry, rawEntry, recordingLogger, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
beforeEach(() => clearSessionStoreCacheForTest());

async function newStorePath(initial?: unknown): Promise<string> {
  const storePath = path.join(await tempDir(), 'sessions.json');
  if (initial !== undefined) await writeFile(storePath, JSON.stringify(initial));
  return storePath;
}

function entry(id: string, updatedAt = Date.now()): SessionEntry {
  return loadedEntry(id, updatedAt);
}

describe('updateSessionStore', () => {
  it('creates the store, applies the mutator and resolves with its return value', async () => {
    const storePath = await newStorePath();
    const result = await updateSessionStore(storePath, (store) => {
      store.a = entry('s1', 1);
      return 'done';
    });
    expect(result).toBe('done');
    expect(JSON.parse(await readFile(storePath, 'utf8'))).toEqual({ a: entry('s1', 1) });
  });

  it('awaits an async mutator before writing', async () => {
    const storePath = await newStorePath();
    await updateSessionStore(storePath, async (store) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      store.late = entry('s1', 1);
    });
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['late']);
  });

  it('re-reads the file inside the lock, keeping a write made after the last load', async () => {
    const storePath = await newStorePath({ a: rawEntry('s1', 1) });
    await loadSessionStore(storePath);
    await writeFile(storePath, JSON.stringify({ a: rawEntry('s1', 1), b: rawEntry('s2', 2) }));
    await updateSessionStore(storePath, (store) => {
      store.c = entry('s3', 3);
    });
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['a', 'b', 'c']);
  });

  it('applies calls made in the same tick in one read-modify-write, in call order', async () => {
    const storePath = await newStorePath({});
    const seen: Array<{ ino: bigint; keys: number }> = [];
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        updateSessionStore(storePath, async (store) => {
          seen.push({ ino: (await stat(storePath, { bigint: true })).ino, keys: Object.keys(store).length });
          store[`k${i}`] = entry(`s${i}`);
        }),
      ),
    );
    expect(new Set(seen.map((s) => s.ino)).size).toBe(1);
    expect(seen.map((s) => s.keys)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(Array.from({ length: 16 }, (_, i) => `k${i}`));
  });

  it('batches calls that arrive while a write is in flight', async () => {
    const storePath = await newStorePath({});
    let releaseFirst!: () => void;
    const firstStarted = new Promise<void>((started) => {
      void updateSessionStore(storePath, async (store) => {
        started();
        await new Promise<void>((resolve) => (releaseFirst = resolve));
        store.first = entry('s0');
      });
    });
    await firstStarted;
    const inodes: bigint[] = [];
    const queued = Array.from({ length: 5 }, (_, i) =>
      updateSessionStore(storePath, async (store) => {
        inodes.push((await stat(storePath, { bigint: true })).ino);
        store[`q${i}`] = entry(`q${i}`);
      }),
    );
    releaseFirst();
    await Promise.all(queued);
    expect(inodes).toHaveLength(5);
    expect(new Set(inodes).size).toBe(1);
    expect(Object.keys(await loadSessionStore(storePath)).sort()).toEqual(['first', 'q0', 'q1', 'q2', 'q3', 'q4']);
  });

  it('a throwing mutator gets its error, loses only its own changes, and the others are written', async () => {
    const storePath = await newStorePath({ shared: rawEntry('s0', 1, { label: 'before' }) });
    const results = await Promise.allSettled([
      updateSessionStore(storePath, (store) => {
        store.a = entry('s1', 1);
      }),
      updateSessionStore(storePath, (store) => {
        store.shared!.label = 'half-done';
        store.ghost = entry('ghost', 1);
        delete store.a;
        throw new Error('mutator failed');
      }),
      updateSessionStore(storePath, (store) => {
        store.b = entry('s2', 2);
        return Object.keys(store);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('mutator failed'));
    expect((results[2] as PromiseFulfilledResult<string[]>).value).toEqual(['shared', 'a', 'b']);
    const onDisk = JSON.parse(await readFile(storePath, 'utf8')) as SessionStore;
    expect(Object.keys(onDisk)).toEqual(['shared', 'a', 'b']);
    expect(onDisk.shared?.label).toBe('before');
  });

  it('a mutator leaving an invalid entry is rejected with the entry named; the others are written', async () => {
    const storePath = await newStorePath({});
    const [good, bad] = await Promise.allSettled([
      updateSessionStore(storePath, (store) => {
        store.good = entry('s1');
      }),
      updateSessionStore(storePath, (store) => {
        store.bad = { session_id: 's2' } as SessionEntry;
      }),
    ]);
    expect(good.status).toBe('fulfilled');
    const reason = (bad as PromiseRejectedResult).reason as Error;
    expect(reason).toBeInstanceOf(SessionEntryInvalidError);
    expect(reason.message).toBe(
      `Refusing to write invalid session entries to ${storePath}; nothing was written:\n` +
        '  "bad".updated_at: Invalid input: expected number, received undefined',
    );
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['good']);
  });

  it('writes nothing when no mutator changed anything', async () => {
    const storePath = await newStorePath({ a: rawEntry('s1', 1) });
    const version = await readSessionStoreVersion(storePath);
    const label = await updateSessionStore(storePath, (store) => store.a?.session_id);
    expect(label).toBe('s1');
    expect(await readSessionStoreVersion(storePath)).toBe(version);
  });

  it('treats an entry set to undefined as deleted', async () => {
    const storePath = await newStorePath({ a: rawEntry('s1', 1), b: rawEntry('s2', 2) });
    await updateSessionStore(storePath, (store) => {
      (store as Record<string, SessionEntry | undefined>).a = undefined;
    });
    expect(Object.keys(JSON.parse(await readFile(storePath, 'utf8')) as object)).toEqual(['b']);
  });

  it('returns entries detached from the store, so changing them later changes nothing', async () => {
    const storePath = await newStorePath({ a: rawEntry('s1', 1) });
    const read = await updateSessionStore(storePath, (store) => store.a);
    const written = await updateSessionStore(storePath, (store) => {
      store.b = entry('s2', 2);
      return store.b;
    });
    read!.label = 'mutated later';
    written.label = 'mutated later';
    const loaded = await loadSessionStore(storePath);
    expect(loaded.a?.label).toBeUndefined();
    expect(loaded.b?.label).toBeUndefined();
  });

  it('a mutator returning the store itself gets a copy of the committed store', async () => {
    const storePath = await newStorePath({});
    const result = await updateSessionStore(storePath, (store) => {
      store.a = entry('s1', 1);
      return store;
    });
    expect(result).toEqual({ a: entry('s1', 1) });
  });

  it('the store handed to a mutator cannot be used after it returned', async () => {
    const storePath = await newStorePath({});
    let kept: SessionStore | undefined;
    await updateSessionStore(storePath, (store) => {
      kept = store;
    });
    expect(() => {
      kept!.late = entry('s1');
    }).toThrow(TypeError);
    expect(await loadSessionStore(storePath)).toEqual({});
  });

  it('keeps entries it cannot read in the file, untouched', async () => {
    const unreadable = { session_id: 42, note: 'from a newer tool' };
    const storePath = await newStorePath({ odd: unreadable, a: rawEntry('s1', 1) });
    await updateSessionStore(storePath, (store) => {
      expect(Object.keys(store)).toEqual(['a']);
      store.b = entry('s2', 2);
    });
    const onDisk = JSON.parse(await readFile(storePath, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(onDisk).sort()).toEqual(['a', 'b', 'odd']);
    expect(onDisk.odd).toEqual(unreadable);
  });

  it('stores a "__proto__" session key as an ordinary key', async () => {
    const storePath = await newStorePath({});
    await updateSessionStore(storePath, (store) => {
      store['__proto__'] = entry('s1', 1);
    });
    expect(await readFile(storePath, 'utf8')).toContain('"__proto__": {');
    const loaded = await loadSessionStore(storePath, { skipCache: true });
    expect(Object.keys(loaded)).toEqual(['__proto__']);
    // No prototype at all (none to replace), so every key, `__proto__` included, is an entry.
    expect(Object.getPrototypeOf(loaded)).toBeNull();
    expect(loaded['__proto__']?.session_id).toBe('s1');
  });

  it('quarantines a corrupt store and rejects every caller of the batch', async () => {
    const storePath = await newStorePath();
    await writeFile(storePath, '{"a": {"session_id": "s1"');
    const logger = recordingLogger();
    const results = await Promise.allSettled([
      updateSessionStore(storePath, (store) => void (store.a = entry('s1')), { logger }),
      updateSessionStore(storePath, (store) => void (store.b = entry('s2')), { logger }),
    ]);
    for (const result of results) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SessionStoreCorruptError);
    const { quarantinePath, message } = (results[0] as PromiseRejectedResult).reason as SessionStoreCorruptError;
    expect(logger.warnings).toEqual([message]);
    expect(await readFile(quarantinePath, 'utf8')).toBe('{"a": {"session_id": "s1"');
    expect(await readdir(path.dirname(storePath))).toEqual([path.basename(quarantinePath)]);
    await updateSessionStore(storePath, (store) => void (store.c = entry('s3')));
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['c']);
  });

  it('times out with a clear error when another writer keeps the lock, leaving the file alone', async () => {
    const storePath = await newStorePath({ a: rawEntry('s1', 1) });
    const before = await readFile(storePath, 'utf8');
    const held = await acquireSessionStoreLock(storePath);
    try {
      const started = Date.now();
      await expect(updateSessionStore(storePath, (store) => void (store.b = entry('s2')), { lockTimeoutMs: 300 })).rejects.toThrow(
        `Timed out after 300ms waiting for the session store lock ${storePath}.lock (another OpenClaw process is writing it)`,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await held.release();
    }
    expect(await readFile(storePath, 'utf8')).toBe(before);
  });

  it('refuses an update of the same store from inside a mutator instead of waiting forever', async () => {
    const storePath = await newStorePath({});
    const innerError = await updateSessionStore(storePath, async (store) => {
      store.outer = entry('s1');
      return updateSessionStore(storePath, (inner) => void (inner.inner = entry('s2'))).catch((e: unknown) => e);
    });
    expect((innerError as Error).message).toBe(
      `Cannot update the session store ${storePath} from inside one of its own update mutators ` +
        '(it would wait for itself forever); change the store object the mutator was given instead',
    );
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['outer']);
  });

  it('allows an update scheduled by a mutator to run after it finished', async () => {
    const storePath = await newStorePath({});
    let later!: Promise<void>;
    await updateSessionStore(storePath, (store) => {
      store.first = entry('s1');
      later = new Promise<void>((resolve) => setTimeout(resolve, 10)).then(() =>
        updateSessionStore(storePath, (next) => void (next.second = entry('s2'))),
      );
    });
    await later;
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['first', 'second']);
  });

  it('serialises a save queued behind updates', async () => {
    const storePath = await newStorePath({});
    const update = updateSessionStore(storePath, (store) => void (store.a = entry('s1')));
    const save = saveSessionStore(storePath, { only: entry('s9') });
    await Promise.all([update, save]);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['only']);
  });
});
