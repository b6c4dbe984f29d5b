import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import { lstat, open, readlink, stat } from 'node:fs/promises';

// Opening a FIFO for reading blocks until a writer appears, and each blocked open holds one of the
// four libuv worker threads every fs call shares; O_NONBLOCK makes it return at once. Windows has
// no such flag (nor FIFOs a path can name), so it is simply left out there.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a path names, in words for an error message. */
export type FileKind = 'file' | 'directory' | 'FIFO (named pipe)' | 'character device' | 'block device' | 'socket' | 'special file';

/** The path exists but is not a regular file (a directory, FIFO, device or socket); nothing was read from it. */
export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';

  constructor(
    readonly filePath: string,
    readonly kind: FileKind,
    /** Where the path leads when it is a symbolic link. */
    readonly linkTarget: string | undefined,
  ) {
    super(`${filePath}${linkTarget === undefined ? '' : ` (a link to ${linkTarget})`} is a ${kind}, not a file`);
  }
}

/** The file is bigger than the caller accepts; it was not read. */
export class FileTooLargeError extends Error {
  override readonly name = 'FileTooLargeError';

  constructor(
    readonly filePath: string,
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${filePath} is ${formatByteSize(size)}; at most ${formatByteSize(maxBytes)} is read`);
  }
}

/** Formats a byte count for people: `812 bytes`, `52 MB`, `1 MiB` for exact binary sizes. */
export function formatByteSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  for (const [unit, size] of [['GB', 1e9], ['MB', 1e6], ['kB', 1e3]] as const) {
    if (bytes >= size) return `${bytes >= 10 * size ? Math.round(bytes / size) : (bytes / size).toFixed(1)} ${unit}`;
  }
  return `${bytes} bytes`;
}

function resolveFileKind(stats: Stats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  if (stats.isFIFO()) return 'FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isSocket()) return 'socket';
  return 'special file';
}

function checkStats(filePath: string, stats: Stats, maxBytes: number): { kind: FileKind } | FileTooLargeError | undefined {
  const kind = resolveFileKind(stats);
  if (kind !== 'file') return { kind };
  return stats.size > maxBytes ? new FileTooLargeError(filePath, stats.size, maxBytes) : undefined;
}

async function assertRegular(filePath: string, stats: Stats, maxBytes: number): Promise<void> {
  const problem = checkStats(filePath, stats, maxBytes);
  if (problem instanceof Error) throw problem;
  if (problem) throw new NotRegularFileError(filePath, problem.kind, await readLinkTarget(filePath));
}

function assertRegularSync(filePath: string, stats: Stats, maxBytes: number): void {
  const problem = checkStats(filePath, stats, maxBytes);
  if (problem instanceof Error) throw problem;
  if (problem) throw new NotRegularFileError(filePath, problem.kind, readLinkTargetSync(filePath));
}

async function readLinkTarget(filePath: string): Promise<string | undefined> {
  try {
    return (await lstat(filePath)).isSymbolicLink() ? await readlink(filePath) : undefined;
  } catch {
    // Only decorates the message; the error about the path itself is the one that matters.
    return undefined;
  }
}

function readLinkTargetSync(filePath: string): string | undefined {
  try {
    return lstatSync(filePath).isSymbolicLink() ? readlinkSync(filePath) : undefined;
  } catch {
    // Only decorates the message; the error about the path itself is the one that matters.
    return undefined;
  }
}

/** Collects what `read` returns into a buffer sized from fstat, refusing more than `maxBytes` (the file may grow meanwhile). */
function createCappedReader(filePath: string, statSize: number, maxBytes: number) {
  // One byte more than the size lets the read see the end; one more than allowed tells a file that grew.
  let buffer = Buffer.alloc(Math.min(statSize, maxBytes) + 1);
  let length = 0;
  return {
    next(): { buffer: Buffer; offset: number; length: number } {
      if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(maxBytes + 1 - buffer.length)]);
      return { buffer, offset: length, length: buffer.length - length };
    },
    /** Takes one read's count; true at the end of the file. */
    took(bytesRead: number): boolean {
      length += bytesRead;
      if (length > maxBytes) throw new FileTooLargeError(filePath, length, maxBytes);
      return bytesRead === 0;
    },
    bytes: () => buffer.subarray(0, length),
  };
}

/**
 * Reads a regular file of at most `maxBytes`: the path is stat'ed first and the opened descriptor
 * fstat'ed again (it may have been swapped in between), and opened non-blocking so a FIFO can never
 * hold a worker thread. Throws NotRegularFileError (directory, FIFO, device, socket, also through
 * a symbolic link), FileTooLargeError, or the fs error (ENOENT, EACCES…) unchanged.
 */
export async function readRegularFile(filePath: string, maxBytes: number): Promise<Buffer> {
  await assertRegular(filePath, await stat(filePath), maxBytes);
  const handle = await open(filePath, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    await assertRegular(filePath, stats, maxBytes);
    const reader = createCappedReader(filePath, stats.size, maxBytes);
    for (;;) {
      const { buffer, offset, length } = reader.next();
      if (reader.took((await handle.read(buffer, offset, length, null)).bytesRead)) return reader.bytes();
    }
  } finally {
    await handle.close();
  }
}

/** Synchronous readRegularFile, with the same checks and errors. */
export function readRegularFileSync(filePath: string, maxBytes: number): Buffer {
  assertRegularSync(filePath, statSync(filePath), maxBytes);
  const fd = openSync(filePath, OPEN_FLAGS);
  try {
    const stats = fstatSync(fd);
    assertRegularSync(filePath, stats, maxBytes);
    const reader = createCappedReader(filePath, stats.size, maxBytes);
    for (;;) {
      const { buffer, offset, length } = reader.next();
      if (reader.took(readSync(fd, buffer, offset, length, null))) return reader.bytes();
    }
  } finally {
    closeSync(fd);
  }
}
