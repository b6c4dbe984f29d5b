import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import {
  SessionEntryInvalidError,
  clearSessionStoreCacheForTest,
  loadSessionStore,
  saveSessionStore,
} from '../../../src-main/core/sessions/index.js';
import { loadedEntry, rawEntry, recordingLogger, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();
beforeEach(() => clearSessionStoreCacheForTest());
const DAY_MS = 24 * 60 * 60 * 1000;

async function newStorePath(): Promise<string> {
  return path.join(await tempDir(), 'agents', 'main', 'sessions', 'sessions.json');
}

describe('saveSessionStore', () => {
  it('writes indented JSON with schema defaults, loadable again', async () => {
    const storePath = await newStorePath();
    await saveSessionStore(storePath, { a: loadedEntry('s1', 5, { label: 'A' }) });
    const text = await readFile(storePath, 'utf8');
    expect(text).toMatch(/^\{\n  "a": \{\n    "session_id": "s1",\n/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ a: loadedEntry('s1', 5, { label: 'A' }) });
    expect(await loadSessionStore(storePath, { skipCache: true })).toEqual({ a: loadedEntry('s1', 5, { label: 'A' }) });
  });

  it.skipIf(process.platform === 'win32')('creates the directory 0700 and the file 0600', async () => {
    const storePath = await newStorePath();
    await saveSessionStore(storePath, {});
    expect((await stat(path.dirname(storePath))).mode & 0o777).toBe(0o700);
    expect((await stat(storePath)).mode & 0o777).toBe(0o600);
  });

  it('leaves no temp or lock files behind', async () => {
    const storePath = await newStorePath();
    await saveSessionStore(storePath, { a: loadedEntry('s1', 1) });
    await saveSessionStore(storePath, { b: loadedEntry('s2', 2) });
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
  });

  it('replaces the whole store', async () => {
    const storePath = await newStorePath();
    await saveSessionStore(storePath, { a: loadedEntry('s1', 1) });
    await saveSessionStore(storePath, { b: loadedEntry('s2', 2) });
    expect(Object.keys(await loadSessionStore(storePath))).toEqual(['b']);
  });

  it('refuses invalid entries, names them, and keeps the file as it was', async () => {
    const storePath = await newStorePath();
    await saveSessionStore(storePath, { a: loadedEntry('s1', 1) });
    const before = await readFile(storePath, 'utf8');
    const bad = { ok: loadedEntry('s2', 2), broken: { session_id: '', updated_at: -1 } } as unknown as SessionStore;
    const error = await saveSessionStore(storePath, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionEntryInvalidError);
    expect((error as Error).message).toBe(
      `Refusing to write invalid session entries to ${storePath}; nothing was written:\n` +
        '  "broken".session_id: Too small: expected string to have >=1 characters\n' +
        '  "broken".updated_at: Too small: expected number to be >=0',
    );
    expect(await readFile(storePath, 'utf8')).toBe(before);
  });

  it('does not modify the store object it is given', async () => {
    const storePath = await newStorePath();
    const store = { old: loadedEntry('s1', 0) };
    await saveSessionStore(storePath, store, { maintenance: { mode: 'enforce' } });
    expect(store).toEqual({ old: loadedEntry('s1', 0) });
    expect(await loadSessionStore(storePath)).toEqual({});
  });

  describe('maintenance', () => {
    function staleAndFresh(): SessionStore {
      const now = Date.now();
      return { stale: loadedEntry('s1', now - 40 * DAY_MS), fresh: loadedEntry('s2', now), fresher: loadedEntry('s3', now + 1) };
    }

    it('in warn mode (the default) reports once and changes nothing', async () => {
      const storePath = await newStorePath();
      const logger = recordingLogger();
      await saveSessionStore(storePath, staleAndFresh(), { logger, maintenance: { max_entries: 1 } });
      await saveSessionStore(storePath, staleAndFresh(), { logger, maintenance: { max_entries: 1 } });
      expect(Object.keys(await loadSessionStore(storePath))).toEqual(['stale', 'fresh', 'fresher']);
      expect(logger.warnings).toEqual([
        `Session store ${storePath}: maintenance would prune 1 entries older than 30 days, remove 1 entries over max_entries 1; ` +
          'set session.maintenance.mode to "enforce" to do it',
      ]);
    });

    it('in warn mode reports a file over rotate_bytes without backing it up', async () => {
      const storePath = await newStorePath();
      await saveSessionStore(storePath, { a: loadedEntry('s1', Date.now()) });
      const size = (await stat(storePath)).size;
      const logger = recordingLogger();
      await saveSessionStore(storePath, { a: loadedEntry('s1', Date.now()) }, { logger, maintenance: { rotate_bytes: 10 } });
      expect(logger.warnings).toEqual([
        `Session store ${storePath}: maintenance would back up the ${size}-byte file (over rotate_bytes 10); ` +
          'set session.maintenance.mode to "enforce" to do it',
      ]);
      expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
    });

    it('in enforce mode prunes, caps and rotates', async () => {
      const storePath = await newStorePath();
      await saveSessionStore(storePath, { previous: loadedEntry('s0', Date.now()) });
      const previous = await readFile(storePath, 'utf8');
      const logger = recordingLogger();
      await saveSessionStore(storePath, staleAndFresh(), { logger, maintenance: { mode: 'enforce', max_entries: 1, rotate_bytes: 10 } });
      expect(Object.keys(await loadSessionStore(storePath))).toEqual(['fresher']);
      expect(await readFile(`${storePath}.bak.1`, 'utf8')).toBe(previous);
      expect(logger.infos).toEqual([
        'Pruned 1 session entries not updated in the last 30 days',
        'Removed the 1 least recently updated session entries to keep 1',
        `Backed up ${storePath} (${Buffer.byteLength(previous)} bytes > 10) to ${storePath}.bak.1`,
      ]);
    });

    it('is skipped with skipMaintenance, even in enforce mode', async () => {
      const storePath = await newStorePath();
      const logger = recordingLogger();
      await saveSessionStore(storePath, staleAndFresh(), { logger, skipMaintenance: true, maintenance: { mode: 'enforce', max_entries: 1 } });
      expect(Object.keys(await loadSessionStore(storePath))).toEqual(['stale', 'fresh', 'fresher']);
      expect([...logger.infos, ...logger.warnings]).toEqual([]);
    });

    it('rejects invalid maintenance options before touching the file', async () => {
      const storePath = await newStorePath();
      await expect(saveSessionStore(storePath, {}, { maintenance: { rotate_backups: 99 } })).rejects.toThrow(
        'Invalid session maintenance options:\n  session.maintenance.rotate_backups: Too big: expected number to be <=20',
      );
      expect(await loadSessionStore(storePath)).toEqual({});
    });
  });

  it('accepts raw entries and writes them with schema defaults filled in', async () => {
    const storePath = await newStorePath();
    await saveSessionStore(storePath, { a: rawEntry('s1', 1, { extra_field: true }) as SessionStore[string] });
    expect(JSON.parse(await readFile(storePath, 'utf8'))).toEqual({ a: loadedEntry('s1', 1, { extra_field: true }) });
  });
});
