// The smoke test runs the compiled app; readStaleBuild keeps it from running a build older than the
// sources it claims to test.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readStaleBuild } from '../../fixtures/electron/desktop-app.js';

describe('readStaleBuild', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
  });

  /** A project tree whose files have the given ages in seconds (larger is older). */
  async function tree(files: Record<string, number>): Promise<string> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'openclaw-stale-build-'));
    roots.push(root);
    const now = Date.now() / 1000;
    for (const [file, ageSeconds] of Object.entries(files)) {
      const full = path.join(root, file);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, '');
      await utimes(full, now - ageSeconds, now - ageSeconds);
    }
    return root;
  }

  it('is undefined when the build is newer than every source', async () => {
    const root = await tree({ 'src-main/electron/main.ts': 60, 'src-shared/a.ts': 50, 'dist/src-main/electron/main.js': 10, 'dist/src-shared/a.js': 10 });
    expect(await readStaleBuild(root)).toBeUndefined();
  });

  it('names the source edited after the build and says to run npm run build:main', async () => {
    const root = await tree({ 'src-main/electron/main.ts': 60, 'src-shared/protocol/frames.ts': 5, 'dist/src-main/electron/main.js': 30, 'dist/src-shared/protocol/frames.js': 30 });
    expect(await readStaleBuild(root)).toBe(
      `${path.join('src-shared', 'protocol', 'frames.ts')} changed after the last build (dist is older): run npm run build:main first`,
    );
  });

  it('says to build when there is no build at all', async () => {
    const root = await tree({ 'src-main/electron/main.ts': 60 });
    expect(await readStaleBuild(root)).toBe(`${path.join(root, 'dist')} has no compiled main process: run npm run build:main first`);
  });
});
