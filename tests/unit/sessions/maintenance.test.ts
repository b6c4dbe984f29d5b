import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionMaintenanceConfig } from '../../../src-shared/config/schema.js';
import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import {
  DEFAULT_SESSION_MAX_ENTRIES,
  DEFAULT_SESSION_PRUNE_AFTER_MS,
  DEFAULT_SESSION_ROTATE_BYTES,
  capEntryCount,
  createSessionStore,
  pruneStaleEntries,
  resolveSessionMaintenance,
  rotateSessionFile,
} from '../../../src-main/core/sessions/index.js';
import { loadedEntry, recordingLogger, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 0, 31);

function storeOf(...ages: Array<[string, number]>): SessionStore {
  return Object.fromEntries(ages.map(([key, updatedAt]) => [key, loadedEntry(`id-${key}`, updatedAt)]));
}

describe('constants', () => {
  it('match the contract defaults', () => {
    expect(DEFAULT_SESSION_PRUNE_AFTER_MS).toBe(30 * DAY_MS);
    expect(DEFAULT_SESSION_MAX_ENTRIES).toBe(500);
    expect(DEFAULT_SESSION_ROTATE_BYTES).toBe(10 * 1024 * 1024);
  });
});

describe('pruneStaleEntries', () => {
  it('removes entries older than 30 days by default and returns the count', () => {
    const store = storeOf(['fresh', NOW - DAY_MS], ['edge', NOW - 30 * DAY_MS], ['old', NOW - 31 * DAY_MS]);
    expect(pruneStaleEntries(store, undefined, { now: NOW })).toBe(1);
    expect(Object.keys(store)).toEqual(['fresh', 'edge']);
  });

  it('honours a custom max age', () => {
    const store = storeOf(['a', NOW - 1000], ['b', NOW - 10]);
    expect(pruneStaleEntries(store, 100, { now: NOW })).toBe(1);
    expect(Object.keys(store)).toEqual(['b']);
  });

  it('logs what it pruned, and nothing when nothing was stale', () => {
    const log = recordingLogger();
    pruneStaleEntries(storeOf(['a', NOW]), undefined, { now: NOW, log });
    expect(log.infos).toEqual([]);
    pruneStaleEntries(storeOf(['a', 0], ['b', 1]), undefined, { now: NOW, log });
    expect(log.infos).toEqual(['Pruned 2 session entries not updated in the last 30 days']);
  });
});

describe('capEntryCount', () => {
  it('keeps the most recently updated entries', () => {
    const store = storeOf(['a', 3], ['b', 1], ['c', 4], ['d', 2]);
    expect(capEntryCount(store, 2)).toBe(2);
    expect(Object.keys(store).sort()).toEqual(['a', 'c']);
  });

  it('defaults to 500 entries', () => {
    const store = storeOf(...Array.from({ length: 503 }, (_, i): [string, number] => [`k${i}`, i]));
    expect(capEntryCount(store)).toBe(3);
    expect(Object.keys(store)).toHaveLength(500);
    expect(store.k0 ?? store.k1 ?? store.k2).toBeUndefined();
  });

  it('does nothing under the cap and logs removals', () => {
    const log = recordingLogger();
    expect(capEntryCount(storeOf(['a', 1]), 5, { log })).toBe(0);
    expect(capEntryCount(storeOf(['a', 1], ['b', 2]), 1, { log })).toBe(1);
    expect(log.infos).toEqual(['Removed the 1 least recently updated session entries to keep 1']);
  });
});

describe('rotateSessionFile', () => {
  async function storeWith(bytes: string): Promise<string> {
    const storePath = path.join(await tempDir(), 'sessions.json');
    await writeFile(storePath, bytes);
    return storePath;
  }

  it('does nothing while the file is within maxBytes', async () => {
    const storePath = await storeWith('12345');
    expect(await rotateSessionFile(storePath, 5)).toBe(false);
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
  });

  it('takes the byte limit as its second parameter, 10 MiB by default', async () => {
    const storePath = await storeWith('small');
    expect(await rotateSessionFile(storePath)).toBe(false);
    expect(await rotateSessionFile(storePath, 4)).toBe(true);
  });

  it('returns false for a missing file', async () => {
    expect(await rotateSessionFile(path.join(await tempDir(), 'sessions.json'), 1)).toBe(false);
  });

  it('copies the file to .bak.1 and leaves the store in place', async () => {
    const storePath = await storeWith('version-1');
    expect(await rotateSessionFile(storePath, 1)).toBe(true);
    expect(await readFile(`${storePath}.bak.1`, 'utf8')).toBe('version-1');
    expect(await readFile(storePath, 'utf8')).toBe('version-1');
  });

  it('keeps exactly 3 backups by default, newest in .bak.1', async () => {
    const storePath = await storeWith('v0');
    for (let version = 1; version <= 5; version += 1) {
      await writeFile(storePath, `v${version}`);
      await rotateSessionFile(storePath, 1);
    }
    expect((await readdir(path.dirname(storePath))).sort()).toEqual([
      'sessions.json',
      'sessions.json.bak.1',
      'sessions.json.bak.2',
      'sessions.json.bak.3',
    ]);
    const backups = await Promise.all([1, 2, 3].map((n) => readFile(`${storePath}.bak.${n}`, 'utf8')));
    expect(backups).toEqual(['v5', 'v4', 'v3']);
  });

  it('deletes backups beyond a lowered count', async () => {
    const storePath = await storeWith('now');
    for (const n of [1, 2, 3, 4]) await writeFile(`${storePath}.bak.${n}`, `old${n}`);
    expect(await rotateSessionFile(storePath, 1, { backups: 2 })).toBe(true);
    expect((await readdir(path.dirname(storePath))).sort()).toEqual(['sessions.json', 'sessions.json.bak.1', 'sessions.json.bak.2']);
    expect(await readFile(`${storePath}.bak.2`, 'utf8')).toBe('old1');
  });
});

describe('resolveSessionMaintenance', () => {
  it('fills in the defaults', () => {
    expect(resolveSessionMaintenance()).toEqual({
      mode: 'warn',
      prune_after_days: 30,
      max_entries: 500,
      rotate_bytes: 10 * 1024 * 1024,
      rotate_backups: 3,
    });
  });

  it('names each bad key', () => {
    expect(() => resolveSessionMaintenance({ mode: 'always' as 'warn', max_entries: -1 })).toThrow(
      'Invalid session maintenance options:\n' +
        '  session.maintenance.mode: Invalid option: expected one of "enforce"|"warn"\n' +
        '  session.maintenance.max_entries: Too small: expected number to be >0',
    );
  });
});

describe('warn mode', () => {
  it('says what enforce would do once per condition, not on every write that changes the counts or the file size', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    const handle = createSessionStore({ clock: () => NOW });
    const logger = recordingLogger();
    const write = (key: string, maintenance: Partial<SessionMaintenanceConfig>) =>
      handle.update(storePath, (store) => void (store[key] = loadedEntry(`id-${key}`, NOW)), { logger, maintenance: { mode: 'warn', ...maintenance } });
    await write('a', { max_entries: 1 });
    await write('b', { max_entries: 1 });
    await write('c', { max_entries: 1 });
    await write('d', { max_entries: 1 });
    expect(logger.warnings).toEqual([expect.stringContaining('maintenance would remove 1 entries over max_entries 1')]);
    // Another limit is another condition: said once more, with the counts of now.
    await write('e', { max_entries: 2 });
    await write('f', { max_entries: 2 });
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[1]).toContain('remove 3 entries over max_entries 2');
    // Back within the limits, then over again: the condition is new again.
    await write('g', { max_entries: 100 });
    await write('h', { max_entries: 2 });
    expect(logger.warnings).toHaveLength(3);
    expect(await readFile(storePath, 'utf8')).toContain('"h"');
  });
});
