import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpRequest, REMOTE_ADDRESS, startTestGateway, TestClient, type TestGateway } from './helpers.js';

const TOKEN = 'tok-0123456789abcdef';
const PASSWORD = 'pass-word-xyz';
const SECURED = `gateway:
  token: ${TOKEN}
  password: ${PASSWORD}
  allowed_origins: ["https://dash.example"]
`;

const errorOf = (json: unknown) => (json as { error: { type: string; message: string } }).error;

describe('authentication over HTTP', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: SECURED });
  });
  afterAll(() => gateway.close());
  const remote = (path: string, headers: Record<string, string> = {}) =>
    httpRequest(`${gateway.url}${path}`, { localAddress: REMOTE_ADDRESS, headers });

  it('a local client (127.0.0.1, loopback Host, no proxy headers) needs no credentials', async () => {
    expect((await httpRequest(`${gateway.url}api/sessions`)).status).toBe(200);
  });

  it('a remote client without credentials gets 401 unauthorized', async () => {
    const res = await remote('api/sessions');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="openclaw-gateway"');
    expect(errorOf(res.json)).toEqual({
      type: 'unauthorized',
      message: 'Authentication required: send "Authorization: Bearer <gateway.token>" or "X-Password: <gateway.password>"',
    });
  });

  it('a remote client claiming X-Forwarded-For: 127.0.0.1 is still 401', async () => {
    expect((await remote('api/sessions', { 'X-Forwarded-For': '127.0.0.1' })).status).toBe(401);
  });

  it('a local peer sending X-Forwarded-For is not local-direct (a proxy on this machine)', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(res.status).toBe(401);
  });

  it('a local peer sending a Forwarded header is not local-direct', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { headers: { Forwarded: 'for=203.0.113.7' } });
    expect(res.status).toBe(401);
  });

  it('a local peer sending X-Real-IP is not local-direct', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { headers: { 'X-Real-IP': '127.0.0.1' } });
    expect(res.status).toBe(401);
  });

  it('a remote client with the right Bearer token gets 200', async () => {
    expect((await remote('api/sessions', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('a remote client with the right X-Password gets 200', async () => {
    expect((await remote('api/sessions', { 'X-Password': PASSWORD })).status).toBe(200);
  });

  it('a token in the query string is ignored, and the 401 says so', async () => {
    const res = await remote(`api/sessions?token=${TOKEN}`);
    expect(res.status).toBe(401);
    expect(errorOf(res.json).message).toContain('(credentials in the URL query string are ignored)');
  });

  it('/health needs no credentials, even remotely', async () => {
    expect((await remote('health')).status).toBe(200);
  });

  it('a Host that is not loopback or allowed gets 403, even from 127.0.0.1', async () => {
    const res = await httpRequest(`${gateway.url}health`, { headers: { Host: 'evil.example' } });
    expect(res.status).toBe(403);
    expect(errorOf(res.json).type).toBe('forbidden');
  });

  it('Host "localhost:<port>" is accepted', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { headers: { Host: `localhost:${gateway.port}` } });
    expect(res.status).toBe(200);
  });

  it('a state-changing request from a foreign Origin gets 403', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/a:b`, { method: 'DELETE', headers: { Origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(errorOf(res.json).message).toBe('Origin "http://evil.example" is not allowed to change anything; add it to gateway.allowed_origins');
  });

  it('a state-changing request from the gateway own origin passes the Origin check', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/a:b`, { method: 'DELETE', headers: { Origin: `http://127.0.0.1:${gateway.port}` } });
    expect(res.status).toBe(404);
  });

  it('a page on another port of localhost is a foreign origin', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/a:b`, { method: 'DELETE', headers: { Origin: 'http://localhost:8080' } });
    expect(res.status).toBe(403);
  });

  it('a GET from a foreign origin gets no CORS headers (the browser cannot read it)', async () => {
    const res = await httpRequest(`${gateway.url}health`, { headers: { Origin: 'http://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('an origin in allowed_origins gets its own origin echoed, never *', async () => {
    const res = await httpRequest(`${gateway.url}health`, { headers: { Origin: 'https://dash.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://dash.example');
    expect(res.headers.vary).toBe('Origin');
  });

  it('a preflight from an allowed origin is 204 with the allowed methods and headers', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/x`, { method: 'OPTIONS', headers: { Origin: 'https://dash.example' } });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, PUT, PATCH, DELETE');
    expect(res.headers['access-control-allow-headers']).toContain('Authorization');
    expect(res.headers['access-control-allow-headers']).toContain('If-Match');
  });

  it('a remote WS client with auth.password in connect is connected with auth_source password', async () => {
    const { client, response } = await TestClient.connect(gateway.url, { auth: { password: PASSWORD } }, { localAddress: REMOTE_ADDRESS });
    try {
      expect(response.error).toBeUndefined();
      expect((await client.request('get_status')).result).toMatchObject({ authenticated: true, auth_source: 'password' });
    } finally {
      client.close();
    }
  });

  it('a remote WS client with a wrong password gets unauthorized and close 1008', async () => {
    const client = await TestClient.open(gateway.url, { localAddress: REMOTE_ADDRESS });
    expect((await client.request('connect', { auth: { password: 'not-it' } })).error).toEqual({
      code: 'unauthorized',
      message: 'Invalid token or password',
    });
    expect((await client.closed).code).toBe(1008);
  });

  it('a WS upgrade from an origin in allowed_origins is accepted', async () => {
    const { client, response } = await TestClient.connect(gateway.url, {}, { origin: 'https://dash.example' });
    client.close();
    expect(response.error).toBeUndefined();
  });

  it('a state-changing request from an origin in allowed_origins passes the Origin check', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/a:b`, { method: 'DELETE', headers: { Origin: 'https://dash.example' } });
    expect(res.status).toBe(404);
  });

  it('a preflight from a foreign origin is 403', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/x`, { method: 'OPTIONS', headers: { Origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('a gateway without token or password', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.close());

  it('tells a remote client that only local clients may connect', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS });
    expect(res.status).toBe(401);
    expect(errorOf(res.json).message).toBe(
      'Only local clients (127.0.0.1 or ::1, no proxy) can use this gateway; set gateway.token or gateway.password in the config to allow 127.0.0.2',
    );
  });
});

describe('allowed_hosts', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n  allowed_hosts: ["gateway.lan"]\n` });
  });
  afterAll(() => gateway.close());
  const withHost = (host: string, headers: Record<string, string> = {}) =>
    httpRequest(`${gateway.url}api/sessions`, { headers: { Host: `${host}:${gateway.port}`, ...headers } });

  it('a listed Host from 127.0.0.1 passes the Host check but is not local-direct: 401 without credentials', async () => {
    const res = await withHost('gateway.lan');
    expect(res.status).toBe(401);
    expect(errorOf(res.json).type).toBe('unauthorized');
  });

  it('a listed Host with the right token gets 200', async () => {
    expect((await withHost('GATEWAY.lan', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('a Host that is not listed is still 403, even with the right token', async () => {
    const res = await withHost('other.lan', { Authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(403);
    expect(errorOf(res.json).message).toBe(
      `Host "other.lan:${gateway.port}" is not allowed; use http://127.0.0.1:<port>/ or add the name to gateway.allowed_hosts`,
    );
  });

  it('a WS client from 127.0.0.1 naming a listed Host must authenticate', async () => {
    const client = await TestClient.open(gateway.url, { headers: { Host: `gateway.lan:${gateway.port}` } });
    expect((await client.request('connect')).error?.code).toBe('unauthorized');
    expect((await client.closed).code).toBe(1008);
  });
});

describe('trusted proxies', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n  trusted_proxies: ["127.0.0.2"]\n` });
  });
  afterAll(() => gateway.close());

  it('a trusted proxy forwarding for 127.0.0.1 still has to authenticate', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers: { 'X-Forwarded-For': '127.0.0.1' } });
    expect(res.status).toBe(401);
  });

  it('failures through a trusted proxy are counted per forwarded client, not per proxy', async () => {
    const viaProxy = (client: string, token: string) =>
      httpRequest(`${gateway.url}api/sessions`, {
        localAddress: REMOTE_ADDRESS,
        headers: { 'X-Forwarded-For': client, Authorization: `Bearer ${token}` },
      });
    for (let i = 0; i < 10; i++) await viaProxy('198.51.100.1', 'wrong');
    expect((await viaProxy('198.51.100.1', 'wrong')).status).toBe(429);
    expect((await viaProxy('198.51.100.2', 'wrong')).status).toBe(401);
    // Valid credentials are never locked out, not even for the locked-out client.
    expect((await viaProxy('198.51.100.1', TOKEN)).status).toBe(200);
  });
});

describe('brute force protection', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: `gateway:\n  token: ${TOKEN}\n` });
  });
  afterEach(() => gateway.close());

  it('ten wrong tokens from one remote client lock it out: 429 and Retry-After for wrong tokens, 401 without any, 200 for the right one', async () => {
    const attempt = (headers: Record<string, string>) => httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt({ Authorization: `Bearer wrong-${i}` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await attempt({ Authorization: 'Bearer wrong-again' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(errorOf(locked.json).type).toBe('rate_limited');
    // Nothing presented, nothing guessed: 401, so a dashboard offers its sign-in instead of waiting out a lockout.
    const bare = await attempt({});
    expect(bare.status).toBe(401);
    expect(errorOf(bare.json).type).toBe('unauthorized');
    expect((await attempt({ Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('failures are counted per address, never per Origin: a spray from many addresses locks none of them out', async () => {
    const attempt = (address: string) =>
      httpRequest(`${gateway.url}api/sessions`, {
        localAddress: address,
        headers: { Authorization: 'Bearer wrong', Origin: 'http://evil.example' },
      });
    for (let i = 0; i < 5; i++) await attempt('127.0.0.2');
    for (let i = 0; i < 5; i++) await attempt('127.0.0.3');
    expect((await attempt('127.0.0.4')).status).toBe(401);
  });

  it('a direct loopback client is slowed rather than locked out (a tunnel that forwards is not direct: see lockout.test.ts)', async () => {
    const attempt = async () => {
      const started = performance.now();
      const res = await httpRequest(`${gateway.url}api/sessions`, { headers: { Authorization: 'Bearer wrong' } });
      return { status: res.status, ms: performance.now() - started };
    };
    const free: number[] = [];
    for (let i = 0; i < 5; i++) free.push((await attempt()).status);
    expect(free).toEqual(Array(5).fill(401));
    const sixth = await attempt();
    expect(sixth.status).toBe(401);
    expect(sixth.ms).toBeGreaterThanOrEqual(240);
  });

  it('wrong tokens in WS connect requests lock the client out: rate_limited, but the right token still connects', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const client = await TestClient.open(gateway.url, { localAddress: REMOTE_ADDRESS });
      codes.push((await client.request('connect', { auth: { token: `wrong-${i}` } })).error?.code ?? 'none');
      await client.closed;
    }
    expect(codes).toEqual([...Array(10).fill('unauthorized'), 'rate_limited']);
    // A connect without credentials guesses nothing: unauthorized (the dashboard offers sign-in), not rate_limited.
    const bare = await TestClient.connect(gateway.url, {}, { localAddress: REMOTE_ADDRESS });
    expect(bare.response.error?.code).toBe('unauthorized');
    const { client, response } = await TestClient.connect(gateway.url, { auth: { token: TOKEN } }, { localAddress: REMOTE_ADDRESS });
    client.close();
    expect(response.error).toBeUndefined();
    const http = await httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(http.status).toBe(200);
  });

  it('a failed attempt is logged with the client address but without the secret', async () => {
    await httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers: { Authorization: 'Bearer guessed-secret' } });
    const line = gateway.logger.lines.find((l) => l.message === 'HTTP authentication failed');
    expect(line?.fields).toMatchObject({ client_ip: REMOTE_ADDRESS });
    expect(JSON.stringify(gateway.logger.lines)).not.toContain('guessed-secret');
  });

  it('a failed WS connect is logged with the client address but without the secret', async () => {
    const client = await TestClient.open(gateway.url, { localAddress: REMOTE_ADDRESS });
    await client.request('connect', { auth: { token: 'ws-guessed-secret', password: 'ws-guessed-password' } });
    await client.closed;
    const line = gateway.logger.lines.find((l) => l.message === 'WebSocket authentication failed');
    expect(line?.fields).toMatchObject({ client_ip: REMOTE_ADDRESS });
    const logged = JSON.stringify(gateway.logger.lines);
    expect(logged).not.toContain('ws-guessed-secret');
    expect(logged).not.toContain('ws-guessed-password');
  });

  it('a wrong X-Password counts as a failed attempt like a wrong token', async () => {
    const attempt = (password: string) =>
      httpRequest(`${gateway.url}api/sessions`, { localAddress: REMOTE_ADDRESS, headers: { 'X-Password': password } });
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    expect((await attempt('wrong-again')).status).toBe(429);
  });
});
