// Structural types for the two browser APIs the client needs, so the same module runs in a
// browser, in Electron's renderer and under Node (which passes `ws` and its own fetch).

export interface FetchResponseLike {
  readonly status: number;
  readonly ok: boolean;
  text(): Promise<string>;
}

export interface FetchInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  cache?: 'no-cache';
  credentials?: 'omit';
}

export type FetchLike = (url: string, init?: FetchInitLike) => Promise<FetchResponseLike>;

export interface WebSocketMessageEventLike {
  readonly data: unknown;
}

export interface WebSocketCloseEventLike {
  readonly code: number;
  readonly reason: string;
}

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: WebSocketMessageEventLike) => void): void;
  addEventListener(type: 'close', listener: (event: WebSocketCloseEventLike) => void): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

export const WS_OPEN = 1;

interface TransportGlobals {
  fetch?: FetchLike;
  WebSocket?: WebSocketConstructorLike;
}

/** Returns the given fetch, else globalThis.fetch bound to globalThis; throws when neither exists. */
export function resolveFetch(fetchImpl?: FetchLike): FetchLike {
  if (fetchImpl) return fetchImpl;
  const global = globalThis as TransportGlobals;
  if (typeof global.fetch !== 'function') {
    throw new Error('No fetch implementation: pass `fetch` to createGatewayClient (Node 18+ and browsers have one).');
  }
  return global.fetch.bind(globalThis);
}

/** Returns the given WebSocket constructor, else globalThis.WebSocket; throws when neither exists (under Node 20 pass the `ws` package). */
export function resolveWebSocket(ctor?: WebSocketConstructorLike): WebSocketConstructorLike {
  if (ctor) return ctor;
  const global = globalThis as TransportGlobals;
  if (typeof global.WebSocket !== 'function') {
    throw new Error('No WebSocket implementation: pass `WebSocket` to createGatewayClient (under Node 20 use the `ws` package).');
  }
  return global.WebSocket;
}
