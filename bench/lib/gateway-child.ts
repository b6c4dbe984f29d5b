import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/** A built gateway (`node dist/src-main/headless.js`) running as a child process over a state dir. */
export interface GatewayChild {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then waits for it to exit (its ordered shutdown). */
  stop(): Promise<void>;
}

/** A port free a moment ago on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the compiled gateway `headless` from `cwd` with `dir` as its state dir and home, resolving once it listens (60 s at most). */
export async function startGatewayChild(headless: string, dir: string, cwd: string): Promise<GatewayChild> {
  const port = await findFreePort();
  const env = { PATH: process.env.PATH ?? '', OPENCLAW_STATE_DIR: dir, HOME: dir, OPENCLAW_CONFIG_PATH: path.join(dir, 'openclaw.yaml') };
  const child = spawn(process.execPath, [headless, '--port', String(port)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not listen within 60 s:\n${output}`)), 60_000);
    const check = setInterval(() => {
      if (!output.includes(`listening on http://127.0.0.1:${port}/`)) return;
      clearTimeout(timer);
      clearInterval(check);
      resolve();
    }, 20);
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`the gateway exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}/`,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
