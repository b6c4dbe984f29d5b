import { createHash, randomBytes } from 'node:crypto';
import type { SessionListQuery, SessionPatch } from '../../../src-shared/protocol/http.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { mergeSessionEntry } from '../../../src-shared/sessions/entry-operations.js';
import type { SessionStoreHandle } from '../sessions/store.js';
import type { UpdateSessionStoreOptions } from '../sessions/types.js';
import type { SessionStoreWatcher } from '../sessions/watch.js';
import { createSessionPager } from './sessions-page.js';

/** The sessions list (serialised once per store version), or one page of it. */
export interface SessionListBody {
  /** `{"sessions":{...},"count":N}`, plus `keys`, `total` and `next_cursor` for a page, as UTF-8 JSON */
  body: Buffer;
  etag: string;
  count: number;
}

/** Reads and writes the session store on behalf of HTTP routes and WS methods. */
export interface SessionsView {
  /**
   * Every session, or with any of the query's fields one page in sort order; throws
   * SessionListQueryError for a cursor that is not a next_cursor of the same sort.
   */
  list(query?: SessionListQuery): SessionListBody;
  /** The entry as the store watcher shows it (frozen: shared with the store's cache). */
  get(key: string): SessionEntry | undefined;
  /** Applies a validated patch (null clears a field) and bumps updated_at; undefined when the key does not exist. */
  patch(key: string, patch: SessionPatch): Promise<SessionEntry | undefined>;
  /** Removes the entry (its transcript file stays on disk); false when the key does not exist. */
  delete(key: string): Promise<boolean>;
}

export interface SessionsViewOptions {
  /** The session store writes go through (the runtime's): the handle the watcher reads through, so it sees them at once. */
  store: SessionStoreHandle;
  /** Options for store writes (maintenance, logger); read at each write. */
  storeOptions?: () => UpdateSessionStoreOptions;
  /** Clock for the updated_at a patch sets; default Date.now. */
  clock?: () => number;
}

/** The `{"key","session"}` body of PATCH /api/sessions/{key} and sessions.get/patch. */
export function sessionResponseJson(key: string, entry: SessionEntry): string {
  return JSON.stringify({ key, session: entry });
}

/**
 * Builds the view over the store watcher `watcher()` returns (read at every call, so a moved store
 * needs no new view). Writes go through `options.store` (locked, atomic), the handle the watcher
 * reads through, which re-reads the watcher before the write resolves: the write is visible (and
 * broadcast) before the call resolves.
 */
export function createSessionsView(watcher: () => SessionStoreWatcher, options: SessionsViewOptions): SessionsView {
  const clock = options.clock ?? Date.now;
  const storeOptions = options.storeOptions ?? (() => ({}));
  // A random prefix per watcher keeps ETags of two gateway runs, or of two store files, from ever matching.
  let tag: { watcher: SessionStoreWatcher; instance: string } | undefined;
  let listed: { watcher: SessionStoreWatcher; version: number; body: SessionListBody } | undefined;
  const pager = createSessionPager();
  const instanceOf = (current: SessionStoreWatcher): string => {
    if (tag?.watcher !== current) tag = { watcher: current, instance: randomBytes(6).toString('hex') };
    return tag.instance;
  };

  return {
    list(query = {}) {
      const current = watcher();
      const version = current.version();
      const instance = instanceOf(current);
      const entries = current.entries();
      const recovery = current.recovery();
      // A stale whole-list body is the list's size kept for nothing: let it go as soon as the view moves on.
      if (listed && (listed.watcher !== current || listed.version !== version)) listed = undefined;
      if (Object.values(query).some((value) => value !== undefined)) {
        const page = pager.page(current, query);
        // fromEntries defines own properties: a session named `__proto__` stays an entry.
        const sessions = Object.fromEntries(page.keys.map((key) => [key, entries.get(key)]));
        const json = JSON.stringify({ sessions, count: page.keys.length, ...(recovery ? { recovery } : {}), keys: page.keys, total: page.total, next_cursor: page.nextCursor });
        // The page's ETag names the query too: another page of the same version is another body.
        const queryTag = createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 12);
        return { body: Buffer.from(json), etag: `"${instance}-${version}-${queryTag}"`, count: page.keys.length };
      }
      if (listed) return listed.body;
      // Serialised from the entries in one go and kept as bytes only: the string goes as soon as it is encoded.
      const json = JSON.stringify({ sessions: Object.fromEntries(entries), count: entries.size, ...(recovery ? { recovery } : {}) });
      const body = { body: Buffer.from(json), etag: `"${instance}-${version}"`, count: entries.size };
      listed = { watcher: current, version, body };
      return body;
    },
    get(key) {
      return watcher().entries().get(key);
    },
    async patch(key, patch) {
      const current = watcher();
      const found = await options.store.update(
        current.storePath,
        (store) => {
          const existing = Object.hasOwn(store, key) ? store[key] : undefined;
          if (!existing) return false;
          const now = clock();
          // updated_at: the later of now and the entry's own, so a clock step back never reorders sessions.
          store[key] = mergeSessionEntry(existing, { ...patch, updated_at: now }, { now });
          return true;
        },
        storeOptions(),
      );
      if (!found) return undefined;
      return current.entries().get(key);
    },
    async delete(key) {
      const current = watcher();
      const removed = await options.store.update(
        current.storePath,
        (store) => {
          if (!Object.hasOwn(store, key)) return false;
          delete store[key];
          return true;
        },
        storeOptions(),
      );
      return removed;
    },
  };
}
