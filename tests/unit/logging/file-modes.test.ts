import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/core/logging/index.js';
import { createMemorySink, makeTempDir, removeTempDir } from './memory-sink.js';

const modeOf = (target: string): number => statSync(target).mode & 0o777;

let stateDir: string;
beforeEach(() => {
  stateDir = makeTempDir();
});
afterEach(() => {
  removeTempDir(stateDir);
});

// Log lines hold pairing codes, names and chat ids: only the owner may read them.
describe.skipIf(process.platform === 'win32')('log file modes', () => {
  it('creates logs/ at 0700 and the log file at 0600', () => {
    const logger = createLogger({}, { stateDir, console: createMemorySink() });
    logger.info('pairing code ABC123 for Ada');
    expect(modeOf(path.join(stateDir, 'logs'))).toBe(0o700);
    expect(modeOf(path.join(stateDir, 'logs', 'openclaw.log'))).toBe(0o600);
  });

  it('narrows an existing logs/ and log file that others can read', () => {
    const logsDir = path.join(stateDir, 'logs');
    mkdirSync(logsDir);
    chmodSync(logsDir, 0o755);
    writeFileSync(path.join(logsDir, 'openclaw.log'), '');
    chmodSync(path.join(logsDir, 'openclaw.log'), 0o644);
    const logger = createLogger({}, { stateDir, logFile: path.join(logsDir, 'openclaw.log'), console: createMemorySink() });
    logger.info('hello');
    expect(modeOf(logsDir)).toBe(0o700);
    expect(modeOf(path.join(logsDir, 'openclaw.log'))).toBe(0o600);
  });

  it('keeps the file and every archive at 0600 across rotations', () => {
    let now = Date.UTC(2026, 0, 1);
    const logger = createLogger({ max_file_bytes: 200 }, { stateDir, console: createMemorySink(), clock: () => (now += 1000) });
    for (let i = 0; i < 20; i++) logger.info(`line ${i} ${'x'.repeat(40)}`);
    const logsDir = path.join(stateDir, 'logs');
    const files = readdirSync(logsDir);
    expect(files.length).toBeGreaterThan(2);
    expect(files.map((name) => [name, modeOf(path.join(logsDir, name))])).toEqual(files.map((name) => [name, 0o600]));
  });

  it('leaves the mode of a folder chosen for logging.file alone, but makes the file 0600', () => {
    const chosen = path.join(stateDir, 'elsewhere');
    mkdirSync(chosen);
    chmodSync(chosen, 0o755);
    const logger = createLogger({ file: path.join(chosen, 'gateway.log') }, { stateDir, console: createMemorySink() });
    logger.info('hello');
    expect(modeOf(chosen)).toBe(0o755);
    expect(modeOf(path.join(chosen, 'gateway.log'))).toBe(0o600);
  });
});
