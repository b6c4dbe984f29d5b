// Creating the state dir (and the Telegram state files' folder) reports the real reason it failed
// (EROFS, ENOTDIR…), never the ENOENT Node's recursive mkdir reports; a start that cannot make the
// state dir private says so in the log instead of swallowing it.
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureStateDir } from '../../../src-main/core/config/paths.js';
import { createRuntime } from '../../../src-main/core/runtime.js';
import { writeJsonFileAtomic } from '../../../src-main/core/telegram/json-file.js';
import { canMount, useMounts } from '../gateway/mounts.js';
import { useTempDirs } from '../../unit/sessions/helpers.js';

const MOUNTS = canMount();
const tempDir = useTempDirs();
const mounts = MOUNTS ? useMounts() : undefined;
// Registered last so it runs first: the runtime lets go of its files before they are unmounted.
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('creating a state folder below a file', () => {
  it('ensureStateDir and writeJsonFileAtomic fail with ENOTDIR naming the folder, not ENOENT', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'x');
    await expect(ensureStateDir({ OPENCLAW_STATE_DIR: path.join(file, 'state', 'deeper') })).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(writeJsonFileAtomic(path.join(file, 'telegram', 'x', 'pairing.json'), {})).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe.skipIf(!MOUNTS)('on a read-only disk (needs mount(8): root with CAP_SYS_ADMIN on Linux)', () => {
  it('ensureStateDir and writeJsonFileAtomic fail with EROFS, not ENOENT', async () => {
    const disk = await tempDir();
    mounts?.readOnly(disk);
    await expect(ensureStateDir({ OPENCLAW_STATE_DIR: path.join(disk, 'state', 'deeper') })).rejects.toMatchObject({ code: 'EROFS' });
    await expect(writeJsonFileAtomic(path.join(disk, 'telegram', 'x', 'pairing.json'), {})).rejects.toMatchObject({ code: 'EROFS' });
  });

  it('a start whose existing state dir cannot be narrowed to 0700 runs and logs why, naming the folder', async () => {
    const disk = await tempDir();
    const stateDir = path.join(disk, 'state');
    await mkdir(stateDir);
    await chmod(stateDir, 0o755);
    mounts?.readOnly(disk);
    const writable = await tempDir();
    const warnings: string[] = [];
    const logger = { debug: () => undefined, info: () => undefined, warn: (m: string) => void warnings.push(m), error: (m: string) => void warnings.push(m) };
    const runtime = createRuntime({
      env: { OPENCLAW_STATE_DIR: stateDir, HOME: writable },
      paths: { sessionStorePath: path.join(writable, 'sessions', 'sessions.json'), sessionsDir: path.join(writable, 'sessions') },
      portOverride: 0,
      logger,
    });
    cleanups.push(() => runtime.close());
    expect(await runtime.start()).toMatchObject({ state: 'running' });
    expect(warnings).toContainEqual(expect.stringContaining(`Could not make the state directory private (mode 0700): Cannot create the state directory ${stateDir}: it is on a read-only file system (EROFS)`));
    expect((await stat(stateDir)).mode & 0o777).toBe(0o755);
  });
});
