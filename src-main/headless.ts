import { readAppVersion } from './core/app-version.js';
import { resolveConfigPath } from './core/config/paths.js';
import { createLifecycleController } from './core/lifecycle.js';
import { createRuntime } from './core/runtime.js';
import { runPairingCli } from './core/telegram/pairing-cli.js';
import type { RuntimeFailureCode } from '../src-shared/protocol/runtime-status.js';

// Exit statuses scripts can tell apart; documented in the README.
const EXIT_USAGE = 2;
const EXIT_BY_FAILURE: Record<RuntimeFailureCode, number> = {
  config_invalid: 3,
  env_missing: 3,
  port_in_use: 4,
  listen_failed: 4,
  insecure_bind: 5,
  internal: 1,
};

const USAGE = `Usage: npm run gateway -- [--port N]
       npm run gateway -- pairing <list | approve CODE | deny CODE>

Runs the OpenClaw gateway (HTTP + WebSocket) without the desktop app.

Options:
  -p, --port N   Listen on port N (0 picks a free port); wins over OPENCLAW_GATEWAY_PORT and gateway.port
  -h, --help     Show this help
  -v, --version  Print the version

Environment:
  OPENCLAW_CONFIG_PATH   Config file (default ~/.openclaw/openclaw.yaml)
  OPENCLAW_STATE_DIR     State dir (default ~/.openclaw)
  OPENCLAW_GATEWAY_PORT  Port (default 18789)

Exit status: 0 stopped cleanly, 2 bad arguments, 3 invalid config or missing env var,
4 port in use or cannot listen, 5 non-loopback bind without token/password, 1 anything else.`;

type Args = { kind: 'run'; port?: number } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port <= 65535 ? port : undefined;
}

function parseArgs(argv: readonly string[]): Args {
  let port: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '-v' || arg === '--version') return { kind: 'version' };
    if (arg === '-p' || arg === '--port' || arg.startsWith('--port=')) {
      const value = arg.startsWith('--port=') ? arg.slice('--port='.length) : argv[++i];
      port = parsePort(value);
      if (port === undefined) return { kind: 'error', message: `--port needs a port number between 0 and 65535 (got ${value === undefined ? 'nothing' : `"${value}"`})` };
      continue;
    }
    return { kind: 'error', message: `unknown argument "${arg}"` };
  }
  return { kind: 'run', port };
}

// The gateway's own logger writes its lines; this only carries the controller's word on a hung shutdown.
const stderrLog = {
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`${message}\n`),
  error: (message: string) => process.stderr.write(`${message}\n`),
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'pairing') {
    process.exitCode = await runPairingCli(argv.slice(1), {
      env: process.env,
      stdout: (line) => process.stdout.write(`${line}\n`),
      stderr: (line) => process.stderr.write(`${line}\n`),
    });
    return;
  }
  const args = parseArgs(argv);
  if (args.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.kind === 'version') {
    process.stdout.write(`${readAppVersion()}\n`);
    return;
  }
  if (args.kind === 'error') {
    process.stderr.write(`openclaw gateway: ${args.message}\nRun with --help for usage.\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }

  const env = process.env;
  const controller = createLifecycleController({ runtime: createRuntime({ env, portOverride: args.port }), log: stderrLog });
  // Handlers go in before start, so a signal during startup also ends in an ordered shutdown.
  const shutdown = (signal: NodeJS.Signals): void => {
    if (controller.quitState() !== 'running') {
      process.stderr.write(`Received ${signal} again; exiting without waiting\n`);
      process.exit(1);
    }
    // Bounded: quit gives up waiting after 5 s and says so.
    void controller.quit().then(({ timedOut }) => process.exit(timedOut ? 1 : 0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const status = await controller.start();
  if (controller.quitState() !== 'running') return;
  if (status.state !== 'running') {
    const reason = status.state === 'failed' ? status.reason : `gateway did not start (${status.state})`;
    process.stderr.write(`Error: ${reason}\n`);
    process.exit(status.state === 'failed' ? EXIT_BY_FAILURE[status.code] : 1);
  }
  process.stdout.write(`OpenClaw gateway listening on ${status.url}\nConfig: ${resolveConfigPath(env)}\n`);
  // A gateway that stops serving on its own (its listener could not be moved nor restored) must not
  // look like a clean exit to whatever supervises this process.
  controller.onStatus((next) => {
    if (controller.quitState() !== 'running') return;
    // Stopped from outside (gateway.shutdown, e.g. the desktop app taking over): a clean exit.
    if (next.state === 'stopped') {
      process.stdout.write('OpenClaw gateway stopped: a local client asked it to (gateway.shutdown)\n');
      void controller.quit().then(({ timedOut }) => process.exit(timedOut ? 1 : 0));
      return;
    }
    if (next.state !== 'failed') return;
    process.stderr.write(`Error: ${next.reason}\n`);
    process.exit(EXIT_BY_FAILURE[next.code]);
  });
}

void main();
