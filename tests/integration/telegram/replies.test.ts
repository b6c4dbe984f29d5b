import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { ASSISTANT_UNAVAILABLE_TEXT } from '../../../src-main/core/telegram/messages.js';
import { parseTelegramHtml } from '../../fixtures/telegram/fake-bot-api.js';
import { chatTexts, startHarness, type Harness, type HarnessOptions } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const ada = { id: 42, first_name: 'Ada', username: 'ada' };
const REPLY_METHODS = new Set(['sendMessage', 'editMessageText', 'deleteMessage']);

async function running(options: HarnessOptions = {}): Promise<Harness> {
  h = await startHarness(options);
  await h.waitForStatus('running');
  return h;
}

/** The Bot API calls that shaped the reply in chat 42, as `method:text`. */
function replyCalls(harness: Harness): { method: string; text: string; at: number; params: Record<string, unknown> }[] {
  return harness.fake.calls
    .filter((call) => REPLY_METHODS.has(call.method) && String(call.params.chat_id) === '42' && call.ok)
    .map((call) => ({ method: call.method, text: String(call.params.text ?? ''), at: call.at, params: call.params }));
}

async function ask(harness: Harness, text: string): Promise<Record<string, unknown>> {
  const before = harness.events.filter((e) => e.event === 'telegram.reply').length;
  harness.fake.pushMessage({ from: ada, text });
  await harness.waitForEvent('telegram.reply', () => harness.events.filter((e) => e.event === 'telegram.reply').length > before, 10_000);
  return harness.events.filter((e) => e.event === 'telegram.reply')[before]?.params ?? {};
}

describe('stream_mode', () => {
  it('partial in a private chat: animated drafts at the throttled pace, then the answer as one message', async () => {
    const harness = await running({ telegram: { stream_mode: 'partial' }, minEditIntervalMs: 200 });
    harness.provider.script({ kind: 'stream', chunks: ['Counting:', ' one', ' two', ' three', ' four', ' five', ' **six**'], chunkDelayMs: 60 });
    await ask(harness, 'count');
    const drafts = harness.fake.callsOf('sendMessageDraft').filter((call) => call.ok);
    expect(drafts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < drafts.length; i++) expect((drafts[i]?.at ?? 0) - (drafts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(150);
    // One draft id for the whole answer (so Telegram animates between them), and HTML like a message.
    expect(new Set(drafts.map((call) => call.params.draft_id)).size).toBe(1);
    expect(drafts.every((call) => call.params.parse_mode === 'HTML')).toBe(true);
    const finalText = 'Counting: one two three four five six';
    // Drafts appear while the model is still writing: each shows a beginning of the answer.
    const shown = harness.fake.chatDrafts(42).map((draft) => draft.text);
    expect(shown[0]).not.toBe(finalText);
    for (const text of shown) expect(finalText.startsWith(text)).toBe(true);
    // No message is sent or edited until the answer is complete; then it is sent once, quoting the question.
    const calls = replyCalls(harness);
    expect(calls.map((call) => call.method)).toEqual(['sendMessage']);
    expect(calls[0]?.text).toBe('Counting: one two three four five <b>six</b>');
    expect(calls[0]?.at ?? 0).toBeGreaterThanOrEqual(drafts.at(-1)?.at ?? Infinity);
    expect(chatTexts(harness.fake, 42)).toEqual([finalText]);
  });

  it('partial with a Bot API that does not know sendMessageDraft: one message, throttled edits, a final edit in place', async () => {
    const harness = await running({ telegram: { stream_mode: 'partial' }, minEditIntervalMs: 200, fakeApi: { unknownMethods: ['sendMessageDraft'] } });
    harness.provider.script({ kind: 'stream', chunks: ['Counting:', ' one', ' two', ' three', ' four', ' five', ' **six**'], chunkDelayMs: 60 });
    await ask(harness, 'count');
    const calls = replyCalls(harness);
    expect(calls[0]?.method).toBe('sendMessage');
    expect(calls.slice(1).every((call) => call.method === 'editMessageText')).toBe(true);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const edits = calls.slice(1, -1);
    for (let i = 1; i < edits.length; i++) expect((edits[i]?.at ?? 0) - (edits[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(150);
    expect(calls.at(-1)?.text).toBe('Counting: one two three four five <b>six</b>');
    // Every edit, the final one included, changes the draft itself: the chat ends with one message.
    const draftId = (harness.fake.callsOf('sendMessage').find((call) => String(call.params.chat_id) === '42')?.result as { message_id?: number })
      ?.message_id;
    expect(draftId).toBeDefined();
    expect(calls.slice(1).map((call) => call.params.message_id)).toEqual(calls.slice(1).map(() => draftId));
    // The draft appears while the model is still writing, not once it is done: it holds only the start.
    expect(calls[0]?.text).not.toBe(calls.at(-1)?.text);
    expect((calls.at(-1)?.text ?? '').startsWith(calls[0]?.text ?? '')).toBe(true);
    expect(chatTexts(harness.fake, 42)).toEqual(['Counting: one two three four five six']);
    // The fallback is remembered for the bot: the next answer goes straight to a message and edits.
    harness.provider.script({ kind: 'stream', chunks: ['Again'] });
    await ask(harness, 'again');
    expect(harness.fake.callsOf('sendMessageDraft')).toHaveLength(1);
    expect(chatTexts(harness.fake, 42)).toEqual(['Counting: one two three four five six', 'Again']);
    expect(harness.logs.filter((line) => line.includes('does not know sendMessageDraft'))).toHaveLength(1);
  });

  it('partial in a group: one message, edited as the answer grows', async () => {
    const harness = await running({ telegram: { stream_mode: 'partial', group_policy: 'open', require_mention: false }, minEditIntervalMs: 100 });
    harness.provider.script({ kind: 'stream', chunks: ['Hello', ' team', ' of', ' ours'], chunkDelayMs: 120 });
    harness.fake.pushMessage({ chatId: -100, chatType: 'supergroup', chatTitle: 'Team', from: ada, text: 'greet us' });
    await harness.waitForEvent('telegram.reply', () => true, 10_000);
    expect(harness.fake.callsOf('sendMessageDraft')).toEqual([]);
    expect(harness.fake.callsOf('editMessageText').length).toBeGreaterThanOrEqual(1);
    expect(chatTexts(harness.fake, -100)).toEqual(['Hello team of ours']);
  });

  it('block: each paragraph is sent as it completes, nothing is edited', async () => {
    const harness = await running({ telegram: { stream_mode: 'block' } });
    harness.provider.script({ kind: 'stream', chunks: ['First para.', '\n\nSecond', ' para.\n\n', 'Third para.'], chunkDelayMs: 150 });
    await ask(harness, 'paragraphs');
    const calls = replyCalls(harness);
    expect(calls.map((call) => `${call.method}:${call.text}`)).toEqual([
      'sendMessage:First para.',
      'sendMessage:Second para.',
      'sendMessage:Third para.',
    ]);
    // Sent as they complete: the first paragraph goes out while the rest is still streaming (chunks 150 ms apart).
    expect((calls[2]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it('off: a single message once the answer is complete', async () => {
    const harness = await running({ telegram: { stream_mode: 'off' } });
    harness.provider.script({ kind: 'stream', chunks: ['All', ' at', ' once.'], chunkDelayMs: 100 });
    const reply = await ask(harness, 'x');
    const calls = replyCalls(harness);
    expect(calls.map((call) => `${call.method}:${call.text}`)).toEqual(['sendMessage:All at once.']);
    // Nothing is sent before the last chunk (200 ms after the first).
    expect((calls[0]?.at ?? 0) - (harness.provider.requests[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(180);
    expect(reply).toMatchObject({ ok: true, messages: 1, text: 'All at once.', session_key: 'agent:main:telegram:direct:42' });
  });
});

describe('formatting and size', () => {
  it('sends a long answer in several messages within text_chunk_limit, none cut inside a tag', async () => {
    const harness = await running({ telegram: { stream_mode: 'off', text_chunk_limit: 500 } });
    const answer = Array.from({ length: 30 }, (_, i) => `Paragraph ${i}: **important** detail number ${i} of the answer.`).join('\n\n');
    harness.provider.script({ kind: 'stream', chunks: [answer] });
    const reply = await ask(harness, 'long');
    const sent = replyCalls(harness);
    expect(sent.length).toBeGreaterThan(3);
    expect(reply.messages).toBe(sent.length);
    for (const call of sent) expect(parseTelegramHtml(call.text).length).toBeLessThanOrEqual(500);
    expect(chatTexts(harness.fake, 42).join('\n\n')).toBe(answer.replace(/\*\*/g, ''));
  });

  it('chunk_mode newline sends each paragraph as its own message', async () => {
    const harness = await running({ telegram: { stream_mode: 'off', chunk_mode: 'newline' } });
    harness.provider.script({ kind: 'stream', chunks: ['One.\n\nTwo.\n\nThree.'] });
    await ask(harness, 'x');
    expect(chatTexts(harness.fake, 42)).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('re-sends a draft as plain text when Telegram rejects its HTML', async () => {
    const harness = await running({ telegram: { stream_mode: 'partial' }, minEditIntervalMs: 50 });
    harness.fake.failNext('sendMessageDraft', {
      error_code: 400,
      description: "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 6",
      when: (params) => params.parse_mode === 'HTML',
    });
    harness.provider.script({ kind: 'stream', chunks: ['Hello **world** & <you>', ' and more'], chunkDelayMs: 150 });
    await ask(harness, 'x');
    const drafts = harness.fake.callsOf('sendMessageDraft').map((call) => [call.ok, call.params.parse_mode, call.params.text]);
    expect(drafts.slice(0, 2)).toEqual([
      [false, 'HTML', 'Hello <b>world</b> &amp; &lt;you&gt;'],
      [true, undefined, 'Hello world & <you>'],
    ]);
  });

  it('re-edits a message as plain text when Telegram rejects the HTML of an edit', async () => {
    const harness = await running({ telegram: { stream_mode: 'partial' }, minEditIntervalMs: 50, fakeApi: { unknownMethods: ['sendMessageDraft'] } });
    harness.fake.failNext('editMessageText', {
      error_code: 400,
      description: "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 6",
      when: (params) => params.parse_mode === 'HTML',
    });
    harness.provider.script({ kind: 'stream', chunks: ['Hello', ' **world** & <you>'], chunkDelayMs: 100 });
    await ask(harness, 'x');
    const edits = harness.fake.callsOf('editMessageText').map((call) => [call.ok, call.params.parse_mode, call.params.text]);
    expect(edits.slice(0, 2)).toEqual([
      [false, 'HTML', 'Hello <b>world</b> &amp; &lt;you&gt;'],
      [true, undefined, 'Hello world & <you>'],
    ]);
    expect(chatTexts(harness.fake, 42)).toEqual(['Hello world & <you>']);
  });

  it('re-sends as plain text when Telegram rejects the HTML', async () => {
    const harness = await running({ telegram: { stream_mode: 'off' } });
    harness.fake.failNext('sendMessage', {
      error_code: 400,
      description: "Bad Request: can't parse entities: Unsupported start tag \"b\" at byte offset 0",
      when: (params) => params.parse_mode === 'HTML',
    });
    harness.provider.script({ kind: 'stream', chunks: ['**Bold** & <raw>'] });
    await ask(harness, 'x');
    const sends = harness.fake.callsOf('sendMessage');
    expect(sends.map((call) => [call.ok, call.params.parse_mode, call.params.text])).toEqual([
      [false, 'HTML', '<b>Bold</b> &amp; &lt;raw&gt;'],
      [true, undefined, 'Bold & <raw>'],
    ]);
    expect(chatTexts(harness.fake, 42)).toEqual(['Bold & <raw>']);
  });
});

describe('reply_to_mode and typing', () => {
  const longAnswer = `${'a'.repeat(300)}\n\n${'b'.repeat(300)}`;

  it.each([
    ['first', [true, false]],
    ['all', [true, true]],
    ['off', [false, false]],
  ] as const)('%s quotes the user message on %j of the messages', async (mode, quoted) => {
    const harness = await running({ telegram: { stream_mode: 'off', text_chunk_limit: 400, reply_to_mode: mode } });
    harness.provider.script({ kind: 'stream', chunks: [longAnswer] });
    await ask(harness, 'quote me');
    expect(replyCalls(harness).map((call) => call.params.reply_parameters !== undefined)).toEqual(quoted);
  });

  it('typing_mode instant shows typing before the answer', async () => {
    const harness = await running({ telegram: { typing_mode: 'instant', stream_mode: 'off' } });
    await ask(harness, 'x');
    const methods = harness.fake.calls.map((call) => call.method).filter((m) => m === 'sendChatAction' || m === 'sendMessage');
    expect(methods[0]).toBe('sendChatAction');
    expect(harness.fake.callsOf('sendChatAction')[0]?.params).toMatchObject({ chat_id: 42, action: 'typing' });
  });

  it('typing_mode message shows typing only once the answer starts', async () => {
    const harness = await running({ telegram: { typing_mode: 'message', stream_mode: 'off' } });
    harness.provider.script({ kind: 'stream', chunks: ['late', ' answer'], firstDelayMs: 300, chunkDelayMs: 100 });
    await ask(harness, 'x');
    const typing = harness.fake.callsOf('sendChatAction');
    expect(typing.length).toBeGreaterThanOrEqual(1);
    expect((typing[0]?.at ?? 0) - (harness.provider.requests[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(250);
    expect(typing[0]?.at ?? 0).toBeLessThanOrEqual(harness.fake.callsOf('sendMessage')[0]?.at ?? 0);
  });

  it('typing_mode never shows no typing', async () => {
    const harness = await running({ telegram: { typing_mode: 'never' } });
    await ask(harness, 'x');
    expect(harness.fake.callsOf('sendChatAction')).toEqual([]);
  });
});

describe('commands', () => {
  it('/start greets with the assistant name and the commands', async () => {
    const harness = await running();
    harness.fake.pushMessage({ from: ada, text: '/start' });
    await harness.fake.waitFor(() => chatTexts(harness.fake, 42).length === 1);
    expect(chatTexts(harness.fake, 42)[0]).toBe(
      "Hi Ada! I'm OpenClaw. Send me a message and I'll answer.\n/new starts a fresh conversation, /status shows the model and token use, /stop stops an answer.",
    );
    expect(harness.provider.requests).toEqual([]);
  });

  it('/new starts a fresh session id and the model no longer sees the old turns', async () => {
    const harness = await running();
    await ask(harness, 'remember me');
    const before = (await harness.readStore())['agent:main:telegram:direct:42']?.session_id;
    // What the old session ran up must not carry into the new one (the same fresh start as a reset).
    await harness.sessionStore.update(harness.storePath, (store) => {
      const entry = store['agent:main:telegram:direct:42'];
      if (entry) Object.assign(entry, { compaction_count: 3, extra: { ...entry.extra, cost_usd: 1.5 } });
    });
    harness.fake.pushMessage({ from: ada, text: '/new' });
    await harness.fake.waitFor(() => chatTexts(harness.fake, 42).length === 2);
    expect(chatTexts(harness.fake, 42)[1]).toBe('Started a new conversation; earlier messages are kept in the old transcript.');
    const afterEntry = (await harness.readStore())['agent:main:telegram:direct:42'];
    expect(afterEntry?.session_id).not.toBe(before);
    expect(afterEntry).toMatchObject({ compaction_count: 0, aborted_last_run: false, extra: { cost_usd: 0 } });
    expect(afterEntry?.total_tokens).toBeUndefined();
    await ask(harness, 'fresh');
    const lastRequest = harness.provider.requests.at(-1)?.body.messages?.map((m) => m.content) ?? [];
    expect(lastRequest.join('|')).not.toContain('remember me');
  });

  it('/status shows the model and the session tokens', async () => {
    const harness = await running();
    await ask(harness, 'count my tokens');
    harness.fake.pushMessage({ from: ada, text: '/status' });
    await harness.fake.waitFor(() => chatTexts(harness.fake, 42).length === 2);
    expect(chatTexts(harness.fake, 42)[1]).toMatch(/^Model: fake\/m1\nTokens: \d+ in, \d+ out, \d+ total\nSession: agent:main:telegram:direct:42$/);
  });

  it("/status names the session's model_override even before its first answer", async () => {
    const harness = await running();
    await harness.sessionStore.update(harness.storePath, (store) => {
      store['agent:main:telegram:direct:42'] = { session_id: 's-override', updated_at: Date.now(), aborted_last_run: false, system_sent: false, compaction_count: 0, model_override: 'fake/m2' } satisfies SessionEntry;
    });
    harness.fake.pushMessage({ from: ada, text: '/status' });
    await harness.fake.waitFor(() => chatTexts(harness.fake, 42).length === 1);
    expect(chatTexts(harness.fake, 42)[0]).toBe('Model: fake/m2\nTokens: 0 in, 0 out, 0 total\nSession: agent:main:telegram:direct:42');
  });

  it('/stop aborts the answer being written and keeps what arrived', async () => {
    const harness = await running({ telegram: { stream_mode: 'partial' }, minEditIntervalMs: 50 });
    harness.provider.script({ kind: 'hang', chunks: ['Thinking about it'], after: 1 });
    harness.fake.pushMessage({ from: ada, text: 'take your time' });
    await harness.fake.waitFor(() => harness.fake.chatDrafts(42).length === 1, 5_000, 'the draft');
    harness.fake.pushMessage({ from: ada, text: '/stop' });
    const reply = await harness.waitForEvent('telegram.reply');
    expect(reply).toMatchObject({ ok: false, error: { kind: 'aborted' } });
    // "Stopped." follows once the stopped answer is sent, which may be after the reply event.
    await harness.fake.waitFor(() => chatTexts(harness.fake, 42).length === 2, 5_000, 'the /stop confirmation');
    expect(chatTexts(harness.fake, 42)).toEqual(['Thinking about it', 'Stopped.']);
  });

  it('/stop with nothing running says so', async () => {
    const harness = await running();
    harness.fake.pushMessage({ from: ada, text: '/stop' });
    await harness.fake.waitFor(() => chatTexts(harness.fake, 42).length === 1);
    expect(chatTexts(harness.fake, 42)).toEqual(['Nothing to stop: no answer is being written.']);
  });
});

describe('errors the user can act on', () => {
  it('a provider failure comes back as one line', async () => {
    const harness = await running({ telegram: { stream_mode: 'off' } });
    harness.provider.script({ kind: 'status', status: 401, message: 'Incorrect API key provided' });
    const reply = await ask(harness, 'hi');
    expect(reply).toMatchObject({ ok: false, error: { kind: 'auth' } });
    const [notice] = chatTexts(harness.fake, 42);
    expect(notice).toMatch(/^⚠️ /);
    expect(notice).not.toContain('\n');
  });

  it('an unreachable provider comes back as one line', async () => {
    const harness = await running({ telegram: { stream_mode: 'off' } });
    await harness.provider.close();
    const reply = await ask(harness, 'hi');
    expect(reply).toMatchObject({ ok: false, error: { kind: 'unreachable' } });
    expect(chatTexts(harness.fake, 42)).toHaveLength(1);
    expect(chatTexts(harness.fake, 42)[0]).toMatch(/^⚠️ [^\n]+$/);
    // The reason names the provider's URL: it goes to the dashboard and the log, never to the chat.
    expect(chatTexts(harness.fake, 42)).toEqual([ASSISTANT_UNAVAILABLE_TEXT]);
  });
});
