import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';
import { REMOTE_ADDRESS, TestClient, httpRequest, startBareGateway, startTestGateway, waitFor, type TestGateway } from '../gateway/helpers.js';

const SESSION = 'agent:main:desktop:web';

interface Setup {
  gateway: TestGateway;
  provider: FakeProvider;
}

describe('chat through the gateway', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(extraYaml = ''): Promise<Setup> {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.close());
    const gateway = await startTestGateway({
      config: [
        'models:',
        '  default: fake/m1',
        '  providers:',
        '    fake:',
        `      base_url: ${provider.origin}/v1`,
        '      models:',
        '        - id: m1',
        '          cost: { input: 2, output: 10 }',
        'agent:',
        '  max_retries: 0',
        extraYaml,
      ].join('\n'),
    });
    cleanups.push(() => gateway.close());
    return { gateway, provider };
  }

  async function connect(url: string): Promise<TestClient> {
    const { client } = await TestClient.connect(url);
    cleanups.push(async () => client.close());
    return client;
  }

  it('WS chat.send answers {run_id}, then chat.delta events and chat.final with usage and cost', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'stream', chunks: ['Hi', ' there'], usage: { input_tokens: 100, output_tokens: 20 } });
    const client = await connect(gateway.url);
    const response = await client.request('chat.send', { session_key: SESSION, text: 'Hello' });
    const runId = (response.result as { run_id: string }).run_id;
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);

    const first = await client.event('chat.delta');
    const second = await client.event('chat.delta');
    const final = await client.event('chat.final');
    expect([first.params, second.params]).toEqual([
      { session_key: SESSION, run_id: runId, text: 'Hi' },
      { session_key: SESSION, run_id: runId, text: ' there' },
    ]);
    expect(final.params).toMatchObject({
      session_key: SESSION,
      run_id: runId,
      text: 'Hi there',
      usage: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
      cost: (100 * 2 + 20 * 10) / 1_000_000,
    });
    // The session appears for every client through the store watcher.
    const updated = await client.event('session.updated');
    expect(Object.keys(updated.params!.sessions as object)).toContain(SESSION);
  });

  it('WS chat.history returns both turns, and models.list the configured model', async () => {
    const { gateway } = await setup();
    const client = await connect(gateway.url);
    await client.request('chat.send', { session_key: SESSION, text: 'Hello' });
    await client.event('chat.final');
    const history = await client.request('chat.history', { session_key: SESSION, limit: 10 });
    expect((history.result as { messages: { role: string; content: string }[] }).messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Hello'],
      ['assistant', 'You said: Hello'],
    ]);
    const models = await client.request('models.list');
    expect(models.result).toMatchObject({ default: 'fake/m1', models: [{ ref: 'fake/m1', provider: 'fake', id: 'm1', default: true }] });
  });

  it('WS chat.abort stops the run: chat.error aborted with the partial text', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'hang', chunks: ['Partial'], after: 1 });
    const client = await connect(gateway.url);
    const runId = ((await client.request('chat.send', { session_key: SESSION, text: 'Go' })).result as { run_id: string }).run_id;
    await client.event('chat.delta');
    expect((await client.request('chat.abort', { session_key: SESSION })).result).toEqual({ aborted: true, run_id: runId });
    const error = await client.event('chat.error');
    expect(error.params).toMatchObject({ run_id: runId, kind: 'aborted', partial_text: 'Partial' });
  });

  it('WS chat.send with blank text is invalid_params naming the field', async () => {
    const { gateway } = await setup();
    const client = await connect(gateway.url);
    const response = await client.request('chat.send', { session_key: SESSION, text: ' ' });
    expect(response.error).toEqual({ code: 'invalid_params', message: 'Invalid params for chat.send: text: text must not be empty' });
  });

  it('a provider failure reaches WS clients as chat.error with its message', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'status', status: 401, message: 'bad key' });
    const client = await connect(gateway.url);
    await client.request('chat.send', { session_key: SESSION, text: 'Hi' });
    const error = await client.event('chat.error');
    expect(error.params).toMatchObject({ kind: 'auth' });
    expect(String(error.params!.message)).toContain('(HTTP 401: bad key); check models.providers.fake.api_key');
  });

  it('POST /api/chat answers the final as JSON', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'stream', chunks: ['JSON', ' answer'], usage: { input_tokens: 5, output_tokens: 2 } });
    const res = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ session_key: SESSION, text: 'JSON answer', provider: 'fake', model: 'm1', usage: { total_tokens: 7 } });
  });

  it('POST /api/chat with Accept: text/event-stream streams accepted, deltas and final', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'stream', chunks: ['a', 'b'] });
    const res = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = res.text
      .trim()
      .split('\n\n')
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return [eventLine!.slice('event: '.length), JSON.parse(dataLine!.slice('data: '.length)) as Record<string, unknown>] as const;
      });
    expect(events.map(([name]) => name)).toEqual(['chat.accepted', 'chat.delta', 'chat.delta', 'chat.final']);
    expect(events[3]![1]).toMatchObject({ text: 'ab', run_id: events[0]![1].run_id });
  });

  it('POST /api/chat maps a failed run to a status and a chat_error body with the partial text', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'cut', chunks: ['so far'], after: 1 });
    const res = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
    });
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({ error: { type: 'chat_error', kind: 'stream_cut', session_key: SESSION, partial_text: 'so far' } });
  });

  it('POST /api/chat with a bad body is 400 naming the field, and 415 without JSON', async () => {
    const { gateway } = await setup();
    const bad = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: SESSION }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: { type: 'invalid_request_error', message: 'Invalid chat request: text: Invalid input: expected string, received undefined' } });
    const text = await httpRequest(`${gateway.url}api/chat`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(text.status).toBe(415);
  });

  it('a client hanging up on POST /api/chat aborts its run', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'hang', chunks: ['never finished'], after: 1 });
    const client = await connect(gateway.url);
    const req = http.request(`${gateway.url}api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, agent: false });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ session_key: SESSION, text: 'Hi' }));
    await client.event('chat.delta');
    req.destroy();
    const error = await client.event('chat.error');
    expect(error.params).toMatchObject({ kind: 'aborted', partial_text: 'never finished' });
  });

  it('GET /api/sessions/{key}/history pages the transcript; a key with slashes works', async () => {
    const { gateway } = await setup();
    const key = 'agent:main:web/with/slash';
    for (const text of ['one', 'two']) {
      const res = await httpRequest(`${gateway.url}api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ session_key: key, text }) });
      expect(res.status).toBe(200);
    }
    const page = await httpRequest(`${gateway.url}api/sessions/${key}/history?limit=2`);
    expect(page.status).toBe(200);
    const body = page.json as { messages: { content: string; ts: number }[]; has_more: boolean };
    expect(body.messages.map((m) => m.content)).toEqual(['two', 'You said: two']);
    expect(body.has_more).toBe(true);
    const older = await httpRequest(`${gateway.url}api/sessions/${encodeURIComponent(key)}/history?before=${body.messages[0]!.ts}`);
    expect((older.json as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual(['one', 'You said: one']);
    const bad = await httpRequest(`${gateway.url}api/sessions/${key}/history?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: { type: 'invalid_request_error', message: 'Invalid history query: limit: Too small: expected number to be >=1' } });
    // The session itself is still served by the session routes (once the store watcher has seen it).
    await waitFor(async () => (await httpRequest(`${gateway.url}api/sessions/${key}`)).status === 200, 4000, 'session route serving the key');
  });

  it('chat needs authentication like every API route', async () => {
    const { gateway } = await setup('gateway:\n  token: secret-token');
    const res = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: `127.0.0.1:${gateway.port}` },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
      localAddress: REMOTE_ADDRESS,
    });
    expect(res.status).toBe(401);
  });

  it('a cross-site Origin cannot POST /api/chat', async () => {
    const { gateway, provider } = await setup();
    const res = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
    });
    expect(res.status).toBe(403);
    expect(provider.requests).toHaveLength(0);
  });

  it('stopping the gateway ends active runs with chat.error shutdown before clients are closed', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'hang', chunks: ['cut by shutdown'], after: 1 });
    const client = await connect(gateway.url);
    await client.request('chat.send', { session_key: SESSION, text: 'Hi' });
    await client.event('chat.delta');
    await gateway.runtime.stop();
    const error = await client.event('chat.error');
    expect(error.params).toMatchObject({ kind: 'shutdown', partial_text: 'cut by shutdown' });
    await waitFor(() => client.ws.readyState === client.ws.CLOSED, 4000, 'client closed');
  });

  it('the OpenAPI document describes POST /api/chat, the history route and the chat WS methods and events', async () => {
    const { gateway } = await setup();
    const doc = (await httpRequest(`${gateway.url}api/openapi.json`)).json as {
      paths: Record<string, unknown>;
      'x-websocket': { methods: Record<string, unknown>; events: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/chat', '/api/sessions/{key}/history']));
    expect(Object.keys(doc['x-websocket'].methods)).toEqual(expect.arrayContaining(['chat.send', 'chat.abort', 'chat.history', 'models.list']));
    expect(Object.keys(doc['x-websocket'].events)).toEqual(expect.arrayContaining(['chat.delta', 'chat.final', 'chat.error']));
  });

  it('a gateway without the assistant answers chat methods with unavailable', async () => {
    const bare = await startBareGateway();
    cleanups.push(() => bare.close());
    const client = await connect(bare.url);
    const response = await client.request('models.list');
    expect(response.error).toEqual({ code: 'unavailable', message: 'The assistant is not running in this gateway' });
  });
});
