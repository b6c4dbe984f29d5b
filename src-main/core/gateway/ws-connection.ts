import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { GatewayConfig } from '../../../src-shared/config/schema.js';
import { WS_CLOSE } from '../../../src-shared/protocol/errors.js';
import { WS_EVENT_NAMES } from '../../../src-shared/protocol/events.js';
import {
  ConnectRequestParamsSchema,
  PROTOCOL_VERSION,
  type ConnectRequestParams,
  type WebSocketClient,
  type WebSocketRequest,
} from '../../../src-shared/protocol/frames.js';
import { WS_METHOD_NAMES, type ConnectResult } from '../../../src-shared/protocol/methods.js';
import { formatZodIssues } from '../../../src-shared/utils/zod-issues.js';
import {
  authorizeGatewayRequest,
  readHeaderCredentials,
  resolveRateLimitClient,
  resolveUnauthorizedMessage,
  type PresentedCredentials,
  type RequestPeer,
} from './auth.js';
import { busyMessage, rateLimitedMessage, runPacedCheck, type AuthRateLimiter } from './rate-limit.js';
import type { GatewayAuth, GatewayState } from './types.js';
import { sendResponseToClient } from './ws-broadcast.js';
import { dispatchWsMethod, type WsMethodContext } from './ws-methods.js';
import { createErrorResponse, createResponse, readRequestFrame } from './ws-protocol.js';

/** The first frame must be a connect request within this long (default 10 s), else close 1008. */
export const WS_CONNECT_TIMEOUT_MS = 10_000;
/** Largest frame accepted before the connect request succeeded (64 KiB). */
export const WS_PRE_AUTH_MAX_BYTES = 64 * 1024;
/** Largest frame accepted at all (1 MiB); bigger frames close the connection with 1009. */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** One socket and what the server knows about it (the contract's ConnectionState). */
export class ConnectionState {
  isAlive = true;
  lastPongAt: number | null = null;
  /** Set once the connect request succeeded; only then does the client receive events. */
  connected = false;
  /** Events skipped for backpressure since the last `events.dropped` notice. */
  dropped = 0;
  droppingSince: number | undefined;
  /** For token/password clients: whether the credentials they connected with are still accepted (a rotated secret is not). */
  recheckAuth: (() => boolean) | undefined;
  /** Ends this connection's logs.tail follow; set while it follows the log. */
  stopLogFollow: (() => void) | undefined;
  private seq = 0;

  constructor(
    readonly ws: WebSocket,
    public client: WebSocketClient,
  ) {}

  /** The next event sequence number of this connection (1, 2, ...). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }
}

/** Tracks live connections (the contract's WebSocketConnectionManager). */
export class WebSocketConnectionManager {
  /** Connections whose connect request succeeded: the broadcast audience. */
  readonly connections = new Set<ConnectionState>();
  /** Sockets still expected to send their connect request. */
  readonly pending = new Set<ConnectionState>();
  readonly clientsById = new Map<string, ConnectionState>();

  /** Adds a connected client; a client_id reused by a newer connection points at the newer one. */
  addConnection(conn: ConnectionState): void {
    this.pending.delete(conn);
    this.connections.add(conn);
    if (conn.client.client_id) this.clientsById.set(conn.client.client_id, conn);
  }

  /** Forgets a connection, connected or pending. */
  removeConnection(conn: ConnectionState): void {
    this.pending.delete(conn);
    this.connections.delete(conn);
    const id = conn.client.client_id;
    if (id && this.clientsById.get(id) === conn) this.clientsById.delete(id);
  }

  /** Number of connected (authenticated) clients. */
  getConnectionCount(): number {
    return this.connections.size;
  }

  /** The newest connection that announced this client_id, if any. */
  getClientById(clientId: string): ConnectionState | undefined {
    return this.clientsById.get(clientId);
  }

  /** Every socket, connected or pending (shutdown and keepalive walk these). */
  *all(): IterableIterator<ConnectionState> {
    yield* this.connections;
    yield* this.pending;
  }
}

/**
 * Authenticates a WebSocket client (the contract's authenticate_connection, without its holes):
 * the connect request's `auth`, else the upgrade's Authorization / X-Password headers, always
 * checked when presented; with neither, local-direct from the upgrade request. TestClient-style
 * bypasses do not exist.
 */
export function authenticateConnection(
  peer: RequestPeer,
  config: Pick<GatewayConfig, 'token' | 'password' | 'trusted_proxies'>,
  auth: PresentedCredentials | undefined,
  extraTokens: readonly string[] = [],
): GatewayAuth {
  const headers = readHeaderCredentials(peer.headers);
  const credentials = auth?.token !== undefined || auth?.password !== undefined ? auth : headers;
  return authorizeGatewayRequest(peer, config, credentials, extraTokens);
}

/** True when the connect request's `auth` or the upgrade's headers carry a token or password (which must then be checked). */
function presentsCredentials(peer: RequestPeer, auth: PresentedCredentials | undefined): boolean {
  const headers = readHeaderCredentials(peer.headers);
  return [auth?.token, auth?.password, headers.token, headers.password].some((value) => value !== undefined);
}

export interface WsConnectionDeps {
  state: GatewayState;
  manager: WebSocketConnectionManager;
  limiter: AuthRateLimiter;
  methods: WsMethodContext;
  connectTimeoutMs?: number;
  preAuthMaxBytes?: number;
  /** Called once the connect request authenticated. */
  onAuthenticated?(): void;
}

/** Cuts a close reason to the 123 bytes a close frame allows, without splitting a character. */
export function resolveCloseReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function rawSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

/**
 * Runs one connection (the contract's handle_websocket_connection): waits for the connect request,
 * authenticates it, then answers requests until the socket closes. Bad frames get an error
 * response; before connect they also close the socket with 1008.
 */
export function handleWebsocketConnection(ws: WebSocket, peer: RequestPeer, clientIp: string, deps: WsConnectionDeps): ConnectionState {
  const { state, manager, limiter } = deps;
  const origin = typeof peer.headers.origin === 'string' ? peer.headers.origin : undefined;
  const conn = new ConnectionState(ws, {
    conn_id: randomUUID(),
    client_id: null,
    client_version: null,
    protocol_version: PROTOCOL_VERSION,
    device_id: null,
    platform: null,
    client_ip: clientIp,
    authenticated: false,
    auth_source: null,
    connected_at: state.clock(),
  });
  manager.pending.add(conn);

  const refuse = (id: string | null, code: Parameters<typeof createErrorResponse>[1], message: string): void => {
    sendResponseToClient(ws, createErrorResponse(id, code, message), conn.client.conn_id);
    ws.close(WS_CLOSE.policyViolation, resolveCloseReason(message));
  };

  const connectTimer = setTimeout(() => {
    if (!conn.connected) refuse(null, 'invalid_request', `Send a connect request within ${Math.round((deps.connectTimeoutMs ?? WS_CONNECT_TIMEOUT_MS) / 1000)} s of opening the socket`);
  }, deps.connectTimeoutMs ?? WS_CONNECT_TIMEOUT_MS);
  connectTimer.unref();
  // Set while a connect request waits its turn for the credential check.
  let checking = false;

  const accept = (request: WebSocketRequest, params: ConnectRequestParams, auth: GatewayAuth): void => {
    clearTimeout(connectTimer);
    conn.client = {
      ...conn.client,
      client_id: params.client_id ?? null,
      client_version: params.client_version ?? null,
      protocol_version: params.protocol_version,
      device_id: params.device_id ?? null,
      platform: params.platform ?? null,
      authenticated: true,
      auth_source: auth.source,
    };
    conn.connected = true;
    deps.onAuthenticated?.();
    if (auth.source !== 'local-direct') {
      conn.recheckAuth = () => authenticateConnection(peer, state.config().gateway, params.auth, state.extraTokens).authenticated;
    }
    manager.addConnection(conn);
    const result: ConnectResult = {
      conn_id: conn.client.conn_id,
      protocol_version: PROTOCOL_VERSION,
      server_version: state.version,
      methods: WS_METHOD_NAMES,
      events: WS_EVENT_NAMES,
    };
    sendResponseToClient(ws, createResponse(request.id, result), conn.client.conn_id);
    state.logger.debug('WebSocket client connected', { conn_id: conn.client.conn_id, client_ip: clientIp, auth: auth.source });
  };

  const handleConnect = (request: WebSocketRequest): void => {
    const parsed = ConnectRequestParamsSchema.safeParse(request.params);
    if (!parsed.success) {
      refuse(request.id, 'invalid_params', `Invalid connect params: ${formatZodIssues(parsed.error.issues, { root: 'params' })}`);
      return;
    }
    const params = parsed.data;
    // Without credentials: local-direct or not. Presented ones are compared only in their turn, below.
    let auth = authorizeGatewayRequest(peer, state.config().gateway, {}, state.extraTokens);
    if (!presentsCredentials(peer, params.auth)) {
      // Nothing to guess with: answered at once (unauthorized, never rate_limited, so the client offers sign-in).
      if (auth.authenticated) accept(request, params, auth);
      else refuse(request.id, 'unauthorized', resolveUnauthorizedMessage(auth, 'ws'));
      return;
    }
    // Frames sent while the check waits its turn are dropped, so one socket cannot try many secrets.
    checking = true;
    clearTimeout(connectTimer);
    runPacedCheck(limiter, resolveRateLimitClient(peer, state.config().gateway.trusted_proxies), {
      isOpen: () => ws.readyState === ws.OPEN,
      check: () => {
        // Read again: the config may have changed while the check waited its turn.
        auth = authenticateConnection(peer, state.config().gateway, params.auth, state.extraTokens);
        return auth.authenticated;
      },
      done: (outcome) => {
        if (outcome.kind === 'abandoned') return;
        if (outcome.kind === 'busy') return refuse(request.id, 'rate_limited', busyMessage(outcome.retryAfterSeconds, outcome.failures));
        if (outcome.kind === 'passed') {
          checking = false;
          return accept(request, params, auth);
        }
        const { verdict } = outcome;
        if (verdict.report) {
          state.logger.warn('WebSocket authentication failed', {
            client_ip: clientIp,
            origin: origin ?? null,
            failures: verdict.failures,
            next_delay_ms: verdict.nextDelayMs,
            unlogged_since_last: verdict.report.unlogged,
          });
        }
        if (verdict.retryAfterSeconds > 0) refuse(request.id, 'rate_limited', rateLimitedMessage(verdict.retryAfterSeconds, verdict.failures));
        else refuse(request.id, 'unauthorized', resolveUnauthorizedMessage(auth, 'ws'));
      },
    });
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (checking) return;
    if (!conn.connected && rawSize(data) > (deps.preAuthMaxBytes ?? WS_PRE_AUTH_MAX_BYTES)) {
      ws.close(WS_CLOSE.messageTooBig, 'Frame too large before connect');
      return;
    }
    if (isBinary) {
      const message = 'Binary frames are not supported; send JSON text frames';
      if (conn.connected) sendResponseToClient(ws, createErrorResponse(null, 'invalid_frame', message));
      else refuse(null, 'invalid_frame', message);
      return;
    }
    const frame = readRequestFrame(rawText(data));
    if (!frame.ok) {
      if (conn.connected) sendResponseToClient(ws, createErrorResponse(frame.id, frame.code, frame.message));
      else refuse(frame.id, frame.code, frame.message);
      return;
    }
    const request = frame.request;
    if (request.method === 'connect') {
      if (conn.connected) {
        sendResponseToClient(ws, createErrorResponse(request.id, 'invalid_request', 'Already connected; connect is only valid as the first frame'));
      } else {
        handleConnect(request);
      }
      return;
    }
    if (!conn.connected) {
      refuse(request.id, 'invalid_request', `The first frame must be a connect request (got "${request.method}")`);
      return;
    }
    void dispatchWsMethod(request, conn, deps.methods).then((response) => {
      sendResponseToClient(ws, response, conn.client.conn_id);
    });
  };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    try {
      onMessage(data, isBinary);
    } catch (error) {
      // A throw here would escape into ws's parser and take the process down; answer instead.
      state.logger.error('WebSocket frame handling failed', { conn_id: conn.client.conn_id, error: String(error) });
      sendResponseToClient(ws, createErrorResponse(null, 'internal_error', 'The gateway failed to handle this frame'));
    }
  });

  ws.on('pong', () => {
    conn.isAlive = true;
    conn.lastPongAt = state.clock();
  });
  ws.on('error', (error) => {
    state.logger.debug('WebSocket error', { conn_id: conn.client.conn_id, error: error.message });
  });
  ws.on('close', () => {
    clearTimeout(connectTimer);
    conn.stopLogFollow?.();
    manager.removeConnection(conn);
  });
  return conn;
}
