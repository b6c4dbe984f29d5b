import { describe, expect, it } from 'vitest';
import type { RateLimitClient } from '../../../src-main/core/gateway/auth.js';
import { createAuthRateLimiter, resolveAuthFailureDelayMs, type AuthRateLimiter } from '../../../src-main/core/gateway/rate-limit.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const REMOTE = { key: '192.0.2.10', loopback: false };
const LOOPBACK = { key: '127.0.0.1', loopback: true };

/** One checked wrong attempt: reserves the key's turn (which must be free) and counts a failure. */
function fail(limiter: AuthRateLimiter, client: RateLimitClient) {
  expect(limiter.reserve(client)).toMatchObject({ busy: false });
  return limiter.settle(client, 'failure');
}

describe('createAuthRateLimiter', () => {
  it('locks a non-loopback key out after maxFailures within the window, for lockoutMs', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 3, windowMs: 10_000, lockoutMs: 5_000, delayBaseMs: 0, now: time.now });
    expect(fail(limiter, REMOTE).retryAfterSeconds).toBe(0);
    expect(fail(limiter, REMOTE).retryAfterSeconds).toBe(0);
    // The failure that reaches the limit is still answered 401; the next ones 429 until the lockout ends.
    expect(fail(limiter, REMOTE).retryAfterSeconds).toBe(0);
    expect(fail(limiter, REMOTE).retryAfterSeconds).toBe(5);
    time.advance(5_001);
    expect(fail(limiter, REMOTE).retryAfterSeconds).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 2, windowMs: 1_000, now: time.now });
    fail(limiter, REMOTE);
    time.advance(1_001);
    expect(fail(limiter, REMOTE).failures).toBe(1);
  });

  it('counts the window from the last failure, so a slow guesser is not forgotten between guesses', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ maxFailures: 3, windowMs: 1_000, now: time.now });
    for (let i = 0; i < 3; i++) {
      fail(limiter, REMOTE);
      time.advance(900);
    }
    expect(fail(limiter, REMOTE).failures).toBe(4);
  });

  it('keys by client key only: another key is unaffected by a locked-out one', () => {
    const limiter = createAuthRateLimiter({ maxFailures: 1 });
    fail(limiter, REMOTE);
    expect(limiter.reserve({ key: '192.0.2.11', loopback: false })).toEqual({ busy: false, delayMs: 0 });
  });

  it('spaces a non-loopback key checks: 10 back to back, then 250 ms doubling, wrong ones answered 429 meanwhile', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ now: time.now });
    const verdicts = [];
    for (let i = 0; i < 13; i++) {
      const reservation = limiter.reserve(REMOTE);
      expect(reservation.busy).toBe(false);
      if (!reservation.busy) time.advance(reservation.delayMs);
      verdicts.push(limiter.settle(REMOTE, 'failure'));
    }
    expect(verdicts.map((v) => v.nextDelayMs)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 250, 500, 1_000, 2_000]);
    expect(verdicts.slice(0, 10).every((v) => v.retryAfterSeconds === 0)).toBe(true);
    expect(verdicts.slice(10).every((v) => v.retryAfterSeconds === 60)).toBe(true);
  });

  it.each(['127.0.0.1', '::1'])('never locks out direct loopback %s: 5 checks back to back, then 250 ms doubling to 10 s', (key) => {
    const limiter = createAuthRateLimiter({ now: clock().now });
    const verdicts = Array.from({ length: 13 }, () => fail(limiter, { key, loopback: true }));
    expect(verdicts.map((v) => v.nextDelayMs)).toEqual([0, 0, 0, 0, 250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    expect(verdicts.every((v) => v.retryAfterSeconds === 0)).toBe(true);
  });

  it('allows one check per key at a time: a second attempt while one waits is busy, unchecked and uncounted', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ loopbackFreeFailures: 0, now: time.now });
    fail(limiter, LOOPBACK);
    expect(limiter.reserve(LOOPBACK)).toEqual({ busy: false, delayMs: 500 });
    expect(limiter.reserve(LOOPBACK)).toEqual({ busy: true, retryAfterSeconds: 1, failures: 1 });
    time.advance(500);
    // A valid credential is let in once its turn comes; it does not reset the count.
    expect(limiter.settle(LOOPBACK, 'success').failures).toBe(1);
    expect(limiter.reserve(LOOPBACK)).toEqual({ busy: false, delayMs: 0 });
  });

  it('an abandoned check (the client hung up while it waited) frees the turn without counting, and the pace stays', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ loopbackFreeFailures: 0, now: time.now });
    fail(limiter, LOOPBACK);
    expect(limiter.reserve(LOOPBACK)).toMatchObject({ delayMs: 500 });
    time.advance(500);
    expect(limiter.settle(LOOPBACK, 'abandoned').failures).toBe(1);
    expect(fail(limiter, LOOPBACK).nextDelayMs).toBe(1_000);
  });

  it('reports a failure for the log at most every 10 s, counting the unlogged ones', () => {
    const time = clock();
    const limiter = createAuthRateLimiter({ now: time.now });
    expect(fail(limiter, REMOTE).report).toEqual({ unlogged: 0 });
    for (let i = 0; i < 5; i++) expect(fail(limiter, { key: `192.0.2.${20 + i}`, loopback: false }).report).toBeUndefined();
    time.advance(10_000);
    expect(fail(limiter, REMOTE).report).toEqual({ unlogged: 5 });
  });

  it('never tracks more than maxKeys keys, and forgets locked-out ones last', () => {
    const limiter = createAuthRateLimiter({ maxKeys: 100, maxFailures: 2 });
    fail(limiter, REMOTE);
    fail(limiter, REMOTE);
    for (let i = 0; i < 1_000; i++) fail(limiter, { key: `10.0.${i >> 8}.${i & 255}`, loopback: false });
    expect(limiter.size()).toBeLessThanOrEqual(100);
    expect(fail(limiter, REMOTE)).toMatchObject({ failures: 3, retryAfterSeconds: 60 });
  });
});

describe('resolveAuthFailureDelayMs', () => {
  it('stays at the cap however long the siege lasts', () => {
    expect(resolveAuthFailureDelayMs(5, 5)).toBe(0);
    expect(resolveAuthFailureDelayMs(6, 5)).toBe(250);
    expect(resolveAuthFailureDelayMs(1_000_000, 5)).toBe(10_000);
  });
});
