import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ASSISTANT_UNAVAILABLE_TEXT } from '../../../src-main/core/telegram/messages.js';
import { startFakeProvider, type FakeProvider } from '../../fixtures/providers/fake-provider.js';
import { startFakeBotApi, type FakeBotApi } from '../../fixtures/telegram/fake-bot-api.js';
import { httpRequest, startTestGateway, TestClient, waitFor, type TestGateway } from './helpers.js';

// The configured key, and what an OpenAI-style 401 says about it (a bearer token for good measure).
const API_KEY = 'sk-Zq7configuredKey0123456789';
const LEAKY_401 = `Incorrect API key provided: ${API_KEY}. Sent Authorization: Bearer ${API_KEY}`;
const ada = { id: 42, first_name: 'Ada', username: 'ada' };

let provider: FakeProvider | undefined;
let bot: FakeBotApi | undefined;
let gateway: TestGateway | undefined;
let client: TestClient | undefined;
afterEach(async () => {
  client?.close();
  await gateway?.close();
  await bot?.close();
  await provider?.close();
  client = undefined;
  gateway = undefined;
  bot = undefined;
  provider = undefined;
});

async function start(apiKey = API_KEY): Promise<{ gw: TestGateway; ws: TestClient; api: FakeBotApi; model: FakeProvider }> {
  provider = await startFakeProvider({ defaultReply: () => ({ kind: 'status', status: 401, message: LEAKY_401 }) });
  bot = await startFakeBotApi();
  const config = [
    'logging:',
    '  console_level: silent',
    'models:',
    '  default: fake/m1',
    '  providers:',
    '    fake:',
    `      base_url: ${provider.origin}/v1`,
    `      api_key: ${apiKey}`,
    '      models: [{ id: m1 }]',
    'telegram:',
    '  enabled: true',
    '  bot_token: "123:TEST"',
    `  api_root: ${bot.url}`,
    '  dm_policy: open',
    '  stream_mode: "off"',
  ].join('\n');
  // No test logger: the runtime's own writes <state>/logs/openclaw.log, the file a user would read.
  gateway = await startTestGateway({ config, options: { logger: undefined } });
  ({ client } = await TestClient.connect(gateway.url));
  return { gw: gateway, ws: client, api: bot, model: provider };
}

/** One answered message first: a conversation whose first message fails leaves no transcript to search. */
async function warmUp(gw: TestGateway, model: FakeProvider): Promise<void> {
  model.script({ kind: 'stream', chunks: ['hello'] });
  const res = await httpRequest(`${gw.url}api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session_key: 'agent:main:web', text: 'warm up' }),
  });
  expect(res.status).toBe(200);
}

async function readTree(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}

describe('a provider error quoting the API key', () => {
  it('never leaves the process with the key: HTTP, SSE, WS, transcript, history, log and Telegram', async () => {
    const { gw, ws, api, model } = await start();
    await warmUp(gw, model);

    const json = await httpRequest(`${gw.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: 'agent:main:web', text: 'hi' }),
    });
    expect(json.json).toMatchObject({ error: { kind: 'auth', type: 'chat_error' } });
    const message = (json.json as { error: { message: string } }).error.message;
    // The dashboard still learns what went wrong and what to fix, only without the key.
    expect(message).toContain('Incorrect API key provided: [redacted]');
    expect(message).toContain('models.providers.fake.api_key');

    const sse = await httpRequest(`${gw.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ session_key: 'agent:main:web', text: 'again' }),
    });
    expect(sse.text).toContain('event: chat.error');

    const chatError = await ws.event('chat.error');
    expect(chatError.params).toMatchObject({ kind: 'auth', session_key: 'agent:main:web' });
    const history = await ws.request('chat.history', { session_key: 'agent:main:web' });
    expect(JSON.stringify(history.result)).toContain('[redacted]');
    const httpHistory = await httpRequest(`${gw.url}api/sessions/agent%3Amain%3Aweb/history`);
    expect(httpHistory.status).toBe(200);

    api.pushMessage({ from: ada, text: 'hello' });
    const reply = await ws.event('telegram.reply', 8_000);
    expect(reply.params).toMatchObject({ ok: false, error: { kind: 'auth' } });
    await waitFor(() => api.chatMessages(42).length === 1, 5_000, 'the notice in the chat');
    const telegramText = api.chatMessages(42).map((sent) => sent.text ?? '');
    expect(telegramText).toEqual([ASSISTANT_UNAVAILABLE_TEXT]);
    expect(telegramText.join('\n')).not.toContain(model.origin.replace('http://', ''));

    const transcripts = await readTree(path.dirname(gw.state.storePath));
    expect(transcripts).toContain('[redacted]');
    const logFile = path.join(gw.state.dir, 'logs', 'openclaw.log');
    const log = await readFile(logFile, 'utf8');
    expect(log).toContain('failed (auth)');

    const everything = [json.text, sse.text, JSON.stringify(ws.frames), JSON.stringify(chatError), JSON.stringify(history), httpHistory.text, JSON.stringify(reply), telegramText.join('\n'), transcripts, log];
    for (const text of everything) expect(text).not.toContain('Zq7configuredKey');
    expect(model.requests.length).toBeGreaterThanOrEqual(4);
  });
});

// Not sk-shaped, so only the secret keeper (not the token shapes) can hide it.
const OLD_KEY = 'Zq7oldPlainKey0123456789abcdef';

describe('a key rotated away', () => {
  it('stays hidden in chat.history and HTTP history after the config moved to a new key', async () => {
    const { gw, ws, model } = await start(OLD_KEY);
    await warmUp(gw, model);
    await httpRequest(`${gw.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: 'agent:main:web', text: 'hi' }),
    });
    // A transcript line that still quotes the old key, as one written before errors were scrubbed does.
    const sessionsDir = path.dirname(gw.state.storePath);
    const transcript = (await readdir(sessionsDir)).find((name) => name.endsWith('.jsonl'));
    if (!transcript) throw new Error('no transcript written');
    const transcriptPath = path.join(sessionsDir, transcript);
    await writeFile(transcriptPath, (await readFile(transcriptPath, 'utf8')).replaceAll('[redacted]', OLD_KEY));

    const config = await readFile(gw.state.configPath, 'utf8');
    await gw.state.writeConfig(config.replace(OLD_KEY, 'Rotated9newPlainKey0123456789'));
    await ws.event('config.reloaded', 8_000);

    const history = await ws.request('chat.history', { session_key: 'agent:main:web' });
    const httpHistory = await httpRequest(`${gw.url}api/sessions/agent%3Amain%3Aweb/history`);
    expect(JSON.stringify(history.result)).toContain('Incorrect API key provided: [redacted]');
    for (const text of [JSON.stringify(history.result), httpHistory.text]) expect(text).not.toContain(OLD_KEY);
  });
});
