import type { SessionListQuery } from '../../../src-shared/protocol/http.js';
import {
  DEFAULT_SESSION_LIST_SORT,
  compareSessionValues,
  matchesSessionFilters,
  resolveSessionListRow,
  resolveSessionSort,
  resolveSessionSortValue,
  type SessionListRow,
  type SessionListSort,
  type SessionListSortField,
} from '../../../src-shared/sessions/list-query.js';
import type { SessionStoreWatcher } from '../sessions/watch.js';

/** A list query the gateway cannot answer (a cursor it did not give out, or one of another sort); the message says what to send instead. */
export class SessionListQueryError extends Error {
  override readonly name = 'SessionListQueryError';
}

/** One page of the sessions list, in sort order. */
export interface SessionPage {
  /** The page's session keys, in sort order. */
  readonly keys: readonly string[];
  /** Sessions matching the filters, on every page. */
  readonly total: number;
  readonly nextCursor: string | null;
}

/** What a pager reads: a store watcher's view, its version and the keys each version changed. */
export type SessionPagerSource = Pick<SessionStoreWatcher, 'entries' | 'version' | 'changedSince'>;

/** Pages through a store watcher's view; sorted orders follow the view's changes, filtered ones are kept until it changes. */
export interface SessionPager {
  /**
   * One page of `source`'s entries for `query`, starting after its cursor. Throws
   * SessionListQueryError for a cursor that is not a next_cursor of the same sort.
   */
  page(source: SessionPagerSource, query: SessionListQuery): SessionPage;
}

// Beyond this many changed keys since the last page, rebuilding the orders costs less than moving each row.
const FOLLOW_MAX_KEYS = 256;

interface SortOrder {
  readonly field: SessionListSortField;
  readonly descending: boolean;
  readonly rows: SessionListRow[];
}

/** The rows of one version of one source, and the orders asked for so far. */
interface RowIndex {
  readonly source: SessionPagerSource;
  version: number;
  readonly rows: Map<string, SessionListRow>;
  readonly orders: Map<SessionListSort, SortOrder>;
}

function compareRows(a: SessionListRow, b: SessionListRow, field: SessionListSortField, descending: boolean): number {
  return compareSessionValues(resolveSessionSortValue(a, field), a.key, resolveSessionSortValue(b, field), b.key, descending);
}

/** The first place in `order` whose row sorts after `row` (or, with `inclusive`, not before it). */
function searchOrder(order: SortOrder, row: SessionListRow, inclusive: boolean): number {
  let low = 0;
  let high = order.rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const compared = compareRows(order.rows[mid] as SessionListRow, row, order.field, order.descending);
    if (compared > 0 || (inclusive && compared === 0)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** Moves one session's row within an order: out from where `before` sorted, in where `after` sorts. */
function moveRow(order: SortOrder, before: SessionListRow | undefined, after: SessionListRow | undefined): void {
  if (before) {
    let at = searchOrder(order, before, true);
    // Keys are unique, so the search lands on it; the scan only guards an order that is not what it should be.
    if (order.rows[at] !== before) at = order.rows.indexOf(before);
    if (at >= 0) order.rows.splice(at, 1);
  }
  if (after) order.rows.splice(searchOrder(order, after, false), 0, after);
}

const BAD_CURSOR = 'Invalid cursor: pass the next_cursor of the previous page unchanged, or leave cursor out to start at the first page';

function encodeCursor(sort: SessionListSort, row: SessionListRow): string {
  return Buffer.from(JSON.stringify([sort, resolveSessionSortValue(row, resolveSessionSort(sort).field) ?? null, row.key])).toString('base64url');
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

/** Creates a pager with empty caches; it keeps the rows, each sorted order asked for and the last filtered one, for the latest source only. */
export function createSessionPager(): SessionPager {
  let index: RowIndex | undefined;
  let filtered: { order: SortOrder; version: number; signature: string; rows: SessionListRow[] } | undefined;

  /** The index at the source's current version: the changed rows moved within each order, or everything rebuilt. */
  const sync = (source: SessionPagerSource): RowIndex => {
    const version = source.version();
    if (index?.source === source && index.version === version) return index;
    const entries = source.entries();
    const changed = index?.source === source ? source.changedSince(index.version) : undefined;
    if (!index || !changed || changed.size > FOLLOW_MAX_KEYS) {
      const rows = new Map<string, SessionListRow>();
      for (const [key, entry] of entries) rows.set(key, resolveSessionListRow(key, entry));
      index = { source, version, rows, orders: new Map() };
      return index;
    }
    for (const key of changed) {
      const entry = entries.get(key);
      const before = index.rows.get(key);
      const after = entry ? resolveSessionListRow(key, entry) : undefined;
      for (const order of index.orders.values()) moveRow(order, before, after);
      if (after) index.rows.set(key, after);
      else index.rows.delete(key);
    }
    index.version = version;
    return index;
  };

  const orderOf = (current: RowIndex, sort: SessionListSort): SortOrder => {
    const known = current.orders.get(sort);
    if (known) return known;
    const { field, descending } = resolveSessionSort(sort);
    const rows = [...current.rows.values()].sort((a, b) => compareRows(a, b, field, descending));
    const order = { field, descending, rows };
    current.orders.set(sort, order);
    return order;
  };

  return {
    page(source, query) {
      const sort = query.sort ?? DEFAULT_SESSION_LIST_SORT;
      const current = sync(source);
      const order = orderOf(current, sort);
      const needle = query.q?.trim().toLowerCase() || undefined;
      const filters = { needle, channel: query.channel, chatType: query.chat_type };
      let rows = order.rows;
      if (needle !== undefined || filters.channel !== undefined || filters.chatType !== undefined) {
        // Paging through one search asks the same question page after page: answer it once per version.
        const signature = JSON.stringify([needle, filters.channel, filters.chatType]);
        if (filtered?.order !== order || filtered.version !== current.version || filtered.signature !== signature) {
          filtered = { order, version: current.version, signature, rows: order.rows.filter((row) => matchesSessionFilters(row, filters)) };
        }
        rows = filtered.rows;
      }
      let start = 0;
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor, sort);
        // The first row past the cursor's place, found by value and key rather than by index: a change
        // elsewhere does not shift the pages (an entry that moves reaches clients as a session.updated event).
        let low = 0;
        let high = rows.length;
        while (low < high) {
          const mid = (low + high) >>> 1;
          const row = rows[mid] as SessionListRow;
          if (compareSessionValues(resolveSessionSortValue(row, order.field), row.key, after.value, after.key, order.descending) > 0) high = mid;
          else low = mid + 1;
        }
        start = low;
      }
      const end = query.limit === undefined ? rows.length : Math.min(rows.length, start + query.limit);
      const pageRows = rows.slice(start, end);
      const last = pageRows.at(-1);
      return {
        keys: pageRows.map((row) => row.key),
        total: rows.length,
        nextCursor: end < rows.length && last ? encodeCursor(sort, last) : null,
      };
    },
  };
}
