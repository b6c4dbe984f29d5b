import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** A running watch on one file; `check()` looks now instead of waiting for the next event or poll. */
export interface FileWatchHandle {
  check(): void;
  close(): Promise<void>;
}

export interface FileWatchOptions {
  /** Called (never concurrently) after the file's identity, size or times changed, or it appeared or vanished. */
  onChange: () => void | Promise<void>;
  onError?: (error: unknown) => void;
  /** Fallback poll for filesystems where fs.watch misses events (default 1,000 ms). */
  pollIntervalMs?: number;
  /** Events closer together than this are handled once (default 25 ms). */
  coalesceMs?: number;
}

export const FILE_WATCH_POLL_INTERVAL_MS = 1_000;
export const FILE_WATCH_COALESCE_MS = 25;

async function readSignature(filePath: string): Promise<string> {
  try {
    const s = await stat(filePath, { bigint: true });
    // The inode changes on every atomic (temp + rename) write, so even a same-size,
    // same-mtime rewrite on a coarse-timestamp filesystem is noticed.
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    // Missing or unreadable both mean "not there" to a watcher; the reader reports why.
    return 'missing';
  }
}

/**
 * Watches one file through fs.watch on its directory (which survives the file being replaced by
 * rename) plus a bounded stat poll; bursts of events are coalesced into one onChange call. A
 * directory that does not exist yet is picked up by the poll once it appears.
 */
export async function startFileWatch(filePath: string, options: FileWatchOptions): Promise<FileWatchHandle> {
  const dir = path.dirname(filePath);
  const base = path.basename(filePath);
  const pollIntervalMs = options.pollIntervalMs ?? FILE_WATCH_POLL_INTERVAL_MS;
  const coalesceMs = options.coalesceMs ?? FILE_WATCH_COALESCE_MS;
  let signature = await readSignature(filePath);
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;

  const run = async (): Promise<void> => {
    do {
      again = false;
      const next = await readSignature(filePath);
      if (next === signature || closed) continue;
      signature = next;
      try {
        await options.onChange();
      } catch (error) {
        options.onError?.(error);
      }
    } while (again && !closed);
  };

  const schedule = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      running = run().finally(() => {
        running = undefined;
      });
    }, coalesceMs);
  };

  const attach = (): void => {
    if (watcher || closed) return;
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        // Some platforms omit the name; then any event in the directory may be ours.
        if (name === null || name === base) schedule();
      });
      watcher.on('error', (error) => {
        options.onError?.(error);
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      // The directory does not exist (yet); the poll keeps retrying.
      watcher = undefined;
    }
  };

  attach();
  const poll = setInterval(() => {
    attach();
    schedule();
  }, pollIntervalMs);
  poll.unref();

  return {
    check: schedule,
    async close() {
      closed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      watcher?.close();
      await running;
    },
  };
}
