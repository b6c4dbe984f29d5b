import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../../src-main/core/gateway/types.js';
import { createRuntime } from '../../../src-main/core/runtime.js';
import type { Runtime } from '../../../src-main/core/runtime-types.js';
import { SCRUBBED_VALUE } from '../../../src-main/core/utils/secret-scrubber.js';
import { startFakeProvider } from '../../fixtures/providers/fake-provider.js';
import { httpRequest, makeTempState, startTestGateway, TestClient, type Frame, type TempState } from './helpers.js';

interface TailResult {
  lines: { seq: number; level: string; message: string }[];
  cursor: number;
  missed: number;
  has_more: boolean;
  boot_id: string;
  file: string | null;
}

const PROVIDER_KEY = 'provider-secret-key-0123456789';

describe('logs.tail', () => {
  let state: TempState;
  let runtime: Runtime;
  let url: string;
  beforeEach(async () => {
    state = await makeTempState();
    await state.writeConfig('logging:\n  console_level: silent\ngateway:\n  token: tail-token-0123456789\n');
    // Its own logger: the one whose lines the Logs page reads.
    runtime = createRuntime({ env: state.env, portOverride: 0, watchPollIntervalMs: 200 });
    const status = await runtime.start();
    if (status.state !== 'running') throw new Error(JSON.stringify(status));
    url = status.url;
  });
  afterEach(async () => {
    await runtime.close();
    await state.cleanup();
  });

  it('returns the newest lines with a cursor, then pushes lines written after', async () => {
    const { client } = await TestClient.connect(url);
    try {
      const first = (await client.request('logs.tail', { follow: true })).result as TailResult;
      expect(first.lines.some((line) => line.message.startsWith('Gateway listening on'))).toBe(true);
      expect(first.file).toBe(`${state.dir}/logs/openclaw.log`);
      expect(first.lines.at(-1)?.seq).toBe(first.cursor);
      expect(first.has_more).toBe(false);

      // A line the gateway writes after the page opened: a config reload.
      await state.writeConfig('logging:\n  console_level: silent\n  level: debug\ngateway:\n  token: tail-token-0123456789\n');
      const pushed: Frame = await client.next((frame) => frame.type === 'event' && frame.event === 'logs.appended' && JSON.stringify(frame.params).includes('Config reloaded'), 8_000);
      const lines = (pushed.params as { lines: TailResult['lines'] }).lines;
      expect(lines[0]?.seq).toBeGreaterThan(first.cursor);

      const after = (await client.request('logs.tail', { cursor: first.cursor })).result as TailResult;
      expect(after.lines.map((line) => line.seq)[0]).toBe(first.cursor + 1);
      expect(after.missed).toBe(0);
    } finally {
      client.close();
    }
  });

  it('redacts secrets logged lines carry (a provider error quoting its key, a key in a requested path), in the logs.tail answer and the pushed frames alike', async () => {
    const provider = await startFakeProvider();
    const { client } = await TestClient.connect(url);
    try {
      await state.writeConfig(
        [
          'logging:\n  console_level: silent\n  level: debug\ngateway:\n  token: tail-token-0123456789',
          `models:\n  default: fake/m1\n  providers:\n    fake:\n      base_url: ${provider.origin}/v1\n      api_key: ${PROVIDER_KEY}\n      models: [{ id: m1 }]`,
          'agent:\n  max_retries: 0',
        ].join('\n'),
      );
      await client.event('config.reloaded', 8_000);
      const start = (await client.request('logs.tail', { limit: 1, follow: true })).result as TailResult;
      const authorization = 'Bearer tail-token-0123456789';
      provider.script({ kind: 'status', status: 500, message: `upstream refused key ${PROVIDER_KEY}` });
      const res = await httpRequest(`${url}v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
      });
      expect(res.status).toBe(502);
      expect(provider.requests[0]?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
      // A client that put the key in a URL: only the log's own redaction stands between it and the page.
      expect((await httpRequest(`${url}v1/models/${PROVIDER_KEY}`, { headers: { authorization } })).status).toBe(404);

      const secretLines = ['failed (server_error)', '"path":"/v1/models/'];
      const pushedFrames: Frame[] = [];
      for (const marker of secretLines) {
        pushedFrames.push(await client.next((frame) => frame.type === 'event' && frame.event === 'logs.appended' && JSON.stringify(frame.params).includes(marker), 8_000));
      }
      const page = (await client.request('logs.tail', { cursor: start.cursor })).result as TailResult;
      const read = page.lines.filter((line) => secretLines.some((marker) => JSON.stringify(line).includes(marker)));
      expect(read).toHaveLength(2);
      for (const text of [JSON.stringify(pushedFrames), JSON.stringify(read)]) {
        expect(text).toContain(`upstream refused key ${SCRUBBED_VALUE}`);
        expect(text).toContain(`"path":"/v1/models/${SCRUBBED_VALUE}"`);
        expect(text).not.toContain(PROVIDER_KEY);
        expect(text).not.toContain('tail-token-0123456789');
      }
    } finally {
      client.close();
      await provider.close();
    }
  });

  it('reads the oldest lines after a cursor first, with has_more, and names the process with a boot_id that a restart in it keeps', async () => {
    const { client } = await TestClient.connect(url);
    try {
      // At least one more line than the listening one: a config reload.
      await state.writeConfig('logging:\n  console_level: silent\n  level: debug\ngateway:\n  token: tail-token-0123456789\n');
      await client.event('config.reloaded', 8_000);
      const first = (await client.request('logs.tail', { cursor: 0, limit: 1 })).result as TailResult;
      expect(first.lines.map((line) => line.seq)).toEqual([1]);
      expect([first.cursor, first.has_more]).toEqual([1, true]);
      const next = (await client.request('logs.tail', { cursor: first.cursor, limit: 1 })).result as TailResult;
      expect(next.lines.map((line) => line.seq)).toEqual([2]);
      expect(next.boot_id).toBe(first.boot_id);
    } finally {
      client.close();
    }
    // Stopped and started again in the same process: the lines and their numbering go on.
    await runtime.stop();
    const restarted = await runtime.start();
    if (restarted.state !== 'running') throw new Error(JSON.stringify(restarted));
    const again = await TestClient.connect(restarted.url);
    try {
      const page = (await again.client.request('logs.tail', { limit: 1 })).result as TailResult;
      expect(page.lines[0]?.seq).toBeGreaterThan(2);
      const bootIds = [page.boot_id];
      // Another process (another runtime with its own log) is told apart by its boot_id.
      const other = await makeTempState();
      const otherRuntime = createRuntime({ env: other.env, portOverride: 0, watchPollIntervalMs: 200 });
      try {
        const status = await otherRuntime.start();
        if (status.state !== 'running') throw new Error(JSON.stringify(status));
        const { client: otherClient } = await TestClient.connect(status.url);
        bootIds.push(((await otherClient.request('logs.tail', { limit: 1 })).result as TailResult).boot_id);
        otherClient.close();
      } finally {
        await otherRuntime.close();
        await other.cleanup();
      }
      expect(bootIds[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(bootIds[1]).not.toBe(bootIds[0]);
    } finally {
      again.client.close();
    }
  });

  it('stops pushing lines after follow: false (a later line is only read, never pushed)', async () => {
    const { client } = await TestClient.connect(url);
    try {
      await client.request('logs.tail', { follow: true });
      const stopped = (await client.request('logs.tail', { follow: false, limit: 1 })).result as TailResult;
      await state.writeConfig('logging:\n  console_level: silent\n  level: debug\ngateway:\n  token: tail-token-0123456789\n');
      await client.event('config.reloaded', 8_000);
      // The marker: the line is there to read, and any push of it would have come before this answer.
      const after = (await client.request('logs.tail', { cursor: stopped.cursor })).result as TailResult;
      expect(after.lines.some((line) => line.message.startsWith('Config reloaded'))).toBe(true);
      expect(client.frames.filter((frame) => frame.type === 'event' && frame.event === 'logs.appended')).toEqual([]);
    } finally {
      client.close();
    }
  });

  it('refuses a bad cursor or limit, naming the parameter', async () => {
    const { client } = await TestClient.connect(url);
    try {
      const response = await client.request('logs.tail', { limit: 0 });
      expect(response.error).toMatchObject({ code: 'invalid_params', message: expect.stringContaining('limit') });
      expect((await client.request('logs.tail', { cursor: -1 })).error?.message).toContain('cursor');
    } finally {
      client.close();
    }
  });
});

describe('logs.tail on a gateway embedded with its own logger', () => {
  it('answers unavailable, saying why', async () => {
    const gateway = await startTestGateway();
    const { client } = await TestClient.connect(gateway.url);
    try {
      expect((await client.request('logs.tail')).error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('embedder') });
    } finally {
      client.close();
      await gateway.close();
    }
  });
});

describe('a corrupt session store', () => {
  it('is moved aside at start, and the sessions list names the moved file instead of looking empty', async () => {
    const state = await makeTempState();
    await mkdir(path.dirname(state.storePath), { recursive: true });
    await writeFile(state.storePath, '{"agent:main:x": {"session_id": "s1", "label": "private words"},, }');
    const runtime = createRuntime({ env: state.env, portOverride: 0, logger: SILENT_LOGGER, watchPollIntervalMs: 200 });
    try {
      const status = await runtime.start();
      if (status.state !== 'running') throw new Error(JSON.stringify(status));
      const res = await httpRequest(`${status.url}api/sessions`);
      const body = res.json as { count: number; recovery?: { moved_to: string; reason: string } };
      expect(body.count).toBe(0);
      expect(body.recovery?.moved_to).toMatch(new RegExp(`^${state.storePath.replace(/[.]/g, '\\.')}\\.corrupt-\\d+$`));
      expect(body.recovery?.reason).toMatch(/^invalid JSON at line 1, column \d+/);
      expect(res.text).not.toContain('private words');
      expect(await readFile(body.recovery?.moved_to ?? '', 'utf8')).toContain('private words');
    } finally {
      await runtime.close();
      await state.cleanup();
    }
  });
});
