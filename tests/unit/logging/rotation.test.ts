import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  archiveLogFile,
  logInfo,
  pruneLogArchives,
  resetLogger,
  resolveLogArchivePath,
  setupLogger,
} from '../../../src-main/core/logging/index.js';
import { escapeRegExp } from '../../../src-shared/utils/index.js';
import { createMemorySink, makeTempDir, readLogRecords, removeTempDir } from './memory-sink.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 1, 13, 10, 11, 12, 345);
const ARCHIVE_NAME = /^openclaw\.\d{8}-\d{6}-\d{3}\.log$/;

let dir: string;
let file: string;

function touch(name: string, ageDays: number): string {
  const target = path.join(dir, name);
  writeFileSync(target, 'old\n');
  const seconds = (NOW - ageDays * DAY_MS) / 1000;
  utimesSync(target, seconds, seconds);
  return target;
}

beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'openclaw.log');
});

afterEach(() => {
  resetLogger();
  removeTempDir(dir);
});

describe('archive names', () => {
  it('stamps the rotation time in UTC between the name and the extension', () => {
    expect(resolveLogArchivePath(file, new Date(NOW))).toBe(path.join(dir, 'openclaw.20260213-101112-345.log'));
  });

  it('moves the stamp on by a millisecond when the name is taken', () => {
    writeFileSync(file, 'a\n');
    const first = archiveLogFile(file, new Date(NOW));
    writeFileSync(file, 'b\n');
    const second = archiveLogFile(file, new Date(NOW));
    expect([path.basename(first), path.basename(second), readFileSync(first, 'utf8'), readFileSync(second, 'utf8')]).toEqual([
      'openclaw.20260213-101112-345.log',
      'openclaw.20260213-101112-346.log',
      'a\n',
      'b\n',
    ]);
  });

  it('throws the rename error when the log file is missing', () => {
    expect(() => archiveLogFile(path.join(dir, 'missing.log'), new Date(NOW))).toThrow(/ENOENT/);
  });
});

describe('rotation', () => {
  it('moves the file to an archive once it exceeds max_file_bytes, losing no line', () => {
    let now = NOW;
    setupLogger({ max_file_bytes: 300 }, { logFile: file, console: createMemorySink(), clock: () => (now += 1000) });
    const messages = Array.from({ length: 20 }, (_, i) => `message number ${i} with some padding text`);
    for (const message of messages) logInfo(message);

    const archives = readdirSync(dir).filter((name) => ARCHIVE_NAME.test(name)).sort();
    expect(archives.length).toBeGreaterThanOrEqual(3);
    const written = [...archives.map((name) => path.join(dir, name)), file].flatMap((f) => readLogRecords(f).map((r) => r.message));
    expect(written).toEqual(messages);
    const lineBytes = Buffer.byteLength(`${readFileSync(file, 'utf8').split('\n')[0] ?? ''}\n`);
    for (const name of archives) expect(statSync(path.join(dir, name)).size).toBeLessThanOrEqual(300 + lineBytes);
  });

  it('does not rotate below max_file_bytes', () => {
    setupLogger({ max_file_bytes: 10_000 }, { logFile: file, console: createMemorySink() });
    for (let i = 0; i < 5; i += 1) logInfo(`line ${i}`);
    expect(readdirSync(dir)).toEqual(['openclaw.log']);
  });

  it('deletes archives older than retention_days when it rotates', () => {
    setupLogger({ max_file_bytes: 100, retention_days: 7 }, { logFile: file, console: createMemorySink(), clock: () => NOW });
    const old = touch('openclaw.20200101-000000-000.log', 8);
    logInfo('first line that is long enough to pass one hundred bytes in JSON form........');
    logInfo('second line triggers the rotation');
    const archives = readdirSync(dir).filter((name) => ARCHIVE_NAME.test(name));
    expect([existsSync(old), archives]).toEqual([false, ['openclaw.20260213-101112-345.log']]);
  });
});

describe('rotation failure', () => {
  it('reports a failed rotation once on the console and keeps writing to the log file', () => {
    const sink = createMemorySink();
    setupLogger({ max_file_bytes: 100, console_level: 'silent' }, { logFile: file, console: sink, clock: () => NOW });
    logInfo('a line long enough to pass one hundred bytes once it is written as JSON......');
    // Removing the file behind the logger's back makes the rename of the next rotation fail.
    rmSync(file);
    logInfo('second');
    logInfo('third line, long enough to pass one hundred bytes again as JSON.............');
    rmSync(file);
    logInfo('fourth');
    expect(sink.lines).toEqual([
      expect.stringMatching(
        new RegExp(`^Could not rotate the log file ${escapeRegExp(file)} \\(ENOENT.*\\); logging continues in it$`),
      ),
    ]);
    expect(readLogRecords(file).map((record) => record.message)).toEqual(['fourth']);
  });
});

describe('archive retention', () => {
  it('deletes old archives at setup and keeps recent ones and unrelated files', () => {
    const oldArchive = touch('openclaw.20200101-000000-000.log', 10);
    const recentArchive = touch('openclaw.20260212-000000-000.log', 1);
    const unrelated = [
      touch('openclaw.log.bak', 30),
      touch('other.20200101-000000-000.log', 30),
      touch('openclaw.20200101-000000-000.txt', 30),
      touch('notes.txt', 30),
    ];
    setupLogger({ retention_days: 7 }, { logFile: file, console: createMemorySink(), clock: () => NOW });
    expect([existsSync(oldArchive), existsSync(recentArchive), ...unrelated.map((f) => existsSync(f))]).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('measures age against retention_days', () => {
    touch('openclaw.20200101-000000-000.log', 2.5);
    touch('openclaw.20200102-000000-000.log', 1.5);
    expect(pruneLogArchives(file, 2, NOW).map((f) => path.basename(f))).toEqual(['openclaw.20200101-000000-000.log']);
  });

  it('does nothing when the log directory does not exist', () => {
    expect(pruneLogArchives(path.join(dir, 'missing', 'openclaw.log'), 1, NOW)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('narrows a kept archive written world-readable (before logs were private) to 0600, and nothing else', () => {
    const archive = touch('openclaw.20200101-000000-000.log', 0.5);
    const unrelated = touch('notes.txt', 0.5);
    chmodSync(archive, 0o644);
    chmodSync(unrelated, 0o644);
    pruneLogArchives(file, 7, NOW);
    expect([statSync(archive).mode & 0o777, statSync(unrelated).mode & 0o777]).toEqual([0o600, 0o644]);
  });
});
