import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useAgentHarness } from './helpers.js';

describe('stateless completions (AgentService.complete)', () => {
  const harness = useAgentHarness();

  it('answers the given conversation with usage and cost, touching no session, transcript or chat event', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['A', 'B'], usage: { input_tokens: 100, output_tokens: 10 } });
    const deltas: string[] = [];
    const { runId, done } = h.service.complete(
      { messages: [{ role: 'user', content: 'Q1' }, { role: 'assistant', content: 'A1' }, { role: 'user', content: 'Q2' }], system: 'Be brief.', maxTokens: 7 },
      { onDelta: (text) => deltas.push(text) },
    );
    const outcome = await done;
    expect(outcome).toEqual({
      ok: true,
      result: { run_id: runId, text: 'AB', provider: 'fake', model: 'm1', usage: { input_tokens: 100, output_tokens: 10, total_tokens: 110 }, cost: (100 * 3 + 10 * 15) / 1_000_000 },
      finishReason: 'stop',
    });
    expect(deltas).toEqual(['A', 'B']);
    const sent = h.provider.requests[0]!.body;
    expect(sent.max_tokens).toBe(7);
    expect(sent.messages!.map((m) => m.content)).toEqual([expect.stringMatching(/^You are OpenClaw\.[\s\S]*\n\nBe brief\.$/), 'Q1', 'A1', 'Q2']);
    expect(h.events).toEqual([]);
    expect(existsSync(h.sessionsDir)).toBe(false);
  });

  it('reports a provider failure with its kind and partial text, scrubbed', async () => {
    const h = await harness();
    h.provider.script({ kind: 'status', status: 401, message: 'Incorrect API key provided: test-key' });
    const outcome = await h.service.complete({ messages: [{ role: 'user', content: 'Hi' }] }).done;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.kind).toBe('auth');
    expect(outcome.error.message).not.toContain('test-key');
  });

  it('stops when its signal aborts, and close() stops it with shutdown', async () => {
    const h = await harness();
    h.provider.script({ kind: 'hang', chunks: ['part'], after: 1 }, { kind: 'hang', chunks: ['other'], after: 1 });
    const hangUp = new AbortController();
    const aborted = h.service.complete({ messages: [{ role: 'user', content: 'Hi' }] }, { signal: hangUp.signal, onDelta: () => hangUp.abort() }).done;
    expect(await aborted).toMatchObject({ ok: false, error: { kind: 'aborted', partial_text: 'part' } });

    const running = h.service.complete({ messages: [{ role: 'user', content: 'Hi' }] }).done;
    await h.provider.waitForRequests(2);
    const closing = h.service.close();
    expect(await running).toMatchObject({ ok: false, error: { kind: 'shutdown' } });
    await closing;
    expect(() => h.service.complete({ messages: [{ role: 'user', content: 'Hi' }] })).toThrow('shutting down');
  });
});
