import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import type { SessionEntryInput } from '../../../src-shared/sessions/entry.js';
import type { RuntimeEvent } from '../../../src-shared/protocol/runtime-status.js';
import { OpenClawConfigSchema, type OpenClawConfigInput } from '../../../src-shared/config/schema.js';
import { readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import { startGatewayServer, type GatewayServerHandle, type GatewayServerOptions } from '../../../src-main/core/gateway/server.js';
import { createSessionsView } from '../../../src-main/core/gateway/sessions-view.js';
import { SILENT_LOGGER, type GatewayLogger, type GatewayState } from '../../../src-main/core/gateway/types.js';
import { createSessionStore } from '../../../src-main/core/sessions/store.js';
import { startSessionStoreWatcher } from '../../../src-main/core/sessions/watch.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../../src-main/core/runtime.js';

/** A stand-in for another machine: loopback, but not 127.0.0.1, so never local-direct. */
export const REMOTE_ADDRESS = '127.0.0.2';

export interface TempState {
  dir: string;
  configPath: string;
  storePath: string;
  env: Record<string, string>;
  writeConfig(yaml: string): Promise<void>;
  writeStore(store: Record<string, SessionEntryInput>): Promise<void>;
  cleanup(): Promise<void>;
}

/** Makes a temp state dir with OPENCLAW_STATE_DIR pointing at it (HOME too, so nothing touches the real one). */
export async function makeTempState(): Promise<TempState> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-gateway-'));
  const configPath = path.join(dir, 'openclaw.yaml');
  const storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
  return {
    dir,
    configPath,
    storePath,
    env: { OPENCLAW_STATE_DIR: dir, HOME: dir },
    async writeConfig(yaml) {
      // Atomic too: an in-place write can be read truncated, and a test would see that reload first.
      const temp = `${configPath}.test-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await writeFile(temp, yaml);
      await rename(temp, configPath);
    },
    async writeStore(store) {
      // Atomic, like every real writer: the watcher must never see half a file.
      await mkdir(path.dirname(storePath), { recursive: true });
      const temp = `${storePath}.test-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await writeFile(temp, JSON.stringify(store, null, 2));
      await rename(temp, storePath);
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface LogLine {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps every line, to assert on what was (and was not) logged. */
export function createMemoryLogger(): GatewayLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestGateway {
  runtime: Runtime;
  state: TempState;
  url: string;
  port: number;
  events: RuntimeEvent[];
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

/** Starts a runtime on 127.0.0.1:0 over a temp state dir (with the given config and store) and fails loudly if it does not run. */
export async function startTestGateway(
  setup: { config?: string; store?: Record<string, SessionEntryInput>; options?: Partial<RuntimeOptions>; env?: Record<string, string> } = {},
): Promise<TestGateway> {
  const state = await makeTempState();
  if (setup.config !== undefined) await state.writeConfig(setup.config);
  if (setup.store !== undefined) await state.writeStore(setup.store);
  const logger = createMemoryLogger();
  const runtime = createRuntime({ env: { ...state.env, ...setup.env }, portOverride: 0, logger, watchPollIntervalMs: 200, ...setup.options });
  const events: RuntimeEvent[] = [];
  runtime.onEvent((event) => events.push(event));
  const status = await runtime.start();
  if (status.state !== 'running') {
    await state.cleanup();
    throw new Error(`test gateway did not start: ${JSON.stringify(status)}`);
  }
  return {
    runtime,
    state,
    url: status.url,
    port: status.port,
    events,
    logger,
    async close() {
      await runtime.close();
      await state.cleanup();
    },
  };
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  localAddress?: string;
}

/** One HTTP request without keep-alive; `localAddress` binds the client socket (127.0.0.2 = "remote"). */
export function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, localAddress: options.localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            // Not every response is JSON (pages); tests read `text` then.
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export interface Frame {
  type: string;
  id?: string | null;
  result?: unknown;
  error?: { code: string; message: string; details?: unknown };
  event?: string;
  params?: Record<string, unknown>;
  seq?: number;
}

export interface WsOptions {
  localAddress?: string;
  headers?: Record<string, string>;
  origin?: string;
  path?: string;
  /** Opens the TCP connection (http.request's option), so a test can hold the raw socket. */
  createConnection?: WebSocket.ClientOptions['createConnection'];
}

/** A test WebSocket client that queues frames so tests can await the next matching one. */
export class TestClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private nextId = 0;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
    });
    ws.on('error', () => {
      // Surfaced through `closed` or the open() rejection.
    });
  }

  /** Opens a socket to `<base>ws`; rejects with `HTTP <status> <body>` when the upgrade is refused. */
  static open(baseUrl: string, options: WsOptions = {}): Promise<TestClient> {
    const url = baseUrl.replace(/^http/, 'ws') + (options.path ?? 'ws');
    const ws = new WebSocket(url, {
      localAddress: options.localAddress,
      headers: options.headers,
      origin: options.origin,
      createConnection: options.createConnection,
    });
    const client = new TestClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => reject(new Error(`HTTP ${res.statusCode} ${Buffer.concat(chunks).toString()}`)));
      });
      ws.once('error', reject);
    });
  }

  /** Opens and completes the connect handshake; returns the client and the connect response. */
  static async connect(baseUrl: string, params: Record<string, unknown> = {}, options: WsOptions = {}): Promise<{ client: TestClient; response: Frame }> {
    const client = await TestClient.open(baseUrl, options);
    const response = await client.request('connect', params);
    return { client, response };
  }

  /** Resolves with the first queued or future frame matching `match`; rejects after timeoutMs. */
  next(match: (frame: Frame) => boolean = () => true, timeoutMs = 4_000): Promise<Frame> {
    const queued = this.frames.find(match);
    if (queued) {
      this.frames.splice(this.frames.indexOf(queued), 1);
      return Promise.resolve(queued);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (frame: Frame) => {
          clearTimeout(timer);
          this.frames.splice(this.frames.indexOf(frame), 1);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the next event frame named `name`. */
  event(name: string, timeoutMs?: number): Promise<Frame> {
    return this.next((f) => f.type === 'event' && f.event === name, timeoutMs);
  }

  /** Sends a raw text or binary frame. */
  send(data: string | Buffer): void {
    this.ws.send(data);
  }

  /** Sends a request and resolves with its response frame. */
  request(method: string, params: Record<string, unknown> = {}): Promise<Frame> {
    const id = `t${++this.nextId}`;
    this.ws.send(JSON.stringify({ type: 'request', id, method, params }));
    return this.next((f) => f.type === 'response' && f.id === id);
  }

  close(): void {
    this.ws.close();
  }
}

/** Polls `check` every 20 ms until it returns true, failing after timeoutMs. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 4_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms`);
}

/** A valid session entry for fixtures. */
export function sessionEntry(sessionId: string, extra: Partial<SessionEntryInput> = {}): SessionEntryInput {
  return { session_id: sessionId, updated_at: 1_700_000_000_000, ...extra };
}

export interface BareGateway {
  server: GatewayServerHandle;
  url: string;
  state: TempState;
  close(): Promise<void>;
}

/** Starts just the gateway server (no runtime) with server options the runtime keeps at their defaults. */
export async function startBareGateway(
  options: Partial<Omit<GatewayServerOptions, 'state'>> & { config?: OpenClawConfigInput } = {},
): Promise<BareGateway> {
  const temp = await makeTempState();
  const store = createSessionStore();
  const watcher = await startSessionStoreWatcher(temp.storePath, { store });
  const config = OpenClawConfigSchema.parse(options.config ?? {});
  const state: GatewayState = {
    version: '0.0.0-test',
    startedAt: Date.now(),
    clock: Date.now,
    config: () => config,
    configStatus: () => ({ path: temp.configPath, loaded: false, valid: true, loadedAt: Date.now() }),
    readConfigSnapshot: () => readConfigFileSnapshot(temp.configPath, temp.env),
    sessions: createSessionsView(() => watcher, { store }),
    logger: SILENT_LOGGER,
  };
  const server = await startGatewayServer({ host: '127.0.0.1', port: 0, ...options, state });
  return {
    server,
    url: server.url,
    state: temp,
    async close() {
      await server.close();
      await watcher.close();
      await temp.cleanup();
    },
  };
}
