import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeProvider } from '../../fixtures/providers/fake-provider.js';
import { TestClient, httpRequest, startTestGateway, type TestGateway } from './helpers.js';

// Names Object.prototype already has: on a plain object `store[key]` finds the inherited member, and
// `store.__proto__ = entry` replaces the prototype instead of adding an entry.
const PROTOTYPE_KEYS = ['constructor', 'toString', '__proto__', 'hasOwnProperty'] as const;

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('odd but legal input', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<TestGateway> {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.close());
    const gateway = await startTestGateway({
      config: ['models:', '  default: fake/m1', '  providers:', '    fake:', `      base_url: ${provider.origin}/v1`, '      models:', '        - id: m1', 'agent:', '  max_retries: 0'].join('\n'),
    });
    cleanups.push(() => gateway.close());
    return gateway;
  }

  async function connect(url: string): Promise<TestClient> {
    const { client } = await TestClient.connect(url);
    cleanups.push(async () => client.close());
    return client;
  }

  async function readStoreFile(gateway: TestGateway): Promise<Record<string, { label?: string; session_id: string }>> {
    // JSON.parse defines `__proto__` as an own property, so the file's entries are all visible here.
    return JSON.parse(await readFile(gateway.state.storePath, 'utf8')) as Record<string, { label?: string; session_id: string }>;
  }

  describe.each(PROTOTYPE_KEYS)('the session key %s', (key) => {
    const route = (gateway: TestGateway, suffix = ''): string => `${gateway.url}api/sessions/${encodeURIComponent(key)}${suffix}`;

    it('works over HTTP: chat, get, history, patch and delete, with the entry on disk', async () => {
      const gateway = await setup();
      const chat = await httpRequest(`${gateway.url}api/chat`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ session_key: key, text: 'Hello' }) });
      expect(chat.status).toBe(200);
      expect(chat.json).toMatchObject({ session_key: key, text: 'You said: Hello' });

      const got = await httpRequest(route(gateway));
      expect(got.status).toBe(200);
      const sessionId = (got.json as { session_id: string }).session_id;
      expect(sessionId).toEqual(expect.any(String));
      expect(Object.hasOwn((await readStoreFile(gateway)) as object, key)).toBe(true);

      const list = await httpRequest(`${gateway.url}api/sessions`);
      expect(Object.keys((list.json as { sessions: object }).sessions)).toEqual([key]);

      const history = await httpRequest(route(gateway, '/history'));
      expect(history.status).toBe(200);
      expect((history.json as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual(['Hello', 'You said: Hello']);

      const patched = await httpRequest(route(gateway), { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ label: 'Odd one' }) });
      expect(patched.status).toBe(200);
      expect(patched.json).toMatchObject({ key, session: { session_id: sessionId, label: 'Odd one' } });
      expect((await readStoreFile(gateway))[key]).toMatchObject({ session_id: sessionId, label: 'Odd one' });

      const deleted = await httpRequest(route(gateway), { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect(deleted.json).toEqual({ key, deleted: true });
      expect(Object.hasOwn((await readStoreFile(gateway)) as object, key)).toBe(false);
      expect((await httpRequest(route(gateway))).status).toBe(404);
      expect((await httpRequest(route(gateway), { method: 'DELETE' })).status).toBe(404);
    });

    it('works over WS: chat.send, session.updated, chat.history, sessions.get/list/patch/delete', async () => {
      const gateway = await setup();
      const client = await connect(gateway.url);
      const sent = await client.request('chat.send', { session_key: key, text: 'Hi' });
      expect(sent.error).toBeUndefined();
      const final = await client.event('chat.final');
      expect(final.params).toMatchObject({ session_key: key, text: 'You said: Hi' });
      const updated = await client.next((f) => f.event === 'session.updated' && Object.hasOwn(f.params!.sessions as object, key));
      expect(Object.keys(updated.params!.sessions as object)).toEqual([key]);

      const history = await client.request('chat.history', { session_key: key });
      expect((history.result as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual(['Hi', 'You said: Hi']);
      const got = await client.request('sessions.get', { key });
      expect(got.result).toMatchObject({ key, session: { session_id: (history.result as { session_id: string }).session_id } });
      const list = await client.request('sessions.list');
      expect(Object.keys((list.result as { sessions: object }).sessions)).toEqual([key]);

      const patched = await client.request('sessions.patch', { key, patch: { label: 'Via WS' } });
      expect(patched.result).toMatchObject({ key, session: { label: 'Via WS' } });
      expect((await readStoreFile(gateway))[key]).toMatchObject({ label: 'Via WS' });

      const deleted = await client.request('sessions.delete', { key });
      expect(deleted.error).toBeUndefined();
      expect((await client.event('session.deleted')).params).toEqual({ keys: [key] });
      expect((await client.request('sessions.get', { key })).error).toMatchObject({ code: 'not_found' });
    });

    it('is read from a store file that already holds it, next to an ordinary session', async () => {
      const gateway = await setup();
      const client = await connect(gateway.url);
      // Written as text: an object literal with a `__proto__` key would set the prototype instead.
      const entry = { session_id: `sid-${key.replace(/_/g, '')}`, updated_at: Date.now(), label: 'From disk' };
      await writeFile(gateway.state.storePath, `{${JSON.stringify(key)}:${JSON.stringify(entry)},"agent:main:plain":${JSON.stringify({ ...entry, session_id: 'sid-plain' })}}`);
      const updated = await client.next((f) => f.event === 'session.updated' && Object.hasOwn(f.params!.sessions as object, key));
      expect(Object.keys(updated.params!.sessions as object).sort()).toEqual(['agent:main:plain', key].sort());

      const got = await httpRequest(route(gateway));
      expect(got.status).toBe(200);
      expect(got.json).toMatchObject({ session_id: entry.session_id, label: 'From disk' });
      // A chat continues the stored session rather than starting a new one.
      const chat = await httpRequest(`${gateway.url}api/chat`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ session_key: key, text: 'Again' }) });
      expect(chat.json).toMatchObject({ session_id: entry.session_id });
      const onDisk = await readStoreFile(gateway);
      expect(onDisk[key]).toMatchObject({ session_id: entry.session_id, label: 'From disk' });
      expect(onDisk['agent:main:plain']).toMatchObject({ session_id: 'sid-plain' });
    });
  });

  it('PATCH with a label holding a bidi override is 400 naming the character, and nothing changes', async () => {
    const gateway = await setup();
    const key = 'agent:main:labelled';
    await httpRequest(`${gateway.url}api/chat`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ session_key: key, text: 'Hi' }) });
    const url = `${gateway.url}api/sessions/${encodeURIComponent(key)}`;
    expect((await httpRequest(url, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ label: 'Taxes' }) })).status).toBe(200);
    const fileBefore = await readFile(gateway.state.storePath, 'utf8');

    const refused = await httpRequest(url, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ label: 'Taxes\u202Efdp.exe' }) });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      error: { type: 'invalid_request_error', message: 'Invalid session patch: label: label contains U+202E (RIGHT-TO-LEFT OVERRIDE); remove it' },
    });
    const invisible = await httpRequest(url, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ label: '\u200B\u200B' }) });
    expect(invisible.status).toBe(400);
    expect((invisible.json as { error: { message: string } }).error.message).toContain('U+200B (ZERO WIDTH SPACE)');
    // A lone surrogate arrives as a JSON escape; the body itself is valid JSON.
    const broken = await httpRequest(url, { method: 'PATCH', headers: JSON_HEADERS, body: '{"label":"half \\ud83d"}' });
    expect(broken.status).toBe(400);
    expect((broken.json as { error: { message: string } }).error.message).toContain('U+D83D');

    expect(await readFile(gateway.state.storePath, 'utf8')).toBe(fileBefore);
    expect((await httpRequest(url)).json).toMatchObject({ label: 'Taxes' });
    // The same label in decomposed form is stored composed (NFC).
    const composed = await httpRequest(url, { method: 'PATCH', headers: JSON_HEADERS, body: JSON.stringify({ label: 'Cafe\u0301' }) });
    expect(composed.json).toMatchObject({ session: { label: 'Caf\u00e9' } });
  });

  it('read-your-writes: right after POST /api/chat returns, GET /api/sessions/{key} finds the session (30 of 30)', async () => {
    const gateway = await setup();
    const misses: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const key = `agent:main:ryw-${i}`;
      const sse = i % 2 === 1;
      const chat = await httpRequest(`${gateway.url}api/chat`, {
        method: 'POST',
        headers: sse ? { ...JSON_HEADERS, accept: 'text/event-stream' } : JSON_HEADERS,
        body: JSON.stringify({ session_key: key, text: `n${i}` }),
      });
      expect(chat.status).toBe(200);
      const got = await httpRequest(`${gateway.url}api/sessions/${encodeURIComponent(key)}`);
      if (got.status !== 200) misses.push(`${key} (${sse ? 'SSE' : 'JSON'}): ${got.status}`);
    }
    expect(misses).toEqual([]);
  });
});
