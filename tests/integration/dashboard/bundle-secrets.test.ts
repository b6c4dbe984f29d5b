import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BUILD_TIMEOUT_MS = 120_000;

// Secrets a developer may well have in the shell that builds the dashboard. vite inlines
// `VITE_*` variables it is told about; none may end up in what the gateway serves to browsers.
const PLANTED = {
  VITE_OPENCLAW_GATEWAY_TOKEN: 'planted-vite-token-3f9a1c',
  OPENCLAW_GATEWAY_TOKEN: 'planted-gateway-token-7b2e4d',
  TELEGRAM_BOT_TOKEN: '424242:planted-bot-token-c0ffee',
  OPENAI_API_KEY: 'sk-planted-provider-key-5d6e7f',
};

let outDir: string;
let files: Array<{ name: string; text: string }>;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-bundle-'));
  await run(process.execPath, [path.join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir'], {
    cwd: REPO,
    env: { ...process.env, ...PLANTED },
    timeout: BUILD_TIMEOUT_MS,
  });
  files = await Promise.all((await listFiles(outDir)).map(async (file) => ({ name: path.relative(outDir, file), text: await readFile(file, 'latin1') })));
}, BUILD_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the built dashboard bundle', () => {
  it('builds index.html and hashed assets', () => {
    expect(files.map((file) => file.name)).toContain('index.html');
    expect(files.some((file) => /^assets\/.+-[A-Za-z0-9_-]{8}\.js$/.test(file.name))).toBe(true);
  });

  it('carries no secret from the environment it was built in', () => {
    for (const [name, value] of Object.entries(PLANTED)) {
      const leaks = files.filter((file) => file.text.includes(value)).map((file) => file.name);
      expect(leaks, `${name} leaked into ${leaks.join(', ')}`).toEqual([]);
    }
  });

  it('ships no source maps (they would publish the sources next to the app)', () => {
    expect(files.filter((file) => file.name.endsWith('.map')).map((file) => file.name)).toEqual([]);
  });
});
