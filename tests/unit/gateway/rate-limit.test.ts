import { describe, expect, it } from 'vitest';
import { createAuthRateLimiter, resolveRateLimitKeys } from '../../../src-main/core/gateway/rate-limit.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('createAuthRateLimiter', () => {
  it('locks a key out after maxFailures within the window, for lockoutMs', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 3, windowMs: 10_000, lockoutMs: 5_000, now: time.now });
    limiter.recordFailure(['ip:a']);
    limiter.recordFailure(['ip:a']);
    expect(limiter.retryAfterSeconds(['ip:a'])).toBe(0);
    limiter.recordFailure(['ip:a']);
    expect(limiter.retryAfterSeconds(['ip:a'])).toBe(5);
    time.advance(4_001);
    expect(limiter.retryAfterSeconds(['ip:a'])).toBe(1);
    time.advance(1_000);
    expect(limiter.retryAfterSeconds(['ip:a'])).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 2, windowMs: 1_000, now: time.now });
    limiter.recordFailure(['ip:a']);
    time.advance(1_001);
    limiter.recordFailure(['ip:a']);
    expect(limiter.retryAfterSeconds(['ip:a'])).toBe(0);
  });

  it('reports the longest lockout among the given keys', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 1, lockoutMs: 2_000, now: time.now });
    limiter.recordFailure(['origin:x']);
    expect(limiter.retryAfterSeconds(['ip:fresh', 'origin:x'])).toBe(2);
  });

  it('never tracks more than maxKeys keys', () => {
    const limiter = createAuthRateLimiter({ maxKeys: 100 });
    for (let i = 0; i < 1_000; i++) limiter.recordFailure([`ip:${i}`]);
    expect(limiter.size()).toBeLessThanOrEqual(100);
  });
});

describe('resolveRateLimitKeys', () => {
  it('keys by IP, plus the Origin when present (lower-cased)', () => {
    expect(resolveRateLimitKeys('1.2.3.4', undefined)).toEqual(['ip:1.2.3.4']);
    expect(resolveRateLimitKeys('1.2.3.4', 'HTTP://X.example')).toEqual(['ip:1.2.3.4', 'origin:http://x.example']);
  });
});
