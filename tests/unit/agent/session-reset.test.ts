import { describe, expect, it } from 'vitest';
import { resolveLastDailyBoundary, resolveSessionReset } from '../../../src-main/core/agent/session-reset.js';

const at = (day: number, hour: number, minute = 0): number => new Date(2026, 1, day, hour, minute).getTime();

describe('resolveSessionReset', () => {
  it('daily (the default, 04:00): resets once the boundary passed since the last update', () => {
    expect(resolveSessionReset({}, at(13, 3, 59), at(13, 4, 1))).toBe('daily');
    expect(resolveSessionReset({}, at(13, 4, 1), at(13, 23))).toBeNull();
    expect(resolveSessionReset({}, at(12, 23), at(13, 3))).toBeNull();
  });

  it('daily at another hour', () => {
    const session = { reset: { mode: 'daily' as const, at_hour: 0 } };
    expect(resolveSessionReset(session, at(12, 23, 59), at(13, 0, 1))).toBe('daily');
  });

  it('idle: resets after more than idle_minutes of silence', () => {
    const session = { reset: { mode: 'idle' as const, at_hour: 4, idle_minutes: 30 } };
    expect(resolveSessionReset(session, at(13, 10), at(13, 10, 30))).toBeNull();
    expect(resolveSessionReset(session, at(13, 10), at(13, 10, 31))).toBe('idle');
  });

  it('idle without minutes falls back to session.idle_minutes, then 60', () => {
    expect(resolveSessionReset({ reset: { mode: 'idle', at_hour: 4 }, idle_minutes: 5 }, at(13, 10), at(13, 10, 6))).toBe('idle');
    expect(resolveSessionReset({ reset: { mode: 'idle', at_hour: 4 } }, at(13, 10), at(13, 10, 59))).toBeNull();
    expect(resolveSessionReset({ reset: { mode: 'idle', at_hour: 4 } }, at(13, 10), at(13, 11, 1))).toBe('idle');
  });

  it('daily with idle_minutes also resets when idle first', () => {
    expect(resolveSessionReset({ reset: { mode: 'daily', at_hour: 4, idle_minutes: 10 } }, at(13, 10), at(13, 10, 11))).toBe('idle');
  });

  it('the last boundary is today at the hour once passed, else yesterday', () => {
    expect(resolveLastDailyBoundary(4, at(13, 9))).toBe(at(13, 4));
    expect(resolveLastDailyBoundary(4, at(13, 3))).toBe(at(12, 4));
  });
});
