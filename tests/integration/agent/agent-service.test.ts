import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTranscript } from '../../../src-main/core/agent/index.js';
import { useAgentHarness, waitUntil } from './helpers.js';

const SESSION = 'agent:main:desktop:chat-1';

describe('agent service: streamed answers', () => {
  const harness = useAgentHarness();

  it.each(['openai-completions', 'anthropic-messages'] as const)('streams an answer as deltas and a final (%s)', async (api) => {
    const h = await harness({ api });
    h.provider.script({ kind: 'stream', chunks: ['Hel', 'lo', ' there'], usage: { input_tokens: 12, output_tokens: 3 } });
    const { runId, done } = h.service.send(SESSION, 'Hi');
    const outcome = await done;

    expect(outcome).toMatchObject({ ok: true, final: { text: 'Hello there', run_id: runId } });
    expect(h.events.map((e) => e.event)).toEqual(['chat.delta', 'chat.delta', 'chat.delta', 'chat.final']);
    expect(h.events.filter((e) => e.event === 'chat.delta').map((e) => e.params.text)).toEqual(['Hel', 'lo', ' there']);
    expect(h.events.at(-1)).toEqual({
      event: 'chat.final',
      params: {
        session_key: SESSION,
        run_id: runId,
        session_id: expect.any(String),
        text: 'Hello there',
        provider: 'fake',
        model: 'm1',
        usage: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
        cost: (12 * 3 + 3 * 15) / 1_000_000,
      },
    });
  });

  it('sends the API key, configured headers, model id and max tokens the OpenAI way', async () => {
    const h = await harness({
      provider: { apiKey: 'sk-test' },
      config: (base) => ({ ...base, models: { ...base.models, providers: { fake: { ...base.models!.providers!.fake!, headers: { 'X-Title': 'OpenClaw' } } } } }),
    });
    await h.service.send(SESSION, 'Hi').done;
    const request = h.provider.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-test');
    expect(request.headers['x-title']).toBe('OpenClaw');
    expect(request.body).toMatchObject({ model: 'm1', max_tokens: 500, stream: true, stream_options: { include_usage: true } });
  });

  it('sends x-api-key, anthropic-version and the system prompt field the Anthropic way', async () => {
    const h = await harness({ api: 'anthropic-messages', provider: { apiKey: 'sk-ant' } });
    await h.service.send(SESSION, 'Hi').done;
    const request = h.provider.requests[0]!;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body.system).toContain('You are OpenClaw.');
    expect(request.body.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('builds the system prompt from identity name and persona plus the channel context', async () => {
    const h = await harness({ config: (base) => ({ ...base, identity: { name: 'Claw', persona: 'Answer in haiku.' } }) });
    await h.service.send(SESSION, 'Hi', { context: { channel: 'telegram', chat_type: 'direct', display_name: 'Ada' } }).done;
    expect(h.provider.requests[0]!.body.messages![0]).toEqual({
      role: 'system',
      content: 'You are Claw.\n\nAnswer in haiku.\n\nThis conversation is a direct chat with Ada on telegram.',
    });
    const entry = (await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION];
    expect(entry).toMatchObject({ channel: 'telegram', chat_type: 'direct', display_name: 'Ada' });
  });

  it('accepts a server that ignores stream:true and answers with one JSON body', async () => {
    const h = await harness();
    h.provider.script({ kind: 'json', text: 'Whole answer', usage: { input_tokens: 7, output_tokens: 2 } });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({ ok: true, final: { text: 'Whole answer', usage: { input_tokens: 7, output_tokens: 2, total_tokens: 9 } } });
  });

  it('estimates usage (marked estimated) when the provider reports none', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['12345678'], usage: null });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome.ok && outcome.final.usage).toMatchObject({ output_tokens: 2, estimated: true });
  });
});

describe('agent service: session entry and transcript', () => {
  const harness = useAgentHarness();

  it('records model, tokens, context window, cost and updated_at in the session entry', async () => {
    const h = await harness();
    h.provider.script(
      { kind: 'stream', chunks: ['a'], usage: { input_tokens: 1000, output_tokens: 200 } },
      { kind: 'stream', chunks: ['b'], usage: { input_tokens: 1500, output_tokens: 100 } },
    );
    const before = Date.now();
    await h.service.send(SESSION, 'one').done;
    await h.service.send(SESSION, 'two').done;
    const entry = (await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!;
    expect(entry).toMatchObject({
      model_provider: 'fake',
      model: 'm1',
      context_tokens: 8000,
      input_tokens: 2500,
      output_tokens: 300,
      total_tokens: 2800,
      aborted_last_run: false,
      compaction_count: 0,
      session_file: path.join(h.sessionsDir, `${entry.session_id}.jsonl`),
    });
    expect(entry.extra?.cost_usd).toBeCloseTo((2500 * 3 + 300 * 15) / 1_000_000, 12);
    expect(entry.updated_at).toBeGreaterThanOrEqual(before);
  });

  it('writes both turns to <sessions>/<session_id>.jsonl, one JSON object a line', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['Hello'], usage: { input_tokens: 10, output_tokens: 1 } });
    const { runId, done } = h.service.send(SESSION, 'Hi');
    const outcome = await done;
    const sessionId = outcome.ok ? outcome.final.session_id : '';
    const text = await readFile(path.join(h.sessionsDir, `${sessionId}.jsonl`), 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { role: 'user', content: 'Hi', ts: expect.any(Number), run_id: runId },
      {
        role: 'assistant',
        content: 'Hello',
        ts: expect.any(Number),
        run_id: runId,
        usage: { input_tokens: 10, output_tokens: 1, total_tokens: 11 },
        cost: (10 * 3 + 1 * 15) / 1_000_000,
        provider: 'fake',
        model: 'm1',
      },
    ]);
    expect(lines[1]!.ts).toBeGreaterThan(lines[0]!.ts as number);
  });

  it('sends earlier turns of the session as history', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['First answer'] }, { kind: 'stream', chunks: ['Second answer'] });
    await h.service.send(SESSION, 'first').done;
    await h.service.send(SESSION, 'second').done;
    expect(h.provider.requests[1]!.body.messages!.slice(1)).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'First answer' },
      { role: 'user', content: 'second' },
    ]);
  });

  it('runs two messages to one session in order: the second waits for the first answer', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['slow', ' one'], firstDelayMs: 150 }, { kind: 'stream', chunks: ['fast'] });
    const first = h.service.send(SESSION, 'first');
    const second = h.service.send(SESSION, 'second');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a).toMatchObject({ ok: true, final: { text: 'slow one' } });
    expect(b).toMatchObject({ ok: true, final: { text: 'fast' } });
    const finals = h.events.filter((e) => e.event === 'chat.final').map((e) => e.params.run_id);
    expect(finals).toEqual([first.runId, second.runId]);
    // The second request went out after the first answer was complete, with it as history.
    expect(h.provider.requests[1]!.body.messages!.slice(1, 3)).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'slow one' },
    ]);
  });

  it('runs different sessions in parallel', async () => {
    const h = await harness();
    h.provider.script({ kind: 'hang', chunks: ['x'], after: 1 });
    const blocked = h.service.send('agent:main:a', 'hang please');
    await h.provider.waitForRequests(1);
    const other = await h.service.send('agent:main:b', 'hi').done;
    expect(other.ok).toBe(true);
    h.service.abort('agent:main:a');
    expect((await blocked.done).ok).toBe(false);
  });

  it('pages history backwards with limit and before', async () => {
    const h = await harness();
    for (const text of ['one', 'two', 'three']) await h.service.send(SESSION, text).done;
    const last = await h.service.history({ session_key: SESSION, limit: 2 });
    expect(last.messages.map((m) => m.content)).toEqual(['three', 'You said: three']);
    expect(last.has_more).toBe(true);
    const earlier = await h.service.history({ session_key: SESSION, limit: 10, before: last.messages[0]!.ts });
    expect(earlier.messages.map((m) => m.content)).toEqual(['one', 'You said: one', 'two', 'You said: two']);
    expect(earlier.has_more).toBe(false);
  });

  it('returns an empty history for a session that never chatted', async () => {
    const h = await harness();
    expect(await h.service.history({ session_key: 'agent:main:nobody' })).toEqual({
      session_key: 'agent:main:nobody',
      session_id: null,
      messages: [],
      has_more: false,
    });
  });
});

describe('agent service: abort', () => {
  const harness = useAgentHarness();

  it('abort stops the stream, keeps the partial answer marked and sets aborted_last_run', async () => {
    const h = await harness();
    h.provider.script({ kind: 'hang', chunks: ['Once upon'], after: 1 });
    const { runId, done } = h.service.send(SESSION, 'Tell a story');
    await waitUntil(() => h.events.some((e) => e.event === 'chat.delta'));
    expect(h.service.abort(SESSION)).toEqual({ aborted: true, run_id: runId });
    const outcome = await done;

    expect(outcome).toEqual({
      ok: false,
      error: {
        session_key: SESSION,
        run_id: runId,
        kind: 'aborted',
        message: 'Stopped on request (chat.abort); the partial answer was kept and marked',
        partial_text: 'Once upon',
      },
    });
    const entry = (await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!;
    expect(entry.aborted_last_run).toBe(true);
    const { lines } = await readTranscript(path.join(h.sessionsDir, `${entry.session_id}.jsonl`));
    expect(lines.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'Once upon',
      partial: true,
      error: { kind: 'aborted' },
      run_id: runId,
    });
  });

  it('abort without an active run answers aborted: false', async () => {
    const h = await harness();
    expect(h.service.abort(SESSION)).toEqual({ aborted: false, run_id: null });
  });

  it('abort naming another run id leaves the active run alone', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['a', 'b'], firstDelayMs: 100 });
    const { runId, done } = h.service.send(SESSION, 'Hi');
    await h.provider.waitForRequests(1);
    expect(h.service.abort(SESSION, 'some-other-run')).toEqual({ aborted: false, run_id: runId });
    expect((await done).ok).toBe(true);
  });

  it('a queued message still runs after the active one is aborted, and aborted_last_run clears', async () => {
    const h = await harness();
    h.provider.script({ kind: 'hang', chunks: ['x'], after: 1 }, { kind: 'stream', chunks: ['ok'] });
    const first = h.service.send(SESSION, 'first');
    const second = h.service.send(SESSION, 'second');
    await waitUntil(() => h.events.some((e) => e.event === 'chat.delta'));
    h.service.abort(SESSION);
    expect((await first.done).ok).toBe(false);
    expect(await second.done).toMatchObject({ ok: true, final: { text: 'ok' } });
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.aborted_last_run).toBe(false);
  });

  it('abort naming a queued run cancels it before it reaches the provider', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['first'], firstDelayMs: 100 });
    const first = h.service.send(SESSION, 'first');
    const second = h.service.send(SESSION, 'second');
    expect(h.service.abort(SESSION, second.runId)).toEqual({ aborted: true, run_id: second.runId });
    expect((await first.done).ok).toBe(true);
    expect(await second.done).toMatchObject({
      ok: false,
      error: { kind: 'aborted', message: 'Cancelled on request (chat.abort) before it started; the message was not sent to the model' },
    });
    expect(h.provider.requests).toHaveLength(1);
  });

  it('close stops active runs, keeps the partial answer and refuses new messages', async () => {
    const h = await harness();
    h.provider.script({ kind: 'hang', chunks: ['part'], after: 1 });
    const { done } = h.service.send(SESSION, 'Hi');
    await waitUntil(() => h.events.some((e) => e.event === 'chat.delta'));
    await h.service.close();
    expect(await done).toMatchObject({ ok: false, error: { kind: 'shutdown', partial_text: 'part' } });
    expect(() => h.service.send(SESSION, 'again')).toThrow('The gateway is shutting down; send the message again once it is back');
  });
});
