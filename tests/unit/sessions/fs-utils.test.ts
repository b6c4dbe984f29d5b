import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir, pathExists } from '../../../src-main/core/utils/fs.js';
import { useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

describe('ensureDir', () => {
  it('creates missing parents', async () => {
    const dir = path.join(await tempDir(), 'a', 'b', 'c');
    await ensureDir(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('succeeds when the directory already exists', async () => {
    const dir = await tempDir();
    await ensureDir(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('applies the requested mode', async () => {
    const dir = path.join(await tempDir(), 'private');
    await ensureDir(dir, { mode: 0o700 });
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('fails when a file is in the way', async () => {
    const file = path.join(await tempDir(), 'file');
    await writeFile(file, 'x');
    await expect(ensureDir(path.join(file, 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('pathExists', () => {
  it('is true for an existing file and directory', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'f'), 'x');
    expect(await pathExists(dir)).toBe(true);
    expect(await pathExists(path.join(dir, 'f'))).toBe(true);
  });

  it('is false for a missing path, also below a file', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'f'), 'x');
    expect(await pathExists(path.join(dir, 'missing'))).toBe(false);
    expect(await pathExists(path.join(dir, 'f', 'below'))).toBe(false);
  });
});
