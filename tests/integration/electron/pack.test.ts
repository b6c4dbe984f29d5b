// Packs the app the way `npm run dist` would, but offline: `electron-builder --dir` with a stub
// Electron "binary" (electronDist) instead of the real download. The stub carries Electron's fuse
// sentinel, so electron-builder flips the fuses in it exactly as in a real build.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const STEP_TIMEOUT_MS = 120_000;
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's shipped defaults, in FuseV1Options order: RunAsNode on, cookie encryption off,
// NODE_OPTIONS on, inspect flags on, asar integrity off, asar-only off, V8 snapshot off, file:// privileges on.
const STOCK_FUSE_WIRE = '10110001';
// A fuse's state byte is the ASCII digit.
const FUSE = { DISABLE: '0'.charCodeAt(0), ENABLE: '1'.charCodeAt(0) };

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}:\n${output}`));
    });
  });
}

async function createStubElectronDist(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, STOCK_FUSE_WIRE.length]), Buffer.from(STOCK_FUSE_WIRE)]);
  await writeFile(path.join(dir, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), wire]), { mode: 0o755 });
  await writeFile(path.join(dir, 'version'), '45.4.1');
}

interface LockPackage {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
}

function readLockPackages(): [string, LockPackage][] {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockPackage> };
  return Object.entries(lock.packages).filter(([key]) => key.startsWith('node_modules/'));
}

// Packages are compared as name@version, not by path: electron-builder flattens the production
// tree, so a nested copy (node-fetch/node_modules/tr46) may land at the top of the asar, where a
// dev tool's different version of the same name sits in our own node_modules.
function packageId(lockKey: string, entry: LockPackage): string {
  return `${lockKey.slice(lockKey.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version ?? '?'}`;
}

function readAsarPackageIds(asarPath: string, entries: Set<string>): Set<string> {
  const ids = new Set<string>();
  for (const entry of entries) {
    if (!/\/node_modules\/(@[^/]+\/)?[^/@][^/]*\/package\.json$/.test(entry)) continue;
    const manifest = JSON.parse(extractFile(asarPath, entry.slice(1)).toString()) as { name?: string; version?: string };
    if (manifest.name && manifest.version) ids.add(`${manifest.name}@${manifest.version}`);
  }
  return ids;
}

// The stub is a shell script and the builds run through npm's POSIX shims.
describe.skipIf(process.platform === 'win32')('electron-builder --dir with a stub Electron', () => {
  let tmp: string;
  let appOutDir: string;
  let asarPath: string;
  let entries: Set<string>;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'openclaw-pack-'));
    const stub = path.join(tmp, 'electron-stub');
    await createStubElectronDist(stub);
    // The same build as `npm start` and `npm run dist` use.
    await run('npm', ['run', 'build', '--silent']);
    expect(
      existsSync(path.join(ROOT, 'dist/preload/preload.cjs')),
      'npm run build must also bundle the preload (build:preload) into dist/preload/preload.cjs',
    ).toBe(true);
    await run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${stub}`,
        `-c.directories.output=${path.join(tmp, 'out')}`,
      ],
      { CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    );
    appOutDir = path.join(tmp, 'out', 'linux-unpacked');
    asarPath = path.join(appOutDir, 'resources', 'app.asar');
    entries = new Set(listPackage(asarPath, { isPack: false }).map((entry) => entry.split(path.sep).join('/')));
  }, 4 * STEP_TIMEOUT_MS);

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('puts package.json in app.asar with main pointing at a file that is inside', () => {
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString()) as { main: string };
    expect(manifest.main).toBe('dist/src-main/electron/main.js');
    expect(entries.has(`/${manifest.main}`)).toBe(true);
  });

  it('contains the bundled preload and the renderer index.html', () => {
    expect(entries.has('/dist/preload/preload.cjs')).toBe(true);
    expect(entries.has('/dist/renderer/index.html')).toBe(true);
  });

  it('ships the preload as one CommonJS bundle that requires only electron (all a sandboxed preload may load)', () => {
    const preload = extractFile(asarPath, 'dist/preload/preload.cjs').toString();
    const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*(import|export)\s/m);
    expect(preload).toContain('openclawDesktop');
  });

  it('contains every production dependency from package-lock.json', () => {
    const production = readLockPackages()
      .filter(([key, entry]) => !entry.dev && !entry.devOptional && !(entry.optional && !existsSync(path.join(ROOT, key))))
      .map(([key, entry]) => packageId(key, entry));
    expect(production.length).toBeGreaterThan(6);
    const packed = readAsarPackageIds(asarPath, entries);
    expect(production.filter((id) => !packed.has(id))).toEqual([]);
  });

  it('contains no development-only dependency', () => {
    const lock = readLockPackages();
    const production = new Set(lock.filter(([, entry]) => !entry.dev).map(([key, entry]) => packageId(key, entry)));
    const devOnly = lock.filter(([, entry]) => entry.dev).map(([key, entry]) => packageId(key, entry));
    expect(devOnly.some((id) => id.startsWith('electron@'))).toBe(true);
    const packed = readAsarPackageIds(asarPath, entries);
    expect(devOnly.filter((id) => packed.has(id) && !production.has(id))).toEqual([]);
    expect(entries.has('/node_modules/electron')).toBe(false);
  });

  it('contains no source, test, config or source-map file of ours', () => {
    const ours = [...entries].filter((entry) => !entry.startsWith('/node_modules/'));
    const leaked = ours.filter(
      (entry) =>
        /^\/(src-main|src-shared|src-renderer|tests|bench|resources|release|\.ci)(\/|$)/.test(entry) ||
        /\.(ts|tsx|map)$/.test(entry) ||
        /^\/(tsconfig[^/]*\.json|vite\.config\.ts|electron-builder\.yml|package-lock\.json|README\.md)$/.test(entry),
    );
    expect(leaked).toEqual([]);
    expect(ours.some((entry) => entry.startsWith('/dist/src-main/'))).toBe(true);
  });

  it('copies the Linux tray icons to resources/tray', async () => {
    const tray = (await readdir(path.join(appOutDir, 'resources', 'tray'))).sort();
    expect(tray).toContain('tray-running.png');
    expect(tray).toContain('tray-failed@2x.png');
    expect(tray.every((file) => file.endsWith('.png'))).toBe(true);
  });

  it('flips the fuses in the Electron binary as electron-builder.yml asks', async () => {
    const wire = await getCurrentFuseWire(path.join(appOutDir, 'openclaw-desktop'));
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspectArguments: wire[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyLoadAppFromAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FUSE.DISABLE,
      cookieEncryption: FUSE.ENABLE,
      nodeOptions: FUSE.DISABLE,
      inspectArguments: FUSE.DISABLE,
      asarIntegrity: FUSE.ENABLE,
      onlyLoadAppFromAsar: FUSE.ENABLE,
      fileProtocolPrivileges: FUSE.DISABLE,
    });
  });
});
