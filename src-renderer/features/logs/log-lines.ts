import { LogLineSchema, type LogLine, type LogsTailResult } from '../../../src-shared/protocol/logs.js';

// The Logs page's data as pure functions: the lines kept (bounded, oldest first), where the gateway
// dropped lines between two reads, where it restarted, what the filters let through, what Export writes.

/** The gateway's levels, most severe first (the schema lists them in that order). */
export const LOG_LEVELS = LogLineSchema.shape.level.options;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Lines the page keeps per source; older ones drop off the front (the gateway itself keeps 2,000). */
export const LOG_VIEW_CAPACITY = 2_000;

/** One line as the page shows it, from the gateway's log or the desktop app's. */
export interface LogViewLine {
  /** Unique within the page, increasing in arrival order (a React key, and how pause remembers where it stopped). */
  id: number;
  /** The gateway's line number; absent for the desktop app's log. */
  seq?: number;
  time: string;
  /** One of LOG_LEVELS for the gateway; whatever the desktop app's logger wrote for its log. */
  level: string;
  message: string;
  fields?: Record<string, unknown>;
  /** Lines the gateway no longer kept between the previous line and this one. */
  missedBefore?: number;
  /** The gateway restarted between the previous line and this one (its numbering began again). */
  restartedBefore?: boolean;
  /** Lower-cased message and fields, for search. */
  searchText: string;
}

export interface LogViewState {
  lines: LogViewLine[];
  /** The seq of the newest gateway line seen (what the next logs.tail continues from), or undefined before the first read. */
  cursor: number | undefined;
  /** Lines that fell off the front of the page's buffer. */
  dropped: number;
  nextId: number;
}

export const INITIAL_LOG_VIEW_STATE: LogViewState = { lines: [], cursor: undefined, dropped: 0, nextId: 1 };

function searchTextOf(message: string, fields: Record<string, unknown> | undefined): string {
  return (fields ? `${message} ${JSON.stringify(fields)}` : message).toLowerCase();
}

function bounded(state: LogViewState): LogViewState {
  const excess = state.lines.length - LOG_VIEW_CAPACITY;
  if (excess <= 0) return state;
  return { ...state, lines: state.lines.slice(excess), dropped: state.dropped + excess };
}

/**
 * Adds gateway lines (a logs.tail page or a logs.appended burst) after the ones kept: lines already
 * seen are skipped, a jump in seq marks the lines the gateway no longer had, and `restarted` marks a
 * new gateway process whose numbering began again.
 */
export function appendGatewayLines(state: LogViewState, incoming: readonly LogLine[], options: { restarted?: boolean } = {}): LogViewState {
  let cursor = options.restarted ? undefined : state.cursor;
  let nextId = state.nextId;
  let restartPending = options.restarted === true && state.lines.length > 0;
  const added: LogViewLine[] = [];
  for (const line of incoming) {
    if (cursor !== undefined && line.seq <= cursor) continue;
    const missed = cursor !== undefined && line.seq > cursor + 1 ? line.seq - cursor - 1 : 0;
    added.push({
      id: nextId++,
      seq: line.seq,
      time: line.time,
      level: line.level,
      message: line.message,
      ...(line.fields ? { fields: line.fields } : {}),
      ...(missed > 0 ? { missedBefore: missed } : {}),
      ...(restartPending ? { restartedBefore: true } : {}),
      searchText: searchTextOf(line.message, line.fields),
    });
    restartPending = false;
    cursor = line.seq;
  }
  if (added.length === 0) return options.restarted ? { ...state, cursor } : state;
  return bounded({ ...state, lines: [...state.lines, ...added], cursor, nextId });
}

/**
 * Applies a logs.tail answer: its lines as {@link appendGatewayLines}, and the gateway's cursor when
 * it is ahead of the last line (lines written and dropped before the read, none to show).
 */
export function applyTailResult(state: LogViewState, result: Pick<LogsTailResult, 'lines' | 'cursor'>, options: { restarted?: boolean } = {}): LogViewState {
  const next = appendGatewayLines(state, result.lines, options);
  return next.cursor === undefined || result.cursor > next.cursor ? { ...next, cursor: result.cursor } : next;
}

/** Replaces the kept lines with a fresh read of a log that has no numbering (the desktop app's). */
export function replaceLines(state: LogViewState, lines: ReadonlyArray<{ time: string; level: string; message: string }>): LogViewState {
  let nextId = state.nextId;
  const kept = lines.slice(-LOG_VIEW_CAPACITY).map(
    (line): LogViewLine => ({ id: nextId++, time: line.time, level: line.level, message: line.message, searchText: searchTextOf(line.message, undefined) }),
  );
  return { lines: kept, cursor: undefined, dropped: Math.max(0, lines.length - LOG_VIEW_CAPACITY), nextId };
}

/** Severity rank of a level, 0 most severe; levels the gateway does not use (the desktop app's own) rank as info. */
export function resolveLevelRank(level: string): number {
  const rank = (LOG_LEVELS as readonly string[]).indexOf(level);
  return rank === -1 ? LOG_LEVELS.indexOf('info') : rank;
}

export interface LogFilter {
  /** The least severe level shown; '' shows every level. */
  level: LogLevelName | '';
  search: string;
}

export const DEFAULT_LOG_FILTER: LogFilter = { level: '', search: '' };

/** Keeps the lines at `filter.level` or more severe whose message or fields contain the search text (any case). */
export function filterLogLines(lines: readonly LogViewLine[], filter: LogFilter): readonly LogViewLine[] {
  const needle = filter.search.trim().toLowerCase();
  if (!filter.level && !needle) return lines;
  const maxRank = filter.level ? resolveLevelRank(filter.level) : Infinity;
  return lines.filter((line) => resolveLevelRank(line.level) <= maxRank && (!needle || line.searchText.includes(needle)));
}

export type LogExportFormat = 'jsonl' | 'txt';

/** The text Export downloads, oldest line first: one JSON object per line (jsonl), or `time LEVEL message {fields}` (txt). */
export function resolveLogExport(lines: readonly LogViewLine[], format: LogExportFormat): string {
  const rows = lines.map((line) => {
    if (format === 'jsonl') {
      return JSON.stringify({ ...(line.seq === undefined ? {} : { seq: line.seq }), time: line.time, level: line.level, message: line.message, ...(line.fields ? { fields: line.fields } : {}) });
    }
    const fields = line.fields ? ` ${JSON.stringify(line.fields)}` : '';
    return `${line.time} ${line.level.toUpperCase().padEnd(7)} ${line.message}${fields}`;
  });
  return rows.length > 0 ? `${rows.join('\n')}\n` : '';
}
