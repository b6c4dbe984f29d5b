import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_LEVELS, type LogLevel } from '../../../src-shared/types/base.js';
import { getLogger, resetLogger, setupLogger } from '../../../src-main/core/logging/index.js';
import { createMemorySink, makeTempDir, readLogRecords, removeTempDir } from './memory-sink.js';

const METHODS = ['fatal', 'error', 'warn', 'success', 'info', 'debug', 'trace'] as const;

const EXPECTED: Record<LogLevel, string[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'success', 'info'],
  debug: ['fatal', 'error', 'warn', 'success', 'info', 'debug'],
  trace: ['fatal', 'error', 'warn', 'success', 'info', 'debug', 'trace'],
};

function logEveryLevel(): void {
  const logger = getLogger();
  for (const method of METHODS) logger[method](`at ${method}`);
}

let dir: string;
let logFile: string;

beforeEach(() => {
  dir = makeTempDir();
  logFile = path.join(dir, 'logs', 'openclaw.log');
});

afterEach(() => {
  resetLogger();
  removeTempDir(dir);
});

describe('file level', () => {
  it.each(LOG_LEVELS)('writes exactly the levels threshold %s allows to the file', (level) => {
    setupLogger({ level, console_level: 'silent' }, { logFile, console: createMemorySink() });
    logEveryLevel();
    expect(readLogRecords(logFile).map((record) => record.level)).toEqual(EXPECTED[level]);
  });
});

describe('console level', () => {
  it.each(LOG_LEVELS)('prints exactly the levels threshold %s allows to the console', (level) => {
    const sink = createMemorySink();
    setupLogger({ level: 'silent', console_level: level, console_style: 'json' }, { logFile, console: sink });
    logEveryLevel();
    expect(sink.lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(EXPECTED[level]);
  });

  it('follows the file level when console_level is not set', () => {
    const sink = createMemorySink();
    setupLogger({ level: 'warn', console_style: 'json' }, { logFile, console: sink });
    logEveryLevel();
    expect(sink.lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(['fatal', 'error', 'warn']);
  });

  it('filters file and console separately', () => {
    const sink = createMemorySink();
    setupLogger({ level: 'warn', console_level: 'debug', console_style: 'json' }, { logFile, console: sink });
    getLogger().info('console only');
    getLogger().warn('both');
    expect(readLogRecords(logFile).map((record) => record.message)).toEqual(['both']);
    expect(sink.lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual(['console only', 'both']);
  });
});
