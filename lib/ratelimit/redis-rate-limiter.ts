import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { z } from "zod";
import { runRedisCommand } from "@/lib/redis/run-redis-command";
import { assertRateLimitRequest, toRateLimitDecision, type RateLimitDecision, type RateLimiter, type RateLimitRequest } from "@/lib/ratelimit/rate-limiter";

/**
 * Sliding-window log on one sorted set per key, atomic because it is one script.
 * KEYS[1] the log; ARGV[1] limit, ARGV[2] window in ms, ARGV[3] a random suffix,
 * ARGV[4] "1" to record an allowed request ("0" only looks).
 * Scores are Redis server time in microseconds, so web processes with skewed
 * clocks share one timeline. A refused request is not added, so it cannot extend
 * the block. Returns { allowed (0|1), count after this request, ms until the
 * oldest entry leaves the window (0 when empty) }.
 */
const SLIDING_WINDOW_SCRIPT = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_us = tonumber(ARGV[2]) * 1000
local time = redis.call('TIME')
local now_us = tonumber(time[1]) * 1000000 + tonumber(time[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now_us - window_us)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  allowed = 1
end
if allowed == 1 and ARGV[4] == '1' then
  redis.call('ZADD', key, now_us, time[1] .. '.' .. time[2] .. ':' .. ARGV[3])
  redis.call('PEXPIRE', key, ARGV[2])
  count = count + 1
end
local until_free_ms = 0
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
if oldest[2] then
  until_free_ms = math.ceil((tonumber(oldest[2]) + window_us - now_us) / 1000)
end
return { allowed, count, until_free_ms }
`;

const SCRIPT_SHA = createHash("sha1").update(SLIDING_WINDOW_SCRIPT).digest("hex");
const ScriptReply = z.tuple([z.number(), z.number(), z.number()]);

/**
 * The distributed limiter: one atomic Lua script per request on the shared
 * connection, keyed `${prefix}${key}`. While Redis is unreachable it refuses by
 * throwing `dependency_unavailable` (503) within about 2 s, never lets a request
 * through unchecked and never hangs.
 */
export function createRedisRateLimiter(redis: Redis, options: { prefix: string }): RateLimiter {
  async function decide(input: RateLimitRequest, shouldRecord: boolean): Promise<RateLimitDecision> {
    assertRateLimitRequest(input);
    const { key, limit, windowMs } = input;
    // Two requests in the same microsecond still get distinct members.
    const args = [`${options.prefix}${key}`, limit, windowMs, randomBytes(8).toString("hex"), shouldRecord ? "1" : "0"] as const;
    const reply = await runRedisCommand(redis, "Rate limiting is unavailable.", async () => {
      try {
        return await redis.evalsha(SCRIPT_SHA, 1, ...args);
      } catch (error) {
        // First use on this server (or after a SCRIPT FLUSH): send the body once.
        if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
        return await redis.eval(SLIDING_WINDOW_SCRIPT, 1, ...args);
      }
    });
    const [allowed, count, msUntilSlotFrees] = ScriptReply.parse(reply);
    return toRateLimitDecision({ allowed: allowed === 1, limit, count, msUntilSlotFrees });
  }

  return {
    consume: (input) => decide(input, true),
    peek: (input) => decide(input, false),
    async reset(key) {
      await runRedisCommand(redis, "Rate limiting is unavailable.", () => redis.del(`${options.prefix}${key}`));
    },
  };
}
