import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createGatewayClient, type GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { createAuthRateLimiter } from '../../../src-main/core/gateway/rate-limit.js';
import { httpRequest, REMOTE_ADDRESS, startBareGateway, startTestGateway, TestClient, waitFor, type BareGateway, type TestGateway } from './helpers.js';

// "No client can lock out another": rate limits keyed by client address only, valid credentials
// never locked out, loopback slowed rather than locked, presented credentials always checked, the
// Host check on absolute-form targets, and a gateway bound to another loopback address.

const TOKEN = 'tok-0123456789abcdef';
const errorOf = (json: unknown) => (json as { error: { type: string; message: string } }).error;

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

/** Sends raw bytes on a fresh TCP connection and resolves with everything the server answered. */
function rawHttp(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error('raw request timed out')));
  });
}

describe('a brute force from one client locks out no other client', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n` });
  });
  afterEach(() => gateway.close());

  it('wrong tokens sent with the gateway own Origin leave browser clients with that Origin unaffected', async () => {
    const origin = `http://127.0.0.1:${gateway.port}`;
    const sessions = (localAddress: string | undefined, headers: Record<string, string>) =>
      httpRequest(`${gateway.url}api/sessions`, { ...(localAddress ? { localAddress } : {}), headers: { Origin: origin, ...headers } });
    for (let i = 0; i < 12; i++) await sessions(REMOTE_ADDRESS, { Authorization: `Bearer wrong-${i}` });
    expect((await sessions(REMOTE_ADDRESS, { Authorization: 'Bearer wrong' })).status).toBe(429);

    // The local browser tab (no credentials) and a browser elsewhere with the token still get in.
    expect((await sessions(undefined, {})).status).toBe(200);
    expect((await sessions('127.0.0.3', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await sessions('127.0.0.3', { Authorization: 'Bearer typo' })).status).toBe(401);
    const { client, response } = await TestClient.connect(gateway.url, { auth: { token: TOKEN } }, { origin, localAddress: '127.0.0.3' });
    client.close();
    expect(response.error).toBeUndefined();
  });

  it('a loopback guesser is slowed; a valid token from loopback waits at most the current step and gets in', async () => {
    const attempt = (token: string) => httpRequest(`${gateway.url}api/sessions`, { headers: { Authorization: `Bearer ${token}` } });
    // 5 free failures, then the checks wait 250 ms and 500 ms: the next check waits 1 s.
    for (let i = 0; i < 7; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const valid = await timed(attempt(TOKEN));
    expect(valid.value.status).toBe(200);
    expect(valid.ms).toBeGreaterThanOrEqual(900);
    expect(valid.ms).toBeLessThan(4_000);
    // Failure warnings are throttled: the first is logged, the next ones only counted.
    const warnings = gateway.logger.lines.filter((l) => l.message === 'HTTP authentication failed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ client_ip: '127.0.0.1', failures: 1 });
  });

  it('a loopback WS client with a wrong token waits its turn before the check; the right token then connects', async () => {
    for (let i = 0; i < 5; i++) {
      const client = await TestClient.open(gateway.url);
      expect((await client.request('connect', { auth: { token: `wrong-${i}` } })).error?.code).toBe('unauthorized');
      await client.closed;
    }
    const slow = await TestClient.open(gateway.url);
    const refused = timed(slow.request('connect', { auth: { token: 'wrong-5' } }));
    // A second guess on the same socket while the check waits is dropped, not checked.
    slow.send(JSON.stringify({ type: 'request', id: 'again', method: 'connect', params: { auth: { token: TOKEN } } }));
    const busy = await TestClient.connect(gateway.url, { auth: { token: TOKEN } });
    expect(busy.response.error?.code).toBe('rate_limited');
    const { value, ms } = await refused;
    expect(value.error?.code).toBe('unauthorized');
    expect(ms).toBeGreaterThanOrEqual(240);
    await slow.closed;
    expect(slow.frames.find((f) => f.id === 'again')).toBeUndefined();
    const { client, response } = await TestClient.connect(gateway.url, { auth: { token: TOKEN } });
    client.close();
    expect(response.error).toBeUndefined();
  });
});

/** A guess that hangs up after `patienceMs` if unanswered: resolves with the status, or 0 when it gave up. */
function impatientGuess(url: string, token: string, patienceMs: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { headers: { Authorization: `Bearer ${token}` }, localAddress: REMOTE_ADDRESS, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve(0);
    }, patienceMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', () => resolve(0));
    req.end();
  });
}

describe('a guess is never checked sooner than the limiter allows', () => {
  let gateway: BareGateway;
  beforeEach(async () => {
    // Steps capped at 1 s so the right token's wait stays short; the pacing is the default one.
    gateway = await startBareGateway({ config: { gateway: { token: TOKEN } }, limiter: createAuthRateLimiter({ delayMaxMs: 1_000 }) });
  });
  afterEach(() => gateway.close());

  it('parallel wrong guesses that hang up after 50 ms are not checked faster: at most 18 evaluated in 2 s, and none answered 200', async () => {
    const url = `${gateway.url}api/sessions`;
    const deadline = performance.now() + 2_000;
    let sent = 0;
    const statuses = new Map<number, number>();
    const guesser = async (n: number): Promise<void> => {
      // Bounded in time and count: at most 2,000 guesses in all.
      while (performance.now() < deadline && sent < 2_000) {
        sent += 1;
        const status = await impatientGuess(url, `wrong-${n}-${sent}`, 50);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, n) => guesser(n)));
    expect(sent).toBeGreaterThan(100);
    expect(statuses.get(200)).toBeUndefined();
    // The limiter's own count, as the next attempt is told it (locked out, or waiting behind an abandoned guess).
    // Polled until it is checked itself rather than refused behind a guess that hung up but still holds the turn.
    let message = '';
    await waitFor(async () => {
      const probe = await httpRequest(url, { localAddress: REMOTE_ADDRESS, headers: { Authorization: 'Bearer wrong-probe' } });
      expect(probe.status).toBe(429);
      message = errorOf(probe.json).message;
      return !message.includes('still waiting its turn');
    }, 5_000, 'the probe to be checked');
    const evaluated = Number(/\((\d+) in the last minute\)/.exec(message)?.[1]);
    // 10 checked back to back, then 250 ms, 500 ms, 1 s apart: about 14 within 2 s, plus the probe
    // (before the fix: every guess, hundreds).
    expect(evaluated).toBeGreaterThanOrEqual(11);
    expect(evaluated).toBeLessThanOrEqual(18);
    // The right token is still checked and let in, after at most the current step (1 s here).
    const valid = await timed(httpRequest(url, { localAddress: REMOTE_ADDRESS, headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(valid.value.status).toBe(200);
    expect(valid.ms).toBeLessThan(4_000);
  });
});

describe('presented credentials are always checked', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n  password: pass-word-xyz\n`, options: { extraTokens: ['desktop-run-token'] } });
  });
  afterAll(() => gateway.close());
  const local = (headers: Record<string, string>) => httpRequest(`${gateway.url}api/sessions`, { headers });

  it('a wrong token or password from loopback gets 401, not local-direct', async () => {
    for (const headers of [{ Authorization: 'Bearer wrong' }, { 'X-Password': 'wrong' }] as Record<string, string>[]) {
      const res = await local(headers);
      expect(res.status).toBe(401);
      expect(errorOf(res.json)).toEqual({ type: 'unauthorized', message: 'Invalid token or password' });
    }
  });

  it('loopback without credentials stays local-direct, and the right ones are accepted', async () => {
    expect((await local({})).status).toBe(200);
    expect((await local({ Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await local({ 'X-Password': 'pass-word-xyz' })).status).toBe(200);
  });

  it('the desktop window per-run token is accepted from loopback over HTTP and WS', async () => {
    expect((await local({ Authorization: 'Bearer desktop-run-token' })).status).toBe(200);
    const { client, response } = await TestClient.connect(gateway.url, { auth: { token: 'desktop-run-token' } });
    try {
      expect(response.error).toBeUndefined();
      expect((await client.request('get_status')).result).toMatchObject({ auth_source: 'token' });
    } finally {
      client.close();
    }
  });

  it('over WS, a wrong token in connect from loopback is unauthorized; no auth is local-direct', async () => {
    const wrong = await TestClient.open(gateway.url);
    expect((await wrong.request('connect', { auth: { token: 'wrong' } })).error).toEqual({ code: 'unauthorized', message: 'Invalid token or password' });
    expect((await wrong.closed).code).toBe(1008);
    const { client } = await TestClient.connect(gateway.url);
    try {
      expect((await client.request('get_status')).result).toMatchObject({ auth_source: 'local-direct' });
    } finally {
      client.close();
    }
  });

  it('any Authorization header from loopback is checked: Basic or a bare Bearer gets 401, never local-direct', async () => {
    for (const authorization of ['Basic dXNlcjpwdw==', 'Bearer']) {
      const res = await local({ Authorization: authorization });
      expect(res.status).toBe(401);
      expect(errorOf(res.json).message).toBe('Invalid token or password');
    }
  });

  it('a wrong Bearer header on the upgrade from loopback is checked too', async () => {
    const client = await TestClient.open(gateway.url, { headers: { Authorization: 'Bearer wrong' } });
    expect((await client.request('connect')).error?.code).toBe('unauthorized');
  });
});

describe('behind a trusted proxy (127.0.0.2), a client cannot choose its own rate-limit key', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n  trusted_proxies: ["127.0.0.2"]\n` });
  });
  afterEach(() => gateway.close());
  const viaProxy = (headers: Record<string, string>, token = 'wrong') =>
    httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers: { ...headers, Authorization: `Bearer ${token}` } });

  it('entries prepended to X-Forwarded-For are ignored: failures count against the address the proxy appended', async () => {
    for (let i = 0; i < 10; i++) expect((await viaProxy({ 'X-Forwarded-For': `10.9.9.${i}, 198.51.100.7` })).status).toBe(401);
    expect((await viaProxy({ 'X-Forwarded-For': '10.9.9.99, 198.51.100.7' })).status).toBe(429);
    expect((await viaProxy({ 'X-Forwarded-For': '198.51.100.8' })).status).toBe(401);
    expect((await viaProxy({ 'X-Forwarded-For': '10.9.9.99, 198.51.100.7' }, TOKEN)).status).toBe(200);
  });

  it('a proxy that sets X-Real-IP: a new X-Forwarded-For on every guess does not make a new key', async () => {
    for (let i = 0; i < 10; i++) await viaProxy({ 'X-Real-IP': '198.51.100.7', 'X-Forwarded-For': `10.8.0.${i}` });
    const locked = await viaProxy({ 'X-Real-IP': '198.51.100.7', 'X-Forwarded-For': '10.8.0.99' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Honest clients behind the proxy have their own key; the right token always gets in.
    expect((await viaProxy({ 'X-Real-IP': '198.51.100.8' })).status).toBe(401);
    expect((await viaProxy({ 'X-Real-IP': '198.51.100.7', 'X-Forwarded-For': '10.8.0.100' }, TOKEN)).status).toBe(200);
  });

  it('a proxy that sets Forwarded: an X-Real-IP the proxy passes on does not make a new key', async () => {
    for (let i = 0; i < 10; i++) await viaProxy({ Forwarded: 'for=198.51.100.7;proto=https', 'X-Real-IP': `10.7.0.${i}` });
    expect((await viaProxy({ Forwarded: 'for=198.51.100.7;proto=https', 'X-Real-IP': '10.7.0.99' })).status).toBe(429);
    expect((await viaProxy({ Forwarded: 'for=198.51.100.8' })).status).toBe(401);
  });
});

describe('behind a trusted proxy on 127.0.0.1, a client adding headers gets no loopback leniency', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n  trusted_proxies: ["127.0.0.1"]\n` });
  });
  afterEach(() => gateway.close());
  const viaProxy = (headers: Record<string, string>, token = 'wrong') =>
    httpRequest(`${gateway.url}api/sessions`, { headers: { ...headers, Authorization: `Bearer ${token}` } });

  it('headers that name different clients fall back to the proxy key, under the remote policy: locked out after 10', async () => {
    for (let i = 0; i < 10; i++) expect((await viaProxy({ 'X-Real-IP': '198.51.100.7', Forwarded: `for=9.9.9.${i}` })).status).toBe(401);
    const locked = await viaProxy({ 'X-Real-IP': '198.51.100.7', Forwarded: 'for=9.9.9.99' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // An honest client the proxy names consistently has its own key; a direct local client is untouched.
    expect((await viaProxy({ 'X-Real-IP': '198.51.100.8' })).status).toBe(401);
    expect((await httpRequest(`${gateway.url}api/sessions`)).status).toBe(200);
  });
});

describe('a loopback peer that forwards (a tunnel such as cloudflared or ngrok) gets the remote policy under its own key', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n` });
  });
  afterEach(() => gateway.close());

  it('is locked out after 10 wrong tokens whatever X-Forwarded-For it adds, while direct loopback clients are unaffected', async () => {
    const tunnelled = (forwardedFor: string, token = 'wrong') =>
      httpRequest(`${gateway.url}api/sessions`, { headers: { 'X-Forwarded-For': forwardedFor, Authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) expect((await tunnelled(`10.0.0.${i}`)).status).toBe(401);
    const locked = await tunnelled('10.0.0.99');
    expect(locked.status).toBe(429);
    expect(errorOf(locked.json).type).toBe('rate_limited');
    // The right token through the tunnel is still let in; the local dashboard (no credentials) and the
    // desktop app's token straight from 127.0.0.1 never wait behind the tunnel's guesser.
    expect((await tunnelled('10.0.0.100', TOKEN)).status).toBe(200);
    const direct = await timed(httpRequest(`${gateway.url}api/sessions`, { headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(direct.value.status).toBe(200);
    expect(direct.ms).toBeLessThan(200);
    expect((await httpRequest(`${gateway.url}api/sessions`)).status).toBe(200);
  });
});

describe('the Host check covers an absolute-form request target', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n` });
  });
  afterAll(() => gateway.close());

  it('refuses GET http://evil.example/... with a loopback Host header: 403 naming the host', async () => {
    const answer = await rawHttp(gateway.port, `GET http://evil.example/health HTTP/1.1\r\nHost: 127.0.0.1:${gateway.port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).toContain('Host \\"evil.example\\" in the request target is not allowed');
    const api = await rawHttp(gateway.port, `GET http://evil.example/api/sessions HTTP/1.1\r\nHost: 127.0.0.1:${gateway.port}\r\nConnection: close\r\n\r\n`);
    expect(api).toMatch(/^HTTP\/1\.1 403 /);
  });

  it('accepts an absolute-form target naming the gateway itself', async () => {
    const answer = await rawHttp(gateway.port, `GET http://127.0.0.1:${gateway.port}/health HTTP/1.1\r\nHost: 127.0.0.1:${gateway.port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('refuses a WebSocket upgrade whose absolute-form target names a foreign host', async () => {
    const upgrade =
      `GET http://evil.example/ws HTTP/1.1\r\nHost: 127.0.0.1:${gateway.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    expect(await rawHttp(gateway.port, upgrade)).toMatch(/^HTTP\/1\.1 403 /);
  });
});

describe('gateway.host set to another loopback address (127.0.0.2)', () => {
  let gateway: TestGateway;
  let dashboardDir: string;
  const clients: GatewayClient[] = [];
  beforeAll(async () => {
    dashboardDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-dashboard-'));
    await writeFile(path.join(dashboardDir, 'index.html'), '<!doctype html><title>dashboard fixture</title>');
    gateway = await startTestGateway({ config: 'gateway:\n  host: 127.0.0.2\n', options: { dashboardDir } });
  });
  afterAll(async () => {
    while (clients.length) await clients.pop()?.close();
    await gateway.close();
    await rm(dashboardDir, { recursive: true, force: true });
  });

  it('listens there and serves the dashboard at its own URL', async () => {
    expect(gateway.url).toBe(`http://127.0.0.2:${gateway.port}/`);
    const page = await httpRequest(gateway.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('treats a local client at its own URL as local-direct, with its own Origin', async () => {
    const origin = `http://127.0.0.2:${gateway.port}`;
    expect((await httpRequest(`${gateway.url}api/sessions`)).status).toBe(200);
    expect((await httpRequest(`${gateway.url}api/sessions/a:b`, { method: 'DELETE', headers: { Origin: origin } })).status).toBe(404);
    const { client, response } = await TestClient.connect(gateway.url, {}, { origin });
    client.close();
    expect(response.error).toBeUndefined();
  });

  it('the dashboard client goes live and reads the sessions', async () => {
    const client = createGatewayClient({ baseUrl: gateway.url.replace(/\/$/, ''), WebSocket });
    clients.push(client);
    client.connect();
    await waitFor(() => client.state().status === 'live', 4_000, 'the dashboard client to go live');
    expect((await client.http.listSessions()).sessions).toEqual({});
  });
});
