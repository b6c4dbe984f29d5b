// What `npm start` runs under plain Node: finds the Electron binary and runs it on the project.
// It deliberately never loads the `electron` package's index.js, which tries to download the
// binary when it is missing; instead it says what is missing and how to get it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Env } from '../core/config/paths.js';

export type ElectronBinaryResolution = { ok: true; binaryPath: string } | { ok: false; message: string };

// Electron's own file names, as its install.js writes them into path.txt.
function defaultPlatformPath(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * Resolves the Electron binary the way the `electron` package does (ELECTRON_OVERRIDE_DIST_PATH,
 * else `<package>/dist/<path.txt>`) without downloading anything; when the binary is missing the
 * result carries the message to print instead.
 */
export function resolveElectronBinary(options: {
  electronPackageDir: string;
  env: Env;
  platform: NodeJS.Platform;
}): ElectronBinaryResolution {
  const pathFile = path.join(options.electronPackageDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = options.env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  const binaryPath = override
    ? path.join(override, recorded ?? 'electron')
    : path.join(options.electronPackageDir, 'dist', recorded ?? defaultPlatformPath(options.platform));
  if (existsSync(binaryPath)) return { ok: true, binaryPath };
  return { ok: false, message: formatMissingElectronMessage(binaryPath, options.electronPackageDir) };
}

/** Returns the explanation printed when the Electron binary is missing, with the two ways forward. */
export function formatMissingElectronMessage(binaryPath: string, electronPackageDir: string): string {
  const installScript = path.relative(process.cwd(), path.join(electronPackageDir, 'install.js')) || 'install.js';
  return [
    `OpenClaw Desktop cannot open its window: the Electron binary is not installed (looked for ${binaryPath}).`,
    '`npm install` does not download it: the electron package (45) has no install script.',
    `  - Download it now (Node 22.12 or newer):  node ${installScript}`,
    '  - Or run without a window:               npm run gateway',
  ].join('\n');
}

/** Returns the nearest directory at or above startDir that holds a package.json; throws when there is none. */
export function findProjectRoot(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found at or above ${startDir}`);
    dir = parent;
  }
}

/**
 * Runs Electron on the project root with the given extra arguments and resolves with the exit
 * code to use: Electron's own, 1 when it died from a signal, or 1 after printing why it is missing.
 */
export async function runElectron(options: { projectRoot: string; args: readonly string[]; env: Env }): Promise<number> {
  const require = createRequire(path.join(options.projectRoot, 'package.json'));
  const electronPackageDir = path.dirname(require.resolve('electron/package.json'));
  const resolution = resolveElectronBinary({ electronPackageDir, env: options.env, platform: process.platform });
  if (!resolution.ok) {
    console.error(resolution.message);
    return 1;
  }
  // ELECTRON_RUN_AS_NODE would make Electron behave as plain Node and ignore the app.
  const childEnv: Record<string, string | undefined> = { ...options.env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  const child = spawn(resolution.binaryPath, ['.', ...options.args], {
    cwd: options.projectRoot,
    env: childEnv,
    stdio: 'inherit',
    windowsHide: false,
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onSigint = forward('SIGINT');
  const onSigterm = forward('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        console.error(`Could not run Electron at ${resolution.binaryPath}: ${error.message}`);
        resolve(1);
      });
      child.once('exit', (code, signal) => {
        if (signal) console.error(`Electron exited with signal ${signal}`);
        resolve(code ?? 1);
      });
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
  process.exitCode = await runElectron({ projectRoot, args: process.argv.slice(2), env: process.env });
}
