import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT_POLICY, resolveReconnectDelay } from '../../../src-shared/client/backoff.js';

const noJitter = { ...DEFAULT_RECONNECT_POLICY, jitter: 0 };

describe('resolveReconnectDelay', () => {
  it('doubles from the initial delay per attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => resolveReconnectDelay(attempt, noJitter))).toEqual([500, 1000, 2000, 4000]);
  });

  it('never exceeds the maximum delay', () => {
    expect(resolveReconnectDelay(50, noJitter)).toBe(30_000);
    expect(resolveReconnectDelay(50, DEFAULT_RECONNECT_POLICY, () => 0.999)).toBe(30_000);
  });

  it('spreads the delay by at most the jitter fraction either way', () => {
    expect(resolveReconnectDelay(3, DEFAULT_RECONNECT_POLICY, () => 0)).toBe(1600);
    expect(resolveReconnectDelay(3, DEFAULT_RECONNECT_POLICY, () => 1)).toBe(2400);
    expect(resolveReconnectDelay(3, DEFAULT_RECONNECT_POLICY, () => 0.5)).toBe(2000);
  });

  it('treats attempt 0 and below like the first attempt', () => {
    expect(resolveReconnectDelay(0, noJitter)).toBe(500);
    expect(resolveReconnectDelay(-3, noJitter)).toBe(500);
  });
});
