import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OpenClawConfigInput } from '../../../src-shared/config/schema.js';
import { appendTranscriptLines } from '../../../src-main/core/agent/index.js';
import { useAgentHarness, type AgentHarness } from './helpers.js';

const SESSION = 'agent:main:desktop:sessions';
const HOUR_MS = 3_600_000;

describe('agent service: context window', () => {
  const harness = useAgentHarness();

  it('drops the oldest turns to fit the context window and counts a compaction', async () => {
    // 1000-token window, half kept for the answer: ~500 tokens of prompt, each old message ~155.
    const h = await harness({
      config: (base) => ({
        ...base,
        models: { default: 'fake/small', providers: { fake: { ...base.models!.providers!.fake!, models: [{ id: 'small', context_window: 1000, max_tokens: 800 }] } } },
      }),
    });
    const long = (label: string): string => `${label} ${'x'.repeat(600)}`;
    h.provider.script(
      { kind: 'stream', chunks: [long('answer 1')] },
      { kind: 'stream', chunks: [long('answer 2')] },
      { kind: 'stream', chunks: ['answer 3'] },
    );
    await h.service.send(SESSION, long('question 1')).done;
    await h.service.send(SESSION, long('question 2')).done;
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.compaction_count).toBe(0);

    await h.service.send(SESSION, 'question 3').done;
    const sent = h.provider.requests[2]!.body.messages!.slice(1).map((m) => m.content.slice(0, 10));
    expect(sent).toEqual(['question 2', 'answer 2 x', 'question 3']);
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.compaction_count).toBe(1);
    // Trimming only shortens what the model sees: the transcript keeps everything.
    expect((await h.service.history({ session_key: SESSION })).messages).toHaveLength(6);
  });

  it('refuses a message that alone does not fit, saying which model and budget', async () => {
    const h = await harness({
      config: (base) => ({
        ...base,
        models: { default: 'fake/tiny', providers: { fake: { ...base.models!.providers!.fake!, models: [{ id: 'tiny', context_window: 100, max_tokens: 50 }] } } },
      }),
    });
    const outcome = await h.service.send(SESSION, 'y'.repeat(1000)).done;
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'bad_request' } });
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/^The message \(about \d+ tokens with the system prompt\) does not fit the 50-token prompt budget of "fake\/tiny"/);
    expect(h.provider.requests).toHaveLength(0);
  });
});

describe('agent service: session reset', () => {
  const harness = useAgentHarness();

  async function seed(h: AgentHarness, updatedAt: number): Promise<void> {
    await mkdir(h.sessionsDir, { recursive: true });
    await h.sessionStore.save(h.storePath, {
      [SESSION]: {
        session_id: 'old-session',
        updated_at: updatedAt,
        aborted_last_run: false,
        system_sent: true,
        compaction_count: 2,
        input_tokens: 10,
        output_tokens: 5,
        total_tokens: 15,
        label: 'Keep me',
      },
    });
    await appendTranscriptLines(path.join(h.sessionsDir, 'old-session.jsonl'), [{ role: 'user', content: 'old question', ts: updatedAt, run_id: 'r0' }]);
  }

  it('daily: the first message after at_hour starts a new session_id and keeps the old transcript', async () => {
    const now = new Date(2026, 1, 13, 9, 0).getTime();
    const h = await harness({
      config: (base) => ({ ...base, session: { reset: { mode: 'daily', at_hour: 4 } } }),
      service: { now: () => now },
    });
    await seed(h, new Date(2026, 1, 13, 3, 30).getTime());
    const outcome = await h.service.send(SESSION, 'new day').done;

    const entry = (await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!;
    expect(entry.session_id).not.toBe('old-session');
    expect(outcome.ok && outcome.final.session_id).toBe(entry.session_id);
    expect(entry).toMatchObject({ label: 'Keep me', compaction_count: 0, input_tokens: outcome.ok ? outcome.final.usage.input_tokens : -1 });
    expect((await readdir(h.sessionsDir)).sort()).toEqual(['old-session.jsonl', `${entry.session_id}.jsonl`, 'sessions.json'].sort());
    // The old conversation is not sent to the model any more.
    expect(h.provider.requests[0]!.body.messages!.slice(1)).toEqual([{ role: 'user', content: 'new day' }]);
  });

  it('daily: a session updated after today\'s at_hour continues', async () => {
    const now = new Date(2026, 1, 13, 9, 0).getTime();
    const h = await harness({ config: (base) => ({ ...base, session: { reset: { mode: 'daily', at_hour: 4 } } }), service: { now: () => now } });
    await seed(h, new Date(2026, 1, 13, 4, 30).getTime());
    await h.service.send(SESSION, 'same day').done;
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.session_id).toBe('old-session');
    expect(h.provider.requests[0]!.body.messages!.slice(1, 2)).toEqual([{ role: 'user', content: 'old question' }]);
  });

  it('idle: more than idle_minutes of silence starts a new session_id', async () => {
    const now = Date.now();
    const h = await harness({ config: (base) => ({ ...base, session: { reset: { mode: 'idle', idle_minutes: 30 } } }), service: { now: () => now } });
    await seed(h, now - 31 * 60_000);
    await h.service.send(SESSION, 'back again').done;
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.session_id).not.toBe('old-session');
  });

  it('idle: a session used within idle_minutes continues', async () => {
    const now = Date.now();
    const h = await harness({ config: (base) => ({ ...base, session: { reset: { mode: 'idle', idle_minutes: 30 } } }), service: { now: () => now } });
    await seed(h, now - 29 * 60_000);
    await h.service.send(SESSION, 'still here').done;
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]!.session_id).toBe('old-session');
  });

  it('history reads the current session_id transcript after a reset', async () => {
    const now = Date.now();
    const h = await harness({ config: (base) => ({ ...base, session: { reset: { mode: 'idle', idle_minutes: 1 } } }), service: { now: () => now } });
    await seed(h, now - 2 * HOUR_MS);
    await h.service.send(SESSION, 'fresh').done;
    const history = await h.service.history({ session_key: SESSION });
    expect(history.messages.map((m) => m.content)).toEqual(['fresh', 'You said: fresh']);
  });
});

describe('agent service: model selection', () => {
  const harness = useAgentHarness();

  const twoModels = (base: OpenClawConfigInput): OpenClawConfigInput => ({
    ...base,
    models: {
      default: 'fake/m1',
      providers: {
        fake: { ...base.models!.providers!.fake!, models: [{ id: 'm1' }, { id: 'm2', context_window: 32000, cost: { input: 1, output: 2 } }] },
      },
    },
  });

  it('uses models.default for a session without overrides', async () => {
    const h = await harness({ config: twoModels });
    await h.service.send(SESSION, 'Hi').done;
    expect(h.provider.requests[0]!.body.model).toBe('m1');
  });

  it('a session model_override ("provider/model") wins over models.default', async () => {
    const h = await harness({ config: twoModels });
    await mkdir(h.sessionsDir, { recursive: true });
    await h.sessionStore.save(h.storePath, {
      [SESSION]: { session_id: 's1', updated_at: Date.now(), aborted_last_run: false, system_sent: false, compaction_count: 0, model_override: 'fake/m2' },
    });
    await h.service.send(SESSION, 'Hi').done;
    expect(h.provider.requests[0]!.body.model).toBe('m2');
    expect((await h.sessionStore.load(h.storePath, { skipCache: true }))[SESSION]).toMatchObject({ model: 'm2', context_tokens: 32000 });
  });

  it('an unknown provider_override names the configured providers', async () => {
    const h = await harness({ config: twoModels });
    await mkdir(h.sessionsDir, { recursive: true });
    await h.sessionStore.save(h.storePath, {
      [SESSION]: { session_id: 's1', updated_at: Date.now(), aborted_last_run: false, system_sent: false, compaction_count: 0, provider_override: 'openai' },
    });
    const outcome = await h.service.send(SESSION, 'Hi').done;
    expect(outcome).toMatchObject({
      ok: false,
      error: {
        kind: 'config',
        message: 'Unknown model provider "openai" (from the session\'s provider_override "openai"); configured providers: fake. Add it under models.providers.openai',
      },
    });
  });

  it('lists the configured models with the default flagged', async () => {
    const h = await harness({ config: twoModels });
    const { models, default: defaultRef } = h.service.listModels();
    expect(defaultRef).toBe('fake/m1');
    expect(models.map((m) => [m.ref, m.default, m.context_window])).toEqual([
      ['fake/m1', true, 128000],
      ['fake/m2', false, 32000],
    ]);
  });

  it('a config reload applies to the next message', async () => {
    const h = await harness({ config: twoModels });
    await h.service.send(SESSION, 'one').done;
    h.config = { ...h.config, models: { ...h.config.models, default: 'fake/m2' } };
    await h.service.send(SESSION, 'two').done;
    expect(h.provider.requests.map((r) => r.body.model)).toEqual(['m1', 'm2']);
  });
});

describe('agent service: a message replayed by its channel', () => {
  const harness = useAgentHarness();

  it('is recorded once by its source id and answered from the history before it', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['first answer'] }, { kind: 'stream', chunks: ['answer again'] });
    await h.service.send(SESSION, 'question', { sourceId: 'telegram:1:500' }).done;
    const replayed = await h.service.send(SESSION, 'question', { sourceId: 'telegram:1:500' }).done;
    expect(replayed).toMatchObject({ ok: true, final: { text: 'answer again' } });
    const lines = (await h.service.history({ session_key: SESSION })).messages.map((m) => `${m.role}: ${m.content}`);
    expect(lines).toEqual(['user: question', 'assistant: first answer', 'assistant: answer again']);
    expect(h.provider.requests[1]?.body.messages?.slice(1).map((m) => m.content)).toEqual(['question']);
  });

  it('records a message with another source id as a new line', async () => {
    const h = await harness();
    h.provider.script({ kind: 'stream', chunks: ['a'] }, { kind: 'stream', chunks: ['b'] });
    await h.service.send(SESSION, 'same text', { sourceId: 'telegram:1:1' }).done;
    await h.service.send(SESSION, 'same text', { sourceId: 'telegram:1:2' }).done;
    expect((await h.service.history({ session_key: SESSION })).messages.filter((m) => m.role === 'user')).toHaveLength(2);
  });
});
