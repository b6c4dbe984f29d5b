// The tray's lifecycle controller driving the real runtime: a real gateway on 127.0.0.1, a
// port picked by the OS, and a temporary state dir.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import type { GatewayLogger } from '../../../src-main/core/gateway/types.js';
import { createRuntime, type RuntimeOptions } from '../../../src-main/core/runtime.js';
import { createLifecycleController, type LifecycleController } from '../../../src-main/core/lifecycle.js';
import { waitFor } from './helpers.js';

interface Harness {
  controller: LifecycleController;
  statuses: RuntimeStatus[];
  errors: string[];
  warnings: string[];
  configPath: string;
}

const quietLogger: GatewayLogger = { debug() {}, info() {}, warn() {}, error() {} };

function states(statuses: RuntimeStatus[]): string[] {
  return statuses.map((status) => status.state);
}

async function fetchStatusCode(url: string): Promise<number> {
  const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('lifecycle controller with the real runtime', () => {
  let stateDir: string;
  const harnesses: Harness[] = [];

  beforeEach(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-lifecycle-'));
  });

  afterEach(async () => {
    for (const harness of harnesses.splice(0)) await harness.controller.quit();
    await rm(stateDir, { recursive: true, force: true });
  });

  function createHarness(options: Partial<RuntimeOptions> = {}, quitTimeoutMs?: number): Harness {
    const env = { HOME: stateDir, OPENCLAW_STATE_DIR: stateDir };
    const runtime = createRuntime({ env, portOverride: 0, logger: quietLogger, ...options });
    const errors: string[] = [];
    const warnings: string[] = [];
    const controller = createLifecycleController({
      runtime,
      log: { info() {}, warn: (message) => warnings.push(message), error: (message) => errors.push(message) },
      ...(quitTimeoutMs === undefined ? {} : { quitTimeoutMs }),
    });
    const statuses: RuntimeStatus[] = [];
    controller.onStatus((status) => statuses.push(status));
    const harness = { controller, statuses, errors, warnings, configPath: path.join(stateDir, 'openclaw.yaml') };
    harnesses.push(harness);
    return harness;
  }

  it('start: goes starting → running and serves /health on 127.0.0.1', async () => {
    const { controller, statuses } = createHarness();
    const status = await controller.start();
    expect(states(statuses)).toEqual(['starting', 'running']);
    expect(status).toMatchObject({ state: 'running', clients: 0 });
    if (status.state !== 'running') throw new Error('not running');
    expect(new URL(status.url).hostname).toBe('127.0.0.1');
    expect(status.port).toBeGreaterThan(0);
    expect(await fetchStatusCode(status.url)).toBe(200);
  });

  it('stop: goes to stopped and frees the port', async () => {
    const { controller, statuses } = createHarness();
    const running = await controller.start();
    if (running.state !== 'running') throw new Error('not running');
    expect(await controller.stop()).toEqual({ state: 'stopped' });
    expect(states(statuses)).toEqual(['starting', 'running', 'stopped']);
    expect(await canConnect(running.port)).toBe(false);
  });

  it('restart: stops, then starts again on a fresh listener', async () => {
    const { controller, statuses } = createHarness();
    await controller.start();
    const restarted = await controller.restart();
    expect(states(statuses)).toEqual(['starting', 'running', 'stopped', 'starting', 'running']);
    if (restarted.state !== 'running') throw new Error('not running');
    expect(await fetchStatusCode(restarted.url)).toBe(200);
  });

  it('runs clicks made in quick succession one after another, in click order', async () => {
    const { controller, statuses } = createHarness();
    const results = await Promise.all([controller.start(), controller.stop(), controller.start(), controller.start()]);
    expect(states(results)).toEqual(['running', 'stopped', 'running', 'running']);
    expect(states(statuses)).toEqual(['starting', 'running', 'stopped', 'starting', 'running']);
  });

  it('start while running and stop while stopped change nothing', async () => {
    const { controller, statuses } = createHarness();
    expect(await controller.stop()).toEqual({ state: 'stopped' });
    await controller.start();
    await controller.start();
    expect(states(statuses)).toEqual(['starting', 'running']);
  });

  it('a start with an invalid config ends failed with the reason naming the file and key', async () => {
    const harness = createHarness();
    await writeFile(harness.configPath, 'gateway:\n  port: "not a port"\n');
    const status = await harness.controller.start();
    expect(status.state).toBe('failed');
    if (status.state !== 'failed') throw new Error('not failed');
    expect(status.code).toBe('config_invalid');
    expect(status.reason).toContain(harness.configPath);
    expect(status.reason).toContain('gateway.port');
    expect(states(harness.statuses)).toEqual(['starting', 'failed']);
  });

  it('a start on a port already in use ends failed with port_in_use, and Start works once the port is free', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const { controller } = createHarness({ portOverride: port });
    const failed = await controller.start();
    expect(failed).toMatchObject({ state: 'failed', code: 'port_in_use' });
    if (failed.state !== 'failed') throw new Error('not failed');
    expect(failed.reason).toContain(String(port));
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    expect(await controller.start()).toMatchObject({ state: 'running', port });
  });

  it('refresh publishes a new client count', async () => {
    const { controller, statuses } = createHarness();
    const running = await controller.start();
    if (running.state !== 'running') throw new Error('not running');
    const socket = new WebSocket(`${running.url.replace(/^http/, 'ws')}ws`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    // Only clients that completed the connect handshake count.
    socket.send(JSON.stringify({ type: 'request', id: '1', method: 'connect', params: {} }));
    await new Promise((resolve, reject) => socket.once('message', resolve).once('error', reject));
    try {
      const deadline = Date.now() + 5_000;
      let status = controller.refresh();
      while (!(status.state === 'running' && status.clients === 1)) {
        if (Date.now() > deadline) throw new Error('client count never reached 1');
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = controller.refresh();
      }
      expect(statuses.at(-1)).toMatchObject({ state: 'running', clients: 1 });
    } finally {
      socket.terminate();
    }
  });

  it('quit: closes the runtime, frees the port, and ignores later clicks', async () => {
    const { controller, statuses } = createHarness();
    const running = await controller.start();
    if (running.state !== 'running') throw new Error('not running');
    expect(await controller.quit()).toEqual({ timedOut: false });
    expect(controller.status()).toEqual({ state: 'stopped' });
    expect(await canConnect(running.port)).toBe(false);
    expect(await controller.start()).toEqual({ state: 'stopped' });
    expect(states(statuses)).toEqual(['starting', 'running', 'stopped']);
  });

  it('quit during a start lets the start finish, then shuts down', async () => {
    const { controller, statuses } = createHarness();
    const starting = controller.start();
    const quitting = controller.quit();
    expect(await quitting).toEqual({ timedOut: false });
    expect((await starting).state).toBe('running');
    expect(states(statuses)).toEqual(['starting', 'running', 'stopped']);
  });

  it('quit runs the quit steps after the runtime has closed, last added first, and reports the quit state', async () => {
    const { controller, errors } = createHarness();
    const running = await controller.start();
    if (running.state !== 'running') throw new Error('not running');
    const seen: string[] = [];
    controller.addQuitStep(() => seen.push('tray'));
    controller.addQuitStep(async () => seen.push(`window (port open: ${await canConnect(running.port)})`));
    controller.addQuitStep(() => {
      throw new Error('ipc already gone');
    });
    expect(controller.quitState()).toBe('running');
    const quitting = controller.quit();
    expect(controller.quitState()).toBe('quitting');
    expect(await quitting).toEqual({ timedOut: false });
    expect(controller.quitState()).toBe('done');
    expect(seen).toEqual(['window (port open: false)', 'tray']);
    expect(errors).toEqual(['Quit step failed: ipc already gone']);
  });

  it('quit drops operations queued behind the one in progress', async () => {
    const { controller, statuses } = createHarness();
    const started = controller.start();
    const restarted = controller.restart();
    await controller.quit();
    await Promise.all([started, restarted]);
    expect(states(statuses)).toEqual(['starting', 'running', 'stopped']);
  });

  it('quit gives up waiting after the timeout when shutdown hangs on a busy client', async () => {
    const { controller, warnings } = createHarness({}, 200);
    const running = await controller.start();
    if (running.state !== 'running') throw new Error('not running');
    // A request whose headers never finish keeps the HTTP connection busy, so the server's close waits.
    const socket = net.connect({ host: '127.0.0.1', port: running.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    await new Promise((resolve) => socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', resolve));
    // A request sent after those bytes has been answered: the server has read them by then.
    expect(await fetchStatusCode(running.url)).toBe(200);
    try {
      expect(await controller.quit()).toEqual({ timedOut: true });
      expect(warnings).toEqual(['Gateway did not shut down within 200 ms; quitting anyway']);
    } finally {
      socket.destroy();
      // The runtime keeps closing in the background; wait for it so the next test starts clean.
      await waitFor(async () => !(await canConnect(running.port)), 10_000, 'the port released');
    }
  });
});
