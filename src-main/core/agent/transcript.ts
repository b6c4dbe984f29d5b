import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TranscriptLineSchema, type TranscriptLine } from '../../../src-shared/protocol/chat.js';
import { ensureDir, isErrnoException } from '../utils/fs.js';
import { toStorageError } from '../utils/storage-error.js';

const SAFE_SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Resolves `<sessionsDir>/<sessionId>.jsonl`; throws when the id could escape the folder (slashes, `..`). */
export function resolveTranscriptPath(sessionsDir: string, sessionId: string): string {
  if (!SAFE_SESSION_ID.test(sessionId) || sessionId.includes('..')) {
    throw new Error(
      `Session id "${sessionId}" cannot name a transcript file (letters, digits, ".", "_" and "-" only); give the session a new session_id in the session store`,
    );
  }
  return path.join(sessionsDir, `${sessionId}.jsonl`);
}

/**
 * Appends lines to a transcript (one JSON object each) and fsyncs before resolving, creating the
 * file (0600) and its folder (0700) when missing. When a crash left a torn last line, a newline is
 * written first so the new lines stay readable. Well-known failures (ENOSPC, EROFS, EISDIR…) throw a
 * StorageError naming the file.
 */
export async function appendTranscriptLines(file: string, lines: readonly TranscriptLine[]): Promise<void> {
  if (lines.length === 0) return;
  try {
    await appendLines(file, lines);
  } catch (error) {
    // A full or read-only disk, a folder where the file should be: said with the transcript's path.
    throw toStorageError(error, file);
  }
}

async function appendLines(file: string, lines: readonly TranscriptLine[]): Promise<void> {
  await ensureDir(path.dirname(file), { mode: 0o700 });
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(`${prefix}${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** A transcript as read: valid lines oldest first, and how many lines could not be read (a torn last line after a crash, manual edits). */
export interface TranscriptRead {
  lines: TranscriptLine[];
  skipped: number;
}

/** Reads a transcript; a missing file is empty, unreadable lines are skipped and counted, never fatal. */
export async function readTranscript(file: string): Promise<TranscriptRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return { lines: [], skipped: 0 };
    throw toStorageError(error, file, { action: 'read' });
  }
  const lines: TranscriptLine[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      skipped++;
      continue;
    }
    const parsed = TranscriptLineSchema.safeParse(json);
    if (parsed.success) lines.push(parsed.data);
    else skipped++;
  }
  return { lines, skipped };
}
