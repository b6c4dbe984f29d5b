import { AsyncLocalStorage } from 'node:async_hooks';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { cloneSessionStore, createEmptySessionStore, type SessionEntry, type SessionStore } from '../../../src-shared/sessions/entry.js';
import type { SessionMaintenanceConfig } from '../../../src-shared/config/schema.js';
import { setOwnProperty } from '../../../src-shared/utils/common.js';
import { ensureDir, isErrnoException } from '../utils/fs.js';
import { toStorageError } from '../utils/storage-error.js';
import { SessionEntryInvalidError, SessionStoreCorruptError } from './errors.js';
import { createFileLockContext, type FileLockContext } from '../utils/file-lock.js';
import { acquireSessionStoreLock, type SessionStoreLock } from './lock.js';
import { applySessionMaintenance, resolveSessionMaintenance } from './maintenance.js';
import { createMutationView, isJsonEqual, wasAbsent, type MutationView } from './mutation-view.js';
import {
  COMPARE_BLOCK_BYTES,
  SESSION_STORE_DIR_MODE,
  parseStoreBytes,
  quarantineStoreFile,
  readStoreFileBytes,
  readStoreFileUnlessSame,
  readStoreIdentity,
  removeOrphanTempFiles,
  resolveStoreVersion,
  patchStoreChunks,
  serializeStoreChunks,
  validateSessionEntry,
  writeStoreFileAtomic,
  type ParsedStore,
  type StoreFileBytes,
  type StoreChunkIndex,
  type StoreFileCheck,
  type StoreFragmentCache,
} from './store-file.js';
import {
  SILENT_LOGGER,
  type LoadSessionStoreOptions,
  type SaveSessionStoreOptions,
  type SessionStoreLockOptions,
  type SessionStoreLogger,
  type UpdateSessionStoreOptions,
} from './types.js';

export const DEFAULT_SESSION_STORE_TTL_MS = 45_000;

export type SessionStoreMutator<T> = (store: SessionStore) => T | Promise<T>;

export interface VersionedSessionStore {
  store: SessionStore;
  /** Opaque; changes whenever the file is replaced. null when the file does not exist. */
  version: string | null;
}

/** The entries of a store as its handle's cache holds them (frozen, shared: read them, never change them). */
export interface SessionStoreEntries {
  /** A new Map for the caller to keep or change; its entries are the cache's. */
  readonly entries: Map<string, SessionEntry>;
  /** As in VersionedSessionStore. */
  readonly version: string | null;
}

interface CacheEntry {
  version: string;
  /** The version plus the ctime the file had when read or written; undefined when unknown. */
  signature: string | undefined;
  /** The file's bytes, in chunks (per entry after a write of ours), to tell whether the file is still what we read or wrote. */
  chunks: Buffer[];
  /** After a write of ours: where each entry's chunk is, so the next write can replace just the changed ones. */
  index: StoreChunkIndex | undefined;
  size: number;
  /** Owned by the cache: load gives deep copies, loadEntries the frozen entries, an update batch takes it over while it runs. */
  store: SessionStore;
  unreadable: Map<string, unknown>;
  loadedAt: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Settle {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}
interface MutateJob extends Settle {
  kind: 'mutate';
  mutator: SessionStoreMutator<unknown>;
  options: UpdateSessionStoreOptions;
}
interface SaveJob extends Settle {
  kind: 'save';
  store: SessionStore;
  options: SaveSessionStoreOptions;
}
type Job = MutateJob | SaveJob;

const RETURNS_STORE = Symbol('returns the store');

export interface SessionStoreHandleOptions {
  /** Clock (ms since the epoch) for the cache's 45 s lifetime, quarantine names and maintenance ages; default Date.now. */
  clock?: () => number;
}

/**
 * One session store: its own cache, write queues and maintenance warnings, over any number of store
 * files (by resolved path). The runtime creates one and hands it to every reader and writer; two
 * handles on the same file stay consistent through the file's version and the cross-process lock.
 */
export interface SessionStoreHandle {
  /**
   * Loads the store (empty when the file is missing) as a deep copy without a prototype (so a key like
   * `constructor` or `__proto__` is an ordinary entry), from a cache that lives 45 s and is
   * dropped as soon as the file's inode, size or mtime changes (`skipCache` forces a read). Entries
   * failing SessionEntrySchema are skipped with one warning on `logger`. A file that is not a JSON
   * object is moved to `<store>.corrupt-<ms>`, logged on `logger` and SessionStoreCorruptError thrown;
   * the next load then finds no file and returns `{}`.
   */
  load(storePath: string, options?: LoadSessionStoreOptions): Promise<SessionStore>;
  /** Like load, plus the version of exactly the bytes returned (for ETags and change detection). */
  loadWithVersion(storePath: string, options?: LoadSessionStoreOptions): Promise<VersionedSessionStore>;
  /**
   * The store's entries without copying them: the cache's own objects, frozen and shared with every
   * other caller (change a copy from load instead), in a new Map, with their version. Unlike load, the
   * cache serves only while the file's signature (version and ctime) is the one it was read or written
   * with, however young or old the cache is: any write since, even one putting size and mtime back, is
   * read. A re-read keeps the objects of entries that did not change. Corrupt files and skipped entries as in load.
   */
  loadEntries(storePath: string, options?: LoadSessionStoreOptions): Promise<SessionStoreEntries>;
  /** Returns the current version of the store file (one stat; null when missing), comparable with loadWithVersion's. */
  readVersion(storePath: string): Promise<string | null>;
  /** Returns the entry's updated_at (ms since the epoch) through the cache, or undefined when there is no such entry. */
  readUpdatedAt(storePath: string, sessionKey: string, options?: LoadSessionStoreOptions): Promise<number | undefined>;
  /**
   * Replaces the whole store under the cross-process lock with an atomic write (temp + fsync + rename,
   * mode 0600, directory created 0700), after maintenance unless `skipMaintenance`. Every entry is
   * validated first: SessionEntryInvalidError lists the bad ones and nothing is written. `store` itself
   * is not modified. Lock errors: SessionStoreLockTimeoutError, SessionStoreLockCompromisedError.
   */
  save(storePath: string, store: SessionStore, options?: SaveSessionStoreOptions): Promise<void>;
  /**
   * Under the cross-process lock, re-reads the store from disk, awaits `mutator` (which changes the store
   * it is given in place and may return a value) and writes the result atomically, resolving with the
   * mutator's return value. Calls made while this handle is already writing the same store are applied
   * together in one locked read-modify-write, in call order; a mutator that throws (or leaves an entry
   * failing the schema) has just its own changes rolled back and its error delivered to its caller,
   * the others are still written. Nothing is written when no mutator changed anything. Entries the
   * store could not read are written back untouched. Errors: SessionStoreCorruptError (the file was
   * quarantined), lock and write errors for every caller of the batch.
   */
  update<T>(storePath: string, mutator: SessionStoreMutator<T>, options?: UpdateSessionStoreOptions): Promise<T>;
  /**
   * Calls `listener` with what each batch that wrote the file through this handle wrote (its path, the
   * new version and, for updates, the changed entries), once the lock is released; the batch's callers
   * are answered only when every listener has settled, so a view a listener keeps (the store watcher)
   * already shows a write when it resolves. Returns the function that removes the listener.
   */
  onWrite(listener: SessionStoreWriteListener): () => void;
  /**
   * Resolves once no update or save of the store is queued or running on this handle (at once when
   * none is). Never await it inside one of that store's mutators: it would wait for itself.
   */
  whenIdle(storePath: string): Promise<void>;
  /** Forgets every cached store and maintenance warning, so the next load reads the file. */
  clearCache(): void;
}

/** What an update batch changed, relative to the file version it read under the lock. */
export interface SessionStoreChanges {
  /** The version of the file the batch read and changed; null when there was no file. */
  readonly baseVersion: string | null;
  /** Entries added or changed (shared with the handle's cache: read them, never change them). */
  readonly updated: ReadonlyMap<string, SessionEntry>;
  /** Keys removed, by a mutator or by maintenance. */
  readonly deleted: readonly string[];
}

/** One write through a handle: the file now holds `version`; `changes` is absent for save, which replaces the whole store. */
export interface SessionStoreWrite {
  readonly storePath: string;
  readonly version: string;
  /** The file's version and ctime right after the write; absent when someone had already replaced it. */
  readonly signature?: string;
  readonly changes?: SessionStoreChanges;
}

/** Told about each write this handle has just made (the resolved store path, the new version, what changed). */
export type SessionStoreWriteListener = (write: SessionStoreWrite) => void | Promise<void>;

/** Creates a session store handle with an empty cache; nothing is read until a method is called. */
export function createSessionStore(options: SessionStoreHandleOptions = {}): SessionStoreHandle {
  // Looked up at each call, not captured: a replaced global Date (fake timers) must reach the default handle too.
  const clock = options.clock ?? (() => Date.now());
  // Per resolved store path.
  const cache = new Map<string, CacheEntry>();
  // The store a running update batch took over from the cache: not served (it is being changed), but a
  // re-read meanwhile keeps its frozen (committed) entries where the file has them unchanged.
  const taken = new Map<string, SessionStore>();
  const previousStore = (key: string): SessionStore | undefined => cache.get(key)?.store ?? taken.get(key);
  const queues = new Map<string, Job[]>();
  // Callers of whenIdle, per store, until its queue runs dry.
  const idleWaiters = new Map<string, Array<() => void>>();
  // The condition (which actions warn mode would take) last reported per store, not the text: the
  // text embeds counts and the file size, which change on every write.
  const lastMaintenanceWarning = new Map<string, string>();
  const tempFilesSwept = new Set<string>();
  // Read buffers for comparing the file with the last write, reused (one per store being written at once).
  const compareBlocks: Buffer[] = [];
  // Serialised entries, so a write re-serialises only what changed (entries are never changed in place).
  const fragments: StoreFragmentCache = new WeakMap();
  // Created at the first lock and shared by all of this handle's locks.
  let lockContextOnce: FileLockContext | undefined;
  const lockContext = (): FileLockContext => (lockContextOnce ??= createFileLockContext());
  const writeListeners = new Set<SessionStoreWriteListener>();
  // Writes of the running batch, to tell the listeners once its lock is released.
  const written = new Map<string, SessionStoreWrite>();
  // Which store's mutator is running in this async context, to refuse an update of the same store
  // from inside it (it would wait for its own batch forever).
  const runningMutator = new AsyncLocalStorage<{ key: string; active: boolean }>();

  /**
   * Finds the current cache entry (reading the file when needed) and hands it to `project` in the same
   * synchronous step: after any await an update batch may have taken the cached store over.
   */
  async function readThroughCache<T>(
    key: string,
    loadOptions: LoadSessionStoreOptions & { strict?: boolean },
    project: (entry: CacheEntry | undefined) => T,
  ): Promise<T> {
    const cached = cache.get(key);
    if (!loadOptions.skipCache && cached && (loadOptions.strict || clock() - cached.loadedAt < DEFAULT_SESSION_STORE_TTL_MS)) {
      const identity = await readStoreIdentity(key);
      if (!identity) {
        cache.delete(key);
        return project(undefined);
      }
      const current = loadOptions.strict ? identity.signature === cached.signature : identity.version === cached.version;
      if (current && cache.get(key) === cached) return project(cached);
    }
    const file = await readStoreFileBytes(key);
    if (!file) return project(undefined);
    const result = parseStoreBytes(file.bytes, previousStore(key));
    if (result.ok) return project(remember(key, file, result.parsed, loadOptions.logger));
    // Only a lock holder may move the file: a writer may have replaced it since we read it.
    return withLock(key, loadOptions, lockContext(), async () => {
      const current = await readStoreFileBytes(key);
      if (!current) return project(undefined);
      return project(remember(key, current, await parseOrQuarantine(key, current, loadOptions.logger ?? SILENT_LOGGER), loadOptions.logger));
    });
  }

  function remember(key: string, file: StoreFileBytes, parsed: ParsedStore, logger: SessionStoreLogger | undefined): CacheEntry {
    reportSkipped(key, parsed, logger ?? SILENT_LOGGER);
    return cacheStore(key, file, { chunks: [file.bytes], index: undefined }, parsed.store, parsed.unreadable);
  }

  function cacheStore(
    key: string,
    file: { version: string; signature: string | undefined; size: number },
    serialised: { chunks: Buffer[]; index: StoreChunkIndex | undefined },
    store: SessionStore,
    unreadable: Map<string, unknown>,
  ): CacheEntry {
    const { chunks, index } = serialised;
    const entry: CacheEntry = { version: file.version, signature: file.signature, chunks, index, size: file.size, store, unreadable, loadedAt: clock() };
    cache.set(key, entry);
    return entry;
  }

  /** Parses bytes read under the lock; corrupt ones are quarantined, logged on `logger` and SessionStoreCorruptError thrown. */
  async function parseOrQuarantine(key: string, file: StoreFileBytes, logger: SessionStoreLogger): Promise<ParsedStore> {
    const result = parseStoreBytes(file.bytes, previousStore(key));
    if (result.ok) return result.parsed;
    cache.delete(key);
    const quarantinePath = await quarantineStoreFile(key, clock());
    const error = new SessionStoreCorruptError(key, quarantinePath, result.reason);
    // Logged here as well as thrown: the file moves only once, and a caller may swallow the error.
    logger.warn(error.message);
    throw error;
  }

  function enqueue(key: string, job: Job): void {
    const running = runningMutator.getStore();
    if (running?.active && running.key === key) {
      job.reject(
        new Error(
          `Cannot ${job.kind === 'save' ? 'save' : 'update'} the session store ${key} from inside one of its own update mutators ` +
            '(it would wait for itself forever); change the store object the mutator was given instead',
        ),
      );
      return;
    }
    const queue = queues.get(key);
    if (queue) {
      queue.push(job);
      return;
    }
    const fresh = [job];
    queues.set(key, fresh);
    void drain(key, fresh);
  }

  async function drain(key: string, queue: Job[]): Promise<void> {
    // One microtask of grace lets calls made in the same tick (Promise.all over many updates) share the first batch.
    await Promise.resolve();
    try {
      for (let batch = takeBatch(queue); batch.length > 0; batch = takeBatch(queue)) {
        // A full or read-only disk, a lock timeout: errors the gateway answers with their own status, naming the store.
        const outcomes = await runBatch(key, batch).catch((error: unknown) => batch.map((): Outcome => ({ ok: false, error: toStorageError(error, key) })));
        const write = written.get(key);
        if (write) {
          written.delete(key);
          await notifyWritten(write);
        }
        batch.forEach((job, i) => {
          const outcome = outcomes[i] ?? { ok: false, error: new Error('internal: missing outcome') };
          if (outcome.ok) job.resolve(outcome.value);
          else job.reject(outcome.error);
        });
      }
    } finally {
      queues.delete(key);
      const waiters = idleWaiters.get(key) ?? [];
      idleWaiters.delete(key);
      for (const resolve of waiters) resolve();
    }
  }

  async function notifyWritten(write: SessionStoreWrite): Promise<void> {
    // The write itself succeeded: a listener failing is its own to report, never the writer's error.
    await Promise.allSettled([...writeListeners].map(async (listener) => listener(write)));
  }

  async function runBatch(key: string, jobs: Job[]): Promise<Outcome[]> {
    const [first] = jobs;
    if (!first) return [];
    const { options: writeOptions } = first;
    const logger = writeOptions.logger ?? SILENT_LOGGER;
    const maintenance = writeOptions.skipMaintenance ? undefined : resolveSessionMaintenance(writeOptions.maintenance);
    await ensureDir(path.dirname(key), { mode: SESSION_STORE_DIR_MODE });
    return withLock(key, writeOptions, lockContext(), async (lock) => {
      // Once per store and handle: a writer killed mid-write leaves its temp file behind.
      if (!tempFilesSwept.has(key)) {
        tempFilesSwept.add(key);
        await removeOrphanTempFiles(key);
      }
      const writer: Writer = { key, lock, logger, maintenance };
      if (first.kind === 'save') return [await runSave(writer, first.store)];
      return runMutations(writer, jobs as MutateJob[]);
    });
  }

  async function runSave(writer: Writer, store: SessionStore): Promise<Outcome> {
    const next = createEmptySessionStore();
    const issues: string[] = [];
    for (const [entryKey, value] of Object.entries(store)) {
      if (value === undefined) continue;
      const result = validateSessionEntry(entryKey, value);
      if (result.ok) setOwnProperty(next, entryKey, result.entry);
      else issues.push(...result.issues);
    }
    if (issues.length > 0) return { ok: false, error: new SessionEntryInvalidError(writer.key, issues) };
    // Only feeds the rotation report; a missing file is 0 bytes and any real problem surfaces in the write.
    const currentSize = await stat(writer.key).then(
      (s) => s.size,
      () => 0,
    );
    cache.delete(writer.key);
    await write(writer, next, new Map(), currentSize, undefined);
    return { ok: true, value: undefined };
  }

  async function runMutations(writer: Writer, jobs: MutateJob[]): Promise<Outcome[]> {
    const { key } = writer;
    const cached = cache.get(key);
    // The bytes we read or wrote last time are the cheapest proof that our parsed copy is still
    // current: the file is compared with them, and read whole and parsed only when it differs.
    const block = compareBlocks.pop() ?? Buffer.allocUnsafe(COMPARE_BLOCK_BYTES);
    const file = await readStoreFileUnlessSame(key, cached, block).finally(() => compareBlocks.push(block));
    const parsed: ParsedStore = !file
      ? { store: createEmptySessionStore(), unreadable: new Map(), skipped: [] }
      : file.same
        ? { store: file.known.store, unreadable: file.known.unreadable, skipped: [] }
        : await parseOrQuarantine(key, file, writer.logger);
    reportSkipped(key, parsed, writer.logger);
    // From here the working store is ours, changed in place (a copy would cost as much as the rest of a
    // small write at 20,000 entries); loads meanwhile read the file instead.
    cache.delete(key);
    const working = parsed.store;
    taken.set(key, working);
    try {
      return await mutate(writer, file, working, parsed.unreadable, jobs);
    } finally {
      taken.delete(key);
    }
  }

  /** Runs the batch's mutators on `working` (the store as `file` holds it) and writes it when one changed something. */
  async function mutate(
    writer: Writer,
    file: StoreFileCheck<CacheEntry> | undefined,
    working: SessionStore,
    unreadable: Map<string, unknown>,
    jobs: MutateJob[],
  ): Promise<Outcome[]> {
    const { key } = writer;

    const outcomes: Outcome[] = [];
    // Keys some committed mutator changed: what the write listeners are told, instead of a re-read.
    const changed = new Set<string>();
    for (const job of jobs) {
      const view = createMutationView(working);
      const scope = { key, active: true };
      try {
        const value = await runningMutator.run(scope, () => job.mutator(view.store));
        for (const entryKey of commitView(key, working, view)) changed.add(entryKey);
        // The store handed in is revoked below; a mutator returning it gets the committed store instead.
        outcomes.push({ ok: true, value: value === view.store ? RETURNS_STORE : value });
      } catch (error) {
        view.rollback();
        outcomes.push({ ok: false, error });
      } finally {
        scope.active = false;
        view.revoke();
      }
    }

    if (changed.size > 0) {
      try {
        await write(writer, working, unreadable, file?.size ?? 0, { baseVersion: file?.version ?? null, changed, serialised: file?.same ? file.known : undefined });
      } catch (error) {
        return outcomes.map((o) => (o.ok ? { ok: false, error: toStorageError(error, key) } : o));
      }
    } else if (file) {
      cacheStore(key, file, file.same ? file.known : { chunks: [file.bytes], index: undefined }, working, unreadable);
    }
    return outcomes.map((o) => (o.ok && o.value === RETURNS_STORE ? { ok: true, value: cloneSessionStore(working) } : o));
  }

  /** Writes the store; `base` (absent for save) is the version read and the keys changed since, for the write listeners. */
  async function write(
    writer: Writer,
    store: SessionStore,
    unreadable: Map<string, unknown>,
    currentSize: number,
    base: { baseVersion: string | null; changed: Set<string>; serialised: { chunks: Buffer[]; index: StoreChunkIndex | undefined } | undefined } | undefined,
  ): Promise<void> {
    const { key, logger, maintenance } = writer;
    // Enforce mode may remove entries no mutator touched; the listeners must hear about those too.
    const keysBefore = base && maintenance?.mode === 'enforce' ? Object.keys(store) : [];
    if (maintenance) {
      const report = await applySessionMaintenance(key, store, currentSize, maintenance, logger, clock());
      // Warn mode would repeat the report on every write (its counts and the file size move); say it
      // again only when the condition (which actions it would take) changes.
      if (report === undefined) lastMaintenanceWarning.delete(key);
      else if (lastMaintenanceWarning.get(key) !== report.condition) {
        lastMaintenanceWarning.set(key, report.condition);
        logger.warn(report.message);
      }
    }
    // The chunks the batch's file was written as, patched where entries changed, unless keys came or went.
    const previous = base?.serialised;
    const removed = keysBefore.some((entryKey) => !Object.hasOwn(store, entryKey) && !base?.changed.has(entryKey));
    let index = previous?.index;
    let chunks = previous?.chunks;
    if (!chunks || !index || removed || !patchStoreChunks(chunks, index, store, base?.changed ?? [], fragments)) {
      index = new Map();
      chunks = serializeStoreChunks(store, unreadable, fragments, index);
    }
    const version = await writeStoreFileAtomic(key, chunks, () => writer.lock.assertHeld());
    // The rename moved the ctime: stat for the signature. Only a stat error here, after the write
    // succeeded, leaves it unknown (strict reads then read the file once).
    const identity = await readStoreIdentity(key).catch(() => undefined);
    const signature = identity?.version === version ? identity.signature : undefined;
    cacheStore(key, { version, signature, size: chunks.reduce((sum, chunk) => sum + chunk.length, 0) }, { chunks, index }, store, unreadable);
    written.set(key, {
      storePath: key,
      version,
      ...(signature ? { signature } : {}),
      ...(base ? { changes: resolveChanges(store, base.baseVersion, base.changed, keysBefore) } : {}),
    });
  }

  const loadWithVersion = (storePath: string, loadOptions: LoadSessionStoreOptions = {}): Promise<VersionedSessionStore> =>
    readThroughCache(path.resolve(storePath), loadOptions, (entry) =>
      entry ? { store: cloneSessionStore(entry.store), version: entry.version } : { store: createEmptySessionStore(), version: null },
    );

  return {
    async load(storePath, loadOptions = {}) {
      return (await loadWithVersion(storePath, loadOptions)).store;
    },
    loadWithVersion,
    loadEntries(storePath, loadOptions = {}) {
      return readThroughCache(path.resolve(storePath), { ...loadOptions, strict: true }, (entry): SessionStoreEntries => {
        const entries = new Map<string, SessionEntry>();
        // Copied now: an update batch may replace the cache's store after any await.
        if (entry) for (const key in entry.store) entries.set(key, entry.store[key] as SessionEntry);
        return { entries, version: entry?.version ?? null };
      });
    },
    readVersion: readSessionStoreVersion,
    readUpdatedAt(storePath, sessionKey, loadOptions = {}) {
      return readThroughCache(path.resolve(storePath), loadOptions, (entry) =>
        entry && Object.hasOwn(entry.store, sessionKey) ? entry.store[sessionKey]?.updated_at : undefined,
      );
    },
    save(storePath, store, saveOptions = {}) {
      return new Promise((resolve, reject) => {
        enqueue(path.resolve(storePath), { kind: 'save', store, options: saveOptions, resolve: () => resolve(), reject });
      });
    },
    update<T>(storePath: string, mutator: SessionStoreMutator<T>, updateOptions: UpdateSessionStoreOptions = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        enqueue(path.resolve(storePath), {
          kind: 'mutate',
          mutator,
          options: updateOptions,
          resolve: resolve as (v: unknown) => void,
          reject,
        });
      });
    },
    onWrite(listener) {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
    whenIdle(storePath) {
      const key = path.resolve(storePath);
      if (!queues.has(key)) return Promise.resolve();
      return new Promise((resolve) => {
        const waiters = idleWaiters.get(key);
        if (waiters) waiters.push(resolve);
        else idleWaiters.set(key, [resolve]);
      });
    },
    clearCache() {
      cache.clear();
      lastMaintenanceWarning.clear();
      tempFilesSwept.clear();
    },
  };
}

// The contract's free functions below share this handle, the way getDefaultAcpSessionStore shares
// one ACP store; the runtime creates its own and nothing in it calls them.
let defaultSessionStore: SessionStoreHandle | undefined;

/** Returns the process-wide session store behind the contract's free functions, created on first call. */
export function getDefaultSessionStore(): SessionStoreHandle {
  defaultSessionStore ??= createSessionStore();
  return defaultSessionStore;
}

/** Loads the store through the default handle; see {@link SessionStoreHandle.load}. */
export function loadSessionStore(storePath: string, options: LoadSessionStoreOptions = {}): Promise<SessionStore> {
  return getDefaultSessionStore().load(storePath, options);
}

/** Loads the store and its version through the default handle; see {@link SessionStoreHandle.loadWithVersion}. */
export function loadSessionStoreWithVersion(storePath: string, options: LoadSessionStoreOptions = {}): Promise<VersionedSessionStore> {
  return getDefaultSessionStore().loadWithVersion(storePath, options);
}

/** Returns the current version of the store file (one stat; null when missing), comparable with loadSessionStoreWithVersion's. */
export async function readSessionStoreVersion(storePath: string): Promise<string | null> {
  try {
    return resolveStoreVersion(await stat(path.resolve(storePath), { bigint: true }));
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return null;
    throw error;
  }
}

/** Returns the entry's updated_at through the default handle's cache; see {@link SessionStoreHandle.readUpdatedAt}. */
export function readSessionUpdatedAt(
  storePath: string,
  sessionKey: string,
  options: LoadSessionStoreOptions = {},
): Promise<number | undefined> {
  return getDefaultSessionStore().readUpdatedAt(storePath, sessionKey, options);
}

/** Replaces the whole store through the default handle; see {@link SessionStoreHandle.save}. */
export function saveSessionStore(storePath: string, store: SessionStore, options: SaveSessionStoreOptions = {}): Promise<void> {
  return getDefaultSessionStore().save(storePath, store, options);
}

/** Changes the store in one locked read-modify-write through the default handle; see {@link SessionStoreHandle.update}. */
export function updateSessionStore<T>(
  storePath: string,
  mutator: SessionStoreMutator<T>,
  options: UpdateSessionStoreOptions = {},
): Promise<T> {
  return getDefaultSessionStore().update(storePath, mutator, options);
}

/** Forgets every store and maintenance warning the default handle cached, so the next load reads the file. */
export function clearSessionStoreCacheForTest(): void {
  getDefaultSessionStore().clearCache();
}

function reportSkipped(key: string, parsed: ParsedStore, logger: SessionStoreLogger): void {
  if (parsed.skipped.length === 0) return;
  logger.warn(
    `Skipping ${parsed.unreadable.size} session entries in ${key} that do not match the session schema ` +
      `(updates leave them in the file as they are):\n${parsed.skipped.map((line) => `  ${line}`).join('\n')}`,
  );
}

async function withLock<T>(
  key: string,
  options: SessionStoreLockOptions,
  context: FileLockContext,
  body: (lock: SessionStoreLock) => Promise<T>,
): Promise<T> {
  const lock = await acquireSessionStoreLock(key, options, context);
  try {
    return await body(lock);
  } finally {
    await lock.release();
  }
}

function takeBatch(queue: Job[]): Job[] {
  const first = queue.shift();
  if (!first) return [];
  const batch = [first];
  if (first.kind === 'save') return batch;
  while (queue[0]?.kind === 'mutate' && sameWriteOptions(first.options, queue[0].options)) batch.push(queue.shift() as Job);
  return batch;
}

function sameWriteOptions(a: SaveSessionStoreOptions, b: SaveSessionStoreOptions): boolean {
  return (
    a === b ||
    (Boolean(a.skipMaintenance) === Boolean(b.skipMaintenance) &&
      a.logger === b.logger &&
      a.lockTimeoutMs === b.lockTimeoutMs &&
      a.lockStaleMs === b.lockStaleMs &&
      JSON.stringify(a.maintenance ?? {}) === JSON.stringify(b.maintenance ?? {}))
  );
}

interface Writer {
  key: string;
  lock: SessionStoreLock;
  logger: SessionStoreLogger;
  maintenance: SessionMaintenanceConfig | undefined;
}

/** The changed and deleted entries after a write: `changed` keys by their state now, plus whatever maintenance removed of `keysBefore`. */
function resolveChanges(store: SessionStore, baseVersion: string | null, changed: ReadonlySet<string>, keysBefore: readonly string[]): SessionStoreChanges {
  const updated = new Map<string, SessionEntry>();
  const deleted: string[] = [];
  for (const entryKey of changed) {
    const entry = Object.hasOwn(store, entryKey) ? store[entryKey] : undefined;
    if (entry) updated.set(entryKey, entry);
    else deleted.push(entryKey);
  }
  for (const entryKey of keysBefore) if (!Object.hasOwn(store, entryKey) && !changed.has(entryKey)) deleted.push(entryKey);
  return { baseVersion, updated, deleted };
}

/**
 * Accepts one mutator's changes: entries equal to what they were keep their original object, changed
 * ones are replaced by their validated copy (so nothing the mutator holds stays in the store), and
 * `undefined` values count as deletions. Returns the keys it changed. Throws SessionEntryInvalidError,
 * leaving rollback to the caller.
 */
function commitView(key: string, working: SessionStore, view: MutationView): string[] {
  const issues: string[] = [];
  const validated: Array<[string, SessionEntry]> = [];
  const changed: string[] = [];
  for (const [entryKey, original] of view.originals) {
    const current = working[entryKey];
    if (current === undefined) {
      if (Object.hasOwn(working, entryKey)) delete working[entryKey];
      if (!wasAbsent(original)) changed.push(entryKey);
      continue;
    }
    if (!wasAbsent(original) && isJsonEqual(current, original)) {
      setOwnProperty(working, entryKey, original);
      continue;
    }
    const result = validateSessionEntry(entryKey, current);
    if (result.ok) validated.push([entryKey, result.entry]);
    else issues.push(...result.issues);
  }
  if (issues.length > 0) throw new SessionEntryInvalidError(key, issues);
  for (const [entryKey, entry] of validated) {
    setOwnProperty(working, entryKey, entry);
    changed.push(entryKey);
  }
  return changed;
}
