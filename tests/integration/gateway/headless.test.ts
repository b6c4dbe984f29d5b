import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADLESS, useNodeProcesses } from './child.js';
import { makeTempState, TestClient, type TempState } from './helpers.js';

const LISTENING = /OpenClaw gateway listening on (http:\/\/127\.0\.0\.1:(\d+)\/)\n/;

describe('npm run gateway (headless CLI)', () => {
  const launch = useNodeProcesses();
  const states: TempState[] = [];
  afterEach(async () => {
    await Promise.all(states.splice(0).map((state) => state.cleanup()));
  });
  async function tempState(config?: string): Promise<TempState> {
    const state = await makeTempState();
    if (config !== undefined) await state.writeConfig(config);
    states.push(state);
    return state;
  }

  it('--help prints the usage and exits 0', async () => {
    const cli = launch(HEADLESS, ['--help']);
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout()).toMatch(/^Usage: npm run gateway -- \[--port N\]/);
    expect(cli.stdout()).toContain('OPENCLAW_GATEWAY_PORT');
  });

  it('a bad --port exits 2 with one line saying what is wrong', async () => {
    const cli = launch(HEADLESS, ['--port', 'abc']);
    expect((await cli.exited).code).toBe(2);
    expect(cli.stderr()).toBe('openclaw gateway: --port needs a port number between 0 and 65535 (got "abc")\nRun with --help for usage.\n');
  });

  it('an invalid config exits 3 with "Invalid config at PATH:" and each issue', async () => {
    const state = await tempState('gateway:\n  port: 70000\n');
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    expect((await cli.exited).code).toBe(3);
    expect(cli.stderr()).toMatch(new RegExp(`^Error: Invalid config at ${state.configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\n  - gateway\\.port: `));
    expect(cli.stdout()).toBe('');
  });

  it('a missing env var exits 3 naming the variable and the config path', async () => {
    const state = await tempState('gateway:\n  token: ${GATEWAY_SECRET}\n');
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    expect((await cli.exited).code).toBe(3);
    expect(cli.stderr()).toContain('Missing env var "GATEWAY_SECRET" referenced at config path: gateway.token');
  });

  it('a non-loopback bind without token or password exits 5', async () => {
    const state = await tempState('gateway:\n  host: 0.0.0.0\n');
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    expect((await cli.exited).code).toBe(5);
    expect(cli.stderr()).toMatch(/^Error: Refusing to listen on 0\.0\.0\.0 without gateway\.token or gateway\.password/);
  });

  it('a port in use exits 4 with "another process is already listening on 127.0.0.1:PORT"', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const state = await tempState();
      const cli = launch(HEADLESS, [], { ...state.env, OPENCLAW_GATEWAY_PORT: String(port) });
      expect((await cli.exited).code).toBe(4);
      expect(cli.stderr().split('\n')[0]).toMatch(new RegExp(`^Error: another process is already listening on 127\\.0\\.0\\.1:${port};`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('prints the dashboard URL and config path; SIGTERM with 50 clients exits 0 within 5 s', async () => {
    const state = await tempState();
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    const [, url = '', port] = await cli.waitForStdout(LISTENING);
    expect(Number(port)).toBeGreaterThan(0);
    expect(cli.stdout()).toContain(`Config: ${state.configPath}\n`);
    const clients = await Promise.all(Array.from({ length: 50 }, () => TestClient.connect(url).then((c) => c.client)));
    const started = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await cli.exited;
    const elapsed = Date.now() - started;
    expect(exit.code).toBe(0);
    expect(elapsed).toBeLessThan(5_000);
    const closes = await Promise.all(clients.map((client) => client.closed));
    expect(new Set(closes.map((c) => c.code))).toEqual(new Set([1001]));
    const notified = clients.filter((client) => client.frames.some((f) => f.event === 'gateway.shutdown')).length;
    expect(notified).toBe(50);
  });

  it('--port wins over OPENCLAW_GATEWAY_PORT', async () => {
    const state = await tempState();
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const cli = launch(HEADLESS, ['--port', String(port)], { ...state.env, OPENCLAW_GATEWAY_PORT: '1' });
    const [, , printed] = await cli.waitForStdout(LISTENING);
    expect(Number(printed)).toBe(port);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });
});
