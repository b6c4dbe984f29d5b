import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { ConfigFileSnapshot } from '../../../../src-shared/config/snapshot.js';
import type { SessionEntryInput, SessionStore } from '../../../../src-shared/sessions/entry.js';
import { SessionEntrySchema } from '../../../../src-shared/sessions/entry.js';
import {
  DEFAULT_SESSION_LIST_SORT,
  compareSessionValues,
  matchesSessionFilters,
  resolveSessionListRow,
  resolveSessionSort,
  resolveSessionSortValue,
  type SessionListRow,
} from '../../../../src-shared/sessions/list-query.js';
import {
  ConfigResponseSchema,
  ConfigSnapshotResponseSchema,
  GatewayHealthSchema,
  HttpErrorBodySchema,
  SessionDeleteResponseSchema,
  SessionGetResponseSchema,
  SessionListQuerySchema,
  SessionListResponseSchema,
  SessionPatchSchema,
  type SessionListQuery,
  WebSocketEventSchema,
  WebSocketRequestSchema,
  WebSocketResponseSchema,
  WS_EVENTS,
  WS_METHODS,
  WS_METHOD_NAMES,
  isWsMethodName,
  type GatewayHealth,
  type HttpErrorType,
  type SessionStoreRecovery,
  type WsEventName,
  type WsEventParams,
  type WsErrorCode,
} from '../../../../src-shared/protocol/index.js';

// A stand-in gateway for component tests: a real HTTP + WebSocket server on 127.0.0.1:0 whose
// every answer is checked against the shared protocol schemas, so it cannot drift from the real one.
// Tests steer it (fail a route, drop connections, skip seq numbers) to reach each view state.

export interface FakeGatewayOptions {
  sessions?: Record<string, SessionEntryInput>;
  snapshot?: Partial<ConfigFileSnapshot> & { raw_redacted?: boolean; raw_withheld_reason?: string | null; env_refs?: string[] };
  config?: Record<string, unknown>;
  /** When set, HTTP needs `Authorization: Bearer <token>` and connect needs auth.token. */
  token?: string;
  /** Answers for more WS methods (chat.*, models.list…); results are checked against the method's result schema. */
  methods?: Record<string, FakeMethodHandler>;
  /** Reported by GET /api/sessions, as after the gateway moved an unreadable store aside. */
  recovery?: SessionStoreRecovery;
}

/** Answers one WS request: a result, or an error response. */
export type FakeMethodHandler = (params: Record<string, unknown>) => FakeAnswer | Promise<FakeAnswer>;

/** A WS answer: a result, or an error response (with details, e.g. the issues of a refused config write). */
export type FakeAnswer = { result: unknown } | { error: { code: WsErrorCode; message: string; details?: Record<string, unknown> } };

interface Failure {
  status: number;
  type: HttpErrorType;
  message: string;
}

export interface FakeGateway {
  readonly url: string;
  sessions: SessionStore;
  snapshot: z.infer<typeof ConfigSnapshotResponseSchema>;
  config: Record<string, unknown>;
  /** Every HTTP request as `METHOD path`, in order. */
  readonly requests: string[];
  /** Every request frame received on any socket. */
  readonly frames: Array<z.infer<typeof WebSocketRequestSchema>>;
  /** Answers every request to `METHOD path` with this error until cleared with `undefined`. */
  fail(route: string, failure: Failure | undefined): void;
  /** Holds answers to `METHOD path` until release() is called. */
  hold(route: string): { release(): void };
  emit<E extends WsEventName>(event: E, params: WsEventParams<E>, options?: { skipSeq?: number }): void;
  connectionCount(): number;
  dropConnections(code?: number): void;
  /** Refuses WebSocket upgrades (503) until allowed again, to hold a client in reconnecting. */
  refuseUpgrades(refuse: boolean): void;
  close(): Promise<void>;
}

function parseSessions(input: Record<string, SessionEntryInput>): SessionStore {
  return Object.fromEntries(Object.entries(input).map(([key, entry]) => [key, SessionEntrySchema.parse(entry)]));
}

/** One page as the gateway answers it: its filters and sort rules (list-query), a cursor naming a place (sort value and key). */
function listPage(sessions: SessionStore, query: SessionListQuery): z.input<typeof SessionListResponseSchema> {
  const sort = query.sort ?? DEFAULT_SESSION_LIST_SORT;
  const { field, descending } = resolveSessionSort(sort);
  const filters = { needle: query.q?.trim().toLowerCase() || undefined, channel: query.channel, chatType: query.chat_type };
  const compare = (a: { value: string | number | undefined; key: string }, b: { value: string | number | undefined; key: string }) =>
    compareSessionValues(a.value, a.key, b.value, b.key, descending);
  const place = (row: SessionListRow) => ({ value: resolveSessionSortValue(row, field), key: row.key });
  const rows = Object.entries(sessions)
    .map(([key, entry]) => resolveSessionListRow(key, entry))
    .filter((row) => matchesSessionFilters(row, filters))
    .sort((a, b) => compare(place(a), place(b)));
  const after = query.cursor === undefined ? undefined : (JSON.parse(Buffer.from(query.cursor, 'base64url').toString()) as { value: string | number | undefined; key: string });
  const start = after ? rows.findIndex((row) => compare(place(row), after) > 0) : 0;
  const page = rows.slice(start === -1 ? rows.length : start, (start === -1 ? rows.length : start) + (query.limit ?? rows.length));
  const last = page.at(-1);
  const more = last !== undefined && rows.indexOf(last) < rows.length - 1;
  return {
    sessions: Object.fromEntries(page.map((row) => [row.key, sessions[row.key] as SessionStore[string]])),
    count: page.length,
    keys: page.map((row) => row.key),
    total: rows.length,
    next_cursor: more ? Buffer.from(JSON.stringify(place(last))).toString('base64url') : null,
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Starts a fake gateway on 127.0.0.1 with a free port. */
export async function startFakeGateway(options: FakeGatewayOptions = {}): Promise<FakeGateway> {
  const failures = new Map<string, Failure>();
  const holds = new Map<string, Promise<void>>();
  const requests: string[] = [];
  const frames: FakeGateway['frames'] = [];
  const seqs = new Map<WebSocket, number>();
  let refuse = false;
  const startedAt = Date.now();

  const state = {
    sessions: parseSessions(options.sessions ?? {}),
    snapshot: ConfigSnapshotResponseSchema.parse({
      path: '/home/user/.openclaw/openclaw.yaml',
      exists: true,
      raw: 'gateway:\n  port: 18789\n',
      parsed: { gateway: { port: 18789 } },
      valid: true,
      config: { gateway: { port: 18789 } },
      hash: 'a'.repeat(64),
      issues: [],
      warnings: [],
      loaded_at: Date.UTC(2025, 0, 2, 3, 4, 5),
      raw_redacted: false,
      ...options.snapshot,
    }),
    config: options.config ?? { gateway: { port: 18789, host: '127.0.0.1' } },
  };

  function health(): GatewayHealth {
    return GatewayHealthSchema.parse({
      status: 'ok',
      version: '0.1.0',
      uptime_seconds: (Date.now() - startedAt) / 1000 + 3600,
      config_loaded: true,
      config_valid: state.snapshot.valid,
      ws_clients: seqs.size,
    });
  }

  function send(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function sendError(res: http.ServerResponse, status: number, type: HttpErrorType, message: string): void {
    send(res, status, HttpErrorBodySchema.parse({ error: { type, message } }));
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const label = `${req.method} ${url.pathname}`;
    requests.push(label);
    const held = holds.get(label);
    if (held) await held;
    const failure = failures.get(label);
    if (failure) return sendError(res, failure.status, failure.type, failure.message);
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      return sendError(res, 401, 'unauthorized', 'Authentication required: send Authorization: Bearer <gateway.token>');
    }
    if (label === 'GET /api/health') return send(res, 200, health());
    if (label === 'GET /api/sessions') {
      const recovery = options.recovery ? { recovery: options.recovery } : {};
      const query = SessionListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return sendError(res, 400, 'invalid_request_error', `Invalid sessions query: ${query.error.issues[0]?.message}`);
      if (Object.keys(query.data).length === 0) {
        return send(res, 200, SessionListResponseSchema.parse({ sessions: state.sessions, count: Object.keys(state.sessions).length, ...recovery }));
      }
      return send(res, 200, SessionListResponseSchema.parse({ ...listPage(state.sessions, query.data), ...recovery }));
    }
    if (label === 'GET /api/config') {
      return send(res, 200, ConfigResponseSchema.parse({ config: state.config, path: state.snapshot.path, loaded_at: state.snapshot.loaded_at }));
    }
    if (label === 'GET /api/config/snapshot') return send(res, 200, ConfigSnapshotResponseSchema.parse(state.snapshot));
    const sessionMatch = /^\/api\/sessions\/(.+)$/.exec(url.pathname);
    if (sessionMatch?.[1]) {
      const key = decodeURIComponent(sessionMatch[1]);
      const entry = state.sessions[key];
      if (!entry) return sendError(res, 404, 'not_found_error', `Session not found: ${key}`);
      if (req.method === 'GET') return send(res, 200, SessionEntrySchema.parse(entry));
      if (req.method === 'DELETE') {
        delete state.sessions[key];
        return send(res, 200, SessionDeleteResponseSchema.parse({ key, deleted: true }));
      }
      if (req.method === 'PATCH') {
        const patch = SessionPatchSchema.safeParse(JSON.parse(await readBody(req)));
        if (!patch.success) {
          const issue = patch.error.issues[0];
          return sendError(res, 400, 'invalid_request_error', `${issue?.path.join('.')}: ${issue?.message}`);
        }
        const next = { ...entry, updated_at: Date.now() } as Record<string, unknown>;
        for (const [field, value] of Object.entries(patch.data)) {
          if (value === null) delete next[field];
          else next[field] = value;
        }
        state.sessions[key] = SessionEntrySchema.parse(next);
        return send(res, 200, SessionGetResponseSchema.parse({ key, session: state.sessions[key] }));
      }
    }
    sendError(res, 404, 'not_found_error', `No route for ${label}`);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => sendError(res, 500, 'internal_error', String(error)));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (refuse || req.url !== '/ws') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  function respond(ws: WebSocket, id: string, result: unknown, error?: { code: WsErrorCode; message: string; details?: Record<string, unknown> }): void {
    ws.send(JSON.stringify(WebSocketResponseSchema.parse({ type: 'response', id, ...(error ? { error } : { result }) })));
  }

  // The header's status and config path, answered like the real gateway unless a test overrides them.
  const builtins: Record<string, FakeMethodHandler> = {
    'gateway.status': () => ({ result: { ...health(), url: `http://127.0.0.1:${port}/`, port } }),
    'config.get': () => ({ result: { config: state.config, path: state.snapshot.path, loaded_at: state.snapshot.loaded_at } }),
    // A session that never chatted, as the gateway answers it (the session detail reads every transcript).
    'chat.history': (params) => ({ result: { session_key: String(params.session_key), session_id: null, messages: [], has_more: false } }),
  };

  wss.on('connection', (ws) => {
    let authed = false;
    ws.on('message', (data) => {
      const frame = WebSocketRequestSchema.parse(JSON.parse(String(data)));
      frames.push(frame);
      if (!authed) {
        const auth = frame.params.auth as { token?: string } | undefined;
        if (frame.method !== 'connect') return ws.close(1008, 'first frame must be connect');
        if (options.token && auth?.token !== options.token) {
          respond(ws, frame.id, undefined, { code: 'unauthorized', message: 'Invalid token' });
          ws.close(1008, 'unauthorized');
          return;
        }
        authed = true;
        seqs.set(ws, 0);
        respond(ws, frame.id, {
          conn_id: `conn-${seqs.size}`,
          protocol_version: '1.0',
          server_version: '0.1.0',
          methods: WS_METHOD_NAMES,
          events: Object.keys(WS_EVENTS),
        });
        return;
      }
      if (frame.method === 'ping') return respond(ws, frame.id, { pong: true, ts: Date.now() });
      const handler = options.methods?.[frame.method] ?? builtins[frame.method];
      if (handler) {
        void Promise.resolve(handler(frame.params)).then((answer) => {
          if ('error' in answer) return respond(ws, frame.id, undefined, answer.error);
          const result = isWsMethodName(frame.method) ? WS_METHODS[frame.method].result.parse(answer.result) : answer.result;
          respond(ws, frame.id, result);
        });
        return;
      }
      respond(ws, frame.id, undefined, { code: 'method_not_found', message: `Unknown method: ${frame.method}` });
    });
    ws.on('close', () => seqs.delete(ws));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get sessions() {
      return state.sessions;
    },
    set sessions(value) {
      state.sessions = value;
    },
    get snapshot() {
      return state.snapshot;
    },
    set snapshot(value) {
      state.snapshot = ConfigSnapshotResponseSchema.parse(value);
    },
    get config() {
      return state.config;
    },
    set config(value) {
      state.config = value;
    },
    requests,
    frames,
    fail(routeLabel, failure) {
      if (failure) failures.set(routeLabel, failure);
      else failures.delete(routeLabel);
    },
    hold(routeLabel) {
      let release = (): void => undefined;
      holds.set(
        routeLabel,
        new Promise<void>((resolve) => {
          release = () => {
            holds.delete(routeLabel);
            resolve();
          };
        }),
      );
      return { release: () => release() };
    },
    emit(event, params, emitOptions = {}) {
      const checked = WS_EVENTS[event].parse(params);
      for (const [ws, seq] of seqs) {
        const next = seq + 1 + (emitOptions.skipSeq ?? 0);
        seqs.set(ws, next);
        ws.send(JSON.stringify(WebSocketEventSchema.parse({ type: 'event', event, params: checked, seq: next })));
      }
    },
    connectionCount: () => seqs.size,
    dropConnections(code = 1012) {
      for (const ws of wss.clients) ws.close(code, 'test drop');
    },
    refuseUpgrades(value) {
      refuse = value;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
