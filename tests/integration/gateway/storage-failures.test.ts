// Well-known storage failures answer with their own status and a message naming the path: a full
// disk (ENOSPC → 507), a read-only one (EROFS → 507), a busy store lock (503 + Retry-After), a
// transcript path that cannot be used (500 storage_unusable); nothing acknowledged is lost.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';
import { escapeRegExp } from '../../../src-shared/utils/common.js';
import { readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import { createRuntime } from '../../../src-main/core/runtime.js';
import { startGatewayServer } from '../../../src-main/core/gateway/server.js';
import { createSessionsView } from '../../../src-main/core/gateway/sessions-view.js';
import { SILENT_LOGGER, type GatewayState } from '../../../src-main/core/gateway/types.js';
import { acquireSessionStoreLock } from '../../../src-main/core/sessions/lock.js';
import { createSessionStore } from '../../../src-main/core/sessions/store.js';
import { startSessionStoreWatcher } from '../../../src-main/core/sessions/watch.js';
import { startFakeProvider } from '../../fixtures/providers/fake-provider.js';
import { useTempDirs } from '../../unit/sessions/helpers.js';
import { httpRequest, makeTempState, sessionEntry, startTestGateway, TestClient, type HttpResult } from './helpers.js';
import { canMount, useMounts } from './mounts.js';

const SESSION = 'agent:main:desktop:web';
const PATCH = { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ label: 'renamed' }) };
const MOUNTS = canMount();

const tempDir = useTempDirs();
const mounts = MOUNTS ? useMounts() : undefined;
// Registered last so it runs first: the gateway lets go of the files before they are unmounted and removed.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function patchSession(url: string): Promise<HttpResult> {
  return httpRequest(`${url}api/sessions/${encodeURIComponent(SESSION)}`, PATCH);
}

/** A runtime whose session store is `storePath` (holding one session), answering chat through a fake provider. */
async function startGatewayWithStore(storePath: string) {
  const provider = await startFakeProvider();
  cleanups.push(() => provider.close());
  const gateway = await startTestGateway({
    config: [
      'session:',
      `  store: ${storePath}`,
      'models:',
      '  default: fake/m1',
      '  providers:',
      '    fake:',
      `      base_url: ${provider.origin}/v1`,
      '      models:',
      '        - id: m1',
      'agent:',
      '  max_retries: 0',
    ].join('\n'),
  });
  cleanups.push(() => gateway.close());
  return gateway;
}

async function writeStore(storePath: string): Promise<string> {
  await mkdir(path.dirname(storePath), { recursive: true });
  const text = JSON.stringify({ [SESSION]: sessionEntry('fixed-id', { updated_at: Date.now() }) }, null, 2);
  await writeFile(storePath, text);
  return text;
}

/** Fills the file system under `dir` to the last byte (the write that overflows fails with ENOSPC, as it should). */
async function fillDisk(dir: string): Promise<string> {
  const filler = path.join(dir, 'filler');
  await writeFile(filler, Buffer.alloc(64 * 1024 * 1024)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOSPC') throw error;
  });
  return filler;
}

describe.skipIf(!MOUNTS)('on a full or read-only disk (needs mount(8): root with CAP_SYS_ADMIN on Linux)', () => {
  it('a full disk (ENOSPC) answers 507 storage_full naming the store over HTTP, WS and chat; nothing is lost; writes work again once space is freed', async () => {
    const disk = await tempDir();
    mounts?.tmpfs(disk, 256 * 1024);
    const storePath = path.join(disk, 'sessions.json');
    const before = await writeStore(storePath);
    const gateway = await startGatewayWithStore(storePath);
    const filler = await fillDisk(disk);

    const res = await patchSession(gateway.url);
    expect(res.status).toBe(507);
    expect(res.json).toEqual({
      error: {
        type: 'storage_full',
        message: `Cannot write ${storePath}: the disk is full (ENOSPC); free some space on that disk and try again`,
      },
    });
    const { client } = await TestClient.connect(gateway.url);
    const frame = await client.request('sessions.patch', { key: SESSION, patch: { label: 'renamed' } });
    expect(frame.error).toMatchObject({ code: 'storage_full', details: { path: storePath } });
    client.close();
    const chat = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
    });
    expect(chat.status).toBe(507);
    expect(chat.json).toMatchObject({ error: { type: 'chat_error', kind: 'storage_full', message: expect.stringContaining(`${storePath}: the disk is full (ENOSPC)`) } });
    expect(await readFile(storePath, 'utf8')).toBe(before);

    await rm(filler);
    const retried = await patchSession(gateway.url);
    expect(retried.status).toBe(200);
    expect(JSON.parse(await readFile(storePath, 'utf8'))).toMatchObject({ [SESSION]: { label: 'renamed' } });
  });

  it('a read-only disk (EROFS) answers 507 storage_read_only naming the store; the file is untouched', async () => {
    const disk = await tempDir();
    const storePath = path.join(disk, 'sessions.json');
    const before = await writeStore(storePath);
    mounts?.readOnly(disk);
    const gateway = await startGatewayWithStore(storePath);

    const res = await patchSession(gateway.url);
    expect(res.status).toBe(507);
    expect(res.json).toMatchObject({
      error: {
        type: 'storage_read_only',
        message: expect.stringMatching(new RegExp(`^Cannot write ${escapeRegExp(storePath)}: it is on a read-only file system \\(EROFS\\); remount that disk read-write`)),
      },
    });
    expect(await readFile(storePath, 'utf8')).toBe(before);
  });

  it('starting on a read-only state dir fails saying read-only, not "ENOENT … mkdir"', async () => {
    const disk = await tempDir();
    mounts?.readOnly(disk);
    const stateDir = path.join(disk, 'state');
    const runtime = createRuntime({ env: { OPENCLAW_STATE_DIR: stateDir, HOME: disk }, portOverride: 0 });
    cleanups.push(() => runtime.close());
    const status = await runtime.start();
    expect(status).toMatchObject({ state: 'failed' });
    const reason = (status as { reason: string }).reason;
    expect(reason).toContain(`Cannot create the log directory ${path.join(stateDir, 'logs')}: it is on a read-only file system (EROFS)`);
    expect(reason).toContain('OPENCLAW_STATE_DIR');
    expect(reason).not.toContain('ENOENT');
  });
});

describe('store and transcript failures any machine can produce', () => {
  it('a store lock held past the lock timeout answers 503 with Retry-After (HTTP) and storage_busy with retry_after_seconds (WS)', async () => {
    const temp = await makeTempState();
    cleanups.push(() => temp.cleanup());
    await writeStore(temp.storePath);
    const store = createSessionStore();
    const watcher = await startSessionStoreWatcher(temp.storePath, { store });
    cleanups.push(() => watcher.close());
    const config = OpenClawConfigSchema.parse({});
    const state: GatewayState = {
      version: '0.0.0-test',
      startedAt: Date.now(),
      clock: Date.now,
      config: () => config,
      configStatus: () => ({ path: temp.configPath, loaded: false, valid: true, loadedAt: Date.now() }),
      readConfigSnapshot: () => readConfigFileSnapshot(temp.configPath, temp.env),
      // A short wait, so the test does not sit out the default 15 s.
      sessions: createSessionsView(() => watcher, { store, storeOptions: () => ({ lockTimeoutMs: 300 }) }),
      logger: SILENT_LOGGER,
    };
    const server = await startGatewayServer({ state, host: '127.0.0.1', port: 0 });
    cleanups.push(() => server.close());
    // Another writer (here: this process, through its own lock) keeps the store locked.
    const held = await acquireSessionStoreLock(temp.storePath);
    cleanups.push(() => held.release());

    const res = await patchSession(server.url);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json).toEqual({
      error: {
        type: 'storage_busy',
        message: `Timed out after 300ms waiting for the session store lock ${temp.storePath}.lock (another OpenClaw process is writing it); try again in a few seconds`,
      },
    });
    const { client } = await TestClient.connect(server.url);
    const frame = await client.request('sessions.delete', { key: SESSION });
    expect(frame.error).toMatchObject({ code: 'storage_busy', details: { path: `${temp.storePath}.lock`, retry_after_seconds: 5 } });
    client.close();

    await held.release();
    expect((await patchSession(server.url)).status).toBe(200);
  });

  it('a transcript path that is a folder answers POST /api/chat with 500 storage_unusable naming it', async () => {
    const dir = await tempDir();
    const storePath = path.join(dir, 'sessions', 'sessions.json');
    await writeStore(storePath);
    const transcript = path.join(dir, 'sessions', 'fixed-id.jsonl');
    await mkdir(transcript);
    const gateway = await startGatewayWithStore(storePath);

    const chat = await httpRequest(`${gateway.url}api/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_key: SESSION, text: 'Hi' }),
    });
    expect(chat.status).toBe(500);
    expect(chat.json).toMatchObject({
      error: {
        type: 'chat_error',
        kind: 'storage_unusable',
        message: `Cannot read ${transcript}: it is a folder, not a file (EISDIR); move that folder out of the way`,
      },
    });
  });
});
