import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { startFileWatch, type FileWatchHandle } from '../utils/file-watch.js';
import { ensureDir, isErrnoException } from '../utils/fs.js';
import { toStorageError } from '../utils/storage-error.js';
import type { SessionStoreRecovery } from '../../../src-shared/protocol/http.js';
import { SessionStoreCorruptError } from './errors.js';
import { resolveStoreVersion } from './store-file.js';
import type { SessionStoreHandle, SessionStoreWrite, VersionedSessionStore } from './store.js';

/** One entry as the watcher last saw it, with its JSON so bodies and events reuse it unserialised. */
export interface WatchedSessionEntry {
  readonly entry: SessionEntry;
  readonly json: string;
}

/** What changed between two reads of the store. */
export interface SessionStoreDiff {
  readonly updated: ReadonlyMap<string, WatchedSessionEntry>;
  readonly deleted: readonly string[];
}

/** A live view of the store file, kept current from fs events, a poll, writes through its store handle and explicit refreshes. */
export interface SessionStoreWatcher {
  readonly storePath: string;
  /** Increases by one whenever a read found a change; a cheap ETag source. */
  version(): number;
  entries(): ReadonlyMap<string, WatchedSessionEntry>;
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

function isEmpty(diff: SessionStoreDiff): boolean {
  return diff.updated.size === 0 && diff.deleted.length === 0;
}

/** The store version and, with the ctime, everything the file watch compares: equal means nobody touched the file. */
async function readFileIdentity(storePath: string): Promise<{ version: string; signature: string } | undefined> {
  try {
    const stats = await stat(storePath, { bigint: true });
    const version = resolveStoreVersion(stats);
    return { version, signature: `${version}-${stats.ctimeNs.toString(36)}` };
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
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
  let current = new Map<string, WatchedSessionEntry>();
  let version = 0;
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

  const report = (diff: SessionStoreDiff): SessionStoreDiff => {
    if (isEmpty(diff)) return diff;
    version += 1;
    if (!baseline) options.onChange?.(diff);
    return diff;
  };

  const read = async (): Promise<SessionStoreDiff> => {
    if (ownWriteSignature !== undefined && (await readFileIdentity(storePath).catch(() => undefined))?.signature === ownWriteSignature) return EMPTY_DIFF;
    ownWriteSignature = undefined;
    let loaded: VersionedSessionStore;
    try {
      loaded = await options.store.loadWithVersion(storePath, { skipCache: true });
    } catch (error) {
      viewedVersion = undefined;
      if (error instanceof SessionStoreCorruptError) {
        recovery = { moved_to: error.quarantinePath, reason: error.reason, at: (options.clock ?? Date.now)() };
        // A new list body: clients holding the old ETag must see the notice.
        version += 1;
      }
      options.onError?.(error);
      return EMPTY_DIFF;
    }
    viewedVersion = loaded.version;
    const next = new Map<string, WatchedSessionEntry>();
    const updated = new Map<string, WatchedSessionEntry>();
    for (const [key, entry] of Object.entries(loaded.store)) {
      const json = JSON.stringify(entry);
      const before = current.get(key);
      const watched = before?.json === json ? before : { entry, json };
      next.set(key, watched);
      if (watched !== before) updated.set(key, watched);
    }
    const deleted = [...current.keys()].filter((key) => !next.has(key));
    const diff = { updated, deleted };
    if (isEmpty(diff)) return diff;
    current = next;
    return report(diff);
  };

  /** Applies our own write: its changed entries when the view shows the very file it changed, else a re-read. */
  const applyWrite = async (write: SessionStoreWrite): Promise<SessionStoreDiff> => {
    if (viewedVersion === write.version) return EMPTY_DIFF;
    const { changes } = write;
    if (!changes || viewedVersion === undefined || changes.baseVersion !== viewedVersion) return read();
    const identity = await readFileIdentity(storePath).catch(() => undefined);
    // Someone may have written after us already: then only their fs event (a different identity) tells, and it is re-read.
    ownWriteSignature = identity?.version === write.version ? identity.signature : undefined;
    viewedVersion = write.version;
    const updated = new Map<string, WatchedSessionEntry>();
    const deleted: string[] = [];
    for (const [key, entry] of changes.updated) {
      const json = JSON.stringify(entry);
      if (current.get(key)?.json === json) continue;
      // A copy: the handle's cache shares the original, and the view's entries go out to listeners.
      const watched = { entry: structuredClone(entry), json };
      current.set(key, watched);
      updated.set(key, watched);
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

  // fs.watch needs the directory; creating it now (as the first write would) means the first
  // write by anyone is seen at once instead of at the next poll.
  await ensureDir(path.dirname(storePath), { mode: 0o700 }).catch((error: unknown) => {
    throw toStorageError(error, path.dirname(storePath), { action: 'create', what: 'the session store folder' });
  });
  await reload();
  baseline = false;
  const fileWatch: FileWatchHandle = await startFileWatch(storePath, {
    onChange: async () => {
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
    recovery: () => recovery,
    refresh: reload,
    async readEntry(key) {
      const onDisk = await options.store.readVersion(storePath);
      if (onDisk !== viewedVersion) await reload();
      const found = current.get(key);
      return found ? structuredClone(found.entry) : undefined;
    },
    async close() {
      stopFollowingWrites();
      await fileWatch.close();
      await chain;
    },
  };
}
