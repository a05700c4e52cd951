import { assertRateLimitRequest, toRateLimitDecision, type RateLimitDecision, type RateLimiter, type RateLimitRequest } from "@/lib/ratelimit/rate-limiter";

interface WindowLog {
  /** Times of the recorded requests, oldest first (monotonic clock, ms). */
  times: number[];
  windowMs: number;
}

/** How often, at most, a consume also walks every key to drop the idle ones. */
const SWEEP_INTERVAL_MS = 10_000;

/**
 * The embedded shape's limiter (no REDIS_URL): the same sliding-window log as the
 * Redis one, held in this process. Memory stays bounded: a key's log never holds
 * more than `limit` entries, and keys whose window has emptied are swept on use.
 * Each instance is its own set of counters, so build one per process and share it.
 */
export function createInProcessRateLimiter(): RateLimiter {
  const logs = new Map<string, WindowLog>();
  let lastSweep = performance.now();

  function sweep(now: number): void {
    for (const [key, log] of logs) {
      const newest = log.times.at(-1);
      if (newest === undefined || newest <= now - log.windowMs) logs.delete(key);
    }
    lastSweep = now;
  }

  async function decide(input: RateLimitRequest, shouldRecord: boolean): Promise<RateLimitDecision> {
    assertRateLimitRequest(input);
    const { key, limit, windowMs } = input;
    // Monotonic, so a wall-clock step cannot open or close every window at once.
    const now = performance.now();
    if (now - lastSweep >= SWEEP_INTERVAL_MS) sweep(now);

    const log = logs.get(key) ?? { times: [], windowMs };
    log.windowMs = windowMs;
    dropExpired(log.times, now - windowMs);
    const allowed = log.times.length < limit;
    if (allowed && shouldRecord) log.times.push(now);
    if (log.times.length > 0) logs.set(key, log);
    else logs.delete(key);

    const oldest = log.times[0];
    return toRateLimitDecision({
      allowed,
      limit,
      count: log.times.length,
      msUntilSlotFrees: oldest === undefined ? 0 : oldest + windowMs - now,
    });
  }

  return {
    consume: (input) => decide(input, true),
    peek: (input) => decide(input, false),
    async reset(key) {
      logs.delete(key);
    },
  };
}

/** Removes the entries at or before `cutoff`; the window is (now - W, now]. */
function dropExpired(times: number[], cutoff: number): void {
  const firstLive = times.findIndex((time) => time > cutoff);
  times.splice(0, firstLive === -1 ? times.length : firstLive);
}
