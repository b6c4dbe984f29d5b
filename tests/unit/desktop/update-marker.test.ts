import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readUpdateMarker, removeUpdateMarker, writeUpdateMarker } from '../../../src-main/electron/update-marker.js';

describe('the update marker', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-update-marker-'));
    file = path.join(dir, 'update-marker.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips from and to, owner-only, and is gone once removed', async () => {
    await writeUpdateMarker(file, { from: '0.1.0', to: '0.2.0' });
    await expect(readUpdateMarker(file)).resolves.toEqual({ from: '0.1.0', to: '0.2.0' });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    await removeUpdateMarker(file);
    await expect(readUpdateMarker(file)).resolves.toBeUndefined();
    await expect(removeUpdateMarker(file)).resolves.toBeUndefined();
  });

  it('treats a missing, truncated or foreign file as no marker', async () => {
    await expect(readUpdateMarker(file)).resolves.toBeUndefined();
    await writeFile(file, '{"from": "0.1');
    await expect(readUpdateMarker(file)).resolves.toBeUndefined();
    await writeFile(file, '{"from": 1}');
    await expect(readUpdateMarker(file)).resolves.toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe('{"from": 1}');
  });

  it('names the file when it cannot be written', async () => {
    const inMissingDir = path.join(dir, 'missing', 'update-marker.json');
    await expect(writeUpdateMarker(inMissingDir, { from: '0.1.0', to: '0.2.0' })).rejects.toThrow(`Could not write the update marker ${inMissingDir}:`);
  });
});
