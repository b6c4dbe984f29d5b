import path from 'node:path';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { startFileWatch, type FileWatchHandle } from '../utils/file-watch.js';
import { ensureDir } from '../utils/fs.js';
import { toStorageError } from '../utils/storage-error.js';
import type { SessionStoreRecovery } from '../../../src-shared/protocol/http.js';
import { SessionStoreCorruptError } from './errors.js';
import type { SessionStoreHandle } from './store.js';

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
  /** Re-reads the store now (after a write of our own) and resolves with what changed. */
  refresh(): Promise<SessionStoreDiff>;
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

/**
 * Loads the store through `options.store` and keeps watching it: every change, including writes by other processes,
 * becomes one per-key diff (`updated` with the new entries, `deleted` keys). Reads are serialised;
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

  const read = async (): Promise<SessionStoreDiff> => {
    let store: Record<string, SessionEntry>;
    try {
      store = await options.store.load(storePath, { skipCache: true });
    } catch (error) {
      if (error instanceof SessionStoreCorruptError) {
        recovery = { moved_to: error.quarantinePath, reason: error.reason, at: (options.clock ?? Date.now)() };
        // A new list body: clients holding the old ETag must see the notice.
        version += 1;
      }
      options.onError?.(error);
      return EMPTY_DIFF;
    }
    const next = new Map<string, WatchedSessionEntry>();
    const updated = new Map<string, WatchedSessionEntry>();
    for (const [key, entry] of Object.entries(store)) {
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
    version += 1;
    if (!baseline) options.onChange?.(diff);
    return diff;
  };

  // Callers arriving while a read is still queued share it: N refreshes in a burst, one read.
  const reload = (): Promise<SessionStoreDiff> => {
    if (queued) return queued;
    const mine = chain.then(() => {
      queued = undefined;
      return read();
    });
    queued = mine;
    chain = mine.catch(() => undefined);
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
  // Writes through our own handle (agent, Telegram, the sessions routes) are re-read before they
  // resolve, so the gateway's reads see its own writes instead of waiting for the fs event.
  const resolvedPath = path.resolve(storePath);
  const stopFollowingWrites = options.store.onWrite(async (written) => {
    if (written === resolvedPath) await reload();
  });

  return {
    storePath,
    version: () => version,
    entries: () => current,
    recovery: () => recovery,
    refresh: reload,
    async close() {
      stopFollowingWrites();
      await fileWatch.close();
      await chain;
    },
  };
}
