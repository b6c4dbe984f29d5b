import { isLocalRequest } from './auth.js';

/**
 * Counts failed authentication attempts per client address (never per attacker-chosen values such
 * as Origin) and says how to answer the next failure. Valid credentials never pass through here.
 */
export interface AuthRateLimiter {
  /** Seconds a non-loopback address is still locked out (0 when it is not); loopback is never locked out. */
  retryAfterSeconds(clientIp: string): number;
  /** Records one failed attempt by the address and returns how to answer it. */
  recordFailure(clientIp: string): AuthFailureVerdict;
  /** Addresses currently tracked (bounded by maxKeys). */
  size(): number;
}

/** How to answer a failed attempt: after `delayMs`, and with 429 + Retry-After when `retryAfterSeconds` > 0. */
export interface AuthFailureVerdict {
  /** The address's failures within the window, this one included. */
  failures: number;
  delayMs: number;
  /** > 0 when the address was already locked out as this attempt arrived (the lockout is re-armed by it). */
  retryAfterSeconds: number;
}

export interface AuthRateLimiterOptions {
  /** Failures after which a non-loopback address is locked out (default 10). */
  maxFailures?: number;
  /** Failures are forgotten this long after an address's last one (default 60 s). */
  windowMs?: number;
  /** How long a lockout lasts after the last failure (default 60 s). */
  lockoutMs?: number;
  /** Failures a loopback address may make before its answers are delayed (default 5). */
  loopbackFreeFailures?: number;
  /** First delay, doubled for each further failure (default 250 ms). */
  delayBaseMs?: number;
  /** Longest delay of one answer (default 10 s). */
  delayMaxMs?: number;
  /** Cap on tracked addresses, so a spray of forwarded addresses cannot grow memory (default 10,000). */
  maxKeys?: number;
  now?: () => number;
}

export const AUTH_MAX_FAILURES = 10;
export const AUTH_FAILURE_WINDOW_MS = 60_000;
export const AUTH_LOCKOUT_MS = 60_000;
export const AUTH_LOOPBACK_FREE_FAILURES = 5;
export const AUTH_DELAY_BASE_MS = 250;
export const AUTH_DELAY_MAX_MS = 10_000;
export const AUTH_RATE_LIMIT_MAX_KEYS = 10_000;

interface Bucket {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** The escalating delay: 0 for the first `freeFailures` failures, then `baseMs` doubling per failure up to `maxMs`. */
export function resolveAuthFailureDelayMs(failures: number, freeFailures: number, baseMs = AUTH_DELAY_BASE_MS, maxMs = AUTH_DELAY_MAX_MS): number {
  const over = failures - freeFailures;
  if (over <= 0) return 0;
  // Capped before exponentiating so a long siege cannot overflow to Infinity.
  return Math.min(baseMs * 2 ** Math.min(over - 1, 30), maxMs);
}

/**
 * Builds the limiter, keyed by client address (defaults: loopback 127.0.0.1/::1 answers its first
 * 5 failures at once, then each after 250 ms doubling to 10 s, never a lockout, because every local
 * process shares that address; any other address gets 10 failures, then 429 + Retry-After until a
 * minute after its last failure, each further failure also delayed 250 ms doubling to 10 s).
 * Failures are forgotten a minute after the last one; a success does not reset them, or a shared
 * address's legitimate client would hand a guesser a fresh budget.
 */
export function createAuthRateLimiter(options: AuthRateLimiterOptions = {}): AuthRateLimiter {
  const maxFailures = options.maxFailures ?? AUTH_MAX_FAILURES;
  const windowMs = options.windowMs ?? AUTH_FAILURE_WINDOW_MS;
  const lockoutMs = options.lockoutMs ?? AUTH_LOCKOUT_MS;
  const loopbackFree = options.loopbackFreeFailures ?? AUTH_LOOPBACK_FREE_FAILURES;
  const delayBaseMs = options.delayBaseMs ?? AUTH_DELAY_BASE_MS;
  const delayMaxMs = options.delayMaxMs ?? AUTH_DELAY_MAX_MS;
  const maxKeys = options.maxKeys ?? AUTH_RATE_LIMIT_MAX_KEYS;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  const isStale = (bucket: Bucket, at: number): boolean => bucket.lockedUntil <= at && at - bucket.lastFailureAt > windowMs;

  function prune(at: number): void {
    for (const [key, bucket] of buckets) if (isStale(bucket, at)) buckets.delete(key);
    // Still full of live entries: forget the oldest (Map keeps insertion order).
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }

  const lockedFor = (bucket: Bucket | undefined, at: number): number =>
    bucket && bucket.lockedUntil > at ? Math.ceil((bucket.lockedUntil - at) / 1000) : 0;

  return {
    retryAfterSeconds(clientIp) {
      return lockedFor(buckets.get(clientIp), now());
    },
    recordFailure(clientIp) {
      const at = now();
      const loopback = isLocalRequest(clientIp);
      let bucket = buckets.get(clientIp);
      if (bucket && isStale(bucket, at)) {
        buckets.delete(clientIp);
        bucket = undefined;
      }
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(at);
        bucket = { failures: 0, lastFailureAt: at, lockedUntil: 0 };
      } else {
        // Re-inserted so the Map's order stays "least recently failed first" for pruning.
        buckets.delete(clientIp);
      }
      buckets.set(clientIp, bucket);
      const alreadyLocked = lockedFor(bucket, at) > 0;
      bucket.failures += 1;
      bucket.lastFailureAt = at;
      if (!loopback && bucket.failures >= maxFailures) bucket.lockedUntil = at + lockoutMs;
      return {
        failures: bucket.failures,
        delayMs: resolveAuthFailureDelayMs(bucket.failures, loopback ? loopbackFree : maxFailures, delayBaseMs, delayMaxMs),
        retryAfterSeconds: alreadyLocked ? lockedFor(bucket, at) : 0,
      };
    },
    size: () => buckets.size,
  };
}

/**
 * Runs `answer` now, or after `delayMs` for a delayed failure. The timer is unref'd: a pending
 * refusal must not keep a stopping gateway alive (its socket is closed by then anyway).
 */
export function answerAfter(delayMs: number, answer: () => void): void {
  if (delayMs <= 0) {
    answer();
    return;
  }
  setTimeout(answer, delayMs).unref();
}

/** What a locked-out client is told, over HTTP and WS alike. */
export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many failed authentication attempts; retry after ${retryAfterSeconds} s`;
}
