import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, logInfo, resetLogger, setupLogger } from '../../../src-main/core/logging/index.js';
import { createMemorySink, makeTempDir, readLogRecords, removeTempDir } from './memory-sink.js';

let dir: string;

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(() => {
  resetLogger();
  removeTempDir(dir);
});

const messages = (file: string): unknown[] => readLogRecords(file).map((record) => record.message);

describe('createLogger', () => {
  it('writes each handle to its own file', () => {
    const a = createLogger({}, { logFile: path.join(dir, 'a.log'), console: createMemorySink() });
    const b = createLogger({}, { logFile: path.join(dir, 'b.log'), console: createMemorySink() });
    a.info('to a');
    b.info('to b');
    expect([messages(path.join(dir, 'a.log')), messages(path.join(dir, 'b.log'))]).toEqual([['to a'], ['to b']]);
    expect([a.currentLogFile(), b.currentLogFile()]).toEqual([path.join(dir, 'a.log'), path.join(dir, 'b.log')]);
  });

  it('keeps secrets per handle', () => {
    const a = createLogger({}, { logFile: path.join(dir, 'a.log'), console: createMemorySink(), secrets: ['secret-of-a'] });
    const b = createLogger({}, { logFile: path.join(dir, 'b.log'), console: createMemorySink() });
    b.addSecrets(['secret-of-b']);
    a.info('secret-of-a secret-of-b');
    b.info('secret-of-a secret-of-b');
    expect([messages(path.join(dir, 'a.log')), messages(path.join(dir, 'b.log'))]).toEqual([
      ['[redacted] secret-of-b'],
      ['secret-of-a [redacted]'],
    ]);
  });

  it('keeps levels per handle', () => {
    const quiet = createMemorySink();
    const chatty = createMemorySink();
    const a = createLogger({ level: 'warn', console_style: 'compact' }, { console: quiet });
    const b = createLogger({ level: 'debug', console_style: 'compact' }, { console: chatty });
    a.debug('hidden');
    b.debug('shown');
    a.warn('marker');
    expect(quiet.lines.map((line) => line.replace(/^\S+ /, ''))).toEqual(['W marker']);
    expect(chatty.lines.map((line) => line.replace(/^\S+ /, ''))).toEqual(['D shown']);
    expect([a.currentConfig().level, b.currentConfig().level]).toEqual(['warn', 'debug']);
  });

  it('is untouched by the default logger and its reset', () => {
    const own = createLogger({}, { logFile: path.join(dir, 'own.log'), console: createMemorySink(), secrets: ['own-secret'] });
    setupLogger({ level: 'error' }, { logFile: path.join(dir, 'default.log'), console: createMemorySink(), secrets: ['default-secret'] });
    logInfo('below the default logger level');
    resetLogger();
    own.info('own-secret default-secret');
    expect(messages(path.join(dir, 'own.log'))).toEqual(['[redacted] default-secret']);
    expect(messages(path.join(dir, 'default.log'))).toEqual([]);
  });

  it('reconfigures in place, keeping its secrets', () => {
    const handle = createLogger({}, { logFile: path.join(dir, 'first.log'), console: createMemorySink(), secrets: ['kept-secret'] });
    handle.info('one');
    handle.reconfigure({ level: 'warn' }, { logFile: path.join(dir, 'second.log'), console: createMemorySink() });
    handle.info('hidden');
    handle.warn('two kept-secret');
    expect([messages(path.join(dir, 'first.log')), messages(path.join(dir, 'second.log'))]).toEqual([['one'], ['two [redacted]']]);
  });

  it('keeps the earlier setup when a reconfigure is invalid', () => {
    const handle = createLogger({ level: 'info' }, { logFile: path.join(dir, 'a.log'), console: createMemorySink() });
    expect(() => handle.reconfigure({ level: 'loud' as never }, { logFile: path.join(dir, 'b.log') })).toThrow('logging.level');
    handle.info('still here');
    expect([messages(path.join(dir, 'a.log')), handle.currentLogFile(), handle.currentConfig().level]).toEqual([
      ['still here'],
      path.join(dir, 'a.log'),
      'info',
    ]);
  });

  it('throws on an invalid config at creation', () => {
    expect(() => createLogger({ max_file_bytes: -1 } as never)).toThrow('Invalid logging config: logging.max_file_bytes');
  });
});
