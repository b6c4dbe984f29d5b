import { resolveSessionChannel } from '../../../src-shared/sessions/channel.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';

export const SESSION_SORT_KEYS = ['key', 'label', 'channel', 'chat_type', 'model', 'tokens', 'updated_at'] as const;
export type SessionSortKey = (typeof SESSION_SORT_KEYS)[number];
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

/** One table row: the entry plus the derived columns the table shows and sorts by. */
export interface SessionRow {
  key: string;
  entry: SessionEntry;
  label: string | undefined;
  channel: string | undefined;
  chatType: string | undefined;
  model: string | undefined;
  tokens: number | undefined;
}

/** Total tokens: total_tokens when recorded, else input + output when either is. */
export function resolveSessionTokens(entry: SessionEntry): number | undefined {
  if (entry.total_tokens !== undefined) return entry.total_tokens;
  if (entry.input_tokens === undefined && entry.output_tokens === undefined) return undefined;
  return (entry.input_tokens ?? 0) + (entry.output_tokens ?? 0);
}

/** The model in use: the override when set, else the last model recorded. */
export function resolveSessionModel(entry: SessionEntry): string | undefined {
  return entry.model_override ?? entry.model;
}

/** The distinct channels across sessions, sorted, for the filter. */
export function listSessionChannels(sessions: Record<string, SessionEntry>): string[] {
  const channels = new Set<string>();
  for (const [key, entry] of Object.entries(sessions)) {
    const channel = resolveSessionChannel(key, entry);
    if (channel) channels.add(channel);
  }
  return [...channels].sort();
}

function toRow(key: string, entry: SessionEntry): SessionRow {
  return {
    key,
    entry,
    label: entry.label ?? entry.display_name ?? entry.origin?.label,
    channel: resolveSessionChannel(key, entry),
    chatType: entry.chat_type ?? entry.origin?.chat_type,
    model: resolveSessionModel(entry),
    tokens: resolveSessionTokens(entry),
  };
}

function sortValue(row: SessionRow, sort: SessionSortKey): string | number | undefined {
  switch (sort) {
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
      return row.entry.updated_at;
  }
}

function matches(row: SessionRow, needle: string): boolean {
  if (!needle) return true;
  const haystack = [row.key, row.label, row.channel, row.chatType, row.model, row.entry.session_id, row.entry.origin?.from, row.entry.origin?.to];
  return haystack.some((value) => value?.toLowerCase().includes(needle));
}

/** Filters (search, channel, chat type) and sorts the sessions; rows without the sort value go last either way. */
export function resolveSessionRows(sessions: Record<string, SessionEntry>, query: SessionQuery): SessionRow[] {
  const needle = query.search.trim().toLowerCase();
  const rows = Object.entries(sessions)
    .map(([key, entry]) => toRow(key, entry))
    .filter((row) => (!query.channel || row.channel === query.channel) && (!query.chatType || row.chatType === query.chatType))
    .filter((row) => matches(row, needle));
  const sign = query.direction === 'asc' ? 1 : -1;
  return rows.sort((a, b) => {
    const left = sortValue(a, query.sort);
    const right = sortValue(b, query.sort);
    if (left === undefined || right === undefined) {
      if (left === right) return a.key.localeCompare(b.key);
      return left === undefined ? 1 : -1;
    }
    const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
    return order === 0 ? a.key.localeCompare(b.key) : order * sign;
  });
}
