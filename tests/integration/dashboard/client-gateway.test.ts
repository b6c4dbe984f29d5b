import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createGatewayClient, type GatewayClient, type GatewayClientOptions } from '../../../src-shared/client/gateway-client.js';
import type { FetchLike } from '../../../src-shared/client/transport.js';
import type { WsEventParams } from '../../../src-shared/protocol/events.js';
import { createRuntime, type Runtime } from '../../../src-main/core/runtime.js';
import type { GatewayLogger } from '../../../src-main/core/gateway/types.js';

// The one typed client against the real gateway (createRuntime on 127.0.0.1:0, temp state dir):
// proves the client and the server agree on every shape the dashboard relies on.

const REMOTE_ADDRESS = '127.0.0.2';
const TOKEN = 'client-test-token-SECRET';
const CONFIG = `gateway:\n  token: ${TOKEN}\ntelegram:\n  bot_token: "999:bot-token-SECRET"\n`;
const QUIET: GatewayLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const SESSIONS = {
  'agent:main:telegram:group:-100/topic:7': { session_id: 's-group', updated_at: 1_700_000_000_000, channel: 'telegram', chat_type: 'group' },
  'agent:main:main': { session_id: 's-main', updated_at: 1_700_000_001_000 },
};

let dir: string;
let storePath: string;
let configPath: string;
let runtime: Runtime;
let baseUrl: string;
const clients: GatewayClient[] = [];

async function writeStore(store: Record<string, unknown>): Promise<void> {
  const temp = `${storePath}.tmp-${process.pid}`;
  await writeFile(temp, JSON.stringify(store, null, 2));
  await rename(temp, storePath);
}

async function readStore(): Promise<Record<string, Record<string, unknown>>> {
  return JSON.parse(await readFile(storePath, 'utf8')) as Record<string, Record<string, unknown>>;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-dashboard-client-'));
  configPath = path.join(dir, 'openclaw.yaml');
  storePath = path.join(dir, 'agents', 'main', 'sessions', 'sessions.json');
  await mkdir(path.dirname(storePath), { recursive: true });
  await writeFile(configPath, CONFIG);
  await writeStore(SESSIONS);
  runtime = createRuntime({ env: { OPENCLAW_STATE_DIR: dir, HOME: dir }, portOverride: 0, logger: QUIET, watchPollIntervalMs: 200 });
  const status = await runtime.start();
  if (status.state !== 'running') throw new Error(`gateway did not start: ${JSON.stringify(status)}`);
  baseUrl = status.url;
});

afterEach(async () => {
  while (clients.length) await clients.pop()?.close();
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
});

function client(options: Partial<GatewayClientOptions> = {}): GatewayClient {
  const created = createGatewayClient({ baseUrl, WebSocket, reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 }, ...options });
  clients.push(created);
  return created;
}

/** A WebSocket whose socket is bound to 127.0.0.2, which the gateway treats as another machine. */
class RemoteWebSocket extends WebSocket {
  constructor(url: string) {
    super(url, { localAddress: REMOTE_ADDRESS });
  }
}

/** fetch from 127.0.0.2, over node:http (global fetch cannot pick its local address). */
const remoteFetch: FetchLike = (url, init = {}) =>
  new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress: REMOTE_ADDRESS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          text: async () => text,
        });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function live(gateway: GatewayClient): Promise<void> {
  gateway.connect();
  await until(() => gateway.state().status === 'live', 'a live connection');
}

describe('gateway client against the real gateway', () => {
  it('reads health, sessions, config and snapshot, all matching the shared schemas', async () => {
    const { http: api } = client();
    expect(await api.health()).toMatchObject({ status: 'ok', config_loaded: true, config_valid: true });
    expect(Object.keys((await api.listSessions()).sessions).sort()).toEqual(Object.keys(SESSIONS).sort());
    const config = await api.getConfig();
    expect(config.path).toBe(configPath);
    const snapshot = await api.getConfigSnapshot();
    expect(snapshot).toMatchObject({ path: configPath, exists: true, valid: true, issues: [] });
    expect(JSON.stringify([config, snapshot])).not.toContain('SECRET');
  });

  it('reads the sessions in pages, as the dashboard does: keys in order, the total, a cursor to the next page', async () => {
    const { http: api } = client();
    const first = await api.listSessions({ limit: 1 });
    expect(first).toMatchObject({ count: 1, total: 2, keys: ['agent:main:main'] });
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await api.listSessions({ limit: 1, cursor: first.next_cursor ?? undefined });
    expect(second).toMatchObject({ count: 1, total: 2, keys: ['agent:main:telegram:group:-100/topic:7'], next_cursor: null });
    expect(await api.listSessions({ limit: 10, q: 'TOPIC', sort: 'key', chat_type: 'group' })).toMatchObject({ total: 1, keys: ['agent:main:telegram:group:-100/topic:7'] });
  });

  it('patches and deletes a session whose key holds / and :, persisting to sessions.json', async () => {
    const { http: api } = client();
    const key = 'agent:main:telegram:group:-100/topic:7';
    expect((await api.getSession(key)).session_id).toBe('s-group');
    expect((await api.patchSession(key, { label: 'Team room' })).session.label).toBe('Team room');
    expect((await readStore())[key]?.label).toBe('Team room');
    expect(await api.deleteSession(key)).toEqual({ key, deleted: true });
    expect(Object.keys(await readStore())).toEqual(['agent:main:main']);
  });

  it('refuses an invalid label with the gateway message and leaves the store alone', async () => {
    const failure = await client().http.patchSession('agent:main:main', { label: ' \n ' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 400, type: 'invalid_request_error' });
    expect((failure as Error).message).toContain('label');
    expect((await readStore())['agent:main:main']?.label).toBeUndefined();
  });

  it('connects live and answers every read method with a schema-valid result', async () => {
    const gateway = client();
    await live(gateway);
    const state = gateway.state();
    expect(state.status === 'live' && state.methods).toEqual(expect.arrayContaining(['ping', 'sessions.list', 'config.snapshot']));
    expect(await gateway.request('ping', {})).toMatchObject({ pong: true });
    expect(await gateway.request('get_status', {})).toMatchObject({ authenticated: true, auth_source: 'local-direct' });
    expect(await gateway.request('gateway.status', {})).toMatchObject({ status: 'ok' });
    expect((await gateway.request('sessions.list', {})).count).toBe(2);
    expect((await gateway.request('sessions.get', { key: 'agent:main:main' })).session.session_id).toBe('s-main');
    expect((await gateway.request('config.snapshot', {})).valid).toBe(true);
    expect((await gateway.request('config.get', {})).path).toBe(configPath);
  });

  it('receives session.updated when another process writes the store', async () => {
    const gateway = client();
    const updates: Array<WsEventParams<'session.updated'>> = [];
    gateway.on('session.updated', (params) => updates.push(params));
    await live(gateway);
    await writeStore({ ...(await readStore()), 'agent:main:discord:dm:9': { session_id: 's-new', updated_at: Date.now(), label: 'Outside' } });
    await until(() => updates.some((update) => 'agent:main:discord:dm:9' in update.sessions), 'session.updated');
    expect(updates.flatMap((update) => Object.values(update.sessions)).find((entry) => entry.session_id === 's-new')?.label).toBe('Outside');
  });

  it('receives config.invalid with the issue path when the file breaks, and the snapshot shows it', async () => {
    const gateway = client();
    const invalid: Array<WsEventParams<'config.invalid'>> = [];
    gateway.on('config.invalid', (params) => invalid.push(params));
    await live(gateway);
    // Atomic, so the watcher never reads a half-written file and reports that instead.
    await writeFile(`${configPath}.tmp`, `${CONFIG}session:\n  dm_scope: sideways\n`);
    await rename(`${configPath}.tmp`, configPath);
    await until(() => invalid.length > 0, 'config.invalid');
    expect(invalid[0]?.issues.map((issue) => issue.path)).toEqual(['session.dm_scope']);
    const snapshot = await gateway.http.getConfigSnapshot();
    expect(snapshot.valid).toBe(false);
    expect(JSON.stringify(snapshot)).not.toContain('SECRET');
    expect((await gateway.http.health()).status).toBe('ok');
  });

  it('asks a remote client to sign in, over HTTP and WebSocket, and lets it in with the token', async () => {
    const remote = client({ WebSocket: RemoteWebSocket, fetch: remoteFetch });
    const failure = await remote.http.listSessions().catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 401, type: 'unauthorized' });
    remote.connect();
    await until(() => remote.state().status === 'unauthorized', 'unauthorized');
    remote.setCredentials({ token: TOKEN });
    await until(() => remote.state().status === 'live', 'live with the token');
    expect(Object.keys((await remote.http.listSessions()).sessions)).toHaveLength(2);
    expect(await remote.request('get_status', {})).toMatchObject({ auth_source: 'token' });
  });
});
