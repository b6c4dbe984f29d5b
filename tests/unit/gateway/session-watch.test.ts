import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionStoreCorruptError } from '../../../src-main/core/sessions/errors.js';
import { createSessionStore, updateSessionStore, type SessionStoreHandle } from '../../../src-main/core/sessions/store.js';
import { startSessionStoreWatcher, type SessionStoreDiff, type SessionStoreWatcher } from '../../../src-main/core/sessions/watch.js';

const entry = (id: string, updatedAt = 1_700_000_000_000) => ({ session_id: id, updated_at: updatedAt });

async function writeAtomic(file: string, value: unknown): Promise<void> {
  const temp = `${file}.tmp-${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, typeof value === 'string' ? value : JSON.stringify(value));
  await rename(temp, file);
}

async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('startSessionStoreWatcher', () => {
  let dir: string;
  let storePath: string;
  let watcher: SessionStoreWatcher | undefined;
  let store: SessionStoreHandle;
  const diffs: SessionStoreDiff[] = [];
  const errors: unknown[] = [];

  async function start(initial?: Record<string, unknown>, options: { coalesceMs?: number } = {}) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-watch-'));
    storePath = path.join(dir, 'sessions', 'sessions.json');
    if (initial) {
      await mkdir(path.dirname(storePath), { recursive: true });
      await writeAtomic(storePath, initial);
    }
    store = createSessionStore();
    watcher = await startSessionStoreWatcher(storePath, { store, onChange: (d) => diffs.push(d), onError: (e) => errors.push(e), pollIntervalMs: 100, ...options });
    return watcher;
  }

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    diffs.length = 0;
    errors.length = 0;
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the store as its baseline without reporting it as a change', async () => {
    const w = await start({ a: entry('s-a') });
    expect([...w.entries().keys()]).toEqual(['a']);
    expect(w.version()).toBe(1);
    expect(diffs).toEqual([]);
  });

  it('creates the store directory so it can be watched', async () => {
    await start();
    expect((await stat(path.dirname(storePath))).isDirectory()).toBe(true);
  });

  it('reports a write by someone else as updated and deleted keys, only those that changed', async () => {
    const w = await start({ a: entry('s-a'), b: entry('s-b'), c: entry('s-c') });
    await writeAtomic(storePath, { a: entry('s-a'), b: entry('s-b', 1_800_000_000_000), d: entry('s-d') });
    await until(() => diffs.length > 0);
    expect([...(diffs[0]?.updated.keys() ?? [])].sort()).toEqual(['b', 'd']);
    expect(diffs[0]?.deleted).toEqual(['c']);
    expect(w.version()).toBe(2);
  });

  it('refresh() after an own write resolves with that write', async () => {
    const w = await start({ a: entry('s-a') });
    await updateSessionStore(storePath, (store) => {
      store.z = { ...entry('s-z'), aborted_last_run: false, system_sent: false, compaction_count: 0 };
    });
    const diff = await w.refresh();
    expect([...diff.updated.keys()]).toEqual(['z']);
    expect(w.entries().get('z')?.session_id).toBe('s-z');
  });

  it('a write through its own store handle is in entries(), and reported, when the write resolves', async () => {
    // A poll far beyond the test's length: only the handle's write notification can be what updates the view.
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-watch-'));
    storePath = path.join(dir, 'sessions', 'sessions.json');
    store = createSessionStore();
    const w = await startSessionStoreWatcher(storePath, { store, onChange: (d) => diffs.push(d), pollIntervalMs: 60_000, coalesceMs: 60_000 });
    watcher = w;
    for (let i = 0; i < 5; i++) {
      await store.update(storePath, (s) => {
        s[`k${i}`] = { ...entry(`s-${i}`), aborted_last_run: false, system_sent: false, compaction_count: 0 };
      });
      expect(w.entries().get(`k${i}`)?.session_id).toBe(`s-${i}`);
    }
    expect(diffs.map((d) => [...d.updated.keys()])).toEqual([['k0'], ['k1'], ['k2'], ['k3'], ['k4']]);
    await store.update(storePath, (s) => void delete s.k0);
    expect(w.entries().has('k0')).toBe(false);
    // A closed watcher stops following the handle.
    await w.close();
    const before = w.version();
    await store.update(storePath, (s) => void delete s.k1);
    expect(w.version()).toBe(before);
  });

  /** A watcher whose fs events and poll never fire within a test: only its handle's writes and explicit reads update it. */
  async function startDeaf(initial?: Record<string, unknown>): Promise<SessionStoreWatcher> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-watch-'));
    storePath = path.join(dir, 'sessions', 'sessions.json');
    if (initial) {
      await mkdir(path.dirname(storePath), { recursive: true });
      await writeAtomic(storePath, initial);
    }
    store = createSessionStore();
    watcher = await startSessionStoreWatcher(storePath, { store, onChange: (d) => diffs.push(d), pollIntervalMs: 60_000, coalesceMs: 60_000 });
    return watcher;
  }

  const full = (id: string, updatedAt?: number) => ({ ...entry(id, updatedAt), aborted_last_run: false, system_sent: false, compaction_count: 0 });

  it('an own write over a file someone else changed since the last read shows their change as well', async () => {
    const w = await startDeaf({ a: entry('s-a') });
    await writeAtomic(storePath, { a: entry('s-a'), theirs: entry('s-theirs') });
    await store.update(storePath, (s) => void (s.ours = full('s-ours')));
    expect([...w.entries().keys()].sort()).toEqual(['a', 'ours', 'theirs']);
    expect(diffs.map((d) => [...d.updated.keys()].sort())).toEqual([['ours', 'theirs']]);
  });

  it('a write by someone else right after an own write is still read', async () => {
    const w = await start({ a: entry('s-a') });
    await store.update(storePath, (s) => void (s.ours = full('s-ours')));
    await writeAtomic(storePath, { a: entry('s-a'), ours: full('s-ours'), theirs: entry('s-theirs') });
    await until(() => w.entries().has('theirs'));
    expect(w.entries().has('ours')).toBe(true);
  });

  it('an in-place rewrite keeping size and mtime after an own write is still read', async () => {
    const w = await start({});
    await store.update(storePath, (s) => void (s.a = full('s-a', 1_700_000_000_000)));
    const written = await stat(storePath);
    const same = (await readFile(storePath, 'utf8')).replace('"s-a"', '"s-b"');
    await writeFile(storePath, same);
    await utimes(storePath, written.atime, written.mtime);
    await until(() => w.entries().get('a')?.session_id === 's-b');
  });

  it('entries enforce-mode maintenance removes during an own write leave the view, reported as deleted', async () => {
    const w = await startDeaf({ old: entry('s-old', 1), mid: entry('s-mid', 2) });
    await store.update(storePath, (s) => void (s.new = full('s-new', 3)), { maintenance: { mode: 'enforce', max_entries: 1, prune_after_days: 365_000 } });
    expect([...w.entries().keys()]).toEqual(['new']);
    expect(diffs.map((d) => [...d.deleted].sort())).toEqual([['mid', 'old']]);
  });

  it('readEntry answers from the view while the file is unchanged, and re-reads a file someone else replaced', async () => {
    const w = await startDeaf({ a: entry('s-a') });
    const copy = await w.readEntry('a');
    expect(copy?.session_id).toBe('s-a');
    // A copy: changing it leaves the view alone.
    if (copy) copy.session_id = 'changed';
    expect(w.entries().get('a')?.session_id).toBe('s-a');
    expect(await w.readEntry('missing')).toBeUndefined();
    await writeAtomic(storePath, { a: entry('s-a2') });
    expect((await w.readEntry('a'))?.session_id).toBe('s-a2');
    expect(w.entries().get('a')?.session_id).toBe('s-a2');
  });

  it("shows the store handle's own entry objects, and changedSince names the keys changed after a version until it forgets that far back", async () => {
    const w = await startDeaf({ a: entry('s-a') });
    const start = w.version();
    await store.update(storePath, (s) => void (s.b = full('s-b')));
    await store.update(storePath, (s) => void delete s.a);
    expect(w.entries().get('b')).toBe((await store.loadEntries(storePath)).entries.get('b'));
    expect([...(w.changedSince(start) ?? [])].sort()).toEqual(['a', 'b']);
    expect(w.changedSince(w.version())?.size).toBe(0);
    const beforeBulk = w.version();
    await store.update(storePath, (s) => {
      for (let i = 0; i < 5_000; i++) s[`bulk${i}`] = full(`s-${i}`);
    });
    expect(w.changedSince(beforeBulk)).toBeUndefined();
    expect(w.changedSince(w.version())?.size).toBe(0);
  });

  it('coalesces a burst of writes into fewer reports, ending in the final state', async () => {
    // A window wide enough that a loaded machine still writes several times inside it.
    const w = await start({}, { coalesceMs: 250 });
    const contents: Record<string, unknown> = {};
    for (let i = 0; i < 25; i++) {
      contents[`k${i}`] = entry(`s-${i}`);
      await writeAtomic(storePath, contents);
    }
    await until(() => w.entries().size === 25);
    expect(diffs.length).toBeLessThan(25);
  });

  it('reports a corrupt store through onError and reports no change for it; the bytes are kept aside', async () => {
    await start({ a: entry('s-a') });
    const truncated = '{"a": {"session_id": ';
    await writeAtomic(storePath, truncated);
    await until(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(SessionStoreCorruptError);
    expect(diffs.some((d) => d.updated.size > 0)).toBe(false);
    const dirName = path.dirname(storePath);
    const quarantined = (await readdir(dirName)).filter((name) => name.includes('.corrupt-'));
    expect(quarantined).toHaveLength(1);
    expect(await readFile(path.join(dirName, quarantined[0] ?? ''), 'utf8')).toBe(truncated);
  });

  it('reports nothing after close', async () => {
    const w = await start({});
    await w.close();
    // A second watcher on the same file is the marker: it gets the same fs events at the same time,
    // and once it has reported two writes in turn, a live first watcher would have reported the first.
    const seen: SessionStoreDiff[] = [];
    const witness = await startSessionStoreWatcher(storePath, { store, onChange: (d) => seen.push(d), pollIntervalMs: 100 });
    try {
      await writeAtomic(storePath, { late: entry('s-late') });
      await until(() => seen.length === 1);
      await writeAtomic(storePath, { late: entry('s-late'), later: entry('s-later') });
      await until(() => seen.length === 2);
    } finally {
      await witness.close();
    }
    expect(diffs).toEqual([]);
  });
});
