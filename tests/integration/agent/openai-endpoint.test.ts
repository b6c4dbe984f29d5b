import { existsSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import OpenAI, { APIError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_SHUTDOWN_TIMEOUT_MS } from '../../../src-main/core/gateway/server.js';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';
import { REMOTE_ADDRESS, httpRequest, startTestGateway, waitFor, type TestGateway } from '../gateway/helpers.js';

// The OpenAI-compatible endpoint, driven by the official `openai` package against the fake provider
// speaking each upstream API.

const SESSION = 'agent:main:openai:script';

interface Setup {
  gateway: TestGateway;
  provider: FakeProvider;
  client: OpenAI;
}

function apiError(error: unknown): APIError {
  expect(error).toBeInstanceOf(APIError);
  return error as APIError;
}

async function failure(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    return apiError(error);
  }
  throw new Error('expected the call to fail');
}

/** A fetch whose sockets leave from `localAddress` (127.0.0.2 stands in for another machine). */
function fetchFrom(localAddress: string): typeof fetch {
  return (input, init) =>
    new Promise((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input);
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = http.request(url, { method: init?.method ?? 'GET', headers, localAddress, agent: false, signal: init?.signal ?? undefined }, (res) => {
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) for (const item of [value ?? []].flat()) answer.append(name, item);
        resolve(new Response(Readable.toWeb(res) as ReadableStream<Uint8Array>, { status: res.statusCode ?? 500, headers: answer }));
      });
      req.on('error', reject);
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
}

describe.each(['openai-completions', 'anthropic-messages'] as const)('the OpenAI-compatible endpoint over a %s provider', (api) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(extraYaml: string[] = []): Promise<Setup> {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.close());
    const gateway = await startTestGateway({
      config: [
        'models:',
        '  default: fake/m1',
        '  providers:',
        '    fake:',
        `      base_url: ${api === 'anthropic-messages' ? provider.origin : `${provider.origin}/v1`}`,
        `      api: ${api}`,
        '      api_key: sk-fake-provider-key-123456',
        '      models:',
        '        - id: m1',
        '          cost: { input: 2, output: 10 }',
        '        - id: org/m2',
        'identity:',
        '  name: Claw',
        'agent:',
        '  max_retries: 0',
        ...extraYaml,
      ].join('\n'),
    });
    cleanups.push(() => gateway.close());
    // Any key: a local-direct caller's key is not compared under /v1, and the SDK insists on one.
    const client = new OpenAI({ baseURL: `${gateway.url}v1`, apiKey: 'any-local-key', maxRetries: 0 });
    return { gateway, provider, client };
  }

  it('lists the configured models as provider/model, the default first, and retrieves one', async () => {
    const { client } = await setup();
    const list = await client.models.list();
    expect(list.data.map((model) => [model.id, model.object, model.owned_by])).toEqual([
      ['fake/m1', 'model', 'fake'],
      ['fake/org/m2', 'model', 'fake'],
    ]);
    expect((await client.models.retrieve('fake/org/m2')).id).toBe('fake/org/m2');
    const missing = await failure(client.models.retrieve('fake/nope'));
    expect([missing.status, missing.code, missing.param]).toEqual([404, 'model_not_found', 'model']);
  });

  it('answers a stateless completion with the provider usage, sending the whole conversation and storing nothing', async () => {
    const { gateway, provider, client } = await setup();
    provider.script({ kind: 'stream', chunks: ['Hello', ' there'], usage: { input_tokens: 40, output_tokens: 7 } });
    const completion = await client.chat.completions.create({
      model: 'openclaw',
      messages: [
        { role: 'system', content: 'Answer in English.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: [{ type: 'text', text: 'And again?' }] },
      ],
      temperature: 0.2,
    });
    expect(completion).toMatchObject({
      object: 'chat.completion',
      model: 'fake/m1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 7, total_tokens: 47 },
    });
    expect(completion.id).toMatch(/^chatcmpl-[0-9a-f-]{36}$/);
    expect(completion.usage).not.toHaveProperty('estimated');

    const sent = provider.requests[0]!.body;
    const turns = (sent.messages ?? []).filter((m) => m.role !== 'system').map((m) => [m.role, m.content]);
    expect(turns).toEqual([
      ['user', 'Hi'],
      ['assistant', 'Hello!'],
      ['user', 'And again?'],
    ]);
    const system = api === 'anthropic-messages' ? sent.system : sent.messages?.[0]?.content;
    expect(system).toMatch(/^You are Claw\.[\s\S]*\n\nAnswer in English\.$/);

    const sessions = await httpRequest(`${gateway.url}api/sessions`);
    expect((sessions.json as { count: number }).count).toBe(0);
    const sessionsDir = path.dirname(gateway.state.storePath);
    expect(existsSync(sessionsDir) ? readdirSync(sessionsDir).filter((name) => name.endsWith('.jsonl')) : []).toEqual([]);
  });

  it('streams chat.completion.chunk frames and a last chunk with usage when include_usage is set', async () => {
    const { provider, client } = await setup();
    provider.script({ kind: 'stream', chunks: ['a', 'b', 'c'], usage: { input_tokens: 11, output_tokens: 3 } });
    const stream = await client.chat.completions.create({
      messages: [{ role: 'user', content: 'Hi' }],
      model: 'fake/m1',
      stream: true,
      stream_options: { include_usage: true },
    } as OpenAI.ChatCompletionCreateParamsStreaming);
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]!.id && chunk.model === 'fake/m1')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('abc');
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((chunk) => chunk.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } });
  });

  // An Anthropic stream always opens with message_start and its counts.
  it.runIf(api === 'openai-completions')('estimates usage, flagged, when the provider reports none', async () => {
    const { provider, client } = await setup();
    provider.script({ kind: 'stream', chunks: ['12345678'], usage: null });
    const completion = await client.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }], model: 'openclaw' });
    expect(completion.usage).toMatchObject({ completion_tokens: 2, estimated: true });
  });

  it('keeps a session named by X-OpenClaw-Session-Key: the second turn carries the first, and the dashboard sees it', async () => {
    const { gateway, provider, client } = await setup();
    const headers = { 'X-OpenClaw-Session-Key': SESSION };
    const first = await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'My name is Ada' }] }, { headers });
    expect(first.choices[0]!.message.content).toBe('You said: My name is Ada');
    // The client sends only the new turn: the gateway holds the rest.
    await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'What is my name?' }] }, { headers });

    const second = provider.requests[1]!.body.messages!.filter((m) => m.role !== 'system').map((m) => m.content);
    expect(second).toEqual(['My name is Ada', 'You said: My name is Ada', 'What is my name?']);
    const history = await httpRequest(`${gateway.url}api/sessions/${SESSION}/history`);
    expect((history.json as { messages: { role: string; content: string }[] }).messages.map((m) => m.content)).toEqual([
      'My name is Ada',
      'You said: My name is Ada',
      'What is my name?',
      'You said: What is my name?',
    ]);
    const session = await httpRequest(`${gateway.url}api/sessions/${SESSION}`);
    expect(session.json).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it('streams a session-keyed answer as chunks and keeps it in the session', async () => {
    const { gateway, provider, client } = await setup();
    provider.script({ kind: 'stream', chunks: ['Hi', ' Ada', '!'], usage: { input_tokens: 12, output_tokens: 3 } });
    const stream = await client.chat.completions.create(
      { model: 'openclaw', messages: [{ role: 'user', content: 'I am Ada' }], stream: true, stream_options: { include_usage: true } },
      { headers: { 'X-OpenClaw-Session-Key': SESSION } },
    );
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]!.id && chunk.model === 'fake/m1')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hi Ada!');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } });
    const history = (await httpRequest(`${gateway.url}api/sessions/${SESSION}/history`)).json as { messages: { role: string; content: string }[] };
    expect(history.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'I am Ada'],
      ['assistant', 'Hi Ada!'],
    ]);
  });

  it('a client hanging up on a session-keyed stream cancels the provider call, and the transcript keeps the partial answer, marked', async () => {
    const { gateway, provider, client } = await setup();
    const headers = { 'X-OpenClaw-Session-Key': SESSION };
    await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'first' }] }, { headers });
    provider.script({ kind: 'hang', chunks: ['half an', ' answer'], after: 1 });
    const stream = await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'second' }], stream: true }, { headers });
    let seen = '';
    for await (const chunk of stream) {
      seen += chunk.choices[0]?.delta.content ?? '';
      if (seen) break;
    }
    expect(seen).toBe('half an');
    await waitFor(() => provider.requests[1]?.cancelled === true, 4000, 'the provider request cancelled');

    const entry = (await httpRequest(`${gateway.url}api/sessions/${SESSION}`)).json as { session_file: string };
    const transcript = (): { role: string; content: string; partial?: boolean; error?: { kind: string } }[] =>
      readFileSync(entry.session_file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { role: string; content: string });
    await waitFor(() => transcript().length === 4, 4000, 'the stopped answer recorded');
    expect(transcript().slice(2)).toEqual([
      expect.objectContaining({ role: 'user', content: 'second' }),
      expect.objectContaining({ role: 'assistant', content: 'half an', partial: true, error: expect.objectContaining({ kind: 'aborted' }) }),
    ]);
  });

  it('takes the user field as the session key when the header is absent, and the model asked for', async () => {
    const { gateway, provider, client } = await setup();
    await client.chat.completions.create({ model: 'fake/org/m2', user: 'ada', messages: [{ role: 'user', content: 'one' }] });
    const second = await client.chat.completions.create({ model: 'fake/org/m2', user: 'ada', messages: [{ role: 'user', content: 'two' }] });
    expect(second.model).toBe('fake/org/m2');
    expect(provider.requests[1]!.body.model).toBe('org/m2');
    expect(provider.requests[1]!.body.messages!.filter((m) => m.role !== 'system').map((m) => m.content)).toEqual(['one', 'You said: one', 'two']);
    expect((await httpRequest(`${gateway.url}api/sessions/ada`)).status).toBe(200);
  });

  it('answers an unknown model 404 model_not_found without calling the provider', async () => {
    const { provider, client } = await setup();
    const error = await failure(client.chat.completions.create({ model: 'fake/gpt-99', messages: [{ role: 'user', content: 'Hi' }] }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect([error.code, error.param, error.type]).toEqual(['model_not_found', 'model', 'invalid_request_error']);
    expect(error.message).toContain('"fake/gpt-99" is not configured on this gateway (configured: fake/m1, fake/org/m2)');
    await client.chat.completions.create({ model: 'fake/m1', messages: [{ role: 'user', content: 'marker' }] });
    expect(provider.requests.map((r) => r.body.messages?.at(-1)?.content)).toEqual(['marker']);
  });

  it('reports a provider failure as 502 in the OpenAI shape with the key scrubbed, streaming or not', async () => {
    const { provider, client } = await setup();
    provider.script(
      { kind: 'status', status: 401, message: 'Incorrect API key provided: sk-fake-provider-key-123456' },
      { kind: 'status', status: 503, message: 'overloaded' },
    );
    const auth = await failure(client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }] }));
    expect([auth.status, auth.code, auth.type]).toEqual([502, 'auth', 'server_error']);
    expect(auth.message).toContain('check models.providers.fake.api_key');
    expect(auth.message).not.toContain('sk-fake-provider-key-123456');

    // Nothing streamed yet: the failure still gets its own status instead of a 200 stream.
    const streamed = await failure(client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    expect([streamed.status, streamed.code]).toEqual([502, 'server_error']);
  });

  it('a failed session-keyed run is not retried by the SDK (default retries): the user message is recorded once', async () => {
    const { gateway, provider } = await setup();
    // The SDK's defaults: 2 retries of 409, 429 and 5xx, unless the answer says X-Should-Retry: false.
    const client = new OpenAI({ baseURL: `${gateway.url}v1`, apiKey: 'any-local-key' });
    const headers = { 'X-OpenClaw-Session-Key': SESSION };
    await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'first' }] }, { headers });
    provider.script({ kind: 'status', status: 503, message: 'overloaded' });
    const failed = await failure(client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'second' }] }, { headers }));
    expect([failed.status, failed.headers?.get('x-should-retry')]).toEqual([502, 'false']);
    await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'marker' }] }, { headers });

    expect(provider.requests).toHaveLength(3);
    const entry = (await httpRequest(`${gateway.url}api/sessions/${SESSION}`)).json as { session_file: string };
    const users = readFileSync(entry.session_file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { role: string; content: string })
      .filter((line) => line.role === 'user')
      .map((line) => line.content);
    expect(users).toEqual(['first', 'second', 'marker']);
  });

  it('a failed stateless run is not retried by the SDK either: the provider is called 1 + agent.max_retries times', async () => {
    const { gateway, provider } = await setup();
    const client = new OpenAI({ baseURL: `${gateway.url}v1`, apiKey: 'any-local-key' });
    provider.script({ kind: 'status', status: 500, message: 'broken' });
    const failed = await failure(client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    expect([failed.status, failed.headers?.get('x-should-retry')]).toEqual([502, 'false']);
    await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'marker' }] });
    expect(provider.requests.map((request) => request.body.messages?.at(-1)?.content)).toEqual(['Hi', 'marker']);
  });

  it('ends a stream cut mid-answer with an error frame the client raises', async () => {
    const { provider, client } = await setup();
    provider.script({ kind: 'cut', chunks: ['partial'], after: 1 });
    const stream = await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );
    expect(seen.join('')).toBe('partial');
    expect(error.error).toMatchObject({ code: 'stream_cut', type: 'server_error', param: null });
  });

  it('a client aborting its stream cancels the provider call', async () => {
    const { gateway, provider, client } = await setup();
    provider.script({ kind: 'hang', chunks: ['never', ' finished'], after: 1 });
    const stream = await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await waitFor(() => provider.requests[0]?.cancelled === true, 4000, 'the provider request cancelled');
    // Stateless: the abort is logged nowhere as a failure, and nothing was stored.
    expect(gateway.logger.lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
    // The SDK leaves its socket open after the abort: stopping must not wait the 5 s shutdown timeout for it.
    const stopped = gateway.runtime.stop().then(() => 'stopped');
    const deadline = new Promise((resolve) => setTimeout(resolve, GATEWAY_SHUTDOWN_TIMEOUT_MS / 2, 'still waiting'));
    expect(await Promise.race([stopped, deadline])).toBe('stopped');
  });
});

describe('the OpenAI-compatible endpoint: input, errors and access', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(extraYaml: string[] = []): Promise<{ gateway: TestGateway; provider: FakeProvider }> {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.close());
    const gateway = await startTestGateway({
      config: ['models:', '  default: fake/m1', '  providers:', '    fake:', `      base_url: ${provider.origin}/v1`, '      models:', '        - id: m1', ...extraYaml].join('\n'),
    });
    cleanups.push(() => gateway.close());
    return { gateway, provider };
  }

  const post = (gateway: TestGateway, body: unknown, headers: Record<string, string> = {}) =>
    httpRequest(`${gateway.url}v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it.each([
    ['missing messages', { model: 'openclaw' }, 'messages', 'Invalid chat completion request: messages: Invalid input: expected array, received undefined'],
    [
      'a tool role',
      { messages: [{ role: 'tool', content: 'x', tool_call_id: 'a' }] },
      'messages[0].role',
      'Invalid chat completion request: messages[0].role: must be "system", "developer", "user" or "assistant"',
    ],
    ['n > 1', { messages: [{ role: 'user', content: 'x' }], n: 2 }, 'n', 'n: only n = 1 is supported: this gateway returns one choice per request'],
    ['an unknown parameter', { messages: [{ role: 'user', content: 'x' }], temprature: 1 }, 'temprature', 'Unrecognized request argument supplied: temprature'],
    ['tools', { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function' }] }, 'tools', 'tools: tools are not supported: this gateway runs no tools'],
    ['an image part', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }] }, 'messages[0].content', 'images, audio and files are not supported'],
    ['JSON mode', { messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_object' } }, 'response_format.type', 'no JSON mode'],
    ['stream_options without stream', { messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } }, 'stream_options', 'stream_options is only allowed when stream is true'],
    ['only system messages', { messages: [{ role: 'system', content: 'x' }] }, 'messages', 'at least one user or assistant message'],
    [
      'a session turn not ending with the user',
      { user: 'ada', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 'y' }] },
      'messages[1].role',
      'the last message must be the new user message',
    ],
    ['a session key over 512 characters', { user: 'k'.repeat(513), messages: [{ role: 'user', content: 'x' }] }, 'user', 'user: key must be at most 512 characters'],
  ])('refuses %s with 400 naming the parameter, calling no provider', async (_name, body, param, message) => {
    const { gateway, provider } = await setup();
    const res = await post(gateway, body);
    expect(res.status).toBe(400);
    const error = (res.json as { error: { message: string; type: string; param: string | null; code: string } }).error;
    expect(error).toMatchObject({ type: 'invalid_request_error', param });
    expect(error.message).toContain(message);
    const marker = await post(gateway, { messages: [{ role: 'user', content: 'marker' }] });
    expect(marker.status).toBe(200);
    expect(provider.requests).toHaveLength(1);
  });

  it('ignores sampling parameters it cannot pass on, as the real API would accept them', async () => {
    const { gateway, provider } = await setup();
    const res = await post(gateway, { messages: [{ role: 'user', content: 'x' }], temperature: 0.1, top_p: 0.9, stop: ['\n'], seed: 1, max_tokens: 42 });
    expect(res.status).toBe(200);
    expect(provider.requests[0]!.body.max_tokens).toBe(42);
  });

  it('answers non-JSON 400 and an oversized body 413, both in the OpenAI shape', async () => {
    const { gateway } = await setup();
    const broken = await post(gateway, '{"messages": [');
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: 'invalid_request_error' } });
    const huge = await post(gateway, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024 + 1) }] }));
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: 'payload_too_large' } });
  });

  it('answers unknown /v1 routes 404 and other methods 405, in the OpenAI shape', async () => {
    const { gateway } = await setup();
    const missing = await httpRequest(`${gateway.url}v1/embeddings`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { type: 'invalid_request_error', code: 'not_found_error', param: null } });
    const wrong = await httpRequest(`${gateway.url}v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.json).toMatchObject({ error: { code: 'method_not_allowed', param: null } });
    // Elsewhere the gateway's own shape stays.
    expect((await httpRequest(`${gateway.url}api/nothing`)).json).toEqual({ error: { type: 'not_found_error', message: 'No route for GET /api/nothing' } });
  });

  it('answers a run over agent.timeout_seconds 504', async () => {
    const { gateway, provider } = await setup(['agent:', '  timeout_seconds: 0.3']);
    provider.script({ kind: 'hang-before-headers' });
    const res = await post(gateway, { messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(504);
    expect(res.json).toMatchObject({ error: { type: 'server_error', code: 'timeout' } });
  });

  it('refuses a cross-site Origin 403 in the OpenAI shape', async () => {
    const { gateway, provider } = await setup();
    const res = await post(gateway, { messages: [{ role: 'user', content: 'x' }] }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ error: { type: 'permission_error', code: 'forbidden' } });
    expect(provider.requests).toHaveLength(0);
  });

  it('is off with gateway.http.openai.enabled: false, saying which key turns it on', async () => {
    const { gateway } = await setup(['gateway:', '  http:', '    openai:', '      enabled: false']);
    const res = await post(gateway, { messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(404);
    expect((res.json as { error: { message: string } }).error.message).toContain('set gateway.http.openai.enabled: true');
    expect((await httpRequest(`${gateway.url}v1/models`)).status).toBe(404);
    const chat = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: SESSION, text: 'still here' }),
    });
    expect(chat.status).toBe(200);
  });

  it('answers 503 code config, not to be retried, when no model is configured', async () => {
    const gateway = await startTestGateway({ config: 'identity:\n  name: Claw' });
    cleanups.push(() => gateway.close());
    const res = await post(gateway, { messages: [{ role: 'user', content: 'x' }] });
    expect(res.status).toBe(503);
    expect(res.headers['x-should-retry']).toBe('false');
    expect(res.json).toMatchObject({ error: { type: 'server_error', code: 'config' } });
    expect((res.json as { error: { message: string } }).error.message).toContain('add a provider under models.providers');
    expect((await httpRequest(`${gateway.url}v1/models`)).json).toEqual({ object: 'list', data: [] });
  });

  it('answers a 17th waiting session message 429 with Retry-After, left retryable since no run started', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'hang-before-headers' });
    const headers = { 'x-openclaw-session-key': SESSION };
    const waiting = Array.from({ length: 16 }, (_, i) => post(gateway, { messages: [{ role: 'user', content: `m${i}` }] }, headers));
    await provider.waitForRequests(1);
    let busy = await post(gateway, { messages: [{ role: 'user', content: 'one too many' }] }, headers);
    // The 16 posts reach the queue in their own time: send until the queue says it is full.
    for (let attempt = 0; attempt < 20 && busy.status !== 429; attempt++) {
      busy = await post(gateway, { messages: [{ role: 'user', content: 'one too many' }] }, headers);
    }
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.headers['x-should-retry']).toBeUndefined();
    expect(busy.json).toMatchObject({ error: { type: 'rate_limit_error', code: 'busy' } });
    await gateway.close();
    expect((await Promise.all(waiting)).every((res) => res.status === 503 && res.headers['x-should-retry'] === 'false')).toBe(true);
  });

  it('lets a page on an allowed origin send X-OpenClaw-Session-Key', async () => {
    const { gateway } = await setup(['gateway:', '  allowed_origins: ["http://app.example:3000"]']);
    const res = await httpRequest(`${gateway.url}v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-openclaw-session-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-headers']).toContain('X-OpenClaw-Session-Key');
  });

  it('is described in the OpenAPI document', async () => {
    const { gateway } = await setup();
    const doc = (await httpRequest(`${gateway.url}api/openapi.json`)).json as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/models', '/v1/models/{id}', '/v1/chat/completions']));
  });

  it('takes gateway.token as the OpenAI key of a remote client; a wrong key is 401, then 429 once locked out', async () => {
    const { gateway } = await setup(['gateway:', '  token: remote-token-0123456789']);
    const remote = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}v1`, apiKey, maxRetries: 0, fetch: fetchFrom(REMOTE_ADDRESS) });
    expect((await remote('remote-token-0123456789').models.list()).data.map((model) => model.id)).toEqual(['fake/m1']);
    const wrong = await failure(remote('wrong-key').models.list());
    expect(wrong).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(wrong.error).toMatchObject({ type: 'authentication_error', code: 'unauthorized', param: null, message: 'Invalid token or password' });
    let last = wrong;
    for (let attempt = 0; attempt < 10 && last.status === 401; attempt++) last = await failure(remote('wrong-key').models.list());
    expect(last).toBeInstanceOf(OpenAI.RateLimitError);
    expect(last.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
    expect(last.headers?.get('retry-after')).toMatch(/^\d+$/);
  });

  it('still checks a key presented locally outside /v1', async () => {
    const { gateway } = await setup(['gateway:', '  token: remote-token-0123456789']);
    const res = await httpRequest(`${gateway.url}api/health`, { headers: { authorization: 'Bearer any-local-key' } });
    expect(res.status).toBe(401);
    expect((await httpRequest(`${gateway.url}v1/models`, { headers: { authorization: 'Bearer any-local-key' } })).status).toBe(200);
  });
});
