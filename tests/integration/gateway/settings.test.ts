import { readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';
import { startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';
import { httpRequest, REMOTE_ADDRESS, startTestGateway, TestClient, waitFor, type Frame, type TestGateway } from './helpers.js';

const TOKEN = 'gw-token-0123456789abcdef';
const HAND_WRITTEN = `# written by hand: keep me
gateway:
  token: ${TOKEN}   # for the phone
logging:
  level: info
telegram:
  bot_token: "777:SECRETTOKEN"
`;

interface Snapshot {
  hash: string | null;
  raw: string | null;
  warnings: { path: string; message: string }[];
  env_refs: string[];
}

async function connect(gateway: TestGateway): Promise<TestClient> {
  const { client, response } = await TestClient.connect(gateway.url);
  expect(response.error).toBeUndefined();
  return client;
}

async function snapshotOf(client: TestClient): Promise<Snapshot> {
  const response = await client.request('config.snapshot');
  return response.result as Snapshot;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('config.update over WS', () => {
  let gateway: TestGateway;
  let client: TestClient;
  beforeEach(async () => {
    gateway = await startTestGateway({ config: HAND_WRITTEN });
    client = await connect(gateway);
  });
  afterEach(async () => {
    client.close();
    await gateway.close();
  });

  it('writes a form change, keeps the comments and the .bak, applies it live and announces it', async () => {
    const before = await readFile(gateway.state.configPath, 'utf8');
    const { hash } = await snapshotOf(client);
    const response = await client.request('config.update', { base_hash: hash, set: { 'logging.level': 'debug', 'identity.name': 'Jarvis' }, unset: ['telegram.bot_token'] });
    expect(response.error).toBeUndefined();
    const result = response.result as { hash: string; applied: { changed: string[]; listener: { restarted: boolean; url: string }; summary: string } };
    expect(result.applied.changed.sort()).toEqual(['identity', 'logging', 'telegram']);
    expect(result.applied.listener).toEqual({ restarted: false, url: gateway.url });
    expect(result.applied.summary).toMatch(/^Applied live/);
    const event = await client.event('config.reloaded');
    expect(event.params).toMatchObject({ hash: result.hash });

    const after = await readFile(gateway.state.configPath, 'utf8');
    expect(after).toContain('# written by hand: keep me');
    expect(after).toContain(`token: ${TOKEN}   # for the phone`);
    expect(parse(after)).toMatchObject({ logging: { level: 'debug' }, identity: { name: 'Jarvis' }, telegram: {} });
    expect(after).not.toContain('777:SECRETTOKEN');
    expect((await stat(gateway.state.configPath)).mode & 0o777).toBe(0o600);
    expect(await readFile(`${gateway.state.configPath}.bak`, 'utf8')).toBe(before);
    expect((await stat(`${gateway.state.configPath}.bak`)).mode & 0o777).toBe(0o600);
    expect((await client.request('config.get')).result).toMatchObject({ config: { logging: { level: 'debug' } } });
    expect((await snapshotOf(client)).hash).toBe(result.hash);
  });

  it('refuses an invalid change with the issues and leaves the file byte-identical', async () => {
    const before = await readFile(gateway.state.configPath);
    const { hash } = await snapshotOf(client);
    const response = await client.request('config.update', { base_hash: hash, set: { 'gateway.port': 'high', 'models.default': 'no-slash' } });
    expect(response.error).toMatchObject({ code: 'invalid_params' });
    const issues = (response.error?.details as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort();
    expect(issues).toEqual(['gateway.port', 'models.default']);
    expect(await readFile(gateway.state.configPath)).toEqual(before);
  });

  it('refuses params that are neither raw nor set/unset, naming the parameter', async () => {
    const { hash } = await snapshotOf(client);
    const response = await client.request('config.update', { base_hash: hash, set: {} });
    expect(response.error).toMatchObject({ code: 'invalid_params' });
    expect(response.error?.message).toContain('give "raw", or "set"');
    const missingHash = await client.request('config.update', { set: { 'logging.level': 'warn' } });
    expect(missingHash.error?.message).toContain('base_hash');
  });

  it('lets exactly one of two writers with the same base hash win; the other gets conflict and changes nothing', async () => {
    const { hash } = await snapshotOf(client);
    const other = await connect(gateway);
    try {
      const [a, b] = await Promise.all([
        client.request('config.update', { base_hash: hash, set: { 'identity.name': 'A' } }),
        other.request('config.update', { base_hash: hash, set: { 'identity.name': 'B' } }),
      ]);
      const winners = [a, b].filter((frame) => frame.error === undefined);
      const losers = [a, b].filter((frame) => frame.error !== undefined);
      expect(winners).toHaveLength(1);
      expect(losers[0]?.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('changed since it was read') });
      const name = parse(await readFile(gateway.state.configPath, 'utf8')).identity.name as string;
      expect(name).toBe(winners[0] === a ? 'A' : 'B');
    } finally {
      other.close();
    }
  });

  it('takes the raw text back with the placeholders the snapshot showed, keeping the secrets in the file', async () => {
    const snapshot = await snapshotOf(client);
    expect(snapshot.raw).toContain(REDACTED_VALUE);
    expect(snapshot.raw).not.toContain(TOKEN);
    const raw = (snapshot.raw as string).replace('level: info', 'level: warn');
    const response = await client.request('config.update', { base_hash: snapshot.hash, raw });
    expect(response.error).toBeUndefined();
    const after = await readFile(gateway.state.configPath, 'utf8');
    expect(parse(after)).toMatchObject({ gateway: { token: TOKEN }, logging: { level: 'warn' }, telegram: { bot_token: '777:SECRETTOKEN' } });
    expect(after).toContain('# written by hand: keep me');
  });

  it('refuses invalid raw text with each issue on its line, the file untouched', async () => {
    const before = await readFile(gateway.state.configPath);
    const { hash } = await snapshotOf(client);
    const response = await client.request('config.update', { base_hash: hash, raw: 'gateway:\n  port: high\n' });
    expect(response.error).toMatchObject({ code: 'invalid_params' });
    expect((response.error?.details as { issues: unknown[] }).issues).toEqual([{ path: 'gateway.port', message: expect.any(String), line: 2, column: 3 }]);
    expect(await readFile(gateway.state.configPath)).toEqual(before);
  });

  it('names no bot when the telegram section changes while Telegram is off', async () => {
    const { hash } = await snapshotOf(client);
    const response = await client.request('config.update', { base_hash: hash, set: { 'telegram.dm_policy': 'open' } });
    expect(response.result).toMatchObject({ applied: { changed: ['telegram'], telegram_restarted: [] } });
  });
});

describe('a save that moves the listener or restarts a bot', () => {
  it('answers over the old listener with the new URL, then the gateway serves there and no longer on the old port', async () => {
    const [first, second] = [await freePort(), await freePort()];
    const gateway = await startTestGateway({ config: `# keep\ngateway:\n  port: ${first}\n`, options: { portOverride: undefined } });
    try {
      expect(gateway.port).toBe(first);
      const hash = ((await httpRequest(`${gateway.url}api/config/snapshot`)).json as Snapshot).hash as string;
      const res = await httpRequest(`${gateway.url}api/config`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'If-Match': hash },
        body: JSON.stringify({ set: { 'gateway.port': second } }),
      });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ applied: { changed: ['gateway'], listener: { restarted: true, url: `http://127.0.0.1:${second}/` } } });
      await waitFor(async () => (await httpRequest(`http://127.0.0.1:${second}/health`).catch(() => ({ status: 0 }))).status === 200, 8_000, 'the new port');
      await expect(httpRequest(`http://127.0.0.1:${first}/health`)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await gateway.close();
    }
  });

  it('names the bots that restart when the telegram section changes', async () => {
    const botApi = await startFakeBotApi();
    const gateway = await startTestGateway({ config: `telegram:\n  enabled: true\n  bot_token: "123:TEST"\n  api_root: ${botApi.url}\n` });
    const client = await connect(gateway);
    try {
      const { hash } = await snapshotOf(client);
      const response = await client.request('config.update', { base_hash: hash, set: { 'telegram.dm_policy': 'open' } });
      expect(response.result).toMatchObject({ applied: { changed: ['telegram'], telegram_restarted: ['default'], summary: 'Applied live (telegram); restarted Telegram bot default.' } });
    } finally {
      client.close();
      await gateway.close();
      await botApi.close();
    }
  });
});

describe('PUT /api/config', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ config: `${HAND_WRITTEN}  # trailing\n` });
  });
  afterAll(() => gateway.close());

  const put = (body: unknown, headers: Record<string, string>, localAddress?: string) =>
    httpRequest(`${gateway.url}api/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), localAddress });
  const currentHash = async () => ((await httpRequest(`${gateway.url}api/config/snapshot`)).json as Snapshot).hash as string;

  it('writes with If-Match and answers the new hash and what the gateway did', async () => {
    const res = await put({ set: { 'logging.level': 'warn' } }, { 'If-Match': `"${await currentHash()}"` });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ hash: await currentHash(), applied: { changed: ['logging'], listener: { restarted: false } } });
  });

  it('answers 428 without If-Match, 409 on a stale hash and 400 with issues for an invalid change; the file stays as it was', async () => {
    const before = await readFile(gateway.state.configPath);
    expect((await put({ set: { 'logging.level': 'error' } }, {})).status).toBe(428);
    const stale = await put({ set: { 'logging.level': 'error' } }, { 'If-Match': 'f'.repeat(64) });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ error: { type: 'conflict' } });
    const invalid = await put({ raw: 'gateway:\n  port: -1\n' }, { 'If-Match': await currentHash() });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ error: { type: 'invalid_request_error', issues: [{ path: 'gateway.port', line: 2, column: 3 }] } });
    const notJson = await httpRequest(`${gateway.url}api/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': await currentHash() }, body: '{"raw": "port: 1' });
    expect(notJson.status).toBe(400);
    const wrongShape = await put({ raw: 'a: 1\n', set: { 'a.b': 1 } }, { 'If-Match': await currentHash() });
    expect(wrongShape.status).toBe(400);
    expect(await readFile(gateway.state.configPath)).toEqual(before);
  });

  it('refuses key paths through __proto__, prototype or constructor (400), and nothing reaches Object.prototype', async () => {
    for (const key of ['__proto__.polluted', 'gateway.constructor.x', 'prototype']) {
      const res = await put({ set: { [key]: 'yes' } }, { 'If-Match': await currentHash() });
      expect(res.status, key).toBe(400);
      expect(res.text).toContain('must not contain __proto__, prototype or constructor');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a foreign Origin (403) and a remote client without credentials (401); a remote client with the token may write', async () => {
    const before = await readFile(gateway.state.configPath);
    const foreign = await put({ set: { 'logging.level': 'error' } }, { 'If-Match': await currentHash(), Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const anonymous = await put({ set: { 'logging.level': 'error' } }, { 'If-Match': await currentHash() }, REMOTE_ADDRESS);
    expect(anonymous.status).toBe(401);
    expect(await readFile(gateway.state.configPath)).toEqual(before);
    const signedIn = await put({ set: { 'logging.level': 'error' } }, { 'If-Match': await currentHash(), Authorization: `Bearer ${TOKEN}` }, REMOTE_ADDRESS);
    expect(signedIn.status).toBe(200);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await httpRequest(`${gateway.url}api/openapi.json`)).json as { paths: Record<string, Record<string, unknown>>; 'x-websocket': { methods: Record<string, unknown> } };
    expect(Object.keys(doc.paths['/api/config'] ?? {})).toEqual(['get', 'put']);
    expect(Object.keys(doc['x-websocket'].methods)).toEqual(expect.arrayContaining(['config.update', 'models.test', 'telegram.verify']));
  });
});

describe('models.test and telegram.verify', () => {
  const KEY = 'sk-fake-provider-key-0123456789';
  let provider: FakeProvider;
  let listless: FakeProvider;
  let botApi: FakeBotApi;
  let gateway: TestGateway;
  let client: TestClient;
  beforeAll(async () => {
    provider = await startFakeProvider({ apiKey: KEY, models: ['fake-large', 'fake-small'] });
    listless = await startFakeProvider({ listModels: false });
    botApi = await startFakeBotApi();
    gateway = await startTestGateway({
      config: `models:
  default: missing/model
  providers:
    fake:
      base_url: ${provider.origin}/v1
      api_key: \${FAKE_KEY}
telegram:
  api_root: ${botApi.url}
  bot_token: "123:TEST"
`,
      env: { FAKE_KEY: KEY },
    });
    client = await connect(gateway);
  });
  afterAll(async () => {
    client.close();
    await gateway.close();
    await Promise.all([provider.close(), listless.close(), botApi.close()]);
  });

  const call = async (method: string, params: Record<string, unknown>): Promise<Frame> => client.request(method, params);

  it('lists the models of unsaved values, and says in words when the key is wrong, never echoing it', async () => {
    expect((await call('models.test', { base_url: `${provider.origin}/v1`, api_key: KEY })).result).toEqual({ ok: true, models: ['fake-large', 'fake-small'] });
    expect((await call('models.test', { base_url: provider.origin, api: 'anthropic-messages', api_key: KEY })).result).toEqual({ ok: true, models: ['fake-large', 'fake-small'] });
    const wrong = await call('models.test', { base_url: `${provider.origin}/v1`, api_key: 'sk-wrong-key-9876543210' });
    expect(wrong.result).toEqual({ ok: false, error: 'The provider rejected the key (HTTP 401)', status: 401 });
    expect(JSON.stringify(wrong)).not.toContain('sk-wrong-key');
  });

  it('names the host and the network error when the provider is unreachable, and the status for a wrong URL', async () => {
    const port = await freePort();
    const unreachable = await call('models.test', { base_url: `http://127.0.0.1:${port}/v1` });
    expect(unreachable.result).toEqual({ ok: false, error: `Could not reach 127.0.0.1:${port}: connection refused (is the server running?) (ECONNREFUSED)` });
    const withPassword = await call('models.test', { base_url: `http://user:hunter2pw@127.0.0.1:${port}/v1` });
    expect(withPassword.result).toEqual({ ok: false, error: 'The base URL holds a user name or password; put the key in the API key field instead' });
    expect(JSON.stringify(withPassword)).not.toContain('hunter2pw');
    const wrongPath = await call('models.test', { base_url: `${provider.origin}/nope/v1`, api_key: KEY, model: 'fake-large' });
    expect(wrongPath.result).toMatchObject({ ok: false, status: 404, error: expect.stringContaining('check the base URL') });
  });

  it('falls back to a 1-token answer where the provider has no models list', async () => {
    const needsModel = await call('models.test', { base_url: `${listless.origin}/v1` });
    expect(needsModel.result).toMatchObject({ ok: false, error: expect.stringContaining('enter a model id') });
    const seen = listless.requests.length;
    expect((await call('models.test', { base_url: `${listless.origin}/v1`, model: 'any-model' })).result).toEqual({ ok: true, models: ['any-model'] });
    expect(listless.requests.slice(seen).map((request) => [request.path, request.body.max_tokens])).toEqual([
      ['/v1/models', undefined],
      ['/v1/chat/completions', 1],
    ]);
  });

  it('tests a configured provider by id (its ${VAR} key resolved), and names the configured ones for an unknown id', async () => {
    expect((await call('models.test', { provider: 'fake' })).result).toEqual({ ok: true, models: ['fake-large', 'fake-small'] });
    // An edited URL not saved yet is tested with the saved key, which never reaches the page.
    expect((await call('models.test', { provider: 'fake', base_url: `${provider.origin}/v1/` })).result).toEqual({ ok: true, models: ['fake-large', 'fake-small'] });
    expect((await call('models.test', { provider: 'fake', base_url: `${listless.origin}/v1`, model: 'any' })).result).toEqual({ ok: true, models: ['any'] });
    expect((await call('models.test', { provider: 'nope' })).error).toMatchObject({ code: 'not_found', message: 'No provider "nope" under models.providers (configured: fake)' });
    expect((await call('models.test', { base_url: 'not a url' })).error).toMatchObject({ code: 'invalid_params' });
  });

  it('verifies a pasted bot token with getMe: the @username and privacy mode; a wrong one is refused without echoing it', async () => {
    expect((await call('telegram.verify', { bot_token: '123:TEST', api_root: botApi.url })).result).toEqual({ ok: true, username: 'openclaw_test_bot', can_read_all_group_messages: false });
    expect((await call('telegram.verify', { account: 'default' })).result).toMatchObject({ ok: true, username: 'openclaw_test_bot' });
    const wrong = await call('telegram.verify', { bot_token: '999:WRONGTOKENVALUE', api_root: botApi.url });
    expect(wrong.result).toMatchObject({ ok: false, error: expect.stringContaining('Telegram rejected the token') });
    expect(JSON.stringify(wrong)).not.toContain('WRONGTOKENVALUE');
    const port = await freePort();
    const unreachable = await call('telegram.verify', { bot_token: '123:TEST', api_root: `http://127.0.0.1:${port}` });
    expect(unreachable.result).toMatchObject({ ok: false, error: expect.stringContaining(`Could not reach the Bot API at 127.0.0.1:${port}`) });
    expect(JSON.stringify(unreachable)).not.toContain('123:TEST');
    expect((await call('telegram.verify', { account: 'work' })).error).toMatchObject({ code: 'not_found', message: expect.stringContaining('(configured: default)') });
  });

  it('warns in the snapshot when models.default names a provider that is not configured, and lists ${VAR} keys', async () => {
    const snapshot = await snapshotOf(client);
    expect(snapshot.warnings).toContainEqual({ path: 'models.default', message: expect.stringContaining('Default model missing/model: provider not configured') });
    expect(snapshot.env_refs).toEqual(['models.providers.fake.api_key']);
  });
});
