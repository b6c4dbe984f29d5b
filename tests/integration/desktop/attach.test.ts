// Attach and take over, decided by the real lifecycle controller: a headless gateway (a real
// `npm run gateway` child process) holds the port, and the desktop's controller drives a second
// real runtime on its own temp state dir against the same port.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import { writeGatewayPort } from '../../../src-main/core/config/write-gateway-port.js';
import { createLifecycleController, type LifecycleController } from '../../../src-main/core/lifecycle.js';
import { createRuntime } from '../../../src-main/core/runtime.js';
import { HEADLESS, useNodeProcesses } from '../gateway/child.js';
import { createMemoryLogger, httpRequest, makeTempState, REMOTE_ADDRESS, TestClient, waitFor, type TempState } from '../gateway/helpers.js';

const LISTENING = /OpenClaw gateway listening on http:\/\/127\.0\.0\.1:(\d+)\//;
const DESKTOP_VERSION = '9.9.9-desktop';

describe('the desktop controller and a gateway started outside the app', () => {
  const launch = useNodeProcesses();
  const states: TempState[] = [];
  const controllers: LifecycleController[] = [];
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const controller of controllers.splice(0)) await controller.quit();
    for (const close of closers.splice(0)) await close();
    await Promise.all(states.splice(0).map((state) => state.cleanup()));
  });

  async function tempState(config?: string): Promise<TempState> {
    const state = await makeTempState();
    if (config !== undefined) await state.writeConfig(config);
    states.push(state);
    return state;
  }

  async function startHeadless(): Promise<{ port: number; cli: ReturnType<typeof launch> }> {
    const state = await tempState();
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    const [, port = ''] = await cli.waitForStdout(LISTENING);
    return { port: Number(port), cli };
  }

  async function desktop(port: number, config?: string, pollIntervalMs?: number, clock?: () => number) {
    const state = await tempState(config ?? `gateway:\n  port: ${port}\n`);
    const runtime = createRuntime({ env: state.env, logger: createMemoryLogger(), version: DESKTOP_VERSION });
    const log: string[] = [];
    const controller = createLifecycleController({
      runtime,
      log: { info: (m) => log.push(m), warn: (m) => log.push(m), error: (m) => log.push(m) },
      attach: {
        platform: process.platform,
        writeGatewayPort: (next) => writeGatewayPort({ configPath: state.configPath, env: state.env, port: next }),
        ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
      },
      ...(clock === undefined ? {} : { clock }),
    });
    controllers.push(controller);
    const statuses: RuntimeStatus[] = [];
    controller.onStatus((status) => statuses.push(status));
    return { controller, statuses, state, log };
  }

  async function health(port: number): Promise<Record<string, unknown>> {
    const res = await httpRequest(`http://127.0.0.1:${port}/health`);
    return res.json as Record<string, unknown>;
  }

  it('attaches to an OpenClaw gateway on its port instead of failing: the status names it, no failure is shown first', async () => {
    const { port, cli } = await startHeadless();
    const { controller, statuses } = await desktop(port);
    const status = await controller.start();
    expect(status).toEqual({ state: 'attached', url: `http://127.0.0.1:${port}/`, port, version: expect.any(String), pid: cli.child.pid });
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'attached']);
    // Start again is a no-op: the app does not fight the other gateway for its port.
    expect((await controller.start()).state).toBe('attached');
    expect(cli.child.exitCode).toBeNull();
  });

  it('takes over: the other gateway shuts down cleanly (exit 0) and the app\'s own starts on the same port', async () => {
    const { port, cli } = await startHeadless();
    const { controller } = await desktop(port);
    expect((await controller.start()).state).toBe('attached');
    const status = await controller.takeOver();
    expect(status).toMatchObject({ state: 'running', port });
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout()).toContain('gateway.shutdown');
    expect(await health(port)).toMatchObject({ service: 'openclaw-gateway', version: DESKTOP_VERSION, pid: process.pid });
  });

  it('notices when the attached gateway goes away and offers Start again', async () => {
    const { port, cli } = await startHeadless();
    const { controller, statuses } = await desktop(port, undefined, 50);
    expect((await controller.start()).state).toBe('attached');
    cli.child.kill('SIGTERM');
    await cli.exited;
    await waitFor(() => controller.status().state === 'stopped', 6_000, 'stopped after the other gateway quit');
    expect(statuses.at(-1)).toEqual({ state: 'stopped' });
    expect((await controller.start()).state).toBe('running');
  });

  it('a take-over the other side does not agree to is shown as a failure, and its port stays with it', async () => {
    // Answers /health like a gateway but has no WebSocket: gateway.shutdown cannot be asked.
    const impostor = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', service: 'openclaw-gateway', version: '0.0.1', pid: 4242 }));
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => impostor.close(resolve)));
    const port = (impostor.address() as net.AddressInfo).port;
    const { controller } = await desktop(port);
    expect(await controller.start()).toMatchObject({ state: 'attached', pid: 4242, version: '0.0.1' });
    const status = await controller.takeOver();
    expect(status.state).toBe('failed');
    expect(status.state === 'failed' && status.reason).toMatch(new RegExp(`^Could not take over the gateway on 127\\.0\\.0\\.1:${port} \\(pid 4242\\): .+; stop it yourself, then Start$`));
    expect(impostor.listening).toBe(true);
  });

  it('a gateway that agrees to stop but keeps its port fails the take-over once the given clock passes the 10 s wait', async () => {
    // Says yes to gateway.shutdown over the real wire format, then stays.
    const stubborn = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', service: 'openclaw-gateway', version: '0.0.1', pid: 4343 }));
    });
    const wss = new WebSocketServer({ server: stubborn, path: '/ws' });
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as { id: string; method: string };
        const result = request.method === 'gateway.shutdown' ? { stopping: true } : { conn_id: 'c1', protocol_version: '1.0', server_version: '0.0.1', methods: [], events: [] };
        socket.send(JSON.stringify({ type: 'response', id: request.id, result }));
      });
    });
    await new Promise<void>((resolve) => stubborn.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      wss.close();
      stubborn.closeAllConnections();
      await new Promise((resolve) => stubborn.close(resolve));
    });
    const port = (stubborn.address() as net.AddressInfo).port;
    // A minute passes at every reading: the default 10 s wait is over at the first look.
    let now = 0;
    const { controller } = await desktop(port, undefined, undefined, () => (now += 60_000));
    expect((await controller.start()).state).toBe('attached');
    const startedAt = Date.now();
    const status = await controller.takeOver();
    expect(status.state === 'failed' && status.reason).toContain(`port ${port} is still taken after 10000 ms`);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(stubborn.listening).toBe(true);
  });

  it('names the port and the process when something else holds it; "Use another port" writes gateway.port and starts there', async () => {
    const blocker = spawn(process.execPath, ['-e', "require('net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port) })"], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    closers.push(async () => {
      blocker.kill('SIGKILL');
    });
    const port = await new Promise<number>((resolve) => blocker.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
    const { controller, state } = await desktop(port, `# my settings\ngateway:\n  port: ${port} # the usual one\n`);
    const failed = await controller.start();
    expect(failed).toMatchObject({ state: 'failed', code: 'port_in_use', host: '127.0.0.1', port });
    if (process.platform === 'linux') expect(failed).toMatchObject({ holder: { pid: blocker.pid, command: 'node' } });

    const moved = await controller.useAnotherPort();
    expect(moved.state).toBe('running');
    const newPort = moved.state === 'running' ? moved.port : 0;
    expect(newPort).toBeGreaterThan(port);
    const text = await readFile(state.configPath, 'utf8');
    expect(text).toBe(`# my settings\ngateway:\n  port: ${newPort} # the usual one\n`);
    expect(isRunning(blocker)).toBe(true);
  });

  it('"Use another port" says so when OPENCLAW_GATEWAY_PORT would win over the file, and writes nothing', async () => {
    const state = await tempState('gateway:\n  port: 1\n');
    await expect(writeGatewayPort({ configPath: state.configPath, env: { ...state.env, OPENCLAW_GATEWAY_PORT: '18789' }, port: 2 })).rejects.toThrow(
      /OPENCLAW_GATEWAY_PORT is set and wins over gateway\.port/,
    );
    expect(await readFile(state.configPath, 'utf8')).toBe('gateway:\n  port: 1\n');
  });
});

describe('gateway.shutdown', () => {
  const launch = useNodeProcesses();
  const states: TempState[] = [];
  afterEach(async () => {
    await Promise.all(states.splice(0).map((state) => state.cleanup()));
  });

  it('is refused to a client that is not local-direct, even with the right token, and the gateway keeps serving', async () => {
    const state = await makeTempState();
    states.push(state);
    await state.writeConfig('gateway:\n  token: a-long-enough-test-token\n');
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    const [, port = ''] = await cli.waitForStdout(LISTENING);
    const url = `http://127.0.0.1:${port}/`;
    const auth = { auth: { token: 'a-long-enough-test-token' } };
    for (const options of [{}, { localAddress: REMOTE_ADDRESS }]) {
      const { client } = await TestClient.connect(url, auth, options);
      const response = await client.request('gateway.shutdown');
      expect(response.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('local-direct') });
      client.close();
    }
    const { client } = await TestClient.connect(url);
    expect((await client.request('ping')).result).toMatchObject({ pong: true });
    expect((await client.request('gateway.shutdown')).result).toEqual({ stopping: true });
    expect((await cli.exited).code).toBe(0);
  });
});

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
