import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscript } from '../../../src-main/core/agent/index.js';
import { useAgentHarness, waitUntil, type AgentHarness } from './helpers.js';

const SESSION = 'agent:main:desktop:failures';

async function lastTranscriptLine(h: AgentHarness): Promise<Record<string, unknown> | undefined> {
  const entry = (await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!;
  return (await readTranscript(path.join(h.sessionsDir, `${entry.session_id}.jsonl`))).lines.at(-1);
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('agent service: provider failures become clear messages', () => {
  const harness = useAgentHarness();

  it('unreachable host', async () => {
    const port = await closedPort();
    const h = await harness({
      config: (base) => ({ ...base, models: { ...base.models, providers: { fake: { ...base.models!.providers!.fake!, base_url: `http://127.0.0.1:${port}/v1` } } } }),
    });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'unreachable',
        message: `Cannot reach model provider "fake" at http://127.0.0.1:${port}/v1/chat/completions (connection refused); check that the server is running and models.providers.fake.base_url`,
      },
    });
  });

  it('401: the API key was rejected', async () => {
    const h = await harness({ provider: { apiKey: 'right' }, config: (base) => withApiKey(base, 'wrong') });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'auth',
        message: `The API key was rejected by model provider "fake" (${h.provider.origin}/v1/chat/completions) (HTTP 401: Incorrect API key provided); check models.providers.fake.api_key`,
      },
    });
  });

  it('401 from the Anthropic API names its message', async () => {
    const h = await harness({ api: 'anthropic-messages', provider: { apiKey: 'right' }, config: (base) => withApiKey(base, 'wrong') });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome.ok ? '' : outcome.error.message).toContain('(HTTP 401: invalid x-api-key); check models.providers.fake.api_key');
  });

  it('403: access refused', async () => {
    const h = await harness();
    h.provider.script({ kind: 'status', status: 403, message: 'Project has no access to m1' });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'auth',
        message: `Access to model "m1" was refused by model provider "fake" (${h.provider.origin}/v1/chat/completions) (HTTP 403: Project has no access to m1); check that models.providers.fake.api_key may use it`,
      },
    });
  });

  it('404: unknown model', async () => {
    const h = await harness({ provider: { models: ['other-model'] } });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'model_not_found' } });
    expect(outcome.ok ? '' : outcome.error.message).toBe(
      `Model "m1" was not found at model provider "fake" (${h.provider.origin}/v1/chat/completions) (HTTP 404: The model \`m1\` does not exist); ` +
        "check models.providers.fake.models[].id and models.default (or the session's model_override), and that base_url ends where the API starts (e.g. …/v1)",
    );
  });

  it('429: honours retry-after and succeeds on the retry', async () => {
    const h = await harness({ config: (base) => ({ ...base, agent: { max_retries: 2 } }) });
    h.provider.script({ kind: 'status', status: 429, headers: { 'retry-after': '0.2' } }, { kind: 'stream', chunks: ['finally'] });
    const started = Date.now();
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({ ok: true, final: { text: 'finally' } });
    expect(h.provider.requests).toHaveLength(2);
    expect(h.provider.requests[1]!.receivedAt - h.provider.requests[0]!.receivedAt).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('429: gives up after max_retries with the wait the provider asked for', async () => {
    const h = await harness({ config: (base) => ({ ...base, agent: { max_retries: 1 } }) });
    h.provider.script(
      { kind: 'status', status: 429, message: 'Slow down', headers: { 'retry-after': '0' } },
      { kind: 'status', status: 429, message: 'Slow down', headers: { 'retry-after': '0' } },
      { kind: 'stream', chunks: ['never reached'] },
    );
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(h.provider.requests).toHaveLength(2);
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'rate_limited',
        message: `Rate limited by model provider "fake" (${h.provider.origin}/v1/chat/completions) (HTTP 429: Slow down) after 2 attempts. It asked to wait 0 s. Try again later or raise agent.max_retries / agent.retry_max_wait_seconds`,
      },
    });
  });

  it('429: a retry-after longer than agent.retry_max_wait_seconds fails at once', async () => {
    const h = await harness({ config: (base) => ({ ...base, agent: { max_retries: 3, retry_max_wait_seconds: 5 } }) });
    h.provider.script({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const started = Date.now();
    const outcome = await h.service.send(SESSION, 'Hi').done;
    // Did not wait even the 5 s cap (retry_max_wait_seconds), let alone the hour asked for.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(h.provider.requests).toHaveLength(1);
    expect(outcome.ok ? '' : outcome.error.message).toContain('after 1 attempt. It asked to wait 3600 s.');
  });

  it('5xx: reports the status and the provider message', async () => {
    const h = await harness();
    h.provider.script({ kind: 'status', status: 503, message: 'Overloaded' });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'server_error',
        message: `Model provider "fake" (${h.provider.origin}/v1/chat/completions) failed with HTTP 503: Overloaded after 1 attempt; the provider is having trouble, try again later`,
      },
    });
  });

  it('5xx: retried with backoff when retries are allowed', async () => {
    const h = await harness({ config: (base) => ({ ...base, agent: { max_retries: 1 } }) });
    h.provider.script({ kind: 'status', status: 500 }, { kind: 'stream', chunks: ['recovered'] });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({ ok: true, final: { text: 'recovered' } });
    expect(h.provider.requests[1]!.receivedAt - h.provider.requests[0]!.receivedAt).toBeGreaterThanOrEqual(450);
  });

  it('timeout: a provider that never answers fails after agent.timeout_seconds', async () => {
    const h = await harness({ config: (base) => ({ ...base, agent: { timeout_seconds: 0.3 } }) });
    h.provider.script({ kind: 'stream', chunks: ['hello'] }, { kind: 'hang-before-headers' });
    expect((await h.service.send(SESSION, 'first').done).ok).toBe(true);
    const started = Date.now();
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(outcome).toMatchObject({
      ok: false,
      error: { kind: 'timeout', message: 'No complete answer within 0.3 s (agent.timeout_seconds); the partial answer was kept and marked' },
    });
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.aborted_last_run).toBe(true);
  });

  it('timeout mid-stream keeps the partial answer, marked', async () => {
    const h = await harness({ config: (base) => ({ ...base, agent: { timeout_seconds: 0.3 } }) });
    h.provider.script({ kind: 'hang', chunks: ['half an ', 'answer'], after: 2 });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'timeout', partial_text: 'half an answer' } });
    expect(await lastTranscriptLine(h)).toMatchObject({ content: 'half an answer', partial: true, error: { kind: 'timeout' } });
  });

  it('a stream cut mid-way keeps the partial answer, marked, with its estimated usage', async () => {
    const h = await harness();
    h.provider.script({ kind: 'cut', chunks: ['The first ', 'half'], after: 2 });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'stream_cut',
        partial_text: 'The first half',
        message: 'The answer from "fake/m1" was cut off mid-stream (the connection was closed); the partial answer was kept and marked',
      },
    });
    expect(await lastTranscriptLine(h)).toMatchObject({
      role: 'assistant',
      content: 'The first half',
      partial: true,
      error: { kind: 'stream_cut' },
      usage: { output_tokens: 4, estimated: true },
    });
    const entry = (await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!;
    expect(entry.aborted_last_run).toBe(false);
    expect(entry.output_tokens).toBe(4);
  });

  it.each(['openai-completions', 'anthropic-messages'] as const)('a stream that ends without its end marker counts as cut (%s)', async (api) => {
    const h = await harness({ api });
    h.provider.script({ kind: 'stream', chunks: ['no end'], omitEnd: true });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'stream_cut',
        message: 'The answer from "fake/m1" was cut off mid-stream (the stream ended before the model finished); the partial answer was kept and marked',
        partial_text: 'no end',
      },
    });
  });

  it.each([
    ['openai-completions', 'Model provider "fake" reported an error mid-answer: model crashed'],
    ['anthropic-messages', 'Model provider "fake" reported overloaded_error mid-answer: model crashed'],
  ] as const)('an error event mid-stream is reported with the partial answer (%s)', async (api, message) => {
    const h = await harness({ api });
    h.provider.script({ kind: 'stream-error', chunks: ['partial'], message: 'model crashed' });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'server_error', message, partial_text: 'partial' } });
  });

  it('no model configured: says what to add', async () => {
    const h = await harness({ config: () => ({}) });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'config',
        message: 'No model is configured: add a provider under models.providers and set models.default to "provider/model" (e.g. "ollama/llama3.2")',
      },
    });
    // Nothing could answer it, so no empty conversation is left behind.
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]).toBeUndefined();
    expect(await readdir(h.sessionsDir).catch(() => [])).not.toContainEqual(expect.stringMatching(/\.jsonl$/));
  });

  it('a first message whose provider fails before any text leaves no session and no transcript', async () => {
    const h = await harness();
    h.provider.script({ kind: 'status', status: 500 });
    expect(await h.service.send(SESSION, 'one').done).toMatchObject({ ok: false, error: { kind: 'server_error' } });
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]).toBeUndefined();
    expect((await readdir(h.sessionsDir)).filter((name) => name.endsWith('.jsonl'))).toEqual([]);
  });

  it('a failed run leaves the session usable: the next message is answered', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['hello'] }, { kind: 'status', status: 500 }, { kind: 'stream', chunks: ['fine now'] });
    expect((await h.service.send(SESSION, 'zero').done).ok).toBe(true);
    expect((await h.service.send(SESSION, 'one').done).ok).toBe(false);
    expect(await h.service.send(SESSION, 'two').done).toMatchObject({ ok: true, final: { text: 'fine now' } });
    // The failed turn's empty answer is not sent to the model.
    expect(h.provider.requests[2]!.body.messages!.slice(1)).toEqual([
      { role: 'user', content: 'zero' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'one' },
      { role: 'user', content: 'two' },
    ]);
  });

  it('the 17th waiting message for one session is refused as busy', async () => {
    const h = await harness();
    h.provider.script({ kind: 'hang', chunks: [], after: 0 });
    const runs = Array.from({ length: 16 }, (_, i) => h.service.send(SESSION, `m${i}`));
    expect(() => h.service.send(SESSION, 'one too many')).toThrow(
      `Session "${SESSION}" already has 16 messages waiting; wait for the answers (or chat.abort) and send again`,
    );
    await h.provider.waitForRequests(1);
    await waitUntil(() => h.service.abort(SESSION).aborted);
    await Promise.all(runs.map((r) => r.done));
  });
});

function withApiKey<T extends { models?: { providers?: Record<string, object> } }>(base: T, apiKey: string): T {
  return { ...base, models: { ...base.models, providers: { fake: { ...base.models!.providers!.fake!, api_key: apiKey } } } };
}
