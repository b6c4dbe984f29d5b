import { readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION_PRUNE_AFTER_MS,
  DEFAULT_SESSION_STORE_TTL_MS,
  SessionStoreCorruptError,
  createSessionStore,
  getDefaultSessionStore,
  loadSessionStore,
} from '../../../src-main/core/sessions/index.js';
import { loadedEntry, rawEntry, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

async function storeFile(content: unknown): Promise<string> {
  const storePath = path.join(await tempDir(), 'sessions.json');
  await writeFile(storePath, typeof content === 'string' ? content : JSON.stringify(content));
  return storePath;
}

/** Rewrites the file in place with the same size and mtime: only a cache past its lifetime notices. */
async function editInPlace(storePath: string, content: unknown): Promise<void> {
  await writeFile(storePath, JSON.stringify(content));
  await utimes(storePath, 1_700_000_000, 1_700_000_000);
}

describe('createSessionStore', () => {
  it('keeps a cache of its own: another handle reads the file', async () => {
    const storePath = await storeFile({ a: rawEntry('s1', 1) });
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    const first = createSessionStore();
    await first.load(storePath);
    await editInPlace(storePath, { b: rawEntry('s1', 1) });
    const second = createSessionStore();
    expect([Object.keys(await first.load(storePath)), Object.keys(await second.load(storePath))]).toEqual([['a'], ['b']]);
  });

  it('forgets its cache on clearCache, leaving the default handle alone', async () => {
    const storePath = await storeFile({ a: rawEntry('s1', 1) });
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    const handle = createSessionStore();
    await handle.load(storePath);
    await loadSessionStore(storePath);
    await editInPlace(storePath, { b: rawEntry('s1', 1) });
    handle.clearCache();
    expect([Object.keys(await handle.load(storePath)), Object.keys(await loadSessionStore(storePath))]).toEqual([['b'], ['a']]);
    getDefaultSessionStore().clearCache();
  });

  it('times its cache with the clock it was given', async () => {
    let now = 1_000_000;
    const handle = createSessionStore({ clock: () => now });
    const storePath = await storeFile({ a: rawEntry('s1', 1) });
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    await handle.load(storePath);
    await editInPlace(storePath, { b: rawEntry('s1', 1) });
    now += DEFAULT_SESSION_STORE_TTL_MS - 1;
    expect(Object.keys(await handle.load(storePath))).toEqual(['a']);
    now += 1;
    expect(Object.keys(await handle.load(storePath))).toEqual(['b']);
  });

  it('names a quarantined store after its clock', async () => {
    const handle = createSessionStore({ clock: () => 1_234 });
    const storePath = await storeFile('not json');
    await expect(handle.load(storePath)).rejects.toBeInstanceOf(SessionStoreCorruptError);
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json.corrupt-1234']);
  });

  it('prunes by its clock in enforce mode', async () => {
    const now = 100 * 24 * 60 * 60 * 1000;
    const handle = createSessionStore({ clock: () => now });
    const storePath = path.join(await tempDir(), 'sessions.json');
    await handle.update(
      storePath,
      (store) => {
        store.stale = loadedEntry('s1', now - DEFAULT_SESSION_PRUNE_AFTER_MS - 1);
        store.fresh = loadedEntry('s2', now - DEFAULT_SESSION_PRUNE_AFTER_MS + 1);
      },
      { maintenance: { mode: 'enforce' } },
    );
    expect(Object.keys(await handle.load(storePath, { skipCache: true }))).toEqual(['fresh']);
  });

  it('refuses an update of the same store from inside one of its own mutators', async () => {
    const handle = createSessionStore();
    const storePath = path.join(await tempDir(), 'sessions.json');
    const inner = await handle.update(storePath, (store) => {
      store.outer = loadedEntry('s1', 1);
      return handle.update(storePath, () => undefined).catch((error: unknown) => error);
    });
    expect(String(inner)).toContain('from inside one of its own update mutators');
  });
});

describe('getDefaultSessionStore', () => {
  it('is the one handle behind the free functions', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    expect(getDefaultSessionStore()).toBe(getDefaultSessionStore());
    await getDefaultSessionStore().save(storePath, { a: loadedEntry('s1', 1) });
    expect(await loadSessionStore(storePath)).toEqual({ a: loadedEntry('s1', 1) });
  });
});
