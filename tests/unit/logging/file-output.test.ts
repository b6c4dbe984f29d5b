import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoggingConfigSchema } from '../../../src-shared/config/schema.js';
import { escapeRegExp } from '../../../src-shared/utils/index.js';
import {
  getCurrentConfig,
  getCurrentLogFile,
  getLogger,
  isLoggerInitialized,
  logDebug,
  logInfo,
  logTrace,
  logWarn,
  resetLogger,
  resolveDefaultLogDir,
  resolveDefaultLogFile,
  setupLogger,
} from '../../../src-main/core/logging/index.js';
import { FIXED_TIME, createMemorySink, makeTempDir, readLogRecords, removeTempDir } from './memory-sink.js';

let dir: string;

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(() => {
  resetLogger();
  removeTempDir(dir);
});

describe('default log file', () => {
  it('lives at <state>/logs/openclaw.log', () => {
    expect([resolveDefaultLogDir('/state'), resolveDefaultLogFile('/state')]).toEqual([
      path.join('/state', 'logs'),
      path.join('/state', 'logs', 'openclaw.log'),
    ]);
  });

  it('is created, with its directory, under the given state dir', () => {
    setupLogger({}, { stateDir: dir, console: createMemorySink(), clock: () => FIXED_TIME });
    logInfo('hello', { n: 1 });
    const file = path.join(dir, 'logs', 'openclaw.log');
    expect(getCurrentLogFile()).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(
      `${JSON.stringify({ time: new Date(FIXED_TIME).toISOString(), level: 'info', message: 'hello', fields: { n: 1 } })}\n`,
    );
  });
});

describe('log file path', () => {
  it('takes the logFile option over logging.file and the state dir', () => {
    const option = path.join(dir, 'option', 'a.log');
    setupLogger({ file: path.join(dir, 'config.log') }, { logFile: option, stateDir: dir, console: createMemorySink() });
    logInfo('where');
    expect([existsSync(option), existsSync(path.join(dir, 'config.log')), existsSync(path.join(dir, 'logs'))]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('takes logging.file over the state dir', () => {
    const configured = path.join(dir, 'custom', 'deep', 'gateway.log');
    setupLogger({ file: configured }, { stateDir: dir, console: createMemorySink() });
    logInfo('where');
    expect(readLogRecords(configured).map((record) => record.message)).toEqual(['where']);
  });

  it('logs to the console only when no path is known', () => {
    const sink = createMemorySink();
    setupLogger({}, { console: sink });
    logInfo('console only');
    expect([getCurrentLogFile(), sink.lines.length]).toEqual([undefined, 1]);
  });

  it('appends to an existing log file instead of replacing it', () => {
    const file = path.join(dir, 'openclaw.log');
    writeFileSync(file, '{"message":"earlier"}\n');
    setupLogger({}, { logFile: file, console: createMemorySink() });
    logInfo('later');
    expect(readLogRecords(file).map((record) => record.message)).toEqual(['earlier', 'later']);
  });

  it('throws an error naming the directory when it cannot be created, keeping the previous setup', () => {
    const good = path.join(dir, 'good.log');
    setupLogger({}, { logFile: good, console: createMemorySink() });
    writeFileSync(path.join(dir, 'blocker'), 'a file, not a dir');
    const blocked = path.join(dir, 'blocker', 'logs');
    expect(() => setupLogger({}, { logFile: path.join(blocked, 'openclaw.log') })).toThrow(
      new RegExp(`^Cannot create the log directory ${escapeRegExp(blocked)}: a part of its path is a file, not a folder \\(ENOTDIR\\); move that file out of the way, .*logging\\.file`),
    );
    logInfo('still here');
    expect(readLogRecords(good).map((record) => record.message)).toEqual(['still here']);
  });
});

describe('logging config', () => {
  it('fills in the defaults', () => {
    setupLogger({ level: 'debug' }, { console: createMemorySink() });
    expect(getCurrentConfig()).toEqual({
      level: 'debug',
      console_style: 'pretty',
      max_file_bytes: 10 * 1024 * 1024,
      retention_days: 7,
    });
  });

  it('rejects an unknown level, naming the key and the allowed values', () => {
    expect(() => setupLogger({ level: 'loud' as never })).toThrow(
      new Error(
        'Invalid logging config: logging.level: Invalid option: expected one of "silent"|"fatal"|"error"|"warn"|"info"|"debug"|"trace"',
      ),
    );
  });

  it('lists every invalid key at once', () => {
    expect(() => setupLogger({ console_style: 'fancy' as never, max_file_bytes: 0 })).toThrow(
      new Error(
        'Invalid logging config: logging.console_style: Invalid option: expected one of "pretty"|"compact"|"json"; logging.max_file_bytes: Too small: expected number to be >0',
      ),
    );
  });

  it('keeps the previous setup when the new config is invalid', () => {
    const file = path.join(dir, 'kept.log');
    setupLogger({ level: 'debug' }, { logFile: file, console: createMemorySink() });
    expect(() => setupLogger({ level: 'nope' as never })).toThrow();
    logDebug('still debug');
    expect([getCurrentConfig()?.level, readLogRecords(file).map((record) => record.message)]).toEqual(['debug', ['still debug']]);
  });
});

describe('silent', () => {
  it('writes nothing to the file or the console', () => {
    const sink = createMemorySink();
    const file = path.join(dir, 'logs', 'openclaw.log');
    setupLogger({ level: 'silent' }, { logFile: file, console: sink });
    const logger = getLogger();
    logger.fatal('x');
    logger.error('x');
    logger.warn('x');
    logger.success('x');
    logger.info('x');
    logger.debug('x');
    logger.trace('x');
    expect([sink.lines, existsSync(path.dirname(file)), getCurrentLogFile()]).toEqual([[], false, undefined]);
  });
});

describe('lifecycle', () => {
  it('reports an uninitialised logger after a reset', () => {
    setupLogger({}, { console: createMemorySink() });
    resetLogger();
    expect([isLoggerInitialized(), getCurrentConfig(), getCurrentLogFile()]).toEqual([false, undefined, undefined]);
  });

  it('writes to the new file only after reset and setup again', () => {
    const first = path.join(dir, 'first.log');
    const second = path.join(dir, 'second.log');
    setupLogger({}, { logFile: first, console: createMemorySink() });
    logInfo('one');
    resetLogger();
    setupLogger({}, { logFile: second, console: createMemorySink() });
    logInfo('two');
    expect([readLogRecords(first), readLogRecords(second)].map((records) => records.map((r) => r.message))).toEqual([
      ['one'],
      ['two'],
    ]);
  });

  it('applies a second setup without a reset, replacing the first', () => {
    const file = path.join(dir, 'openclaw.log');
    setupLogger({ level: 'debug' }, { logFile: file, console: createMemorySink() });
    setupLogger({ level: 'warn' }, { logFile: file, console: createMemorySink() });
    logInfo('hidden');
    logWarn('shown');
    expect(readLogRecords(file).map((record) => record.message)).toEqual(['shown']);
  });

  it('auto-initialises with the defaults, console only, when getLogger is called first', () => {
    resetLogger();
    getLogger();
    expect([isLoggerInitialized(), getCurrentConfig(), getCurrentLogFile()]).toEqual([
      true,
      LoggingConfigSchema.parse({}),
      undefined,
    ]);
  });

  it('auto-initialises when a log function is called first', () => {
    resetLogger();
    logTrace('below the default level, so nothing is printed');
    expect(isLoggerInitialized()).toBe(true);
  });

  it('keeps logger references working across a reset and a new setup', () => {
    const logger = setupLogger({}, { console: createMemorySink() });
    resetLogger();
    const sink = createMemorySink();
    setupLogger({ console_style: 'compact' }, { console: sink, clock: () => FIXED_TIME });
    logger.info('via the old reference');
    expect(sink.lines).toEqual(['09:05:07 I via the old reference']);
  });

  it('does not create the log directory of a file it never writes', () => {
    setupLogger({ level: 'silent', console_level: 'info' }, { logFile: path.join(dir, 'y', 'openclaw.log'), console: createMemorySink() });
    logInfo('console only');
    expect(existsSync(path.join(dir, 'y'))).toBe(false);
  });
});
