import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const HEADLESS = path.join(ROOT, 'src-main', 'headless.ts');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'gateway');

export interface NodeProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout match of `pattern`; rejects when the process exits first or after timeoutMs. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Registers cleanup (SIGKILL of survivors by pid) and returns a launcher of `node --import tsx <script>`. */
export function useNodeProcesses(): (script: string, args?: string[], env?: Record<string, string>) => NodeProcess {
  const running: ChildProcess[] = [];
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (script, args = [], env = {}) => {
    // Only what the gateway needs: PATH for node, the test's own variables; nothing from the real home.
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return {
      child,
      stdout: () => out,
      stderr: () => err,
      exited,
      waitForStdout(pattern, timeoutMs = 15_000) {
        return new Promise((resolve, reject) => {
          const check = () => {
            const match = out.match(pattern);
            if (!match) return false;
            cleanup();
            resolve(match);
            return true;
          };
          const onExit = () => {
            if (!check()) {
              cleanup();
              reject(new Error(`process exited before printing ${pattern}; stdout: ${out} stderr: ${err}`));
            }
          };
          const timer = setTimeout(() => {
            cleanup();
            reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${out} stderr: ${err}`));
          }, timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            child.stdout?.off('data', check);
            child.off('exit', onExit);
          };
          if (check()) return;
          child.stdout?.on('data', check);
          child.once('exit', onExit);
        });
      },
    };
  };
}
