// Real full and read-only file systems for tests, made with mount(8): a size-limited tmpfs gives a
// true ENOSPC and a read-only bind mount a true EROFS, which chmod cannot fake for root.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

function run(args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
}

/** Whether this process may mount file systems (root with CAP_SYS_ADMIN on Linux), found by mounting a tiny tmpfs. */
export function canMount(): boolean {
  if (process.platform !== 'linux') return false;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'openclaw-mount-probe-'));
  try {
    run(['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return true;
  } catch {
    // No privilege (or no mount binary): the tests that need it are skipped, saying why.
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describeExecError(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
  return stderr || (error instanceof Error ? error.message : String(error));
}

/** Unmounts `dir`, falling back to a lazy unmount when it is busy; returns what went wrong, if anything. */
function unmount(dir: string): string | undefined {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      return undefined;
    } catch (lazyError) {
      return `${dir}: ${describeExecError(error)}; umount -l: ${describeExecError(lazyError)}`;
    }
  }
}

export interface Mounts {
  /** Mounts a tmpfs of `sizeBytes` on `dir` (which must exist). */
  tmpfs(dir: string, sizeBytes: number): void;
  /** Makes `dir` (which must exist) a read-only view of itself. */
  readOnly(dir: string): void;
}

/** Registers cleanup (unmount, newest first) after each test and returns the mounters. */
export function useMounts(): Mounts {
  const mounted: string[] = [];
  // afterEach runs even when the test threw midway; every mount is tried (a busy one is detached
  // lazily) so one failure cannot leave the others mounted, and all failures are reported together.
  afterEach(() => {
    const failures: string[] = [];
    for (const dir of mounted.splice(0).reverse()) {
      const problem = unmount(dir);
      if (problem) failures.push(problem);
    }
    if (failures.length > 0) throw new Error(`Could not unmount test mounts:\n${failures.join('\n')}`);
  });
  return {
    tmpfs(dir, sizeBytes) {
      run(['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir]);
      mounted.push(dir);
    },
    readOnly(dir) {
      run(['--bind', dir, dir]);
      mounted.push(dir);
      run(['-o', 'remount,bind,ro', dir]);
    },
  };
}
