import { copyFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { SessionMaintenanceConfigSchema, type SessionMaintenanceConfig } from '../../../src-shared/config/schema.js';
import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import { formatZodIssues } from '../../../src-shared/utils/zod-issues.js';
import { isErrnoException } from '../utils/fs.js';
import type { SessionStoreLogger } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_SESSION_PRUNE_AFTER_MS = 30 * DAY_MS;
export const DEFAULT_SESSION_MAX_ENTRIES = 500;
export const DEFAULT_SESSION_ROTATE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_SESSION_ROTATE_BACKUPS = 3;

/** Removes entries whose updated_at is older than `maxAgeMs` (default 30 days) before `now`; returns how many went. */
export function pruneStaleEntries(
  store: SessionStore,
  maxAgeMs: number = DEFAULT_SESSION_PRUNE_AFTER_MS,
  options: { log?: SessionStoreLogger; now?: number } = {},
): number {
  const cutoff = (options.now ?? Date.now()) - maxAgeMs;
  let removed = 0;
  for (const [key, entry] of Object.entries(store)) {
    if (entry.updated_at < cutoff) {
      delete store[key];
      removed += 1;
    }
  }
  if (removed > 0) options.log?.info(`Pruned ${removed} session entries not updated in the last ${formatDuration(maxAgeMs)}`);
  return removed;
}

/** Keeps the `maxEntries` (default 500) most recently updated entries, removing the rest; returns how many went. */
export function capEntryCount(
  store: SessionStore,
  maxEntries: number = DEFAULT_SESSION_MAX_ENTRIES,
  options: { log?: SessionStoreLogger } = {},
): number {
  const keys = Object.keys(store);
  if (keys.length <= maxEntries) return 0;
  // Stable sort: among equal timestamps the earlier-inserted entry ranks first and is kept.
  const newestFirst = keys.sort((a, b) => (store[b]?.updated_at ?? 0) - (store[a]?.updated_at ?? 0));
  const doomed = newestFirst.slice(Math.max(maxEntries, 0));
  for (const key of doomed) delete store[key];
  options.log?.info(`Removed the ${doomed.length} least recently updated session entries to keep ${maxEntries}`);
  return doomed.length;
}

/** Further options of {@link rotateSessionFile}. */
export interface RotateSessionFileOptions {
  /** How many backups to keep (default 3). */
  backups?: number;
}

/**
 * When the store file is larger than `maxBytes` (default 10 MiB), copies it to `<store>.bak.1`
 * after shifting `.bak.1`→`.bak.2`…, keeping exactly `options.backups` (default 3) and deleting
 * older ones; resolves true when a backup was made. The store itself stays in place.
 */
export async function rotateSessionFile(
  storePath: string,
  maxBytes: number = DEFAULT_SESSION_ROTATE_BYTES,
  options: RotateSessionFileOptions = {},
): Promise<boolean> {
  const backups = Math.max(0, Math.floor(options.backups ?? DEFAULT_SESSION_ROTATE_BACKUPS));
  let size: number;
  try {
    size = (await stat(storePath)).size;
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return false;
    throw error;
  }
  if (size <= maxBytes) return false;

  await deleteBackupsAbove(storePath, Math.max(backups - 1, 0));
  for (let n = backups - 1; n >= 1; n -= 1) {
    await rename(`${storePath}.bak.${n}`, `${storePath}.bak.${n + 1}`).catch((error: unknown) => {
      if (!(isErrnoException(error) && error.code === 'ENOENT')) throw error;
    });
  }
  if (backups === 0) return false;
  // Copy then rename, so a crash mid-copy never leaves a half-written .bak.1.
  const tempPath = `${storePath}.bak.1.tmp`;
  await copyFile(storePath, tempPath);
  await rename(tempPath, `${storePath}.bak.1`);
  return true;
}

async function deleteBackupsAbove(storePath: string, keep: number): Promise<void> {
  const prefix = `${path.basename(storePath)}.bak.`;
  for (const name of await readdir(path.dirname(storePath))) {
    if (!name.startsWith(prefix)) continue;
    const n = Number(name.slice(prefix.length));
    if (Number.isInteger(n) && n > keep) await unlink(path.join(path.dirname(storePath), name));
  }
}

/**
 * Fills in the schema defaults of `session.maintenance` (mode warn, 30 days, 500 entries, 10 MiB,
 * 3 backups); throws an Error listing each bad key as `session.maintenance.<key>: message`.
 */
export function resolveSessionMaintenance(maintenance: Partial<SessionMaintenanceConfig> = {}): SessionMaintenanceConfig {
  const result = SessionMaintenanceConfigSchema.safeParse(maintenance);
  if (result.success) return result.data;
  const issues = formatZodIssues(result.error.issues, { prefix: ['session', 'maintenance'], separator: '\n  ' });
  throw new Error(`Invalid session maintenance options:\n  ${issues}`);
}

/** What warn mode would do: `message` for the log; `condition` names the actions and their configured limits (not the counts or the file size), to say it once per condition. */
export interface SessionMaintenanceReport {
  message: string;
  condition: string;
}

/**
 * Runs maintenance before a write at `now` (ms since the epoch): `enforce` prunes, caps and rotates;
 * `warn` only describes what enforce would do and returns that report (undefined when there is nothing to do).
 */
export async function applySessionMaintenance(
  storePath: string,
  store: SessionStore,
  currentFileBytes: number,
  config: SessionMaintenanceConfig,
  log: SessionStoreLogger,
  now: number,
): Promise<SessionMaintenanceReport | undefined> {
  const maxAgeMs = config.prune_after_days * DAY_MS;
  if (config.mode === 'enforce') {
    pruneStaleEntries(store, maxAgeMs, { log, now });
    capEntryCount(store, config.max_entries, { log });
    // The caller measured the file under the lock, so its size is current: stat again only to rotate.
    const rotated =
      currentFileBytes > config.rotate_bytes &&
      (await rotateSessionFile(storePath, config.rotate_bytes, { backups: config.rotate_backups }));
    if (rotated) log.info(`Backed up ${storePath} (${currentFileBytes} bytes > ${config.rotate_bytes}) to ${storePath}.bak.1`);
    return undefined;
  }
  const cutoff = now - maxAgeMs;
  let stale = 0;
  let total = 0;
  for (const key in store) {
    total += 1;
    if ((store[key]?.updated_at ?? 0) < cutoff) stale += 1;
  }
  const overCap = Math.max(total - stale - config.max_entries, 0);
  const wouldDo: string[] = [];
  const condition: string[] = [];
  if (stale > 0) {
    wouldDo.push(`prune ${stale} entries older than ${config.prune_after_days} days`);
    condition.push(`prune>${config.prune_after_days}d`);
  }
  if (overCap > 0) {
    wouldDo.push(`remove ${overCap} entries over max_entries ${config.max_entries}`);
    condition.push(`cap>${config.max_entries}`);
  }
  if (currentFileBytes > config.rotate_bytes) {
    wouldDo.push(`back up the ${currentFileBytes}-byte file (over rotate_bytes ${config.rotate_bytes})`);
    condition.push(`rotate>${config.rotate_bytes}B`);
  }
  if (wouldDo.length === 0) return undefined;
  return {
    message: `Session store ${storePath}: maintenance would ${wouldDo.join(', ')}; set session.maintenance.mode to "enforce" to do it`,
    condition: condition.join(','),
  };
}

function formatDuration(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS} days` : `${ms} ms`;
}
