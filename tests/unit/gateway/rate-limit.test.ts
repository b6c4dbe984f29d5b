import { describe, expect, it } from 'vitest';
import { createAuthRateLimiter, resolveAuthFailureDelayMs } from '../../../src-main/core/gateway/rate-limit.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const REMOTE = '192.0.2.10';

describe('createAuthRateLimiter', () => {
  it('locks a non-loopback address out after maxFailures within the window, for lockoutMs', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 3, windowMs: 10_000, lockoutMs: 5_000, now: time.now });
    limiter.recordFailure(REMOTE);
    limiter.recordFailure(REMOTE);
    expect(limiter.retryAfterSeconds(REMOTE)).toBe(0);
    limiter.recordFailure(REMOTE);
    expect(limiter.retryAfterSeconds(REMOTE)).toBe(5);
    time.advance(4_001);
    expect(limiter.retryAfterSeconds(REMOTE)).toBe(1);
    time.advance(1_000);
    expect(limiter.retryAfterSeconds(REMOTE)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 2, windowMs: 1_000, now: time.now });
    limiter.recordFailure(REMOTE);
    time.advance(1_001);
    limiter.recordFailure(REMOTE);
    expect(limiter.retryAfterSeconds(REMOTE)).toBe(0);
  });

  it('counts the window from the last failure, so a slow guesser is not forgotten between guesses', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 3, windowMs: 1_000, now: time.now });
    for (let i = 0; i < 3; i++) {
      limiter.recordFailure(REMOTE);
      time.advance(900);
    }
    expect(limiter.recordFailure(REMOTE).failures).toBe(4);
  });

  it('keys by address only: another address is unaffected by a locked-out one', () => {
    const limiter = createAuthRateLimiter({ maxFailures: 1 });
    limiter.recordFailure(REMOTE);
    expect(limiter.retryAfterSeconds(REMOTE)).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('192.0.2.11')).toBe(0);
  });

  it('answers a non-loopback address at once until it is locked out, then 429 with a growing delay', () => {
    const limiter = createAuthRateLimiter({ now: clock().now });
    const verdicts = Array.from({ length: 13 }, () => limiter.recordFailure(REMOTE));
    expect(verdicts.slice(0, 10).map((v) => [v.delayMs, v.retryAfterSeconds])).toEqual(Array(10).fill([0, 0]));
    expect(verdicts.slice(10).map((v) => v.delayMs)).toEqual([250, 500, 1_000]);
    expect(verdicts.slice(10).every((v) => v.retryAfterSeconds === 60)).toBe(true);
  });

  it.each(['127.0.0.1', '::1'])('never locks out loopback %s: 5 free failures, then 250 ms doubling to 10 s', (address) => {
    const limiter = createAuthRateLimiter({ now: clock().now });
    const verdicts = Array.from({ length: 14 }, () => limiter.recordFailure(address));
    expect(verdicts.map((v) => v.delayMs)).toEqual([0, 0, 0, 0, 0, 250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(verdicts.every((v) => v.retryAfterSeconds === 0)).toBe(true);
    expect(limiter.retryAfterSeconds(address)).toBe(0);
  });

  it('never tracks more than maxKeys addresses', () => {
    const limiter = createAuthRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size()).toBeLessThanOrEqual(100);
  });
});

describe('resolveAuthFailureDelayMs', () => {
  it('stays at the cap however long the siege lasts', () => {
    expect(resolveAuthFailureDelayMs(5, 5)).toBe(0);
    expect(resolveAuthFailureDelayMs(6, 5)).toBe(250);
    expect(resolveAuthFailureDelayMs(1_000_000, 5)).toBe(10_000);
  });
});
