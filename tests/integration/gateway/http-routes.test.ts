import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { httpRequest, sessionEntry, startTestGateway, waitFor, type TestGateway } from './helpers.js';

const KEY = 'agent:main:telegram:dm/42';
const CONFIG = `gateway:
  token: super-secret-token-123
telegram:
  bot_token: "123456:ABCDEF-secret"
`;
// The models a session's model_override may name.
const MODELS_CONFIG = `models:
  providers:
    anthropic:
      base_url: http://127.0.0.1:9/v1
      api: anthropic-messages
      models:
        - id: claude
`;

async function readStore(gateway: TestGateway): Promise<Record<string, Record<string, unknown>>> {
  return JSON.parse(await readFile(gateway.state.storePath, 'utf8')) as Record<string, Record<string, unknown>>;
}

describe('read-only routes', () => {
  let gateway: TestGateway;
  let dashboardDir: string;
  beforeAll(async () => {
    dashboardDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-dashboard-'));
    await writeFile(path.join(dashboardDir, 'index.html'), '<!doctype html><title>dashboard fixture</title>');
    gateway = await startTestGateway({
      config: CONFIG,
      store: { [KEY]: sessionEntry('s-1', { label: 'first' }) },
      options: { dashboardDir },
    });
  });
  afterAll(async () => {
    await gateway.close();
    await rm(dashboardDir, { recursive: true, force: true });
  });

  it('GET /health answers ok and identifies the gateway: service, version and pid', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    const res = await httpRequest(`${gateway.url}health`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok', service: 'openclaw-gateway', version: pkg.version, pid: process.pid });
  });

  it('GET /api/health reports version, uptime, config state and WS clients', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    const res = await httpRequest(`${gateway.url}api/health`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok', version: pkg.version, config_loaded: true, config_valid: true, ws_clients: 0 });
    expect((res.json as { uptime_seconds: number }).uptime_seconds).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/sessions lists every session with its count', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ count: 1, sessions: { [KEY]: { session_id: 's-1', label: 'first' } } });
  });

  it('GET /api/sessions answers 304 to If-None-Match with the current ETag', async () => {
    const first = await httpRequest(`${gateway.url}api/sessions`);
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^".+"$/);
    const second = await httpRequest(`${gateway.url}api/sessions`, { headers: { 'If-None-Match': etag } });
    expect(second.status).toBe(304);
    expect(second.text).toBe('');
  });

  it('GET /api/sessions/{key} answers the session entry itself, as the contract does', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/${KEY}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ session_id: 's-1', updated_at: expect.any(Number), label: 'first' });
    expect(res.json).not.toHaveProperty('session');
    expect(res.json).not.toHaveProperty('key');
  });

  it('GET /api/sessions/{key} accepts a percent-encoded key', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/${encodeURIComponent(KEY)}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ session_id: 's-1' });
  });

  it('GET /api/sessions/{key} of an unknown key is 404 not_found_error', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/agent:main:nope`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { type: 'not_found_error', message: 'No session with key "agent:main:nope"' } });
  });

  it('GET /api/config returns the config in effect with every secret redacted', async () => {
    const res = await httpRequest(`${gateway.url}api/config`);
    expect(res.status).toBe(200);
    const body = res.json as { config: { gateway: { token: string; port: number }; telegram: { bot_token: string } }; path: string };
    expect(body.config.gateway.token).toBe(REDACTED_VALUE);
    expect(body.config.telegram.bot_token).toBe(REDACTED_VALUE);
    expect(body.path).toBe(gateway.state.configPath);
    expect(res.text).not.toContain('super-secret-token-123');
  });

  it('GET /api/config/snapshot scrubs secrets from raw, parsed and config', async () => {
    const res = await httpRequest(`${gateway.url}api/config/snapshot`);
    expect(res.status).toBe(200);
    const body = res.json as { raw: string; raw_redacted: boolean; valid: boolean; hash: string };
    expect(body.valid).toBe(true);
    expect(body.raw_redacted).toBe(true);
    expect(body.raw).toContain(`token: ${REDACTED_VALUE}`);
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.text).not.toContain('super-secret-token-123');
    expect(res.text).not.toContain('ABCDEF-secret');
  });

  it('GET /api/openapi.json describes every route and the WebSocket methods', async () => {
    const res = await httpRequest(`${gateway.url}api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = res.json as { openapi: string; paths: Record<string, unknown>; 'x-websocket': { methods: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/health', '/api/sessions', '/api/sessions/{key}', '/api/config', '/api/config/snapshot']),
    );
    expect(Object.keys(doc['x-websocket'].methods)).toContain('sessions.patch');
  });

  it('an unknown route is a JSON 404', async () => {
    const res = await httpRequest(`${gateway.url}api/nope`);
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { type: 'not_found_error', message: 'No route for GET /api/nope' } });
  });

  it('a wrong method is 405 with an Allow header', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.json).toEqual({ error: { type: 'method_not_allowed', message: 'Method POST is not allowed here; use GET, HEAD' } });
  });

  it('GET / serves the dashboard with a strict CSP', async () => {
    const res = await httpRequest(gateway.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<title>dashboard fixture</title>');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('GET /ws-test redirects to the dashboard event log', async () => {
    const res = await httpRequest(`${gateway.url}ws-test`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/events');
  });
});

describe('session writes', () => {
  let gateway: TestGateway;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: MODELS_CONFIG, store: { [KEY]: sessionEntry('s-1'), 'agent:main:other': sessionEntry('s-2') } });
  });
  afterEach(() => gateway.close());

  const patch = (body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    httpRequest(`${gateway.url}api/sessions/${KEY}`, { method: 'PATCH', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('PATCH sets label, send_policy and model_override and writes them to the store file', async () => {
    const res = await patch({ label: '  Work chat ', send_policy: 'deny', model_override: 'anthropic/claude' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ key: KEY, session: { label: 'Work chat', send_policy: 'deny', model_override: 'anthropic/claude' } });
    const store = await readStore(gateway);
    expect(store[KEY]).toMatchObject({ session_id: 's-1', label: 'Work chat', send_policy: 'deny' });
  });

  it('PATCH refuses a model_override that names no configured model, listing the valid ids, and changes nothing', async () => {
    const before = await readFile(gateway.state.storePath, 'utf8');
    const res = await patch({ model_override: 'openai/gpt-9' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { type: 'invalid_request_error', message: 'model_override "openai/gpt-9" names no configured model; use one of: anthropic/claude' } });
    expect(await readFile(gateway.state.storePath, 'utf8')).toBe(before);
    expect((await patch({ model_override: 'claude' })).status).toBe(200);
  });

  it('PATCH with null clears a field', async () => {
    await patch({ label: 'temp' });
    const res = await patch({ label: null });
    expect(res.status).toBe(200);
    expect((await readStore(gateway))[KEY]).not.toHaveProperty('label');
  });

  it('PATCH with a 70-character label is 400 with the label error and changes nothing', async () => {
    const before = await readFile(gateway.state.storePath, 'utf8');
    const res = await patch({ label: 'x'.repeat(70) });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: { type: 'invalid_request_error', message: 'Invalid session patch: label: label must be at most 64 characters (got 70)' },
    });
    expect(await readFile(gateway.state.storePath, 'utf8')).toBe(before);
  });

  it('PATCH with an unknown field is 400 naming it', async () => {
    const res = await patch({ session_id: 'hijack' });
    expect(res.status).toBe(400);
    expect((res.json as { error: { message: string } }).error.message).toContain('session_id');
    expect((await readStore(gateway))[KEY]).toMatchObject({ session_id: 's-1' });
  });

  it('PATCH with an empty object is 400', async () => {
    const res = await patch({});
    expect(res.status).toBe(400);
    expect((res.json as { error: { message: string } }).error.message).toBe('Invalid session patch: body: patch must set at least one field');
  });

  it('PATCH with malformed JSON is 400 invalid_request_error', async () => {
    const res = await patch('{"label": ');
    expect(res.status).toBe(400);
    expect((res.json as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('PATCH without a JSON content type is 415', async () => {
    const res = await patch('label=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.json).toEqual({
      error: { type: 'unsupported_media_type', message: 'Send the patch as JSON with Content-Type: application/json' },
    });
  });

  it('a body over 1 MiB is 413 and the store is untouched', async () => {
    const before = await readFile(gateway.state.storePath, 'utf8');
    const res = await patch({ label: 'x'.repeat(1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect((res.json as { error: { type: string } }).error.type).toBe('payload_too_large');
    expect(await readFile(gateway.state.storePath, 'utf8')).toBe(before);
  });

  it('PATCH of an unknown key is 404 and creates nothing', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/agent:main:ghost`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"label":"x"}',
    });
    expect(res.status).toBe(404);
    expect(Object.keys(await readStore(gateway)).sort()).toEqual(['agent:main:other', KEY].sort());
  });

  it('DELETE removes the session from the store file; a second DELETE is 404', async () => {
    const res = await httpRequest(`${gateway.url}api/sessions/${KEY}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ key: KEY, deleted: true });
    expect(Object.keys(await readStore(gateway))).toEqual(['agent:main:other']);
    const again = await httpRequest(`${gateway.url}api/sessions/${KEY}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
  });

  it('the sessions ETag changes when another writer changes the store', async () => {
    const first = await httpRequest(`${gateway.url}api/sessions`);
    await gateway.state.writeStore({ 'agent:main:new': sessionEntry('s-9') });
    await waitFor(async () => (await httpRequest(`${gateway.url}api/sessions`)).headers.etag !== first.headers.etag, 4_000, 'ETag change');
    const res = await httpRequest(`${gateway.url}api/sessions`, { headers: { 'If-None-Match': String(first.headers.etag) } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ count: 1, sessions: { 'agent:main:new': { session_id: 's-9' } } });
  });
});
