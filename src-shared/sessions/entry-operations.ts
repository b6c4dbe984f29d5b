// The named operations on one session entry. Every writer (gateway PATCH, agent, Telegram) calls
// them inside the store's update, so the rules for changing an entry live here only. They are pure:
// each returns a new, schema-checked entry and throws an Error naming every invalid field.
import { isRecord } from '../utils/common.js';
import { formatZodIssues } from '../utils/zod-issues.js';
import { SessionEntrySchema, type SessionEntry, type SessionEntryPatch } from './entry.js';

// Clearing these would detach the entry from its transcript or its place in the recency order.
const REQUIRED_FIELDS = new Set(['session_id', 'updated_at']);

/** Options of {@link mergeSessionEntry}; `now` is the clock (default Date.now()), the least updated_at a merge leaves. */
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
 * Merges a partial update into a session entry (or starts a new one), as the contract's port of
 * upstream's merge: a shallow merge where `null` clears an optional field (or resets a defaulted
 * one) and `origin` is merged one level deep; `updated_at` becomes the latest of the entry's, the
 * patch's and `options.now` (default Date.now()); `session_id` is the patch's, else the entry's,
 * else a new UUID. Throws an Error naming every invalid field.
 */
export function mergeSessionEntry(
  existing: SessionEntry | undefined,
  patch: SessionEntryPatch,
  options: MergeSessionEntryOptions = {},
): SessionEntry {
  const merged: Record<string, unknown> = existing ? { ...existing } : {};
  applyPatch(merged, patch, '');

  // A non-numeric patch value stays in place so that the schema check below names it.
  const patchUpdatedAt = patch.updated_at;
  if (patchUpdatedAt === undefined || typeof patchUpdatedAt === 'number') {
    merged.updated_at = Math.max(existing?.updated_at ?? Number.NEGATIVE_INFINITY, patchUpdatedAt ?? Number.NEGATIVE_INFINITY, options.now ?? Date.now());
  }
  if (merged.session_id === undefined) merged.session_id = newSessionId();

  return parseSessionEntry(merged);
}

/** Checks a changed entry against SessionEntrySchema, returning its parsed copy or throwing an Error naming every invalid field. */
function parseSessionEntry(value: Record<string, unknown>): SessionEntry {
  const result = SessionEntrySchema.safeParse(value);
  if (!result.success) {
    throw new Error(`Invalid session entry: ${formatZodIssues(result.error.issues, { root: '(entry)' })}`);
  }
  return result.data;
}

/** When a session starts and under which id. */
export interface SessionStartOptions {
  /** Milliseconds since the epoch; becomes updated_at. */
  at: number;
  /** Default: a random UUID. */
  sessionId?: string;
}

/** Creates the entry of a session seen for the first time: `sessionId` (default a random UUID), updated_at `at`, counters zeroed. */
export function createSessionEntry(options: SessionStartOptions): SessionEntry {
  return parseSessionEntry({ session_id: options.sessionId ?? newSessionId(), updated_at: options.at });
}

/**
 * Starts the session afresh (a reset, or /new): a new session_id (`sessionId`, default a random
 * UUID), updated_at `at`, its counters and cost zeroed; routing, label and overrides kept. The old
 * transcript stays on disk under the old id; `entry` itself is not modified.
 */
export function resolveFreshSession(entry: SessionEntry, options: SessionStartOptions): SessionEntry {
  const next: Record<string, unknown> = {
    ...entry,
    session_id: options.sessionId ?? newSessionId(),
    updated_at: options.at,
    aborted_last_run: false,
    system_sent: false,
    compaction_count: 0,
  };
  delete next.input_tokens;
  delete next.output_tokens;
  delete next.total_tokens;
  if (entry.extra) next.extra = { ...entry.extra, cost_usd: 0 };
  return parseSessionEntry(next);
}

/** One run of the agent as {@link applySessionRun} counts it. */
export interface SessionRun {
  /** When the run ended, ms since the epoch; updated_at becomes the later of this and the entry's. */
  at: number;
  /** The model the run went to: sets model_provider, model and context_tokens. */
  model?: { provider: string; id: string; context_window: number };
  /** Tokens billed, added to the entry's counters; unset when the provider billed nothing. */
  usage?: { input_tokens: number; output_tokens: number; total_tokens: number };
  /** What `usage` cost in USD, added to extra.cost_usd; ignored without usage. Default 0. */
  costUsd?: number;
  /** The history was trimmed to fit the context window: one more compaction. */
  trimmed: boolean;
  /** The run was stopped (abort, timeout, shutdown): aborted_last_run. */
  stopped: boolean;
}

/**
 * Records a finished run in the entry: updated_at, aborted_last_run, the model, the token counters
 * and extra.cost_usd (rounded to 1e-10 USD) and the compaction count. Throws an Error naming the
 * field when `costUsd` is not a finite number ≥ 0 or a counter would fail the schema; `entry` itself
 * is not modified.
 */
export function applySessionRun(entry: SessionEntry, run: SessionRun): SessionEntry {
  const costUsd = run.costUsd ?? 0;
  if (!Number.isFinite(costUsd) || costUsd < 0) {
    throw new Error(`Invalid session run: costUsd must be a finite number of at least 0 (got ${String(costUsd)})`);
  }
  const next: Record<string, unknown> = { ...entry, updated_at: Math.max(run.at, entry.updated_at), aborted_last_run: run.stopped };
  if (run.model) {
    next.model_provider = run.model.provider;
    next.model = run.model.id;
    next.context_tokens = run.model.context_window;
  }
  if (run.usage) {
    next.input_tokens = (entry.input_tokens ?? 0) + run.usage.input_tokens;
    next.output_tokens = (entry.output_tokens ?? 0) + run.usage.output_tokens;
    next.total_tokens = (entry.total_tokens ?? 0) + run.usage.total_tokens;
    const previousCost = typeof entry.extra?.cost_usd === 'number' ? entry.extra.cost_usd : 0;
    next.extra = { ...entry.extra, cost_usd: Math.round((previousCost + costUsd) * 1e10) / 1e10 };
  }
  if (run.trimmed) next.compaction_count = entry.compaction_count + 1;
  return parseSessionEntry(next);
}
