// The test mounts never outlive their test: a busy mount (a file still open on it) is detached
// lazily, and it does not keep the others mounted, even when the test threw midway.
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../unit/sessions/helpers.js';
import { canMount, useMounts } from './mounts.js';

const MOUNTS = canMount();
const tempDir = useTempDirs();
// Registered before useMounts, so it runs after the unmounting (afterEach hooks run in reverse).
const mounts = MOUNTS ? useMounts() : undefined;
const mounted: string[] = [];
const openFiles: number[] = [];
afterAll(() => {
  for (const fd of openFiles.splice(0)) closeSync(fd);
});

function isMountPoint(dir: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === dir);
}

describe.skipIf(!MOUNTS)('test mounts (needs mount(8): root with CAP_SYS_ADMIN on Linux)', () => {
  it.fails('a test that throws while one of its mounts is busy (a file open on it) still fails', async () => {
    const root = await tempDir();
    for (const name of ['first', 'busy', 'read-only']) await mkdir(path.join(root, name));
    mounts?.tmpfs(path.join(root, 'first'), 64 * 1024);
    mounts?.tmpfs(path.join(root, 'busy'), 64 * 1024);
    openFiles.push(openSync(path.join(root, 'busy', 'held'), 'w'));
    mounts?.readOnly(path.join(root, 'read-only'));
    mounted.push(...['first', 'busy', 'read-only'].map((name) => path.join(root, name)));
    expect(mounted.every(isMountPoint)).toBe(true);
    throw new Error('midway');
  });

  it('…and afterwards none of its mounts is left, the busy one included', () => {
    expect(mounted).toHaveLength(3);
    expect(mounted.filter(isMountPoint)).toEqual([]);
  });
});
