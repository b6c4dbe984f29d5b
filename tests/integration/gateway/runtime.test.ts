import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import { createRuntime, type Runtime } from '../../../src-main/core/runtime.js';
import { FIXTURES, useNodeProcesses } from './child.js';
import {
  createMemoryLogger,
  httpRequest,
  makeTempState,
  REMOTE_ADDRESS,
  sessionEntry,
  startTestGateway,
  TestClient,
  waitFor,
  type TempState,
  type TestGateway,
} from './helpers.js';

/** Ports that were free a moment ago (held together so they differ). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<net.Server>((resolve) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

describe('runtime lifecycle', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function runtimeFor(config?: string, extra: Record<string, string> = {}): Promise<{ runtime: Runtime; state: TempState }> {
    const state = await makeTempState();
    if (config !== undefined) await state.writeConfig(config);
    const runtime = createRuntime({ env: { ...state.env, ...extra }, portOverride: 0, logger: createMemoryLogger() });
    cleanups.push(state.cleanup, () => runtime.close());
    return { runtime, state };
  }

  it('goes stopped → starting → running → stopped and reports each change', async () => {
    const { runtime } = await runtimeFor();
    const seen: string[] = [];
    runtime.onEvent((event) => {
      if (event.type === 'status') seen.push(event.status.state);
    });
    expect(runtime.status()).toEqual({ state: 'stopped' });
    const running = await runtime.start();
    expect(running).toMatchObject({ state: 'running', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/), clients: 0 });
    await runtime.stop();
    expect(runtime.status()).toEqual({ state: 'stopped' });
    expect(seen).toEqual(['starting', 'running', 'stopped']);
  });

  it('a second start while running is a no-op on the same port, never a second server', async () => {
    const { runtime } = await runtimeFor();
    const [a, b] = await Promise.all([runtime.start(), runtime.start()]);
    const c = await runtime.start();
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('stop and start can be repeated, and stop when stopped is a no-op', async () => {
    const { runtime } = await runtimeFor();
    await runtime.stop();
    for (let i = 0; i < 3; i++) {
      const status = await runtime.start();
      expect(status.state).toBe('running');
      const url = (status as Extract<RuntimeStatus, { state: 'running' }>).url;
      expect((await httpRequest(`${url}health`)).status).toBe(200);
      await runtime.stop();
      await expect(httpRequest(`${url}health`)).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('status counts connected WebSocket clients', async () => {
    const { runtime } = await runtimeFor();
    const status = (await runtime.start()) as Extract<RuntimeStatus, { state: 'running' }>;
    const { client } = await TestClient.connect(status.url);
    expect(runtime.status()).toMatchObject({ state: 'running', clients: 1 });
    client.close();
    await waitFor(() => (runtime.status() as { clients?: number }).clients === 0, 2_000, 'client count back to 0');
  });

  it('an invalid config fails the start with "Invalid config at PATH:" and each issue', async () => {
    const { runtime, state } = await runtimeFor('gateway:\n  port: 70000\nlogging:\n  level: loud\n');
    const status = await runtime.start();
    expect(status).toMatchObject({ state: 'failed', code: 'config_invalid' });
    const reason = (status as { reason: string }).reason;
    expect(reason.split('\n')[0]).toBe(`Invalid config at ${state.configPath}:`);
    expect(reason).toContain('  - gateway.port: ');
    expect(reason).toContain('  - logging.level: ');
    expect(await readFile(state.configPath, 'utf8')).toContain('port: 70000');
  });

  it('a missing env var fails the start naming the variable and the config path', async () => {
    const { runtime, state } = await runtimeFor('telegram:\n  bot_token: ${TELEGRAM_TOKEN}\n');
    const status = await runtime.start();
    expect(status).toMatchObject({ state: 'failed', code: 'env_missing' });
    expect((status as { reason: string }).reason).toBe(
      `Missing env var "TELEGRAM_TOKEN" referenced at config path: telegram.bot_token (config file ${state.configPath}); set TELEGRAM_TOKEN in the environment or remove the reference`,
    );
  });

  it('binding a non-loopback address without token or password fails with insecure_bind', async () => {
    const { runtime } = await runtimeFor('gateway:\n  host: 0.0.0.0\n');
    const status = await runtime.start();
    expect(status).toMatchObject({ state: 'failed', code: 'insecure_bind' });
    expect((status as { reason: string }).reason).toMatch(/^Refusing to listen on 0\.0\.0\.0 without gateway\.token or gateway\.password/);
  });

  it('a port in use fails with the clear message, and a later start succeeds once it is free', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const state = await makeTempState();
    const runtime = createRuntime({ env: state.env, portOverride: port, logger: createMemoryLogger() });
    cleanups.push(state.cleanup, () => runtime.close());
    const status = await runtime.start();
    expect(status).toMatchObject({ state: 'failed', code: 'port_in_use' });
    expect((status as { reason: string }).reason).toMatch(new RegExp(`^another process is already listening on 127\\.0\\.0\\.1:${port};`));
    await new Promise((resolve) => blocker.close(resolve));
    expect((await runtime.start()).state).toBe('running');
  });

  it('a port freed within a second of the first try is retried, and the start succeeds', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const state = await makeTempState();
    const logger = createMemoryLogger();
    // The retry's own log line is the marker that the first attempt found the port taken.
    const debug = logger.debug;
    logger.debug = (message, fields) => {
      debug(message, fields);
      if (message.includes('is in use; retrying')) blocker.close();
    };
    const runtime = createRuntime({ env: state.env, portOverride: port, logger });
    cleanups.push(state.cleanup, () => runtime.close());
    const status = await runtime.start();
    expect(logger.lines.map((line) => line.message)).toContain(`127.0.0.1:${port} is in use; retrying for up to 1000 ms`);
    expect(status).toMatchObject({ state: 'running', port });
  });

  it('restart stops the running gateway and starts it again on a fresh listener', async () => {
    const { runtime } = await runtimeFor();
    const first = (await runtime.start()) as Extract<RuntimeStatus, { state: 'running' }>;
    const { client } = await TestClient.connect(first.url);
    const second = await runtime.restart();
    expect(second).toMatchObject({ state: 'running' });
    expect((await client.closed).code).toBe(1001);
    expect((await httpRequest(`${(second as { url: string }).url}health`)).status).toBe(200);
  });

  it('stop then start in the same tick ends running; stop, start, close ends stopped with the port free', async () => {
    const { runtime } = await runtimeFor();
    const first = (await runtime.start()) as Extract<RuntimeStatus, { state: 'running' }>;
    void runtime.stop();
    expect((await runtime.start()).state).toBe('running');
    expect(runtime.status().state).toBe('running');
    const second = runtime.status() as Extract<RuntimeStatus, { state: 'running' }>;
    void runtime.stop();
    void runtime.start();
    await runtime.close();
    expect(runtime.status()).toEqual({ state: 'stopped' });
    await expect(httpRequest(`${second.url}health`)).rejects.toThrow(/ECONNREFUSED/);
    expect(first.state).toBe('running');
  });

  it('a config change made while the start waits for its port is applied once running', async () => {
    const [blockedPort, nextPort] = await freePorts(2);
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(blockedPort, '127.0.0.1', resolve));
    const state = await makeTempState();
    await state.writeConfig(`gateway:\n  port: ${blockedPort}\n`);
    const logger = createMemoryLogger();
    let edit: Promise<void> | undefined;
    const debug = logger.debug;
    logger.debug = (message, fields) => {
      debug(message, fields);
      if (!message.includes('is in use; retrying')) return;
      // The run stack has read the config but not subscribed yet: change it now, then free the port.
      edit = state.writeConfig(`gateway:\n  port: ${nextPort}\n`).then(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    };
    const runtime = createRuntime({ env: state.env, logger, watchPollIntervalMs: 200 });
    const events: string[] = [];
    runtime.onEvent((event) => {
      if (event.type === 'event') events.push(event.event);
    });
    cleanups.push(state.cleanup, () => runtime.close());
    expect(await runtime.start()).toMatchObject({ state: 'running', port: blockedPort });
    await edit;
    await waitFor(() => (runtime.status() as { port?: number }).port === nextPort, 10_000, 'the listener moved to the new port');
    expect(events).toContain('config.reloaded');
    expect((await httpRequest(`http://127.0.0.1:${nextPort}/health`)).status).toBe(200);
  });

  it('stop during a start waits for the start, then stops', async () => {
    const { runtime } = await runtimeFor();
    const starting = runtime.start();
    await runtime.stop();
    expect((await starting).state).toBe('running');
    expect(runtime.status()).toEqual({ state: 'stopped' });
  });

  it('stop broadcasts gateway.shutdown and closes clients with 1001', async () => {
    const { runtime } = await runtimeFor();
    const status = (await runtime.start()) as Extract<RuntimeStatus, { state: 'running' }>;
    const { client } = await TestClient.connect(status.url);
    await runtime.stop();
    expect((await client.event('gateway.shutdown')).params).toEqual({ reason: 'stop' });
    expect((await client.closed).code).toBe(1001);
  });

  it('an unsubscribed listener gets no more events', async () => {
    const { runtime } = await runtimeFor();
    let count = 0;
    const unsubscribe = runtime.onEvent(() => (count += 1));
    unsubscribe();
    await runtime.start();
    expect(count).toBe(0);
  });
});

describe('config hot reload', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('a valid change is applied and broadcast as config.reloaded', async () => {
    gateway = await startTestGateway({ config: 'identity:\n  name: Before\n' });
    const { client } = await TestClient.connect(gateway.url);
    await gateway.state.writeConfig('identity:\n  name: After\n');
    const event = await client.event('config.reloaded');
    expect(event.params).toMatchObject({ path: gateway.state.configPath, changed: ['identity'], restarted: false });
    const config = await httpRequest(`${gateway.url}api/config`);
    expect(config.json).toMatchObject({ config: { identity: { name: 'After' } } });
    client.close();
  });

  it('a new token takes effect without a restart', async () => {
    gateway = await startTestGateway({ config: 'gateway:\n  token: first-token-abc\n' });
    await gateway.state.writeConfig('gateway:\n  token: second-token-xyz\n');
    const url = `${gateway.url}api/sessions`;
    await waitFor(
      async () => (await httpRequest(url, { localAddress: REMOTE_ADDRESS, headers: { Authorization: 'Bearer second-token-xyz' } })).status === 200,
      4_000,
      'new token accepted',
    );
    const old = await httpRequest(url, { localAddress: REMOTE_ADDRESS, headers: { Authorization: 'Bearer first-token-abc' } });
    expect(old.status).toBe(401);
  });

  it('a rotated token disconnects WS clients that signed in with the old one (1008); local clients stay', async () => {
    gateway = await startTestGateway({ config: 'gateway:\n  token: first-token-abc\n' });
    const { client: remote } = await TestClient.connect(gateway.url, { auth: { token: 'first-token-abc' } }, { localAddress: REMOTE_ADDRESS });
    const { client: local } = await TestClient.connect(gateway.url);
    await gateway.state.writeConfig('gateway:\n  token: second-token-xyz\n');
    const closed = await remote.closed;
    expect(closed).toEqual({ code: 1008, reason: 'Credentials changed; reconnect with the new ones' });
    const { response } = await TestClient.connect(gateway.url, { auth: { token: 'second-token-xyz' } }, { localAddress: REMOTE_ADDRESS });
    expect(response).toMatchObject({ type: 'response', result: { conn_id: expect.any(String) } });
    await local.event('config.reloaded');
    local.close();
  });

  it('an invalid change keeps the last good config and is broadcast as config.invalid with its issues', async () => {
    gateway = await startTestGateway({ config: 'identity:\n  name: Good\n' });
    const { client } = await TestClient.connect(gateway.url);
    await gateway.state.writeConfig('identity:\n  name: Bad\ngateway:\n  port: 0\n');
    const event = await client.event('config.invalid');
    expect(event.params).toMatchObject({ path: gateway.state.configPath, issues: [{ path: 'gateway.port', message: expect.any(String) }] });
    const config = await httpRequest(`${gateway.url}api/config`);
    expect(config.json).toMatchObject({ config: { identity: { name: 'Good' } } });
    const health = await httpRequest(`${gateway.url}api/health`);
    expect(health.json).toMatchObject({ config_valid: false });
    client.close();
  });

  it('a broken config restored byte for byte is announced as config.reloaded, so clients clear the issues', async () => {
    const good = 'identity:\n  name: Good\n';
    gateway = await startTestGateway({ config: good });
    const { client } = await TestClient.connect(gateway.url);
    await gateway.state.writeConfig('identity: [unclosed\n');
    await client.event('config.invalid');
    await gateway.state.writeConfig(good);
    const event = await client.event('config.reloaded');
    expect(event.params).toMatchObject({ path: gateway.state.configPath, changed: [], restarted: false });
    const health = await httpRequest(`${gateway.url}api/health`);
    expect(health.json).toMatchObject({ config_valid: true });
    client.close();
  });

  it('a change to a non-loopback host without token or password is refused as config.invalid; the listener stays', async () => {
    gateway = await startTestGateway({ config: 'identity:\n  name: Good\n' });
    const { client } = await TestClient.connect(gateway.url);
    await gateway.state.writeConfig('identity:\n  name: Exposed\ngateway:\n  host: 0.0.0.0\n');
    const event = await client.event('config.invalid');
    expect(event.params).toMatchObject({
      path: gateway.state.configPath,
      issues: [{ path: 'gateway', message: expect.stringMatching(/^Refusing to listen on 0\.0\.0\.0 without gateway\.token or gateway\.password/) }],
    });
    expect(gateway.runtime.status()).toMatchObject({ state: 'running', url: gateway.url });
    const config = await httpRequest(`${gateway.url}api/config`);
    expect(config.json).toMatchObject({ config: { identity: { name: 'Good' }, gateway: { host: '127.0.0.1' } } });
    client.close();
  });

  it('the per-run extra token authenticates a remote HTTP client; a different token does not', async () => {
    gateway = await startTestGateway({ options: { extraTokens: ['desktop-run-token-1'] } });
    const url = `${gateway.url}api/sessions`;
    const ok = await httpRequest(url, { localAddress: REMOTE_ADDRESS, headers: { Authorization: 'Bearer desktop-run-token-1' } });
    expect(ok.status).toBe(200);
    const wrong = await httpRequest(url, { localAddress: REMOTE_ADDRESS, headers: { Authorization: 'Bearer desktop-run-token-2' } });
    expect(wrong.status).toBe(401);
  });

  it('a change of gateway.port restarts the listener: clients get 1012 and the new port answers', async () => {
    const [oldPort, newPort] = await freePorts(2);
    const state = await makeTempState();
    await state.writeConfig(`gateway:\n  port: ${oldPort}\n`);
    const runtime = createRuntime({ env: state.env, logger: createMemoryLogger(), watchPollIntervalMs: 200 });
    try {
      const status = await runtime.start();
      expect(status).toMatchObject({ state: 'running', port: oldPort });
      const { client } = await TestClient.connect(`http://127.0.0.1:${oldPort}/`);
      await state.writeConfig(`gateway:\n  port: ${newPort}\n`);
      expect((await client.event('config.reloaded')).params).toMatchObject({ changed: ['gateway'], restarted: true });
      expect((await client.closed).code).toBe(1012);
      await waitFor(() => runtime.status().state === 'running' && (runtime.status() as { port: number }).port === newPort, 4_000, 'restart');
      expect((await httpRequest(`http://127.0.0.1:${newPort}/health`)).status).toBe(200);
    } finally {
      await runtime.close();
      await state.cleanup();
    }
  });
});

describe('listener moves', () => {
  it('when neither the new port nor the old one can be had, the status ends failed naming both, not stuck starting', async () => {
    const [oldPort, newPort] = await freePorts(2);
    const state = await makeTempState();
    await state.writeConfig(`gateway:\n  port: ${oldPort}\n`);
    const newBlocker = net.createServer();
    await new Promise<void>((resolve) => newBlocker.listen(newPort, '127.0.0.1', resolve));
    const oldBlocker = net.createServer();
    const logger = createMemoryLogger();
    // Once the move is retrying the new port, the old one has been released: take it.
    const debug = logger.debug;
    logger.debug = (message, fields) => {
      debug(message, fields);
      if (message.includes(`${newPort} is in use; retrying`)) oldBlocker.listen(oldPort, '127.0.0.1');
    };
    const runtime = createRuntime({ env: state.env, logger, watchPollIntervalMs: 200 });
    const statuses: RuntimeStatus[] = [];
    runtime.onEvent((event) => {
      if (event.type === 'status') statuses.push(event.status);
    });
    try {
      expect(await runtime.start()).toMatchObject({ state: 'running', port: oldPort });
      await state.writeConfig(`gateway:\n  port: ${newPort}\n`);
      await waitFor(() => runtime.status().state === 'failed', 10_000, 'the failed status');
      const failed = runtime.status() as { reason: string; code: string };
      expect(failed.code).toBe('port_in_use');
      expect(failed.reason).toContain(`could not move to 127.0.0.1:${newPort}`);
      expect(failed.reason).toContain(`nor go back to 127.0.0.1:${oldPort}`);
      expect(statuses.map((status) => status.state)).toEqual(['starting', 'running', 'starting', 'failed']);
      // Nothing of the run is left: a start works once a port is free again.
      await new Promise((resolve) => newBlocker.close(resolve));
      expect(await runtime.start()).toMatchObject({ state: 'running', port: newPort });
    } finally {
      await runtime.close();
      newBlocker.close();
      oldBlocker.close();
      await state.cleanup();
    }
  });
});

describe('store changes from other processes', () => {
  const launch = useNodeProcesses();
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('two processes writing the store: every change reaches a connected client as events', async () => {
    gateway = await startTestGateway({ store: { 'agent:main:seed': sessionEntry('seed') } });
    const { client } = await TestClient.connect(gateway.url);
    const script = path.join(FIXTURES, 'write-session.ts');
    const a = launch(script, [gateway.state.storePath, 'proc-a', '20']);
    const b = launch(script, [gateway.state.storePath, 'proc-b', '20']);
    const [exitA, exitB] = await Promise.all([a.exited, b.exited]);
    expect([exitA.code, exitB.code, a.stderr(), b.stderr()]).toEqual([0, 0, '', '']);
    const seen = new Set<string>();
    await waitFor(
      () => {
        for (const frame of client.frames) {
          if (frame.event === 'session.updated') for (const key of Object.keys(frame.params?.sessions as object)) seen.add(key);
        }
        return seen.size === 40;
      },
      6_000,
      'all 40 keys announced',
    );
    expect([...seen].filter((k) => k.startsWith('proc-a')).length).toBe(20);
    expect([...seen].filter((k) => k.startsWith('proc-b')).length).toBe(20);
    const seqs = client.frames.map((f) => f.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => (x ?? 0) - (y ?? 0)));
    client.close();
  });

  it('a burst of writes is coalesced into fewer session.updated frames than writes', async () => {
    gateway = await startTestGateway();
    const { client } = await TestClient.connect(gateway.url);
    const store: Record<string, ReturnType<typeof sessionEntry>> = {};
    for (let i = 0; i < 30; i++) {
      store[`burst-${i}`] = sessionEntry(`b-${i}`);
      await gateway.state.writeStore(store);
    }
    await waitFor(() => client.frames.some((f) => f.event === 'session.updated' && Object.hasOwn(f.params?.sessions as object, 'burst-29')), 4_000, 'last write');
    const frames = client.frames.filter((f) => f.event === 'session.updated').length;
    expect(frames).toBeLessThan(30);
    client.close();
  });
});
