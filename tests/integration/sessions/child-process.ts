import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sessions');

export interface FixtureProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  /** Resolves with the first stdout line matching `pattern` (also one already seen); rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Registers cleanup and returns a launcher of `node --import tsx tests/fixtures/sessions/<name>.ts`, killed after each test. */
export function useFixtureProcesses(): (name: string, args: string[]) => FixtureProcess {
  const running: ChildProcessWithoutNullStreams[] = [];
  afterEach(() => {
    for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (name, args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES_DIR, `${name}.ts`), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.push(child);
    const lines: string[] = [];
    const listeners = new Set<() => void>();
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      lines.push(...parts);
      for (const listener of listeners) listener();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
      child.on('exit', (code, signal) => {
        for (const listener of listeners) listener();
        resolve({ code, signal, stderr });
      }),
    );
    const waitForLine = (pattern: RegExp, timeoutMs: number): Promise<string> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs}ms; stderr: ${stderr}`)), timeoutMs);
        const check = (): void => {
          const line = lines.find((l) => pattern.test(l));
          if (line !== undefined) finish(undefined, line);
          else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`${name} exited before printing ${pattern}; stderr: ${stderr}`));
        };
        function finish(error: Error | undefined, line?: string): void {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(line as string);
        }
        listeners.add(check);
        check();
      });
    return { child, lines, waitForLine, exited };
  };
}
