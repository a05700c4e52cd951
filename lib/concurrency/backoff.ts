/** Exponential backoff with full jitter, capped at 5 s: attempt 1 waits up to 2×base, attempt 2 up to 4×base, … */
export function backoffDelay(attempt: number, baseMs = 50): number {
  return Math.random() * Math.min(5000, baseMs * 2 ** attempt);
}
