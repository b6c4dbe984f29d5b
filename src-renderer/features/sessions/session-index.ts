import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import {
  compareSessionValues,
  resolveSessionListRow,
  resolveSessionSort,
  resolveSessionSortValue,
  type SessionListRow,
  type SessionListSort,
} from '../../../src-shared/sessions/list-query.js';

// The dashboard's sessions, indexed once per entry rather than per render: each entry's derived row
// (columns and search text, by the gateway's own rules in list-query), the sorted orders in use kept
// current change by change, and the channels the filter offers. A value: every change returns a new
// index sharing what did not change, so React sees what moved.

/** One session as the pages show it: the gateway's list row (columns, search text) and the entry itself. */
export interface IndexedSession extends SessionListRow {
  readonly entry: SessionEntry;
}

export interface SessionIndex {
  readonly rows: ReadonlyMap<string, IndexedSession>;
  /** Sessions per channel (the filter's options); a channel leaves when its last session does. */
  readonly channelCounts: ReadonlyMap<string, number>;
  /** Sorted orders asked for lately, the least recent first; filled by resolveSessionOrder. */
  readonly orders: Map<SessionListSort, readonly IndexedSession[]>;
}

/** Sorted orders kept at once: the page's sort, the one before (a flip back) and the default. */
const MAX_KEPT_ORDERS = 3;
/** Up to this many changes are placed one by one (binary search); more re-sort the order, which then merges runs. */
const MAX_INCREMENTAL_CHANGES = 64;

/** A session change for applySessionChanges: a new or changed entry, or a deleted key. */
export type SessionChange = { key: string; entry: SessionEntry } | { key: string; entry: null };

/** An index with no sessions. */
export function createEmptySessionIndex(): SessionIndex {
  return { rows: new Map(), channelCounts: new Map(), orders: new Map() };
}

function createRow(key: string, entry: SessionEntry): IndexedSession {
  return { ...resolveSessionListRow(key, entry), entry };
}

type SortField = ReturnType<typeof resolveSessionSort>['field'];

/** Orders two rows as the gateway's pages do (the same comparison, so the page and `GET /api/sessions` agree). */
function compareRows(a: IndexedSession, b: IndexedSession, field: SortField, descending: boolean): number {
  return compareSessionValues(resolveSessionSortValue(a, field), a.key, resolveSessionSortValue(b, field), b.key, descending);
}

function sortRows(rows: IndexedSession[], sort: SessionListSort): IndexedSession[] {
  const { field, descending } = resolveSessionSort(sort);
  return rows.sort((a, b) => compareRows(a, b, field, descending));
}

/** The first place in `order` at or after `row`'s position. */
function lowerBound(order: readonly IndexedSession[], row: IndexedSession, sort: SessionListSort): number {
  const { field, descending } = resolveSessionSort(sort);
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareRows(order[mid] as IndexedSession, row, field, descending) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function updateOrder(
  order: readonly IndexedSession[],
  sort: SessionListSort,
  removed: readonly IndexedSession[],
  added: readonly IndexedSession[],
): IndexedSession[] {
  if (removed.length + added.length > MAX_INCREMENTAL_CHANGES) {
    const gone = new Set(removed);
    // Mostly sorted with a tail of new rows: the sort merges two runs rather than starting over.
    return sortRows([...order.filter((row) => !gone.has(row)), ...added], sort);
  }
  const next = order.slice();
  for (const row of removed) {
    // Positions are unique (ties go by key), so the old row is exactly where its position says.
    const at = lowerBound(next, row, sort);
    if (next[at] === row) next.splice(at, 1);
  }
  for (const row of added) next.splice(lowerBound(next, row, sort), 0, row);
  return next;
}

function countChannel(counts: Map<string, number>, channel: string | undefined, delta: number): void {
  if (channel === undefined) return;
  const next = (counts.get(channel) ?? 0) + delta;
  if (next > 0) counts.set(channel, next);
  else counts.delete(channel);
}

/**
 * Applies new, changed and deleted sessions, keeping every kept order sorted. An entry older (by
 * updated_at) than the one indexed is ignored: a late answer or event must not roll it back.
 * Returns `index` itself when nothing changed.
 */
export function applySessionChanges(index: SessionIndex, changes: Iterable<SessionChange>): SessionIndex {
  let changed: Map<string, IndexedSession> | undefined;
  const removed: IndexedSession[] = [];
  const added: IndexedSession[] = [];
  for (const change of changes) {
    const known = (changed ?? index.rows).get(change.key);
    if (change.entry === null) {
      if (!known) continue;
      changed ??= new Map(index.rows);
      changed.delete(change.key);
      removed.push(known);
      continue;
    }
    if (known && (known.entry === change.entry || change.entry.updated_at < known.entry.updated_at)) continue;
    changed ??= new Map(index.rows);
    const row = createRow(change.key, change.entry);
    changed.set(change.key, row);
    if (known) removed.push(known);
    added.push(row);
  }
  if (!changed) return index;
  const rows = changed;
  // A row added then replaced within the same batch is in both lists: it is in no order yet.
  const addedNow = new Set(added);
  const stillAdded = added.filter((row) => rows.get(row.key) === row);
  const removedOld = removed.filter((row) => !addedNow.has(row));
  const channelCounts = new Map(index.channelCounts);
  for (const row of removedOld) countChannel(channelCounts, row.channel, -1);
  for (const row of stillAdded) countChannel(channelCounts, row.channel, 1);
  const orders = new Map<SessionListSort, readonly IndexedSession[]>();
  for (const [sort, order] of index.orders) orders.set(sort, updateOrder(order, sort, removedOld, stillAdded));
  return { rows, channelCounts, orders };
}

/**
 * Every session in the order `sort` gives (the gateway's: rows without the value last, ties by key);
 * computed once per index and sort, then kept current by applySessionChanges for the last few sorts asked.
 */
export function resolveSessionOrder(index: SessionIndex, sort: SessionListSort): readonly IndexedSession[] {
  const known = index.orders.get(sort);
  // Asking makes the sort the most recent of the kept ones: a memo on an immutable value, never seen outside.
  index.orders.delete(sort);
  const order = known ?? sortRows([...index.rows.values()], sort);
  index.orders.set(sort, order);
  if (index.orders.size > MAX_KEPT_ORDERS) {
    const oldest = index.orders.keys().next().value;
    if (oldest !== undefined) index.orders.delete(oldest);
  }
  return order;
}

/** The channels of the indexed sessions, sorted, for the filter. */
export function listIndexedChannels(index: Pick<SessionIndex, 'channelCounts'>): string[] {
  return [...index.channelCounts.keys()].sort();
}
