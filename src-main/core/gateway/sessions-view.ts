import { randomBytes } from 'node:crypto';
import type { SessionPatch } from '../../../src-shared/protocol/http.js';
import { updateSessionStore } from '../sessions/store.js';
import type { UpdateSessionStoreOptions } from '../sessions/types.js';
import type { SessionStoreWatcher, WatchedSessionEntry } from '../sessions/watch.js';

/** The sessions list, serialised once per store version. */
export interface SessionListBody {
  /** `{"sessions":{...},"count":N}` */
  json: string;
  body: Buffer;
  etag: string;
  count: number;
}

/** Reads and writes the session store on behalf of HTTP routes and WS methods. */
export interface SessionsView {
  list(): SessionListBody;
  get(key: string): WatchedSessionEntry | undefined;
  /** Applies a validated patch (null clears a field) and bumps updated_at; undefined when the key does not exist. */
  patch(key: string, patch: SessionPatch): Promise<WatchedSessionEntry | undefined>;
  /** Removes the entry (its transcript file stays on disk); false when the key does not exist. */
  delete(key: string): Promise<boolean>;
}

type MutableEntry = Record<string, unknown>;

/** `{"<key>":<entry>,...}` from the entries' kept JSON, without re-serialising them. */
export function sessionMapJson(entries: Iterable<[string, WatchedSessionEntry]>): string {
  const parts: string[] = [];
  for (const [key, watched] of entries) parts.push(`${JSON.stringify(key)}:${watched.json}`);
  return `{${parts.join(',')}}`;
}

/** The `{"key","session"}` body of GET/PATCH /api/sessions/{key} and sessions.get/patch. */
export function sessionResponseJson(key: string, watched: WatchedSessionEntry): string {
  return `{"key":${JSON.stringify(key)},"session":${watched.json}}`;
}

/**
 * Builds the view over a store watcher. Writes go through updateSessionStore (locked, atomic)
 * and then refresh the watcher, so the write is visible (and broadcast) before the call resolves.
 */
export function createSessionsView(
  watcher: SessionStoreWatcher,
  storeOptions: () => UpdateSessionStoreOptions = () => ({}),
): SessionsView {
  // A per-process prefix keeps ETags of two gateway runs from ever matching.
  const instance = randomBytes(6).toString('hex');
  let cached: SessionListBody | undefined;
  let cachedVersion = -1;

  return {
    list() {
      const version = watcher.version();
      if (cached && cachedVersion === version) return cached;
      const entries = watcher.entries();
      const json = `{"sessions":${sessionMapJson(entries)},"count":${entries.size}}`;
      cached = { json, body: Buffer.from(json), etag: `"${instance}-${version}"`, count: entries.size };
      cachedVersion = version;
      return cached;
    },
    get(key) {
      return watcher.entries().get(key);
    },
    async patch(key, patch) {
      const found = await updateSessionStore(watcher.storePath, (store) => {
        if (!Object.hasOwn(store, key)) return false;
        const entry = store[key] as unknown as MutableEntry;
        for (const [field, value] of Object.entries(patch)) {
          if (value === undefined) continue;
          if (value === null) delete entry[field];
          else entry[field] = value;
        }
        entry.updated_at = Math.max(Date.now(), Number(entry.updated_at) || 0);
        return true;
      }, storeOptions());
      if (!found) return undefined;
      await watcher.refresh();
      return watcher.entries().get(key);
    },
    async delete(key) {
      const removed = await updateSessionStore(watcher.storePath, (store) => {
        if (!Object.hasOwn(store, key)) return false;
        delete store[key];
        return true;
      }, storeOptions());
      if (removed) await watcher.refresh();
      return removed;
    },
  };
}
