import type { LogLine } from '../../../src-shared/protocol/logs.js';
import type { LogTail } from '../logging/log-tail.js';
import { sendEventToConnection } from './ws-broadcast.js';
import type { ConnectionState } from './ws-connection.js';
import { createEventPrefix } from './ws-protocol.js';

/**
 * Pushes every new log line to one connection as `logs.appended` events, a burst of lines (one
 * request's worth of logging) in one frame, under the same backpressure rules as every event.
 * Returns the function that stops it.
 */
export function startLogFollow(conn: ConnectionState, tail: LogTail, clock: () => number): () => void {
  let pending: LogLine[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = (): void => {
    scheduled = undefined;
    const lines = pending;
    pending = [];
    sendEventToConnection(conn, createEventPrefix('logs.appended', { lines }), { now: clock() });
  };
  const unsubscribe = tail.subscribe((line) => {
    pending.push(line);
    scheduled ??= setImmediate(flush);
  });
  return () => {
    unsubscribe();
    if (scheduled) clearImmediate(scheduled);
  };
}
