import type WebSocket from 'ws';
import { WS_CLOSE } from '../../../src-shared/protocol/errors.js';
import type { ConnectionState } from './ws-connection.js';
import { completeEvent, createEventPrefix } from './ws-protocol.js';

// ws's WebSocket.OPEN; a literal so this module does not load ws at startup.
const OPEN = 1;

/** Above this many buffered bytes a client gets no more events until it catches up (default 1 MiB). */
export const WS_EVENT_BUFFER_LIMIT_BYTES = 1024 * 1024;
/** Above this many buffered bytes (responses included) a client is closed with 1013 (default 8 MiB). */
export const WS_CLOSE_BUFFER_LIMIT_BYTES = 8 * 1024 * 1024;
/** A client still too slow for events after this long is closed with 1013 (default 30 s). */
export const WS_SLOW_CLIENT_GRACE_MS = 30_000;

export interface BroadcastOptions {
  /**
   * true (default): a slow client skips events and is told how many with `events.dropped`;
   * false: a slow client is closed with 1013 instead. Either way memory stays bounded.
   */
  dropIfSlow?: boolean;
  /** params already serialised (session diffs reuse their entries' JSON). */
  paramsJson?: string;
  /** The time of the broadcast, which decides how long a slow client has been skipping events (default Date.now()). */
  now?: number;
}

/** Sends one message if the socket is open (the contract's send_to_client); false when it was not sent. */
export function sendToClient(ws: WebSocket, message: string, _connId?: string): boolean {
  if (ws.readyState !== OPEN) return false;
  try {
    ws.send(message);
    return true;
  } catch {
    // The socket died between the state check and the write; the close handler cleans up.
    return false;
  }
}

/** Sends a response frame (the contract's send_response_to_client); false when it was not sent. */
export function sendResponseToClient(ws: WebSocket, responseJson: string, connId?: string): boolean {
  const sent = sendToClient(ws, responseJson, connId);
  if (sent && ws.bufferedAmount > WS_CLOSE_BUFFER_LIMIT_BYTES) {
    ws.close(WS_CLOSE.tryAgainLater, 'Client is reading too slowly');
  }
  return sent;
}

function closeSlow(conn: ConnectionState): void {
  conn.ws.close(WS_CLOSE.tryAgainLater, 'Client is reading too slowly; reconnect');
}

/** Sends the pending `events.dropped` notice if the client has caught up; true when the client can take events. */
export function flushDroppedNotice(conn: ConnectionState): boolean {
  if (conn.ws.bufferedAmount > WS_EVENT_BUFFER_LIMIT_BYTES) return false;
  conn.droppingSince = undefined;
  if (conn.dropped > 0) {
    const notice = completeEvent(createEventPrefix('events.dropped', { count: conn.dropped }), conn.nextSeq());
    conn.dropped = 0;
    sendToClient(conn.ws, notice);
  }
  return true;
}

/** Sends one event to one connection, applying the backpressure rules; true when it was sent. */
export function sendEventToConnection(conn: ConnectionState, prefix: string, options: BroadcastOptions & { now: number }): boolean {
  if (conn.ws.readyState !== OPEN) return false;
  const buffered = conn.ws.bufferedAmount;
  if (buffered > WS_EVENT_BUFFER_LIMIT_BYTES) {
    const { now } = options;
    const tooLong = conn.droppingSince !== undefined && now - conn.droppingSince > WS_SLOW_CLIENT_GRACE_MS;
    if (options.dropIfSlow === false || buffered > WS_CLOSE_BUFFER_LIMIT_BYTES || tooLong) {
      closeSlow(conn);
      return false;
    }
    // The dropped event still takes a seq: the client sees the gap, and later the count.
    conn.nextSeq();
    conn.droppingSince ??= now;
    conn.dropped += 1;
    return false;
  }
  if (conn.dropped > 0) flushDroppedNotice(conn);
  else conn.droppingSince = undefined;
  return sendToClient(conn.ws, completeEvent(prefix, conn.nextSeq()));
}

/**
 * Broadcasts an event to every connected client (the contract's broadcast_event): params are
 * stringified once and only `seq` differs per client. Returns how many clients were sent it.
 */
export function broadcastEvent(
  eventName: string,
  params: Record<string, unknown> | undefined,
  connections: Iterable<ConnectionState> | undefined,
  options: BroadcastOptions = {},
): number {
  if (!connections) return 0;
  const prefix = createEventPrefix(eventName, params ?? {}, options.paramsJson);
  const perClient = { dropIfSlow: options.dropIfSlow, now: options.now ?? Date.now() };
  let delivered = 0;
  for (const conn of connections) {
    if (sendEventToConnection(conn, prefix, perClient)) delivered += 1;
  }
  return delivered;
}
