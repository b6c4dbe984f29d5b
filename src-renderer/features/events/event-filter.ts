import type { EventLogEntry } from './event-log.js';

export interface EventFilter {
  /** '' means every name. */
  name: string;
  direction: '' | 'in' | 'out';
  search: string;
}

export const DEFAULT_EVENT_FILTER: EventFilter = { name: '', direction: '', search: '' };

/** Keeps the entries matching the name, direction and full-text search (case-insensitive, over the frame's JSON). */
export function filterEventEntries(entries: readonly EventLogEntry[], filter: EventFilter): readonly EventLogEntry[] {
  const needle = filter.search.trim().toLowerCase();
  if (!filter.name && !filter.direction && !needle) return entries;
  return entries.filter(
    (entry) =>
      (!filter.name || entry.name === filter.name) &&
      (!filter.direction || entry.direction === filter.direction) &&
      (!needle || entry.searchText.includes(needle) || entry.name.toLowerCase().includes(needle)),
  );
}

/** The distinct names in the log, sorted, for the name filter. */
export function listEventNames(entries: readonly EventLogEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.name))].sort();
}
