import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { WS_CLOSE } from '../../../src-shared/protocol/errors.js';
import { getClientIp, type RequestPeer } from './auth.js';
import { resolveHostRefusal, type HostPolicy } from './host-origin.js';
import type { AuthRateLimiter } from './rate-limit.js';
import type { GatewayState } from './types.js';
import { broadcastEvent, flushDroppedNotice, type BroadcastOptions } from './ws-broadcast.js';
import {
  handleWebsocketConnection,
  WebSocketConnectionManager,
  WS_MAX_PAYLOAD_BYTES,
  type ConnectionState,
} from './ws-connection.js';
import type { WsMethodContext } from './ws-methods.js';

/** Server pings every client this often (default 30 s); one that missed the previous ping is terminated. */
export const WS_PING_INTERVAL_MS = 30_000;
/** How long clients get to answer a close frame on shutdown before their sockets are destroyed. */
export const WS_CLOSE_GRACE_MS = 1_500;
export const WS_PATH = '/ws';

export interface WebSocketServerOptions {
  state: GatewayState;
  limiter: AuthRateLimiter;
  policy(): HostPolicy;
  methods: WsMethodContext;
  pingIntervalMs?: number;
  connectTimeoutMs?: number;
  /** Called with the upgraded socket once its connect request authenticated. */
  onAuthenticated?(socket: Duplex): void;
}

/** The `/ws` endpoint (the contract's create_websocket_router) on an http server's upgrade event. */
export interface WebSocketServerHandle {
  readonly manager: WebSocketConnectionManager;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(eventName: string, params?: Record<string, unknown>, options?: BroadcastOptions): number;
  /** Closes (1008) every token/password client whose credentials the current config no longer accepts; returns how many. */
  revalidate(): number;
  /** Stops keepalive, closes every client with `code` (terminating those that do not answer), closes the server. */
  close(code?: number, reason?: string): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, statusText: string, type: string, message: string): void {
  const body = JSON.stringify({ error: { message, type } });
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Broadcasts to every connected client of a server (the contract's broadcast_to_all, without a global). */
export function broadcastToAll(server: WebSocketServerHandle, eventName: string, params?: Record<string, unknown>): number {
  return server.broadcast(eventName, params);
}

/**
 * Builds the WebSocket endpoint: upgrades on `/ws` only, after the Host (header and absolute-form
 * target) and Origin checks (an upgrade from a page on another site gets 403); the connect request
 * is authenticated and rate-limited per client address; frames up to 1 MiB; keepalive pings.
 */
export function createWebSocketServer(options: WebSocketServerOptions): WebSocketServerHandle {
  const { state, limiter } = options;
  const manager = new WebSocketConnectionManager();
  // ws is loaded on the first upgrade, not at startup: a gateway nobody connects to never pays for it.
  let wss: Promise<WebSocketServer> | undefined;
  const loadServer = (): Promise<WebSocketServer> =>
    (wss ??= import('ws').then(
      ({ WebSocketServer }) =>
        new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: WS_MAX_PAYLOAD_BYTES, perMessageDeflate: false }),
    ));

  const keepalive = setInterval(() => {
    for (const conn of manager.all()) {
      if (!conn.isAlive) {
        conn.ws.terminate();
        continue;
      }
      conn.isAlive = false;
      conn.ws.ping();
      if (conn.dropped > 0) flushDroppedNotice(conn);
    }
  }, options.pingIntervalMs ?? WS_PING_INTERVAL_MS);
  keepalive.unref();
  let closed = false;

  return {
    manager,
    handleUpgrade(req, socket, head) {
      const policy = options.policy();
      const refusal = resolveHostRefusal(policy, req.headers.host, req.url);
      if (refusal !== undefined) {
        refuseUpgrade(socket, 403, 'Forbidden', 'forbidden', refusal);
        return;
      }
      const pathname = (req.url ?? '').split('?')[0];
      if (pathname !== WS_PATH) {
        refuseUpgrade(socket, 404, 'Not Found', 'not_found_error', `WebSocket endpoint is ${WS_PATH}`);
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !policy.isAllowedOrigin(origin)) {
        state.logger.warn('WebSocket upgrade from a foreign origin refused', { origin });
        refuseUpgrade(socket, 403, 'Forbidden', 'forbidden', `Origin "${origin}" is not allowed; add it to gateway.allowed_origins`);
        return;
      }
      // No lockout check here: the credentials usually come in the connect request, and valid ones
      // are never locked out; handleWebsocketConnection applies the limiter to what is presented.
      const peer: RequestPeer = { remoteAddress: req.socket.remoteAddress, headers: req.headers, target: req.url };
      const clientIp = getClientIp(peer, state.config().gateway.trusted_proxies);
      void loadServer().then((server) => {
        if (closed) {
          socket.destroy();
          return;
        }
        server.handleUpgrade(req, socket, head, (ws) => {
          handleWebsocketConnection(ws, peer, clientIp, {
            state,
            manager,
            limiter,
            methods: options.methods,
            connectTimeoutMs: options.connectTimeoutMs,
            onAuthenticated: () => options.onAuthenticated?.(socket),
          });
        });
      });
    },
    broadcast(eventName, params, broadcastOptions) {
      return broadcastEvent(eventName, params, manager.connections, { now: state.clock(), ...broadcastOptions });
    },
    revalidate() {
      const revoked = [...manager.connections].filter((conn) => conn.recheckAuth && !conn.recheckAuth());
      for (const conn of revoked) void closeGracefully(conn, WS_CLOSE.policyViolation, 'Credentials changed; reconnect with the new ones');
      return revoked.length;
    },
    async close(code = WS_CLOSE.goingAway, reason = 'Gateway stopping') {
      closed = true;
      clearInterval(keepalive);
      const open = [...manager.all()];
      await Promise.all(open.map((conn) => closeGracefully(conn, code, reason)));
      if (wss) {
        const server = await wss;
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

function closeGracefully(conn: ConnectionState, code: number, reason: string): Promise<void> {
  const { ws } = conn;
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), WS_CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(code, reason);
  });
}
