import type { SessionMaintenanceConfig } from '../../../src-shared/config/schema.js';

/** Where the store reports skipped entries and maintenance; console and electron-log both fit. */
export interface SessionStoreLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface SessionStoreLockOptions {
  /** Give up waiting for the lock after this long (default 15 s: longer than the stale window). */
  lockTimeoutMs?: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (default 10 s, minimum 2 s). */
  lockStaleMs?: number;
}

export interface LoadSessionStoreOptions extends SessionStoreLockOptions {
  /** Read the file even when the cached copy is fresh. */
  skipCache?: boolean;
  logger?: SessionStoreLogger;
}

export interface SaveSessionStoreOptions extends SessionStoreLockOptions {
  skipMaintenance?: boolean;
  /** `session.maintenance` from the config; unset keys take the schema defaults (mode warn). */
  maintenance?: Partial<SessionMaintenanceConfig>;
  logger?: SessionStoreLogger;
}

export type UpdateSessionStoreOptions = SaveSessionStoreOptions;

export const SILENT_LOGGER: SessionStoreLogger = {
  info: () => undefined,
  warn: () => undefined,
};
