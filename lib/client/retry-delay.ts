/** How a client backs off between attempts. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff; doubles with each further attempt. */
  baseDelayMs: number;
  /** No wait is longer than this, whatever Retry-After asks for. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 30_000 };

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first retry): the server's
 * Retry-After when it sent one, else exponential backoff with full jitter;
 * bounded by the policy either way.
 */
export function retryDelayMs(input: { retry: number; retryAfter?: string | null; policy: RetryPolicy; random?: () => number }): number {
  const asked = parseRetryAfter(input.retryAfter ?? null);
  if (asked !== undefined) return Math.min(asked, input.policy.maxDelayMs);
  const ceiling = Math.min(input.policy.maxDelayMs, input.policy.baseDelayMs * 2 ** (input.retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * (input.random ?? Math.random)());
}
