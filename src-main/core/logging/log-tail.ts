import type { LogLine } from '../../../src-shared/protocol/logs.js';

/** Lines kept for tailing: enough for a page of context, small enough to cost nothing (~1 MB). */
export const LOG_TAIL_CAPACITY = 2_000;

export type LogTailListener = (line: LogLine) => void;

/** The newest log lines in memory, numbered, for the dashboard's Logs page. */
export interface LogTail {
  append(line: Omit<LogLine, 'seq'>): void;
  /** Lines after `cursor` (at most `limit`, the newest ones), or the newest `limit` without a cursor. */
  read(options: { cursor?: number; limit: number }): { lines: LogLine[]; cursor: number; missed: number };
  /** Calls back on every appended line; returns the function that unsubscribes. */
  subscribe(listener: LogTailListener): () => void;
}

/** Creates a log tail keeping the newest `capacity` lines (a ring: old lines drop off the front). */
export function createLogTail(capacity = LOG_TAIL_CAPACITY): LogTail {
  const lines: LogLine[] = [];
  const listeners = new Set<LogTailListener>();
  let seq = 0;
  return {
    append(entry) {
      seq += 1;
      const line: LogLine = { seq, ...entry };
      lines.push(line);
      if (lines.length > capacity) lines.splice(0, lines.length - capacity);
      for (const listener of listeners) listener(line);
    },
    read({ cursor, limit }) {
      const oldest = lines[0]?.seq ?? seq + 1;
      const after = cursor === undefined ? lines : lines.filter((line) => line.seq > cursor);
      const missed = cursor === undefined ? 0 : Math.max(0, oldest - cursor - 1);
      return { lines: after.slice(-limit), cursor: seq, missed };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
