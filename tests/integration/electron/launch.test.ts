import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findProjectRoot, resolveElectronBinary } from '../../../src-main/electron/launch.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const LAUNCH = path.join(ROOT, 'src-main/electron/launch.ts');
const RUN_TIMEOUT_MS = 20_000;

function runLaunch(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LAUNCH, '--enable-logging'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`launch.ts did not exit within ${RUN_TIMEOUT_MS} ms`));
    }, RUN_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('launch (npm start under plain node)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-launch-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says the Electron binary is missing and how to get it, without a stack trace, and exits 1', async () => {
    const result = await runLaunch({ ELECTRON_OVERRIDE_DIST_PATH: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `OpenClaw Desktop cannot open its window: the Electron binary is not installed (looked for ${path.join(dir, 'electron')}).`,
    );
    expect(result.stderr).toContain('node node_modules/electron/install.js');
    expect(result.stderr).toContain('npm run gateway');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it.skipIf(process.platform === 'win32')('runs the binary on the project root with the extra arguments and passes its exit code on', async () => {
    const argsFile = path.join(dir, 'args.txt');
    const fake = path.join(dir, 'electron');
    await writeFile(fake, `#!/bin/sh\npwd > "${argsFile}"\necho "$@" >> "${argsFile}"\nexit 7\n`);
    await chmod(fake, 0o755);
    const result = await runLaunch({ ELECTRON_OVERRIDE_DIST_PATH: dir, ELECTRON_RUN_AS_NODE: '1' });
    expect(result.code).toBe(7);
    const [cwd, args] = (await readFile(argsFile, 'utf8')).trim().split('\n');
    expect(cwd).toBe(ROOT);
    expect(args).toBe('. --enable-logging');
  });

  it.skipIf(process.platform === 'win32')('does not pass ELECTRON_RUN_AS_NODE on, which would make Electron ignore the app', async () => {
    const envFile = path.join(dir, 'env.txt');
    const fake = path.join(dir, 'electron');
    await writeFile(fake, `#!/bin/sh\necho "run_as_node=[$ELECTRON_RUN_AS_NODE]" > "${envFile}"\nexit 0\n`);
    await chmod(fake, 0o755);
    const result = await runLaunch({ ELECTRON_OVERRIDE_DIST_PATH: dir, ELECTRON_RUN_AS_NODE: '1' });
    expect(result.code).toBe(0);
    expect((await readFile(envFile, 'utf8')).trim()).toBe('run_as_node=[]');
  });
});

describe('resolveElectronBinary', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-electron-pkg-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('follows path.txt inside the package dist folder, as the electron package does', async () => {
    await writeFile(path.join(dir, 'path.txt'), 'Electron.app/Contents/MacOS/Electron');
    const binary = path.join(dir, 'dist', 'Electron.app/Contents/MacOS/Electron');
    await mkdir(path.dirname(binary), { recursive: true });
    await writeFile(binary, '');
    expect(resolveElectronBinary({ electronPackageDir: dir, env: {}, platform: 'darwin' })).toEqual({ ok: true, binaryPath: binary });
  });

  it('reports the platform default path when nothing was downloaded', () => {
    const result = resolveElectronBinary({ electronPackageDir: dir, env: {}, platform: 'win32' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(`(looked for ${path.join(dir, 'dist', 'electron.exe')})`);
  });
});

describe('findProjectRoot', () => {
  it('finds the package.json above the built launcher', () => {
    expect(findProjectRoot(path.join(ROOT, 'dist', 'src-main', 'electron'))).toBe(ROOT);
  });

  it('throws naming the start directory when there is no package.json', () => {
    expect(() => findProjectRoot(path.parse(ROOT).root)).toThrow(`No package.json found at or above ${path.parse(ROOT).root}`);
  });
});
