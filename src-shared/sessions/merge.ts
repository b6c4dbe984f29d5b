import { isRecord } from '../utils/common.js';
import { SessionEntrySchema, type SessionEntry, type SessionEntryPatch } from './entry.js';

// Clearing these would detach the entry from its transcript or its place in the recency order.
const REQUIRED_FIELDS = new Set(['session_id', 'updated_at']);

/** Options of {@link mergeSessionEntry}; `now` is the clock used when neither side has `updated_at`. */
export interface MergeSessionEntryOptions {
  now?: number;
}

function applyPatch(target: Record<string, unknown>, patch: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      if (where === '' && REQUIRED_FIELDS.has(key)) {
        throw new Error(`Invalid session entry patch: ${key} cannot be cleared (got null)`);
      }
      delete target[key];
    } else if (where === '' && key === 'origin' && isRecord(value)) {
      const origin = isRecord(target.origin) ? { ...target.origin } : {};
      applyPatch(origin, value, 'origin.');
      target.origin = origin;
    } else {
      target[key] = value;
    }
  }
}

function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Merges a partial update into a session entry (or starts a new one): a shallow merge where
 * `null` clears an optional field (or resets a defaulted one), `origin` is merged one level deep,
 * `updated_at` becomes the later of the two (or `options.now`, default Date.now(), for a new entry
 * without one) and a missing `session_id` is generated; throws an Error naming every invalid field.
 */
export function mergeSessionEntry(
  existing: SessionEntry | undefined,
  patch: SessionEntryPatch,
  options: MergeSessionEntryOptions = {},
): SessionEntry {
  const merged: Record<string, unknown> = existing ? { ...existing } : {};
  applyPatch(merged, patch, '');

  // A non-numeric patch value stays in place so that the schema check below names it.
  const existingUpdatedAt = existing?.updated_at;
  const patchUpdatedAt = patch.updated_at;
  if (typeof existingUpdatedAt === 'number' && typeof patchUpdatedAt === 'number') {
    merged.updated_at = Math.max(existingUpdatedAt, patchUpdatedAt);
  } else if (existingUpdatedAt === undefined && patchUpdatedAt === undefined) {
    merged.updated_at = options.now ?? Date.now();
  }
  if (merged.session_id === undefined) merged.session_id = newSessionId();

  const result = SessionEntrySchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`);
    throw new Error(`Invalid session entry: ${problems.join('; ')}`);
  }
  return result.data;
}
