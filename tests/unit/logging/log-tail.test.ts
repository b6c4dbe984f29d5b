import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogTail } from '../../../src-main/core/logging/log-tail.js';
import { createLogger } from '../../../src-main/core/logging/logger.js';
import { createMemorySink } from './memory-sink.js';

const entry = (message: string) => ({ time: '2026-12-04T00:00:00.000Z', level: 'info' as const, message });

describe('createLogTail', () => {
  it('numbers lines and reads the newest ones, or those after a cursor', () => {
    const tail = createLogTail(5);
    for (let i = 1; i <= 3; i++) tail.append(entry(`line ${i}`));
    expect(tail.read({ limit: 2 })).toEqual({ lines: [{ seq: 2, ...entry('line 2') }, { seq: 3, ...entry('line 3') }], cursor: 3, missed: 0 });
    expect(tail.read({ cursor: 1, limit: 10 }).lines.map((line) => line.seq)).toEqual([2, 3]);
    expect(tail.read({ cursor: 3, limit: 10 })).toEqual({ lines: [], cursor: 3, missed: 0 });
  });

  it('keeps only the newest lines and says how many after the cursor are gone', () => {
    const tail = createLogTail(3);
    for (let i = 1; i <= 7; i++) tail.append(entry(`line ${i}`));
    expect(tail.read({ cursor: 1, limit: 10 })).toEqual({ lines: expect.any(Array), cursor: 7, missed: 3 });
    expect(tail.read({ cursor: 1, limit: 10 }).lines.map((line) => line.seq)).toEqual([5, 6, 7]);
  });

  it('calls subscribers with each line until they unsubscribe', () => {
    const tail = createLogTail();
    const seen: number[] = [];
    const stop = tail.subscribe((line) => seen.push(line.seq));
    tail.append(entry('a'));
    stop();
    tail.append(entry('b'));
    expect(seen).toEqual([1]);
  });
});

describe('createLogger with a tail', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps the lines at or above logging.level as the file has them, secrets redacted, even with the console silent', async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-tail-'));
    dirs.push(stateDir);
    const tail = createLogTail();
    const logger = createLogger({ level: 'info', console_level: 'silent' }, { stateDir, console: createMemorySink(), secrets: ['sk-very-secret-value'], tail });
    logger.debug('not kept');
    logger.warn('key sk-very-secret-value leaked', { token: 'sk-very-secret-value', port: 1 });
    const { lines } = tail.read({ limit: 10 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ seq: 1, level: 'warn', message: expect.stringContaining('key ') });
    expect(JSON.stringify(lines)).not.toContain('sk-very-secret-value');
    expect(lines[0]?.fields).toMatchObject({ port: 1 });
  });
});
