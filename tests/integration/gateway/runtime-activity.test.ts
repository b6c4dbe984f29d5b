// Runtime.activity(): what a restart would cut short, read by the desktop app before it installs an
// update. A stateless /v1 stream broadcasts no event, so only the runtime can tell it is running.
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';
import { startTestGateway, TestClient, waitFor, type TestGateway } from './helpers.js';

describe('runtime activity', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(): Promise<{ gateway: TestGateway; provider: FakeProvider }> {
    const provider = await startFakeProvider();
    cleanups.push(() => provider.close());
    const gateway = await startTestGateway({
      config: ['models:', '  default: fake/m1', '  providers:', '    fake:', `      base_url: ${provider.origin}/v1`, '      models:', '        - id: m1', 'agent:', '  max_retries: 0'].join('\n'),
    });
    cleanups.push(() => gateway.close());
    return { gateway, provider };
  }

  it('counts a stateless /v1/chat/completions stream while it runs, though it broadcasts no event, and not once the client hangs up', async () => {
    const { gateway, provider } = await setup();
    expect(gateway.runtime.activity()).toEqual({ runs: 0, configWrites: 0 });
    provider.script({ kind: 'hang', chunks: ['half an answer'], after: 1 });
    const client = new OpenAI({ baseURL: `${gateway.url}v1`, apiKey: 'any-local-key', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    let next = await iterator.next();
    while (!next.done && !next.value.choices[0]?.delta.content) next = await iterator.next();
    expect(gateway.runtime.activity()).toEqual({ runs: 1, configWrites: 0 });
    expect(gateway.events.some((event) => event.type === 'event' && event.event.startsWith('chat.'))).toBe(false);
    await iterator.return?.();
    await waitFor(() => gateway.runtime.activity().runs === 0, 4_000, 'the run over once the client hung up');
  });

  it('counts a stateless stream that is answering, then 0 once it is done', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'stream', chunks: ['slow', ' answer'], firstDelayMs: 200, chunkDelayMs: 800 });
    const client = new OpenAI({ baseURL: `${gateway.url}v1`, apiKey: 'any-local-key', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'openclaw', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    let first = await iterator.next();
    while (!first.done && !first.value.choices[0]?.delta.content) first = await iterator.next();
    expect(gateway.runtime.activity().runs).toBe(1);
    while (!(await iterator.next()).done);
    await waitFor(() => gateway.runtime.activity().runs === 0, 4_000, 'the run over');
  });

  it('counts a dashboard chat run from chat.send until its chat.final', async () => {
    const { gateway, provider } = await setup();
    provider.script({ kind: 'stream', chunks: ['slow', ' answer'], firstDelayMs: 200, chunkDelayMs: 800 });
    const { client } = await TestClient.connect(gateway.url);
    cleanups.push(async () => client.close());
    await client.request('chat.send', { session_key: 'agent:main:activity', text: 'Hi' });
    await client.event('chat.delta');
    expect(gateway.runtime.activity()).toEqual({ runs: 1, configWrites: 0 });
    await client.event('chat.final');
    await waitFor(() => gateway.runtime.activity().runs === 0, 4_000, 'the run over');
  });

  it('is all 0 once stopped', async () => {
    const { gateway } = await setup();
    await gateway.runtime.stop();
    expect(gateway.runtime.activity()).toEqual({ runs: 0, configWrites: 0 });
  });
});
