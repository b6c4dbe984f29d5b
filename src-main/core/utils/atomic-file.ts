import { randomBytes } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrnoException } from './fs.js';

const WINDOWS_RENAME_RETRIES = 10;
// Below every platform's IOV_MAX: one writev call per this many chunks.
const WRITEV_BATCH = 512;

export interface WriteFileAtomicOptions {
  /** Mode of the new file (default 0600: state files may hold secrets). */
  mode?: number;
  /** Runs after the data is on disk and before the rename: a lock check that may still throw and abort. */
  beforeRename?: () => void;
}

/**
 * Replaces `filePath` atomically: a temp file `<file>.<pid>.<hex>.tmp` in the same dir, write (`bytes`, or
 * chunks written in order without joining them), fsync,
 * `beforeRename`, rename, then fsync the directory where the OS allows. A reader sees the old or the new
 * bytes, never a mix. Returns the new file's stats (rename keeps inode, size and mtime). The directory
 * must exist; on failure the temp file is removed and the error rethrown.
 */
export async function writeFileAtomic(filePath: string, bytes: Buffer | string | readonly Buffer[], options: WriteFileAtomicOptions = {}): Promise<BigIntStats> {
  const tempPath = `${filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let stats: BigIntStats;
  try {
    const handle = await open(tempPath, 'wx', options.mode ?? 0o600);
    try {
      if (typeof bytes === 'string' || Buffer.isBuffer(bytes)) await handle.writeFile(bytes);
      else await writeChunks(handle, bytes);
      await handle.sync();
      stats = await handle.stat({ bigint: true });
    } finally {
      await handle.close();
    }
    options.beforeRename?.();
    await renameWithRetry(tempPath, filePath);
  } catch (error) {
    await unlink(tempPath).catch(() => {
      // The temp file may never have been created; the original error is the one worth reporting.
    });
    throw error;
  }
  await fsyncDir(path.dirname(filePath));
  return stats;
}

async function writeChunks(handle: FileHandle, chunks: readonly Buffer[]): Promise<void> {
  for (let start = 0; start < chunks.length; start += WRITEV_BATCH) {
    let batch = chunks.slice(start, start + WRITEV_BATCH);
    let remaining = batch.reduce((sum, chunk) => sum + chunk.length, 0);
    while (remaining > 0) {
      const { bytesWritten } = await handle.writev(batch);
      remaining -= bytesWritten;
      // A short write (rare on regular files): carry on from the first byte not written.
      let skip = bytesWritten;
      while (remaining > 0 && batch.length > 0 && skip >= (batch[0] as Buffer).length) skip -= (batch.shift() as Buffer).length;
      if (remaining > 0 && skip > 0) batch = [(batch[0] as Buffer).subarray(skip), ...batch.slice(1)];
    }
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      // Windows refuses to replace a file another process (a reader, an antivirus) has open; it
      // clears within milliseconds. Elsewhere these codes are real permission errors.
      const transient = isErrnoException(error) && ['EPERM', 'EACCES', 'EBUSY'].includes(error.code ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= WINDOWS_RENAME_RETRIES) throw error;
      await sleep(5 * (attempt + 1));
    }
  }
}

async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Windows cannot open or fsync a directory (EISDIR/EPERM/EINVAL); the rename is as durable as it gets there.
    if (!(isErrnoException(error) && ['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'EBADF'].includes(error.code ?? ''))) throw error;
  } finally {
    await handle?.close();
  }
}
