import { SessionResetConfigSchema, type SessionConfig } from '../../../src-shared/config/schema.js';

/** Idle minutes used by `session.reset.mode: idle` when neither reset.idle_minutes nor session.idle_minutes is set. */
export const DEFAULT_IDLE_RESET_MINUTES = 60;

const MINUTE_MS = 60_000;

/** Why a session starts over, or null while it is fresh. */
export type SessionResetReason = 'daily' | 'idle' | null;

/**
 * Decides whether a session last updated at `updatedAt` starts over at `now` under `session.reset`
 * (default: daily at 04:00 local time). daily: the last at_hour boundary passed since the update;
 * idle: more than idle_minutes (reset's, else session.idle_minutes, else 60) of silence. In daily
 * mode an idle_minutes setting also resets, whichever comes first.
 */
export function resolveSessionReset(session: Pick<SessionConfig, 'reset' | 'idle_minutes'>, updatedAt: number, now: number): SessionResetReason {
  const reset = session.reset ?? SessionResetConfigSchema.parse({});
  const idleMinutes = reset.idle_minutes ?? session.idle_minutes;
  if (reset.mode === 'idle') {
    return now - updatedAt > (idleMinutes ?? DEFAULT_IDLE_RESET_MINUTES) * MINUTE_MS ? 'idle' : null;
  }
  if (updatedAt < resolveLastDailyBoundary(reset.at_hour, now)) return 'daily';
  if (idleMinutes !== undefined && now - updatedAt > idleMinutes * MINUTE_MS) return 'idle';
  return null;
}

/** Returns the latest local `atHour`:00 at or before `now`, in ms since the epoch. */
export function resolveLastDailyBoundary(atHour: number, now: number): number {
  const boundary = new Date(now);
  boundary.setHours(atHour, 0, 0, 0);
  if (boundary.getTime() > now) boundary.setDate(boundary.getDate() - 1);
  return boundary.getTime();
}
