import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SESSION_STORE_TTL_MS,
  SessionStoreCorruptError,
  clearSessionStoreCacheForTest,
  loadSessionStore,
  loadSessionStoreWithVersion,
  readSessionStoreVersion,
  readSessionUpdatedAt,
  updateSessionStore,
} from '../../../src-main/core/sessions/index.js';
import { loadedEntry, rawEntry, recordingLogger, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
beforeEach(() => clearSessionStoreCacheForTest());
afterEach(() => vi.useRealTimers());

async function storeFile(content: unknown): Promise<string> {
  const storePath = path.join(await tempDir(), 'sessions.json');
  await writeFile(storePath, typeof content === 'string' ? content : JSON.stringify(content));
  return storePath;
}

describe('loadSessionStore', () => {
  it('returns {} for a missing file without creating it', async () => {
    const dir = await tempDir();
    expect(await loadSessionStore(path.join(dir, 'sessions.json'))).toEqual({});
    expect(await readdir(dir)).toEqual([]);
  });

  it('parses entries with schema defaults and keeps unknown fields', async () => {
    const storePath = await storeFile({ 'agent:main:main': rawEntry('s1', 100, { label: 'Main', written_by_other_tool: { x: 1 } }) });
    expect(await loadSessionStore(storePath)).toEqual({
      'agent:main:main': loadedEntry('s1', 100, { label: 'Main', written_by_other_tool: { x: 1 } }),
    });
  });

  it('accepts a file starting with a UTF-8 byte order mark', async () => {
    const storePath = await storeFile(`\uFEFF${JSON.stringify({ a: rawEntry('s1', 1) })}`);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['a']);
  });

  it('returns deep copies that callers cannot use to change the cache', async () => {
    const storePath = await storeFile({ a: rawEntry('s1', 1, { origin: { label: 'x' } }) });
    const first = await loadSessionStore(storePath);
    first.a!.origin!.label = 'changed';
    delete first.a;
    const second = await loadSessionStore(storePath);
    expect(second.a?.origin?.label).toBe('x');
  });

  it('sees a write by another process (size/mtime change) while cached', async () => {
    const storePath = await storeFile({ a: rawEntry('s1', 1) });
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['a']);
    await writeFile(storePath, JSON.stringify({ a: rawEntry('s1', 1), b: rawEntry('s2', 2) }));
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['a', 'b']);
  });

  it('serves the cached copy for 45 s when the file stat is unchanged, then rereads', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const storePath = await storeFile({ a: rawEntry('s1', 1) });
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    await loadSessionStore(storePath);
    // Same size, same inode, mtime put back: only the TTL can notice this in-place edit.
    await writeFile(storePath, JSON.stringify({ b: rawEntry('s1', 1) }));
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['a']);
    expect(Object.keys(await loadSessionStore(storePath, { skipCache: true }))).toEqual(['b']);

    await writeFile(storePath, JSON.stringify({ c: rawEntry('s1', 1) }));
    await utimes(storePath, 1_700_000_000, 1_700_000_000);
    vi.setSystemTime(Date.now() + DEFAULT_SESSION_STORE_TTL_MS - 1);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['b']);
    vi.setSystemTime(Date.now() + 1);
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['c']);
  });

  it('skips entries without a valid session_id or updated_at, warns once and leaves the file alone', async () => {
    const content = JSON.stringify({
      good: rawEntry('s1', 1),
      noId: { updated_at: 1 },
      badTime: { session_id: 's3', updated_at: 'yesterday' },
      nothing: null,
    });
    const storePath = await storeFile(content);
    const logger = recordingLogger();
    expect(Object.keys(await loadSessionStore(storePath, { logger }))).toEqual(['good']);
    await loadSessionStore(storePath, { logger });
    expect(logger.warnings).toEqual([
      `Skipping 3 session entries in ${storePath} that do not match the session schema (updates leave them in the file as they are):\n` +
        '  "noId".session_id: Invalid input: expected string, received undefined\n' +
        '  "badTime".updated_at: Invalid input: expected number, received string\n' +
        '  "nothing": Invalid input: expected object, received null',
    ]);
    expect(await readFile(storePath, 'utf8')).toBe(content);
  });

  describe('a corrupt store', () => {
    async function expectQuarantined(content: string, reason: string | RegExp): Promise<void> {
      const storePath = await storeFile(content);
      const logger = recordingLogger();
      const error = await loadSessionStore(storePath, { logger }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SessionStoreCorruptError);
      const { quarantinePath } = error as SessionStoreCorruptError;
      expect(path.dirname(quarantinePath)).toBe(path.dirname(storePath));
      expect(path.basename(quarantinePath)).toMatch(/^sessions\.json\.corrupt-\d+$/);
      const { reason: actual } = error as SessionStoreCorruptError;
      if (typeof reason === 'string') expect(actual).toBe(reason);
      else expect(actual).toMatch(reason);
      expect((error as Error).message).toBe(
        `Session store ${storePath} is corrupt (${actual}); its original bytes were moved to ${quarantinePath}. ` +
          `The next load starts from an empty store; to recover the sessions, repair that file and move it back to ${storePath}.`,
      );
      expect(logger.warnings).toEqual([(error as Error).message]);
      expect(await readFile(quarantinePath, 'utf8')).toBe(content);
      expect(await readdir(path.dirname(storePath))).toEqual([path.basename(quarantinePath)]);
      expect(await loadSessionStore(storePath)).toEqual({});
    }

    it('with invalid JSON is moved aside, bytes intact, placed by line and column without quoting the file', async () => {
      const content = '{"a": {"session_id": "s1-private-label", "updated_at": 1},, }';
      // Column 59 is the second comma; the reason never quotes the text around it.
      await expectQuarantined(content, /^invalid JSON at line 1, column 59: (?!.*private-label)/);
    });

    it('truncated mid-write is moved aside, bytes intact', async () => {
      const full = JSON.stringify({ a: rawEntry('s1', 1), b: rawEntry('s2', 2) }, null, 2);
      const content = full.slice(0, Math.floor(full.length / 2));
      await expectQuarantined(content, /^invalid JSON at line \d+, column \d+: /);
    });

    it('with an array at the top level is moved aside', async () => {
      await expectQuarantined('[{"session_id":"s1","updated_at":1}]', 'the top level is an array, not an object of session entries');
    });

    it('that is empty is moved aside', async () => {
      await expectQuarantined('', 'the file is empty');
    });
  });
});

describe('readSessionUpdatedAt', () => {
  it('returns the entry timestamp, undefined for unknown keys and a missing file', async () => {
    const storePath = await storeFile({ a: rawEntry('s1', 42) });
    expect(await readSessionUpdatedAt(storePath, 'a')).toBe(42);
    expect(await readSessionUpdatedAt(storePath, 'b')).toBeUndefined();
    expect(await readSessionUpdatedAt(storePath, 'constructor')).toBeUndefined();
    expect(await readSessionUpdatedAt(path.join(await tempDir(), 'none.json'), 'a')).toBeUndefined();
  });
});

describe('store version', () => {
  it('is null for a missing file', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    expect(await readSessionStoreVersion(storePath)).toBeNull();
    expect(await loadSessionStoreWithVersion(storePath)).toEqual({ store: {}, version: null });
  });

  it('matches between load and stat, and changes with every write', async () => {
    const storePath = await storeFile({ a: rawEntry('s1', 1) });
    const loaded = await loadSessionStoreWithVersion(storePath);
    expect(loaded.version).toBe(await readSessionStoreVersion(storePath));
    await updateSessionStore(storePath, (store) => {
      store.a!.label = 'x';
    });
    const after = await readSessionStoreVersion(storePath);
    expect(after).not.toBe(loaded.version);
    expect((await loadSessionStoreWithVersion(storePath)).version).toBe(after);
  });
});
