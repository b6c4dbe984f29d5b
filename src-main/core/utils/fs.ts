import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

// Node's recursive mkdir reports ENOENT whenever a missing ancestor cannot be created, whatever the
// reason (a read-only disk, no permission); creating the missing folders one at a time gets the real code.
function isMkdirpEnoent(error: unknown): boolean {
  return isErrnoException(error) && error.code === 'ENOENT';
}

function isEexist(error: unknown): boolean {
  return isErrnoException(error) && error.code === 'EEXIST';
}

/** The missing folders of `dir`, outermost first, found with `exists` (which says true for anything but "not there"). */
function listMissingFolders(dir: string, exists: (p: string) => boolean): string[] {
  const missing: string[] = [];
  for (let current = path.resolve(dir); !exists(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  return missing;
}

function existsSyncStrict(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch (error) {
    return !(isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR'));
  }
}

/**
 * Creates `dir` and any missing parents (default mode 0o777 minus the umask); succeeds when it already
 * exists. A failure carries the real reason (EROFS, EACCES, ENOTDIR…), not the ENOENT Node reports.
 */
export async function ensureDir(dir: string, options: { mode?: number } = {}): Promise<void> {
  const mode = options.mode === undefined ? {} : { mode: options.mode };
  try {
    await mkdir(dir, { recursive: true, ...mode });
    return;
  } catch (error) {
    if (!isMkdirpEnoent(error)) throw error;
  }
  // A rare path (the recursive mkdir already failed), so the synchronous existence checks are fine.
  for (const folder of listMissingFolders(dir, existsSyncStrict)) {
    await mkdir(folder, mode).catch((error: unknown) => {
      if (!isEexist(error)) throw error;
    });
  }
}

/** Synchronous ensureDir, with the same errors. */
export function ensureDirSync(dir: string, options: { mode?: number } = {}): void {
  const mode = options.mode === undefined ? {} : { mode: options.mode };
  try {
    mkdirSync(dir, { recursive: true, ...mode });
    return;
  } catch (error) {
    if (!isMkdirpEnoent(error)) throw error;
  }
  for (const folder of listMissingFolders(dir, existsSyncStrict)) {
    try {
      mkdirSync(folder, mode);
    } catch (error) {
      if (!isEexist(error)) throw error;
    }
  }
}

/** Resolves true when `p` exists (file, dir or anything else), false when it does not; other errors (EACCES…) are thrown. */
export async function pathExists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return false;
    throw error;
  }
}

/** Narrows an unknown thrown value to a Node system error carrying a `code`. */
export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
