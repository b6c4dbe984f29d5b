import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SILENT_LOGGER } from '../../../src-main/core/gateway/types.js';
import { createRuntime } from '../../../src-main/core/runtime.js';
import type { Runtime } from '../../../src-main/core/runtime-types.js';
import { httpRequest, makeTempState, startTestGateway, TestClient, type Frame, type TempState } from './helpers.js';

interface TailResult {
  lines: { seq: number; level: string; message: string }[];
  cursor: number;
  missed: number;
  file: string | null;
}

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

  it('returns the newest lines with a cursor, then pushes lines written after, secrets redacted', async () => {
    const { client } = await TestClient.connect(url);
    try {
      const first = (await client.request('logs.tail', { follow: true })).result as TailResult;
      expect(first.lines.some((line) => line.message.startsWith('Gateway listening on'))).toBe(true);
      expect(first.file).toBe(`${state.dir}/logs/openclaw.log`);
      expect(first.lines.at(-1)?.seq).toBe(first.cursor);

      // A line the gateway writes after the page opened: a config reload.
      await state.writeConfig('logging:\n  console_level: silent\n  level: debug\ngateway:\n  token: tail-token-0123456789\n');
      const pushed: Frame = await client.next((frame) => frame.type === 'event' && frame.event === 'logs.appended' && JSON.stringify(frame.params).includes('Config reloaded'), 8_000);
      const lines = (pushed.params as { lines: TailResult['lines'] }).lines;
      expect(lines[0]?.seq).toBeGreaterThan(first.cursor);
      expect(JSON.stringify(pushed)).not.toContain('tail-token-0123456789');

      const after = (await client.request('logs.tail', { cursor: first.cursor })).result as TailResult;
      expect(after.lines.map((line) => line.seq)[0]).toBe(first.cursor + 1);
      expect(after.missed).toBe(0);
    } finally {
      client.close();
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
