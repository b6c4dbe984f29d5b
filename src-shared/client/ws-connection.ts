import { describeError } from '../utils/common.js';
import { redactConfig } from '../config/redact.js';
import { WebSocketEventSchema, WebSocketFrameSchema, WebSocketResponseSchema } from '../protocol/frames.js';
import type { ConnectRequestParams, WebSocketEvent } from '../protocol/frames.js';
import { ConnectResultSchema } from '../protocol/methods.js';
import type { ConnectResult } from '../protocol/methods.js';
import { WS_CLOSE } from '../protocol/errors.js';
import { resolveReconnectDelay } from './backoff.js';
import type { ReconnectPolicy } from './backoff.js';
import { GatewayRequestError } from './errors.js';
import { createListenerSet } from './listeners.js';
import { WS_OPEN } from './transport.js';
import type { WebSocketCloseEventLike, WebSocketConstructorLike, WebSocketLike, WebSocketMessageEventLike } from './transport.js';

/** Where the WebSocket connection stands, as a status header shows it. */
export type ClientConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | ({ status: 'live'; since: number } & ConnectResult)
  | { status: 'reconnecting'; attempt: number; delayMs: number; retryAt: number; reason: string }
  | { status: 'unauthorized'; message: string }
  | { status: 'closed' };

/** One frame as it crossed the wire, for the event log; secrets in it are already redacted. */
export interface FrameRecord {
  direction: 'in' | 'out';
  at: number;
  /** Increases per socket, so `seq` gaps are judged within one connection. */
  connection: number;
  frame: unknown;
  bytes: number;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WsConnectionOptions {
  url: string;
  WebSocket: WebSocketConstructorLike;
  /** Called before every connect, so fresh credentials are picked up on reconnect. */
  connectParams: () => ConnectRequestParams;
  reconnect: ReconnectPolicy;
  requestTimeoutMs: number;
  now: () => number;
  random: () => number;
  timers: Timers;
}

export interface WsConnection {
  start(): void;
  stop(): void;
  /** Drops the current socket and connects again at once, resetting the backoff. */
  reconnectNow(): void;
  state(): ClientConnectionState;
  request(method: string, params?: Record<string, unknown>, timeoutMs?: number): Promise<unknown>;
  onState(listener: (state: ClientConnectionState) => void): () => void;
  onEvent(listener: (event: WebSocketEvent) => void): () => void;
  onFrame(listener: (record: FrameRecord) => void): () => void;
}

interface PendingRequest {
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: unknown;
}

const AUTH_FAILURE_CODES = new Set(['unauthorized', 'forbidden']);

/** Creates a reconnecting WebSocket connection speaking the gateway protocol; nothing happens until start(). */
export function createWsConnection(options: WsConnectionOptions): WsConnection {
  const { timers } = options;
  const stateListeners = createListenerSet<ClientConnectionState>();
  const eventListeners = createListenerSet<WebSocketEvent>();
  const frameListeners = createListenerSet<FrameRecord>();
  const pending = new Map<string, PendingRequest>();

  let current: ClientConnectionState = { status: 'idle' };
  let socket: WebSocketLike | null = null;
  let connection = 0;
  let attempt = 0;
  let nextId = 0;
  let wanted = false;
  let retryTimer: unknown = null;

  function setState(next: ClientConnectionState): void {
    current = next;
    stateListeners.emit(next);
  }

  function record(direction: FrameRecord['direction'], frame: unknown, bytes: number): void {
    if (frameListeners.size === 0) return;
    frameListeners.emit({ direction, at: options.now(), connection, frame: redactConfig(frame), bytes });
  }

  function failPending(error: GatewayRequestError): void {
    for (const [id, request] of pending) {
      timers.clearTimeout(request.timer);
      pending.delete(id);
      request.reject(error);
    }
  }

  function send(target: WebSocketLike, method: string, params: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    nextId += 1;
    const id = `${method === 'connect' ? 'connect' : 'req'}-${nextId}`;
    const frame = { type: 'request', id, method, params };
    const text = JSON.stringify(frame);
    return new Promise((resolve, reject) => {
      const timer = timers.setTimeout(() => {
        pending.delete(id);
        reject(new GatewayRequestError(`The gateway did not answer ${method} within ${timeoutMs} ms.`, 'timeout'));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      target.send(text);
      record('out', frame, text.length);
    });
  }

  function handleMessage(target: WebSocketLike, event: WebSocketMessageEventLike): void {
    if (target !== socket) return;
    if (typeof event.data !== 'string') {
      record('in', { type: 'binary', note: 'binary frame ignored' }, 0);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(event.data);
    } catch {
      record('in', { type: 'invalid', text: event.data.slice(0, 2000) }, event.data.length);
      return;
    }
    record('in', parsed, event.data.length);
    const frame = WebSocketFrameSchema.safeParse(parsed);
    if (!frame.success) return;
    if (frame.data.type === 'event') {
      const eventFrame = WebSocketEventSchema.safeParse(parsed);
      if (eventFrame.success) eventListeners.emit(eventFrame.data);
      return;
    }
    if (frame.data.type !== 'response') return;
    const response = WebSocketResponseSchema.safeParse(parsed);
    if (!response.success || response.data.id === null) return;
    const request = pending.get(response.data.id);
    if (!request) return;
    pending.delete(response.data.id);
    timers.clearTimeout(request.timer);
    const { error } = response.data;
    if (error) request.reject(new GatewayRequestError(error.message, error.code, error.details));
    else request.resolve(response.data.result);
  }

  function handshake(target: WebSocketLike): void {
    send(target, 'connect', { ...options.connectParams() }, options.requestTimeoutMs).then(
      (result) => {
        if (target !== socket) return;
        const parsed = ConnectResultSchema.safeParse(result);
        if (!parsed.success) {
          dropSocket(WS_CLOSE.normal, 'unexpected connect response');
          scheduleReconnect('the gateway answered connect with an unexpected result (is it an OpenClaw gateway?)');
          return;
        }
        attempt = 0;
        setState({ status: 'live', since: options.now(), ...parsed.data });
      },
      (error: unknown) => {
        if (target !== socket) return;
        const failure = error instanceof GatewayRequestError ? error : new GatewayRequestError(String(error), 'internal_error');
        if (AUTH_FAILURE_CODES.has(failure.code)) {
          // Retrying with the same credentials would only trip the gateway's rate limit.
          dropSocket(WS_CLOSE.normal, 'unauthorized');
          setState({ status: 'unauthorized', message: failure.message });
          return;
        }
        dropSocket(WS_CLOSE.normal, 'connect failed');
        scheduleReconnect(`connect failed: ${failure.message}`);
      },
    );
  }

  function open(): void {
    retryTimer = null;
    connection += 1;
    setState({ status: 'connecting', attempt });
    let target: WebSocketLike;
    try {
      target = new options.WebSocket(options.url);
    } catch (error) {
      scheduleReconnect(`cannot open ${options.url}: ${describeError(error)}`);
      return;
    }
    socket = target;
    target.addEventListener('open', () => {
      if (target === socket) handshake(target);
    });
    target.addEventListener('message', (event: WebSocketMessageEventLike) => handleMessage(target, event));
    target.addEventListener('close', (event: WebSocketCloseEventLike) => {
      if (target !== socket) return;
      socket = null;
      failPending(new GatewayRequestError('The connection to the gateway closed before the answer arrived.', 'connection_lost'));
      if (!wanted) return;
      const reason = event.reason ? `closed ${event.code}: ${event.reason}` : `closed ${event.code}`;
      scheduleReconnect(reason);
    });
    // Errors are always followed by a close event, which does the bookkeeping.
    target.addEventListener('error', () => undefined);
  }

  function dropSocket(code: number, reason: string): void {
    const target = socket;
    socket = null;
    failPending(new GatewayRequestError('The connection to the gateway was closed.', 'connection_lost'));
    if (target && target.readyState <= WS_OPEN) target.close(code, reason);
  }

  function scheduleReconnect(reason: string): void {
    if (!wanted) return;
    attempt += 1;
    const delayMs = resolveReconnectDelay(attempt, options.reconnect, options.random);
    setState({ status: 'reconnecting', attempt, delayMs, retryAt: options.now() + delayMs, reason });
    retryTimer = timers.setTimeout(open, delayMs);
  }

  function clearRetry(): void {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    retryTimer = null;
  }

  return {
    start() {
      if (wanted) return;
      wanted = true;
      attempt = 0;
      open();
    },
    stop() {
      wanted = false;
      clearRetry();
      dropSocket(WS_CLOSE.normal, 'client closed');
      setState({ status: 'closed' });
    },
    reconnectNow() {
      wanted = true;
      clearRetry();
      dropSocket(WS_CLOSE.normal, 'reconnecting');
      attempt = 0;
      open();
    },
    state: () => current,
    request(method, params = {}, timeoutMs = options.requestTimeoutMs) {
      if (current.status !== 'live' || !socket) {
        return Promise.reject(
          new GatewayRequestError(`Not connected to the gateway (${current.status}); try again once the status shows live.`, 'not_connected'),
        );
      }
      return send(socket, method, params, timeoutMs);
    },
    onState: (listener) => stateListeners.add(listener),
    onEvent: (listener) => eventListeners.add(listener),
    onFrame: (listener) => frameListeners.add(listener),
  };
}
