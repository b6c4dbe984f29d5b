// The errno → storage failure table, fed with real errors from the file system (no mounts needed).
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STORAGE_ERROR_HTTP_STATUS } from '../../../src-shared/protocol/errors.js';
import { CHAT_ERROR_HTTP_STATUS } from '../../../src-shared/protocol/chat.js';
import { ensureDir } from '../../../src-main/core/utils/fs.js';
import { findStorageError, StorageError, toStorageError } from '../../../src-main/core/utils/storage-error.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-storage-error-'));
  dirs.push(dir);
  return dir;
}

async function failure(action: () => Promise<unknown>): Promise<unknown> {
  return action().then(
    () => {
      throw new Error('expected the file system to refuse');
    },
    (error: unknown) => error,
  );
}

describe('toStorageError', () => {
  it('a file where a folder should be (ENOTDIR) is storage_unusable, naming the target and what to do', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'blocker'), 'x');
    const target = path.join(dir, 'blocker', 'sessions', 'sessions.json');
    const error = toStorageError(await failure(() => ensureDir(path.dirname(target))), target);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ kind: 'storage_unusable', path: target, retryAfterSeconds: undefined });
    expect((error as Error).message).toBe(
      `Cannot write ${target}: a part of its path is a file, not a folder (ENOTDIR); move that file out of the way, ` +
        'or point OPENCLAW_STATE_DIR (or session.store, logging.file) at a folder that is usable',
    );
  });

  it('a folder where a file should be (EISDIR) is storage_unusable, with the action in the message', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'abc.jsonl');
    await mkdir(target);
    const error = toStorageError(await failure(() => open(target, 'a+')), target, { action: 'read' });
    expect((error as Error).message).toBe(`Cannot read ${target}: it is a folder, not a file (EISDIR); move that folder out of the way`);
  });

  it('a symbolic link loop (ELOOP) and an over-long name (ENAMETOOLONG) are named too', async () => {
    const dir = await tempDir();
    const loop = path.join(dir, 'loop');
    await symlink(loop, loop);
    expect(toStorageError(await failure(() => writeFile(loop, 'x')), loop)).toMatchObject({ kind: 'storage_unusable', message: expect.stringContaining('(ELOOP)') });
    const long = path.join(dir, 'x'.repeat(300));
    expect(toStorageError(await failure(() => writeFile(long, 'x')), long)).toMatchObject({ kind: 'storage_unusable', message: expect.stringContaining('(ENAMETOOLONG)') });
  });

  it('leaves errors without a known code (and StorageErrors) as they are', async () => {
    const plain = new Error('boom');
    expect(toStorageError(plain, '/x')).toBe(plain);
    const known = new StorageError('storage_busy', '/x.lock', 'busy', 5);
    expect(toStorageError(known, '/y')).toBe(known);
  });

  it('is found behind causes, as the agent wraps it', () => {
    const storage = new StorageError('storage_full', '/x', 'full');
    expect(findStorageError(new Error('run failed', { cause: storage }))).toBe(storage);
    expect(findStorageError(new Error('other'))).toBeUndefined();
  });

  it('maps each kind to one HTTP status, the same for chat errors', () => {
    expect(STORAGE_ERROR_HTTP_STATUS).toEqual({ storage_full: 507, storage_read_only: 507, storage_busy: 503, storage_unusable: 500 });
    for (const [kind, status] of Object.entries(STORAGE_ERROR_HTTP_STATUS)) expect(CHAT_ERROR_HTTP_STATUS[kind as keyof typeof CHAT_ERROR_HTTP_STATUS]).toBe(status);
  });
});
