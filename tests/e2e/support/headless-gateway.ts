import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 8_000;

export interface HeadlessGateway {
  url: string;
  stateDir: string;
  configPath: string;
  storePath: string;
  output(): string;
  readStore(): Promise<Record<string, Record<string, unknown>>>;
  /** Writes the store the way another OpenClaw process would: a temp file renamed over it. */
  writeStore(store: Record<string, unknown>): Promise<void>;
  writeConfig(text: string): Promise<void>;
  /** Kills the process at once (SIGKILL, as a crash would), keeping its state dir; stop() still cleans up. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** What a spec starts the gateway with; `port` (default 0: any free one) lets a restart take the same address. */
export interface HeadlessGatewaySeed {
  config: string | null;
  sessions: Record<string, unknown> | null;
  port?: number;
  /** The config file's path inside the state dir (default `openclaw.yaml`). */
  configFile?: string;
}

/** Starts `src-main/headless.ts --port <seed.port ?? 0>` on a temp state dir seeded with a config and sessions; `config: null` leaves the dir empty, as on a first run. */
export async function startHeadlessGateway(seed: HeadlessGatewaySeed): Promise<HeadlessGateway> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-e2e-'));
  const configPath = path.join(stateDir, seed.configFile ?? 'openclaw.yaml');
  const storePath = path.join(stateDir, 'agents', 'main', 'sessions', 'sessions.json');
  if (seed.config !== null) {
    await mkdir(path.dirname(configPath), { recursive: true });
    await writeFile(configPath, seed.config);
  }
  if (seed.sessions !== null) {
    await mkdir(path.dirname(storePath), { recursive: true });
    await writeFile(storePath, JSON.stringify(seed.sessions, null, 2));
  }

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src-main/headless.ts', '--port', String(seed.port ?? 0)], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: stateDir,
      OPENCLAW_HOME: stateDir,
      OPENCLAW_STATE_DIR: stateDir,
      OPENCLAW_CONFIG_PATH: configPath,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The gateway did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const check = (): void => {
      const match = /OpenClaw gateway listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The gateway exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url,
    stateDir,
    configPath,
    storePath,
    output: () => output,
    readStore: async () => JSON.parse(await readFile(storePath, 'utf8')) as Record<string, Record<string, unknown>>,
    async writeStore(store) {
      const temp = `${storePath}.e2e-${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(store, null, 2));
      await rename(temp, storePath);
    },
    async writeConfig(text) {
      await writeFile(configPath, text);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
