import path from 'node:path';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { startFileWatch, type FileWatchHandle } from '../utils/file-watch.js';
import { ensureDir } from '../utils/fs.js';
import { toStorageError } from '../utils/storage-error.js';
import type { SessionStoreRecovery } from '../../../src-shared/protocol/http.js';
import { SessionStoreCorruptError } from './errors.js';
import { isJsonEqual } from './mutation-view.js';
import { readStoreIdentity } from './store-file.js';
import type { SessionStoreEntries, SessionStoreHandle, SessionStoreWrite } from './store.js';

/** What changed between two reads of the store; the entries are the store cache's own (frozen, shared). */
export interface SessionStoreDiff {
  readonly updated: ReadonlyMap<string, SessionEntry>;
  readonly deleted: readonly string[];
}

/** A live view of the store file, kept current from fs events, a poll, writes through its store handle and explicit refreshes. */
export interface SessionStoreWatcher {
  readonly storePath: string;
  /** Increases by one whenever a read found a change; a cheap ETag source. */
  version(): number;
  /** Every entry, as the store handle's cache holds it: frozen and shared, so nothing is copied per view. */
  entries(): ReadonlyMap<string, SessionEntry>;
  /**
   * The keys updated or deleted after `version` (a value version() returned), so a derived index can
   * follow the changes instead of rebuilding; undefined when the watcher no longer remembers that far back.
   */
  changedSince(version: number): ReadonlySet<string> | undefined;
  /** The last time a read found the store unreadable and moved it aside (the view then starts empty). */
  recovery(): SessionStoreRecovery | undefined;
  /** Re-reads the store now (unless the file is still the one our own last write left) and resolves with what changed. */
  refresh(): Promise<SessionStoreDiff>;
  /**
   * One entry as the file has it now, as a copy the caller may change: from the view when the file is
   * still the version the view shows (one stat), else after a re-read; undefined when there is none.
   */
  readEntry(key: string): Promise<SessionEntry | undefined>;
  close(): Promise<void>;
}

export interface SessionStoreWatcherOptions {
  /** The session store the reads go through (the runtime's). */
  store: SessionStoreHandle;
  /** Called once per read that found changes (a burst of writes is one call); not for the initial read nor an empty diff. */
  onChange?: (diff: SessionStoreDiff) => void;
  /** A read failed (e.g. a corrupt store, which the store module moved aside); the last view is kept. */
  onError?: (error: unknown) => void;
  pollIntervalMs?: number;
  coalesceMs?: number;
  /** Stamps a recovery; default Date.now. */
  clock?: () => number;
}

const EMPTY_DIFF: SessionStoreDiff = { updated: new Map(), deleted: [] };
// How many changed keys changedSince can answer for; beyond that a rebuild is as cheap as following them.
const CHANGE_LOG_MAX_KEYS = 4_096;

function isEmpty(diff: SessionStoreDiff): boolean {
  return diff.updated.size === 0 && diff.deleted.length === 0;
}

/**
 * Loads the store through `options.store` and keeps watching it: every change, including writes by other processes,
 * becomes one per-key diff (`updated` with the new entries, `deleted` keys). Writes through `options.store`
 * arrive as the entries they changed, without a re-read; anything else (another process, another
 * handle, a write the view cannot be sure it follows) is re-read whole. Reads are serialised;
 * a burst of writes coalesces into one read. A failed read keeps the previous view and calls onError.
 * Creates the store's directory (0700) when missing, so it can be watched.
 */
export async function startSessionStoreWatcher(
  storePath: string,
  options: SessionStoreWatcherOptions,
): Promise<SessionStoreWatcher> {
  let current = new Map<string, SessionEntry>();
  let version = 0;
  // The keys each version changed, newest last, at most CHANGE_LOG_MAX_KEYS of them in all.
  const changeLog: Array<{ version: number; keys: readonly string[] }> = [];
  let changeLogKeys = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<SessionStoreDiff> | undefined;
  let recovery: SessionStoreRecovery | undefined;
  // The first read is the baseline, not a change: nothing is reported for it.
  let baseline = true;
  // The file version the view shows (null: no file); undefined when unknown (a read failed).
  let viewedVersion: string | null | undefined;
  // The file's identity right after our own write was applied to the view: the fs event that write
  // causes then needs no re-read. Any other change to the file (a different identity) is re-read.
  let ownWriteSignature: string | undefined;

  const bumpVersion = (keys: readonly string[]): void => {
    version += 1;
    changeLog.push({ version, keys });
    changeLogKeys += keys.length;
    while (changeLogKeys > CHANGE_LOG_MAX_KEYS && changeLog.length > 0) changeLogKeys -= changeLog.shift()?.keys.length ?? 0;
  };

  const report = (diff: SessionStoreDiff): SessionStoreDiff => {
    if (isEmpty(diff)) return diff;
    bumpVersion([...diff.updated.keys(), ...diff.deleted]);
    if (!baseline) options.onChange?.(diff);
    return diff;
  };

  const read = async (): Promise<SessionStoreDiff> => {
    if (ownWriteSignature !== undefined && (await readStoreIdentity(storePath).catch(() => undefined))?.signature === ownWriteSignature) return EMPTY_DIFF;
    ownWriteSignature = undefined;
    let loaded: SessionStoreEntries;
    try {
      // Through the handle's cache, which answers without reading while the file is one it read or wrote.
      loaded = await options.store.loadEntries(storePath);
    } catch (error) {
      viewedVersion = undefined;
      if (error instanceof SessionStoreCorruptError) {
        recovery = { moved_to: error.quarantinePath, reason: error.reason, at: (options.clock ?? Date.now)() };
        // A new list body: clients holding the old ETag must see the notice.
        bumpVersion([]);
      }
      options.onError?.(error);
      return EMPTY_DIFF;
    }
    viewedVersion = loaded.version;
    const updated = new Map<string, SessionEntry>();
    for (const [key, entry] of loaded.entries) {
      const before = current.get(key);
      // The handle keeps the object of an unchanged entry across re-reads; equal content under a new
      // object (a cache it had to drop) is no change either.
      if (before !== entry && (before === undefined || !isJsonEqual(before, entry))) updated.set(key, entry);
    }
    const deleted: string[] = [];
    for (const key of current.keys()) if (!loaded.entries.has(key)) deleted.push(key);
    // The handle's objects even where the content was equal: one copy of each entry in the process.
    current = loaded.entries;
    return report({ updated, deleted });
  };

  /** Applies our own write: its changed entries when the view shows the very file it changed, else a re-read. */
  const applyWrite = async (write: SessionStoreWrite): Promise<SessionStoreDiff> => {
    if (viewedVersion === write.version) return EMPTY_DIFF;
    const { changes } = write;
    if (!changes || viewedVersion === undefined || changes.baseVersion !== viewedVersion) return read();
    // Absent when someone had replaced the file before the handle looked: then their fs event re-reads it.
    ownWriteSignature = write.signature;
    viewedVersion = write.version;
    const updated = new Map<string, SessionEntry>();
    const deleted: string[] = [];
    for (const [key, entry] of changes.updated) {
      if (current.get(key) === entry) continue;
      current.set(key, entry);
      updated.set(key, entry);
    }
    for (const key of changes.deleted) if (current.delete(key)) deleted.push(key);
    return report({ updated, deleted });
  };

  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  };

  // Callers arriving while a read is still queued share it: N refreshes in a burst, one read.
  const reload = (): Promise<SessionStoreDiff> => {
    if (queued) return queued;
    const mine = enqueue(() => {
      queued = undefined;
      return read();
    });
    queued = mine;
    return mine;
  };

  let markClosed: () => void = () => undefined;
  const closing = new Promise<void>((resolve) => (markClosed = resolve));

  // fs.watch needs the directory; creating it now (as the first write would) means the first
  // write by anyone is seen at once instead of at the next poll.
  await ensureDir(path.dirname(storePath), { mode: 0o700 }).catch((error: unknown) => {
    throw toStorageError(error, path.dirname(storePath), { action: 'create', what: 'the session store folder' });
  });
  await reload();
  baseline = false;
  const fileWatch: FileWatchHandle = await startFileWatch(storePath, {
    onChange: async () => {
      // The change may be a write of our own handle still under way (renamed, not yet told): its
      // notification brings the view up to date without a read, so look only once it is done. Not
      // past close(): a write stuck waiting for the lock must not hold the shutdown.
      await Promise.race([options.store.whenIdle(storePath), closing]);
      await reload();
    },
    onError: options.onError,
    pollIntervalMs: options.pollIntervalMs,
    coalesceMs: options.coalesceMs,
  });
  // Writes through our own handle (agent, Telegram, the sessions routes) are in the view before they
  // resolve, so the gateway's reads see its own writes instead of waiting for the fs event.
  const resolvedPath = path.resolve(storePath);
  const stopFollowingWrites = options.store.onWrite(async (write) => {
    if (write.storePath === resolvedPath) await enqueue(() => applyWrite(write));
  });

  return {
    storePath,
    version: () => version,
    entries: () => current,
    changedSince(since) {
      if (since === version) return new Set();
      const first = changeLog[0];
      if (since > version || !first || first.version > since + 1) return undefined;
      const keys = new Set<string>();
      for (const change of changeLog) if (change.version > since) for (const key of change.keys) keys.add(key);
      return keys;
    },
    recovery: () => recovery,
    refresh: reload,
    async readEntry(key) {
      const onDisk = await options.store.readVersion(storePath);
      if (onDisk !== viewedVersion) await reload();
      const found = current.get(key);
      return found ? structuredClone(found) : undefined;
    },
    async close() {
      stopFollowingWrites();
      markClosed();
      await fileWatch.close();
      await chain;
    },
  };
}
