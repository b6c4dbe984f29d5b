import { PROTOCOL_VERSION } from '../protocol/frames.js';
import type { ConnectRequestParams, WebSocketEvent } from '../protocol/frames.js';
import { WS_EVENTS } from '../protocol/events.js';
import type { WsEventName, WsEventParams } from '../protocol/events.js';
import { WS_METHODS } from '../protocol/methods.js';
import type { WsMethodName, WsMethodParams, WsMethodResult } from '../protocol/methods.js';
import { DEFAULT_RECONNECT_POLICY } from './backoff.js';
import type { ReconnectPolicy } from './backoff.js';
import { GatewayRequestError } from './errors.js';
import { createGatewayHttpApi } from './http-api.js';
import type { ClientCredentials, GatewayHttpApi } from './http-api.js';
import { resolveFetch, resolveWebSocket } from './transport.js';
import type { FetchLike, WebSocketConstructorLike } from './transport.js';
import { createWsConnection } from './ws-connection.js';
import type { ClientConnectionState, FrameRecord, Timers } from './ws-connection.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** Who the client says it is in its `connect` request. */
export interface ClientInfo {
  client_id?: string;
  client_version?: string;
  platform?: string;
  device_id?: string;
}

export interface GatewayClientOptions {
  /** The gateway's HTTP origin, e.g. `http://127.0.0.1:18789`; the WebSocket URL is derived from it. */
  baseUrl: string;
  credentials?: ClientCredentials;
  clientInfo?: ClientInfo;
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructorLike;
  reconnect?: Partial<ReconnectPolicy>;
  requestTimeoutMs?: number;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
}

/** The one typed gateway client: HTTP calls, a reconnecting WebSocket, typed requests and events. */
export interface GatewayClient {
  readonly baseUrl: string;
  readonly wsUrl: string;
  readonly http: GatewayHttpApi;
  /** Opens the WebSocket (idempotent); it reconnects with backoff until disconnect(). */
  connect(): void;
  disconnect(): void;
  /** Skips the remaining backoff wait and connects now. */
  reconnectNow(): void;
  /** Replaces the credentials (kept in memory only) and reconnects if the WebSocket was wanted. */
  setCredentials(credentials: ClientCredentials | undefined): void;
  hasCredentials(): boolean;
  state(): ClientConnectionState;
  request<M extends WsMethodName>(method: M, params: WsMethodParams<M>): Promise<WsMethodResult<M>>;
  /** Sends any method with any params and returns the raw result, for consoles and newer methods. */
  requestRaw(method: string, params?: Record<string, unknown>): Promise<unknown>;
  on<E extends WsEventName>(event: E, listener: (params: WsEventParams<E>, frame: WebSocketEvent) => void): () => void;
  onEvent(listener: (frame: WebSocketEvent) => void): () => void;
  onState(listener: (state: ClientConnectionState) => void): () => void;
  onFrame(listener: (record: FrameRecord) => void): () => void;
  close(): Promise<void>;
}

/** Resolves the gateway's HTTP base and WebSocket URL from a base URL; throws for anything but http(s). */
export function resolveGatewayUrls(baseUrl: string): { baseUrl: string; wsUrl: string } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`Gateway URL "${baseUrl}" is not a URL; expected something like http://127.0.0.1:18789.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Gateway URL "${baseUrl}" must start with http:// or https://.`);
  }
  if (url.username || url.password || url.search) {
    throw new Error('Gateway URL must not carry credentials or a query; pass credentials to the client instead.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  const origin = `${url.protocol}//${url.host}${path}`;
  const wsProtocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { baseUrl: origin, wsUrl: `${wsProtocol}//${url.host}${path}/ws` };
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/** Creates a gateway client; nothing is sent until a call or connect(); throws for a bad baseUrl or a missing fetch/WebSocket. */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const urls = resolveGatewayUrls(options.baseUrl);
  let credentials = options.credentials;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  const http = createGatewayHttpApi({
    baseUrl: urls.baseUrl,
    fetch: resolveFetch(options.fetch),
    credentials: () => credentials,
    timeoutMs: requestTimeoutMs,
  });

  const ws = createWsConnection({
    url: urls.wsUrl,
    WebSocket: resolveWebSocket(options.WebSocket),
    connectParams: (): ConnectRequestParams => ({
      protocol_version: PROTOCOL_VERSION,
      ...options.clientInfo,
      ...(credentials?.token || credentials?.password ? { auth: { ...credentials } } : {}),
    }),
    reconnect: { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect },
    requestTimeoutMs,
    now: options.now ?? Date.now,
    random: options.random ?? Math.random,
    timers: options.timers ?? defaultTimers,
  });

  let wanted = false;

  return {
    baseUrl: urls.baseUrl,
    wsUrl: urls.wsUrl,
    http,
    connect() {
      wanted = true;
      ws.start();
    },
    disconnect() {
      wanted = false;
      ws.stop();
    },
    reconnectNow: () => ws.reconnectNow(),
    setCredentials(next) {
      credentials = next && (next.token || next.password) ? { ...next } : undefined;
      if (wanted) ws.reconnectNow();
    },
    hasCredentials: () => credentials !== undefined,
    state: () => ws.state(),
    async request(method, params) {
      const result = await ws.request(method, params as Record<string, unknown>);
      const parsed = WS_METHODS[method].result.safeParse(result);
      if (!parsed.success) {
        throw new GatewayRequestError(
          `${method} returned an unexpected result; are the dashboard and gateway the same version?`,
          'internal_error',
        );
      }
      return parsed.data as WsMethodResult<typeof method>;
    },
    requestRaw: (method, params) => ws.request(method, params),
    on(event, listener) {
      const schema = WS_EVENTS[event];
      return ws.onEvent((frame) => {
        if (frame.event !== event) return;
        const parsed = schema.safeParse(frame.params);
        // A malformed event is still visible in the event log; typed listeners only see valid ones.
        if (parsed.success) listener(parsed.data as WsEventParams<typeof event>, frame);
      });
    },
    onEvent: (listener) => ws.onEvent(listener),
    onState: (listener) => ws.onState(listener),
    onFrame: (listener) => ws.onFrame(listener),
    async close() {
      wanted = false;
      ws.stop();
    },
  };
}
