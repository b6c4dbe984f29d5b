import { matchesSessionFilters, type SessionListSort, type SessionListSortField } from '../../../src-shared/sessions/list-query.js';
import { resolveSessionOrder, type IndexedSession, type SessionIndex } from './session-index.js';

// What the Sessions page asks of the index: the page's query (search, filters, column and direction)
// and the rows it shows, by the same rules as the gateway's pages.

/** A column the table sorts by: the gateway's sort fields. */
export type SessionSortKey = SessionListSortField;
export type SortDirection = 'asc' | 'desc';

export interface SessionQuery {
  search: string;
  /** '' means every channel. */
  channel: string;
  /** '' means every chat type. */
  chatType: string;
  sort: SessionSortKey;
  direction: SortDirection;
}

export const DEFAULT_SESSION_QUERY: SessionQuery = { search: '', channel: '', chatType: '', sort: 'updated_at', direction: 'desc' };

/** The gateway's sort for the query: the column, `-` first when descending. */
export function resolveQuerySort(query: Pick<SessionQuery, 'sort' | 'direction'>): SessionListSort {
  return query.direction === 'desc' ? `-${query.sort}` : query.sort;
}

/**
 * The rows the query shows, in its order: the index's kept order for the sort, filtered by channel,
 * chat type and search text with the gateway's rules (the whole order itself when nothing filters).
 */
export function resolveSessionRows(index: SessionIndex, query: SessionQuery): readonly IndexedSession[] {
  const order = resolveSessionOrder(index, resolveQuerySort(query));
  const needle = query.search.trim().toLowerCase() || undefined;
  const filters = { needle, channel: query.channel || undefined, chatType: query.chatType || undefined };
  if (filters.needle === undefined && filters.channel === undefined && filters.chatType === undefined) return order;
  return order.filter((row) => matchesSessionFilters(row, filters));
}
