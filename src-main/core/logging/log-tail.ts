import { randomUUID } from 'node:crypto';
import type { LogLine, LogsTailResult } from '../../../src-shared/protocol/logs.js';

/** Lines kept for tailing: enough for a page of context, small enough to cost nothing (~1 MB). */
export const LOG_TAIL_CAPACITY = 2_000;

export type LogTailListener = (line: LogLine) => void;

/** One read of the tail: what `logs.tail` answers, without the log file. */
export type LogTailPage = Omit<LogsTailResult, 'file'>;

/** The newest log lines in memory, numbered, for the dashboard's Logs page. */
export interface LogTail {
  /** Names this tail, so a reader can tell a new process (whose numbering began again) from this one. */
  readonly bootId: string;
  append(line: Omit<LogLine, 'seq'>): void;
  /** The oldest `limit` lines after `cursor` (has_more when more follow), or the newest `limit` without a cursor. */
  read(options: { cursor?: number; limit: number }): LogTailPage;
  /** Calls back on every appended line; returns the function that unsubscribes. */
  subscribe(listener: LogTailListener): () => void;
}

export interface LogTailOptions {
  /** Lines kept; default LOG_TAIL_CAPACITY. */
  capacity?: number;
  /** This tail's name; default a random UUID (one per process, as the runtime makes one tail). */
  bootId?: string;
}

/** Creates a log tail keeping the newest `capacity` lines (a ring: old lines drop off the front), named by a random boot id. */
export function createLogTail(options: LogTailOptions = {}): LogTail {
  const capacity = options.capacity ?? LOG_TAIL_CAPACITY;
  const bootId = options.bootId ?? randomUUID();
  const lines: LogLine[] = [];
  const listeners = new Set<LogTailListener>();
  let seq = 0;
  return {
    bootId,
    append(entry) {
      seq += 1;
      const line: LogLine = { seq, ...entry };
      lines.push(line);
      if (lines.length > capacity) lines.splice(0, lines.length - capacity);
      for (const listener of listeners) listener(line);
    },
    read({ cursor, limit }) {
      if (cursor === undefined) return { lines: lines.slice(-limit), cursor: seq, missed: 0, has_more: false, boot_id: bootId };
      const oldest = lines[0]?.seq ?? seq + 1;
      const after = lines.filter((line) => line.seq > cursor);
      // Oldest first, so a reader back from a long disconnect reads on from where it stopped.
      const page = after.slice(0, limit);
      const hasMore = after.length > limit;
      return {
        lines: page,
        cursor: hasMore ? (page.at(-1)?.seq ?? seq) : seq,
        missed: Math.max(0, oldest - cursor - 1),
        has_more: hasMore,
        boot_id: bootId,
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
