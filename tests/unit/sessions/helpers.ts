import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { SessionEntry, SessionEntryInput } from '../../../src-shared/sessions/entry.js';
import type { SessionStoreLogger } from '../../../src-main/core/sessions/index.js';

/** Registers cleanup and returns a factory of fresh temp dirs, removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-sessions-'));
    dirs.push(dir);
    return dir;
  };
}

/** A minimal valid entry as written to disk (before schema defaults). */
export function rawEntry(sessionId: string, updatedAt: number, extra: Record<string, unknown> = {}): SessionEntryInput {
  return { session_id: sessionId, updated_at: updatedAt, ...extra };
}

/** The same entry as loadSessionStore returns it (schema defaults filled in). */
export function loadedEntry(sessionId: string, updatedAt: number, extra: Record<string, unknown> = {}): SessionEntry {
  return { session_id: sessionId, updated_at: updatedAt, aborted_last_run: false, system_sent: false, compaction_count: 0, ...extra };
}

/** A logger that records what it is told. */
export function recordingLogger(): SessionStoreLogger & { infos: string[]; warnings: string[] } {
  const infos: string[] = [];
  const warnings: string[] = [];
  return { infos, warnings, info: (m) => void infos.push(m), warn: (m) => void warnings.push(m) };
}
