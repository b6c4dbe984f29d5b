import { chmodSync, existsSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { escapeRegExp } from '../../../src-shared/utils/common.js';

const DAY_MS = 24 * 60 * 60 * 1000;
// Bounds the search for a free name when several rotations land in the same millisecond.
const MAX_ARCHIVE_NAME_ATTEMPTS = 1000;
// Archives hold what the log held (pairing codes, names, chat ids): owner only, like the log.
const ARCHIVE_MODE = 0o600;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function archiveStamp(date: Date): string {
  const day = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
  const time = `${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`;
  return `${day}-${time}-${pad(date.getUTCMilliseconds(), 3)}`;
}

/** Resolves the archive name of a rotated log file: `<dir>/<name>.<YYYYMMDD-HHMMSS-mmm UTC><ext>`, e.g. `openclaw.20260213-101112-345.log`. */
export function resolveLogArchivePath(logFile: string, date: Date): string {
  const { dir, name, ext } = path.parse(logFile);
  return path.join(dir, `${name}.${archiveStamp(date)}${ext}`);
}

function archivePattern(logFile: string): RegExp {
  const { name, ext } = path.parse(logFile);
  return new RegExp(`^${escapeRegExp(name)}\\.\\d{8}-\\d{6}-\\d{3}${escapeRegExp(ext)}$`);
}

/**
 * Renames the log file to its archive name and returns the archive path; when that name is
 * taken (two rotations in one millisecond) the stamp moves on by a millisecond, so names still
 * sort in rotation order. Throws the rename error (e.g. EBUSY on Windows) unchanged.
 */
export function archiveLogFile(logFile: string, date: Date): string {
  let target = resolveLogArchivePath(logFile, date);
  for (let attempt = 1; existsSync(target) && attempt <= MAX_ARCHIVE_NAME_ATTEMPTS; attempt += 1) {
    target = resolveLogArchivePath(logFile, new Date(date.getTime() + attempt));
  }
  renameSync(logFile, target);
  return target;
}

/**
 * Deletes the archives of `logFile` (same dir, `<name>.<stamp><ext>`) last modified more than
 * `retentionDays` days before `now`, and narrows the kept ones to 0600 (archives from before logs
 * were kept private were 0644); other files are never touched. Returns the deleted paths.
 */
export function pruneLogArchives(logFile: string, retentionDays: number, now: number): string[] {
  const dir = path.dirname(logFile);
  const pattern = archivePattern(logFile);
  const cutoff = now - retentionDays * DAY_MS;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // No log dir yet means no archives to prune.
    return [];
  }
  const deleted: string[] = [];
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const archive = path.join(dir, name);
    try {
      const stats = statSync(archive);
      if (stats.mtimeMs < cutoff) {
        unlinkSync(archive);
        deleted.push(archive);
      } else if ((stats.mode & 0o077) !== 0) {
        chmodSync(archive, ARCHIVE_MODE);
      }
    } catch {
      // Gone already or locked by another process: the next rotation or start tries again.
    }
  }
  return deleted;
}
