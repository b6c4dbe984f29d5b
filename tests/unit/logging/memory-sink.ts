import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogSink } from '../../../src-main/core/logging/index.js';

/** A console sink that keeps each written line. */
export interface MemorySink extends LogSink {
  lines: string[];
}

export function createMemorySink(): MemorySink {
  const lines: string[] = [];
  return {
    lines,
    write(chunk: string) {
      lines.push(...chunk.split('\n').filter((line) => line.length > 0));
    },
  };
}

export function makeTempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'openclaw-logging-'));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The JSON records of a log file (none when the file does not exist). */
export function readLogRecords(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A clock fixed at 2026-02-13 09:05:07.042 local time. */
export const FIXED_TIME = new Date(2026, 1, 13, 9, 5, 7, 42).getTime();
