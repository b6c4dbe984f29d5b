/** Counts failed authentication attempts per key (client IP, Origin) and locks a key out for a while. */
export interface AuthRateLimiter {
  /** Seconds until every given key may try again; 0 when none is locked out. */
  retryAfterSeconds(keys: readonly string[]): number;
  /** Records one failed attempt against every given key. */
  recordFailure(keys: readonly string[]): void;
  /** Keys currently tracked (bounded by maxKeys). */
  size(): number;
}

export interface AuthRateLimiterOptions {
  /** Failures allowed within windowMs before a lockout (default 10). */
  maxFailures?: number;
  windowMs?: number;
  lockoutMs?: number;
  /** Cap on tracked keys, so a spray of spoofed origins cannot grow memory (default 10,000). */
  maxKeys?: number;
  now?: () => number;
}

export const AUTH_MAX_FAILURES = 10;
export const AUTH_FAILURE_WINDOW_MS = 60_000;
export const AUTH_LOCKOUT_MS = 60_000;
export const AUTH_RATE_LIMIT_MAX_KEYS = 10_000;

interface Bucket {
  windowStart: number;
  failures: number;
  lockedUntil: number;
}

/** Builds the limiter the gateway keys by `ip:<client ip>` and `origin:<origin>` (defaults: 10 failures a minute → 60 s lockout). */
export function createAuthRateLimiter(options: AuthRateLimiterOptions = {}): AuthRateLimiter {
  const maxFailures = options.maxFailures ?? AUTH_MAX_FAILURES;
  const windowMs = options.windowMs ?? AUTH_FAILURE_WINDOW_MS;
  const lockoutMs = options.lockoutMs ?? AUTH_LOCKOUT_MS;
  const maxKeys = options.maxKeys ?? AUTH_RATE_LIMIT_MAX_KEYS;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  function prune(at: number): void {
    for (const [key, bucket] of buckets) {
      if (bucket.lockedUntil <= at && at - bucket.windowStart > windowMs) buckets.delete(key);
    }
    // Still full of live entries: forget the oldest (Map keeps insertion order).
    for (const key of buckets.keys()) {
      if (buckets.size < maxKeys) break;
      buckets.delete(key);
    }
  }

  return {
    retryAfterSeconds(keys) {
      const at = now();
      let until = 0;
      for (const key of keys) until = Math.max(until, buckets.get(key)?.lockedUntil ?? 0);
      return until > at ? Math.ceil((until - at) / 1000) : 0;
    },
    recordFailure(keys) {
      const at = now();
      for (const key of keys) {
        let bucket = buckets.get(key);
        if (!bucket) {
          if (buckets.size >= maxKeys) prune(at);
          bucket = { windowStart: at, failures: 0, lockedUntil: 0 };
          buckets.set(key, bucket);
        } else if (at - bucket.windowStart > windowMs) {
          bucket.windowStart = at;
          bucket.failures = 0;
        }
        bucket.failures += 1;
        if (bucket.failures >= maxFailures) bucket.lockedUntil = at + lockoutMs;
      }
    },
    size: () => buckets.size,
  };
}

/** What a locked-out client is told, over HTTP and WS alike. */
export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many failed authentication attempts; retry after ${retryAfterSeconds} s`;
}

/** The limiter keys of one client: its IP, and its Origin when a browser sent one. */
export function resolveRateLimitKeys(clientIp: string, origin: string | undefined): string[] {
  return origin ? [`ip:${clientIp}`, `origin:${origin.toLowerCase()}`] : [`ip:${clientIp}`];
}
