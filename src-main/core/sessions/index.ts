export {
  DEFAULT_SESSION_STORE_TTL_MS,
  clearSessionStoreCacheForTest,
  createSessionStore,
  getDefaultSessionStore,
  loadSessionStore,
  loadSessionStoreWithVersion,
  readSessionStoreVersion,
  readSessionUpdatedAt,
  saveSessionStore,
  updateSessionStore,
  type SessionStoreHandle,
  type SessionStoreHandleOptions,
  type SessionStoreMutator,
  type SessionStoreChanges,
  type SessionStoreEntries,
  type SessionStoreWrite,
  type SessionStoreWriteListener,
  type VersionedSessionStore,
} from './store.js';
export {
  DEFAULT_SESSION_MAX_ENTRIES,
  DEFAULT_SESSION_PRUNE_AFTER_MS,
  DEFAULT_SESSION_ROTATE_BACKUPS,
  DEFAULT_SESSION_ROTATE_BYTES,
  capEntryCount,
  pruneStaleEntries,
  resolveSessionMaintenance,
  rotateSessionFile,
  type RotateSessionFileOptions,
} from './maintenance.js';
export {
  DEFAULT_SESSION_STORE_LOCK_STALE_MS,
  DEFAULT_SESSION_STORE_LOCK_TIMEOUT_MS,
} from './lock.js';
export {
  SessionEntryInvalidError,
  SessionStoreCorruptError,
  SessionStoreLockCompromisedError,
  SessionStoreLockTimeoutError,
} from './errors.js';
export type {
  LoadSessionStoreOptions,
  SaveSessionStoreOptions,
  SessionStoreLockOptions,
  SessionStoreLogger,
  UpdateSessionStoreOptions,
} from './types.js';
export {
  InMemorySessionStore,
  createInMemorySessionStore,
  getDefaultAcpSessionStore,
  type AcpSession,
} from './memory-store.js';
