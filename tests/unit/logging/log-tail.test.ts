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
    const tail = createLogTail({ capacity: 5, bootId: 'boot-1' });
    for (let i = 1; i <= 3; i++) tail.append(entry(`line ${i}`));
    expect(tail.read({ limit: 2 })).toEqual({ lines: [{ seq: 2, ...entry('line 2') }, { seq: 3, ...entry('line 3') }], cursor: 3, missed: 0, has_more: false, boot_id: 'boot-1' });
    expect(tail.read({ cursor: 1, limit: 10 }).lines.map((line) => line.seq)).toEqual([2, 3]);
    expect(tail.read({ cursor: 3, limit: 10 })).toEqual({ lines: [], cursor: 3, missed: 0, has_more: false, boot_id: 'boot-1' });
  });

  it('keeps only the newest lines and says how many after the cursor are gone', () => {
    const tail = createLogTail({ capacity: 3 });
    for (let i = 1; i <= 7; i++) tail.append(entry(`line ${i}`));
    expect(tail.read({ cursor: 1, limit: 10 })).toEqual({ lines: expect.any(Array), cursor: 7, missed: 3, has_more: false, boot_id: tail.bootId });
    expect(tail.read({ cursor: 1, limit: 10 }).lines.map((line) => line.seq)).toEqual([5, 6, 7]);
  });

  it('reads the oldest lines after a cursor first, with has_more and the cursor to go on from, until it has caught up', () => {
    const tail = createLogTail({ capacity: 10 });
    for (let i = 1; i <= 9; i++) tail.append(entry(`line ${i}`));
    const first = tail.read({ cursor: 2, limit: 3 });
    expect([first.lines.map((line) => line.seq), first.cursor, first.has_more, first.missed]).toEqual([[3, 4, 5], 5, true, 0]);
    const second = tail.read({ cursor: first.cursor, limit: 3 });
    expect([second.lines.map((line) => line.seq), second.cursor, second.has_more]).toEqual([[6, 7, 8], 8, true]);
    const last = tail.read({ cursor: second.cursor, limit: 3 });
    expect([last.lines.map((line) => line.seq), last.cursor, last.has_more]).toEqual([[9], 9, false]);
  });

  it('names each tail with its own random boot id unless given one', () => {
    expect(createLogTail().bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(createLogTail().bootId).not.toBe(createLogTail().bootId);
    expect(createLogTail({ bootId: 'fixed' }).read({ limit: 1 }).boot_id).toBe('fixed');
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
