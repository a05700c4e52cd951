/** The verdict on one request against one rate-limit key. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Requests still allowed in the current window after this one; never negative. */
  remaining: number;
  /** Whole seconds until the window frees at least one slot (>= 0). */
  resetSeconds: number;
  /** Only when refused: whole seconds (>= 1) before a retry can succeed. */
  retryAfterSeconds?: number;
}

/** One request to count: at most `limit` requests per `key` in any `windowMs` span. */
export interface RateLimitRequest {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * A sliding-window log limiter: at most `limit` requests pass in any window of
 * `windowMs`, and refused requests are not recorded, so hammering a closed limit
 * does not extend the block.
 */
export interface RateLimiter {
  consume(input: RateLimitRequest): Promise<RateLimitDecision>;
  /** What `consume` would decide now, recording nothing: for limits counted only on failure. */
  peek(input: RateLimitRequest): Promise<RateLimitDecision>;
  /** Forgets every request recorded under `key`, e.g. a user's failed sign-ins once one succeeds. */
  reset(key: string): Promise<void>;
}

/**
 * The IETF RateLimit headers for a decision, plus Retry-After when it was
 * refused: RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset and
 * RateLimit-Policy (`<limit>;w=<windowSeconds>`).
 */
export function rateLimitHeaders(decision: RateLimitDecision, windowMs: number): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
    // Whole seconds, rounded up so a sub-second window never advertises w=0.
    "RateLimit-Policy": `${decision.limit};w=${Math.max(1, Math.ceil(windowMs / 1000))}`,
  };
  if (!decision.allowed) {
    headers["Retry-After"] = String(decision.retryAfterSeconds ?? Math.max(1, decision.resetSeconds));
  }
  return headers;
}

/**
 * Turns the state of one window log into a decision, so every implementation
 * reports the same fields the same way.
 *
 * @param count requests in the window after this one was (or was not) recorded
 * @param msUntilSlotFrees time until the oldest recorded request leaves the window (0 when none)
 */
export function toRateLimitDecision(input: { allowed: boolean; limit: number; count: number; msUntilSlotFrees: number }): RateLimitDecision {
  const resetSeconds = Math.max(0, Math.ceil(input.msUntilSlotFrees / 1000));
  const decision: RateLimitDecision = {
    allowed: input.allowed,
    limit: input.limit,
    remaining: Math.max(0, input.limit - input.count),
    resetSeconds,
  };
  // A client told "retry in 0 s" would retry at once and be refused again.
  if (!input.allowed) decision.retryAfterSeconds = Math.max(1, resetSeconds);
  return decision;
}

/** A limit of 0 or a fractional window is a configuration bug: fail loudly rather than let everything through. */
export function assertRateLimitRequest(input: RateLimitRequest): void {
  if (!Number.isInteger(input.limit) || input.limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${input.limit}`);
  if (!Number.isInteger(input.windowMs) || input.windowMs < 1) throw new RangeError(`rate-limit window must be a positive integer of ms, got ${input.windowMs}`);
}
