import { mkdir, stat } from 'node:fs/promises';

/** Creates `dir` and any missing parents (default mode 0o777 minus the umask); succeeds when it already exists. */
export async function ensureDir(dir: string, options: { mode?: number } = {}): Promise<void> {
  await mkdir(dir, { recursive: true, ...(options.mode === undefined ? {} : { mode: options.mode }) });
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
