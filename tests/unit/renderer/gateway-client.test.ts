import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { GatewayHttpError, GatewayRequestError } from '../../../src-shared/client/errors.js';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { resolveAuthHeaders, resolveSessionPath } from '../../../src-shared/client/http-api.js';
import type { ClientConnectionState, FrameRecord } from '../../../src-shared/client/ws-connection.js';
import { createTestClient } from './support/harness.js';
import { startFakeGateway, type FakeGateway } from './support/fake-gateway.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
  vi.restoreAllMocks();
});

async function fake(options: Parameters<typeof startFakeGateway>[0] = {}): Promise<FakeGateway> {
  const gateway = await startFakeGateway(options);
  closers.push(() => gateway.close());
  return gateway;
}

function client(gateway: { url: string }, options: Parameters<typeof createTestClient>[1] = {}): GatewayClient {
  const created = createTestClient(gateway, options);
  closers.push(() => created.close());
  return created;
}

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** ws's WebSocket, remembering every socket a client opens so a test can wait for their close events. */
function trackedWebSocket(): { WebSocket: new (url: string) => WebSocket; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket: Tracked, sockets };
}

/**
 * Resolves once every socket has emitted close. Registered after the client's own listener (or found
 * already CLOSED, which ws sets right before emitting), so the client has handled the close by then.
 */
function allClosed(sockets: WebSocket[]): Promise<void> {
  return Promise.all(
    sockets.map((socket) =>
      socket.readyState === WebSocket.CLOSED ? undefined : new Promise<void>((resolve) => socket.addEventListener('close', () => resolve())),
    ),
  ).then(() => undefined);
}

/** A bare WebSocket server whose behaviour each test scripts, for replies the fake never sends. */
async function scriptedServer(onFrame: (socket: ServerSocket, frame: { id: string; method: string }) => void): Promise<{ url: string; upgrades: () => number }> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server, path: '/ws' });
  let upgrades = 0;
  wss.on('connection', (socket) => {
    upgrades += 1;
    socket.on('message', (data) => onFrame(socket, JSON.parse(String(data)) as { id: string; method: string }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(async () => {
    for (const socket of wss.clients) socket.terminate();
    wss.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, upgrades: () => upgrades };
}

const CONNECT_RESULT = { conn_id: 'c1', protocol_version: '1.0', server_version: '9.9.9', methods: ['ping'], events: [] };

describe('gateway client: HTTP', () => {
  it('sends a token as a Bearer header and a password as X-Password, the token winning', () => {
    expect(resolveAuthHeaders({ token: 't', password: 'p' })).toEqual({ Authorization: 'Bearer t' });
    expect(resolveAuthHeaders({ password: 'p' })).toEqual({ 'X-Password': 'p' });
    expect(resolveAuthHeaders(undefined)).toEqual({});
  });

  it('encodes a session key with / and : as one path segment', () => {
    expect(resolveSessionPath('agent:main:telegram:group:-100/topic:7')).toBe('/api/sessions/agent%3Amain%3Atelegram%3Agroup%3A-100%2Ftopic%3A7');
  });

  it('returns schema-checked bodies', async () => {
    const gateway = await fake({ sessions: { 'a/b:c': { session_id: 's', updated_at: 1 } } });
    const api = client(gateway).http;
    expect(await api.listSessions()).toMatchObject({ count: 1, sessions: { 'a/b:c': { session_id: 's', updated_at: 1, compaction_count: 0 } } });
    expect(await api.getSession('a/b:c')).toMatchObject({ session_id: 's', updated_at: 1 });
    expect(await api.patchSession('a/b:c', { label: 'Hi' })).toMatchObject({ session: { label: 'Hi' } });
    expect(await api.deleteSession('a/b:c')).toEqual({ key: 'a/b:c', deleted: true });
  });

  it('turns an error body into a GatewayHttpError with the status, type and message', async () => {
    const gateway = await fake();
    const failure = await client(gateway).http.getSession('missing').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayHttpError);
    expect(failure).toMatchObject({ status: 404, type: 'not_found_error', message: 'Session not found: missing' });
  });

  it('says the gateway cannot be reached, naming the URL, when nothing listens', async () => {
    const gateway = await fake();
    const url = gateway.url;
    await gateway.close();
    const failure = await client({ url }).http.health().catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 0, type: 'network_error' });
    expect((failure as Error).message).toMatch(new RegExp(`^Cannot reach the gateway at ${url} \\(.+\\); is it running\\?$`));
  });

  it('refuses a body that does not match the protocol, naming the route and field', async () => {
    const server = http.createServer((_req, res) => res.end(JSON.stringify({ status: 'ok', version: 1 })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const failure = await client({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }).http.health().catch((error: unknown) => error);
    expect(failure).toMatchObject({ type: 'invalid_response' });
    expect((failure as Error).message).toMatch(/^GET \/api\/health returned an unexpected body \(version: .+\); are the dashboard and gateway the same version\?$/);
  });
});

describe('gateway client: WebSocket', () => {
  it('goes connecting → live with the server info from connect', async () => {
    const gateway = await fake();
    const gw = client(gateway, { clientInfo: { client_id: 'test-suite' } });
    const states: ClientConnectionState['status'][] = [];
    gw.onState((state) => states.push(state.status));
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    expect(states).toEqual(['connecting', 'live']);
    expect(gw.state()).toMatchObject({ status: 'live', server_version: '0.1.0', conn_id: 'conn-1' });
    expect(gateway.frames[0]).toMatchObject({ method: 'connect', params: { client_id: 'test-suite', protocol_version: '1.0' } });
  });

  it('returns typed results and rejects error responses with their code', async () => {
    const gateway = await fake();
    const gw = client(gateway);
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    expect(await gw.request('ping', {})).toMatchObject({ pong: true });
    const failure = await gw.requestRaw('nope', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayRequestError);
    expect(failure).toMatchObject({ code: 'method_not_found', message: 'Unknown method: nope' });
  });

  it('refuses to send before the connection is live, saying so', async () => {
    const gateway = await fake();
    const failure = await client(gateway).requestRaw('ping').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'not_connected', message: 'Not connected to the gateway (idle); try again once the status shows live.' });
  });

  it('reconnects with growing backoff after the server drops it', async () => {
    const gateway = await fake();
    const gw = client(gateway);
    const delays: number[] = [];
    gw.onState((state) => {
      if (state.status === 'reconnecting') delays.push(state.delayMs);
    });
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    gateway.refuseUpgrades(true);
    gateway.dropConnections(1012);
    await until(() => delays.length >= 3, 'three reconnect attempts');
    expect(delays.slice(0, 3)).toEqual([40, 80, 160]);
    gateway.refuseUpgrades(false);
    await until(() => gw.state().status === 'live', 'live again');
    gateway.dropConnections(1012);
    await until(() => delays.length >= 4, 'the next reconnect');
    // A successful connect resets the backoff.
    expect(delays[3]).toBe(40);
  });

  it('stops retrying once the gateway refuses the credentials, until new ones are set', async () => {
    const gateway = await fake({ token: 'good' });
    const tracked = trackedWebSocket();
    const gw = client(gateway, { credentials: { token: 'bad' }, WebSocket: tracked.WebSocket });
    const states: ClientConnectionState['status'][] = [];
    gw.onState((state) => states.push(state.status));
    gw.connect();
    await until(() => gw.state().status === 'unauthorized', 'unauthorized');
    expect(gw.state()).toEqual({ status: 'unauthorized', message: 'Invalid token' });
    const attempts = gateway.frames.length;
    // A retry is always announced (reconnecting/connecting) when it is scheduled; once the refused
    // socket's close has been handled and the server has let go, none was.
    await allClosed(tracked.sockets);
    await until(() => gateway.connectionCount() === 0, 'the server to see the close');
    expect(states.slice(states.indexOf('unauthorized'))).toEqual(['unauthorized']);
    expect(gateway.frames.length).toBe(attempts);
    gw.setCredentials({ token: 'good' });
    await until(() => gw.state().status === 'live', 'live with the new token');
  });

  it('redacts credentials in recorded frames but sends them on the wire', async () => {
    const gateway = await fake({ token: 'wire-secret' });
    const gw = client(gateway, { credentials: { token: 'wire-secret' } });
    const records: FrameRecord[] = [];
    gw.onFrame((record) => records.push(record));
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    expect(gateway.frames[0]?.params).toMatchObject({ auth: { token: 'wire-secret' } });
    expect(JSON.stringify(records)).not.toContain('wire-secret');
    expect(records[0]).toMatchObject({ direction: 'out', connection: 1, frame: { method: 'connect', params: { auth: { token: '__OPENCLAW_REDACTED__' } } } });
  });

  it('delivers typed events and skips ones whose params do not match', async () => {
    const gateway = await fake();
    const gw = client(gateway);
    const deleted: string[][] = [];
    const raw: string[] = [];
    gw.on('session.deleted', (params) => deleted.push(params.keys));
    gw.onEvent((frame) => raw.push(frame.event));
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    gateway.emit('session.deleted', { keys: ['k'] });
    await until(() => deleted.length === 1, 'the event');
    expect(deleted).toEqual([['k']]);
    expect(raw).toEqual(['session.deleted']);
  });

  it('keeps calling other listeners when one throws', async () => {
    const gateway = await fake();
    const gw = client(gateway);
    const seen: string[] = [];
    gw.onState(() => {
      throw new Error('listener bug');
    });
    gw.onState((state) => seen.push(state.status));
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    gw.connect();
    await until(() => seen.includes('live'), 'live');
    expect(reported).toHaveBeenCalledWith('A gateway client listener threw:', new Error('listener bug'));
    expect(seen).toEqual(['connecting', 'live']);
  });

  it('times out a request the gateway never answers', async () => {
    const server = await scriptedServer((socket, frame) => {
      if (frame.method === 'connect') socket.send(JSON.stringify({ type: 'response', id: frame.id, result: CONNECT_RESULT }));
    });
    const gw = client(server, { requestTimeoutMs: 150 });
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    const failure = await gw.requestRaw('slow.method').catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'timeout', message: 'The gateway did not answer slow.method within 150 ms.' });
  });

  it('fails pending requests when the connection drops', async () => {
    let sockets: ServerSocket[] = [];
    const server = await scriptedServer((socket, frame) => {
      sockets.push(socket);
      if (frame.method === 'connect') socket.send(JSON.stringify({ type: 'response', id: frame.id, result: CONNECT_RESULT }));
    });
    const gw = client(server);
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    const pending = gw.requestRaw('never.answered').catch((error: unknown) => error);
    await until(() => sockets.length >= 2, 'the request to arrive');
    for (const socket of sockets) socket.close(1001, 'going away');
    sockets = [];
    expect(await pending).toMatchObject({ code: 'connection_lost' });
  });

  it('logs frames that are not JSON or binary without breaking the connection', async () => {
    const server = await scriptedServer((socket, frame) => {
      if (frame.method !== 'connect') return;
      socket.send('not json {');
      socket.send(Buffer.from([1, 2, 3]), { binary: true });
      socket.send(JSON.stringify({ type: 'response', id: frame.id, result: CONNECT_RESULT }));
    });
    const gw = client(server);
    const records: FrameRecord[] = [];
    gw.onFrame((record) => records.push(record));
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    expect(records.map((record) => record.frame)).toContainEqual({ type: 'invalid', text: 'not json {' });
    expect(records.map((record) => record.frame)).toContainEqual({ type: 'binary', note: 'binary frame ignored' });
  });

  it('reconnects when connect answers with something that is not a gateway', async () => {
    const server = await scriptedServer((socket, frame) => {
      if (frame.method === 'connect') socket.send(JSON.stringify({ type: 'response', id: frame.id, result: { hello: 'world' } }));
    });
    const gw = client(server);
    const reasons: string[] = [];
    gw.onState((state) => {
      if (state.status === 'reconnecting') reasons.push(state.reason);
    });
    gw.connect();
    await until(() => reasons.length > 0 && server.upgrades() >= 2, 'a second attempt');
    expect(reasons[0]).toBe('the gateway answered connect with an unexpected result (is it an OpenClaw gateway?)');
  });

  it('stays closed after disconnect', async () => {
    const gateway = await fake();
    const tracked = trackedWebSocket();
    const gw = client(gateway, { WebSocket: tracked.WebSocket });
    gw.connect();
    await until(() => gw.state().status === 'live', 'live');
    const states: ClientConnectionState['status'][] = [];
    gw.onState((state) => states.push(state.status));
    gw.disconnect();
    expect(gw.state()).toEqual({ status: 'closed' });
    // Once the socket's close has been handled, a reconnect would have announced itself.
    await allClosed(tracked.sockets);
    expect(gw.state()).toEqual({ status: 'closed' });
    expect(states).toEqual(['closed']);
    await until(() => gateway.connectionCount() === 0, 'the server to see the close');
    expect(tracked.sockets).toHaveLength(1);
  });
});
