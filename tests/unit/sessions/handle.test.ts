import { readFile, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SESSION_PRUNE_AFTER_MS,
  DEFAULT_SESSION_STORE_TTL_MS,
  SessionStoreCorruptError,
  createSessionStore,
  getDefaultSessionStore,
  loadSessionStore,
  type SessionStoreWrite,
} from '../../../src-main/core/sessions/index.js';
import { loadedEntry, rawEntry, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
// A variable, so TypeScript reads it as a session key rather than Object's `constructor` member.
const CONSTRUCTOR: string = 'constructor';

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

  it('reads keys named like Object.prototype members as entries, and absent ones as undefined', async () => {
    const storePath = await storeFile(`{"constructor":${JSON.stringify(rawEntry('s-c', 1))},"__proto__":${JSON.stringify(rawEntry('s-p', 2))}}`);
    const handle = createSessionStore();
    const loaded = await handle.load(storePath);
    expect([loaded[CONSTRUCTOR]?.session_id, loaded['__proto__']?.session_id, loaded.toString, loaded.hasOwnProperty]).toEqual(['s-c', 's-p', undefined, undefined]);
    const seen = await handle.update(storePath, (store) => {
      const found = [store[CONSTRUCTOR]?.session_id, store['__proto__']?.session_id, store.toString];
      store['toString' as string] = loadedEntry('s-t', 3);
      store['__proto__'] = loadedEntry('s-p2', 4);
      return found;
    });
    expect(seen).toEqual(['s-c', 's-p', undefined]);
    const reloaded = await createSessionStore().load(storePath);
    expect(Object.keys(reloaded).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(reloaded['__proto__']?.session_id).toBe('s-p2');
    expect(await handle.readUpdatedAt(storePath, 'valueOf')).toBeUndefined();
  });

  it('an update sees a same-size, same-mtime rewrite by someone else since its own last write', async () => {
    const handle = createSessionStore();
    const storePath = path.join(await tempDir(), 'sessions.json');
    await handle.update(storePath, (store) => void (store.a = loadedEntry('s-1', 1)));
    const written = await readFile(storePath, 'utf8');
    const { mtime, atime } = await stat(storePath);
    await writeFile(storePath, written.replace('"s-1"', '"s-2"'));
    await utimes(storePath, atime, mtime);
    await handle.update(storePath, (store) => void (store.b = loadedEntry('s-3', 1)));
    const onDisk = JSON.parse(await readFile(storePath, 'utf8')) as Record<string, { session_id: string }>;
    expect([onDisk.a?.session_id, onDisk.b?.session_id]).toEqual(['s-2', 's-3']);
  });

  it('tells write listeners about each batch that wrote, before the writers get their answer', async () => {
    const handle = createSessionStore();
    const storePath = path.join(await tempDir(), 'sessions.json');
    const heard: string[] = [];
    const stop = handle.onWrite(async (written) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      heard.push(written.storePath);
    });
    await handle.update(storePath, (store) => void (store.a = loadedEntry('s1', 1)));
    expect(heard).toEqual([path.resolve(storePath)]);
    // Nothing changed, nothing written: no call.
    await handle.update(storePath, () => undefined);
    expect(heard).toHaveLength(1);
    // A failing listener does not fail the write it was told about.
    const stopFailing = handle.onWrite(() => {
      throw new Error('listener broke');
    });
    await handle.save(storePath, {});
    expect(heard).toHaveLength(2);
    stop();
    stopFailing();
    await handle.update(storePath, (store) => void (store.b = loadedEntry('s2', 1)));
    expect(heard).toHaveLength(2);
  });
});

describe('write listeners', () => {
  it('hear the entries an update changed and the file version it changed, not the whole store', async () => {
    const storePath = await storeFile({ a: rawEntry('s-a', 1), b: rawEntry('s-b', 1), c: rawEntry('s-c', 1) });
    const handle = createSessionStore();
    const heard: SessionStoreWrite[] = [];
    handle.onWrite((write) => void heard.push(write));
    const before = await handle.loadWithVersion(storePath);
    await handle.update(storePath, (store) => {
      void store.a?.session_id;
      store.b = loadedEntry('s-b', 2);
      delete store.c;
      store.d = loadedEntry('s-d', 3);
    });
    const [write] = heard;
    expect(write?.version).toBe(await handle.readVersion(storePath));
    expect(write?.changes?.baseVersion).toBe(before.version);
    expect(Object.fromEntries(write?.changes?.updated ?? [])).toEqual({ b: loadedEntry('s-b', 2), d: loadedEntry('s-d', 3) });
    expect(write?.changes?.deleted).toEqual(['c']);
  });

  it('hear the entries enforce-mode maintenance removed as deleted', async () => {
    const storePath = await storeFile({ old: rawEntry('s-old', 1), mid: rawEntry('s-mid', 2) });
    const handle = createSessionStore();
    const heard: SessionStoreWrite[] = [];
    handle.onWrite((write) => void heard.push(write));
    await handle.update(storePath, (store) => void (store.new = loadedEntry('s-new', 3)), { maintenance: { mode: 'enforce', max_entries: 1, prune_after_days: 365_000 } });
    expect([...(heard[0]?.changes?.updated.keys() ?? [])]).toEqual(['new']);
    expect([...(heard[0]?.changes?.deleted ?? [])].sort()).toEqual(['mid', 'old']);
  });

  it('hear a base version of null when the update created the file, and no changes for a save', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    const handle = createSessionStore();
    const heard: SessionStoreWrite[] = [];
    handle.onWrite((write) => void heard.push(write));
    await handle.update(storePath, (store) => void (store.a = loadedEntry('s-a', 1)));
    await handle.save(storePath, { b: loadedEntry('s-b', 1) });
    expect(heard.map((write) => write.changes?.baseVersion)).toEqual([null, undefined]);
  });
});

describe('loadEntries', () => {
  it('hands out the cached entries themselves, frozen all the way down, the same objects while the file is unchanged', async () => {
    const storePath = await storeFile({ a: rawEntry('s-a', 1, { origin: { label: 'x' } }) });
    const handle = createSessionStore();
    const first = await handle.loadEntries(storePath);
    const second = await handle.loadEntries(storePath);
    const entry = first.entries.get('a');
    expect(second.entries.get('a')).toBe(entry);
    expect(first.version).toBe(await handle.readVersion(storePath));
    expect(() => {
      (entry as { session_id: string }).session_id = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (entry?.origin as { label: string }).label = 'changed';
    }).toThrow(TypeError);
    // load still gives copies the caller may change.
    const copy = await handle.load(storePath);
    copy.a!.origin!.label = 'mine';
    expect((await handle.loadEntries(storePath)).entries.get('a')?.origin?.label).toBe('x');
  });

  it('keeps the objects of entries someone else left unchanged, and sees an in-place rewrite that load serves from its cache', async () => {
    const storePath = await storeFile({ a: rawEntry('s-a', 1), b: rawEntry('s-b', 1) });
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    const handle = createSessionStore();
    const before = (await handle.loadEntries(storePath)).entries;
    await writeFile(`${storePath}.next`, JSON.stringify({ a: rawEntry('s-a', 1), b: rawEntry('s-b', 2) }));
    await rename(`${storePath}.next`, storePath);
    const after = (await handle.loadEntries(storePath)).entries;
    expect(after.get('a')).toBe(before.get('a'));
    expect(after.get('b')?.updated_at).toBe(2);
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    await handle.load(storePath);
    await editInPlace(storePath, { a: rawEntry('s-a', 1), b: rawEntry('s-c', 2) });
    expect((await handle.load(storePath)).b?.session_id).toBe('s-b');
    expect((await handle.loadEntries(storePath)).entries.get('b')?.session_id).toBe('s-c');
  });

  it('is empty with a null version for a missing file', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    const { entries, version } = await createSessionStore().loadEntries(storePath);
    expect([entries.size, version]).toEqual([0, null]);
  });
});

describe('whenIdle', () => {
  it('resolves at once when nothing is being written, else once the queued updates are done', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    const handle = createSessionStore();
    await handle.whenIdle(storePath);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    const first = handle.update(storePath, async (store) => {
      await gate;
      store.a = loadedEntry('s-a', 1);
    });
    const second = handle.update(storePath, (store) => void (store.b = loadedEntry('s-b', 1)));
    const idle = handle.whenIdle(storePath).then(() => order.push('idle'));
    void first.then(() => order.push('first'));
    void second.then(() => order.push('second'));
    release();
    await Promise.all([first, second, idle]);
    expect(order).toEqual(['first', 'second', 'idle']);
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
