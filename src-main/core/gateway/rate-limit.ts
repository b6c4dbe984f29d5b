import type { RateLimitClient } from './auth.js';

/**
 * Paces credential checks per client key (resolveRateLimitClient: the peer address, or the trusted
 * proxy's verified client, never attacker-chosen values such as Origin). A check runs no sooner than
 * the key's next allowed time, one at a time, so guesses cannot be made faster by closing sockets
 * early; valid credentials are checked like any other and then let in, never locked out.
 */
export interface AuthRateLimiter {
  /**
   * Asks to check one presented credential of `client`: `busy` (answer 429 without checking) while
   * another check of the same key waits, else how long to wait before checking. Every reservation
   * that is not busy must be ended with settle().
   */
  reserve(client: RateLimitClient): AuthCheckReservation;
  /** Ends a reservation: counts a failure (and says how to answer it), or just frees the key. */
  settle(client: RateLimitClient, outcome: 'success' | 'failure' | 'abandoned'): AuthFailureVerdict;
  /** Keys currently tracked (bounded by maxKeys). */
  size(): number;
}

export type AuthCheckReservation =
  | { busy: true; retryAfterSeconds: number; failures: number }
  | { busy: false; delayMs: number };

/** How to answer a checked attempt: 429 + Retry-After when `retryAfterSeconds` > 0 (a locked-out key), else 401. */
export interface AuthFailureVerdict {
  /** The key's failures within the window, this one included. */
  failures: number;
  /** > 0 when the key is locked out: its wrong credentials are answered 429 until then. */
  retryAfterSeconds: number;
  /** How long the key's next check must wait. */
  nextDelayMs: number;
  /** Set when this failure should be logged: failure warnings are throttled, and this says how many were not logged since the last one. */
  report: { unlogged: number } | undefined;
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
  /** Cap on tracked keys, so a spray of forwarded addresses cannot grow memory (default 10,000). */
  maxKeys?: number;
  /** A failure warning is logged at most this often (default 10 s). */
  reportIntervalMs?: number;
  now?: () => number;
}

export const AUTH_MAX_FAILURES = 10;
export const AUTH_FAILURE_WINDOW_MS = 60_000;
export const AUTH_LOCKOUT_MS = 60_000;
export const AUTH_LOOPBACK_FREE_FAILURES = 5;
export const AUTH_DELAY_BASE_MS = 250;
export const AUTH_DELAY_MAX_MS = 10_000;
export const AUTH_RATE_LIMIT_MAX_KEYS = 10_000;

/** A failure warning is logged at most this often; the next one says how many were not logged meanwhile. */
export const AUTH_FAILURE_REPORT_INTERVAL_MS = 10_000;

interface Bucket {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  /** No check of this key runs before this time. */
  nextCheckAt: number;
  /** A check of this key is reserved (waiting or running). */
  pending: boolean;
}

/** The escalating delay: 0 for the first `freeFailures` failures, then `baseMs` doubling per failure up to `maxMs`. */
export function resolveAuthFailureDelayMs(failures: number, freeFailures: number, baseMs = AUTH_DELAY_BASE_MS, maxMs = AUTH_DELAY_MAX_MS): number {
  const over = failures - freeFailures;
  if (over <= 0) return 0;
  // Capped before exponentiating so a long siege cannot overflow to Infinity.
  return Math.min(baseMs * 2 ** Math.min(over - 1, 30), maxMs);
}

/**
 * Builds the limiter (defaults: a direct loopback client (127.0.0.1/::1, no forwarding headers) has
 * its first 5 failures checked back to back, then each further check waits 250 ms doubling to
 * 10 s, never a lockout, because every local process shares that address; any other key gets 10,
 * then wrong credentials are answered 429 + Retry-After until a minute after its last failure, its
 * checks also spaced 250 ms doubling to 10 s). Failures are forgotten a minute after the last one; a
 * success does not reset them, or a shared address's legitimate client would hand a guesser a fresh budget.
 */
export function createAuthRateLimiter(options: AuthRateLimiterOptions = {}): AuthRateLimiter {
  const maxFailures = options.maxFailures ?? AUTH_MAX_FAILURES;
  const windowMs = options.windowMs ?? AUTH_FAILURE_WINDOW_MS;
  const lockoutMs = options.lockoutMs ?? AUTH_LOCKOUT_MS;
  const loopbackFree = options.loopbackFreeFailures ?? AUTH_LOOPBACK_FREE_FAILURES;
  const delayBaseMs = options.delayBaseMs ?? AUTH_DELAY_BASE_MS;
  const delayMaxMs = options.delayMaxMs ?? AUTH_DELAY_MAX_MS;
  const maxKeys = options.maxKeys ?? AUTH_RATE_LIMIT_MAX_KEYS;
  const reportIntervalMs = options.reportIntervalMs ?? AUTH_FAILURE_REPORT_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  let lastReportAt = Number.NEGATIVE_INFINITY;
  let unlogged = 0;

  const isStale = (bucket: Bucket, at: number): boolean =>
    !bucket.pending && bucket.lockedUntil <= at && at - bucket.lastFailureAt > windowMs;

  function evict(at: number, keep: (bucket: Bucket) => boolean): void {
    // Oldest first (Map keeps insertion order, refreshed on every failure).
    for (const [key, bucket] of buckets) {
      if (buckets.size < maxKeys) return;
      if (!keep(bucket)) buckets.delete(key);
    }
  }

  function prune(at: number): void {
    for (const [key, bucket] of buckets) if (isStale(bucket, at)) buckets.delete(key);
    // Still full: forget unlocked keys before locked ones, so a spray of fresh addresses cannot
    // buy a locked-out guesser a clean slate; a waiting check is never forgotten.
    evict(at, (bucket) => bucket.pending || bucket.lockedUntil > at);
    evict(at, (bucket) => bucket.pending);
  }

  function bucketOf(key: string, at: number): Bucket {
    let bucket = buckets.get(key);
    if (bucket && isStale(bucket, at)) {
      buckets.delete(key);
      bucket = undefined;
    }
    if (!bucket) {
      if (buckets.size >= maxKeys) prune(at);
      bucket = { failures: 0, lastFailureAt: at, lockedUntil: 0, nextCheckAt: at, pending: false };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  const lockedFor = (bucket: Bucket, at: number): number => (bucket.lockedUntil > at ? Math.ceil((bucket.lockedUntil - at) / 1000) : 0);

  function report(at: number): AuthFailureVerdict['report'] {
    if (at - lastReportAt < reportIntervalMs) {
      unlogged += 1;
      return undefined;
    }
    const verdict = { unlogged };
    lastReportAt = at;
    unlogged = 0;
    return verdict;
  }

  return {
    reserve(client) {
      const at = now();
      const bucket = bucketOf(client.key, at);
      if (bucket.pending) {
        return { busy: true, retryAfterSeconds: Math.max(1, Math.ceil((bucket.nextCheckAt - at) / 1000)), failures: bucket.failures };
      }
      bucket.pending = true;
      return { busy: false, delayMs: Math.max(0, bucket.nextCheckAt - at) };
    },
    settle(client, outcome) {
      const at = now();
      const bucket = bucketOf(client.key, at);
      bucket.pending = false;
      const free = client.loopback ? loopbackFree : maxFailures;
      if (outcome !== 'failure') {
        // A key that never failed is not worth remembering (every valid request passes through here).
        if (bucket.failures === 0) buckets.delete(client.key);
        return { failures: bucket.failures, retryAfterSeconds: 0, nextDelayMs: Math.max(0, bucket.nextCheckAt - at), report: undefined };
      }
      const alreadyLocked = lockedFor(bucket, at) > 0;
      bucket.failures += 1;
      bucket.lastFailureAt = at;
      if (!client.loopback && bucket.failures >= maxFailures) bucket.lockedUntil = at + lockoutMs;
      const nextDelayMs = resolveAuthFailureDelayMs(bucket.failures + 1, free, delayBaseMs, delayMaxMs);
      bucket.nextCheckAt = at + nextDelayMs;
      // Re-inserted so the Map's order stays "least recently failed first" for pruning.
      buckets.delete(client.key);
      buckets.set(client.key, bucket);
      return { failures: bucket.failures, retryAfterSeconds: alreadyLocked ? lockedFor(bucket, at) : 0, nextDelayMs, report: report(at) };
    },
    size: () => buckets.size,
  };
}

/**
 * Runs `answer` now, or after `delayMs`. The timer is unref'd: a waiting check must not keep a
 * stopping gateway alive (its socket is closed by then anyway).
 */
export function answerAfter(delayMs: number, answer: () => void): void {
  if (delayMs <= 0) {
    answer();
    return;
  }
  setTimeout(answer, delayMs).unref();
}

/** What a locked-out client is told, over HTTP and WS alike. */
export function rateLimitedMessage(retryAfterSeconds: number, failures: number): string {
  return `Too many failed authentication attempts (${failures} in the last minute); retry after ${retryAfterSeconds} s`;
}

/** What a paced credential check came to: not run (busy, or the client left while it waited), passed, or failed. */
export type PacedCheckOutcome =
  | { kind: 'busy'; retryAfterSeconds: number; failures: number }
  | { kind: 'abandoned' }
  | { kind: 'passed' }
  | { kind: 'failed'; verdict: AuthFailureVerdict };

export interface PacedCheck {
  /** False once the client went away; its check is then skipped, but its turn is still used up. */
  isOpen(): boolean;
  /** Compares the presented credentials; true when they are valid. */
  check(): boolean;
  done(outcome: PacedCheckOutcome): void;
}

/**
 * Runs one credential comparison no sooner than the limiter allows for `client`: the wait comes
 * before the comparison, so a guesser learns nothing earlier by closing the socket, and a second
 * attempt while one waits is refused unchecked.
 */
export function runPacedCheck(limiter: AuthRateLimiter, client: RateLimitClient, paced: PacedCheck): void {
  const reservation = limiter.reserve(client);
  if (reservation.busy) {
    paced.done({ kind: 'busy', retryAfterSeconds: reservation.retryAfterSeconds, failures: reservation.failures });
    return;
  }
  answerAfter(reservation.delayMs, () => {
    if (!paced.isOpen()) {
      limiter.settle(client, 'abandoned');
      paced.done({ kind: 'abandoned' });
      return;
    }
    const ok = paced.check();
    const verdict = limiter.settle(client, ok ? 'success' : 'failure');
    paced.done(ok ? { kind: 'passed' } : { kind: 'failed', verdict });
  });
}

/** What a client is told when its attempt is not checked because another one from its address still waits its turn. */
export function busyMessage(retryAfterSeconds: number, failures: number): string {
  return `Another authentication attempt from your address is still waiting its turn (${failures} failed recently); retry after ${retryAfterSeconds} s`;
}
