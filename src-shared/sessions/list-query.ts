import { resolveSessionChannel } from './channel.js';
import type { SessionEntry } from './entry.js';

/** Fields `GET /api/sessions?sort=` and `sessions.list` order by; `-field` is descending. */
export const SESSION_LIST_SORT_FIELDS = ['updated_at', 'key', 'label', 'channel', 'chat_type', 'model', 'tokens'] as const;
export type SessionListSortField = (typeof SESSION_LIST_SORT_FIELDS)[number];
export type SessionListSort = SessionListSortField | `-${SessionListSortField}`;

/** The order of a page when the request names none: most recently updated first. */
export const DEFAULT_SESSION_LIST_SORT: SessionListSort = '-updated_at';

/** One session with the derived values a list filters and sorts by, computed once per entry. */
export interface SessionListRow {
  readonly key: string;
  readonly label: string | undefined;
  readonly channel: string | undefined;
  readonly chatType: string | undefined;
  readonly model: string | undefined;
  readonly tokens: number | undefined;
  readonly updatedAt: number;
  /** Lower-cased key, label, channel, chat type, model, session id, origin from and to, for `q`. */
  readonly haystack: string;
}

/** Total tokens: total_tokens when recorded, else input + output when either is. */
export function resolveSessionTokens(entry: SessionEntry): number | undefined {
  if (entry.total_tokens !== undefined) return entry.total_tokens;
  if (entry.input_tokens === undefined && entry.output_tokens === undefined) return undefined;
  return (entry.input_tokens ?? 0) + (entry.output_tokens ?? 0);
}

/** Derives the row a list filters and sorts `entry` by (the same columns the dashboard's Sessions page shows). */
export function resolveSessionListRow(key: string, entry: SessionEntry): SessionListRow {
  const label = entry.label ?? entry.display_name ?? entry.origin?.label;
  // The same channel the dashboard shows for it (one resolver for every page and the gateway's filter).
  const channel = resolveSessionChannel(key, entry);
  const chatType = entry.chat_type ?? entry.origin?.chat_type;
  const model = entry.model_override ?? entry.model;
  const searchable = [key, label, channel, chatType, model, entry.session_id, entry.origin?.from, entry.origin?.to];
  return {
    key,
    label,
    channel,
    chatType,
    model,
    tokens: resolveSessionTokens(entry),
    updatedAt: entry.updated_at,
    haystack: searchable.filter((value) => value !== undefined).join('\u0000').toLowerCase(),
  };
}

/** The value `row` sorts by for `field` (undefined: the row has none, and goes last in either direction). */
export function resolveSessionSortValue(row: SessionListRow, field: SessionListSortField): string | number | undefined {
  switch (field) {
    case 'key':
      return row.key;
    case 'label':
      return row.label;
    case 'channel':
      return row.channel;
    case 'chat_type':
      return row.chatType;
    case 'model':
      return row.model;
    case 'tokens':
      return row.tokens;
    case 'updated_at':
      return row.updatedAt;
  }
}

/** Splits `-field` into the field and its direction. */
export function resolveSessionSort(sort: SessionListSort): { field: SessionListSortField; descending: boolean } {
  return sort.startsWith('-') ? { field: sort.slice(1) as SessionListSortField, descending: true } : { field: sort as SessionListSortField, descending: false };
}

// Case- and accent-aware like the dashboard's localeCompare, but one collator for every comparison.
const COLLATOR = new Intl.Collator('en', { numeric: true });

/**
 * Compares two (sort value, key) positions in a list sorted by that value: rows without a value last in
 * either direction, ties by key (code units), so the order is total and a cursor names one place in it.
 * Plain values rather than objects: a sort of many rows makes no object per comparison.
 */
export function compareSessionValues(aValue: string | number | undefined, aKey: string, bValue: string | number | undefined, bKey: string, descending: boolean): number {
  if (aValue !== bValue) {
    if (aValue === undefined) return 1;
    if (bValue === undefined) return -1;
    const order = typeof aValue === 'number' && typeof bValue === 'number' ? aValue - bValue : COLLATOR.compare(String(aValue), String(bValue));
    if (order !== 0) return descending ? -order : order;
  }
  return aKey < bKey ? -1 : aKey > bKey ? 1 : 0;
}

/** True when the row passes the filters: `channel` and `chatType` exact, `needle` (lower-cased) a substring of its haystack. */
export function matchesSessionFilters(row: SessionListRow, filters: { needle?: string; channel?: string; chatType?: string }): boolean {
  if (filters.channel !== undefined && row.channel !== filters.channel) return false;
  if (filters.chatType !== undefined && row.chatType !== filters.chatType) return false;
  return !filters.needle || row.haystack.includes(filters.needle);
}
