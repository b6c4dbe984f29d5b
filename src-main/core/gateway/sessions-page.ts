import type { SessionListQuery } from '../../../src-shared/protocol/http.js';
import {
  DEFAULT_SESSION_LIST_SORT,
  compareSessionPositions,
  matchesSessionFilters,
  resolveSessionListRow,
  resolveSessionSort,
  resolveSessionSortValue,
  type SessionListRow,
  type SessionListSort,
} from '../../../src-shared/sessions/list-query.js';
import type { WatchedSessionEntry } from '../sessions/watch.js';

/** A list query the gateway cannot answer (a cursor it did not give out, or one of another sort); the message says what to send instead. */
export class SessionListQueryError extends Error {
  override readonly name = 'SessionListQueryError';
}

/** One page of the sessions list, in sort order. */
export interface SessionPage {
  readonly items: ReadonlyArray<{ readonly key: string; readonly watched: WatchedSessionEntry }>;
  /** Sessions matching the filters, on every page. */
  readonly total: number;
  readonly nextCursor: string | null;
}

/** Pages through a store watcher's view; sorted and filtered orders are kept until the view changes. */
export interface SessionPager {
  /**
   * One page of `entries` (the view as of `version`) for `query`, starting after its cursor.
   * Throws SessionListQueryError for a cursor that is not a next_cursor of the same sort.
   */
  page(entries: ReadonlyMap<string, WatchedSessionEntry>, version: number, query: SessionListQuery): SessionPage;
}

// The row and the entry it was derived from; rows are kept per entry, so a sorted list is an array of references.
interface Item extends SessionListRow {
  readonly watched: WatchedSessionEntry;
}

const BAD_CURSOR = 'Invalid cursor: pass the next_cursor of the previous page unchanged, or leave cursor out to start at the first page';

function encodeCursor(sort: SessionListSort, item: Item): string {
  return Buffer.from(JSON.stringify([sort, resolveSessionSortValue(item, resolveSessionSort(sort).field) ?? null, item.key])).toString('base64url');
}

function decodeCursor(cursor: string, sort: SessionListSort): { value: string | number | undefined; key: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // Not ours; the message says what a cursor must be, without echoing it.
    throw new SessionListQueryError(BAD_CURSOR);
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw new SessionListQueryError(BAD_CURSOR);
  const [cursorSort, value, key] = decoded as unknown[];
  if (typeof key !== 'string' || !(value === null || typeof value === 'string' || typeof value === 'number')) throw new SessionListQueryError(BAD_CURSOR);
  if (cursorSort !== sort) {
    throw new SessionListQueryError(`This cursor belongs to sort=${String(cursorSort)}, not sort=${sort}: send the same sort as the first page, or leave cursor out to start over`);
  }
  return { value: value ?? undefined, key };
}

/** Creates a pager with empty caches; it keeps one sorted order per sort and the last filtered one, for the latest view only. */
export function createSessionPager(): SessionPager {
  // Per watched entry, which the watcher keeps as long as the entry is unchanged: rows survive versions.
  const rows = new WeakMap<WatchedSessionEntry, Item>();
  let sorted: { entries: ReadonlyMap<string, WatchedSessionEntry>; version: number; bySort: Map<SessionListSort, Item[]> } | undefined;
  let filtered: { source: Item[]; signature: string; items: Item[] } | undefined;

  const rowOf = (key: string, watched: WatchedSessionEntry): Item => {
    let row = rows.get(watched);
    if (!row || row.key !== key) {
      row = { ...resolveSessionListRow(key, watched.entry), watched };
      rows.set(watched, row);
    }
    return row;
  };

  const sortedItems = (entries: ReadonlyMap<string, WatchedSessionEntry>, version: number, sort: SessionListSort): Item[] => {
    if (sorted?.entries !== entries || sorted.version !== version) sorted = { entries, version, bySort: new Map() };
    const cached = sorted.bySort.get(sort);
    if (cached) return cached;
    const { field, descending } = resolveSessionSort(sort);
    const items: Item[] = [];
    for (const [key, watched] of entries) items.push(rowOf(key, watched));
    items.sort((a, b) =>
      compareSessionPositions({ value: resolveSessionSortValue(a, field), key: a.key }, { value: resolveSessionSortValue(b, field), key: b.key }, descending),
    );
    sorted.bySort.set(sort, items);
    return items;
  };

  return {
    page(entries, version, query) {
      const sort = query.sort ?? DEFAULT_SESSION_LIST_SORT;
      const all = sortedItems(entries, version, sort);
      const needle = query.q?.trim().toLowerCase() || undefined;
      const filters = { needle, channel: query.channel, chatType: query.chat_type };
      let items = all;
      if (needle !== undefined || filters.channel !== undefined || filters.chatType !== undefined) {
        // Paging through one search asks the same question page after page: answer it once per view.
        const signature = JSON.stringify([needle, filters.channel, filters.chatType]);
        if (filtered?.source !== all || filtered.signature !== signature) {
          filtered = { source: all, signature, items: all.filter((item) => matchesSessionFilters(item, filters)) };
        }
        items = filtered.items;
      }
      let start = 0;
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor, sort);
        const { field, descending } = resolveSessionSort(sort);
        // The first item past the cursor's place, found by value and key rather than by index: a change
        // elsewhere does not shift the pages (an entry that moves reaches clients as a session.updated event).
        let low = 0;
        let high = items.length;
        while (low < high) {
          const mid = (low + high) >>> 1;
          const item = items[mid] as Item;
          if (compareSessionPositions({ value: resolveSessionSortValue(item, field), key: item.key }, after, descending) > 0) high = mid;
          else low = mid + 1;
        }
        start = low;
      }
      const end = query.limit === undefined ? items.length : Math.min(items.length, start + query.limit);
      const pageItems = items.slice(start, end);
      const last = pageItems.at(-1);
      return {
        items: pageItems.map(({ key, watched }) => ({ key, watched })),
        total: items.length,
        nextCursor: end < items.length && last ? encodeCursor(sort, last) : null,
      };
    },
  };
}
