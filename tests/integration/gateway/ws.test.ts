import { readFile } from 'node:fs/promises';
import net, { type Socket, type TcpNetConnectOpts } from 'node:net';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  REMOTE_ADDRESS,
  sessionEntry,
  startBareGateway,
  startTestGateway,
  TestClient,
  waitFor,
  type BareGateway,
  type TestGateway,
} from './helpers.js';

const TOKEN = 'ws-token-0123456789';

/** Connects a client over a TCP socket the test holds, to stop and resume reading like a slow peer. */
async function connectWithHeldSocket(url: string): Promise<{ client: TestClient; socket: Socket }> {
  let held: Socket | undefined;
  // http.request's options arrive here; like ws's own connector, use only host and port
  // (their `path` is the HTTP path, not an IPC socket).
  const createConnection = ((options: TcpNetConnectOpts) => (held = net.createConnection({ host: options.host, port: options.port }))) as typeof net.createConnection;
  const { client } = await TestClient.connect(url, {}, { createConnection });
  if (!held) throw new Error('the client did not open its connection through createConnection');
  return { client, socket: held };
}
const KEY = 'agent:main:telegram:dm/7';

describe('WebSocket protocol', () => {
  let gateway: TestGateway;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    gateway = await startTestGateway({
      config: `gateway:\n  token: ${TOKEN}\n`,
      store: { [KEY]: sessionEntry('s-1'), 'agent:main:b': sessionEntry('s-2') },
    });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => gateway.close());

  async function connected(params: Record<string, unknown> = {}, options = {}) {
    const result = await TestClient.connect(gateway.url, params, options);
    clients.push(result.client);
    return result;
  }
  async function opened(options = {}) {
    const client = await TestClient.open(gateway.url, options);
    clients.push(client);
    return client;
  }

  it('connect answers conn_id, protocol and server versions, methods and events', async () => {
    const { response } = await connected({ client_id: 'test', client_version: '1.2' });
    expect(response.error).toBeUndefined();
    const result = response.result as Record<string, unknown>;
    expect(result).toMatchObject({ protocol_version: '1.0', server_version: expect.any(String) });
    expect(result.conn_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.methods).toEqual(
      expect.arrayContaining(['ping', 'get_status', 'sessions.list', 'sessions.get', 'sessions.patch', 'sessions.delete', 'config.get', 'config.snapshot', 'gateway.status']),
    );
    expect(result.events).toEqual(expect.arrayContaining(['session.updated', 'session.deleted', 'config.reloaded', 'config.invalid', 'gateway.shutdown']));
  });

  it('a first frame other than connect gets invalid_request and close 1008', async () => {
    const client = await opened();
    const response = await client.request('ping');
    expect(response.error).toEqual({ code: 'invalid_request', message: 'The first frame must be a connect request (got "ping")' });
    expect((await client.closed).code).toBe(1008);
  });

  it('a refusal quoting a long multibyte method name still closes cleanly with 1008', async () => {
    const client = await opened();
    const response = await client.request('é'.repeat(100));
    expect(response.error?.code).toBe('invalid_request');
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    expect(Buffer.byteLength(closed.reason)).toBeLessThanOrEqual(123);
  });

  it('a remote client without credentials gets unauthorized and close 1008', async () => {
    const client = await opened({ localAddress: REMOTE_ADDRESS });
    const response = await client.request('connect', {});
    expect(response.error?.code).toBe('unauthorized');
    expect((await client.closed).code).toBe(1008);
  });

  it('a remote client claiming X-Forwarded-For: 127.0.0.1 is still unauthorized', async () => {
    const client = await opened({ localAddress: REMOTE_ADDRESS, headers: { 'X-Forwarded-For': '127.0.0.1' } });
    expect((await client.request('connect')).error?.code).toBe('unauthorized');
  });

  it('a token in the WebSocket URL query is ignored', async () => {
    const client = await opened({ localAddress: REMOTE_ADDRESS, path: `ws?token=${TOKEN}` });
    expect((await client.request('connect')).error?.code).toBe('unauthorized');
  });

  it('a remote client with auth.token in connect is connected with auth_source token', async () => {
    const { client, response } = await connected({ auth: { token: TOKEN } }, { localAddress: REMOTE_ADDRESS });
    expect(response.error).toBeUndefined();
    const status = await client.request('get_status');
    expect(status.result).toMatchObject({ authenticated: true, auth_source: 'token', client_ip: REMOTE_ADDRESS });
  });

  it('get_status answers the contract fields of the connection and total_connections', async () => {
    const { client: first } = await connected({ client_id: 'first' });
    const { client: second } = await connected({ client_id: 'second' });
    // Sockets of earlier tests may still be closing on the server side: wait for exactly these two.
    let status: Record<string, unknown> = {};
    await waitFor(async () => {
      status = (await second.request('get_status')).result as Record<string, unknown>;
      return status.total_connections === 2;
    }, 4_000, 'total_connections 2');
    expect(status).toMatchObject({ conn_id: expect.any(String), client_id: 'second', connected_at: expect.any(Number), authenticated: true });
    first.close();
    await waitFor(async () => ((await second.request('get_status')).result as Record<string, unknown>).total_connections === 1, 4_000, 'total_connections 1');
  });

  it('a remote client with a Bearer header on the upgrade is connected', async () => {
    const { response } = await connected({}, { localAddress: REMOTE_ADDRESS, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.error).toBeUndefined();
  });

  it('an upgrade with a foreign Origin is refused with 403', async () => {
    await expect(TestClient.open(gateway.url, { origin: 'http://evil.example' })).rejects.toThrow(/^HTTP 403 .*Origin \\"http:\/\/evil.example\\" is not allowed/);
  });

  it('an upgrade with the gateway own Origin is accepted', async () => {
    const { response } = await connected({}, { origin: `http://127.0.0.1:${gateway.port}` });
    expect(response.error).toBeUndefined();
  });

  it('an upgrade with a foreign Host is refused with 403', async () => {
    await expect(TestClient.open(gateway.url, { headers: { Host: 'evil.example' } })).rejects.toThrow(/^HTTP 403/);
  });

  it('an upgrade on another path is refused with 404', async () => {
    await expect(TestClient.open(gateway.url, { path: 'socket' })).rejects.toThrow(/^HTTP 404/);
  });

  it('a frame that is not JSON gets invalid_frame and the connection stays open', async () => {
    const { client } = await connected();
    client.send('{not json');
    expect((await client.next()).error).toEqual({ code: 'invalid_frame', message: 'Frame is not valid JSON' });
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
  });

  it('a binary frame gets invalid_frame and the connection stays open', async () => {
    const { client } = await connected();
    client.send(Buffer.from([1, 2, 3]));
    expect((await client.next()).error?.code).toBe('invalid_frame');
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
  });

  it('a frame with wrong field types gets invalid_request naming the field', async () => {
    const { client } = await connected();
    client.send(JSON.stringify({ type: 'request', id: 'x1', method: 42 }));
    const response = await client.next();
    expect(response.id).toBe('x1');
    expect(response.error?.code).toBe('invalid_request');
    expect(response.error?.message).toContain('method:');
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
  });

  it('deeply nested JSON gets invalid_frame and the connection stays open', async () => {
    const { client } = await connected();
    client.send(`{"type":"request","id":"d","method":"ping","params":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`);
    expect((await client.next()).error).toEqual({ code: 'invalid_frame', message: 'Frame nests deeper than 32 levels' });
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
  });

  it('an unknown method gets method_not_found and the connection stays open', async () => {
    const { client } = await connected();
    const response = await client.request('sessions.explode');
    expect(response.error).toMatchObject({ code: 'method_not_found', message: 'Unknown method "sessions.explode"' });
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
  });

  it('bad params get invalid_params', async () => {
    const { client } = await connected();
    const response = await client.request('sessions.get', { key: '' });
    expect(response.error).toEqual({ code: 'invalid_params', message: 'Invalid params for sessions.get: key: key must not be empty' });
  });

  it('a 2 MiB frame closes the connection with 1009', async () => {
    const { client } = await connected();
    client.send(JSON.stringify({ type: 'request', id: 'big', method: 'ping', params: { pad: 'x'.repeat(2 * 1024 * 1024) } }));
    expect((await client.closed).code).toBe(1009);
  });

  it('a first frame over 64 KiB closes the connection with 1009', async () => {
    const client = await opened();
    client.send(JSON.stringify({ type: 'request', id: 'c', method: 'connect', params: { pad: 'x'.repeat(70 * 1024) } }));
    expect((await client.closed).code).toBe(1009);
  });

  it('a second connect gets invalid_request and the connection stays open', async () => {
    const { client } = await connected();
    expect((await client.request('connect')).error?.code).toBe('invalid_request');
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
  });

  it('gateway.status reports version, url, port and clients', async () => {
    const { client } = await connected();
    const response = await client.request('gateway.status');
    expect(response.result).toMatchObject({ status: 'ok', url: gateway.url, port: gateway.port, config_valid: true });
    expect((response.result as { ws_clients: number }).ws_clients).toBeGreaterThanOrEqual(1);
  });

  it('sessions.list and sessions.get return the store entries', async () => {
    const { client } = await connected();
    const list = await client.request('sessions.list');
    expect(list.result).toMatchObject({ count: 2, sessions: { [KEY]: { session_id: 's-1' } } });
    const one = await client.request('sessions.get', { key: KEY });
    expect(one.result).toMatchObject({ key: KEY, session: { session_id: 's-1' } });
    const missing = await client.request('sessions.get', { key: 'agent:main:none' });
    expect(missing.error).toEqual({ code: 'not_found', message: 'No session with key "agent:main:none"' });
  });

  it('config.get and config.snapshot never carry the token', async () => {
    const { client } = await connected();
    const config = await client.request('config.get');
    const snapshot = await client.request('config.snapshot');
    expect(config.result).toMatchObject({ config: { gateway: { token: '__OPENCLAW_REDACTED__' } } });
    expect(JSON.stringify([config, snapshot])).not.toContain(TOKEN);
  });

  it('sessions.patch writes the store and every client gets session.updated with its own seq', async () => {
    const { client: a } = await connected();
    const { client: b } = await connected();
    const patched = await a.request('sessions.patch', { key: KEY, patch: { label: 'Renamed' } });
    expect(patched.result).toMatchObject({ key: KEY, session: { label: 'Renamed' } });
    const [eventA, eventB] = await Promise.all([a.event('session.updated'), b.event('session.updated')]);
    expect(eventA.params).toMatchObject({ sessions: { [KEY]: { label: 'Renamed' } } });
    expect(eventB.params).toEqual(eventA.params);
    expect(eventA.seq).toBe(1);
    expect(eventB.seq).toBe(1);
    const onDisk = JSON.parse(await readFile(gateway.state.storePath, 'utf8')) as Record<string, { label?: string }>;
    expect(onDisk[KEY]?.label).toBe('Renamed');
  });

  it('sessions.patch with an invalid label is invalid_params and writes nothing', async () => {
    const { client } = await connected();
    const before = await readFile(gateway.state.storePath, 'utf8');
    const response = await client.request('sessions.patch', { key: KEY, patch: { label: '' } });
    expect(response.error).toEqual({ code: 'invalid_params', message: 'Invalid params for sessions.patch: patch.label: label must not be empty' });
    expect(await readFile(gateway.state.storePath, 'utf8')).toBe(before);
  });

  it('sessions.delete removes the entry and broadcasts session.deleted', async () => {
    const { client } = await connected();
    const response = await client.request('sessions.delete', { key: 'agent:main:b' });
    expect(response.result).toEqual({ key: 'agent:main:b', deleted: true });
    expect((await client.event('session.deleted')).params).toEqual({ keys: ['agent:main:b'] });
  });

  it('a store change made by another writer reaches clients as session.updated', async () => {
    const { client } = await connected();
    const current = JSON.parse(await readFile(gateway.state.storePath, 'utf8')) as Record<string, unknown>;
    await gateway.state.writeStore({ ...(current as Record<string, never>), 'agent:main:external': sessionEntry('s-ext') });
    const event = await client.event('session.updated');
    expect(Object.keys(event.params?.sessions as object)).toEqual(['agent:main:external']);
  });
});

describe('WebSocket connection lifecycle', () => {
  let bare: BareGateway | undefined;
  afterEach(async () => {
    await bare?.close();
    bare = undefined;
  });

  it('a socket that sends no connect request within the timeout is closed with 1008', async () => {
    bare = await startBareGateway({ connectTimeoutMs: 150 });
    const client = await TestClient.open(bare.url);
    const closed = await client.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toContain('connect request');
  });

  it('a peer that stops answering pings is terminated', async () => {
    bare = await startBareGateway({ pingIntervalMs: 80 });
    const ws = new WebSocket(bare.url.replace('http', 'ws') + 'ws', { autoPong: false });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'request', id: '1', method: 'connect', params: {} }));
    const server = bare.server;
    await waitFor(() => server.clientCount() === 1, 2_000, 'client connected');
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(1006);
    await waitFor(() => server.clientCount() === 0, 2_000, 'server forgot the dead peer');
  });

  it('a client too slow to read gets events dropped, then an events.dropped notice with the count', async () => {
    bare = await startBareGateway();
    const { client, socket } = await connectWithHeldSocket(bare.url);
    socket.pause();
    const payload = { blob: 'x'.repeat(256 * 1024) };
    let sent = 0;
    let dropped = 0;
    for (let i = 0; i < 200 && dropped === 0; i++) {
      if (bare.server.broadcast('test.big', payload) === 0) dropped += 1;
      else sent += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(dropped).toBe(1);
    socket.resume();
    // Every event the server buffered has arrived, so its send buffer is empty and it can take events again.
    await waitFor(() => client.frames.filter((f) => f.event === 'test.big').length === sent, 8_000, `all ${sent} buffered events delivered`);
    bare.server.broadcast('test.after', {});
    const notice = await client.event('events.dropped');
    const after = await client.event('test.after');
    expect(notice.params).toEqual({ count: 1 });
    expect(after.seq).toBe((notice.seq ?? 0) + 1);
    const delivered = client.frames.filter((f) => f.event === 'test.big');
    expect(notice.seq).toBe((delivered.at(-1)?.seq ?? 0) + 2);
  });

  it('a slow client is closed with 1013 when the broadcast does not allow dropping', async () => {
    bare = await startBareGateway();
    const { client, socket } = await connectWithHeldSocket(bare.url);
    socket.pause();
    const payload = { blob: 'x'.repeat(256 * 1024) };
    for (let i = 0; i < 200 && bare.server.clientCount() > 0; i++) {
      bare.server.broadcast('test.big', payload, { dropIfSlow: false });
      await new Promise((resolve) => setImmediate(resolve));
    }
    socket.resume();
    expect((await client.closed).code).toBe(1013);
  });

  it('closing the server sends gateway.shutdown and closes clients with 1001', async () => {
    bare = await startBareGateway();
    const { client } = await TestClient.connect(bare.url);
    const closing = bare.server.close();
    expect((await client.event('gateway.shutdown')).params).toEqual({ reason: 'stop' });
    expect((await client.closed).code).toBe(1001);
    await closing;
  });

  it('closing for a restart closes clients with 1012', async () => {
    bare = await startBareGateway();
    const { client } = await TestClient.connect(bare.url);
    await bare.server.close({ reason: 'restart' });
    expect((await client.event('gateway.shutdown')).params).toEqual({ reason: 'restart' });
    expect((await client.closed).code).toBe(1012);
  });
});
